package dev.flashbank.sim.cpu;

import static dev.flashbank.sim.cpu.VfpEncodings.*;
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
