package dev.flashbank.sim.cpu;

import static dev.flashbank.sim.cpu.VfpHarness.FZ;
import static dev.flashbank.sim.cpu.VfpHarness.IDC;
import static dev.flashbank.sim.cpu.VfpHarness.IOC;
import static dev.flashbank.sim.cpu.VfpHarness.IXC;
import static dev.flashbank.sim.cpu.VfpHarness.RM;
import static dev.flashbank.sim.cpu.VfpHarness.RN;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The FPv5 additions (Cortex-M7): VSEL, VMAXNM/VMINNM, VRINT{A,N,P,M,X,Z,R}, VCVT{A,N,P,M}. */
class VfpFpv5Test {

    static final int VSELEQ_F32 = 0xFE000A81; // vseleq.f32 s0, s1, s2
    static final int VSELVS_F32 = 0xFE100A81; // vselvs.f32 s0, s1, s2
    static final int VSELGE_F32 = 0xFE200A81; // vselge.f32 s0, s1, s2
    static final int VSELGT_F64 = 0xFE310B02; // vselgt.f64 d0, d1, d2
    static final int VMAXNM_F32 = 0xFE800A81; // vmaxnm.f32 s0, s1, s2
    static final int VMINNM_F32 = 0xFE800AC1; // vminnm.f32 s0, s1, s2
    static final int VMAXNM_F64 = 0xFE810B02; // vmaxnm.f64 d0, d1, d2
    static final int VRINTA_F32 = 0xFEB80A60; // vrinta.f32 s0, s1
    static final int VRINTN_F32 = 0xFEB90A60; // vrintn.f32 s0, s1
    static final int VRINTP_F32 = 0xFEBA0A60; // vrintp.f32 s0, s1
    static final int VRINTM_F32 = 0xFEBB0A60; // vrintm.f32 s0, s1
    static final int VRINTX_F32 = 0xEEB70A60; // vrintx.f32 s0, s1
    static final int VRINTZ_F32 = 0xEEB60AE0; // vrintz.f32 s0, s1
    static final int VRINTR_F32 = 0xEEB60A60; // vrintr.f32 s0, s1
    static final int VRINTA_F64 = 0xFEB80B41; // vrinta.f64 d0, d1
    static final int VCVTA_S32_F32 = 0xFEBC0AE0; // vcvta.s32.f32 s0, s1
    static final int VCVTN_S32_F32 = 0xFEBD0AE0; // vcvtn.s32.f32 s0, s1
    static final int VCVTP_U32_F32 = 0xFEBE0A60; // vcvtp.u32.f32 s0, s1
    static final int VCVTM_S32_F64 = 0xFEBF0BC1; // vcvtm.s32.f64 s0, d1

    private final VfpHarness h = new VfpHarness();

    private float select(int encoding, boolean n, boolean z, boolean v) {
        h.regs.n = n;
        h.regs.z = z;
        h.regs.v = v;
        h.s(1, 1f);
        h.s(2, 2f);
        h.run(encoding);
        return h.s(0);
    }

    @Test
    void vselPicksTheFirstOperandWhenTheConditionHolds() {
        assertThat(select(VSELEQ_F32, false, true, false)).isEqualTo(1f);
        assertThat(select(VSELEQ_F32, false, false, false)).isEqualTo(2f);
        assertThat(select(VSELVS_F32, false, false, true)).isEqualTo(1f);
        assertThat(select(VSELGE_F32, true, false, true)).isEqualTo(1f);
        assertThat(select(VSELGE_F32, true, false, false)).isEqualTo(2f);
        h.regs.n = false;
        h.regs.v = false;
        h.regs.z = true; // GT needs Z clear
        h.d(1, 1.0);
        h.d(2, 2.0);
        h.run(VSELGT_F64);
        assertThat(h.d(0)).isEqualTo(2.0);
        h.regs.z = false;
        h.run(VSELGT_F64);
        assertThat(h.d(0)).isEqualTo(1.0);
    }

