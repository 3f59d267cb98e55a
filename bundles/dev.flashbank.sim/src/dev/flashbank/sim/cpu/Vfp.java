package dev.flashbank.sim.cpu;

import static dev.flashbank.sim.cpu.FpArithmetic.RM;
import static dev.flashbank.sim.cpu.FpArithmetic.RN;
import static dev.flashbank.sim.cpu.FpArithmetic.RNA;
import static dev.flashbank.sim.cpu.FpArithmetic.RP;
import static dev.flashbank.sim.cpu.FpArithmetic.RZ;

import dev.flashbank.sim.cpu.FpArithmetic.Format;

/**
 * The floating-point extension (ARMv7-M ARM A2.5, A6.4 "Floating-point instructions", A7.7; FPv4-SP, FPv5-SP,
 * FPv5-DP): the coprocessor 10/11 instructions the Thumb decoder hands over. Decodes them here; the arithmetic with its
 * FPSCR exception flags is {@link FpArithmetic}.
 * <p>
 * Order of checks, as ExecuteFPCheck has it (and QEMU's M-profile decoder): an absent or CPACR-disabled FPU makes
 * every coprocessor 10/11 instruction a NOCP UsageFault; then an encoding the FPU lacks (FPv5 instructions on FPv4,
 * double precision on an SP-only FPU, UNPREDICTABLE forms) is UNDEFINSTR; only then does the instruction count as FP
 * activity ({@link CortexMCore#fpContextActive()}, which may also set up a new FP context from FPDSCR) and run.
 * The condition of an instruction inside an IT block is the Thumb decoder's business.
 */
final class Vfp {

    // Cycle counts: Cortex-M4 TRM table 7-1 "FPU instruction set" (loads/stores: 1 + the number of words moved).
    static final int CYCLES_SIMPLE = 1;
    static final int CYCLES_MULTIPLY_ACCUMULATE = 3;
    static final int CYCLES_DIVIDE_SQRT = 14;
    static final int CYCLES_TWO_REGISTER_MOVE = 2;
    /** Cortex-M7 double-precision VDIV.F64 / VSQRT.F64 (the M4 has no double precision). */
    static final int CYCLES_DIVIDE_SQRT_DOUBLE = 30;

    /** FPSCR bits software can write on an ARMv7-M FPU: N Z C V, AHP DN FZ RMode, IDC, IXC UFC OFC DZC IOC. */
    static final int FPSCR_WRITABLE = 0xF7C0_009F;

    private final CortexMCore core;
    private final CoreRegisters regs;
    private final FpArithmetic fp = new FpArithmetic();

    Vfp(CortexMCore core) {
        this.core = core;
        this.regs = core.regs;
    }

    /**
     * Executes the 32-bit coprocessor-space instruction {@code hw1:hw2} (coproc 10 or 11); returns its cycles.
     * Throws {@link CpuFault} NOCP when the FPU is absent or disabled in CPACR, UNDEFINSTR for encodings the
     * profile's FPU lacks.
     */
    int execute(int hw1, int hw2) {
        if (!core.profile.fpu().present() || !core.fpuAccessAllowed()) {
            throw new CpuFault(CpuFault.Kind.NOCP);
        }
        int insn = (hw1 & 0xFFFF) << 16 | (hw2 & 0xFFFF);
        boolean unconditionalSpace = (insn & 0x1000_0000) != 0;
        int op = (insn >>> 24) & 3;
        if (unconditionalSpace) {
            if (op == 2 && (insn & 0x10) == 0) {
                return fpv5(insn);
            }
            throw undefined();
        }
        return switch (op) {
            case 0, 1 -> loadStoreOrTransfer64(insn);
            case 2 -> (insn & 0x10) == 0 ? dataProcessing(insn) : transfer(insn);
            default -> throw undefined(); // Advanced SIMD space: no such thing on M-profile
        };
    }

    private static CpuFault undefined() {
        return new CpuFault(CpuFault.Kind.UNDEFINSTR);
    }

    /** ExecuteFPCheck after the decode: FP activity (FPCA, lazy state) and the FPSCR the instruction runs under. */
    private void begin() {
        core.fpContextActive();
        fp.begin(regs.fpscr);
    }

    /** The instruction's exception flags into FPSCR's cumulative bits. */
    private void end() {
        regs.fpscr |= fp.flags;
    }

