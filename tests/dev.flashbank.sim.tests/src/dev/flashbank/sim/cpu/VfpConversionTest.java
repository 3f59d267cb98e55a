package dev.flashbank.sim.cpu;

import static dev.flashbank.sim.cpu.VfpEncodings.*;
import static dev.flashbank.sim.cpu.VfpHarness.AHP;
import static dev.flashbank.sim.cpu.VfpHarness.DN;
import static dev.flashbank.sim.cpu.VfpHarness.FZ;
import static dev.flashbank.sim.cpu.VfpHarness.IDC;
import static dev.flashbank.sim.cpu.VfpHarness.IOC;
import static dev.flashbank.sim.cpu.VfpHarness.IXC;
import static dev.flashbank.sim.cpu.VfpHarness.OFC;
import static dev.flashbank.sim.cpu.VfpHarness.RM;
import static dev.flashbank.sim.cpu.VfpHarness.RN;
import static dev.flashbank.sim.cpu.VfpHarness.RP;
import static dev.flashbank.sim.cpu.VfpHarness.RZ;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * VCVT between floating point and integers, fixed point, single/double and half precision (ARMv7-M ARM A7.7,
 * FPToFixed, FixedToFP, FPHalfToSingle, FPSingleToHalf): saturation with IOC and not IXC, the rounding each form
 * uses, NaN payloads, alternative half precision.
 */
class VfpConversionTest {

    private final VfpHarness h = new VfpHarness();

    private int toInt(int encoding, int fpscr, float value) {
        h.regs.fpscr = fpscr;
        h.s(1, value);
        h.run(encoding);
        return h.regs.s[0];
    }

    @Test
    void toIntegerRoundsTowardsZeroAndSaturatesWithIocButNotIxc() {
        assertThat(toInt(VCVT_S32_F32, RN, -1.75f)).isEqualTo(-1);
        assertThat(h.flags()).isEqualTo(IXC);
        assertThat(toInt(VCVT_S32_F32, RN, 2.5e9f)).isEqualTo(Integer.MAX_VALUE);
        assertThat(h.flags()).isEqualTo(IOC);
        assertThat(toInt(VCVT_S32_F32, RN, -2.5e9f)).isEqualTo(Integer.MIN_VALUE);
        assertThat(h.flags()).isEqualTo(IOC);
        assertThat(toInt(VCVT_S32_F32, RN, Float.NaN)).isZero();
        assertThat(h.flags()).isEqualTo(IOC);
        assertThat(toInt(VCVT_S32_F32, RN, -0x1p31f)).isEqualTo(Integer.MIN_VALUE);
        assertThat(h.flags()).isZero();
        assertThat(toInt(VCVT_U32_F32, RN, -0.5f)).isZero(); // rounds to 0 first: inexact, no saturation
        assertThat(h.flags()).isEqualTo(IXC);
        assertThat(toInt(VCVT_U32_F32, RN, -1f)).isZero();
        assertThat(h.flags()).isEqualTo(IOC);
        assertThat(toInt(VCVT_U32_F32, RN, 4.0e9f)).isEqualTo((int) 4_000_000_000L);
        assertThat(toInt(VCVT_S32_F32, FZ, Float.MIN_VALUE)).isZero();
        assertThat(h.flags()).isEqualTo(IDC);
    }

    @Test
    void vcvtrRoundsInTheFpscrMode() {
        assertThat(toInt(VCVTR_S32_F32, RN, 2.5f)).isEqualTo(2);
        assertThat(toInt(VCVTR_S32_F32, RN, 3.5f)).isEqualTo(4);
        assertThat(toInt(VCVTR_S32_F32, RM, -2.5f)).isEqualTo(-3);
        assertThat(toInt(VCVTR_S32_F32, RP, 2.1f)).isEqualTo(3);
        assertThat(toInt(VCVTR_S32_F32, RZ, -2.9f)).isEqualTo(-2);
        assertThat(toInt(VCVTR_S32_F32, RN, 2147483520f)).isEqualTo(2147483520);
        assertThat(h.flags()).isZero();

        h.regs.fpscr = 0;
        h.d(1, -2147483648.9);
        h.run(VCVT_S32_F64);
        assertThat(h.regs.s[0]).isEqualTo(Integer.MIN_VALUE);
        assertThat(h.flags()).isEqualTo(IXC);
    }

