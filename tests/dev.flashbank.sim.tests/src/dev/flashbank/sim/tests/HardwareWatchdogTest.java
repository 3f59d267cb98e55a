package dev.flashbank.sim.tests;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.InterruptedOperation.Kind;
import dev.flashbank.sim.ResetCause;
import dev.flashbank.sim.SimParameters;

/**
 * IWDG_SW = 0 starts the independent watchdog in hardware at every reset; a halted core cannot refresh it, so it resets
 * the device unless DBGMCU_APB1_FZ.DBG_IWDG_STOP freezes it (RM0410 FLASH_OPTCR.IWDG_SW, DBGMCU_APB1_FZ).
 */
class HardwareWatchdogTest {

    private static final Duration LONGER_THAN_TIMEOUT = Duration.ofMillis(600);

    private static Fx hardwareWatchdog(BoardOptions o) throws Exception {
        Fx fx = Fx.of("STM32F767ZI", o);
        fx.programWords(0x0800_0000L, 0x2008_0000, 0x0800_0401); // a valid image
        fx.programWords(0x0800_0400L, 0xE7FE_E7FE); // that spins at its reset handler (b .)
        fx.programOptions(fx.board.storedOptions().withIwdgSw(false));
        fx.probe.core().reset(ResetKind.SYSTEM);
        return fx;
    }

    @Test
    void softwareWatchdogNeverFires() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.probe.core().halt();
        fx.elapse(Duration.ofSeconds(10));
        assertThat(fx.board.lastResetCause()).isEqualTo(ResetCause.POWER_ON);
    }

    @Test
    void aHaltedCoreIsResetByTheHardwareWatchdog() throws Exception {
        Fx fx = hardwareWatchdog(BoardOptions.defaults());
        fx.probe.core().halt();
        fx.elapse(LONGER_THAN_TIMEOUT);
        assertThat(fx.board.lastResetCause()).isEqualTo(ResetCause.INDEPENDENT_WATCHDOG);
        assertThat(fx.probe.core().isHalted()).as("C_HALT survives, so the core halts again").isTrue();
    }

    @Test
    void dbgIwdgStopFreezesItWhileHalted() throws Exception {
        Fx fx = hardwareWatchdog(BoardOptions.defaults());
        long fz = fx.r.apb1Fz().address();
        fx.mem.write32(fz, fx.r.apb1Fz().field(DBG_IWDG_STOP).mask());
        fx.probe.core().halt();
        fx.elapse(Duration.ofSeconds(30));
        assertThat(fx.board.lastResetCause()).isEqualTo(ResetCause.SOFTWARE);
    }

    @Test
    void itInterruptsALongMassEraseFromAHaltedCore() throws Exception {
        Fx fx = hardwareWatchdog(BoardOptions.defaults());
        fx.programWords(0x081F_0000L, 0);
        fx.probe.core().halt();
        fx.unlock();
        int v = fx.crBit(MER) | fx.psize(Parallelism.X32);
        fx.board.debugBus().write(fx.cr, AccessWidth.WORD, v | fx.crBit(STRT)).orThrow();
        fx.elapse(Duration.ofSeconds(20));
        assertThat(fx.board.lastResetCause()).isEqualTo(ResetCause.INDEPENDENT_WATCHDOG);
        assertThat(fx.board.faults().lastInterruption().orElseThrow().kind()).isEqualTo(Kind.BANK_ERASE);
        assertThat(fx.board.readCells(2, 0x0F_0000, 4)).as("far end of the flash not reached").containsOnly(0x00);
        assertThat(fx.board.readCells(1, 0, 4)).as("start of the flash erased").containsOnly(0xFF);
    }

    @Test
    void runningFirmwareIsAssumedToRefreshItUnlessTheParameterSaysOtherwise() throws Exception {
        Fx fx = hardwareWatchdog(BoardOptions.defaults());
        fx.elapse(Duration.ofSeconds(5));
        assertThat(fx.board.lastResetCause()).isEqualTo(ResetCause.SOFTWARE);

        Fx strict = hardwareWatchdog(BoardOptions.defaults()
                .withSim(SimParameters.defaults().withRunningFirmwareRefreshesIwdg(false)));
        strict.elapse(LONGER_THAN_TIMEOUT);
        assertThat(strict.board.lastResetCause()).isEqualTo(ResetCause.INDEPENDENT_WATCHDOG);
    }
}
