package dev.flashbank.sim.cpu;

import static dev.flashbank.sim.cpu.VfpEncodings.*;
import static dev.flashbank.sim.cpu.VfpHarness.DN;
import static dev.flashbank.sim.cpu.VfpHarness.DZC;
import static dev.flashbank.sim.cpu.VfpHarness.FZ;
import static dev.flashbank.sim.cpu.VfpHarness.IDC;
import static dev.flashbank.sim.cpu.VfpHarness.IOC;
import static dev.flashbank.sim.cpu.VfpHarness.IXC;
import static dev.flashbank.sim.cpu.VfpHarness.OFC;
import static dev.flashbank.sim.cpu.VfpHarness.RM;
import static dev.flashbank.sim.cpu.VfpHarness.RN;
import static dev.flashbank.sim.cpu.VfpHarness.RP;
import static dev.flashbank.sim.cpu.VfpHarness.RZ;
import static dev.flashbank.sim.cpu.VfpHarness.UFC;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Data processing (ARMv7-M ARM A2.5, A7.7): results and FPSCR exception flags where they could go wrong - rounding
 * modes on a tie, overflow to infinity or the largest normal, flush-to-zero, NaN selection and default NaN, fused
 * against unfused multiply-add.
 */
class VfpArithmeticTest {

    static final float ONE_PLUS_ULP = Math.nextUp(1f); // 1 + 2^-23
    static final float HALF_ULP_OF_ONE = 0x1p-24f;

    private final VfpHarness h = new VfpHarness();

    private float add(int fpscr, float a, float b) {
        h.regs.fpscr = fpscr;
        h.s(1, a);
        h.s(2, b);
        h.run(VADD_F32);
        return h.s(0);
    }

    @Test
    void aTieRoundsToEvenInRoundToNearestAndByDirectionOtherwise() {
        assertThat(add(RN, 1f, HALF_ULP_OF_ONE)).isEqualTo(1f); // 1 is even
        assertThat(h.flags()).isEqualTo(IXC);
        assertThat(add(RN, ONE_PLUS_ULP, HALF_ULP_OF_ONE)).isEqualTo(Math.nextUp(ONE_PLUS_ULP)); // odd: away
        assertThat(add(RP, 1f, HALF_ULP_OF_ONE)).isEqualTo(ONE_PLUS_ULP);
        assertThat(add(RM, 1f, HALF_ULP_OF_ONE)).isEqualTo(1f);
        assertThat(add(RZ, 1f, HALF_ULP_OF_ONE)).isEqualTo(1f);
        assertThat(add(RM, -1f, -HALF_ULP_OF_ONE)).isEqualTo(-ONE_PLUS_ULP);
        assertThat(add(RP, -1f, -HALF_ULP_OF_ONE)).isEqualTo(-1f);
        assertThat(add(RZ, -1f, -HALF_ULP_OF_ONE)).isEqualTo(-1f);
        assertThat(h.flags()).isEqualTo(IXC);
    }

    @Test
    void anExactResultRaisesNothingAndAnExactZeroSumIsMinusZeroOnlyRoundingDown() {
        assertThat(add(RN, 1.5f, 2.25f)).isEqualTo(3.75f);
        assertThat(h.flags()).isZero();
        assertThat(Float.floatToRawIntBits(add(RN, 1f, -1f))).isEqualTo(0);
        assertThat(Float.floatToRawIntBits(add(RM, 1f, -1f))).isEqualTo(0x8000_0000);
        assertThat(Float.floatToRawIntBits(add(RN, -0f, -0f))).isEqualTo(0x8000_0000);
    }

