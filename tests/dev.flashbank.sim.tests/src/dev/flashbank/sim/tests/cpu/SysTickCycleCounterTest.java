package dev.flashbank.sim.tests.cpu;

import static dev.flashbank.core.device.cortexm.CortexM.DEMCR;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR_TRCENA;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_CTRL_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_CTRL_CYCCNTENA;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_CYCCNT_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR_PENDSTSET;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_CSR;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_CSR_COUNTFLAG;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_CVR;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_RVR;
import static dev.flashbank.sim.tests.cpu.ExceptionFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.sim.cpu.CortexMCore;

/**
 * SysTick (ARMv7-M ARM B3.3) and the DWT cycle counter (C1.8.8) as seen between instructions: the counter's value at
 * any cycle, COUNTFLAG, reloads, and the SysTick exception pended by exactly the instruction whose cycles take the
 * counter to 0. The loop mixes 1-, 2- and 3-cycle instructions so that a crossing falls inside an instruction too.
 */
class SysTickCycleCounterTest {

    private static final int ENABLE = 0b001, TICKINT = 0b010, PROCESSOR_CLOCK = 0b100;
    /** nop; ldr r1, [r2]; nop; b back to the first nop (1 + 2 + 1 + 3 cycles). */
    private static final int[] LOOP = { NOP, LDR_R1_R2, NOP, 0xE7FB };

