package dev.flashbank.sim.cpu;

import static dev.flashbank.sim.cpu.InstructionTiming.ALU;
import static dev.flashbank.sim.cpu.InstructionTiming.BARRIER;
import static dev.flashbank.sim.cpu.InstructionTiming.BRANCH;
import static dev.flashbank.sim.cpu.InstructionTiming.DIVIDE;
import static dev.flashbank.sim.cpu.InstructionTiming.EXCLUSIVE;
import static dev.flashbank.sim.cpu.InstructionTiming.LOAD;
import static dev.flashbank.sim.cpu.InstructionTiming.LOAD_STORE_DUAL;
import static dev.flashbank.sim.cpu.InstructionTiming.MULTIPLY_ACCUMULATE;
import static dev.flashbank.sim.cpu.InstructionTiming.MULTIPLY_LONG;
import static dev.flashbank.sim.cpu.InstructionTiming.NOT_EXECUTED;
import static dev.flashbank.sim.cpu.InstructionTiming.PIPELINE_REFILL;
import static dev.flashbank.sim.cpu.InstructionTiming.SPECIAL_REGISTER;
import static dev.flashbank.sim.cpu.InstructionTiming.STORE;
import static dev.flashbank.sim.cpu.InstructionTiming.TABLE_BRANCH;
import static dev.flashbank.sim.cpu.ThumbExecutor.checkWordAligned;
import static dev.flashbank.sim.cpu.ThumbExecutor.undefined;

/**
 * The 32-bit Thumb encodings (ARMv7-M ARM A5.3, decode table A5-9 and the tables it refers to), and the six that
 * ARMv6-M has (ARMv6-M ARM A5.3: BL, MSR, MRS, DMB, DSB, ISB; UDF.W). Called by {@link ThumbExecutor} with
 * {@code r[15]} = the instruction's address + 4 and the IT condition already passed; same conventions.
 */
final class Thumb32 {

    private final CortexMCore core;
    private final CoreRegisters regs;
    private final int[] r;
    private final ThumbExecutor x;
    private final boolean v7;
    private final boolean dsp;

    Thumb32(CortexMCore core, ThumbExecutor executor) {
        this.core = core;
        this.regs = core.regs;
        this.r = core.regs.r;
        this.x = executor;
        this.v7 = core.profile.armv7m();
        this.dsp = core.profile.dsp();
    }

    int execute(int pc, int hw1, int hw2) {
        if (!v7) {
            return executeV6m(pc, hw1, hw2);
        }
        switch ((hw1 >>> 11) & 3) {
        case 1: // 11101
            if ((hw1 & 0x400) != 0) {
                return coprocessor(pc, hw1, hw2);
            }
            if ((hw1 & 0x200) != 0) {
                return dataProcessingShiftedRegister(pc, hw1, hw2);
            }
            if ((hw1 & 0x40) != 0) {
                return dualExclusiveTableBranch(pc, hw1, hw2);
            }
            return loadStoreMultiple(pc, hw1, hw2);
        case 2: // 11110
            if ((hw2 & 0x8000) != 0) {
                return branchesAndMiscellaneous(pc, hw1, hw2);
            }
            if ((hw1 & 0x200) != 0) {
                return plainBinaryImmediate(pc, hw1, hw2);
            }
            return modifiedImmediate(pc, hw1, hw2);
        default: { // 11111
            if ((hw1 & 0x400) != 0) {
                return coprocessor(pc, hw1, hw2);
            }
            int op2 = (hw1 >>> 4) & 0x7F;
            if ((op2 & 0x70) == 0x20) {
                return dataProcessingRegister(pc, hw1, hw2);
            }
            if ((op2 & 0x78) == 0x30) {
                return multiply(pc, hw1, hw2);
            }
            if ((op2 & 0x78) == 0x38) {
                return longMultiplyDivide(pc, hw1, hw2);
            }
            if ((op2 & 0x60) == 0) {
                return loadStoreSingle(pc, hw1, hw2);
            }
            throw undefined();
        }
        }
    }

    /** ARMv6-M: only BL, MSR, MRS, DSB, DMB, ISB (and UDF.W, undefined like every other 32-bit encoding). */
    private int executeV6m(int pc, int hw1, int hw2) {
        if ((hw1 & 0xF800) == 0xF000 && (hw2 & 0x8000) != 0) {
            int op1 = (hw2 >>> 12) & 7;
            if ((op1 & 5) == 5) {
                return branchWithLink(pc, hw1, hw2);
            }
            if (op1 == 0) {
                int op = (hw1 >>> 4) & 0x7F;
                if (op == 0x38 || op == 0x39) {
                    return moveToSpecialRegister(pc, hw1, hw2);
                }
                if (op == 0x3E || op == 0x3F) {
                    return moveFromSpecialRegister(pc, hw2);
                }
                if (op == 0x3B) {
                    int barrier = (hw2 >>> 4) & 0xF;
                    if (barrier >= 4 && barrier <= 6) {
                        r[15] = pc + 4;
                        return barrier == 6 ? BARRIER : ALU;
                    }
                }
            }
        }
        throw undefined();
    }

