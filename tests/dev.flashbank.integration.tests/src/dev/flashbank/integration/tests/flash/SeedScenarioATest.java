package dev.flashbank.integration.tests.flash;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;
import static dev.flashbank.integration.tests.SeedScenarioA.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.family.stm32f7.Stm32F7Registers;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.family.Severity;
import dev.flashbank.family.stm32f7.flash.FlashErrorFlag;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.ops.InactiveBankUpdater;
import dev.flashbank.core.flash.VerifyResult;
import dev.flashbank.sim.BoardOptions;

/**
 * Seed scenario A (issue 4; AN4826 dual bank mode): an STM32F767ZI in dual-bank mode running from bank 2 with SWP_FB =
 * 1. The naive update "bank erase FLASH_BANK_1, program 48 bytes at 0x08000000, verify" reports no flash error, fails
 * verification, leaves physical bank 1 all 0xFF and physical bank 2 = old AND new. The driver's inactive-bank update
 * succeeds from either bank.
 */
class SeedScenarioATest {

    /** Board in dual-bank mode with an image in each physical bank, programmed while SWP_FB = 0. */
    static SimBench boardWithTwoImages(BoardOptions options) throws Exception {
        SimBench b = new SimBench(PART, options.withOptionBytes(dualBank()));
        assertThat(b.driver.geometry().mode()).isEqualTo(BankMode.DUAL);
        b.driver.programAndVerify(0x0800_0000L, IMAGE_BANK1, FlashProgress.NONE);
        b.driver.programAndVerify(BANK2_WINDOW, OLD_BANK2, FlashProgress.NONE);
        assertThat(b.board.readCells(2, 0, OLD_BANK2.length)).isEqualTo(OLD_BANK2);
        return b;
    }

    static int halBankErase1(SimBench b) throws Exception {
        return naiveHalBankErase1(b.board.descriptor().registers(), b.probe.memory(), b.probe::elapse);
    }

