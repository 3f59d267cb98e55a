package dev.flashbank.family.pageflash.tests.sim;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashTimings;
import dev.flashbank.family.pageflash.sim.DoubleWordArray;
import dev.flashbank.sim.InterruptedOperation;
import dev.flashbank.sim.bus.BusResult;

/**
 * The simulated page-flash controller's identification, double-word programming with ECC (RM0440 §3.3.7: PROGERR
 * on a programmed double word unless all zeros are written, SIZERR, PGAERR, PGSERR), fast row programming (FASTERR),
 * the key sequence, busy times from the line's timing table and a program cut by a power loss (an ECC error on every
 * read of the torn double word).
 */
class PageFlashProgrammingTest {

    static final long FLASH = PageFlashLine.MAIN_FLASH;

    @ParameterizedTest
    @CsvSource({ "STM32G474RE, 0x469, 512", "STM32L476RG, 0x415, 1024", "STM32G0B1RE, 0x467, 512" })
    void identifiesAsItsLineAtTheLinesIdcodeAddress(String part, String devId, int kib) throws Exception {
        SimRegs s = SimRegs.of(part);
        long idcodeAddress = s.board.descriptor().idcodeAddress();
        assertThat(idcodeAddress).isEqualTo(s.board.line().series().debugBase());
        assertThat(s.r(idcodeAddress) & 0xFFF).isEqualTo(Integer.decode(devId).longValue());
        assertThat(s.r(PageFlashLine.FLASH_SIZE_REGISTER) & 0xFFFF).isEqualTo(kib);
        byte[] uid = s.board.uniqueId();
        long word0 = (uid[0] & 0xFF) | (uid[1] & 0xFF) << 8 | (uid[2] & 0xFF) << 16 | (long) (uid[3] & 0xFF) << 24;
        assertThat(s.r(PageFlashLine.UNIQUE_ID)).isEqualTo(word0);
        assertThat(s.r(s.regs.cr().address())).as("CR reset: LOCK | OPTLOCK").isEqualTo(0xC000_0000L);
        assertThat(s.board.physicalArrays()).isEqualTo(2);
    }

    @Test
    void aProgrammedDoubleWordTakesOnlyAllZeros() throws Exception {
        SimRegs s = SimRegs.of("STM32G474RE");
        s.unlock();
        long a = FLASH + 0x100;
        assertThat(s.program(a, 0x1122_3344_5566_7788L)).isZero();
        assertThat(s.r(a)).isEqualTo(0x5566_7788L);
        assertThat(s.r(a + 4)).isEqualTo(0x1122_3344L);
        assertThat(s.board.eccState(1, 0x100)).isEqualTo(DoubleWordArray.State.PROGRAMMED);

        // clearing more bits would be fine for NOR cells, not for the ECC: refused, the cells keep their value
        assertThat(s.program(a, 0x1122_3344_5566_7700L)).isEqualTo(s.flag(PROGERR) | s.flag(PGSERR));
        assertThat(s.r(a)).isEqualTo(0x5566_7788L);
        s.clearErrors();

        // all zeros is the one overwrite the controller allows
        assertThat(s.program(a, 0)).isZero();
        assertThat(s.r(a)).isZero();
        assertThat(s.r(a + 4)).isZero();
        assertThat(s.board.eccState(1, 0x100)).isEqualTo(DoubleWordArray.State.ZEROED);
        assertThat(s.program(a, 0)).isZero();
        assertThat(s.program(a, 1)).isEqualTo(s.flag(PROGERR) | s.flag(PGSERR));
    }

    @Test
    void sizeAlignmentAndSequenceErrorsAndPendingErrorsBlockFurtherProgramming() throws Exception {
        SimRegs s = SimRegs.of("STM32L476RG");
        s.unlock();
        // a flash write without PG: PGSERR, no bus error, nothing written
        assertThat(s.w(FLASH, 0)).isInstanceOf(BusResult.Ok.class);
        assertThat(s.errors()).isEqualTo(s.flag(PGSERR));
        s.clearErrors();

        s.setCr(s.cr(PG));
        assertThat(s.bus.write(FLASH, AccessWidth.HALFWORD, 0x1234)).isInstanceOf(BusResult.Ok.class);
        assertThat(s.errors()).isEqualTo(s.flag(SIZERR) | s.flag(PGSERR));
        s.clearErrors();

        s.w(FLASH + 4, 0x1234); // first word of a double word must be 8-byte aligned
        assertThat(s.errors()).isEqualTo(s.flag(PGAERR) | s.flag(PGSERR));

        // with the errors still pending a correct double word is refused (PGSERR) and not programmed
        s.w(FLASH + 8, 0xAAAA_5555L);
        s.w(FLASH + 12, 0x5555_AAAAL);
        assertThat(s.r(FLASH + 8)).isEqualTo(0xFFFF_FFFFL);
        s.clearErrors();
        s.w(FLASH + 8, 0xAAAA_5555L);
        s.w(FLASH + 12, 0x5555_AAAAL);
        s.waitIdle();
        assertThat(s.errors()).isZero();
        assertThat(s.r(FLASH + 8)).isEqualTo(0xAAAA_5555L);
    }