    /** Writes R[d] of a 32-bit instruction: the SP keeps bits 1:0 clear, a PC write branches (bit 0 ignored). */
    private void write(int d, int value) {
        if (d == 13) {
            r[13] = value & ~3;
        } else if (d == 15) {
            r[15] = value & ~1;
        } else {
            r[d] = value;
        }
    }

    // ============================================================ data processing (A5.3.1, A5.3.3, A5.3.11)

    /** A5.3.1: AND BIC ORR/MOV ORN/MVN EOR ADD ADC SBC SUB RSB (and TST TEQ CMN CMP) with ThumbExpandImm. */
    private int modifiedImmediate(int pc, int hw1, int hw2) {
        int imm12 = (hw1 & 0x400) << 1 | (hw2 >>> 4) & 0x700 | hw2 & 0xFF;
        int op = (hw1 >>> 5) & 0xF;
        boolean s = (hw1 & 0x10) != 0;
        boolean carry = s && Alu.thumbExpandImmCarry(imm12, regs.c);
        return dataProcessing(pc, op, s, hw1 & 0xF, (hw2 >>> 8) & 0xF, Alu.thumbExpandImm(imm12), carry);
    }

    /** A5.3.11: the same operations on a shifted register, plus PKHBT/PKHTB and the MOV/shift aliases. */
    private int dataProcessingShiftedRegister(int pc, int hw1, int hw2) {
        int op = (hw1 >>> 5) & 0xF;
        boolean s = (hw1 & 0x10) != 0;
        int n = hw1 & 0xF, d = (hw2 >>> 8) & 0xF, m = hw2 & 0xF;
        int type2 = (hw2 >>> 4) & 3;
        int imm5 = (hw2 >>> 10) & 0x1C | (hw2 >>> 6) & 3;
        int type = Alu.immShiftType(type2, imm5);
        int amount = Alu.immShiftAmount(type2, imm5);
        int rm = r[m];
        int shifted = Alu.shift(rm, type, amount, regs.c);
        if (op == 6) { // PKHBT, PKHTB
            if (!dsp || s) {
                throw undefined();
            }
            int res = (hw2 & 0x20) != 0 ? r[n] & 0xFFFF_0000 | shifted & 0xFFFF
                    : shifted & 0xFFFF_0000 | r[n] & 0xFFFF;
            r[15] = pc + 4;
            write(d, res);
            return ALU;
        }
        boolean carry = s && Alu.shiftCarry(rm, type, amount, regs.c);
        return dataProcessing(pc, op, s, n, d, shifted, carry);
    }

    /** The operation both encodings share; {@code carry} the shifter's carry out (logical ops with S). */
    private int dataProcessing(int pc, int op, boolean s, int n, int d, int b, boolean carry) {
        final CoreRegisters R = regs;
        final int a = r[n];
        int res;
        boolean logical = false;
        switch (op) {
        case 0: // AND, TST
            res = a & b;
            logical = true;
            break;
        case 1: // BIC
            res = a & ~b;
            logical = true;
            break;
        case 2: // ORR, MOV (Rn = PC)
            res = n == 15 ? b : a | b;
            logical = true;
            break;
        case 3: // ORN, MVN (Rn = PC)
            res = n == 15 ? ~b : a | ~b;
            logical = true;
            break;
        case 4: // EOR, TEQ
            res = a ^ b;
            logical = true;
            break;
        case 8: // ADD, CMN
            res = s ? Alu.addFlags(R, a, b, 0) : a + b;
            break;
        case 10: { // ADC
            int cin = R.c ? 1 : 0;
            res = s ? Alu.addFlags(R, a, b, cin) : a + b + cin;
            break;
        }
        case 11: { // SBC
            int cin = R.c ? 1 : 0;
            res = s ? Alu.addFlags(R, a, ~b, cin) : a + ~b + cin;
            break;
        }
        case 13: // SUB, CMP
            res = s ? Alu.addFlags(R, a, ~b, 1) : a - b;
            break;
        case 14: // RSB
            res = s ? Alu.addFlags(R, ~a, b, 1) : b - a;
            break;
        default:
            throw undefined();
        }
        if (s && logical) {
            Alu.nz(R, res);
            R.c = carry;
        }
        r[15] = pc + 4;
        if (d == 15 && s) {
            return ALU; // TST, TEQ, CMN, CMP
        }
        write(d, res);
        return d == 15 ? BRANCH : ALU;
    }

