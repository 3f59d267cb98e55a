package dev.flashbank.sim.cpu;

import java.math.BigInteger;

/**
 * IEEE 754 arithmetic as the ARMv7-M floating-point extension defines it, one method per pseudocode function of the
 * ARMv7-M ARM (A2.5 and its FPv5 additions): {@code FPAdd}, {@code FPMul}, {@code FPMulAdd}, {@code FPRound},
 * {@code FPToFixed}, {@code FPRoundInt}, ... on raw bit patterns of half, single and double precision.
 * <p>
 * Why not Java's float and double: Java rounds only to nearest and raises no exception flags, but firmware sets
 * FPSCR.RMode to any of the four modes, FZ and DN change results, and the cumulative flags (IOC DZC OFC UFC IXC IDC)
 * are architectural state a debugger and a differential test read after every instruction. So every operation forms
 * its exact result ({@link BigInteger} mantissa times a power of two; division and square root with enough quotient
 * bits plus a sticky bit) and {@link #round} rounds it once, as FPRound does.
 * <p>
 * The caller sets {@link #fpscr} (the control bits in force) before an instruction and ORs {@link #flags} into FPSCR
 * after it; an instruction that faults never reaches this class.
 */
final class FpArithmetic {

    /** FPSCR cumulative exception bits and control bits (ARMv7-M ARM A2.5.3, the FPSCR). */
    static final int IOC = 1, DZC = 1 << 1, OFC = 1 << 2, UFC = 1 << 3, IXC = 1 << 4, IDC = 1 << 7;
    static final int FPSCR_AHP = 1 << 26, FPSCR_DN = 1 << 25, FPSCR_FZ = 1 << 24;
    static final int FPSCR_RMODE_SHIFT = 22;
    /** FPSCR.RMode values. */
    static final int RN = 0, RP = 1, RM = 2, RZ = 3;
    /** Round to nearest, ties away from zero: FPv5's VRINTA / VCVTA only, not an FPSCR.RMode value. */
    static final int RNA = 4;

    /** The three formats (A2.5.1): sign, E exponent bits, F fraction bits. */
    enum Format {
        HALF(5, 10), SINGLE(8, 23), DOUBLE(11, 52);

        final int expBits;
        final int fracBits;
        final int width;
        final int bias;
        /** The exponent of the smallest normal number (-14, -126, -1022). */
        final int minExp;
        final int maxBiasedExp;
        final long fracMask;
        final long signBit;
        final long quietBit;
        final long defaultNaN;

        Format(int expBits, int fracBits) {
            this.expBits = expBits;
            this.fracBits = fracBits;
            this.width = 1 + expBits + fracBits;
            this.bias = (1 << (expBits - 1)) - 1;
            this.minExp = 1 - bias;
            this.maxBiasedExp = (1 << expBits) - 1;
            this.fracMask = (1L << fracBits) - 1;
            this.signBit = 1L << (width - 1);
            this.quietBit = 1L << (fracBits - 1);
            this.defaultNaN = (long) maxBiasedExp << fracBits | quietBit; // FPDefaultNaN: positive, quiet, no payload
        }
    }

    enum Type {
        ZERO, INFINITY, QNAN, SNAN, NONZERO
    }

    /** FPUnpack's result: the class, the sign and, for NONZERO, the value {@code mant * 2^exp}. */
    record Unpacked(Type type, boolean sign, long mant, int exp) {
        boolean nan() {
            return type == Type.QNAN || type == Type.SNAN;
        }

        Unpacked negated() {
            return new Unpacked(type, !sign, mant, exp);
        }
    }

    /** An exact real number {@code (-1)^sign * mag * 2^exp}. */
    private record Real(boolean sign, BigInteger mag, int exp) {
        static final Real ZERO = new Real(false, BigInteger.ZERO, 0);

        static Real of(Unpacked u) {
            return u.type == Type.ZERO ? ZERO : new Real(u.sign, BigInteger.valueOf(u.mant), u.exp);
        }