    @Test
    void overflowGivesInfinityOrTheLargestNormalByRoundingMode() {
        assertThat(add(RN, Float.MAX_VALUE, Float.MAX_VALUE)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(h.flags()).isEqualTo(OFC | IXC);
        assertThat(add(RZ, Float.MAX_VALUE, Float.MAX_VALUE)).isEqualTo(Float.MAX_VALUE);
        assertThat(h.flags()).isEqualTo(OFC | IXC);
        assertThat(add(RM, Float.MAX_VALUE, Float.MAX_VALUE)).isEqualTo(Float.MAX_VALUE);
        assertThat(add(RP, -Float.MAX_VALUE, -Float.MAX_VALUE)).isEqualTo(-Float.MAX_VALUE);
        assertThat(add(RM, -Float.MAX_VALUE, -Float.MAX_VALUE)).isEqualTo(Float.NEGATIVE_INFINITY);
    }

    @Test
    void flushToZeroFlushesDenormalInputsWithIdcAndTinyResultsWithUfcButNoIxc() {
        assertThat(add(RN, Float.MIN_VALUE, 0f)).isEqualTo(Float.MIN_VALUE);
        assertThat(h.flags()).isZero(); // a denormal result that is exact does not underflow
        assertThat(add(FZ, Float.MIN_VALUE, 0f)).isEqualTo(0f);
        assertThat(h.flags()).isEqualTo(IDC);

        h.regs.fpscr = FZ;
        h.s(1, Float.MIN_NORMAL);
        h.s(2, 0.5f);
        h.run(VMUL_F32);
        assertThat(h.regs.s[0]).isZero();
        assertThat(h.flags()).isEqualTo(UFC);

        h.regs.fpscr = RN;
        h.s(1, Float.MIN_VALUE);
        h.run(VMUL_F32); // 2^-150: a tie between 0 and the smallest denormal, to even = 0
        assertThat(h.regs.s[0]).isZero();
        assertThat(h.flags()).isEqualTo(UFC | IXC);
    }

    @Test
    void nanOperandsSignallingFirstThenFirstOperandAndDefaultNanWithDn() {
        int qnan1 = 0x7FC0_0001;
        int snan2 = 0xFF80_0002;
        h.regs.s[1] = qnan1;
        h.regs.s[2] = snan2;
        h.run(VADD_F32);
        assertThat(h.regs.s[0]).isEqualTo(0xFFC0_0002); // the signalling one, quietened
        assertThat(h.flags()).isEqualTo(IOC);

        h.regs.fpscr = 0;
        h.regs.s[2] = 0x7FC0_0003;
        h.run(VMUL_F32);
        assertThat(h.regs.s[0]).isEqualTo(qnan1); // both quiet: the first operand
        assertThat(h.flags()).isZero();

        h.regs.fpscr = DN;
        h.run(VNMUL_F32);
        assertThat(h.regs.s[0]).isEqualTo(0xFFC0_0000); // default NaN, then negated
    }

    @Test
    void invalidOperationsGiveTheDefaultNan() {
        assertThat(Float.floatToRawIntBits(add(RN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)))
                .isEqualTo(0x7FC0_0000);
        assertThat(h.flags()).isEqualTo(IOC);
        h.regs.fpscr = 0;
        h.s(1, 0f);
        h.s(2, 0f);
        h.run(VDIV_F32);
        assertThat(h.regs.s[0]).isEqualTo(0x7FC0_0000);
        assertThat(h.flags()).isEqualTo(IOC);
        h.regs.fpscr = 0;
        h.s(1, -1f);
        h.run(VSQRT_F32);
        assertThat(h.regs.s[0]).isEqualTo(0x7FC0_0000);
        assertThat(h.flags()).isEqualTo(IOC);
    }

    @Test
    void divisionByZeroOfAFiniteNumberIsDzcAndInfinity() {
        h.s(1, -3f);
        h.s(2, 0f);
        assertThat(h.run(VDIV_F32)).isEqualTo(14);
        assertThat(h.s(0)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(h.flags()).isEqualTo(DZC);
        h.regs.fpscr = 0;
        h.s(1, Float.POSITIVE_INFINITY);
        h.run(VDIV_F32);
        assertThat(h.flags()).isZero(); // infinity / 0 is not a division by zero
    }

    @Test
    void squareRootRoundsInTheFpscrModeAndKeepsMinusZero() {
        h.s(1, 2f);
        h.run(VSQRT_F32);
        assertThat(h.regs.s[0]).isEqualTo(0x3FB5_04F3); // nearest, below the true root
        assertThat(h.flags()).isEqualTo(IXC);
        h.regs.fpscr = RP;
        h.run(VSQRT_F32);
        assertThat(h.regs.s[0]).isEqualTo(0x3FB5_04F4);
        h.regs.fpscr = 0;
        h.s(1, -0f);
        h.run(VSQRT_F32);
        assertThat(h.regs.s[0]).isEqualTo(0x8000_0000);
        assertThat(h.flags()).isZero();
    }

    @Test
    void doublePrecisionArithmeticAndItsM7Cycles() {
        h.d(1, 1.0);
        h.d(2, 0x1p-53);
        h.run(VADD_F64);
        assertThat(h.d(0)).isEqualTo(1.0);
        assertThat(h.flags()).isEqualTo(IXC);
        h.regs.fpscr = RP;
        h.run(VADD_F64);
        assertThat(h.d(0)).isEqualTo(Math.nextUp(1.0));

        h.regs.fpscr = RZ;
        h.d(1, 1.0);
        h.d(2, 10.0);
        assertThat(h.run(VDIV_F64)).isEqualTo(30);
        assertThat(h.d(0)).isEqualTo(Math.nextDown(0.1)); // 1/10 rounds up to nearest, down towards zero
        h.regs.fpscr = RN;
        h.d(1, 2.0);
        h.run(VSQRT_F64);
        assertThat(h.d(0)).isEqualTo(Math.sqrt(2.0));
    }

    @Test
    void fusedMultiplyAddRoundsOnceUnfusedTwice() {
        float a = 1f + 0x1p-12f; // a * a = 1 + 2^-11 + 2^-24: the 2^-24 is lost when the product is rounded
        h.s(1, a);
        h.s(2, a);
        h.s(0, -(1f + 0x1p-11f));
        assertThat(h.run(VMLA_F32)).isEqualTo(3);
        assertThat(h.s(0)).isEqualTo(0f);
        assertThat(h.flags()).isEqualTo(IXC);

        h.regs.fpscr = 0;
        h.s(0, -(1f + 0x1p-11f));
        h.run(VFMA_F32);
        assertThat(h.s(0)).isEqualTo(0x1p-24f);
        assertThat(h.flags()).isZero();
    }

    @Test
    void theNegatedMultiplyAccumulateForms() {
        h.s(1, 2f);
        h.s(2, 3f);
        float[] expected = {1f - 6f, -1f - 6f, -1f + 6f, 1f - 6f, -1f - 6f, -1f + 6f};
        int[] encodings = {VMLS_F32, VNMLA_F32, VNMLS_F32, VFMS_F32, VFNMA_F32, VFNMS_F32};
        for (int i = 0; i < encodings.length; i++) {
            h.s(0, 1f);
            h.run(encodings[i]);
            assertThat(h.s(0)).as("encoding %08X", encodings[i]).isEqualTo(expected[i]);
        }
        h.s(0, 1f);
        h.run(VNMUL_F32);
        assertThat(h.s(0)).isEqualTo(-6f);
    }

    @Test
    void fusedMultiplyAddOfInfinityTimesZeroIsInvalidEvenWithAQuietNanAddend() {
        h.regs.s[0] = 0x7FC0_1234;
        h.s(1, Float.POSITIVE_INFINITY);
        h.s(2, 0f);
        h.run(VFMA_F32);
        assertThat(h.regs.s[0]).isEqualTo(0x7FC0_0000);
        assertThat(h.flags()).isEqualTo(IOC);
    }

    @Test
    void compareSetsFpscrNzcvAndVcmpeRaisesIocForAQuietNan() {
        h.s(0, 1f);
        h.s(1, 2f);
        h.run(VCMP_F32);
        assertThat(h.regs.fpscr >>> 28).isEqualTo(0b1000);
        h.s(1, 1f);
        h.run(VCMP_F32);
        assertThat(h.regs.fpscr >>> 28).isEqualTo(0b0110);
        h.s(0, -0f);
        h.run(VCMP_F32_ZERO);
        assertThat(h.regs.fpscr >>> 28).isEqualTo(0b0110); // -0 == +0
        h.s(0, 3f);
        h.run(VCMP_F32_ZERO);
        assertThat(h.regs.fpscr >>> 28).isEqualTo(0b0010);

        h.regs.fpscr = 0;
        h.regs.s[1] = 0x7FC0_0000;
        h.run(VCMP_F32);
        assertThat(h.regs.fpscr >>> 28).isEqualTo(0b0011);
        assertThat(h.flags()).isZero();
        h.run(VCMPE_F32);
        assertThat(h.flags()).isEqualTo(IOC);

        h.regs.fpscr = 0;
        h.regs.s[1] = 0x7F80_0001; // signalling: IOC even for VCMP
        h.run(VCMP_F32);
        assertThat(h.flags()).isEqualTo(IOC);

        h.regs.fpscr = FZ;
        h.dBits(0, 1L); // the smallest double denormal, flushed: equal to zero
        h.run(VCMPE_F64_ZERO);
        assertThat(h.regs.fpscr >>> 28).isEqualTo(0b0110);
        assertThat(h.flags()).isEqualTo(IDC);
    }

    @Test
    void flagsAreCumulative() {
        add(RN, 1f, HALF_ULP_OF_ONE);
        h.s(1, 1f);
        h.s(2, 0f);
        h.run(VDIV_F32);
        assertThat(h.flags()).isEqualTo(IXC | DZC);
    }
}