    /** A5.3.3: ADDW/SUBW (ADR), MOVW, MOVT, SSAT/USAT(16), SBFX/UBFX, BFI/BFC. */
    private int plainBinaryImmediate(int pc, int hw1, int hw2) {
        final CoreRegisters R = regs;
        int n = hw1 & 0xF, d = (hw2 >>> 8) & 0xF;
        int imm12 = (hw1 & 0x400) << 1 | (hw2 >>> 4) & 0x700 | hw2 & 0xFF;
        int imm5 = (hw2 >>> 10) & 0x1C | (hw2 >>> 6) & 3;
        int rn = r[n];
        int res;
        switch ((hw1 >>> 4) & 0x1F) {
        case 0x00: // ADDW; ADR T3 (Rn = PC: Align(PC, 4))
            res = (n == 15 ? rn & ~3 : rn) + imm12;
            break;
        case 0x0A: // SUBW; ADR T2
            res = (n == 15 ? rn & ~3 : rn) - imm12;
            break;
        case 0x04: // MOVW
            res = n << 12 | imm12;
            break;
        case 0x0C: // MOVT
            res = r[d] & 0xFFFF | (n << 12 | imm12) << 16;
            break;
        case 0x10: // SSAT LSL
        case 0x12: { // SSAT ASR, SSAT16
            int satTo = (hw2 & 0x1F) + 1;
            if ((hw1 & 0x20) != 0 && imm5 == 0) {
                if (!dsp) {
                    throw undefined();
                }
                satTo = (hw2 & 0xF) + 1;
                int lo = (short) rn, hi = rn >> 16;
                boolean sat = Alu.signedSaturates(lo, satTo) || Alu.signedSaturates(hi, satTo);
                res = Alu.signedSat(hi, satTo) << 16 | Alu.signedSat(lo, satTo) & 0xFFFF;
                if (sat) {
                    R.q = true;
                }
                break;
            }
            long operand = (hw1 & 0x20) != 0 ? rn >> imm5 : (long) (rn << imm5);
            res = Alu.signedSat(operand, satTo);
            if (Alu.signedSaturates(operand, satTo)) {
                R.q = true;
            }
            break;
        }
        case 0x18: // USAT LSL
        case 0x1A: { // USAT ASR, USAT16
            int satTo = hw2 & 0x1F;
            if ((hw1 & 0x20) != 0 && imm5 == 0) {
                if (!dsp) {
                    throw undefined();
                }
                satTo = hw2 & 0xF;
                int lo = (short) rn, hi = rn >> 16;
                boolean sat = Alu.unsignedSaturates(lo, satTo) || Alu.unsignedSaturates(hi, satTo);
                res = Alu.unsignedSat(hi, satTo) << 16 | Alu.unsignedSat(lo, satTo) & 0xFFFF;
                if (sat) {
                    R.q = true;
                }
                break;
            }
            long operand = (hw1 & 0x20) != 0 ? rn >> imm5 : (long) (rn << imm5);
            res = Alu.unsignedSat(operand, satTo);
            if (Alu.unsignedSaturates(operand, satTo)) {
                R.q = true;
            }
            break;
        }
        case 0x14: { // SBFX
            int msb = imm5 + (hw2 & 0x1F);
            if (msb > 31) {
                throw undefined(); // UNPREDICTABLE
            }
            res = rn << (31 - msb) >> (31 - (hw2 & 0x1F));
            break;
        }
        case 0x1C: { // UBFX
            int msb = imm5 + (hw2 & 0x1F);
            if (msb > 31) {
                throw undefined();
            }
            res = rn << (31 - msb) >>> (31 - (hw2 & 0x1F));
            break;
        }
        case 0x16: { // BFI; BFC (Rn = PC)
            int msb = hw2 & 0x1F;
            if (msb < imm5) {
                throw undefined(); // UNPREDICTABLE
            }
            int mask = (int) (((1L << (msb - imm5 + 1)) - 1) << imm5);
            res = r[d] & ~mask | (n == 15 ? 0 : rn << imm5 & mask);
            break;
        }
        default:
            throw undefined();
        }
        r[15] = pc + 4;
        write(d, res);
        return ALU;
    }

