package dev.flashbank.sim.tests.cpu;

import static dev.flashbank.core.device.cortexm.CortexM.DCRDR;
import static dev.flashbank.core.device.cortexm.CortexM.DCRSR;
import static dev.flashbank.core.device.cortexm.CortexM.DCRSR_REGWnR;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR_VC_CORERESET;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR_VC_HARDERR;
import static dev.flashbank.core.device.cortexm.CortexM.DFSR;
import static dev.flashbank.core.device.cortexm.CortexM.DFSR_HALTED;
import static dev.flashbank.core.device.cortexm.CortexM.DFSR_VCATCH;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_C_DEBUGEN;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_C_HALT;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_C_MASKINTS;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_C_STEP;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_S_HALT;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_S_REGRDY;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_S_RESET_ST;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_S_RETIRE_ST;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_S_SLEEP;
import static dev.flashbank.core.device.cortexm.CortexM.LOCKUP_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.NVIC_ISER0;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_PC;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_XPSR;
import static dev.flashbank.core.device.cortexm.CortexM.dhcsrWrite;
import static dev.flashbank.sim.tests.cpu.ExceptionFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.sim.cpu.CortexMCore;

/**
 * Halting debug on an executing core (ARMv7-M ARM C1.5, C1.6.2-C1.6.5): C_HALT, C_STEP with and without C_MASKINTS,
 * DCRSR/DCRDR transfers only in debug state, the sticky status bits, vector catch on reset and on HardFault, and
 * what the firmware itself may write to DHCSR.
 */
class DebugHaltTest {

