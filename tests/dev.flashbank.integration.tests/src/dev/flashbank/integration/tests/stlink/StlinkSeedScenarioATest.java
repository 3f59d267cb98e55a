package dev.flashbank.integration.tests.stlink;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;
import static dev.flashbank.integration.tests.SeedScenarioA.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.family.stm32f7.flash.FlashErrorFlag;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.ops.InactiveBankUpdater;
import dev.flashbank.core.flash.VerifyResult;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.stlink.emulator.EmulatorConfig;

/**
 * Seed scenario A (issue 4; AN4826 dual bank mode) again, end to end through the emulated ST-Link: STM32F767ZI, dual
 * bank, running from bank 2 with SWP_FB = 1. The naive "bank erase FLASH_BANK_1, program 48 bytes at 0x08000000,
 * verify" reports no flash error, fails verification, leaves physical bank 1 erased and bank 2 = old AND new; the
 * inactive-bank update succeeds from either bank. Same driver, same doctor, only the transport differs.
 */
class StlinkSeedScenarioATest {

    static List<EmulatorConfig> probes() {
        return List.of(EmulatorConfig.v2(37), EmulatorConfig.v21(25), EmulatorConfig.v3(7));
    }

    static StlinkBench boardWithTwoImages(EmulatorConfig probe) throws Exception {
        StlinkBench b = new StlinkBench(PART, BoardOptions.defaults()
                .withOptionBytes(dualBank()), probe);
        assertThat(b.driver.geometry().mode()).isEqualTo(BankMode.DUAL);
        b.driver.programAndVerify(0x0800_0000L, IMAGE_BANK1, FlashProgress.NONE);
        b.driver.programAndVerify(BANK2_WINDOW, OLD_BANK2, FlashProgress.NONE);
        assertThat(b.board.readCells(2, 0, OLD_BANK2.length)).isEqualTo(OLD_BANK2);
        return b;
    }

    static int halBankErase1(StlinkBench b) throws Exception {
        return naiveHalBankErase1(b.board.descriptor().registers(), b.target.memory(),
                d -> b.clock.pause(d.toNanos()));
    }

    @ParameterizedTest
    @MethodSource("probes")
    void theNaiveUpdateFromBank2CorruptsTheRunningBankWithoutAnError(EmulatorConfig probe) throws Exception {
        StlinkBench b = boardWithTwoImages(probe);
        b.board.setSwpFbAsFirmware(true);
        assertThat(b.driver.readSwpFb()).isTrue();

        assertThat(FlashErrorFlag.decode(halBankErase1(b), b.board.descriptor().registers())).isEmpty();
        b.driver.program(0x0800_0000L, NEW, FlashProgress.NONE);
        assertThat(FlashErrorFlag.decode(b.driver.readStatus(), b.board.descriptor().registers())).isEmpty();

        VerifyResult v = b.driver.verify(0x0800_0000L, NEW);
        assertThat(v.ok()).isFalse();
        assertThat(v.notErasedHint()).isTrue();
        for (byte x : b.board.readCells(1, 0, BANK_SIZE)) {
            assertThat(x).isEqualTo((byte) 0xFF);
        }
        byte[] bank2 = b.board.readCells(2, 0, NEW.length);
        for (int i = 0; i < NEW.length; i++) {
            assertThat(bank2[i]).as("byte %d = old AND new", i).isEqualTo((byte) (OLD_BANK2[i] & NEW[i]));
        }

        DoctorReport r = new Doctor(InstalledFamilies.families()).examine(b.target, List.of());
        assertThat(r.finding(FindingCode.SWAPPED_BANK_ERASE)).hasValueSatisfying(
                f -> assertThat(f.message()).contains("PHYSICAL bank 1").contains("old AND new"));
        assertThat(b.emulator.violations()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("probes")
    void theInactiveBankUpdateSucceedsFromEitherBank(EmulatorConfig probe) throws Exception {
        for (boolean swpFb : new boolean[] { true, false }) {
            StlinkBench b = boardWithTwoImages(probe);
            b.board.setSwpFbAsFirmware(swpFb);
            int running = swpFb ? 2 : 1;
            int inactive = 3 - running;
            byte[] runningBefore = b.board.readCells(running, 0, BANK_SIZE);

            InactiveBankUpdater u = new InactiveBankUpdater(b.driver);
            InactiveBankUpdater.Plan plan = u.plan();
            assertThat(plan.inactiveBank()).isEqualTo(inactive);
            InactiveBankUpdater.Result r = u.update(plan, NEW, 0, FlashProgress.NONE);
            assertThat(r.verify().ok()).isTrue();
            assertThat(b.board.readCells(inactive, 0, NEW.length)).isEqualTo(NEW);
            assertThat(b.board.readCells(running, 0, BANK_SIZE)).isEqualTo(runningBefore);
            assertThat(b.emulator.violations()).isEmpty();
            b.target.close();
        }
    }
}