    /** A5.3.12: shifts by register, extends with add, parallel add/subtract, QADD..., REV, RBIT, SEL, CLZ. */
    private int dataProcessingRegister(int pc, int hw1, int hw2) {
        if ((hw2 & 0xF000) != 0xF000) {
            throw undefined();
        }
        final CoreRegisters R = regs;
        int op1 = (hw1 >>> 4) & 0xF, op2 = (hw2 >>> 4) & 0xF;
        int n = hw1 & 0xF, d = (hw2 >>> 8) & 0xF, m = hw2 & 0xF;
        int res;
        if ((op1 & 8) == 0) {
            if (op2 == 0) { // LSL, LSR, ASR, ROR (register)
                int type = (op1 >>> 1) & 3;
                int amount = r[m] & 0xFF;
                int rn = r[n];
                res = Alu.shift(rn, type, amount, false);
                if ((op1 & 1) != 0) {
                    R.c = Alu.shiftCarry(rn, type, amount, R.c);
                    Alu.nz(R, res);
                }
            } else if ((op2 & 8) != 0) { // SXTAH UXTAH SXTAB16 UXTAB16 SXTAB UXTAB (Rn = PC: no add)
                int v = Integer.rotateRight(r[m], (hw2 >>> 1) & 0x18);
                boolean add = n != 15;
                if (add && !dsp) {
                    throw undefined();
                }
                int a = add ? r[n] : 0;
                switch (op1) {
                case 0:
                    res = a + (short) v;
                    break;
                case 1:
                    res = a + (v & 0xFFFF);
                    break;
                case 2:
                case 3: {
                    if (!dsp) {
                        throw undefined();
                    }
                    boolean signed = op1 == 2;
                    int lo = signed ? (byte) v : v & 0xFF;
                    int hi = signed ? (byte) (v >>> 16) : (v >>> 16) & 0xFF;
                    res = (a >>> 16) + hi << 16 | (a + lo) & 0xFFFF;
                    break;
                }
                case 4:
                    res = a + (byte) v;
                    break;
                case 5:
                    res = a + (v & 0xFF);
                    break;
                default:
                    throw undefined();
                }
            } else {
                throw undefined();
            }
        } else if ((op2 & 8) == 0) { // parallel addition and subtraction, signed (op2 00xx) and unsigned (01xx)
            if (!dsp || (op2 & 3) == 3 || (op1 & 3) == 3) {
                throw undefined();
            }
            res = Simd.parallel(R, op1 & 7, op2 & 7, r[n], r[m]);
        } else if ((op1 & 0xC) == 8 && (op2 & 0xC) == 8) {
            res = miscellaneousRegister(op1 & 3, op2 & 3, r[n], r[m]);
        } else {
            throw undefined();
        }
        r[15] = pc + 4;
        write(d, res);
        return ALU;
    }

    /** A5.3.15: QADD QDADD QSUB QDSUB, REV REV16 RBIT REVSH, SEL, CLZ. */
    private int miscellaneousRegister(int op1, int op2, int rn, int rm) {
        final CoreRegisters R = regs;
        switch (op1 << 2 | op2) {
        case 0: // QADD: Rm + Rn
            requireDsp();
            return Alu.saturate32(R, (long) rm + rn);
        case 1: // QDADD
            requireDsp();
            return Alu.saturate32(R, (long) rm + Alu.saturate32(R, 2L * rn));
        case 2: // QSUB
            requireDsp();
            return Alu.saturate32(R, (long) rm - rn);
        case 3: // QDSUB
            requireDsp();
            return Alu.saturate32(R, (long) rm - Alu.saturate32(R, 2L * rn));
        case 4:
            return Integer.reverseBytes(rm);
        case 5:
            return Alu.rev16(rm);
        case 6:
            return Integer.reverse(rm);
        case 7:
            return Alu.revsh(rm);
        case 8: { // SEL: byte i from Rn where GE[i], else from Rm
            requireDsp();
            int ge = R.ge;
            int mask = ((ge & 1) != 0 ? 0xFF : 0) | ((ge & 2) != 0 ? 0xFF00 : 0) | ((ge & 4) != 0 ? 0xFF_0000 : 0)
                    | ((ge & 8) != 0 ? 0xFF00_0000 : 0);
            return rn & mask | rm & ~mask;
        }
        case 12:
            return Integer.numberOfLeadingZeros(rm);
        default:
            throw undefined();
        }
    }

    private void requireDsp() {
        if (!dsp) {
            throw undefined();
        }
    }

    // ============================================================ multiply and divide (A5.3.16, A5.3.17)

