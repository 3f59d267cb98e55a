package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.RiskClass;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields.BorLevel;
import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.core.ops.OptionCliCommand;
import dev.flashbank.core.ops.StoredConfirmation;

/**
 * Issue 14 item 5: option values are read strictly, by the one parser of the device model ({@code OptionField.parse}
 * through {@code OptionCliCommand.apply}); item 4: the one confirmation rule ({@link Confirmation}).
 */
class StrictOptionValuesTest {

    static final OptionBytes F767 = OptionBytes.factory(Stm32F7Line.F76X_F77X);
    static final Stm32F7Parameters P = Stm32F7Parameters.defaults();

    static final Stm32F7Descriptor D = Stm32F7Descriptor.of(Stm32F7Line.F76X_F77X);

    static OptionBytes apply(boolean raw, String... assignments) {
        return (OptionBytes) OptionCliCommand.apply(F767, D, 2048, List.of(assignments), raw);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("RDP=level0", 0xAA), Arguments.of("RDP=LEVEL1", 0x55), Arguments.of("RDP=level 2", 0xCC),
                Arguments.of("RDP=0xAA", 0xAA), Arguments.of("RDP=0xcc", 0xCC), Arguments.of("rdp=170", 0xAA));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void rdpTakesLevelsAndTheTwoExactBytes(String assignment, int rdp) {
        assertThat(apply(false, assignment).rdp()).isEqualTo(rdp);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("RDP=0", "Did you mean 0xAA (level 0)?"),
                Arguments.of("RDP=0x12", "(0x12 too) as level 1"),
                Arguments.of("RDP=0x55", "--raw"),
                Arguments.of("RDP=0xFF", "--raw"),
                Arguments.of("RDP=level3", "'level3' is not a level: write level0, level1 or level2"),
                Arguments.of("RDP=", "no value given"),
                Arguments.of("BOR_LEV=1", "'1' is ambiguous: as the encoding 0b01 it would mean LEVEL_2"),
                Arguments.of("BOR_LEV=3", "would mean OFF"),
                Arguments.of("BOR_LEV=7", "is ambiguous; write the name"),
                Arguments.of("BOR_LEV=LEVEL_4", "takes one of LEVEL_3 (0b00), LEVEL_2 (0b01), LEVEL_1 (0b10), OFF (0b11)"),
                Arguments.of("BOR_LEV=0b011", "takes one of"),
                Arguments.of("nWRP3=01", "write 0 or 1"),
                Arguments.of("nWRP3=0x0", "write 0 or 1"),
                Arguments.of("BOOT_ADD0=0x2000", "takes the ADDRESS: the option value 0x2000 would be the address 0x08000000"),
                Arguments.of("NOPE=1", "no such option byte"),
                Arguments.of("BOR_LEV", "is not NAME=VALUE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void ambiguousOrUnknownValuesAreRefusedWithWhatIsAccepted(String assignment, String says) {
        assertThatThrownBy(() -> apply(false, assignment)).isInstanceOf(InvalidOptionValueException.class)
                .hasMessageContaining(says);
    }

    @Test
    void rawBytesOnlyWhenAskedFor() {
        assertThat(apply(true, "RDP=0x12").rdp()).isEqualTo(0x12);
        assertThat(apply(true, "RDP=0x55").rdp()).isEqualTo(0x55);
        assertThatThrownBy(() -> apply(true, "RDP=0x100")).hasMessageContaining("does not fit");
    }

    @Test
    void enumeratedFieldsTakeNamesOrTheExactEncoding() {
        assertThat(apply(false, "BOR_LEV=level_1").borLevel()).isEqualTo(BorLevel.LEVEL_1);
        assertThat(apply(false, "BOR_LEV=0b10").borLevel()).isEqualTo(BorLevel.LEVEL_1);
        assertThat(apply(false, "BOR_LEV=0b01").borLevel()).isEqualTo(BorLevel.LEVEL_2);
    }

    @Test
    void aFieldGivenTwiceIsRefusedWhateverTheCaseOrValue() {
        assertThatThrownBy(() -> apply(false, "BOR_LEV=OFF", "bor_lev=OFF")).hasMessageContaining("given twice")
                .hasMessageContaining("'BOR_LEV=OFF' and 'bor_lev=OFF'");
        assertThatThrownBy(() -> apply(false, "nWRP3=0", "nWRP3=1")).hasMessageContaining("given twice");
    }

    @Test
    void laterAssignmentsSeeTheBankModeOfEarlierOnes() {
        OptionBytes o = apply(false, "nDBANK=0", "BOOT_ADD1=0x08100000");
        assertThat(o.bankMode()).isEqualTo(BankMode.DUAL);
        assertThat(o.bootAddress1()).isEqualTo(0x0810_0000L);
    }

    @Test
    void theCopiedCommandReadsBackToTheSameOptions() {
        OptionBytes to = F767.withBankMode(BankMode.DUAL).withBorLevel(BorLevel.OFF).withRdp(0x12)
                .withWriteProtection(5, true).withBootAddress1(0x0810_0000L, 2048);
        List<String> a = OptionCliCommand.assignments(D, 2048, F767, to);
        assertThat(OptionCliCommand.apply(F767, D, 2048, a, true)).isEqualTo(to);
        String command = OptionCliCommand.render("--probe X", "STM32F767ZI", D, 2048, F767, to, F767.diff(to, 2048, P));
        assertThat(command).contains("--erase-all-flash").contains("--raw").contains("RDP=0x12");
        assertThat(OptionCliCommand.render("--probe X", "STM32F767ZI", D, 2048, F767, F767.withRdp(0x55),
                F767.diff(F767.withRdp(0x55), 2048, P)))
                .endsWith("RDP=level1").doesNotContain("--raw").doesNotContain("--erase-all-flash");
    }

    @Test
    void eachRiskClassNeedsItsOwnConfirmation() {
        List<OptionChange> both = F767.withRdp(0x55).diff(F767.withRdp(0x55).withBankMode(BankMode.DUAL).withRdp(0xCC));
        assertThat(Confirmation.required(both)).containsExactly(RiskClass.ERASES_FLASH, RiskClass.IRREVERSIBLE);
        assertThat(Confirmation.NONE.missing("STM32F767ZI", both)).containsExactly(RiskClass.ERASES_FLASH,
                RiskClass.IRREVERSIBLE);
        assertThat(Confirmation.of(true, null).missing("STM32F767ZI", both)).containsExactly(RiskClass.IRREVERSIBLE);
        assertThat(Confirmation.of(false, "STM32F767ZI").missing("STM32F767ZI", both))
                .containsExactly(RiskClass.ERASES_FLASH);
        assertThat(Confirmation.of(true, "stm32f767zi").missing("STM32F767ZI", both))
                .containsExactly(RiskClass.IRREVERSIBLE);
        assertThat(Confirmation.of(true, "STM32F767ZI").missing("STM32F767ZI", both)).isEmpty();
        List<OptionChange> safe = F767.diff(F767.withBorLevel(BorLevel.LEVEL_1));
        assertThat(Confirmation.NONE.missing("STM32F767ZI", safe)).isEmpty();
        assertThat(Confirmation.cliFlags(Set.of(RiskClass.ERASES_FLASH, RiskClass.IRREVERSIBLE), "STM32F767ZI"))
                .isEqualTo("--erase-all-flash --confirm STM32F767ZI");
    }

    @Test
    void storedConfirmationKeysAreRecognisedWhateverTheirSpelling() {
        for (String k : List.of("confirm", "Confirm-Part", "dev.flashbank.launch.options.confirmPart", "erase_all_flash",
                "eraseAllFlash")) {
            assertThat(StoredConfirmation.isConfirmationKey(k)).as(k).isTrue();
        }
        for (String k : List.of("part", "note", "OPTCR", "dev.flashbank.launch.options.profile")) {
            assertThat(StoredConfirmation.isConfirmationKey(k)).as(k).isFalse();
        }
    }
}