        Real plus(Real o) {
            int e = Math.min(exp, o.exp);
            BigInteger x = mag.shiftLeft(exp - e);
            BigInteger y = o.mag.shiftLeft(o.exp - e);
            BigInteger s = (sign ? x.negate() : x).add(o.sign ? y.negate() : y);
            return new Real(s.signum() < 0, s.abs(), e);
        }
    }

    /** The FPSCR in force for the current instruction (its control bits AHP, DN, FZ, RMode). */
    int fpscr;
    /** The exception flags the current instruction raised (FPSCR bit positions). */
    int flags;

    /** Starts an instruction under {@code fpscrValue}. */
    void begin(int fpscrValue) {
        fpscr = fpscrValue;
        flags = 0;
    }

    int rmode() {
        return (fpscr >>> FPSCR_RMODE_SHIFT) & 3;
    }

    private boolean fz() {
        return (fpscr & FPSCR_FZ) != 0;
    }

    private boolean dn() {
        return (fpscr & FPSCR_DN) != 0;
    }

    private boolean ahp() {
        return (fpscr & FPSCR_AHP) != 0;
    }

    // ============================================================ bits

    static long zero(Format f, boolean sign) {
        return sign ? f.signBit : 0;
    }

    static long infinity(Format f, boolean sign) {
        return zero(f, sign) | (long) f.maxBiasedExp << f.fracBits;
    }

    static long maxNormal(Format f, boolean sign) {
        return zero(f, sign) | (long) (f.maxBiasedExp - 1) << f.fracBits | f.fracMask;
    }

    static long neg(Format f, long bits) {
        return bits ^ f.signBit;
    }

    static long abs(Format f, long bits) {
        return bits & ~f.signBit;
    }

    /** FPUnpack: flushes single and double denormals to zero under FPSCR.FZ (IDC); half precision honours AHP. */
    Unpacked unpack(Format f, long bits) {
        boolean sign = (bits & f.signBit) != 0;
        int exp = (int) (bits >>> f.fracBits) & f.maxBiasedExp;
        long frac = bits & f.fracMask;
        if (exp == 0) {
            if (frac == 0) {
                return new Unpacked(Type.ZERO, sign, 0, 0);
            }
            if (f != Format.HALF && fz()) {
                flags |= IDC;
                return new Unpacked(Type.ZERO, sign, 0, 0);
            }
            return new Unpacked(Type.NONZERO, sign, frac, f.minExp - f.fracBits);
        }
        if (exp == f.maxBiasedExp && !(f == Format.HALF && ahp())) {
            if (frac == 0) {
                return new Unpacked(Type.INFINITY, sign, 0, 0);
            }
            return new Unpacked((frac & f.quietBit) != 0 ? Type.QNAN : Type.SNAN, sign, 0, 0);
        }
        return new Unpacked(Type.NONZERO, sign, frac | 1L << f.fracBits, exp - f.bias - f.fracBits);
    }

    /** FPProcessNaN: a signalling NaN is quietened (IOC); DN replaces any NaN by the default NaN. */
    private long processNaN(Format f, Unpacked u, long bits) {
        long r = bits;
        if (u.type == Type.SNAN) {
            r |= f.quietBit;
            flags |= IOC;
        }
        return dn() ? f.defaultNaN : r;
    }

    /** FPProcessNaNs: the first signalling NaN, else the first quiet NaN (at least one operand is a NaN). */
    private long processNaNs(Format f, Unpacked x, long a, Unpacked y, long b) {
        if (x.type == Type.SNAN) {
            return processNaN(f, x, a);
        }
        if (y.type == Type.SNAN) {
            return processNaN(f, y, b);
        }
        return x.type == Type.QNAN ? processNaN(f, x, a) : processNaN(f, y, b);
    }