    /** A5.3.16: MUL MLA MLS, SMLAxy, SMLAD/SMUAD, SMLAWy, SMLSD/SMUSD, SMMLA/SMMUL, SMMLS, USADA8/USAD8. */
    private int multiply(int pc, int hw1, int hw2) {
        if ((hw2 & 0xC0) != 0) {
            throw undefined();
        }
        final CoreRegisters R = regs;
        int op1 = (hw1 >>> 4) & 7, op2 = (hw2 >>> 4) & 3;
        int n = hw1 & 0xF, a = hw2 >>> 12, d = (hw2 >>> 8) & 0xF, m = hw2 & 0xF;
        int rn = r[n], rm = r[m];
        boolean accumulate = a != 15;
        int acc = accumulate ? r[a] : 0;
        int res;
        int cycles = ALU;
        if (op1 != 0) {
            requireDsp();
        }
        switch (op1) {
        case 0:
            if (op2 == 0) { // MUL, MLA
                res = rn * rm + acc;
                cycles = accumulate ? MULTIPLY_ACCUMULATE : ALU;
            } else if (op2 == 1) { // MLS
                res = r[a] - rn * rm;
                cycles = MULTIPLY_ACCUMULATE;
            } else {
                throw undefined();
            }
            break;
        case 1: { // SMLA<x><y>, SMUL<x><y>
            int x = (op2 & 2) != 0 ? rn >> 16 : (short) rn;
            int y = (op2 & 1) != 0 ? rm >> 16 : (short) rm;
            long result = (long) (x * y) + acc;
            res = (int) result;
            if (result != res) {
                R.q = true;
            }
            break;
        }
        case 2: // SMLAD(X), SMUAD(X)
        case 4: { // SMLSD(X), SMUSD(X)
            if ((op2 & 2) != 0) {
                throw undefined();
            }
            int op = (op2 & 1) != 0 ? Integer.rotateRight(rm, 16) : rm;
            long p1 = (short) rn * (short) op;
            long p2 = (rn >> 16) * (op >> 16);
            long result = (op1 == 2 ? p1 + p2 : p1 - p2) + acc;
            res = (int) result;
            if (result != res) {
                R.q = true;
            }
            break;
        }
        case 3: { // SMLAW<y>, SMULW<y>
            if ((op2 & 2) != 0) {
                throw undefined();
            }
            int y = (op2 & 1) != 0 ? rm >> 16 : (short) rm;
            long result = ((long) rn * y >> 16) + acc;
            res = (int) result;
            if (result != res) {
                R.q = true;
            }
            break;
        }
        case 5: // SMMLA(R), SMMUL(R)
        case 6: { // SMMLS(R)
            if ((op2 & 2) != 0) {
                throw undefined();
            }
            long product = (long) rn * rm;
            long result = op1 == 5 ? ((long) acc << 32) + product : ((long) acc << 32) - product;
            if ((op2 & 1) != 0) {
                result += 0x8000_0000L;
            }
            res = (int) (result >>> 32);
            break;
        }
        default: { // USADA8, USAD8
            if (op2 != 0) {
                throw undefined();
            }
            int sum = 0;
            for (int i = 0; i < 32; i += 8) {
                sum += Math.abs(((rn >>> i) & 0xFF) - ((rm >>> i) & 0xFF));
            }
            res = sum + acc;
            break;
        }
        }
        r[15] = pc + 4;
        write(d, res);
        return cycles;
    }

    /** A5.3.17: SMULL UMULL SMLAL UMLAL UMAAL SMLALxy SMLALD SMLSLD, SDIV UDIV. */
    private int longMultiplyDivide(int pc, int hw1, int hw2) {
        final CoreRegisters R = regs;
        int op1 = (hw1 >>> 4) & 7, op2 = (hw2 >>> 4) & 0xF;
        int n = hw1 & 0xF, lo = hw2 >>> 12, hi = (hw2 >>> 8) & 0xF, m = hw2 & 0xF;
        int rn = r[n], rm = r[m];
        long accumulator = (long) r[hi] << 32 | r[lo] & 0xFFFF_FFFFL;
        long result;
        if (op1 == 1 || op1 == 3) { // SDIV, UDIV: Rd in bits 11:8
            if (op2 != 0xF || lo != 0xF) {
                throw undefined();
            }
            int q;
            if (rm == 0) {
                if (core.divideByZeroTrap()) {
                    throw new CpuFault(CpuFault.Kind.DIVBYZERO);
                }
                q = 0;
            } else {
                q = op1 == 1 ? rn / rm : Integer.divideUnsigned(rn, rm); // INT_MIN / -1 = INT_MIN, as in Java
            }
            r[15] = pc + 4;
            write(hi, q);
            return DIVIDE;
        }
        switch (op1 << 4 | op2) {
        case 0x00: // SMULL
            result = (long) rn * rm;
            break;
        case 0x20: // UMULL
            result = (rn & 0xFFFF_FFFFL) * (rm & 0xFFFF_FFFFL);
            break;
        case 0x40: // SMLAL
            result = (long) rn * rm + accumulator;
            break;
        case 0x60: // UMLAL
            result = (rn & 0xFFFF_FFFFL) * (rm & 0xFFFF_FFFFL) + accumulator;
            break;
        case 0x66: // UMAAL: Rn * Rm + RdHi + RdLo (unsigned; fits in 64 bits)
            requireDsp();
            result = (rn & 0xFFFF_FFFFL) * (rm & 0xFFFF_FFFFL) + (r[hi] & 0xFFFF_FFFFL) + (r[lo] & 0xFFFF_FFFFL);
            break;
        case 0x48:
        case 0x49:
        case 0x4A:
        case 0x4B: { // SMLAL<x><y>
            requireDsp();
            int xv = (op2 & 2) != 0 ? rn >> 16 : (short) rn;
            int yv = (op2 & 1) != 0 ? rm >> 16 : (short) rm;
            result = (long) xv * yv + accumulator;
            break;
        }
        case 0x4C:
        case 0x4D:
        case 0x5C:
        case 0x5D: { // SMLALD(X), SMLSLD(X)
            requireDsp();
            int op = (op2 & 1) != 0 ? Integer.rotateRight(rm, 16) : rm;
            long p1 = (short) rn * (short) op;
            long p2 = (long) (rn >> 16) * (op >> 16);
            result = (op1 == 4 ? p1 + p2 : p1 - p2) + accumulator;
            break;
        }
        default:
            throw undefined();
        }
        r[15] = pc + 4;
        write(lo, (int) result);
        write(hi, (int) (result >>> 32));
        return MULTIPLY_LONG;
    }