    // ============================================================ registers

    private static int bit(int insn, int b) {
        return (insn >>> b) & 1;
    }

    /** Sd / Dd: single Vd:D, double D:Vd. */
    private static int regD(int insn, boolean dp) {
        int vd = (insn >>> 12) & 15;
        return dp ? bit(insn, 22) << 4 | vd : vd << 1 | bit(insn, 22);
    }

    private static int regN(int insn, boolean dp) {
        int vn = (insn >>> 16) & 15;
        return dp ? bit(insn, 7) << 4 | vn : vn << 1 | bit(insn, 7);
    }

    private static int regM(int insn, boolean dp) {
        int vm = insn & 15;
        return dp ? bit(insn, 5) << 4 | vm : vm << 1 | bit(insn, 5);
    }

    /** D16-D31 do not exist on an ARMv7-M FPU (D0-D15 alias S0-S31). */
    private static int checkD(int d) {
        if (d > 15) {
            throw undefined();
        }
        return d;
    }

    private long read(boolean dp, int reg) {
        return dp ? (long) regs.s[2 * reg + 1] << 32 | (regs.s[2 * reg] & 0xFFFF_FFFFL) : regs.s[reg] & 0xFFFF_FFFFL;
    }

    private void write(boolean dp, int reg, long bits) {
        if (dp) {
            regs.s[2 * reg] = (int) bits;
            regs.s[2 * reg + 1] = (int) (bits >>> 32);
        } else {
            regs.s[reg] = (int) bits;
        }
    }

    // ============================================================ loads and stores (A6.6)

    private int loadStoreOrTransfer64(int insn) {
        int p = bit(insn, 24);
        int u = bit(insn, 23);
        int w = bit(insn, 21);
        boolean load = bit(insn, 20) == 1;
        boolean dp = bit(insn, 8) == 1;
        int rn = (insn >>> 16) & 15;
        int imm8 = insn & 0xFF;
        if (p == 0 && u == 0) {
            if (w == 0 && bit(insn, 22) == 1) {
                return transfer64(insn);
            }
            throw undefined();
        }
        if (p == 1 && w == 0) { // VLDR / VSTR
            int first = dp ? 2 * checkD(regD(insn, true)) : regD(insn, false);
            int base = rn == 15 ? (regs.r[15] + 4) & ~3 : regs.r[rn];
            int address = u == 1 ? base + (imm8 << 2) : base - (imm8 << 2);
            return transferWords(address, first, dp ? 2 : 1, load) + 1;
        }
        if (p == 1 && u == 1) {
            throw undefined(); // P = U = W = 1
        }
        // VLDM / VSTM: increment after (P=0 U=1, optional writeback) or decrement before (P=1 U=0 W=1); VPUSH/VPOP
        int words = imm8; // FLDMX/FSTMX (double with odd imm8) move imm8/2 registers but step imm8 words
        int first = dp ? 2 * regD(insn, true) : regD(insn, false);
        int count = dp ? 2 * (imm8 >>> 1) : imm8;
        if (count == 0 || first + count > 32 || rn == 15 && w == 1) {
            throw undefined(); // UNPREDICTABLE register lists and PC writeback: UNDEFINED, as QEMU chooses
        }
        int address = p == 1 ? regs.r[rn] - 4 * words : regs.r[rn];
        int cycles = transferWords(address, first, count, load) + 1;
        if (w == 1) {
            regs.r[rn] = p == 1 ? address : address + 4 * words;
        }
        return cycles;
    }

    /**
     * Moves {@code count} words between memory at {@code address} and S[first..] (a D register is two S registers,
     * the low word at the lower address). MemA: an unaligned address is an UNALIGNED UsageFault whatever
     * CCR.UNALIGN_TRP says; a load writes no register before all words are read (a BusFault leaves them as they
     * were). Returns the words moved.
     */
    private int transferWords(int address, int first, int count, boolean load) {
        begin(); // ExecuteFPCheck precedes the memory access in the pseudocode (QEMU: the same)
        if ((address & 3) != 0) {
            throw new CpuFault(CpuFault.Kind.UNALIGNED);
        }
        CpuBus bus = core.memory;
        if (load) {
            int[] words = new int[count];
            for (int i = 0; i < count; i++) {
                words[i] = bus.read32(address + 4 * i);
            }
            System.arraycopy(words, 0, regs.s, first, count);
        } else {
            for (int i = 0; i < count; i++) {
                bus.write32(address + 4 * i, regs.s[first + i]);
            }
        }
        return count;
    }