    /** FPProcessNaNs3 (the addend of a fused multiply-add first). */
    private long processNaNs3(Format f, Unpacked x, long a, Unpacked y, long b, Unpacked z, long c) {
        if (x.type == Type.SNAN) {
            return processNaN(f, x, a);
        }
        if (y.type == Type.SNAN) {
            return processNaN(f, y, b);
        }
        if (z.type == Type.SNAN) {
            return processNaN(f, z, c);
        }
        if (x.type == Type.QNAN) {
            return processNaN(f, x, a);
        }
        return y.type == Type.QNAN ? processNaN(f, y, b) : processNaN(f, z, c);
    }

    private long invalid(Format f) {
        flags |= IOC;
        return f.defaultNaN;
    }

    // ============================================================ FPRound

    /**
     * FPRound: rounds {@code (-1)^sign * (mag + s) * 2^exp}, with {@code s} in (0, 1) when {@code sticky} and 0
     * otherwise, to format {@code f} in rounding mode {@code rmode}. {@code mag} > 0; a caller passing sticky gives
     * {@code mag} at least two bits more than the format keeps, so the sticky part is below half a unit in the last
     * place. Tininess is detected before rounding (A2.5.3); FZ flushes a tiny single or double result to zero (UFC, not
     * IXC).
     */
    long round(Format f, boolean sign, BigInteger mag, int exp, boolean sticky, int rmode) {
        if (mag.bitLength() < 63) {
            return round(f, sign, mag.longValue(), exp, sticky, rmode);
        }
        int e = exp + mag.bitLength() - 1; // 2^e <= |value| < 2^(e+1)
        if (fz() && f != Format.HALF && e < f.minExp) {
            flags |= UFC;
            return zero(f, sign);
        }
        int shift = Math.max(e, f.minExp) - f.fracBits - exp; // bits of mag below the result's last place
        long intMant;
        int error; // 0 exact, 1 below half an ulp, 2 exactly half, 3 above half
        if (shift > 0) {
            intMant = mag.shiftRight(shift).longValue();
            boolean half = mag.testBit(shift - 1);
            boolean below = sticky || mag.getLowestSetBit() < shift - 1;
            error = half ? (below ? 3 : 2) : (below ? 1 : 0);
        } else {
            intMant = mag.shiftLeft(-shift).longValue();
            error = sticky ? 1 : 0;
        }
        return finishRound(f, sign, e, intMant, error, rmode);
    }

    /** {@link #round(Format, boolean, BigInteger, int, boolean, int)} for a magnitude below 2^63 (the fast path). */
    long round(Format f, boolean sign, long mag, int exp, boolean sticky, int rmode) {
        int e = exp + 63 - Long.numberOfLeadingZeros(mag);
        if (fz() && f != Format.HALF && e < f.minExp) {
            flags |= UFC;
            return zero(f, sign);
        }
        int shift = Math.max(e, f.minExp) - f.fracBits - exp;
        long intMant;
        int error;
        if (shift > 63) {
            intMant = 0;
            error = 1; // mag < 2^63: below half of the last place
        } else if (shift > 0) {
            intMant = mag >>> shift;
            boolean half = (mag >>> (shift - 1) & 1) != 0;
            boolean below = sticky || (mag & ((1L << (shift - 1)) - 1)) != 0;
            error = half ? (below ? 3 : 2) : (below ? 1 : 0);
        } else {
            intMant = mag << -shift;
            error = sticky ? 1 : 0;
        }
        return finishRound(f, sign, e, intMant, error, rmode);
    }