    // ============================================================ branches and miscellaneous control (A5.3.4)

    private int branchesAndMiscellaneous(int pc, int hw1, int hw2) {
        int op1 = (hw2 >>> 12) & 7;
        if ((op1 & 5) == 5) {
            return branchWithLink(pc, hw1, hw2);
        }
        if ((op1 & 5) == 1) { // B T4
            r[15] = pc + 4 + branchOffset24(hw1, hw2);
            return BRANCH;
        }
        if ((op1 & 5) == 4) {
            throw undefined(); // BLX (immediate): no ARM state in ARMv7-M
        }
        int op = (hw1 >>> 4) & 0x7F;
        if ((op & 0x38) != 0x38) { // B<c>.W T3
            if (Alu.conditionPassed(regs, (hw1 >>> 6) & 0xF)) {
                int offset = (hw1 << 21 >> 11) & 0xFFF0_0000 | (hw2 & 0x800) << 8 | (hw2 & 0x2000) << 5
                        | (hw1 & 0x3F) << 12 | (hw2 & 0x7FF) << 1;
                r[15] = pc + 4 + offset;
                return BRANCH;
            }
            r[15] = pc + 4;
            return NOT_EXECUTED;
        }
        if (op1 != 0) {
            throw undefined(); // UDF.W (op1 = 010) and the unallocated rest
        }
        switch (op) {
        case 0x38:
        case 0x39:
            return moveToSpecialRegister(pc, hw1, hw2);
        case 0x3A: // hints (ARMv7-M has no 32-bit CPS)
            if ((hw2 & 0x700) != 0) {
                throw undefined();
            }
            r[15] = pc + 4;
            x.hint((hw2 & 0xF0) == 0xF0 ? 0 : hw2 & 0xFF); // DBG #n is a hint too
            return ALU;
        case 0x3B: // CLREX, DSB, DMB, ISB
            switch ((hw2 >>> 4) & 0xF) {
            case 2:
                x.clearExclusive();
                r[15] = pc + 4;
                return ALU;
            case 4:
            case 5:
                r[15] = pc + 4;
                return ALU;
            case 6:
                r[15] = pc + 4;
                return BARRIER;
            default:
                throw undefined();
            }
        case 0x3E:
        case 0x3F:
            return moveFromSpecialRegister(pc, hw2);
        default: // BXJ, SUBS PC, LR: not in the M profile
            throw undefined();
        }
    }

    /** The S:I1:I2:imm10:imm11:'0' offset of B T4 and BL, I1 = NOT(J1 XOR S), I2 = NOT(J2 XOR S). */
    private static int branchOffset24(int hw1, int hw2) {
        int s = (hw1 >>> 10) & 1;
        int i1 = ~((hw2 >>> 13) ^ s) & 1;
        int i2 = ~((hw2 >>> 11) ^ s) & 1;
        int offset = s << 24 | i1 << 23 | i2 << 22 | (hw1 & 0x3FF) << 12 | (hw2 & 0x7FF) << 1;
        return offset << 7 >> 7;
    }

    private int branchWithLink(int pc, int hw1, int hw2) {
        r[14] = (pc + 4) | 1;
        r[15] = pc + 4 + branchOffset24(hw1, hw2);
        return BRANCH;
    }