    // ============================================================ register transfers (A6.7, A6.8)

    /** VMOV between two core registers and two S registers or one D register. */
    private int transfer64(int insn) {
        if ((insn & 0xD0) != 0x10) {
            throw undefined();
        }
        boolean toCore = bit(insn, 20) == 1;
        int rt = (insn >>> 12) & 15;
        int rt2 = (insn >>> 16) & 15;
        boolean dp = bit(insn, 8) == 1;
        int m = dp ? 2 * checkD(regM(insn, true)) : regM(insn, false);
        if (m == 31) {
            throw undefined(); // S31 has no successor
        }
        begin();
        if (toCore) {
            regs.r[rt] = regs.s[m];
            regs.r[rt2] = regs.s[m + 1];
        } else {
            regs.s[m] = regs.r[rt];
            regs.s[m + 1] = regs.r[rt2];
        }
        return CYCLES_TWO_REGISTER_MOVE;
    }

    /** VMOV core <-> S, VMOV core <-> D[x] (32-bit scalar), VMRS, VMSR. */
    private int transfer(int insn) {
        boolean toCore = bit(insn, 20) == 1;
        int a = (insn >>> 21) & 7;
        int rt = (insn >>> 12) & 15;
        if (bit(insn, 8) == 0) {
            if ((insn & 0x6F) != 0) {
                throw undefined();
            }
            if (a == 0) {
                int n = regN(insn, false);
                begin();
                if (toCore) {
                    regs.r[rt] = regs.s[n];
                } else {
                    regs.s[n] = regs.r[rt];
                }
                return CYCLES_SIMPLE;
            }
            if (a == 7 && ((insn >>> 16) & 15) == 1) { // FPSCR is the only system register an M-profile FPU has
                begin();
                if (!toCore) {
                    regs.fpscr = regs.r[rt] & FPSCR_WRITABLE;
                } else if (rt == 15) { // VMRS APSR_nzcv, FPSCR
                    int f = regs.fpscr;
                    regs.n = f < 0;
                    regs.z = (f & 1 << 30) != 0;
                    regs.c = (f & 1 << 29) != 0;
                    regs.v = (f & 1 << 28) != 0;
                } else {
                    regs.r[rt] = regs.fpscr;
                }
                return CYCLES_SIMPLE;
            }
            throw undefined();
        }
        // VMOV.32 Dd[x], Rt / VMOV.32 Rt, Dn[x]: the 8- and 16-bit scalars are Advanced SIMD
        if ((insn & 0x6F) != 0 || bit(insn, 23) == 1 || bit(insn, 22) == 1) {
            throw undefined();
        }
        int d = checkD(regN(insn, true)); // D:Vd sits where N:Vn does
        int index = 2 * d + bit(insn, 21);
        begin();
        if (toCore) {
            regs.r[rt] = regs.s[index];
        } else {
            regs.s[index] = regs.r[rt];
        }
        return CYCLES_SIMPLE;
    }

    // ============================================================ data processing (A6.4 table "three registers" + "other")