    /**
     * The second half of FPRound: {@code intMant} is the value in units of the result's last place (truncated),
     * {@code error} what was cut off (0 nothing, 1 below half, 2 half, 3 above half), {@code e} the exponent of the
     * value before rounding.
     */
    private long finishRound(Format f, boolean sign, int e, long intMant, int error, int rmode) {
        int biased = Math.max(e - f.minExp + 1, 0);
        if (biased == 0 && error != 0) {
            flags |= UFC;
        }
        boolean up = switch (rmode) {
            case RN -> error == 3 || (error == 2 && (intMant & 1) != 0);
            case RNA -> error >= 2;
            case RP -> error != 0 && !sign;
            case RM -> error != 0 && sign;
            default -> false;
        };
        boolean overflowToInfinity = rmode == RN || rmode == RNA || (rmode == RP && !sign) || (rmode == RM && sign);
        if (up) {
            intMant++;
            if (intMant == 1L << f.fracBits) {
                biased = 1; // a denormal rounded up to the smallest normal
            }
            if (intMant == 1L << (f.fracBits + 1)) {
                biased++;
                intMant >>>= 1;
            }
        }
        long result;
        if (f != Format.HALF || !ahp()) {
            if (biased >= f.maxBiasedExp) {
                result = overflowToInfinity ? infinity(f, sign) : maxNormal(f, sign);
                flags |= OFC;
                error = 1;
            } else {
                result = zero(f, sign) | (long) biased << f.fracBits | (intMant & f.fracMask);
            }
        } else if (biased > f.maxBiasedExp) { // alternative half precision: no infinity, exponent 31 is normal
            result = zero(f, sign) | 0x7FFF;
            flags |= IOC;
            error = 0;
        } else {
            result = zero(f, sign) | (long) biased << f.fracBits | (intMant & f.fracMask);
        }
        if (error != 0) {
            flags |= IXC;
        }
        return result;
    }

    private long round(Format f, Real r, int rmode) {
        return round(f, r.sign, r.mag, r.exp, false, rmode);
    }

    /** An exact sum rounded; an exact zero is +0, or -0 in round towards minus infinity (A2.5.x FPAdd). */
    private long roundSum(Format f, Real sum) {
        if (sum.mag.signum() == 0) {
            return zero(f, rmode() == RM);
        }
        return round(f, sum, rmode());
    }

    // ============================================================ arithmetic

    /** FPAdd. */
    long add(Format f, long a, long b) {
        Unpacked x = unpack(f, a);
        Unpacked y = unpack(f, b);
        if (x.nan() || y.nan()) {
            return processNaNs(f, x, a, y, b);
        }
        return addUnpacked(f, x, y);
    }

    /** FPSub: FPAdd with the second operand's sign inverted after NaN processing (a NaN keeps its own sign). */
    long sub(Format f, long a, long b) {
        Unpacked x = unpack(f, a);
        Unpacked y = unpack(f, b);
        if (x.nan() || y.nan()) {
            return processNaNs(f, x, a, y, b);
        }
        return addUnpacked(f, x, y.negated());
    }

    private long addUnpacked(Format f, Unpacked x, Unpacked y) {
        boolean inf1 = x.type == Type.INFINITY;
        boolean inf2 = y.type == Type.INFINITY;
        if (inf1 && inf2 && x.sign != y.sign) {
            return invalid(f);
        }
        if (inf1 || inf2) {
            return infinity(f, inf1 ? x.sign : y.sign);
        }
        if (x.type == Type.ZERO && y.type == Type.ZERO && x.sign == y.sign) {
            return zero(f, x.sign);
        }
        if (x.type == Type.ZERO || y.type == Type.ZERO) {
            return roundSum(f, Real.of(x).plus(Real.of(y)));
        }
        return sumOfNumbers(f, x, y);
    }