    private int moveToSpecialRegister(int pc, int hw1, int hw2) {
        if ((hw2 & 0x300) != 0) {
            throw undefined();
        }
        x.msr(hw2 & 0xFF, (hw2 >>> 10) & 3, r[hw1 & 0xF]);
        r[15] = pc + 4;
        return SPECIAL_REGISTER;
    }

    private int moveFromSpecialRegister(int pc, int hw2) {
        int v = x.mrs(hw2 & 0xFF);
        r[15] = pc + 4;
        write((hw2 >>> 8) & 0xF, v);
        return SPECIAL_REGISTER;
    }

    // ============================================================ loads and stores (A5.3.5, A5.3.6, A5.3.7-10)

    /** A5.3.5: STM(IA), STMDB/PUSH.W, LDM(IA)/POP.W, LDMDB (SRS/RFE do not exist in the M profile). */
    private int loadStoreMultiple(int pc, int hw1, int hw2) {
        int op = (hw1 >>> 7) & 3;
        if (op == 0 || op == 3) {
            throw undefined();
        }
        boolean increment = op == 1;
        boolean writeback = (hw1 & 0x20) != 0;
        int n = hw1 & 0xF;
        if ((hw1 & 0x10) != 0) {
            return x.loadMultiple(n, hw2 & 0xDFFF, increment, writeback, pc + 4);
        }
        return x.storeMultiple(n, hw2 & 0x5FFF, increment, writeback, pc + 4);
    }

    /** A5.3.6: LDREX/STREX (B, H), LDRD/STRD (immediate, literal), TBB/TBH. */
    private int dualExclusiveTableBranch(int pc, int hw1, int hw2) {
        int op1 = (hw1 >>> 7) & 3, op2 = (hw1 >>> 4) & 3;
        int n = hw1 & 0xF, t = hw2 >>> 12;
        if (op1 == 0 && op2 == 0) { // STREX
            int address = r[n] + ((hw2 & 0xFF) << 2);
            checkWordAligned(address);
            return storeExclusive(pc, address, 4, (hw2 >>> 8) & 0xF, r[t]);
        }
        if (op1 == 0 && op2 == 1) { // LDREX
            int address = r[n] + ((hw2 & 0xFF) << 2);
            checkWordAligned(address);
            int v = core.memory.read32(address);
            x.openExclusive(address);
            r[15] = pc + 4;
            write(t, v);
            return EXCLUSIVE;
        }
        if (op1 == 1 && op2 == 0) { // STREXB, STREXH
            int op3 = (hw2 >>> 4) & 0xF;
            int address = r[n];
            if (op3 == 4) {
                return storeExclusive(pc, address, 1, hw2 & 0xF, r[t]);
            }
            if (op3 == 5) {
                if ((address & 1) != 0) {
                    throw new CpuFault(CpuFault.Kind.UNALIGNED);
                }
                return storeExclusive(pc, address, 2, hw2 & 0xF, r[t]);
            }
            throw undefined();
        }
        if (op1 == 1 && op2 == 1) { // TBB, TBH, LDREXB, LDREXH
            int op3 = (hw2 >>> 4) & 0xF;
            int rn = r[n];
            switch (op3) {
            case 0: { // TBB
                int offset = x.loadByte(rn + r[hw2 & 0xF]);
                r[15] = pc + 4 + 2 * offset;
                return TABLE_BRANCH;
            }
            case 1: { // TBH
                int offset = x.loadHalf(rn + (r[hw2 & 0xF] << 1));
                r[15] = pc + 4 + 2 * offset;
                return TABLE_BRANCH;
            }
            case 4: {
                int v = core.memory.read8(rn) & 0xFF;
                x.openExclusive(rn);
                r[15] = pc + 4;
                write(t, v);
                return EXCLUSIVE;
            }
            case 5: {
                if ((rn & 1) != 0) {
                    throw new CpuFault(CpuFault.Kind.UNALIGNED);
                }
                int v = core.memory.read16(rn) & 0xFFFF;
                x.openExclusive(rn);
                r[15] = pc + 4;
                write(t, v);
                return EXCLUSIVE;
            }
            default:
                throw undefined();
            }
        }
        return loadStoreDual(pc, hw1, hw2);
    }

    private int storeExclusive(int pc, int address, int size, int d, int value) {
        int status = 1;
        if (x.exclusiveMonitorsPass(address)) {
            CpuBus bus = core.memory;
            if (size == 4) {
                bus.write32(address, value);
            } else if (size == 2) {
                bus.write16(address, value & 0xFFFF);
            } else {
                bus.write8(address, value & 0xFF);
            }
            status = 0;
        }
        r[15] = pc + 4;
        write(d, status);
        return EXCLUSIVE;
    }