    @Test
    void programAndEraseTakeTheLinesTimesOnTheVirtualClock() throws Exception {
        SimRegs s = SimRegs.of("STM32G474RE");
        FlashTimings t = PageFlashTimings.of(PageFlashLine.G47X_G48X);
        s.unlock();
        s.setCr(s.cr(PG));
        s.w(FLASH, 1);
        long t0 = s.board.clock().nanos();
        s.w(FLASH + 4, 2);
        assertThat(s.sr() & s.flag(BSY)).as("BSY right after the second word").isNotZero();
        s.waitIdle();
        assertThat(s.board.clock().nanos() - t0).isGreaterThanOrEqualTo(
                t.programUnitMicros(Parallelism.X64, FlashTimings.Bound.TYPICAL) * 1000);
        s.setCr(0);

        long t1 = s.board.clock().nanos();
        assertThat(s.erasePage(1, 0)).isZero();
        assertThat(s.board.clock().nanos() - t1).isGreaterThanOrEqualTo(
                t.sectorEraseMicros(2048, Parallelism.X64, FlashTimings.Bound.TYPICAL) * 1000);
        assertThat(s.r(FLASH)).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void fastProgrammingNeedsARowOfTheLastErasedPage() throws Exception {
        SimRegs s = SimRegs.of("STM32G474RE");
        s.unlock();
        assertThat(s.erasePage(1, 5)).isZero();
        int words = 2 * s.board.line().fastRowDoubleWords();
        long row = FLASH + 5 * 2048;
        s.setCr(s.cr(FSTPG));
        for (int i = 0; i < words; i++) {
            s.w(row + 4L * i, 0xA500_0000L | i);
        }
        s.waitIdle();
        s.setCr(0);
        assertThat(s.errors()).isZero();
        assertThat(s.r(row + 4L * (words - 1))).isEqualTo(0xA500_0000L | (words - 1));

        // page 6 is erased (factory-fresh) but was not erased by the last erase: FASTERR
        long other = FLASH + 6 * 2048;
        s.setCr(s.cr(FSTPG));
        for (int i = 0; i < words; i++) {
            s.w(other + 4L * i, i);
        }
        s.waitIdle();
        s.setCr(0);
        assertThat(s.errors() & (s.flag(FASTERR) | s.flag(PGSERR))).isEqualTo(s.flag(FASTERR) | s.flag(PGSERR));
        assertThat(s.r(other)).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void aProgramCutByPowerLossLeavesATornDoubleWordThatReadsWithAnEccError() throws Exception {
        SimRegs s = SimRegs.of("STM32G474RE");
        s.unlock();
        long a = FLASH + 0x2000;
        s.setCr(s.cr(PG));
        s.w(a, 0);
        s.board.faults().powerLossAt(Duration.ofNanos(s.board.clock().nanos() + 20_000));
        s.w(a + 4, 0);
        s.bus.elapse(Duration.ofMillis(1));
        assertThat(s.board.isPowered()).isFalse();
        assertThat(s.board.faults().lastInterruption()).map(InterruptedOperation::kind)
                .contains(InterruptedOperation.Kind.PROGRAM);
        s.board.powerOn();
        assertThat(s.board.eccState(1, 0x2000)).isEqualTo(DoubleWordArray.State.TORN);
        assertThat(s.read(a)).isInstanceOf(BusResult.Fault.class);
        long eccr = s.r(s.regs.eccr(1).address());
        assertThat(eccr & s.regs.eccr(1).field(ECCD).mask()).isNotZero();
        assertThat(s.regs.eccr(1).field(ADDR_ECC).extract((int) eccr)).isEqualTo(0x2000);
        // erasing the page heals it
        s.unlock();
        assertThat(s.erasePage(1, 4)).isZero();
        assertThat(s.r(a)).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void anOtpDoubleWordIsWrittenOnceNotEvenZerosAfterwardsAndSurvivesTheStateFile() throws Exception {
        SimRegs s = SimRegs.of("STM32G0B1RE");
        long otp = PageFlashLine.OTP_START + 0x10;
        s.unlock();
        assertThat(s.program(otp, 0xFFFF_FFFF_FFFF_FFFEL)).isZero();
        assertThat(s.r(otp)).isEqualTo(0xFFFF_FFFEL);
        assertThat(s.program(otp, 0)).as("one bit at 0: never again, not even zeros")
                .isEqualTo(s.flag(PROGERR) | s.flag(PGSERR));
        assertThat(s.r(otp)).isEqualTo(0xFFFF_FFFEL);
        s.clearErrors();
        // the OTP is outside every erase
        s.setCr(s.cr(MER1, MER2));
        s.setCr(s.cr(MER1, MER2, STRT));
        s.waitIdle();
        assertThat(s.r(otp)).isEqualTo(0xFFFF_FFFEL);

        SimRegs back = new SimRegs(dev.flashbank.family.pageflash.sim.PageFlashSimulatedFamily.INSTANCE
                .restore(s.board.snapshot(), dev.flashbank.sim.BoardOptions.defaults()));
        assertThat(back.r(otp)).isEqualTo(0xFFFF_FFFEL);
        back.unlock();
        assertThat(back.program(otp, 0)).isEqualTo(s.flag(PROGERR) | s.flag(PGSERR));
        back.clearErrors();
        assertThat(back.program(otp + 8, 0x1234)).isZero();
    }

    @Test
    void aWrongKeyLocksTheControlRegisterUntilReset() throws Exception {
        SimRegs s = SimRegs.of("STM32G0B1RE");
        assertThat(s.w(s.regs.keyr().address(), 0x1234_5678)).isInstanceOf(BusResult.Fault.class);
        s.ok(s.regs.cr().address(), 0); // ignored while LOCK
        assertThat(s.w(s.regs.keyr().address(), KEYR_KEYS.key1())).isInstanceOf(BusResult.Fault.class);
        assertThat(s.r(s.regs.cr().address()) & s.cr(LOCK)).isNotZero();
        s.board.reset(dev.flashbank.core.target.ResetKind.HARDWARE);
        s.unlock();
        // LOCK set by software sets OPTLOCK as well
        s.unlockOptions();
        s.setCr(s.cr(LOCK));
        assertThat(s.r(s.regs.cr().address())).isEqualTo(0xC000_0000L);
    }
}
