package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.RiskClass;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7OptionDiff;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields.BorLevel;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;

/** Risk classes and consequence sentences of option-byte changes (RM0410 boot configuration and read protection). */
class OptionDiffTest {

    private static final OptionBytes F767 = OptionBytes.factory(Stm32F7Line.F76X_F77X);
    private static final OptionBytes F722 = OptionBytes.factory(Stm32F7Line.F72X_F73X);

    private static OptionChange only(List<OptionChange> changes) {
        assertThat(changes).hasSize(1);
        return changes.get(0);
    }

    @Test
    void noChangeNoDiff() {
        assertThat(F767.diff(F767)).isEmpty();
        assertThat(Stm32F7OptionDiff.overallRisk(F767.diff(F767))).isEqualTo(RiskClass.SAFE);
    }

    @Test
    void rdpRisks() {
        OptionChange toLevel2 = only(F767.diff(F767.withRdp(0xCC)));
        assertThat(toLevel2.risk()).isEqualTo(RiskClass.IRREVERSIBLE);
        assertThat(toLevel2.consequence()).startsWith("RDP -> level 2: IRREVERSIBLE, debug disabled forever");
        assertThat(only(F767.withRdp(0x55).diff(F767.withRdp(0xCC))).risk()).isEqualTo(RiskClass.IRREVERSIBLE);

        OptionChange regression = only(F767.withRdp(0xFF).diff(F767));
        assertThat(regression.risk()).isEqualTo(RiskClass.ERASES_FLASH);
        assertThat(regression.consequence()).startsWith("RDP level 1->0: the part mass-erases the user flash")
                .contains("sectors 0-11 (2048 KiB, all user flash)");
        assertThat(regression.oldText()).startsWith("0xFF = level 1");
        assertThat(regression.newText()).startsWith("0xAA = level 0");

        OptionChange raise = only(F767.diff(F767.withRdp(0x55)));
        assertThat(raise.risk()).isEqualTo(RiskClass.NEEDS_RESET);
        assertThat(raise.consequence()).contains("mass-erases");

        assertThat(only(F767.withRdp(0xFF).diff(F767.withRdp(0x55))).risk()).isEqualTo(RiskClass.SAFE);
    }

    @Test
    void bankModeChangeErasesLayout() {
        OptionChange c = only(F767.diff(F767.withBankMode(BankMode.DUAL)));
        assertThat(c.option()).isEqualTo("nDBANK");
        assertThat(c.risk()).isEqualTo(RiskClass.ERASES_FLASH);
        assertThat(c.consequence()).startsWith("nDBANK 1->0: re-lays the whole flash at the next reset")
                .contains("must be erased and reprogrammed").contains("the option write itself erases nothing");
        assertThat(only(F767.withBankMode(BankMode.DUAL).diff(F767)).consequence()).startsWith("nDBANK 0->1");
    }

    @Test
    void bootAndProtectionChanges() {
        OptionBytes dual = F767.withBankMode(BankMode.DUAL);
        OptionChange boot = only(dual.diff(dual.withBootAdd0(0x2040)));
        assertThat(boot.risk()).isEqualTo(RiskClass.NEEDS_RESET);
        assertThat(boot.oldText()).isEqualTo("0x00200000: flash bank 1 via ITCM");
        assertThat(boot.newText()).isEqualTo("0x08100000: flash bank 2 via AXIM");
        assertThat(boot.consequence()).contains("BOOT0 = 0").doesNotContain("WARNING");
        assertThat(only(dual.diff(dual.withBootAdd1(0x1000))).consequence()).contains("WARNING: not boot-capable");

        OptionChange nDboot = only(dual.diff(dual.withNDBoot(false)));
        assertThat(nDboot.risk()).isEqualTo(RiskClass.NEEDS_RESET);
        assertThat(nDboot.consequence()).contains("system bootloader");

        OptionChange wrp = only(dual.diff(dual.withWriteProtection(12, true)));
        assertThat(wrp.option()).isEqualTo("nWRP6");
        assertThat(wrp.risk()).isEqualTo(RiskClass.SAFE);
        assertThat(wrp.consequence()).contains("sectors 12 and 13").contains("WRPERR");

        assertThat(only(F767.diff(F767.withBorLevel(BorLevel.LEVEL_3))).risk()).isEqualTo(RiskClass.NEEDS_RESET);
        assertThat(only(F767.diff(F767.withIwdgSw(false))).consequence()).contains("starts at every reset");
    }

    @Test
    void pcropChangesAndRegressionWithPcrop() {
        OptionChange add = only(F722.diff(F722.withPcropProtection(2, true)));
        assertThat(add.option()).isEqualTo("PCROP2");
        assertThat(add.risk()).isEqualTo(RiskClass.NEEDS_RESET);
        OptionBytes protectedPart = F722.withPcropProtection(2, true).withRdp(0x55);
        assertThat(only(F722.withPcropProtection(2, true).diff(F722)).risk()).isEqualTo(RiskClass.ERASES_FLASH);

        List<OptionChange> regressWithErase = protectedPart.diff(protectedPart.withRdp(0xAA).withPcropRdp(true));
        assertThat(Stm32F7OptionDiff.overallRisk(regressWithErase)).isEqualTo(RiskClass.ERASES_FLASH);
        assertThat(regressWithErase.stream().filter(c -> c.option().equals("RDP")).findFirst().orElseThrow()
                .consequence()).contains("PCROP sectors are erased too");
        List<OptionChange> regressKeep = protectedPart.diff(protectedPart.withRdp(0xAA));
        assertThat(only(regressKeep).consequence()).contains("PCROP sectors survive, keeping their content and PCROP: sector 2")
                .contains("sectors 0-1, 3-7");
        // with the opposite polarity parameter the same bits mean the opposite
        Stm32F7Parameters flipped = Stm32F7Parameters.defaults().toBuilder().pcropRdpSetMeansErase(false).build();
        assertThat(only(protectedPart.diff(protectedPart.withRdp(0xAA), 512, flipped)).consequence())
                .contains("PCROP sectors are erased too");
    }

    @Test
    void severalChangesAreListedInRegisterOrderWithTheHighestRisk() {
        OptionBytes target = F767.withBankMode(BankMode.DUAL).withRdp(0xCC).withBootAdd0(0x2040).withWwdgSw(false);
        List<OptionChange> changes = F767.diff(target);
        assertThat(changes).extracting(OptionChange::option).containsExactly("RDP", "WWDG_SW", "nDBANK", "BOOT_ADD0");
        assertThat(Stm32F7OptionDiff.overallRisk(changes)).isEqualTo(RiskClass.IRREVERSIBLE);
        assertThat(changes).allSatisfy(c -> assertThat(c.consequence()).isNotBlank());
    }
}