    /** LDRD/STRD (immediate) with P U W, and LDRD (literal): word alignment required (MemA). */
    private int loadStoreDual(int pc, int hw1, int hw2) {
        boolean p = (hw1 & 0x100) != 0, u = (hw1 & 0x80) != 0, w = (hw1 & 0x20) != 0;
        boolean load = (hw1 & 0x10) != 0;
        int n = hw1 & 0xF, t = hw2 >>> 12, t2 = (hw2 >>> 8) & 0xF;
        int imm = (hw2 & 0xFF) << 2;
        int base = n == 15 ? r[15] & ~3 : r[n];
        int offsetAddress = u ? base + imm : base - imm;
        int address = p ? offsetAddress : base;
        checkWordAligned(address);
        CpuBus bus = core.memory;
        if (load) {
            int v1 = bus.read32(address);
            int v2 = bus.read32(address + 4);
            r[15] = pc + 4;
            if (w) {
                r[n] = offsetAddress;
            }
            write(t, v1);
            write(t2, v2);
        } else {
            bus.write32(address, r[t]);
            bus.write32(address + 4, r[t2]);
            r[15] = pc + 4;
            if (w) {
                r[n] = offsetAddress;
            }
        }
        return LOAD_STORE_DUAL;
    }

    /**
     * A5.3.7-A5.3.10: LDR/LDRB/LDRH/LDRSB/LDRSH and STR/STRB/STRH in every addressing mode: imm12, negative imm8,
     * pre/post-indexed imm8 with writeback, unprivileged (T; the same access here: the MPU is a pass-through),
     * register with LSL #0-3, literal; PLD/PLI and the unallocated Rt = PC byte/halfword loads are hints.
     */
    private int loadStoreSingle(int pc, int hw1, int hw2) {
        boolean load = (hw1 & 0x10) != 0;
        boolean signed = (hw1 & 0x100) != 0;
        int size = (hw1 >>> 5) & 3;
        if (size == 3 || !load && signed) {
            throw undefined();
        }
        int n = hw1 & 0xF, t = hw2 >>> 12;
        int address;
        int offsetAddress = 0;
        boolean writeback = false;
        if (n == 15) { // literal
            if (!load) {
                throw undefined();
            }
            int base = r[15] & ~3;
            address = (hw1 & 0x80) != 0 ? base + (hw2 & 0xFFF) : base - (hw2 & 0xFFF);
        } else if ((hw1 & 0x80) != 0) { // imm12
            address = r[n] + (hw2 & 0xFFF);
        } else if ((hw2 & 0x800) != 0) { // imm8: 1 P U W
            int imm8 = hw2 & 0xFF;
            boolean p = (hw2 & 0x400) != 0, u = (hw2 & 0x200) != 0;
            writeback = (hw2 & 0x100) != 0;
            if (!p && !writeback) {
                throw undefined();
            }
            offsetAddress = u ? r[n] + imm8 : r[n] - imm8;
            address = p ? offsetAddress : r[n];
        } else if ((hw2 & 0xFC0) == 0) { // register, LSL #imm2
            address = r[n] + (r[hw2 & 0xF] << ((hw2 >>> 4) & 3));
        } else {
            throw undefined();
        }
        if (!load) {
            int v = r[t];
            if (size == 0) {
                x.storeByte(address, v);
            } else if (size == 1) {
                x.storeHalf(address, v);
            } else {
                x.storeWord(address, v);
            }
            r[15] = pc + 4;
            if (writeback) {
                r[n] = offsetAddress;
            }
            return STORE;
        }
        if (t == 15 && size != 2) { // PLD, PLI, unallocated memory hints: no access
            r[15] = pc + 4;
            return ALU;
        }
        int v;
        if (size == 0) {
            v = signed ? (byte) x.loadByte(address) : x.loadByte(address);
        } else if (size == 1) {
            v = signed ? (short) x.loadHalf(address) : x.loadHalf(address);
        } else {
            v = x.loadWord(address);
        }
        r[15] = pc + 4;
        if (writeback) {
            r[n] = offsetAddress;
        }
        if (t == 15) { // LoadWritePC, after the writeback
            core.bxWritePc(v);
            return LOAD + PIPELINE_REFILL;
        }
        write(t, v);
        return LOAD;
    }

    // ============================================================ coprocessor (A5.3.18)

    /** Coprocessors 10 and 11 are the FP extension; any other coprocessor is absent (NOCP). */
    private int coprocessor(int pc, int hw1, int hw2) {
        if ((hw2 & 0xE00) != 0xA00) {
            throw new CpuFault(CpuFault.Kind.NOCP);
        }
        r[15] = pc; // the FPU sees the package convention: r[15] = this instruction's address
        int cycles = core.vfp.execute(hw1, hw2);
        r[15] = pc + 4;
        return cycles;
    }
}
