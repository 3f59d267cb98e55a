package dev.flashbank.sim.cpu;

import static dev.flashbank.sim.cpu.VfpEncodings.*;
import static dev.flashbank.sim.cpu.VfpHarness.IXC;
import static dev.flashbank.sim.cpu.VfpHarness.OFC;
import static dev.flashbank.sim.cpu.VfpHarness.UFC;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * Random operands against an independent oracle, in all four rounding modes: Java's float/double arithmetic gives
 * the round-to-nearest result (IEEE 754), exact {@link BigDecimal} comparisons say on which side of it the exact
 * result lies, which fixes the directed results (the neighbour towards the mode's direction), IXC (inexact), UFC
 * (tiny before rounding and inexact) and OFC (the result rounded in the mode with an unbounded exponent is beyond the
 * largest normal: an infinity, or the largest normal for an exact result of 2^(emax+1) or more). Operands include denormals and near-cancelling pairs.
 */
class VfpOracleTest {

    static final int[] MODES = {VfpHarness.RN, VfpHarness.RP, VfpHarness.RM, VfpHarness.RZ};
    static final int CASES = 400;

    private final VfpHarness h = new VfpHarness();
    private final Random random = new Random(19);

    /** The exact result's relation to candidates: sign of (candidate - exact). */
    interface Exact {
        int compareWith(BigDecimal candidate);
    }

    private float randomFloat(int minExp, int maxExp) {
        int bits = random.nextInt(1 << 23);
        int exp = random.nextInt(8) == 0 ? 0 : 127 + minExp + random.nextInt(maxExp - minExp + 1);
        float f = Float.intBitsToFloat(exp << 23 | bits);
        return random.nextBoolean() ? -f : f;
    }

    private double randomDouble(int minExp, int maxExp) {
        long bits = random.nextLong() & ((1L << 52) - 1);
        long exp = random.nextInt(8) == 0 ? 0 : 1023 + minExp + random.nextInt(maxExp - minExp + 1);
        double d = Double.longBitsToDouble(exp << 52 | bits);
        return random.nextBoolean() ? -d : d;
    }

    private static BigDecimal bd(double d) {
        return new BigDecimal(d);
    }

    /**
     * Checks the instruction's result bits in every mode: {@code nearest} is the IEEE round-to-nearest result
     * (never NaN here), {@code zeroSumSign} whether an exact zero is a sum (signed by the mode) rather than a product.
     */
    private void check(String what, boolean single, double nearest, Exact exact, BigDecimal minNormal,
            Runnable execute, boolean zeroSum) {
        int toNearest = Double.isInfinite(nearest) ? (nearest > 0 ? 1 : -1) : exact.compareWith(bd(nearest));
        BigDecimal overflow = single ? BigDecimal.valueOf(2).pow(128) : BigDecimal.valueOf(2).pow(1024);
        boolean beyondLargest = exact.compareWith(overflow) <= 0 || exact.compareWith(overflow.negate()) >= 0;
        int sign = exact.compareWith(BigDecimal.ZERO); // 0 - exact: < 0 for a positive exact result
        boolean exactZero = sign == 0;
        for (int mode : MODES) {
            double expected;
            if (toNearest == 0) {
                expected = exactZero && zeroSum ? (mode == VfpHarness.RM ? -0.0 : 0.0) : nearest;
            } else if (mode == VfpHarness.RN) {
                expected = nearest;
            } else {
                boolean nearestAbove = toNearest > 0;
                boolean wantAbove = mode == VfpHarness.RP || mode == VfpHarness.RZ && sign > 0;
                expected = nearestAbove == wantAbove ? nearest
                        : single ? (wantAbove ? Math.nextUp((float) nearest) : Math.nextDown((float) nearest))
                                : (wantAbove ? Math.nextUp(nearest) : Math.nextDown(nearest));
            }
            h.regs.fpscr = mode;
            execute.run();
            long actual = single ? h.regs.s[0] & 0xFFFF_FFFFL : h.dBits(0);
            long wanted = single ? Float.floatToRawIntBits((float) expected) & 0xFFFF_FFFFL
                    : Double.doubleToRawLongBits(expected);
            int flags = 0;
            if (toNearest != 0) {
                flags |= IXC;
                if (exact.compareWith(minNormal) > 0 && exact.compareWith(minNormal.negate()) < 0) {
                    flags |= UFC;
                }
                if (Double.isInfinite(expected) || beyondLargest) { // rounding with unbounded exponent overflows
                    flags |= OFC;
                }
            }
            assertThat(Long.toHexString(actual)).as("%s mode %d", what, mode >>> 22)
                    .isEqualTo(Long.toHexString(wanted));
            assertThat(h.flags()).as("%s mode %d flags", what, mode >>> 22).isEqualTo(flags);
        }
    }

    @Test
    void singlePrecisionAddSubtractMultiplyDivideFusedAndSquareRoot() {
        BigDecimal minNormal = bd(Float.MIN_NORMAL);
        for (int i = 0; i < CASES; i++) {
            float a = randomFloat(-126, 60);
            float b = random.nextInt(4) == 0 ? -a * (1 + randomFloat(-30, -20)) : randomFloat(-126, 60);
            float c = randomFloat(-120, 60);
            h.s(1, a);
            h.s(2, b);
            BigDecimal x = bd(a);
            BigDecimal y = bd(b);
            String ops = a + ", " + b;
            check("vadd " + ops, true, a + b, r -> r.compareTo(x.add(y)), minNormal, () -> h.run(VADD_F32), true);
            check("vsub " + ops, true, a - b, r -> r.compareTo(x.subtract(y)), minNormal, () -> h.run(VSUB_F32),
                    true);
            check("vmul " + ops, true, a * b, r -> r.compareTo(x.multiply(y)), minNormal, () -> h.run(VMUL_F32),
                    false);
            if (b != 0) {
                check("vdiv " + ops, true, a / b, r -> r.multiply(y).compareTo(x) * Integer.signum(y.signum()),
                        minNormal, () -> h.run(VDIV_F32), false);
            }
            float fused = Math.fma(a, b, c);
            if (!Float.isInfinite(fused) && (fused != 0 || a * b != 0)) {
                BigDecimal z = bd(c);
                check("vfma " + ops + ", " + c, true, fused, r -> r.compareTo(x.multiply(y).add(z)), minNormal,
                        () -> {
                            h.s(0, c);
                            h.run(VFMA_F32);
                        }, true);
            }
            float root = Math.abs(a);
            h.s(1, root);
            check("vsqrt " + root, true, (float) Math.sqrt(root), r -> r.signum() < 0 ? -1 : r.multiply(r).compareTo(bd(root)),
                    minNormal, () -> h.run(VSQRT_F32), false);
        }
    }

    @Test
    void doublePrecisionAddMultiplyDivideFusedAndSquareRoot() {
        BigDecimal minNormal = bd(Double.MIN_NORMAL);
        for (int i = 0; i < CASES / 2; i++) {
            double a = randomDouble(-1022, 500);
            double b = random.nextInt(4) == 0 ? -a * (1 + randomDouble(-60, -40)) : randomDouble(-1022, 500);
            double c = randomDouble(-1000, 500);
            h.d(1, a);
            h.d(2, b);
            BigDecimal x = bd(a);
            BigDecimal y = bd(b);
            String ops = a + ", " + b;
            check("vadd.f64 " + ops, false, a + b, r -> r.compareTo(x.add(y)), minNormal, () -> h.run(VADD_F64),
                    true);
            check("vmul.f64 " + ops, false, a * b, r -> r.compareTo(x.multiply(y)), minNormal,
                    () -> h.run(VMUL_F64), false);
            if (b != 0) {
                check("vdiv.f64 " + ops, false, a / b, r -> r.multiply(y).compareTo(x) * Integer.signum(y.signum()),
                        minNormal, () -> h.run(VDIV_F64), false);
            }
            double fused = Math.fma(a, b, c);
            if (!Double.isInfinite(fused) && (fused != 0 || a * b != 0)) {
                BigDecimal z = bd(c);
                check("vfma.f64 " + ops + ", " + c, false, fused, r -> r.compareTo(x.multiply(y).add(z)), minNormal,
                        () -> {
                            h.d(0, c);
                            h.run(VFMA_F64);
                        }, true);
            }
            double root = Math.abs(a);
            h.d(1, root);
            check("vsqrt.f64 " + root, false, Math.sqrt(root), r -> r.signum() < 0 ? -1 : r.multiply(r).compareTo(bd(root)), minNormal,
                    () -> h.run(VSQRT_F64), false);
        }
    }
}
