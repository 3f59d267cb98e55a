package dev.flashbank.sim.tests.cpu;

import static dev.flashbank.core.device.cortexm.CortexM.CCR;
import static dev.flashbank.core.device.cortexm.CortexM.CCR_STKALIGN;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR_INVPC;
import static dev.flashbank.core.device.cortexm.CortexM.CPUID;
import static dev.flashbank.core.device.cortexm.CortexM.EXC_RETURN_HANDLER;
import static dev.flashbank.core.device.cortexm.CortexM.EXC_RETURN_THREAD_MSP;
import static dev.flashbank.core.device.cortexm.CortexM.EXC_RETURN_THREAD_PSP;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR_PENDSVSET;
import static dev.flashbank.core.device.cortexm.CortexM.ICSR_VECTACTIVE;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_CONTROL_PRIMASK;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_SVCALLACT;
import static dev.flashbank.core.device.cortexm.CortexM.SHCSR_USGFAULTENA;
import static dev.flashbank.core.device.cortexm.CortexM.SHPR2;
import static dev.flashbank.core.device.cortexm.CortexM.SHPR3;
import static dev.flashbank.core.device.cortexm.CortexM.VTOR;
import static dev.flashbank.sim.tests.cpu.ExceptionFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.sim.cpu.CortexMCore;

/**
 * Exception entry and return (ARMv7-M ARM B1.5.5-B1.5.8): TakeReset from the vector table, the stacked frame and
 * EXC_RETURN, 8-byte realignment (CCR.STKALIGN, xPSR bit 9), the process stack, the extended FP frame, nesting and
 * the INVPC checks of a bad return.
 */
class ExceptionEntryReturnTest {

    private static final int XPSR_T = 1 << 24;