    private int dataProcessing(int insn) {
        boolean dp = bit(insn, 8) == 1;
        int opc1 = bit(insn, 23) << 2 | (insn >>> 20) & 3;
        boolean op6 = bit(insn, 6) == 1;
        if (opc1 == 7) {
            return otherDataProcessing(insn, dp);
        }
        if (dp && !core.profile.fpu().doublePrecision()) {
            throw undefined();
        }
        if (opc1 == 4 && op6) {
            throw undefined();
        }
        Format f = dp ? Format.DOUBLE : Format.SINGLE;
        int d = dp ? checkD(regD(insn, true)) : regD(insn, false);
        int n = dp ? checkD(regN(insn, true)) : regN(insn, false);
        int m = dp ? checkD(regM(insn, true)) : regM(insn, false);
        begin();
        long vd = read(dp, d);
        long vn = read(dp, n);
        long vm = read(dp, m);
        long result;
        int cycles = CYCLES_SIMPLE;
        switch (opc1) {
            case 0 -> { // VMLA (op 0) / VMLS (op 1): two roundings
                long product = fp.mul(f, vn, vm);
                result = fp.add(f, vd, op6 ? FpArithmetic.neg(f, product) : product);
                cycles = CYCLES_MULTIPLY_ACCUMULATE;
            }
            case 1 -> { // VNMLA (op 1): -d - n*m; VNMLS (op 0): -d + n*m
                long product = fp.mul(f, vn, vm);
                result = fp.add(f, FpArithmetic.neg(f, vd), op6 ? FpArithmetic.neg(f, product) : product);
                cycles = CYCLES_MULTIPLY_ACCUMULATE;
            }
            case 2 -> { // VMUL (op 0) / VNMUL (op 1)
                long product = fp.mul(f, vn, vm);
                result = op6 ? FpArithmetic.neg(f, product) : product;
            }
            case 3 -> result = op6 ? fp.sub(f, vn, vm) : fp.add(f, vn, vm);
            case 4 -> {
                result = fp.div(f, vn, vm);
                cycles = dp ? CYCLES_DIVIDE_SQRT_DOUBLE : CYCLES_DIVIDE_SQRT;
            }
            case 5 -> { // VFNMA (op 1): -d - n*m; VFNMS (op 0): -d + n*m; one rounding
                result = fp.mulAdd(f, FpArithmetic.neg(f, vd), op6 ? FpArithmetic.neg(f, vn) : vn, vm);
                cycles = CYCLES_MULTIPLY_ACCUMULATE;
            }
            default -> { // 6: VFMA (op 0): d + n*m; VFMS (op 1): d - n*m
                result = fp.mulAdd(f, vd, op6 ? FpArithmetic.neg(f, vn) : vn, vm);
                cycles = CYCLES_MULTIPLY_ACCUMULATE;
            }
        }
        write(dp, d, result);
        end();
        return cycles;
    }

    /** The "other" data-processing instructions: opc1 = 1x11 (VMOV immediate/register, VABS ... VCVT, VRINT). */
    private int otherDataProcessing(int insn, boolean dp) {
        CoreProfile.Fpu fpu = core.profile.fpu();
        int opc2 = (insn >>> 16) & 15;
        boolean op7 = bit(insn, 7) == 1;
        boolean crossPrecision = opc2 == 7 && op7; // VCVT between double and single: both directions need DP
        if ((dp || crossPrecision) && !fpu.doublePrecision()) {
            throw undefined();
        }
        Format f = dp ? Format.DOUBLE : Format.SINGLE;
        if (bit(insn, 6) == 0) { // VMOV immediate (VFPExpandImm)
            if ((insn & 0xA0) != 0) {
                throw undefined();
            }
            int d = dp ? checkD(regD(insn, true)) : regD(insn, false);
            int imm8 = opc2 << 4 | insn & 15;
            begin();
            write(dp, d, expandImmediate(f, imm8));
            return CYCLES_SIMPLE;
        }
        switch (opc2) {
            case 0, 1 -> {
                int d = dp ? checkD(regD(insn, true)) : regD(insn, false);
                long vm = read(dp, dp ? checkD(regM(insn, true)) : regM(insn, false));
                begin();
                long result;
                int cycles = CYCLES_SIMPLE;
                if (opc2 == 0) {
                    result = op7 ? FpArithmetic.abs(f, vm) : vm; // VABS / VMOV register: no NaN processing
                } else if (!op7) {
                    result = FpArithmetic.neg(f, vm); // VNEG
                } else {
                    result = fp.sqrt(f, vm);
                    cycles = dp ? CYCLES_DIVIDE_SQRT_DOUBLE : CYCLES_DIVIDE_SQRT;
                }
                write(dp, d, result);
                end();
                return cycles;
            }
            case 2, 3 -> {
                return convertHalf(insn, dp, opc2 == 3, op7);
            }
            case 4, 5 -> { // VCMP{E}, with a register or with zero
                int d = dp ? checkD(regD(insn, true)) : regD(insn, false);
                long other = opc2 == 5 ? 0 : read(dp, dp ? checkD(regM(insn, true)) : regM(insn, false));
                begin();
                int nzcv = fp.compare(f, read(dp, d), other, op7);
                regs.fpscr = regs.fpscr & 0x0FFF_FFFF | nzcv << 28;
                end();
                return CYCLES_SIMPLE;
            }
            case 6 -> { // FPv5 VRINTR (op7 0, FPSCR rounding) / VRINTZ (op7 1)
                return roundToIntegral(insn, dp, op7 ? RZ : -1, false);
            }
            case 7 -> {
                if (!op7) {
                    return roundToIntegral(insn, dp, -1, true); // FPv5 VRINTX
                }
                // VCVT.F32.F64 (sz 1) / VCVT.F64.F32 (sz 0)
                int d = dp ? regD(insn, false) : checkD(regD(insn, true));
                long vm = dp ? read(true, checkD(regM(insn, true))) : read(false, regM(insn, false));
                begin();
                write(!dp, d, fp.convert(dp ? Format.DOUBLE : Format.SINGLE, dp ? Format.SINGLE : Format.DOUBLE,
                        vm));
                end();
                return CYCLES_SIMPLE;
            }
            case 8 -> { // VCVT from a 32-bit integer in Sm: FPSCR rounding
                int d = dp ? checkD(regD(insn, true)) : regD(insn, false);
                long value = read(false, regM(insn, false));
                begin();
                write(dp, d, fp.fixedToFp(f, op7 ? (long) (int) value : value, 0, fp.rmode()));
                end();
                return CYCLES_SIMPLE;
            }
            case 10, 11, 14, 15 -> {
                return convertFixed(insn, dp, opc2);
            }
            case 12, 13 -> { // VCVT{R} to a 32-bit integer in Sd: op7 1 rounds towards zero, 0 in FPSCR's mode
                int d = regD(insn, false);
                long vm = read(dp, dp ? checkD(regM(insn, true)) : regM(insn, false));
                begin();
                int rmode = op7 ? RZ : fp.rmode();
                write(false, d, fp.toFixed(f, vm, 32, 0, opc2 == 12, rmode));
                end();
                return CYCLES_SIMPLE;
            }
            default -> throw undefined(); // opc2 = 1001
        }
    }

