package dev.flashbank.sim.cpu;

/**
 * The DSP extension's parallel addition and subtraction (ARMv7-M ARM A5.3.13, A5.3.14): SADD16 SASX SSAX SSUB16
 * SADD8 SSUB8, their saturating (Q), halving (SH) and unsigned (U, UQ, UH) forms. The plain forms set APSR.GE per
 * lane, which SEL then consumes.
 */
final class Simd {

    /** Operations, the encoding's op1[2:0]. */
    static final int ADD8 = 0, ADD16 = 1, ASX = 2, SUB8 = 4, SUB16 = 5, SAX = 6;
    /** Kinds, the encoding's op2[2:0]: bit 2 unsigned, bits 1:0 plain / saturating / halving. */
    static final int PLAIN = 0, SATURATING = 1, HALVING = 2, UNSIGNED = 4;

    private Simd() {
    }

    static int parallel(CoreRegisters r, int op, int kind, int a, int b) {
        boolean unsigned = (kind & UNSIGNED) != 0;
        int variant = kind & 3;
        int result = 0;
        int ge = 0;
        if (op == ADD8 || op == SUB8) {
            boolean add = op == ADD8;
            for (int i = 0; i < 4; i++) {
                int sh = 8 * i;
                int x = unsigned ? (a >>> sh) & 0xFF : (byte) (a >>> sh);
                int y = unsigned ? (b >>> sh) & 0xFF : (byte) (b >>> sh);
                int v = add ? x + y : x - y;
                if (geLane(v, add, unsigned, 8)) {
                    ge |= 1 << i;
                }
                result |= (lane(v, variant, unsigned, 8) & 0xFF) << sh;
            }
        } else {
            int xl = unsigned ? a & 0xFFFF : (short) a;
            int xh = unsigned ? a >>> 16 : a >> 16;
            int yl = unsigned ? b & 0xFFFF : (short) b;
            int yh = unsigned ? b >>> 16 : b >> 16;
            int lo, hi;
            boolean loAdd, hiAdd;
            switch (op) {
            case ADD16:
                lo = xl + yl;
                hi = xh + yh;
                loAdd = hiAdd = true;
                break;
            case SUB16:
                lo = xl - yl;
                hi = xh - yh;
                loAdd = hiAdd = false;
                break;
            case ASX: // low: Rn.lo - Rm.hi, high: Rn.hi + Rm.lo
                lo = xl - yh;
                hi = xh + yl;
                loAdd = false;
                hiAdd = true;
                break;
            case SAX: // low: Rn.lo + Rm.hi, high: Rn.hi - Rm.lo
                lo = xl + yh;
                hi = xh - yl;
                loAdd = true;
                hiAdd = false;
                break;
            default:
                throw ThumbExecutor.undefined();
            }
            if (geLane(lo, loAdd, unsigned, 16)) {
                ge |= 3;
            }
            if (geLane(hi, hiAdd, unsigned, 16)) {
                ge |= 0xC;
            }
            result = lane(hi, variant, unsigned, 16) << 16 | lane(lo, variant, unsigned, 16) & 0xFFFF;
        }
        if (variant == PLAIN) {
            r.ge = ge;
        }
        return result;
    }

    /** GE of a lane: signed result >= 0; unsigned sum carries out (>= 2^bits); unsigned difference >= 0. */
    private static boolean geLane(int v, boolean add, boolean unsigned, int bits) {
        return unsigned && add ? v >= 1 << bits : v >= 0;
    }

    /** A lane's result before truncation: as is, saturated to the lane width, or halved (bits [bits:1]). */
    private static int lane(int v, int variant, boolean unsigned, int bits) {
        if (variant == SATURATING) {
            return unsigned ? Alu.unsignedSat(v, bits) : Alu.signedSat(v, bits);
        }
        if (variant == HALVING) {
            return v >> 1;
        }
        return v;
    }
}