    /**
     * The sum of two non-zero numbers in 64-bit arithmetic: the operand with the larger exponent is shifted up to
     * bit 61, the other one down to meet it, its lost bits jammed into its lowest bit. With at least eight bits
     * below the result's last place that jammed bit decides rounding exactly as the lost bits would (the
     * SoftFloat technique).
     */
    private long sumOfNumbers(Format f, Unpacked x, Unpacked y) {
        Unpacked big = x.exp >= y.exp ? x : y;
        Unpacked small = big == x ? y : x;
        int up = Math.min(big.exp - small.exp, 61 - (63 - Long.numberOfLeadingZeros(big.mant)));
        long a = big.mant << up;
        int down = big.exp - small.exp - up;
        long b;
        if (down == 0) {
            b = small.mant;
        } else if (down > 62) {
            b = 1;
        } else {
            b = small.mant >>> down | ((small.mant & ((1L << down) - 1)) != 0 ? 1 : 0);
        }
        int exp = big.exp - up;
        long sum = big.sign == small.sign ? a + b : a - b;
        boolean sign = big.sign;
        if (sum < 0) {
            sum = -sum;
            sign = !sign;
        }
        if (sum == 0) {
            return zero(f, rmode() == RM);
        }
        return round(f, sign, sum, exp, false, rmode());
    }

    /** FPMul. */
    long mul(Format f, long a, long b) {
        Unpacked x = unpack(f, a);
        Unpacked y = unpack(f, b);
        if (x.nan() || y.nan()) {
            return processNaNs(f, x, a, y, b);
        }
        if (infTimesZero(x, y)) {
            return invalid(f);
        }
        boolean sign = x.sign ^ y.sign;
        if (x.type == Type.INFINITY || y.type == Type.INFINITY) {
            return infinity(f, sign);
        }
        if (x.type == Type.ZERO || y.type == Type.ZERO) {
            return zero(f, sign);
        }
        long hi = Math.multiplyHigh(x.mant, y.mant);
        long lo = x.mant * y.mant;
        if (hi == 0 && lo > 0) {
            return round(f, sign, lo, x.exp + y.exp, false, rmode());
        }
        // a double product of up to 106 bits: keep its top 62 bits, the rest jammed into the lowest (see sumOfNumbers)
        int length = 128 - Long.numberOfLeadingZeros(hi);
        int cut = length - 62;
        long top = hi << (64 - cut) | lo >>> cut;
        boolean lost = (lo & ((1L << cut) - 1)) != 0;
        return round(f, sign, top | (lost ? 1 : 0), x.exp + y.exp + cut, false, rmode());
    }

    private static boolean infTimesZero(Unpacked x, Unpacked y) {
        return x.type == Type.INFINITY && y.type == Type.ZERO || x.type == Type.ZERO && y.type == Type.INFINITY;
    }

    /** Quotient bits beyond the operands' mantissas: plenty for the 53-bit double format plus round and sticky. */
    private static final int EXTRA_BITS = 128;

    /** FPDiv: a finite non-zero dividend over zero is the divide-by-zero exception (DZC). */
    long div(Format f, long a, long b) {
        Unpacked x = unpack(f, a);
        Unpacked y = unpack(f, b);
        if (x.nan() || y.nan()) {
            return processNaNs(f, x, a, y, b);
        }
        boolean inf1 = x.type == Type.INFINITY;
        boolean inf2 = y.type == Type.INFINITY;
        boolean zero1 = x.type == Type.ZERO;
        boolean zero2 = y.type == Type.ZERO;
        if (inf1 && inf2 || zero1 && zero2) {
            return invalid(f);
        }
        boolean sign = x.sign ^ y.sign;
        if (inf1 || zero2) {
            if (!inf1) {
                flags |= DZC;
            }
            return infinity(f, sign);
        }
        if (zero1 || inf2) {
            return zero(f, sign);
        }
        if (f != Format.DOUBLE) { // the dividend shifted to bit 61 over a divisor of 24 bits: 37 quotient bits or more
            int up = 61 - (63 - Long.numberOfLeadingZeros(x.mant));
            long n = x.mant << up;
            return round(f, sign, n / y.mant, x.exp - y.exp - up, n % y.mant != 0, rmode());
        }
        BigInteger[] qr = BigInteger.valueOf(x.mant).shiftLeft(EXTRA_BITS).divideAndRemainder(BigInteger.valueOf(y.mant));
        return round(f, sign, qr[0], x.exp - y.exp - EXTRA_BITS, qr[1].signum() != 0, rmode());
    }