    /** VFPExpandImm: sign, exponent NOT(b6):b6...b6:b5:b4, fraction b3..b0 followed by zeros. */
    static long expandImmediate(Format f, int imm8) {
        int b6 = (imm8 >>> 6) & 1;
        int expTail = f.expBits - 3; // replicated b6 bits
        long exp = (long) (b6 ^ 1) << (f.expBits - 1) | (long) (b6 == 1 ? (1 << expTail) - 1 : 0) << 2
                | (imm8 >>> 4) & 3;
        long frac = (long) (imm8 & 15) << (f.fracBits - 4);
        return ((imm8 & 0x80) != 0 ? f.signBit : 0) | exp << f.fracBits | frac;
    }

    /**
     * VCVTB / VCVTT: half precision in the bottom (T = 0) or top half of Sd/Sm; to half leaves the other half of Sd
     * alone. FPv5 adds the double-precision forms (sz = 1).
     */
    private int convertHalf(int insn, boolean dp, boolean toHalf, boolean top) {
        Format wide = dp ? Format.DOUBLE : Format.SINGLE;
        int shift = top ? 16 : 0;
        if (toHalf) {
            int d = regD(insn, false);
            long vm = read(dp, dp ? checkD(regM(insn, true)) : regM(insn, false));
            begin();
            long half = fp.convert(wide, Format.HALF, vm);
            regs.s[d] = regs.s[d] & ~(0xFFFF << shift) | (int) half << shift;
        } else {
            int d = dp ? checkD(regD(insn, true)) : regD(insn, false);
            long half = (regs.s[regM(insn, false)] >>> shift) & 0xFFFF;
            begin();
            write(dp, d, fp.convert(Format.HALF, wide, half));
        }
        end();
        return CYCLES_SIMPLE;
    }