    @Test
    void fromIntegerRoundsInTheFpscrMode() {
        h.regs.s[1] = 16_777_217; // 2^24 + 1: not a float
        h.run(VCVT_F32_S32);
        assertThat(h.s(0)).isEqualTo(16_777_216f);
        assertThat(h.flags()).isEqualTo(IXC);
        h.regs.fpscr = RP;
        h.run(VCVT_F32_S32);
        assertThat(h.s(0)).isEqualTo(16_777_218f);

        h.regs.fpscr = RN;
        h.regs.s[1] = -1; // unsigned: 2^32 - 1
        h.run(VCVT_F32_U32);
        assertThat(h.s(0)).isEqualTo(0x1p32f);
        h.regs.fpscr = RZ;
        h.run(VCVT_F32_U32);
        assertThat(h.s(0)).isEqualTo(Math.nextDown(0x1p32f));

        h.regs.fpscr = 0;
        h.regs.s[1] = -5;
        h.run(VCVT_F64_S32);
        assertThat(h.d(0)).isEqualTo(-5.0);
        assertThat(h.flags()).isZero();
    }

    @Test
    void singleAndDoubleConversionsKeepNanPayloadsAndRoundInTheFpscrMode() {
        h.regs.s[1] = 0xFF80_0001; // signalling NaN, payload 1
        h.run(VCVT_F64_F32);
        assertThat(h.dBits(0)).isEqualTo(0xFFF8_0000_2000_0000L);
        assertThat(h.flags()).isEqualTo(IOC);
        h.regs.fpscr = DN;
        h.run(VCVT_F64_F32);
        assertThat(h.dBits(0)).isEqualTo(0x7FF8_0000_0000_0000L);
        h.regs.fpscr = FZ;
        h.s(1, Float.MIN_VALUE);
        h.run(VCVT_F64_F32);
        assertThat(h.dBits(0)).isZero();
        assertThat(h.flags()).isEqualTo(IDC);

        h.regs.fpscr = RN;
        h.d(1, 1e300);
        h.run(VCVT_F32_F64);
        assertThat(h.s(0)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(h.flags()).isEqualTo(OFC | IXC);
        h.regs.fpscr = RZ;
        h.run(VCVT_F32_F64);
        assertThat(h.s(0)).isEqualTo(Float.MAX_VALUE);
        h.regs.fpscr = RN;
        h.d(1, 0.1);
        h.run(VCVT_F32_F64);
        assertThat(h.s(0)).isEqualTo(0.1f);
        assertThat(h.flags()).isEqualTo(IXC);
    }

    @Test
    void halfPrecisionFromTheBottomOrTopHalfAndAlternativeHalfPrecision() {
        h.regs.s[1] = 0xC000_3C00; // top -2.0, bottom 1.0
        h.run(VCVTB_F32_F16);
        assertThat(h.s(0)).isEqualTo(1.0f);
        h.run(VCVTT_F32_F16);
        assertThat(h.s(0)).isEqualTo(-2.0f);

        h.regs.s[1] = 0x7C00; // IEEE: infinity; AHP: 2^16
        h.run(VCVTB_F32_F16);
        assertThat(h.s(0)).isEqualTo(Float.POSITIVE_INFINITY);
        h.regs.fpscr = AHP;
        h.run(VCVTB_F32_F16);
        assertThat(h.s(0)).isEqualTo(65536f);
        assertThat(h.flags()).isZero();
    }

    @Test
    void toHalfPrecisionWritesOneHalfAndRoundsOverflowByFormat() {
        h.regs.s[0] = 0x1234_5678;
        h.s(1, 1.5f);
        h.run(VCVTB_F16_F32);
        assertThat(h.regs.s[0]).isEqualTo(0x1234_3E00);
        h.run(VCVTT_F16_F32);
        assertThat(h.regs.s[0]).isEqualTo(0x3E00_3E00);

        h.s(1, 65520f); // a tie between 65504 (largest half) and 2^16: to even = 2^16, overflow in IEEE half
        h.run(VCVTB_F16_F32);
        assertThat(h.regs.s[0] & 0xFFFF).isEqualTo(0x7C00);
        assertThat(h.flags()).isEqualTo(OFC | IXC);
        h.regs.fpscr = AHP;
        h.run(VCVTB_F16_F32);
        assertThat(h.regs.s[0] & 0xFFFF).isEqualTo(0x7C00); // 2^16 is a number in AHP
        assertThat(h.flags()).isEqualTo(IXC);

        h.regs.fpscr = AHP;
        h.s(1, Float.NEGATIVE_INFINITY);
        h.run(VCVTB_F16_F32);
        assertThat(h.regs.s[0] & 0xFFFF).isEqualTo(0xFFFF);
        assertThat(h.flags()).isEqualTo(IOC);
        h.regs.fpscr = AHP;
        h.regs.s[1] = 0xFFC0_0000;
        h.run(VCVTB_F16_F32);
        assertThat(h.regs.s[0] & 0xFFFF).isEqualTo(0x8000);
        assertThat(h.flags()).isEqualTo(IOC);
        h.regs.fpscr = 0;
        h.regs.s[1] = 0x7FC0_2000; // quiet NaN: the top payload bits move along
        h.run(VCVTB_F16_F32);
        assertThat(h.regs.s[0] & 0xFFFF).isEqualTo(0x7E01);
        assertThat(h.flags()).isZero();
    }

    @Test
    void halfAndDoubleOnFpv5() {
        h.regs.s[1] = 0x3555; // 0.333251953125
        h.run(VCVTB_F64_F16);
        assertThat(h.d(0)).isEqualTo(0.333251953125);
        h.d(1, 1.0 / 3);
        h.regs.s[0] = 0;
        h.run(VCVTB_F16_F64);
        assertThat(h.regs.s[0]).isEqualTo(0x3555);
        assertThat(h.flags()).isEqualTo(IXC);
    }

    @Test
    void fixedPointConversionsInPlace() {
        h.s(0, 1.5f);
        h.run(VCVT_S32_F32_16);
        assertThat(h.regs.s[0]).isEqualTo(0x18000);
        h.run(VCVT_F32_S32_16);
        assertThat(h.s(0)).isEqualTo(1.5f);

        h.s(0, 40000f); // beyond 32767.99998 in Q16.16
        h.run(VCVT_S32_F32_16);
        assertThat(h.regs.s[0]).isEqualTo(Integer.MAX_VALUE);
        assertThat(h.flags()).isEqualTo(IOC);

        h.regs.fpscr = 0;
        h.s(0, 255.996f); // 65534.98 in U8.8: towards zero, zero-extended
        h.run(VCVT_U16_F32_8);
        assertThat(h.regs.s[0]).isEqualTo(0xFFFE);
        assertThat(h.flags()).isEqualTo(IXC);
        h.s(0, -1f);
        h.run(VCVT_U16_F32_8);
        assertThat(h.regs.s[0]).isZero();
        assertThat(h.flags()).isEqualTo(IXC | IOC);

        h.regs.s[0] = 0xABCD_0180; // only the low 16 bits are the operand: 0x0180 / 256
        h.run(VCVT_F32_U16_8);
        assertThat(h.s(0)).isEqualTo(1.5f);

        h.d(0, -3.75);
        h.run(VCVT_S32_F64_1); // -7.5 towards zero = -7, sign-extended to 64 bits
        assertThat(h.dBits(0)).isEqualTo(-7L);
    }
}
