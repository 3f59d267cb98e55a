package dev.flashbank.sim.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which FPU runs what (ARMv7-M ARM A2.5, ExecuteFPCheck): no FPU is NOCP for every coprocessor 10/11 instruction;
 * FPv4-SP and FPv5-SP lack double-precision arithmetic (UNDEFINSTR) but move D registers; FPv4 lacks the FPv5
 * instructions.
 */
class VfpAccessTest {

    static final int VADD_F32 = 0xEE300A81; // vadd.f32 s0, s1, s2
    static final int VADD_F64 = 0xEE310B02; // vadd.f64 d0, d1, d2
    static final int VMOV_F64_IMM = 0xEEB32B0F; // vmov.f64 d2, #31.0
    static final int VCVT_F64_F32 = 0xEEB70AE0; // vcvt.f64.f32 d0, s1
    static final int VCVT_F32_F64 = 0xEEB70BC1; // vcvt.f32.f64 s0, d1
    static final int VLDR_D2 = 0xED112B01; // vldr d2, [r1, #-4]
    static final int VMOV_D5_CORE = 0xEC498B15; // vmov d5, r8, r9
    static final int VSELEQ_F32 = 0xFE000A81; // vseleq.f32 s0, s1, s2
    static final int VRINTA_F32 = 0xFEB80A60; // vrinta.f32 s0, s1
    static final int VRINTX_F32 = 0xEEB70A60; // vrintx.f32 s0, s1
    static final int VMAXNM_F64 = 0xFE810B02; // vmaxnm.f64 d0, d1, d2
    static final int LDC2 = 0xFD900A00; // ldc2 p10, c0, [r0]: the unconditional load/store space is UNDEFINED

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