    @Test
    void theNaiveUpdateFromBank2ReportsNoErrorButCorruptsTheRunningBankAndLeavesBank1Erased() throws Exception {
        SimBench b = boardWithTwoImages(BoardOptions.defaults());
        b.board.setSwpFbAsFirmware(true); // the application runs from bank 2, mapped at 0x08000000
        assertThat(b.driver.readSwpFb()).isTrue();

        int srAfterErase = halBankErase1(b);
        assertThat(FlashErrorFlag.decode(srAfterErase, b.board.descriptor().registers())).isEmpty();

        b.driver.program(0x0800_0000L, NEW, FlashProgress.NONE); // no exception: no flash error
        assertThat(FlashErrorFlag.decode(b.driver.readStatus(), b.board.descriptor().registers())).isEmpty();

        VerifyResult v = b.driver.verify(0x0800_0000L, NEW);
        assertThat(v.ok()).isFalse();
        assertThat(v.notErasedHint()).isTrue();
        assertThat(v.describe()).contains("not erased");

        byte[] bank1 = b.board.readCells(1, 0, BANK_SIZE);
        for (byte x : bank1) {
            assertThat(x).isEqualTo((byte) 0xFF);
        }
        byte[] bank2 = b.board.readCells(2, 0, NEW.length);
        for (int i = 0; i < NEW.length; i++) {
            assertThat(bank2[i]).as("byte %d = old AND new", i).isEqualTo((byte) (OLD_BANK2[i] & NEW[i]));
        }
        assertThat(bank2).isNotEqualTo(NEW);

        // the doctor warns about exactly this trap while SWP_FB = 1
        DoctorReport r = new Doctor(InstalledFamilies.families()).examine(b.probe, java.util.List.of());
        assertThat(r.finding(FindingCode.SWAPPED_BANK_ERASE)).hasValueSatisfying(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("PHYSICAL bank 1").contains("0x08100000").contains("old AND new");
        });
        assertThat(r.finding(FindingCode.SWP_FB_VOLATILE)).isPresent();
    }

    @ParameterizedTest(name = "SWP_FB={0}")
    @ValueSource(booleans = { true, false })
    void theInactiveBankUpdateSucceedsFromEitherBank(boolean swpFb) throws Exception {
        SimBench b = boardWithTwoImages(BoardOptions.defaults());
        b.board.setSwpFbAsFirmware(swpFb);
        int running = swpFb ? 2 : 1;
        int inactive = 3 - running;
        byte[] runningBefore = b.board.readCells(running, 0, BANK_SIZE);

        InactiveBankUpdater u = new InactiveBankUpdater(b.driver);
        InactiveBankUpdater.Plan plan = u.plan();
        assertThat(plan.runningBank()).isEqualTo(running);
        assertThat(plan.inactiveBank()).isEqualTo(inactive);
        assertThat(plan.window().start()).isEqualTo(BANK2_WINDOW); // the inactive bank is always the "other" window

        InactiveBankUpdater.Result r = u.update(plan, NEW, 0, FlashProgress.NONE);
        assertThat(r.verify().ok()).isTrue();
        assertThat(r.programmedAddress()).isEqualTo(BANK2_WINDOW);
        assertThat(b.board.readCells(inactive, 0, NEW.length)).isEqualTo(NEW);
        byte[] rest = b.board.readCells(inactive, NEW.length, 4096);
        for (byte x : rest) {
            assertThat(x).isEqualTo((byte) 0xFF); // the whole inactive bank was erased first
        }
        assertThat(b.board.readCells(running, 0, BANK_SIZE)).isEqualTo(runningBefore);
        assertThat(b.driver.verify(BANK2_WINDOW, NEW).ok()).isTrue();
    }

    @Test
    void theUpdateStaysCorrectIfEraseFollowedTheMappingInstead() throws Exception {
        // the UNCONFIRMED rule (bankEraseSelectsPhysicalBank) flipped: the driver asks the model, so it still erases
        // the right bank
        Stm32F7Parameters h7like = Stm32F7Parameters.defaults().toBuilder().bankEraseSelectsPhysicalBank(false).build();
        SimBench b = boardWithTwoImages(BoardOptions.defaults().withParameters(h7like));
        b.board.setSwpFbAsFirmware(true);
        byte[] bank2 = b.board.readCells(2, 0, BANK_SIZE);
        InactiveBankUpdater.Result r = new InactiveBankUpdater(b.driver).update(NEW, 0, FlashProgress.NONE);
        assertThat(r.plan().inactiveBank()).isEqualTo(1);
        assertThat(b.board.readCells(1, 0, NEW.length)).isEqualTo(NEW);
        assertThat(b.board.readCells(2, 0, BANK_SIZE)).isEqualTo(bank2);
    }

    @Test
    void theProgramCounterOverridesSwpFbForFirmwareBootedFromTheBank2Address() throws Exception {
        SimBench b = boardWithTwoImages(BoardOptions.defaults());
        // firmware linked for 0x08100000 started via BOOT_ADD0 = 0x2040: SWP_FB = 0 but it runs in bank 2
        InactiveBankUpdater.Plan plan = new InactiveBankUpdater(b.driver).plan(OptionalLong.of(0x0810_0400L));
        assertThat(plan.runningBank()).isEqualTo(2);
        assertThat(plan.inactiveBank()).isEqualTo(1);
        assertThat(plan.window().start()).isEqualTo(0x0800_0000L);
        assertThat(plan.describe()).contains("PC 0x08100400");
    }

    @Test
    void streamingAndWordWiseProgramTheSameOnTheSimulator() throws Exception {
        SimBench b = boardWithTwoImages(BoardOptions.defaults());
        byte[] data = bytes(9, 2048);
        b.driver.eraseSector(b.driver.geometry().sector(1));
        b.driver.programAndVerify(0x0800_4000L, data, FlashProgress.NONE);
        Stm32F7Registers regs = b.board.descriptor().registers();
        var wordWise = b.newDriver(dev.flashbank.core.flash.FlashDriverSettings.defaults()
                .withWriteMode(dev.flashbank.core.flash.FlashDriverSettings.WriteMode.WORD_WISE));
        wordWise.eraseSector(b.driver.geometry().sector(2));
        wordWise.programAndVerify(0x0800_8000L, data, FlashProgress.NONE);
        assertThat(b.board.readCells(1, 0x8000, data.length)).isEqualTo(b.board.readCells(1, 0x4000, data.length));
        assertThat(regs.cr().field(LOCK).isSet(b.probe.memory().read32(regs.cr().address()))).isTrue();
    }
}
