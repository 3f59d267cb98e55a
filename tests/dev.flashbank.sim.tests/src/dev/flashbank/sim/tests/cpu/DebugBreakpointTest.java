package dev.flashbank.sim.tests.cpu;

import static dev.flashbank.core.device.cortexm.CortexM.DEMCR;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR_TRCENA;
import static dev.flashbank.core.device.cortexm.CortexM.DFSR;
import static dev.flashbank.core.device.cortexm.CortexM.DFSR_BKPT;
import static dev.flashbank.core.device.cortexm.CortexM.DFSR_DWTTRAP;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_C_DEBUGEN;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_COMP0_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_CTRL_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_CTRL_CYCCNTENA;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_CTRL_NUMCOMP;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_CYCCNT_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_MATCHED;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_OFFSET;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_WATCH_WRITE;
import static dev.flashbank.core.device.cortexm.CortexM.FP_COMP0_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.FP_CTRL_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.HFSR;
import static dev.flashbank.core.device.cortexm.CortexM.HFSR_DEBUGEVT;
import static dev.flashbank.core.device.cortexm.CortexM.dhcsrWrite;
import static dev.flashbank.core.device.cortexm.CortexM.fpbCodeComparators;
import static dev.flashbank.sim.tests.cpu.ExceptionFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashbank.sim.cpu.CortexMCore;
import dev.flashbank.sim.cpu.Semihosting;

/**
 * Debug events (ARMv7-M ARM C1.5, C1.8, C1.11): BKPT with and without halting debug, FPB breakpoints (v2 on the
 * Cortex-M7, v1 with REPLACE on the Cortex-M4) that halt before the instruction, DWT data watchpoints that halt after
 * it, the cycle counter, and the core's own semihosting service.
 */
class DebugBreakpointTest {