    private static ExceptionFixture loop() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(LOOP).handlerCode(15, BX_LR);
        f.regs.setR(2, DATA);
        return f;
    }

    /**
     * The counter {@code ticks} clocks after it was enabled at 0 with {@code reload}: the first clock loads RVR, each
     * following one counts down, the clock after 0 reloads (B3.3.1).
     */
    private static int expectedCvr(long ticks, int reload) {
        long k = ticks % (reload + 1L);
        return k == 0 ? 0 : (int) (reload + 1 - k);
    }

    /** Crossings of 0 within {@code ticks} clocks of a counter enabled at 0. */
    private static long zeros(long ticks, int reload) {
        return ticks / (reload + 1L);
    }

    @Test
    void theCounterReadsItsValueAtEveryInstructionBoundaryAndCountflagClearsOnRead() {
        ExceptionFixture f = loop();
        int reload = 9;
        f.ppbWrite(SYST_RVR.address(), reload);
        f.ppbWrite(SYST_CVR.address(), 0);
        f.ppbWrite(SYST_CSR.address(), ENABLE | PROCESSOR_CLOCK);
        long enabled = f.core.cycles();
        long flagSeen = 0;
        for (int i = 0; i < 40; i++) {
            f.core.step();
            long t = f.core.cycles() - enabled;
            assertThat(f.ppb(SYST_CVR.address())).as("CVR after %d cycles", t).isEqualTo(expectedCvr(t, reload));
            boolean flag = SYST_CSR_COUNTFLAG.isSet(f.ppb(SYST_CSR.address()));
            assertThat(flag).as("COUNTFLAG after %d cycles: set by a 0 since the last read", t)
                    .isEqualTo(zeros(t, reload) > flagSeen);
            flagSeen = zeros(t, reload);
            assertThat(ICSR_PENDSTSET.isSet(f.ppb(ICSR.address()))).as("TICKINT clear: nothing pends").isFalse();
        }
        assertThat(flagSeen).as("the loop crossed 0 several times").isGreaterThanOrEqualTo(3);
    }

    @Test
    void firmwareReadsTheCounterAsOfTheStartOfItsLoad() {
        ExceptionFixture f = loop();
        f.regs.setR(2, (int) SYST_CVR.address());
        int reload = 1000;
        f.ppbWrite(SYST_RVR.address(), reload);
        f.ppbWrite(SYST_CSR.address(), ENABLE | PROCESSOR_CLOCK);
        long enabled = f.core.cycles();
        for (int i = 0; i < 30; i++) {
            long before = f.core.cycles();
            boolean load = f.pc() == CODE + 2;
            f.core.step();
            if (load) {
                assertThat(f.regs.r(1)).isEqualTo(expectedCvr(before - enabled, reload));
            }
        }
        assertThat(f.regs.r(1)).isBetween(reload - 30 * 3, reload - 1);
    }

    @Test
    void theExceptionPendsAfterExactlyTheInstructionThatReachesZero() {
        for (int reload : new int[] { 4, 5, 6, 7, 8 }) { // crossings at each position of the loop
            ExceptionFixture f = loop();
            f.ppbWrite(SYST_RVR.address(), reload);
            f.ppbWrite(SYST_CVR.address(), 0);
            f.ppbWrite(SYST_CSR.address(), ENABLE | TICKINT | PROCESSOR_CLOCK);
            long enabled = f.core.cycles();
            while (true) {
                f.core.step();
                long t = f.core.cycles() - enabled;
                boolean pending = ICSR_PENDSTSET.isSet(f.ppb(ICSR.address()));
                assertThat(pending).as("RVR %d, %d cycles", reload, t).isEqualTo(t >= reload + 1);
                if (pending) {
                    break;
                }
            }
            f.core.step();
            assertThat(f.pc()).as("taken at the next boundary").isEqualTo(handler(15));
        }
    }

    @Test
    void writingCvrClearsCounterAndCountflagAndTheNextClockReloads() {
        ExceptionFixture f = loop();
        f.ppbWrite(SYST_RVR.address(), 20);
        f.ppbWrite(SYST_CSR.address(), ENABLE | PROCESSOR_CLOCK);
        long enabled = f.core.cycles();
        f.steps(16); // past the first 0 (21 cycles)
        assertThat(f.core.cycles() - enabled).isGreaterThan(21);
        f.ppbWrite(SYST_CVR.address(), 12345);
        assertThat(f.ppb(SYST_CVR.address())).as("any write clears").isZero();
        assertThat(SYST_CSR_COUNTFLAG.isSet(f.ppb(SYST_CSR.address()))).as("the write cleared COUNTFLAG").isFalse();
        long cleared = f.core.cycles();
        f.ppbWrite(SYST_RVR.address(), 50); // the new reload applies at the next reload
        f.steps(3);
        long t = f.core.cycles() - cleared;
        assertThat(f.ppb(SYST_CVR.address())).isEqualTo(expectedCvr(t, 50));
    }

    @Test
    void aNewReloadValueAppliesOnlyAtTheNextReload() {
        ExceptionFixture f = loop();
        f.ppbWrite(SYST_RVR.address(), 30);
        f.ppbWrite(SYST_CSR.address(), ENABLE | PROCESSOR_CLOCK);
        long enabled = f.core.cycles();
        f.steps(4);
        long t = f.core.cycles() - enabled;
        int now = f.ppb(SYST_CVR.address());
        assertThat(now).isEqualTo(expectedCvr(t, 30));
        f.ppbWrite(SYST_RVR.address(), 3);
        long changed = f.core.cycles();
        f.core.run(now); // exactly to 0 (or just past it with the last instruction)
        long past = f.core.cycles() - changed - now;
        assertThat(f.ppb(SYST_CVR.address())).as("%d cycles past 0, period 4", past)
                .isEqualTo(expectedCvr(past, 3));
        assertThat(SYST_CSR_COUNTFLAG.isSet(f.ppb(SYST_CSR.address()))).isTrue();
    }

    @Test
    void theReferenceClockCountsEveryEighthCycleAndKeepsItsPhaseWhileDisabled() {
        ExceptionFixture f = loop();
        int reload = 5;
        f.ppbWrite(SYST_RVR.address(), reload);
        f.ppbWrite(SYST_CSR.address(), ENABLE); // CLKSOURCE = 0: HCLK / 8 on an STM32
        long enabled = f.core.cycles();
        f.steps(9);
        long counted = f.core.cycles() - enabled;
        assertThat(f.ppb(SYST_CVR.address())).isEqualTo(expectedCvr(counted / 8, reload));
        f.ppbWrite(SYST_CSR.address(), 0);
        int stopped = f.ppb(SYST_CVR.address());
        f.steps(7);
        assertThat(f.ppb(SYST_CVR.address())).as("disabled: holds").isEqualTo(stopped);
        f.ppbWrite(SYST_CSR.address(), ENABLE);
        long again = f.core.cycles();
        for (int i = 0; i < 60; i++) {
            f.core.step();
            long c = counted + f.core.cycles() - again; // the cycles counted while enabled, prescaler included
            assertThat(f.ppb(SYST_CVR.address())).as("%d counted cycles", c).isEqualTo(expectedCvr(c / 8, reload));
        }
    }

    @Test
    void aSleepingCoreWakesAtTheCycleSysTickReachesZeroAndReadsMidwayWhileAsleep() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(WFI, ADDS_R1_1, B_SELF).handlerCode(15, BX_LR);
        f.ppbWrite(SYST_RVR.address(), 999);
        f.ppbWrite(SYST_CSR.address(), ENABLE | TICKINT | PROCESSOR_CLOCK);
        long enabled = f.core.cycles();
        f.core.run(1); // the WFI
        assertThat(f.core.isSleeping()).isTrue();
        assertThat(f.core.run(400)).isEqualTo(400);
        assertThat(f.core.stopReason()).isEqualTo(CortexMCore.Stop.SLEEP);
        long t = f.core.cycles() - enabled;
        assertThat(f.ppb(SYST_CVR.address())).isEqualTo(expectedCvr(t, 999));
        long toZero = 1000 - t;
        f.core.run(toZero - 1);
        assertThat(f.core.isSleeping()).isTrue();
        assertThat(f.ppb(SYST_CVR.address())).isEqualTo(1);
        assertThat(ICSR_PENDSTSET.isSet(f.ppb(ICSR.address()))).isFalse();
        f.core.run(1);
        assertThat(f.core.cycles() - enabled).isEqualTo(1000);
        assertThat(f.ppb(SYST_CVR.address())).isZero();
        assertThat(ICSR_PENDSTSET.isSet(f.ppb(ICSR.address()))).as("pended by the cycle that reached 0").isTrue();
        f.core.run(100);
        assertThat(f.regs.r(1)).as("woken once, then spinning").isEqualTo(1);
        assertThat(f.core.isSleeping()).isFalse();
    }

    @Test
    void cyccntIsTheWrittenValuePlusTheCyclesCountedWhileEnabled() {
        ExceptionFixture f = loop();
        f.ppbWrite(DEMCR.address(), DEMCR_TRCENA.mask());
        f.ppbWrite(DWT_CTRL_ADDRESS, DWT_CTRL_CYCCNTENA.mask());
        f.ppbWrite(DWT_CYCCNT_ADDRESS, 0xFFFF_FFF0);
        long start = f.core.cycles();
        for (int i = 0; i < 12; i++) {
            f.core.step();
            assertThat(f.ppb(DWT_CYCCNT_ADDRESS)).as("wraps at 32 bits")
                    .isEqualTo((int) (0xFFFF_FFF0L + f.core.cycles() - start));
        }
        int held = f.ppb(DWT_CYCCNT_ADDRESS);
        f.ppbWrite(DEMCR.address(), 0);
        f.steps(5);
        assertThat(f.ppb(DWT_CYCCNT_ADDRESS)).as("TRCENA clear: holds").isEqualTo(held);
        f.ppbWrite(DEMCR.address(), DEMCR_TRCENA.mask());
        f.ppbWrite(DWT_CTRL_ADDRESS, 0);
        f.steps(5);
        assertThat(f.ppb(DWT_CYCCNT_ADDRESS)).as("CYCCNTENA clear: holds").isEqualTo(held);
        f.ppbWrite(DWT_CYCCNT_ADDRESS, 100);
        f.ppbWrite(DWT_CTRL_ADDRESS, DWT_CTRL_CYCCNTENA.mask());
        long resumed = f.core.cycles();
        f.steps(7);
        assertThat(f.ppb(DWT_CYCCNT_ADDRESS)).isEqualTo((int) (100 + f.core.cycles() - resumed));
    }
}