    private static void halt(ExceptionFixture f) {
        f.ppbWrite(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN, DHCSR_C_HALT));
    }

    @Test
    void cHaltStopsTheCoreBetweenInstructionsAndClearingItResumes() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(ADDS_R1_1, ADDS_R1_1, B_SELF);
        f.steps(1);
        halt(f);
        int dhcsr = f.ppb(DHCSR.address());
        assertThat(DHCSR_S_HALT.isSet(dhcsr) && DHCSR_C_HALT.isSet(dhcsr)).isTrue();
        assertThat(DFSR_HALTED.isSet(f.ppb(DFSR.address()))).isTrue();
        assertThat(f.core.run(100)).isZero();
        assertThat(f.core.stopReason()).isEqualTo(CortexMCore.Stop.HALTED);
        assertThat(f.regs.r(1)).isEqualTo(1);
        f.ppbWrite(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN));
        f.core.run(100);
        assertThat(f.regs.r(1)).isEqualTo(2);
        assertThat(DHCSR_S_RETIRE_ST.isSet(f.ppb(DHCSR.address()))).isTrue();
        assertThat(DHCSR_S_HALT.isSet(f.ppb(DHCSR.address()))).isFalse();
    }

    @Test
    void cStepExecutesOneInstructionAndHaltsAgain() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(ADDS_R1_1, ADDS_R1_1, ADDS_R1_1);
        halt(f);
        f.ppbWrite(DFSR.address(), -1);
        f.ppbWrite(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN, DHCSR_C_STEP));
        assertThat(f.core.isHalted()).isTrue();
        assertThat(f.regs.r(1)).isEqualTo(1);
        assertThat(f.pc()).isEqualTo(CODE + 2);
        assertThat(DFSR_HALTED.isSet(f.ppb(DFSR.address()))).isTrue();
        f.ppbWrite(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN, DHCSR_C_STEP));
        assertThat(f.regs.r(1)).isEqualTo(2);
    }

    @Test
    void aStepWithAPendingInterruptEntersTheHandlerUnlessMaskintsIsSet() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(ADDS_R1_1, ADDS_R1_1).handlerCode(16, BX_LR);
        f.ppbWrite(NVIC_ISER0.address(), 1);
        halt(f);
        f.core.setPendingIrq(0);
        f.ppbWrite(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN, DHCSR_C_STEP, DHCSR_C_MASKINTS));
        assertThat(f.pc()).as("masked: the step executes the thread instruction").isEqualTo(CODE + 2);
        f.ppbWrite(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN, DHCSR_C_STEP));
        assertThat(f.core.isHalted()).isTrue();
        assertThat(f.pc()).as("halted at the handler's first instruction").isEqualTo(handler(16));
    }

    @Test
    void registerTransfersHappenOnlyInDebugState() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(ADDS_R1_1, B_SELF);
        f.regs.setR(1, 0x1234);
        f.ppbWrite(DCRSR.address(), 1);
        assertThat(DHCSR_S_REGRDY.isSet(f.ppb(DHCSR.address()))).isFalse();
        halt(f);
        f.ppbWrite(DCRSR.address(), 1);
        assertThat(DHCSR_S_REGRDY.isSet(f.ppb(DHCSR.address()))).isTrue();
        assertThat(f.ppb(DCRDR.address())).isEqualTo(0x1234);
        f.ppbWrite(DCRDR.address(), CODE + 2);
        f.ppbWrite(DCRSR.address(), DCRSR_REGWnR.mask() | REGSEL_PC);
        f.ppbWrite(DCRSR.address(), REGSEL_XPSR);
        assertThat(f.ppb(DCRDR.address())).isEqualTo(1 << 24);
        f.ppbWrite(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN));
        f.core.run(50);
        assertThat(f.regs.r(1)).as("resumed at the written PC: the ADDS was skipped").isEqualTo(0x1234);
    }

    @Test
    void resetVectorCatchHaltsAtTheFirstInstructionAndSurvivesTheReset() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(ADDS_R1_1);
        f.ppbWrite(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN));
        f.ppbWrite(DEMCR.address(), DEMCR_VC_CORERESET.mask());
        f.ppb(DHCSR.address());
        f.core.takeReset(0);
        assertThat(f.core.isHalted()).isTrue();
        assertThat(f.pc()).isEqualTo(CODE);
        assertThat(DFSR_VCATCH.isSet(f.ppb(DFSR.address()))).isTrue();
        assertThat(DHCSR_S_RESET_ST.isSet(f.ppb(DHCSR.address()))).isTrue();
        assertThat(DHCSR_S_RESET_ST.isSet(f.ppb(DHCSR.address()))).as("sticky: cleared by the read").isFalse();
        f.core.powerOnReset();
        assertThat(f.ppb(DEMCR.address())).as("the debug domain clears at power-on only").isZero();
    }

    @Test
    void hardFaultVectorCatchHaltsOnTheHandlersFirstInstruction() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(UDF_0);
        f.ppbWrite(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN));
        f.ppbWrite(DEMCR.address(), DEMCR_VC_HARDERR.mask());
        f.core.run(100);
        assertThat(f.core.stopReason()).isEqualTo(CortexMCore.Stop.HALTED);
        assertThat(f.pc()).isEqualTo(handler(3));
        assertThat(DFSR_VCATCH.isSet(f.ppb(DFSR.address()))).isTrue();
    }

    @Test
    void aHaltRequestTakesTheCoreOutOfLockup() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(UDF_0).handlerCode(3, UDF_0);
        f.core.run(100);
        assertThat(f.core.isLockedUp()).isTrue();
        halt(f);
        assertThat(f.core.isHalted()).isTrue();
        assertThat(f.core.isLockedUp()).isFalse();
        assertThat(f.pc()).isEqualTo(LOCKUP_ADDRESS);
    }

    @Test
    void theFirmwareCannotEnableHaltingDebugItself() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(STR_R1_R2, NOP);
        f.regs.setR(1, dhcsrWrite(DHCSR_C_DEBUGEN, DHCSR_C_HALT));
        f.regs.setR(2, (int) DHCSR.address());
        f.core.run(20);
        assertThat(f.core.isHalted()).isFalse();
        assertThat(DHCSR_C_DEBUGEN.isSet(f.ppb(DHCSR.address()))).isFalse();
    }

    @Test
    void withDebugEnabledTheFirmwaresCHaltHaltsAfterItsStore() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(STR_R1_R2, ADDS_R0_1, B_SELF);
        f.ppbWrite(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN));
        f.regs.setR(1, dhcsrWrite(DHCSR_C_DEBUGEN, DHCSR_C_HALT));
        f.regs.setR(2, (int) DHCSR.address());
        f.core.run(20);
        assertThat(f.core.isHalted()).isTrue();
        assertThat(f.pc()).isEqualTo(CODE + 2);
    }

    @Test
    void sSleepReportsAWfiSleep() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(WFI, NOP);
        f.core.run(100);
        assertThat(DHCSR_S_SLEEP.isSet(f.ppb(DHCSR.address()))).isTrue();
    }
}
