package dev.flashbank.sim.cpu;

/**
 * The arithmetic of the ARMv7-M ARM's pseudocode library (A2.2 "Pseudocode details of operations on ARM core
 * registers", A2.3.2 shifts, A7.3 conditions, A2.2.1 saturation): pure functions plus the few that set the APSR flags
 * of a {@link CoreRegisters} directly, so the decoder does not allocate a result pair per instruction.
 */
final class Alu {

    /** Shift types of DecodeImmShift / DecodeRegShift (A7.4.2); RRX is ROR #0 of an immediate shift. */
    static final int LSL = 0, LSR = 1, ASR = 2, ROR = 3, RRX = 4;

    private Alu() {
    }

    // ------------------------------------------------------------------ AddWithCarry (A2.2.1)

    /** AddWithCarry(x, y, carryIn), setting N Z C V. Subtraction is {@code add(r, x, ~y, 1)}. */
    static int addFlags(CoreRegisters r, int x, int y, int carryIn) {
        int result = x + y + carryIn;
        long unsigned = (x & 0xFFFF_FFFFL) + (y & 0xFFFF_FFFFL) + carryIn;
        r.n = result < 0;
        r.z = result == 0;
        r.c = (unsigned >>> 32) != 0;
        r.v = ((x ^ result) & (y ^ result)) < 0;
        return result;
    }

    /** Sets N and Z of a logical result (C and V set by the caller where the instruction defines them). */
    static void nz(CoreRegisters r, int result) {
        r.n = result < 0;
        r.z = result == 0;
    }

    // ------------------------------------------------------------------ shifts (A2.2.2, A7.4.2)

    /**
     * Shift_C's result: {@code type} one of LSL..RRX, {@code amount} 0..255 (an amount of 0 returns the value
     * unchanged; RRX ignores the amount and shifts the carry in).
     */
    static int shift(int value, int type, int amount, boolean carryIn) {
        switch (type) {
        case LSL:
            return amount >= 32 ? 0 : value << amount;
        case LSR:
            return amount >= 32 ? 0 : value >>> amount;
        case ASR:
            return amount >= 32 ? value >> 31 : value >> amount;
        case ROR:
            return Integer.rotateRight(value, amount & 31);
        default: // RRX
            return (carryIn ? 0x8000_0000 : 0) | value >>> 1;
        }
    }

    /** Shift_C's carry out for the same arguments as {@link #shift}. */
    static boolean shiftCarry(int value, int type, int amount, boolean carryIn) {
        if (type == RRX) {
            return (value & 1) != 0;
        }
        if (amount == 0) {
            return carryIn;
        }
        switch (type) {
        case LSL:
            return amount > 32 ? false : ((value >>> (32 - amount)) & 1) != 0;
        case LSR:
            return amount > 32 ? false : ((value >>> (amount - 1)) & 1) != 0;
        case ASR:
            return amount >= 32 ? value < 0 : ((value >>> (amount - 1)) & 1) != 0;
        default: // ROR
            return Integer.rotateRight(value, amount & 31) < 0;
        }
    }

    /** DecodeImmShift's type: {@code type2} the encoding's 2-bit type, ROR #0 meaning RRX. */
    static int immShiftType(int type2, int imm5) {
        return type2 == 3 && imm5 == 0 ? RRX : type2;
    }

    /** DecodeImmShift's amount: LSR and ASR #0 mean 32. */
    static int immShiftAmount(int type2, int imm5) {
        return imm5 == 0 && (type2 == LSR || type2 == ASR) ? 32 : imm5;
    }

    // ------------------------------------------------------------------ ThumbExpandImm (A5.3.2)

    /** ThumbExpandImm(i:imm3:imm8). */
    static int thumbExpandImm(int imm12) {
        if ((imm12 & 0xC00) == 0) {
            int imm8 = imm12 & 0xFF;
            switch ((imm12 >>> 8) & 3) {
            case 0:
                return imm8;
            case 1:
                return imm8 << 16 | imm8;
            case 2:
                return imm8 << 24 | imm8 << 8;
            default:
                return imm8 << 24 | imm8 << 16 | imm8 << 8 | imm8;
            }
        }
        return Integer.rotateRight(0x80 | (imm12 & 0x7F), (imm12 >>> 7) & 0x1F);
    }

    /** ThumbExpandImm_C's carry out: unchanged for the replicated forms, else bit 31 of the rotated value. */
    static boolean thumbExpandImmCarry(int imm12, boolean carryIn) {
        return (imm12 & 0xC00) == 0 ? carryIn : thumbExpandImm(imm12) < 0;
    }

    // ------------------------------------------------------------------ conditions (A7.3)

    /** ConditionPassed for the 4-bit condition code; 0b1110 and 0b1111 always pass. */
    static boolean conditionPassed(CoreRegisters r, int cond) {
        boolean result;
        switch (cond >>> 1) {
        case 0:
            result = r.z;
            break;
        case 1:
            result = r.c;
            break;
        case 2:
            result = r.n;
            break;
        case 3:
            result = r.v;
            break;
        case 4:
            result = r.c && !r.z;
            break;
        case 5:
            result = r.n == r.v;
            break;
        case 6:
            result = r.n == r.v && !r.z;
            break;
        default:
            return true;
        }
        return (cond & 1) == 0 ? result : !result;
    }

    // ------------------------------------------------------------------ saturation (A2.2.1 SignedSatQ, UnsignedSatQ)

    /** SignedSat(i, n): {@code i} clamped to -2^(n-1)..2^(n-1)-1, n in 1..32. */
    static int signedSat(long i, int n) {
        long max = (1L << (n - 1)) - 1;
        long min = -(1L << (n - 1));
        return (int) (i > max ? max : i < min ? min : i);
    }

    /** Whether SignedSatQ(i, n) saturates. */
    static boolean signedSaturates(long i, int n) {
        return i > (1L << (n - 1)) - 1 || i < -(1L << (n - 1));
    }

    /** UnsignedSat(i, n): {@code i} clamped to 0..2^n-1, n in 0..31. */
    static int unsignedSat(long i, int n) {
        long max = (1L << n) - 1;
        return (int) (i > max ? max : i < 0 ? 0 : i);
    }

    static boolean unsignedSaturates(long i, int n) {
        return i > (1L << n) - 1 || i < 0;
    }

    /** SignedSatQ(i, 32) with the Q flag: QADD, QSUB, QDADD, QDSUB. */
    static int saturate32(CoreRegisters r, long i) {
        if (i > Integer.MAX_VALUE) {
            r.q = true;
            return Integer.MAX_VALUE;
        }
        if (i < Integer.MIN_VALUE) {
            r.q = true;
            return Integer.MIN_VALUE;
        }
        return (int) i;
    }

    // ------------------------------------------------------------------ bit operations

    /** REV16: the bytes of each halfword swapped. */
    static int rev16(int x) {
        return (x & 0x00FF_00FF) << 8 | (x >>> 8) & 0x00FF_00FF;
    }

    /** REVSH: the low halfword's bytes swapped, sign-extended. */
    static int revsh(int x) {
        return (short) ((x & 0xFF) << 8 | (x >>> 8) & 0xFF);
    }
}