    /** FPSqrt: the square root of -0 is -0; of any other negative number the default NaN (IOC). */
    long sqrt(Format f, long a) {
        Unpacked x = unpack(f, a);
        if (x.nan()) {
            return processNaN(f, x, a);
        }
        if (x.type == Type.ZERO) {
            return zero(f, x.sign);
        }
        if (x.sign) {
            return invalid(f);
        }
        if (x.type == Type.INFINITY) {
            return infinity(f, false);
        }
        int exp = x.exp;
        if (f != Format.DOUBLE) { // a 24-bit mantissa shifted to 61 or 62 bits: a 31-bit root, exact in a long
            long v = x.mant;
            if ((exp & 1) != 0) {
                v <<= 1;
                exp--;
            }
            int shift = (61 - (63 - Long.numberOfLeadingZeros(v))) & ~1;
            v <<= shift;
            long root = (long) Math.sqrt((double) v);
            while (root * root > v) {
                root--;
            }
            while ((root + 1) * (root + 1) <= v) {
                root++;
            }
            return round(f, false, root, (exp - shift) / 2, root * root != v, rmode());
        }
        BigInteger m = BigInteger.valueOf(x.mant);
        if ((exp & 1) != 0) { // make the exponent even so that it halves exactly
            m = m.shiftLeft(1);
            exp--;
        }
        BigInteger[] rootRem = m.shiftLeft(2 * EXTRA_BITS).sqrtAndRemainder();
        return round(f, false, rootRem[0], (exp - 2 * EXTRA_BITS) / 2, rootRem[1].signum() != 0, rmode());
    }

    /**
     * FPMulAdd: {@code addend + op1 * op2} rounded once (VFMA and friends). NaN order: addend, op1, op2; an infinity
     * times a zero is invalid even when the addend is a quiet NaN.
     */
    long mulAdd(Format f, long addend, long op1, long op2) {
        Unpacked a = unpack(f, addend);
        Unpacked x = unpack(f, op1);
        Unpacked y = unpack(f, op2);
        boolean infZero = infTimesZero(x, y);
        if (a.nan() || x.nan() || y.nan()) {
            long r = processNaNs3(f, a, addend, x, op1, y, op2);
            return a.type == Type.QNAN && infZero ? invalid(f) : r;
        }
        boolean signP = x.sign ^ y.sign;
        boolean infP = x.type == Type.INFINITY || y.type == Type.INFINITY;
        boolean zeroP = x.type == Type.ZERO || y.type == Type.ZERO;
        boolean infA = a.type == Type.INFINITY;
        if (infZero || infA && infP && a.sign != signP) {
            return invalid(f);
        }
        if (infA || infP) {
            return infinity(f, infA ? a.sign : signP);
        }
        if (a.type == Type.ZERO && zeroP && a.sign == signP) {
            return zero(f, a.sign);
        }
        Real product = zeroP ? Real.ZERO
                : new Real(signP, BigInteger.valueOf(x.mant).multiply(BigInteger.valueOf(y.mant)), x.exp + y.exp);
        return roundSum(f, Real.of(a).plus(product));
    }

    /**
     * FPCompare: the NZCV flags (bits 3..0) - equal 0110, less 1000, greater 0010, unordered 0011. An unordered
     * compare raises IOC for a signalling NaN, and for any NaN when {@code quietNanException} (VCMPE).
     */
    int compare(Format f, long a, long b, boolean quietNanException) {
        Unpacked x = unpack(f, a);
        Unpacked y = unpack(f, b);
        if (x.nan() || y.nan()) {
            if (quietNanException || x.type == Type.SNAN || y.type == Type.SNAN) {
                flags |= IOC;
            }
            return 0b0011;
        }
        double v1 = value(x);
        double v2 = value(y);
        return v1 == v2 ? 0b0110 : v1 < v2 ? 0b1000 : 0b0010;
    }

