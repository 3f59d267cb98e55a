package dev.flashbank.sim.cpu;

import static dev.flashbank.sim.cpu.VfpEncodings.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which FPU runs what (ARMv7-M ARM A2.5, ExecuteFPCheck): no FPU is NOCP for every coprocessor 10/11 instruction;
 * FPv4-SP and FPv5-SP lack double-precision arithmetic (UNDEFINSTR) but move D registers; FPv4 lacks the FPv5
 * instructions.
 */
class VfpAccessTest {

    @Test
    void withoutAnFpuEveryInstructionIsNocp() {
        VfpHarness h = new VfpHarness(CoreProfile.CORTEX_M0_PLUS);
        h.assertFault(VADD_F32, CpuFault.Kind.NOCP);
        h.assertFault(VLDR_D2, CpuFault.Kind.NOCP);
        h.assertFault(VSELEQ_F32, CpuFault.Kind.NOCP);
    }

    @Test
    void singlePrecisionFpv4RejectsDoubleArithmeticAndFpv5Instructions() {
        VfpHarness h = new VfpHarness(CoreProfile.CORTEX_M4F);
        h.s(1, 1f);
        h.s(2, 2f);
        h.run(VADD_F32);
        assertThat(h.s(0)).isEqualTo(3f);
        for (int encoding : new int[] {VADD_F64, VMOV_F64_IMM, VCVT_F64_F32, VCVT_F32_F64, VSELEQ_F32, VRINTA_F32,
                VRINTX_F32, LDC2}) {
            h.assertFault(encoding, CpuFault.Kind.UNDEFINSTR);
        }
        h.regs.r[1] = VfpHarness.RAM + 0x14;
        h.word(VfpHarness.RAM + 0x10, 0);
        h.word(VfpHarness.RAM + 0x14, 0x4000_0000);
        h.run(VLDR_D2); // D registers still load, store and move: they are S register pairs
        assertThat(h.d(2)).isEqualTo(2.0);
        h.regs.r[9] = 0x3FF0_0000;
        h.run(VMOV_D5_CORE);
        assertThat(h.d(5)).isEqualTo(1.0);
    }

    @Test
    void singlePrecisionFpv5HasTheFpv5InstructionsButNoDoubleArithmetic() {
        VfpHarness h = new VfpHarness(CoreProfile.CORTEX_M7_SP);
        h.regs.z = true;
        h.s(1, 5f);
        h.run(VSELEQ_F32);
        assertThat(h.s(0)).isEqualTo(5f);
        h.assertFault(VMAXNM_F64, CpuFault.Kind.UNDEFINSTR);
        h.assertFault(VADD_F64, CpuFault.Kind.UNDEFINSTR);
    }

    @Test
    void cpacrDeniedOrPrivilegedOnlyIsNocpBeforeAnyDecode() {
        VfpHarness h = new VfpHarness(CoreProfile.CORTEX_M7_DP);
        h.core.memory().write32(VfpHarness.CPACR, 0);
        h.assertFault(VADD_F32, CpuFault.Kind.NOCP);
        h.assertFault(LDC2, CpuFault.Kind.NOCP);

        h.core.memory().write32(VfpHarness.CPACR, 0x0050_0000); // CP10/CP11 privileged access only
        h.run(VADD_F32);
        h.regs.control |= 1; // thread mode, unprivileged
        h.assertFault(VADD_F32, CpuFault.Kind.NOCP);
    }

    @Test
    void anFpInstructionMarksTheFpContextActive() {
        VfpHarness h = new VfpHarness(CoreProfile.CORTEX_M4F);
        h.regs.control = 0;
        h.run(VMOV_D5_CORE);
        assertThat(h.regs.control & 4).as("CONTROL.FPCA").isEqualTo(4);
    }

    @Test
    void anUndefinedInstructionChangesNothing() {
        VfpHarness h = new VfpHarness(CoreProfile.CORTEX_M4F);
        h.regs.fpscr = 0;
        h.d(0, 7.0);
        h.assertFault(VADD_F64, CpuFault.Kind.UNDEFINSTR);
        assertThat(h.d(0)).isEqualTo(7.0);
        assertThat(h.regs.fpscr).isZero();
    }
}