    @Test
    void vmaxnmAndVminnmPreferANumberToOneQuietNan() {
        h.regs.s[1] = 0x7FC0_0000;
        h.s(2, -3f);
        h.run(VMAXNM_F32);
        assertThat(h.s(0)).isEqualTo(-3f);
        h.run(VMINNM_F32);
        assertThat(h.s(0)).isEqualTo(-3f);
        assertThat(h.flags()).isZero();

        h.regs.s[1] = 0x7F80_0001; // a signalling NaN is not preferred against: quietened, IOC
        h.run(VMAXNM_F32);
        assertThat(h.regs.s[0]).isEqualTo(0x7FC0_0001);
        assertThat(h.flags()).isEqualTo(IOC);

        h.regs.fpscr = 0;
        h.s(1, -0f);
        h.s(2, 0f);
        h.run(VMAXNM_F32);
        assertThat(h.regs.s[0]).isZero();
        h.run(VMINNM_F32);
        assertThat(h.regs.s[0]).isEqualTo(0x8000_0000);

        h.regs.fpscr = FZ;
        h.dBits(1, 1L); // flushed: +0 against -1
        h.d(2, -1.0);
        h.run(VMAXNM_F64);
        assertThat(h.dBits(0)).isZero();
        assertThat(h.flags()).isEqualTo(IDC);
    }

    private float rint(int encoding, int fpscr, float value) {
        h.regs.fpscr = fpscr;
        h.s(1, value);
        h.run(encoding);
        return h.s(0);
    }

    @Test
    void vrintRoundsToAnIntegralValueInItsOwnMode() {
        assertThat(rint(VRINTA_F32, RN, 2.5f)).isEqualTo(3f);
        assertThat(rint(VRINTA_F32, RN, -2.5f)).isEqualTo(-3f);
        assertThat(rint(VRINTN_F32, RN, 2.5f)).isEqualTo(2f);
        assertThat(rint(VRINTN_F32, RN, -3.5f)).isEqualTo(-4f);
        assertThat(rint(VRINTP_F32, RN, 2.1f)).isEqualTo(3f);
        assertThat(rint(VRINTP_F32, RN, -2.9f)).isEqualTo(-2f);
        assertThat(rint(VRINTM_F32, RN, -2.1f)).isEqualTo(-3f);
        assertThat(rint(VRINTZ_F32, RN, -2.9f)).isEqualTo(-2f);
        assertThat(h.flags()).isZero(); // only VRINTX raises inexact
        assertThat(Float.floatToRawIntBits(rint(VRINTA_F32, RN, -0.3f))).isEqualTo(0x8000_0000); // sign kept
        assertThat(rint(VRINTZ_F32, RN, 1e20f)).isEqualTo(1e20f);

        assertThat(rint(VRINTR_F32, RM, 2.5f)).isEqualTo(2f);
        assertThat(h.flags()).isZero();
        assertThat(rint(VRINTX_F32, RN, 2.5f)).isEqualTo(2f);
        assertThat(h.flags()).isEqualTo(IXC);
        assertThat(rint(VRINTX_F32, RN, 7f)).isEqualTo(7f);
        assertThat(h.flags()).isZero();

        h.d(1, -0.5);
        h.run(VRINTA_F64);
        assertThat(h.d(0)).isEqualTo(-1.0);
    }

    @Test
    void vcvtWithADirectedRoundingMode() {
        assertThat(rintToInt(VCVTA_S32_F32, 2.5f)).isEqualTo(3);
        assertThat(rintToInt(VCVTA_S32_F32, -2.5f)).isEqualTo(-3);
        assertThat(h.flags()).isEqualTo(IXC);
        assertThat(rintToInt(VCVTN_S32_F32, 2.5f)).isEqualTo(2);
        assertThat(rintToInt(VCVTP_U32_F32, 0.1f)).isEqualTo(1);
        assertThat(rintToInt(VCVTP_U32_F32, -0.9f)).isZero();
        assertThat(h.flags()).isEqualTo(IXC);
        h.regs.fpscr = 0;
        h.d(1, -0.1);
        h.run(VCVTM_S32_F64);
        assertThat(h.regs.s[0]).isEqualTo(-1);
    }

    private int rintToInt(int encoding, float value) {
        h.regs.fpscr = 0;
        h.s(1, value);
        h.run(encoding);
        return h.regs.s[0];
    }
}