    /** The value of a non-NaN single or double operand (exact in a double). */
    private static double value(Unpacked u) {
        return switch (u.type) {
            case ZERO -> 0.0;
            case INFINITY -> u.sign ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            default -> (u.sign ? -1 : 1) * Math.scalb((double) u.mant, u.exp);
        };
    }

    // ============================================================ integers

    private boolean lastInexact;

    /**
     * {@code mant * 2^exp} (exp < 0) rounded to an integer magnitude in {@code rmode} for a value of sign
     * {@code sign} (RoundDown of the signed value then round_up, as FPToFixed and FPRoundInt do); sets
     * {@link #lastInexact}.
     */
    private long roundMagnitude(boolean sign, long mant, int exp, int rmode) {
        int s = -exp;
        int error; // 0 exact, 1 below half, 2 half, 3 above half
        long ip;
        if (s > 62) {
            ip = 0;
            error = 1; // mant < 2^53: the value is below 2^-9
        } else {
            ip = mant >>> s;
            long rem = mant & ((1L << s) - 1);
            long half = 1L << (s - 1);
            error = rem == 0 ? 0 : rem < half ? 1 : rem == half ? 2 : 3;
        }
        lastInexact = error != 0;
        boolean up = switch (rmode) {
            case RN -> error == 3 || error == 2 && (ip & 1) != 0;
            case RNA -> error >= 2;
            case RP -> error != 0 && !sign;
            case RM -> error != 0 && sign;
            default -> false;
        };
        return up ? ip + 1 : ip;
    }

    /**
     * FPToFixed: {@code bits} times 2^fractionBits rounded in {@code rmode} and saturated to a {@code size}-bit
     * (16 or 32) signed or unsigned integer. A NaN gives 0 and saturation IOC; an inexact result IXC (not both).
     * Returns the result in the low {@code size} bits.
     */
    long toFixed(Format f, long bits, int size, int fractionBits, boolean unsigned, int rmode) {
        Unpacked x = unpack(f, bits);
        if (x.nan()) {
            flags |= IOC;
            return 0;
        }
        long max = unsigned ? (1L << size) - 1 : (1L << (size - 1)) - 1;
        long min = unsigned ? 0 : -(1L << (size - 1));
        long result;
        boolean inexact = false;
        if (x.type == Type.ZERO) {
            result = 0;
        } else if (x.type == Type.INFINITY) {
            result = x.sign ? Long.MIN_VALUE : Long.MAX_VALUE;
        } else {
            int exp = x.exp + fractionBits;
            long magnitude;
            if (exp >= 0) {
                magnitude = 64 - Long.numberOfLeadingZeros(x.mant) + exp > 62 ? Long.MAX_VALUE : x.mant << exp;
            } else {
                magnitude = roundMagnitude(x.sign, x.mant, exp, rmode);
                inexact = lastInexact;
            }
            result = x.sign ? -magnitude : magnitude;
        }
        if (result > max || result < min) {
            flags |= IOC;
            return (result > max ? max : min) & ((1L << size) - 1);
        }
        if (inexact) {
            flags |= IXC;
        }
        return result & ((1L << size) - 1);
    }

    /** FixedToFP: the integer {@code value} over 2^fractionBits, rounded in {@code rmode}; 0 is +0. */
    long fixedToFp(Format f, long value, int fractionBits, int rmode) {
        if (value == 0) {
            return zero(f, false);
        }
        BigInteger mag = BigInteger.valueOf(value).abs();
        return round(f, value < 0, mag, -fractionBits, false, rmode);
    }