    /**
     * VCVT between floating point and fixed point in the same register: opc2 = 1 op 1 U (op 1: to fixed, rounding
     * towards zero; op 0: from fixed, round to nearest whatever FPSCR.RMode says - A7.7.226 calls FixedToFP with
     * round_to_nearest TRUE), bit 7 the size (32 or 16 bits), imm4:i = size - fbits.
     */
    private int convertFixed(int insn, boolean dp, int opc2) {
        boolean toFixed = (opc2 & 4) != 0;
        boolean unsigned = (opc2 & 1) != 0;
        int size = bit(insn, 7) == 1 ? 32 : 16;
        int fractionBits = size - ((insn & 15) << 1 | bit(insn, 5));
        if (fractionBits < 0) {
            throw undefined();
        }
        Format f = dp ? Format.DOUBLE : Format.SINGLE;
        int d = dp ? checkD(regD(insn, true)) : regD(insn, false);
        begin();
        long v = read(dp, d);
        long result;
        if (toFixed) {
            long fixed = fp.toFixed(f, v, size, fractionBits, unsigned, RZ);
            long extended = unsigned ? fixed : fixed << (64 - size) >> (64 - size);
            result = dp ? extended : extended & 0xFFFF_FFFFL;
        } else {
            long low = v & ((1L << size) - 1);
            long value = unsigned ? low : low << (64 - size) >> (64 - size);
            result = fp.fixedToFp(f, value, fractionBits, FpArithmetic.RN);
        }
        write(dp, d, result);
        end();
        return CYCLES_SIMPLE;
    }

    /** VRINTR/Z/X and VRINTA/N/P/M (FPv5): {@code rmode} -1 means FPSCR.RMode. */
    private int roundToIntegral(int insn, boolean dp, int rmode, boolean exact) {
        if (!core.profile.fpu().fpv5()) {
            throw undefined();
        }
        int d = dp ? checkD(regD(insn, true)) : regD(insn, false);
        long vm = read(dp, dp ? checkD(regM(insn, true)) : regM(insn, false));
        begin();
        Format f = dp ? Format.DOUBLE : Format.SINGLE;
        write(dp, d, fp.roundInt(f, vm, rmode < 0 ? fp.rmode() : rmode, exact));
        end();
        return CYCLES_SIMPLE;
    }

    // ============================================================ FPv5 unconditional instructions (hw1 0xFExx)

    /** FPDecodeRM: the rounding the RM field of VRINT{A,N,P,M} / VCVT{A,N,P,M} names. */
    private static final int[] DECODE_RM = {RNA, RN, RP, RM};

    private int fpv5(int insn) {
        CoreProfile.Fpu fpu = core.profile.fpu();
        if (!fpu.fpv5()) {
            throw undefined();
        }
        boolean dp = bit(insn, 8) == 1;
        if (dp && !fpu.doublePrecision()) {
            throw undefined();
        }
        Format f = dp ? Format.DOUBLE : Format.SINGLE;
        int opc = (insn >>> 20) & 3;
        if (bit(insn, 23) == 0) { // VSEL<cc>: EQ, VS, GE, GT on the APSR flags
            if (bit(insn, 6) == 1) {
                throw undefined();
            }
            int d = dp ? checkD(regD(insn, true)) : regD(insn, false);
            int n = dp ? checkD(regN(insn, true)) : regN(insn, false);
            int m = dp ? checkD(regM(insn, true)) : regM(insn, false);
            boolean holds = switch (opc) {
                case 0 -> regs.z;
                case 1 -> regs.v;
                case 2 -> regs.n == regs.v;
                default -> !regs.z && regs.n == regs.v;
            };
            begin();
            write(dp, d, read(dp, holds ? n : m));
            return CYCLES_SIMPLE;
        }
        if (opc == 0) { // VMAXNM (op 0) / VMINNM (op 1)
            int d = dp ? checkD(regD(insn, true)) : regD(insn, false);
            int n = dp ? checkD(regN(insn, true)) : regN(insn, false);
            int m = dp ? checkD(regM(insn, true)) : regM(insn, false);
            begin();
            write(dp, d, fp.maxMinNum(f, read(dp, n), read(dp, m), bit(insn, 6) == 0));
            end();
            return CYCLES_SIMPLE;
        }
        int rounding = DECODE_RM[(insn >>> 16) & 3];
        if (opc == 3 && ((insn >>> 18) & 3) == 2 && (insn & 0xC0) == 0x40) { // VRINTA/N/P/M
            return roundToIntegral(insn, dp, rounding, false);
        }
        if (opc == 3 && ((insn >>> 18) & 3) == 3 && bit(insn, 6) == 1) { // VCVTA/N/P/M to a 32-bit integer in Sd
            int d = regD(insn, false);
            long vm = read(dp, dp ? checkD(regM(insn, true)) : regM(insn, false));
            begin();
            write(false, d, fp.toFixed(f, vm, 32, 0, bit(insn, 7) == 0, rounding));
            end();
            return CYCLES_SIMPLE;
        }
        throw undefined();
    }
}
