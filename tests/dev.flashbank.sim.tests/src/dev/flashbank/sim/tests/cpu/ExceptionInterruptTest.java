package dev.flashbank.sim.tests.cpu;

import static dev.flashbank.core.device.cortexm.CortexM.AIRCR;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR_ISRPENDING;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR_VECTPENDING;
import static dev.flashbank.core.device.cortexm.CortexM.ICTR;
import static dev.flashbank.core.device.cortexm.CortexM.NVIC_IABR0;
import static dev.flashbank.core.device.cortexm.CortexM.NVIC_ICER0;
import static dev.flashbank.core.device.cortexm.CortexM.NVIC_IPR0;
import static dev.flashbank.core.device.cortexm.CortexM.NVIC_ISER0;
import static dev.flashbank.core.device.cortexm.CortexM.NVIC_ISPR0;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_CONTROL_PRIMASK;
import static dev.flashbank.core.device.cortexm.CortexM.SCR;
import static dev.flashbank.core.device.cortexm.CortexM.SCR_SLEEPONEXIT;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_CSR;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_CSR_COUNTFLAG;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_CVR;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_RVR;
import static dev.flashbank.sim.tests.cpu.ExceptionFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.sim.cpu.CortexMCore;

/**
 * External interrupts through the NVIC (ARMv7-M ARM B3.4), masking by PRIMASK/BASEPRI and priority grouping
 * (B1.5.4), SysTick (B3.3), and sleep: WFI, WFE/SEV, SLEEPONEXIT (B1.5.18-B1.5.19).
 */
class ExceptionInterruptTest {

    private static final int IRQ5 = 16 + 5;

    private static void enableIrq5(ExceptionFixture f) {
        f.ppbWrite(NVIC_ISER0.address(), 1 << 5);
    }