    /**
     * FPRoundInt (FPv5 VRINT*): the operand rounded to an integral value in {@code rmode}, keeping the sign of a zero
     * result; IXC only for the exact form (VRINTX) when the value changed.
     */
    long roundInt(Format f, long bits, int rmode, boolean exact) {
        Unpacked x = unpack(f, bits);
        if (x.nan()) {
            return processNaN(f, x, bits);
        }
        if (x.type == Type.INFINITY) {
            return infinity(f, x.sign);
        }
        if (x.type == Type.ZERO) {
            return zero(f, x.sign);
        }
        if (x.exp >= 0) {
            return bits; // already integral
        }
        long magnitude = roundMagnitude(x.sign, x.mant, x.exp, rmode);
        boolean inexact = lastInexact;
        long result = magnitude == 0 ? zero(f, x.sign)
                : round(f, x.sign, BigInteger.valueOf(magnitude), 0, false, RN); // exact: an integer that fits
        if (exact && inexact) {
            flags |= IXC;
        }
        return result;
    }

    // ============================================================ conversions between formats

    /**
     * FPHalfToSingle, FPSingleToHalf, FPSingleToDouble, FPDoubleToSingle and FPv5's half/double forms: a NaN keeps
     * its sign and the top of its payload (quietened, IOC for a signalling one) unless DN; converting to alternative
     * half precision, which has neither NaN nor infinity, gives zero or the largest value with IOC.
     */
    long convert(Format from, Format to, long bits) {
        Unpacked x = unpack(from, bits);
        boolean toAhp = to == Format.HALF && ahp();
        if (x.nan()) {
            if (toAhp) {
                flags |= IOC;
                return zero(to, x.sign);
            }
            if (x.type == Type.SNAN) {
                flags |= IOC;
            }
            if (dn()) {
                return to.defaultNaN;
            }
            long frac = bits & from.fracMask;
            long payload = to.fracBits >= from.fracBits ? frac << (to.fracBits - from.fracBits)
                    : frac >>> (from.fracBits - to.fracBits);
            return zero(to, x.sign) | (long) to.maxBiasedExp << to.fracBits | to.quietBit | payload;
        }
        if (x.type == Type.INFINITY) {
            if (toAhp) {
                flags |= IOC;
                return zero(to, x.sign) | 0x7FFF;
            }
            return infinity(to, x.sign);
        }
        if (x.type == Type.ZERO) {
            return zero(to, x.sign);
        }
        return round(to, x.sign, BigInteger.valueOf(x.mant), x.exp, false, rmode());
    }

    // ============================================================ FPv5 minimum and maximum

    /**
     * FPMaxNum / FPMinNum (VMAXNM, VMINNM): one quiet NaN loses against a number (it is taken as -infinity for the
     * maximum, +infinity for the minimum); otherwise FPMax / FPMin, where +0 is above -0.
     */
    long maxMinNum(Format f, long a, long b, boolean max) {
        boolean qnan1 = isQuietNaN(f, a);
        boolean qnan2 = isQuietNaN(f, b);
        if (qnan1 && !qnan2) {
            a = infinity(f, max);
        } else if (!qnan1 && qnan2) {
            b = infinity(f, max);
        }
        Unpacked x = unpack(f, a);
        Unpacked y = unpack(f, b);
        if (x.nan() || y.nan()) {
            return processNaNs(f, x, a, y, b);
        }
        if (x.type == Type.ZERO && y.type == Type.ZERO) {
            return zero(f, max ? x.sign && y.sign : x.sign || y.sign);
        }
        double v1 = value(x);
        double v2 = value(y);
        boolean first = max ? v1 > v2 : v1 < v2;
        Unpacked pick = first ? x : y;
        if (pick.type == Type.ZERO) { // the other operand is on the zero's far side
            return zero(f, max ? x.sign && y.sign : x.sign || y.sign);
        }
        return first ? a : b; // the operand itself: a number needs no rounding (a flushed one is ZERO above)
    }

    private static boolean isQuietNaN(Format f, long bits) {
        return (bits & ~f.signBit) >>> f.fracBits == f.maxBiasedExp && (bits & f.quietBit) != 0;
    }
}