    private static void enableDebug(ExceptionFixture f) {
        f.ppbWrite(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN));
    }

    @Test
    void bkptHaltsOnItselfWithDebugEnabled() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(ADDS_R1_1, BKPT_0, ADDS_R1_1);
        enableDebug(f);
        f.core.run(100);
        assertThat(f.core.stopReason()).isEqualTo(CortexMCore.Stop.BREAKPOINT);
        assertThat(f.pc()).isEqualTo(CODE + 2);
        assertThat(f.regs.r(1)).isEqualTo(1);
        assertThat(DFSR_BKPT.isSet(f.ppb(DFSR.address()))).isTrue();
    }

    @Test
    void bkptWithoutHaltingDebugIsAHardFaultDebugEvent() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(BKPT_0);
        f.steps(1);
        assertThat(f.pc()).isEqualTo(handler(3));
        assertThat(HFSR_DEBUGEVT.isSet(f.ppb(HFSR.address()))).isTrue();
        assertThat(f.bus.read32(f.regs.msp() + 24)).isEqualTo(CODE);
    }

    @Test
    void anFpbV2ComparatorHaltsBeforeTheInstructionExecutes() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(ADDS_R1_1, ADDS_R1_1, ADDS_R1_1, B_SELF);
        int ctrl = f.ppb(FP_CTRL_ADDRESS);
        assertThat(fpbCodeComparators(ctrl)).isEqualTo(8);
        assertThat(ctrl >>> 28).as("REV: FPB v2").isEqualTo(1);
        enableDebug(f);
        f.ppbWrite(FP_COMP0_ADDRESS + 4, (CODE + 2) | 1);
        f.ppbWrite(FP_CTRL_ADDRESS, 1);
        f.core.run(100);
        assertThat(f.regs.r(1)).as("FP_CTRL written without KEY: disabled").isEqualTo(3);
        f.regs.setPc(CODE);
        f.regs.setR(1, 0);
        f.ppbWrite(FP_CTRL_ADDRESS, 3); // KEY | ENABLE
        f.core.run(100);
        assertThat(f.core.stopReason()).isEqualTo(CortexMCore.Stop.BREAKPOINT);
        assertThat(f.pc()).isEqualTo(CODE + 2);
        assertThat(f.regs.r(1)).isEqualTo(1);
        assertThat(DFSR_BKPT.isSet(f.ppb(DFSR.address()))).isTrue();
    }

    @Test
    void anFpbV1ComparatorMatchesTheHalfwordItsReplaceFieldNames() {
        ExceptionFixture f = ExceptionFixture.m4();
        f.code(ADDS_R1_1, ADDS_R1_1, ADDS_R1_1, B_SELF);
        assertThat(f.ppb(FP_CTRL_ADDRESS)).as("6 code, 2 literal comparators, REV 0").isEqualTo(0x0000_0260);
        enableDebug(f);
        f.ppbWrite(FP_COMP0_ADDRESS, CODE | 0x8000_0000 | 1); // word CODE, REPLACE = upper halfword
        f.ppbWrite(FP_CTRL_ADDRESS, 3);
        f.core.run(100);
        assertThat(f.pc()).isEqualTo(CODE + 2);
        assertThat(f.regs.r(1)).isEqualTo(1);
    }

    @Test
    void aDwtWriteWatchpointHaltsAfterTheStoreAndMatchedClearsOnRead() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(LDR_R1_R2, STR_R1_R2, ADDS_R0_1, ADDS_R0_1, B_SELF);
        f.regs.setR(2, DATA);
        enableDebug(f);
        assertThat(DWT_CTRL_NUMCOMP.extract(f.ppb(DWT_CTRL_ADDRESS))).isEqualTo(4);
        f.ppbWrite(DWT_COMP0_ADDRESS, DATA);
        f.ppbWrite(DWT_COMP0_ADDRESS + DWT_FUNCTION_OFFSET, DWT_FUNCTION_WATCH_WRITE);
        f.core.run(100);
        assertThat(f.regs.r(0)).as("without DEMCR.TRCENA the DWT does nothing").isEqualTo(2);

        f.regs.setPc(CODE);
        f.regs.setR(0, 0);
        f.ppbWrite(DEMCR.address(), DEMCR_TRCENA.mask());
        f.core.run(100);
        assertThat(f.core.stopReason()).isEqualTo(CortexMCore.Stop.WATCHPOINT);
        assertThat(f.pc()).as("the load did not match; halted after the store").isEqualTo(CODE + 4);
        assertThat(DFSR_DWTTRAP.isSet(f.ppb(DFSR.address()))).isTrue();
        long function = DWT_COMP0_ADDRESS + DWT_FUNCTION_OFFSET;
        assertThat(DWT_FUNCTION_MATCHED.isSet(f.ppb(function))).isTrue();
        assertThat(DWT_FUNCTION_MATCHED.isSet(f.ppb(function))).isFalse();
    }

    @Test
    void cyccntCountsCoreCyclesWhileEnabledWithTrcena() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(ADDS_R1_1, ADDS_R1_1, ADDS_R1_1, ADDS_R1_1, B_SELF);
        f.ppbWrite(DWT_CTRL_ADDRESS, DWT_CTRL_CYCCNTENA.mask());
        f.steps(2);
        assertThat(f.ppb(DWT_CYCCNT_ADDRESS)).isZero();
        f.ppbWrite(DEMCR.address(), DEMCR_TRCENA.mask());
        int cycles = f.steps(2);
        assertThat(f.ppb(DWT_CYCCNT_ADDRESS)).isEqualTo(cycles).isPositive();
        ExceptionFixture m0 = ExceptionFixture.m0plus();
        assertThat(m0.ppb(DWT_CTRL_ADDRESS) & 1 << 25).as("ARMv6-M: NOCYCCNT").isNotZero();
    }

    @Test
    void theCoresSemihostingCollectsOutputAndStopsOnExit() {
        ExceptionFixture f = ExceptionFixture.m7();
        Semihosting host = f.core.enableSemihosting();
        byte[] text = "hello\n\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < text.length; i++) {
            f.bus.write8(DATA + i, text[i]);
        }
        // movs r0, #4 (SYS_WRITE0); bkpt 0xab; movs r0, #0x18 (SYS_EXIT); mov r1, r3; bkpt 0xab
        f.code(0x2004, BKPT_AB, 0x2018, 0x4619, BKPT_AB, B_SELF);
        f.regs.setR(1, DATA);
        f.regs.setR(3, 0x2_0026); // ADP_Stopped_ApplicationExit
        f.core.run(1000);
        assertThat(f.core.stopReason()).isEqualTo(CortexMCore.Stop.EXIT);
        assertThat(host.output()).isEqualTo("hello\n");
        assertThat(host.exitStatus()).hasValue(0);
    }

    @Test
    void withoutTheServiceSemihostingHaltsForTheDebugger() {
        ExceptionFixture f = ExceptionFixture.m7();
        f.code(0x2004, BKPT_AB);
        enableDebug(f);
        f.core.run(100);
        assertThat(f.core.stopReason()).isEqualTo(CortexMCore.Stop.BREAKPOINT);
        assertThat(f.pc()).isEqualTo(CODE + 2);
    }
}