    @Test
    void aPendingEnabledInterruptIsTakenAtTheNextInstructionBoundary() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(NOP, NOP, NOP).handlerCode(IRQ5, BX_LR);
        f.core.setPendingIrq(5);
        f.steps(1);
        assertThat(f.pc()).as("disabled: not taken").isEqualTo(CODE + 2);
        assertThat(ICSR_ISRPENDING.isSet(f.ppb(ICSR.address()))).isTrue();
        assertThat(ICSR_VECTPENDING.extract(f.ppb(ICSR.address()))).as("pending but not enabled").isZero();
        enableIrq5(f);
        assertThat(ICSR_VECTPENDING.extract(f.ppb(ICSR.address()))).isEqualTo(IRQ5);
        assertThat(f.ppb(NVIC_ISER0.address())).isEqualTo(1 << 5);
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(IRQ5));
        assertThat(f.ppb(NVIC_IABR0.address())).isEqualTo(1 << 5);
        assertThat(f.ppb(NVIC_ISPR0.address())).isZero();
        f.steps(1);
        assertThat(f.pc()).isEqualTo(CODE + 2);
        assertThat(f.ppb(NVIC_IABR0.address())).isZero();
        f.ppbWrite(NVIC_ICER0.address(), 1 << 5);
        assertThat(f.ppb(NVIC_ISER0.address())).isZero();
    }

    @Test
    void primaskHoldsInterruptsUntilCpsie() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(NOP, CPSIE_I, NOP).handlerCode(IRQ5, BX_LR);
        enableIrq5(f);
        f.regs.writeRegsel(REGSEL_CONTROL_PRIMASK, 1);
        f.core.setPendingIrq(5);
        f.steps(2); // nop, cpsie i
        assertThat(f.pc()).isEqualTo(CODE + 4);
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(IRQ5));
    }

    @Test
    void basepriMasksOnlyPrioritiesAtOrBelowIt() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(NOP, NOP, NOP, NOP).handlerCode(IRQ5, BX_LR);
        enableIrq5(f);
        f.ppbWrite(NVIC_IPR0.address() + 4, 0x0000_4000); // IRQ5 priority 0x40
        assertThat(f.ppb(NVIC_IPR0.address() + 4)).isEqualTo(0x0000_4000);
        f.regs.writeRegsel(REGSEL_CONTROL_PRIMASK, 0x40 << 8); // BASEPRI 0x40
        f.core.setPendingIrq(5);
        f.steps(1);
        assertThat(f.pc()).isEqualTo(CODE + 2);
        f.regs.writeRegsel(REGSEL_CONTROL_PRIMASK, 0x50 << 8);
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(IRQ5));
    }

    @Test
    void priorityBitsBeyondTheImplementedOnesReadAsZero() {
        ExceptionFixture m7 = ExceptionFixture.m7();
        m7.ppbWrite(NVIC_IPR0.address(), 0xFFFF_FFFF);
        assertThat(m7.ppb(NVIC_IPR0.address())).isEqualTo(0xF0F0_F0F0);
        ExceptionFixture m0 = ExceptionFixture.m0plus();
        m0.ppbWrite(NVIC_IPR0.address(), 0xFFFF_FFFF);
        assertThat(m0.ppb(NVIC_IPR0.address())).isEqualTo(0xC0C0_C0C0);
        assertThat(m7.ppb(ICTR.address())).as("32 lines: INTLINESNUM 0").isZero();
    }

    @Test
    void subpriorityDoesNotPreemptWithinAGroup() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(NOP, NOP).handlerCode(IRQ5, NOP, NOP, BX_LR).handlerCode(IRQ5 + 1, BX_LR);
        f.ppbWrite(NVIC_ISER0.address(), 3 << 5);
        f.ppbWrite(AIRCR.address(), 0x05FA_0000 | 6 << 8); // PRIGROUP 6: group = bit 7 only
        f.ppbWrite(NVIC_IPR0.address() + 4, 0x0000_1020); // IRQ5 0x20, IRQ6 0x10: same group 0
        f.core.setPendingIrq(5);
        f.steps(1);
        f.core.setPendingIrq(6);
        f.steps(1);
        assertThat(f.pc()).as("IRQ6's subpriority is higher, but the group is the same").isEqualTo(handler(IRQ5) + 2);
        f.ppbWrite(AIRCR.address(), 0x05FA_0000 | 3 << 8); // PRIGROUP 3: groups 0x10 vs 0x20
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(IRQ5 + 1));
    }

    @Test
    void sysTickCountsCoreCyclesSetsCountflagAndPendsItsException() {
        ExceptionFixture f = ExceptionFixture.m7();
        int[] loop = new int[64];
        java.util.Arrays.fill(loop, NOP);
        f.code(loop).handlerCode(15, BX_LR);
        f.ppbWrite(SYST_RVR.address(), 9);
        f.ppbWrite(SYST_CVR.address(), 0);
        f.ppbWrite(SYST_CSR.address(), 0b111); // ENABLE, TICKINT, processor clock
        int cycles = 0;
        while (f.pc() != handler(15)) {
            cycles += f.core.step();
            assertThat(cycles).isLessThan(40);
        }
        assertThat(cycles).as("reload at the first tick, then 9 down to 0, then the entry").isBetween(10, 10 + 12 + 2);
        assertThat(SYST_CSR_COUNTFLAG.isSet(f.ppb(SYST_CSR.address()))).isTrue();
        assertThat(SYST_CSR_COUNTFLAG.isSet(f.ppb(SYST_CSR.address()))).as("cleared by the read").isFalse();
    }

    @Test
    void wfiSleepsThroughTheBudgetAndAnInterruptWakesIt() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(WFI, ADDS_R1_1, B_SELF).handlerCode(IRQ5, BX_LR);
        enableIrq5(f);
        f.core.run(1000);
        assertThat(f.core.stopReason()).isEqualTo(CortexMCore.Stop.SLEEP);
        assertThat(f.core.isSleeping()).isTrue();
        assertThat(f.core.run(500)).as("a sleeping core lets the budget pass").isEqualTo(500);
        f.core.setPendingIrq(5);
        f.steps(2); // wake and take IRQ5, its bx lr
        assertThat(f.pc()).isEqualTo(CODE + 2);
        f.steps(1);
        assertThat(f.regs.r(1)).isEqualTo(1);
    }

    @Test
    void sysTickWakesWfiWithinARun() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(WFI, ADDS_R1_1, B_SELF).handlerCode(15, BX_LR);
        f.ppbWrite(SYST_RVR.address(), 999);
        f.ppbWrite(SYST_CSR.address(), 0b111);
        f.core.run(5000);
        assertThat(f.regs.r(1)).as("woken once by SysTick, then spinning").isEqualTo(1);
    }

    @Test
    void primaskKeepsTheInterruptButWfiStillWakes() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(WFI, ADDS_R1_1, B_SELF).handlerCode(IRQ5, BX_LR);
        enableIrq5(f);
        f.regs.writeRegsel(REGSEL_CONTROL_PRIMASK, 1);
        f.steps(2);
        assertThat(f.core.isSleeping()).isTrue();
        f.core.setPendingIrq(5);
        f.steps(1);
        assertThat(f.regs.r(1)).as("woken, IRQ5 still pending behind PRIMASK").isEqualTo(1);
        assertThat(f.ppb(NVIC_ISPR0.address())).isEqualTo(1 << 5);
    }

    @Test
    void wfeConsumesAnEventSetBySev() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(SEV, WFE, ADDS_R1_1, WFE, ADDS_R1_1);
        f.steps(3);
        assertThat(f.regs.r(1)).as("the first WFE returned at once").isEqualTo(1);
        f.steps(2);
        assertThat(f.core.isSleeping()).isTrue();
        assertThat(f.regs.r(1)).isEqualTo(1);
    }

    @Test
    void sleepOnExitSleepsOnTheReturnToThreadMode() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(NOP, ADDS_R1_1).handlerCode(IRQ5, BX_LR);
        enableIrq5(f);
        f.ppbWrite(SCR.address(), SCR_SLEEPONEXIT.mask());
        f.core.setPendingIrq(5);
        f.steps(2);
        assertThat(f.core.isSleeping()).isTrue();
        f.core.run(100);
        assertThat(f.regs.r(1)).isZero();
    }
}