    @Test
    void takeResetLoadsSpPcAndVtorFromTheVectorTable() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.bus.write32(0x3000, 0x7F00);
        f.bus.write32(0x3004, CODE | 1);
        f.core.takeReset(0x3000);
        assertThat(f.regs.msp()).isEqualTo(0x7F00);
        assertThat(f.pc()).isEqualTo(CODE);
        assertThat(f.regs.r(14)).isEqualTo(0xFFFF_FFFF);
        assertThat(f.regs.xpsr()).isEqualTo(XPSR_T);
        assertThat(f.ppb(VTOR.address())).isEqualTo(0x3000);
        assertThat(f.ppb(CPUID.address())).isEqualTo(0x411F_C270); // Cortex-M7 r1p0
        assertThat(f.ppb(CCR.address())).as("STKALIGN and BP from reset").isEqualTo(0x0004_0200);
    }

    @Test
    void svcStacksTheFrameAndBxLrReturnsToTheNextInstruction() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(MOVS_R0_1, SVC_1, ADDS_R0_1, B_SELF).handlerCode(11, ADDS_R0_1, BX_LR);
        f.regs.setR(1, 0x11);
        f.regs.setR(2, 0x22);
        f.regs.setR(3, 0x33);
        f.regs.setR(12, 0xCC);
        f.regs.setR(14, 0x0000_1235);
        f.steps(2); // movs, svc (taken as the svc completes)
        assertThat(f.pc()).isEqualTo(handler(11));
        assertThat(f.regs.ipsr()).isEqualTo(11);
        assertThat(f.regs.r(14)).isEqualTo(EXC_RETURN_THREAD_MSP);
        int frame = STACK - 0x20;
        assertThat(f.regs.msp()).isEqualTo(frame);
        assertThat(new int[] { f.bus.read32(frame), f.bus.read32(frame + 4), f.bus.read32(frame + 8),
                f.bus.read32(frame + 12), f.bus.read32(frame + 16), f.bus.read32(frame + 20), f.bus.read32(frame + 24),
                f.bus.read32(frame + 28) })
                .containsExactly(1, 0x11, 0x22, 0x33, 0xCC, 0x1235, CODE + 4, XPSR_T);
        assertThat(SHCSR_SVCALLACT.isSet(f.ppb(SHCSR.address()))).isTrue();
        assertThat(ICSR_VECTACTIVE.extract(f.ppb(ICSR.address()))).isEqualTo(11);

        f.steps(2); // adds in the handler (r0 = 2), bx lr
        assertThat(f.pc()).isEqualTo(CODE + 4);
        assertThat(f.regs.r(0)).as("unstacked R0 replaces the handler's").isEqualTo(1);
        assertThat(f.regs.msp()).isEqualTo(STACK);
        assertThat(f.regs.ipsr()).isZero();
        assertThat(f.regs.r(14)).isEqualTo(0x1235);
        assertThat(SHCSR_SVCALLACT.isSet(f.ppb(SHCSR.address()))).isFalse();
        f.steps(1);
        assertThat(f.regs.r(0)).isEqualTo(2);
    }

    @Test
    void stkalignRealignsTheFrameToEightBytesAndBit9RestoresTheStackPointer() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(SVC_1, NOP).handlerCode(11, BX_LR);
        f.regs.setMsp(STACK - 4);
        f.steps(1);
        assertThat(f.regs.msp()).isEqualTo(STACK - 0x28); // (0x7FFC - 0x20) & ~7
        assertThat(f.bus.read32(STACK - 0x28 + 28) & 1 << 9).as("xPSR bit 9: realigned").isNotZero();
        f.steps(1);
        assertThat(f.regs.msp()).isEqualTo(STACK - 4);
        assertThat(f.regs.xpsr() & 1 << 9).isZero();

        f.ppbWrite(CCR.address(), f.ppb(CCR.address()) & ~CCR_STKALIGN.mask());
        f.regs.setPc(CODE);
        f.steps(1);
        assertThat(f.regs.msp()).as("4-byte alignment without STKALIGN").isEqualTo(STACK - 4 - 0x20);
    }

    @Test
    void anExceptionFromTheProcessStackStacksThereAndReturnsThere() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(SVC_1, NOP).handlerCode(11, BX_LR);
        f.regs.setPsp(PROCESS_STACK);
        f.regs.writeRegsel(REGSEL_CONTROL_PRIMASK, 2 << 24); // CONTROL.SPSEL = 1
        assertThat(f.regs.r(13)).isEqualTo(PROCESS_STACK);
        f.steps(1);
        assertThat(f.regs.r(14)).isEqualTo(EXC_RETURN_THREAD_PSP);
        assertThat(f.regs.psp()).isEqualTo(PROCESS_STACK - 0x20);
        assertThat(f.regs.r(13)).as("the handler runs on MSP").isEqualTo(STACK);
        assertThat(f.regs.control() & 2).isZero();
        f.steps(1);
        assertThat(f.regs.r(13)).isEqualTo(PROCESS_STACK);
        assertThat(f.regs.control() & 2).isEqualTo(2);
    }

    @Test
    void withFpcaTheExtendedFrameCarriesS0ToS15AndFpscr() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(SVC_1, NOP).handlerCode(11, BX_LR);
        // FPCCR.ASPEN without LSPEN: the frame is written at entry (with the reset value's LSPEN the space is only
        // reserved until the handler's first FP instruction - CpuDifferentialTest compares that case with QEMU)
        f.ppbWrite(0xE000_EF34L, 0x8000_0000);
        f.regs.writeRegsel(REGSEL_CONTROL_PRIMASK, 4 << 24); // CONTROL.FPCA = 1
        for (int i = 0; i < 16; i++) {
            f.regs.setS(i, 0x3F80_0000 + i);
        }
        f.regs.writeRegsel(33, 0x0300_0000); // FPSCR
        f.steps(1);
        int frame = STACK - 0x68;
        assertThat(f.regs.msp()).isEqualTo(frame);
        assertThat(f.regs.r(14)).isEqualTo(EXC_RETURN_THREAD_MSP & ~0x10); // 0xFFFF_FFE9
        assertThat(f.bus.read32(frame + 0x20 + 4 * 7)).isEqualTo(0x3F80_0007);
        assertThat(f.bus.read32(frame + 0x60)).isEqualTo(0x0300_0000);
        assertThat(f.regs.control() & 4).as("the handler starts without FP context").isZero();
        f.regs.setS(7, 0);
        f.steps(1);
        assertThat(f.regs.s(7)).isEqualTo(0x3F80_0007);
        assertThat(f.regs.control() & 4).isEqualTo(4);
        assertThat(f.regs.msp()).isEqualTo(STACK);
    }

    @Test
    void aHigherPriorityExceptionNestsAndReturnsToTheHandler() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(SVC_1, NOP).handlerCode(11, NOP, BX_LR).handlerCode(14, BX_LR);
        f.ppbWrite(SHPR2.address(), 0xF000_0000); // SHPR2: SVCall priority 0xF0 (lowest)
        f.ppbWrite(SHPR3.address(), 0x0000_0000); // SHPR3: PendSV 0
        f.steps(1);
        assertThat(f.regs.ipsr()).isEqualTo(11);
        f.ppbWrite(ICSR.address(), ICSR_PENDSVSET.mask());
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(14));
        assertThat(f.regs.r(14)).isEqualTo(EXC_RETURN_HANDLER);
        f.steps(1);
        assertThat(f.pc()).as("back in the SVC handler").isEqualTo(handler(11));
        assertThat(f.regs.ipsr()).isEqualTo(11);
        f.steps(2);
        assertThat(f.pc()).isEqualTo(CODE + 2);
        assertThat(f.regs.ipsr()).isZero();
    }

    @Test
    void aLowerPriorityPendingExceptionWaitsForTheReturnThenIsTaken() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(SVC_1, NOP).handlerCode(11, NOP, BX_LR).handlerCode(14, BX_LR);
        f.ppbWrite(SHPR3.address(), 0x00F0_0000); // PendSV priority 0xF0 below SVCall's 0
        f.steps(1);
        f.ppbWrite(ICSR.address(), ICSR_PENDSVSET.mask());
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(11) + 2);
        f.steps(1); // bx lr: returns to thread mode
        assertThat(f.regs.ipsr()).isZero();
        f.steps(1); // the pending PendSV is taken before the next thread instruction
        assertThat(f.pc()).isEqualTo(handler(14));
        assertThat(f.bus.read32(f.regs.msp() + 24)).as("stacked return address").isEqualTo(CODE + 2);
    }

    @Test
    void anIllegalExcReturnIsAnInvpcUsageFault() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.ppbWrite(SHCSR.address(), SHCSR_USGFAULTENA.mask());
        f.ppbWrite(SHPR2.address(), 0x8000_0000); // SVCall 0x80: the UsageFault (0) preempts its handler
        f.code(SVC_1, NOP).handlerCode(11, 0x4700); // bx r0
        f.steps(1);
        f.regs.setR(0, 0xFFFF_FFF5); // mode bits 0b0101: reserved
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(6));
        assertThat(CFSR_INVPC.isSet(f.ppb(CFSR.address()))).isTrue();
    }

    @Test
    void returningToThreadModeWithAnotherExceptionActiveIsInvpc() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.ppbWrite(SHCSR.address(), SHCSR_USGFAULTENA.mask());
        f.ppbWrite(SHPR2.address(), 0xF000_0000); // SVCall lowest
        f.ppbWrite(SHPR3.address(), 0x0080_0000); // PendSV 0x80, UsageFault 0 above both
        f.code(SVC_1, NOP).handlerCode(11, NOP, BX_LR).handlerCode(14, 0x4700); // PendSV: bx r0
        f.steps(1);
        f.ppbWrite(ICSR.address(), ICSR_PENDSVSET.mask());
        f.steps(1);
        f.regs.setR(0, EXC_RETURN_THREAD_MSP); // thread, but SVCall is still active and NONBASETHRDENA = 0
        f.steps(1);
        assertThat(CFSR_INVPC.isSet(f.ppb(CFSR.address()))).isTrue();
        assertThat(f.regs.ipsr()).isEqualTo(6);
    }

    @Test
    void cortexM0PlusStacksAtEightBytesAndTakesSvc() {
        ExceptionFixture f = ExceptionFixture.m0plus();
        f.code(SVC_1, NOP).handlerCode(11, BX_LR);
        f.regs.setMsp(STACK - 4);
        assertThat(f.ppb(CPUID.address())).isEqualTo(0x410C_C601);
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(11));
        assertThat(f.regs.msp()).isEqualTo(STACK - 0x28);
        f.steps(1);
        assertThat(f.regs.msp()).isEqualTo(STACK - 4);
        assertThat(f.core.stopReason()).isEqualTo(CortexMCore.Stop.NONE);
    }
}
