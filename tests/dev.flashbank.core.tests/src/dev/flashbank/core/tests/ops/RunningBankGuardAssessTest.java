package dev.flashbank.core.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.DeviceRegistry;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.Sector;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.flash.Stm32F7BankSwap;
import dev.flashbank.core.ops.BankSurvey;
import dev.flashbank.core.ops.BankSurvey.BankInfo;
import dev.flashbank.core.ops.BankSurvey.BankState;
import dev.flashbank.core.ops.RunningBankGuard;
import dev.flashbank.core.ops.RunningBankGuard.Addressing;
import dev.flashbank.core.ops.RunningBankGuard.Hazard;
import dev.flashbank.core.ops.RunningBankGuard.Write;

/**
 * The running-bank guard's decision on a survey, without a target: which banks it guards while SWP_FB remaps a dual-bank
 * F767, and that it is silent without a remap, on a single-bank part, and for the bank that is neither running nor
 * booting (the ROM bootloader's dual boot started bank 2 and set SWP_FB).
 */
class RunningBankGuardAssessTest {

    final IdentifiedDevice f767 = new DeviceRegistry(Stm32F7Descriptor.all()).byPartNumber("STM32F767ZI");
    final FlashGeometry dual = ((Stm32F7Descriptor) f767.descriptor()).geometry(f767.flashSizeKiB(), BankMode.DUAL);

    RunningBankGuardAssessTest() throws Exception {
    }

    BankSurvey survey(boolean swpFb, int running, int boot) {
        List<BankInfo> banks = List.of(1, 2).stream().map(b -> new BankInfo(b, dual.bankRange(b, swpFb,
                dev.flashbank.family.stm32f7.Stm32F7Window.AXIM), 0x2008_0000L, 0x0800_0101L, BankState.VALID_IMAGE, 1,
                "valid image")).toList();
        return new BankSurvey(true, Stm32F7BankSwap.bootState(OptionBytes.factory(Stm32F7Line.F76X_F77X)
                .withBankMode(BankMode.DUAL), true, swpFb, false, boot, "boot reason"), banks, OptionalLong.empty(),
                running, "running evidence");
    }

    List<Sector> bank(int b) {
        return dual.bank(b).sectors().subList(0, 2);
    }

    @Test
    void withoutARemapNothingIsGuarded() {
        BankSurvey s = survey(false, 1, 1);
        assertThat(RunningBankGuard.assess(s, dual, "Erase", Write.erase(Addressing.PHYSICAL_NUMBER, bank(1))))
                .isEmpty();
        assertThat(RunningBankGuard.assess(s, dual, "Program", Write.program(Addressing.ADDRESS, bank(1), "a.hex",
                0x0800_0000L))).isEmpty();
    }

    @Test
    void underTheRemapTheRunningAndTheBootBankAreGuardedAndAChosenBootBankIsTheFix() {
        BankSurvey s = survey(true, 2, 1); // seed A
        Hazard boot = RunningBankGuard.assess(s, dual, "Erase", Write.erase(Addressing.PHYSICAL_NUMBER, bank(1)))
                .orElseThrow();
        assertThat(boot.banksHit()).containsExactly(1);
        assertThat(boot.explanation()).contains("visible now at 0x08100000-0x08107FFF and at 0x08000000 after a "
                + "reset").contains("Erased, it leaves the next reset nothing to start");
        Hazard running = RunningBankGuard.assess(s, dual, "Program", Write.program(Addressing.ADDRESS, bank(2),
                "a.hex", 0x0800_0000L)).orElseThrow();
        assertThat(running.banksHit()).containsExactly(2);
        assertThat(running.fixes()).anyMatch(f -> f.endsWith("flashbank program --physical-bank 1 a.hex"));
        // what that fix does: the boot bank named explicitly is not guarded, the running bank still is
        assertThat(RunningBankGuard.assess(s, dual, "Program", Write.program(Addressing.CHOSEN_PHYSICAL_BANK, bank(1),
                "a.hex", 0x0800_0000L))).isEmpty();
        assertThat(RunningBankGuard.assess(s, dual, "Program", Write.program(Addressing.CHOSEN_PHYSICAL_BANK, bank(2),
                "a.hex", 0x0800_0000L))).isPresent();
        // a write over both banks names both
        List<Sector> both = new java.util.ArrayList<>(bank(1));
        both.addAll(bank(2));
        assertThat(RunningBankGuard.assess(s, dual, "Erase", Write.erase(Addressing.PHYSICAL_NUMBER, both))
                .orElseThrow().banksHit()).containsExactly(1, 2);
    }

    @Test
    void theBankThatNeitherRunsNorBootsIsFreeEvenUnderTheRemap() {
        BankSurvey s = survey(true, 2, 2); // dual boot: the ROM bootloader started bank 2 and set SWP_FB
        assertThat(RunningBankGuard.assess(s, dual, "Erase", Write.erase(Addressing.PHYSICAL_NUMBER, bank(1))))
                .isEmpty();
        assertThat(RunningBankGuard.assess(s, dual, "Erase", Write.erase(Addressing.ADDRESS, bank(2))).orElseThrow()
                .explanation()).contains("the RUNNING bank and the bank the next reset STARTS")
                .contains(new AddressRange(0x0800_0000L, 0x8000).toString());
    }

    @Test
    void aSingleBankPartIsNeverGuarded() throws Exception {
        FlashGeometry single = ((Stm32F7Descriptor) f767.descriptor()).geometry(f767.flashSizeKiB(), BankMode.SINGLE);
        BankSurvey s = new BankSurvey(false, Stm32F7BankSwap.bootState(OptionBytes.factory(Stm32F7Line.F76X_F77X),
                false, true, false, 1, ""), List.of(), OptionalLong.empty(), 1, "");
        assertThat(RunningBankGuard.assess(s, single, "Erase", Write.erase(Addressing.PHYSICAL_NUMBER,
                single.bank(1).sectors()))).isEmpty();
    }
}
