package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields.BorLevel;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.ops.OptionCliCommand;

class OptionCliCommandTest {

    private static final OptionBytes FACTORY = OptionBytes.factory(Stm32F7Line.F76X_F77X);
    private static final Stm32F7Descriptor D = Stm32F7Descriptor.of(Stm32F7Line.F76X_F77X);
    private static final Stm32F7Parameters P = Stm32F7Parameters.defaults();

    @Test
    void bootAddressesAreWrittenAsAddressesAndBorByLevel() {
        OptionBytes to = FACTORY.withBorLevel(BorLevel.LEVEL_2).withBootAddress1(0x0810_0000L, 2048);
        assertThat(OptionCliCommand.render(OptionCliCommand.boardArgument("STM32F767ZI", java.nio.file.Path.of("b.fbboard")),
                "STM32F767ZI", D, 2048, FACTORY, to, FACTORY.diff(to, 2048, P)))
                .isEqualTo("flashbank ob set --target sim:STM32F767ZI@b.fbboard BOR_LEV=LEVEL_2 BOOT_ADD1=0x08100000");
    }

    @Test
    void irreversibleChangesCarryTheConfirmationAndOddNamesAreQuoted() {
        OptionBytes to = FACTORY.withRdpLevel(RdpLevel.LEVEL_2);
        assertThat(OptionCliCommand.render(OptionCliCommand.boardArgument("STM32F767ZI",
                java.nio.file.Path.of("my board.fbboard")), "STM32F767ZI", D, 2048, FACTORY, to, FACTORY.diff(to, 2048, P)))
                .isEqualTo("flashbank ob set --target 'sim:STM32F767ZI@my board.fbboard' --confirm STM32F767ZI RDP=level2");
    }

    @Test
    void singleBitsUseTheirReferenceManualNames() {
        OptionBytes to = FACTORY.withBankMode(BankMode.DUAL).withWriteProtection(5, true);
        assertThat(OptionCliCommand.assignments(D, 2048, FACTORY, to)).containsExactly("nWRP2=0", "nDBANK=0");
        assertThat(OptionCliCommand.render(OptionCliCommand.probeArgument("0670FF48"), "STM32F767ZI", D, 2048, FACTORY,
                to, FACTORY.diff(to, 2048, P)))
                .startsWith("flashbank ob set --probe 0670FF48 --erase-all-flash ");
    }

    @Test
    void theBankModeSettingIsNamedInTheFamilysWordsAndAbsentWhereTheModeIsFixed() {
        // what a refused bank update tells a user of a single-bank F76x, from the model (no option name in core.ops)
        OptionCliCommand.BankModeSetting s = OptionCliCommand.BankModeSetting.of(D, 2048, FACTORY, BankMode.DUAL)
                .orElseThrow();
        assertThat(s.now()).isEqualTo("nDBANK = 1");
        assertThat(s.toSet()).isEqualTo("nDBANK=0");
        assertThat(s.shown()).isEqualTo("nDBANK = 0");
        assertThat(OptionCliCommand.BankModeSetting.of(D, 2048, FACTORY.withBankMode(BankMode.DUAL), BankMode.DUAL))
                .as("already dual").isEmpty();
        // a line whose bank mode is fixed (F74x: one bank, no nDBANK) has no such setting
        Stm32F7Descriptor f74 = Stm32F7Descriptor.of(Stm32F7Line.F74X_F75X);
        assertThat(OptionCliCommand.BankModeSetting.of(f74, 1024, OptionBytes.factory(Stm32F7Line.F74X_F75X),
                BankMode.DUAL)).isEmpty();
    }
}
