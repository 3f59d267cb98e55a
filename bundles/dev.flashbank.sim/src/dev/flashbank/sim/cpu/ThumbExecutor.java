package dev.flashbank.sim.cpu;

import static dev.flashbank.sim.cpu.InstructionTiming.ALU;
import static dev.flashbank.sim.cpu.InstructionTiming.BRANCH;
import static dev.flashbank.sim.cpu.InstructionTiming.LOAD;
import static dev.flashbank.sim.cpu.InstructionTiming.NOT_EXECUTED;
import static dev.flashbank.sim.cpu.InstructionTiming.PIPELINE_REFILL;
import static dev.flashbank.sim.cpu.InstructionTiming.STORE;

/**
 * The Thumb instruction set of ARMv6-M and ARMv7E-M (ARMv7-M ARM A5, A7; ARMv6-M ARM A5, A6): decodes the
 * instruction at PC, executes it and returns its cycle count. This class holds the fetch, the IT block, the 16-bit
 * encodings (A5.2) and what both widths share (memory access with the A3.2 alignment rules, the special registers);
 * the 32-bit encodings (A5.3) are {@link Thumb32}.
 * <p>
 * While an instruction executes, {@code r[15]} holds its address + 4, so an operand that names the PC reads the value
 * the architecture defines without a test per operand; every path sets {@code r[15]} to the next instruction (or the
 * branch target) before it writes its results, so a result written to the PC wins. A fault (CpuFault, BusFault)
 * restores PC and ITSTATE: every instruction does its memory accesses before it writes a register, so a faulting
 * instruction leaves no architectural effect (stores already made by a faulting STM/PUSH stay, as on silicon).
 * Hooks into the exception model ({@code svc}, {@code bxWritePc}, {@code waitForInterrupt}...) are called last, with
 * {@code r[15]} already the address of the next instruction; the FPU ({@link Vfp#execute}) is called with
 * {@code r[15]} the instruction's own address, as the package's convention says, and must not advance it.
 */
final class ThumbExecutor {

    private final CortexMCore core;
    private final CoreRegisters regs;
    private final int[] r;
    private final Thumb32 thumb32;
    /** True for ARMv7-M: CBZ/CBNZ, IT and the Thumb-2 32-bit encodings exist. */
    private final boolean v7;
    /** Scratch for LDM/POP: the loaded values, written to the registers only after the last load succeeded. */
    final int[] loaded = new int[16];

    ThumbExecutor(CortexMCore core) {
        this.core = core;
        this.regs = core.regs;
        this.r = core.regs.r;
        this.v7 = core.profile.armv7m();
        this.thumb32 = new Thumb32(core, this);
    }

    /** Executes the instruction at {@code r[15]}; returns its cycles. */
    int execute() {
        final CoreRegisters R = regs;
        final int pc = r[15];
        if (!R.thumb) {
            throw new CpuFault(CpuFault.Kind.INVSTATE);
        }
        // execute-never regions (IACCVIOL) are the fetch path's: CpuBus.fetch16 of the core's memory
        final int hw1 = core.memory.fetch16(pc);
        final int it = R.itstate;
        r[15] = pc + 4;
        try {
            if (it != 0) {
                // ITAdvance before the instruction (A7.3.2): an exception the instruction causes or a return from
                // one it performs sees the state of the next instruction; a fault restores the current one.
                R.itstate = (it & 7) == 0 ? 0 : (it & 0xE0) | ((it << 1) & 0x1F);
                if (!Alu.conditionPassed(R, it >>> 4) && (hw1 >>> 8) != 0xBE) { // BKPT is unconditional
                    r[15] = pc + (hw1 >= 0xE800 ? 4 : 2);
                    return NOT_EXECUTED;
                }
            }
            if (hw1 >= 0xE800) {
                return thumb32.execute(pc, hw1, core.memory.fetch16(pc + 2));
            }
            return execute16(pc, hw1, it);
        } catch (RuntimeException e) {
            r[15] = pc;
            R.itstate = it;
            throw e;
        }
    }

    // ============================================================================ 16-bit encodings (A5.2)

    private int execute16(int pc, int hw, int it) {
        final CoreRegisters R = regs;
        final int[] r = this.r;
        // 16-bit data-processing instructions set the flags only outside an IT block (A7.3.1)
        final boolean setflags = it == 0;
        final int next = pc + 2;
        switch (hw >>> 11) {
        case 0: { // LSL (immediate); MOV (register) T2 when imm5 = 0
            int imm5 = (hw >>> 6) & 31, v = r[(hw >>> 3) & 7];
            int res = v << imm5;
            if (setflags) {
                if (imm5 != 0) {
                    R.c = ((v >>> (32 - imm5)) & 1) != 0;
                }
                Alu.nz(R, res);
            }
            r[15] = next;
            r[hw & 7] = res;
            return ALU;
        }
        case 1: // LSR (immediate)
        case 2: { // ASR (immediate)
            int type = hw >>> 11, imm5 = (hw >>> 6) & 31, v = r[(hw >>> 3) & 7];
            int amount = imm5 == 0 ? 32 : imm5;
            int res = Alu.shift(v, type, amount, false);
            if (setflags) {
                R.c = Alu.shiftCarry(v, type, amount, R.c);
                Alu.nz(R, res);
            }
            r[15] = next;
            r[hw & 7] = res;
            return ALU;
        }
        case 3: { // ADD/SUB register or 3-bit immediate
            int a = r[(hw >>> 3) & 7];
            int b = (hw & 0x400) == 0 ? r[(hw >>> 6) & 7] : (hw >>> 6) & 7;
            int res;
            if ((hw & 0x200) == 0) {
                res = setflags ? Alu.addFlags(R, a, b, 0) : a + b;
            } else {
                res = setflags ? Alu.addFlags(R, a, ~b, 1) : a - b;
            }
            r[15] = next;
            r[hw & 7] = res;
            return ALU;
        }
        case 4: { // MOV (immediate)
            int res = hw & 0xFF;
            if (setflags) {
                Alu.nz(R, res);
            }
            r[15] = next;
            r[(hw >>> 8) & 7] = res;
            return ALU;
        }
        case 5: // CMP (immediate)
            Alu.addFlags(R, r[(hw >>> 8) & 7], ~(hw & 0xFF), 1);
            r[15] = next;
            return ALU;
        case 6: { // ADD (immediate) T2
            int d = (hw >>> 8) & 7, a = r[d], b = hw & 0xFF;
            int res = setflags ? Alu.addFlags(R, a, b, 0) : a + b;
            r[15] = next;
            r[d] = res;
            return ALU;
        }
        case 7: { // SUB (immediate) T2
            int d = (hw >>> 8) & 7, a = r[d], b = hw & 0xFF;
            int res = setflags ? Alu.addFlags(R, a, ~b, 1) : a - b;
            r[15] = next;
            r[d] = res;
            return ALU;
        }
        case 8:
            return (hw & 0x400) == 0 ? dataProcessing16(hw, setflags, next) : specialDataBranch(pc, hw, next);
        case 9: { // LDR (literal)
            int v = loadWord(((pc + 4) & ~3) + ((hw & 0xFF) << 2));
            r[15] = next;
            r[(hw >>> 8) & 7] = v;
            return LOAD;
        }
        case 10:
        case 11:
            return loadStoreRegister16(hw, next);
        case 12: { // STR (immediate) T1
            storeWord(r[(hw >>> 3) & 7] + ((hw >>> 4) & 0x7C), r[hw & 7]);
            r[15] = next;
            return STORE;
        }
        case 13: { // LDR (immediate) T1
            int v = loadWord(r[(hw >>> 3) & 7] + ((hw >>> 4) & 0x7C));
            r[15] = next;
            r[hw & 7] = v;
            return LOAD;
        }
        case 14: // STRB (immediate)
            storeByte(r[(hw >>> 3) & 7] + ((hw >>> 6) & 31), r[hw & 7]);
            r[15] = next;
            return STORE;
        case 15: { // LDRB (immediate)
            int v = loadByte(r[(hw >>> 3) & 7] + ((hw >>> 6) & 31));
            r[15] = next;
            r[hw & 7] = v;
            return LOAD;
        }
        case 16: // STRH (immediate)
            storeHalf(r[(hw >>> 3) & 7] + ((hw >>> 5) & 0x3E), r[hw & 7]);
            r[15] = next;
            return STORE;
        case 17: { // LDRH (immediate)
            int v = loadHalf(r[(hw >>> 3) & 7] + ((hw >>> 5) & 0x3E));
            r[15] = next;
            r[hw & 7] = v;
            return LOAD;
        }
        case 18: // STR (immediate) T2, SP relative
            storeWord(r[13] + ((hw & 0xFF) << 2), r[(hw >>> 8) & 7]);
            r[15] = next;
            return STORE;
        case 19: { // LDR (immediate) T2, SP relative
            int v = loadWord(r[13] + ((hw & 0xFF) << 2));
            r[15] = next;
            r[(hw >>> 8) & 7] = v;
            return LOAD;
        }
        case 20: // ADR
            r[15] = next;
            r[(hw >>> 8) & 7] = ((pc + 4) & ~3) + ((hw & 0xFF) << 2);
            return ALU;
        case 21: // ADD (SP plus immediate) T1
            r[(hw >>> 8) & 7] = r[13] + ((hw & 0xFF) << 2);
            r[15] = next;
            return ALU;
        case 22:
        case 23:
            return miscellaneous16(pc, hw, it, next);
        case 24:
            return storeMultiple16(hw, next);
        case 25:
            return loadMultiple16(hw, next);
        case 26:
        case 27: { // B T1, UDF, SVC (A5.2.6)
            int cond = (hw >>> 8) & 0xF;
            if (cond == 0xE) {
                throw undefined(); // UDF: permanently undefined
            }
            if (cond == 0xF) {
                r[15] = next;
                core.svc(hw & 0xFF);
                return ALU;
            }
            if (Alu.conditionPassed(R, cond)) {
                r[15] = pc + 4 + ((byte) hw << 1);
                return BRANCH;
            }
            r[15] = next;
            return NOT_EXECUTED;
        }
        case 28: // B T2
            r[15] = pc + 4 + ((hw << 21) >> 20);
            return BRANCH;
        default:
            throw undefined(); // not reached: 32-bit encodings are decoded by execute()
        }
    }

    /** A5.2.2: AND EOR LSL LSR ASR ADC SBC ROR TST RSB CMP CMN ORR MUL BIC MVN, all on low registers. */
    private int dataProcessing16(int hw, boolean setflags, int next) {
        final CoreRegisters R = regs;
        final int dn = hw & 7;
        final int a = r[dn];
        final int b = r[(hw >>> 3) & 7];
        int res;
        switch ((hw >>> 6) & 0xF) {
        case 0: // AND
            res = a & b;
            break;
        case 1: // EOR
            res = a ^ b;
            break;
        case 2: // LSL (register)
        case 3: // LSR (register)
        case 4: // ASR (register)
        case 7: { // ROR (register)
            int op = (hw >>> 6) & 0xF;
            int type = op == 7 ? Alu.ROR : op - 2;
            int amount = b & 0xFF;
            res = Alu.shift(a, type, amount, false);
            if (setflags) {
                R.c = Alu.shiftCarry(a, type, amount, R.c);
            }
            break;
        }
        case 5: // ADC
            res = setflags ? Alu.addFlags(R, a, b, R.c ? 1 : 0) : a + b + (R.c ? 1 : 0);
            r[15] = next;
            r[dn] = res;
            return ALU;
        case 6: // SBC
            res = setflags ? Alu.addFlags(R, a, ~b, R.c ? 1 : 0) : a + ~b + (R.c ? 1 : 0);
            r[15] = next;
            r[dn] = res;
            return ALU;
        case 8: // TST
            Alu.nz(R, a & b);
            r[15] = next;
            return ALU;
        case 9: // RSB (immediate #0), "NEG": Rd = 0 - Rn with Rn in bits 5:3
            res = setflags ? Alu.addFlags(R, ~b, 0, 1) : -b;
            r[15] = next;
            r[dn] = res;
            return ALU;
        case 10: // CMP (register) T1
            Alu.addFlags(R, a, ~b, 1);
            r[15] = next;
            return ALU;
        case 11: // CMN
            Alu.addFlags(R, a, b, 0);
            r[15] = next;
            return ALU;
        case 12: // ORR
            res = a | b;
            break;
        case 13: // MUL: N and Z only (C and V unchanged in ARMv6-M and ARMv7-M)
            res = a * b;
            break;
        case 14: // BIC
            res = a & ~b;
            break;
        default: // MVN
            res = ~b;
            break;
        }
        if (setflags) {
            Alu.nz(R, res);
        }
        r[15] = next;
        r[dn] = res;
        return ALU;
    }

    /** A5.2.3: ADD, CMP and MOV on high registers, BX, BLX (register). */
    private int specialDataBranch(int pc, int hw, int next) {
        final int d = (hw >>> 4) & 8 | hw & 7;
        final int m = (hw >>> 3) & 0xF;
        switch ((hw >>> 8) & 3) {
        case 0: { // ADD (register) T2; ADD PC is ALUWritePC = BranchWritePC
            int res = r[d] + r[m];
            r[15] = next;
            return writeRegisterOrBranch(d, res);
        }
        case 1: // CMP (register) T2
            Alu.addFlags(regs, r[d], ~r[m], 1);
            r[15] = next;
            return ALU;
        case 2: { // MOV (register) T1
            int res = r[m];
            r[15] = next;
            return writeRegisterOrBranch(d, res);
        }
        default: { // BX, BLX (register)
            int target = r[m];
            if ((hw & 0x80) != 0) {
                r[14] = next | 1;
            }
            core.bxWritePc(target);
            return BRANCH;
        }
        }
    }

    /**
     * Writes a data-processing result to R[d]: the PC as BranchWritePC (bit 0 ignored), the SP with bits 1:0 clear
     * (M-profile SP is word aligned; QEMU forces the same). Returns the instruction's cycles.
     */
    int writeRegisterOrBranch(int d, int value) {
        if (d == 15) {
            r[15] = value & ~1;
            return BRANCH;
        }
        r[d] = d == 13 ? value & ~3 : value;
        return ALU;
    }

    /** A5.2.4 register-offset forms: STR STRH STRB LDRSB LDR LDRH LDRB LDRSH [Rn, Rm]. */
    private int loadStoreRegister16(int hw, int next) {
        final int t = hw & 7;
        final int address = r[(hw >>> 3) & 7] + r[(hw >>> 6) & 7];
        int v;
        switch ((hw >>> 9) & 7) {
        case 0:
            storeWord(address, r[t]);
            r[15] = next;
            return STORE;
        case 1:
            storeHalf(address, r[t]);
            r[15] = next;
            return STORE;
        case 2:
            storeByte(address, r[t]);
            r[15] = next;
            return STORE;
        case 3:
            v = (byte) loadByte(address);
            break;
        case 4:
            v = loadWord(address);
            break;
        case 5:
            v = loadHalf(address);
            break;
        case 6:
            v = loadByte(address);
            break;
        default:
            v = (short) loadHalf(address);
            break;
        }
        r[15] = next;
        r[t] = v;
        return LOAD;
    }

    /** A5.2.5: SP adjust, CBZ/CBNZ, extends, PUSH/POP, CPS, REV*, BKPT, IT and hints. */
    private int miscellaneous16(int pc, int hw, int it, int next) {
        final CoreRegisters R = regs;
        switch ((hw >>> 8) & 0xF) {
        case 0: { // ADD/SUB (SP plus/minus immediate)
            int imm = (hw & 0x7F) << 2;
            r[13] = (hw & 0x80) == 0 ? r[13] + imm : r[13] - imm;
            r[15] = next;
            return ALU;
        }
        case 1:
        case 3:
        case 9:
        case 11: { // CBZ, CBNZ (ARMv7-M only; UNPREDICTABLE in an IT block)
            if (!v7) {
                throw undefined();
            }
            boolean nonZero = (hw & 0x800) != 0;
            if ((r[hw & 7] != 0) == nonZero) {
                r[15] = pc + 4 + ((hw >>> 3) & 0x40 | (hw >>> 2) & 0x3E);
                return BRANCH;
            }
            r[15] = next;
            return ALU;
        }
        case 2: { // SXTH, SXTB, UXTH, UXTB
            int m = r[(hw >>> 3) & 7];
            int res;
            switch ((hw >>> 6) & 3) {
            case 0:
                res = (short) m;
                break;
            case 1:
                res = (byte) m;
                break;
            case 2:
                res = m & 0xFFFF;
                break;
            default:
                res = m & 0xFF;
                break;
            }
            r[15] = next;
            r[hw & 7] = res;
            return ALU;
        }
        case 4:
        case 5: // PUSH: {R0-R7, LR}
            return push(hw & 0xFF | (hw & 0x100) << 6, next);
        case 6: // CPS (0110011 im 0 0 I F); SETEND is not an M-profile instruction
            if ((hw & 0xFFEC) != 0xB660) {
                throw undefined();
            }
            changeProcessorState((hw & 0x10) != 0, (hw & 2) != 0, (hw & 1) != 0);
            r[15] = next;
            return ALU;
        case 10: { // REV, REV16, REVSH
            int m = r[(hw >>> 3) & 7];
            int res;
            switch ((hw >>> 6) & 3) {
            case 0:
                res = Integer.reverseBytes(m);
                break;
            case 1:
                res = Alu.rev16(m);
                break;
            case 3:
                res = Alu.revsh(m);
                break;
            default:
                throw undefined();
            }
            r[15] = next;
            r[hw & 7] = res;
            return ALU;
        }
        case 12:
        case 13: // POP: {R0-R7, PC}
            return pop(hw & 0xFF | (hw & 0x100) << 7, next);
        case 14: // BKPT: the core halts on the BKPT itself (DFSR.BKPT); a debugger resumes past it
            r[15] = pc;
            R.itstate = it;
            core.bkpt(hw & 0xFF);
            return ALU;
        case 15:
            if ((hw & 0xF) != 0) { // IT
                if (!v7) {
                    throw undefined();
                }
                R.itstate = hw & 0xFF;
                r[15] = next;
                return ALU;
            }
            r[15] = next;
            hint((hw >>> 4) & 0xF);
            return ALU;
        default:
            throw undefined();
        }
    }

    /** NOP, YIELD, WFE, WFI, SEV (A7.7: other hint numbers execute as NOP). */
    void hint(int op) {
        switch (op) {
        case 2:
            core.waitForEvent();
            break;
        case 3:
            core.waitForInterrupt();
            break;
        case 4:
            core.sendEvent();
            break;
        default: // NOP, YIELD, DBG and the unallocated hints
            break;
        }
    }

    /** STM (STMIA) T1: writeback always; a base in the list stores its original value. */
    private int storeMultiple16(int hw, int next) {
        final int n = (hw >>> 8) & 7;
        final int list = hw & 0xFF;
        final int address = r[n];
        checkWordAligned(address);
        int a = address;
        for (int i = 0; i < 8; i++) {
            if ((list & 1 << i) != 0) {
                core.memory.write32(a, r[i]);
                a += 4;
            }
        }
        r[15] = next;
        r[n] = a;
        return InstructionTiming.multiple(Integer.bitCount(list));
    }

    /** LDM (LDMIA) T1: writeback unless the base is in the list (then the loaded value wins). */
    private int loadMultiple16(int hw, int next) {
        final int n = (hw >>> 8) & 7;
        final int list = hw & 0xFF;
        int a = r[n];
        checkWordAligned(a);
        for (int i = 0; i < 8; i++) {
            if ((list & 1 << i) != 0) {
                loaded[i] = core.memory.read32(a);
                a += 4;
            }
        }
        r[15] = next;
        r[n] = a;
        for (int i = 0; i < 8; i++) {
            if ((list & 1 << i) != 0) {
                r[i] = loaded[i];
            }
        }
        return InstructionTiming.multiple(Integer.bitCount(list));
    }

    /** PUSH / STMDB SP!: {@code list} bits 0-14 (SP not allowed); full descending, lowest register lowest. */
    int push(int list, int next) {
        int count = Integer.bitCount(list);
        int start = r[13] - 4 * count;
        checkWordAligned(start);
        int a = start;
        for (int i = 0; i < 15; i++) {
            if ((list & 1 << i) != 0) {
                core.memory.write32(a, r[i]);
                a += 4;
            }
        }
        r[15] = next;
        r[13] = start;
        return InstructionTiming.multiple(count);
    }

    /** POP / LDMIA SP!: SP is written back before a loaded PC is taken (an exception return unstacks from it). */
    int pop(int list, int next) {
        return loadMultiple(13, list, true, true, next);
    }

    /**
     * LDM (all widths with ascending addresses from {@code r[n]}, or for LDMDB the caller's start): loads every
     * register of {@code list} before it writes any; writeback (a base in the list takes the loaded value); a loaded
     * PC goes through LoadWritePC last.
     */
    int loadMultiple(int n, int list, boolean increment, boolean writeback, int next) {
        int count = Integer.bitCount(list);
        int base = r[n];
        int start = increment ? base : base - 4 * count;
        checkWordAligned(start);
        int a = start;
        CpuBus bus = core.memory;
        for (int i = 0; i < 16; i++) {
            if ((list & 1 << i) != 0) {
                loaded[i] = bus.read32(a);
                a += 4;
            }
        }
        r[15] = next;
        if (writeback) {
            r[n] = increment ? base + 4 * count : start;
        }
        for (int i = 0; i < 15; i++) {
            if ((list & 1 << i) != 0) {
                r[i] = i == 13 ? loaded[i] & ~3 : loaded[i];
            }
        }
        if ((list & 0x8000) != 0) {
            core.bxWritePc(loaded[15]);
            return InstructionTiming.multiple(count) + PIPELINE_REFILL;
        }
        return InstructionTiming.multiple(count);
    }

    /** STM/STMDB: stores the registers of {@code list} in ascending order (original base value if listed). */
    int storeMultiple(int n, int list, boolean increment, boolean writeback, int next) {
        int count = Integer.bitCount(list);
        int base = r[n];
        int start = increment ? base : base - 4 * count;
        checkWordAligned(start);
        int a = start;
        CpuBus bus = core.memory;
        for (int i = 0; i < 16; i++) {
            if ((list & 1 << i) != 0) {
                bus.write32(a, r[i]);
                a += 4;
            }
        }
        r[15] = next;
        if (writeback) {
            r[n] = increment ? base + 4 * count : start;
        }
        return InstructionTiming.multiple(count);
    }

    // ============================================================================ special registers (B5.2)

    /** CPS (B5.2.1): privileged only; FAULTMASK cannot be set at execution priority -1 or -2 (HardFault, NMI). */
    void changeProcessorState(boolean disable, boolean affectPrimask, boolean affectFaultmask) {
        if (!core.privileged()) {
            return;
        }
        if (affectPrimask) {
            regs.primask = disable;
        }
        if (affectFaultmask && v7 && (!disable || executionPriorityAboveMinusOne())) {
            regs.faultmask = disable;
        }
    }

    /**
     * ExecutionPriority() > -1 (B1.5.4): not in NMI (-2) or HardFault (-1), and FAULTMASK not already raising the
     * priority to -1 - so MSR cannot clear FAULTMASK either (only CPSIE f and exception return do).
     */
    private boolean executionPriorityAboveMinusOne() {
        return regs.ipsr != 2 && regs.ipsr != 3 && !regs.faultmask;
    }

    /** MRS (B5.2.2): EPSR reads as zero; SP and masks read as zero when unprivileged (as QEMU does). */
    int mrs(int sysm) {
        final CoreRegisters R = regs;
        switch (sysm >>> 3) {
        case 0: {
            int v = 0;
            if ((sysm & 1) != 0) {
                v |= R.ipsr & 0x1FF;
            }
            if ((sysm & 4) == 0) {
                v |= R.xpsr() & 0xF800_0000;
                if (core.profile.dsp()) {
                    v |= (R.ge & 0xF) << 16;
                }
            }
            return v;
        }
        case 1:
            if (!core.privileged()) {
                return 0;
            }
            return (sysm & 7) == 0 ? R.msp() : (sysm & 7) == 1 ? R.psp() : 0;
        case 2:
            switch (sysm & 7) {
            case 4:
                return R.control & (core.profile.fpu().present() ? 7 : 3);
            case 0:
                return core.privileged() && R.primask ? 1 : 0;
            case 1:
            case 2:
                return core.privileged() && v7 ? R.basepri & 0xFF : 0;
            case 3:
                return core.privileged() && R.faultmask ? 1 : 0;
            default:
                return 0;
            }
        default:
            return 0;
        }
    }

    /** MSR (B5.2.3); {@code mask} the encoding's mask field (bit 1: NZCVQ, bit 0: GE). */
    void msr(int sysm, int mask, int value) {
        final CoreRegisters R = regs;
        switch (sysm >>> 3) {
        case 0:
            if ((sysm & 4) == 0) {
                if ((mask & 2) != 0) {
                    R.n = value < 0;
                    R.z = (value & 1 << 30) != 0;
                    R.c = (value & 1 << 29) != 0;
                    R.v = (value & 1 << 28) != 0;
                    R.q = (value & 1 << 27) != 0;
                }
                if ((mask & 1) != 0 && core.profile.dsp()) {
                    R.ge = (value >>> 16) & 0xF;
                }
            }
            return;
        case 1:
            if (core.privileged()) {
                if ((sysm & 7) == 0) {
                    R.setMsp(value);
                } else if ((sysm & 7) == 1) {
                    R.setPsp(value);
                }
            }
            return;
        case 2:
            if (!core.privileged()) {
                return;
            }
            switch (sysm & 7) {
            case 0:
                R.primask = (value & 1) != 0;
                return;
            case 1:
                if (v7) {
                    R.basepri = value & 0xFF;
                }
                return;
            case 2: { // BASEPRI_MAX: only raises the priority
                int b = value & 0xFF;
                if (v7 && b != 0 && (b < R.basepri || R.basepri == 0)) {
                    R.basepri = b;
                }
                return;
            }
            case 3:
                if (v7 && executionPriorityAboveMinusOne()) {
                    R.faultmask = (value & 1) != 0;
                }
                return;
            case 4: {
                int control = R.control & ~3 | value & 1;
                if (R.ipsr == 0) {
                    control |= value & 2;
                } else {
                    control |= R.control & 2;
                }
                if (core.profile.fpu().present()) {
                    control = control & ~4 | value & 4;
                }
                R.control = control;
                R.selectProcessStack(R.ipsr == 0 && (control & 2) != 0);
                return;
            }
            default:
                return;
            }
        default:
            return;
        }
    }

    // ============================================================================ memory (A3.2 alignment)

    /** MemU[address, 4]: unaligned allowed on ARMv7-M unless CCR.UNALIGN_TRP; split into byte accesses. */
    int loadWord(int address) {
        if ((address & 3) == 0) {
            return core.memory.read32(address);
        }
        return loadWordUnaligned(address);
    }

    /** {@link #loadWord} of an unaligned address (kept apart: the aligned path inlines). */
    private int loadWordUnaligned(int address) {
        CpuBus bus = core.memory;
        checkUnalignedAllowed();
        return bus.read8(address) | bus.read8(address + 1) << 8 | bus.read8(address + 2) << 16
                | bus.read8(address + 3) << 24;
    }

    /** MemU[address, 2], zero-extended. */
    int loadHalf(int address) {
        CpuBus bus = core.memory;
        if ((address & 1) == 0) {
            return bus.read16(address) & 0xFFFF;
        }
        checkUnalignedAllowed();
        return bus.read8(address) | bus.read8(address + 1) << 8;
    }

    int loadByte(int address) {
        return core.memory.read8(address) & 0xFF;
    }

    void storeWord(int address, int value) {
        if ((address & 3) == 0) {
            core.memory.write32(address, value);
            return;
        }
        storeWordUnaligned(address, value);
    }

    /** {@link #storeWord} to an unaligned address (kept apart: the aligned path inlines). */
    private void storeWordUnaligned(int address, int value) {
        CpuBus bus = core.memory;
        checkUnalignedAllowed();
        bus.write8(address, value & 0xFF);
        bus.write8(address + 1, (value >>> 8) & 0xFF);
        bus.write8(address + 2, (value >>> 16) & 0xFF);
        bus.write8(address + 3, value >>> 24);
    }

    void storeHalf(int address, int value) {
        CpuBus bus = core.memory;
        if ((address & 1) == 0) {
            bus.write16(address, value & 0xFFFF);
            return;
        }
        checkUnalignedAllowed();
        bus.write8(address, value & 0xFF);
        bus.write8(address + 1, (value >>> 8) & 0xFF);
    }

    void storeByte(int address, int value) {
        core.memory.write8(address, value & 0xFF);
    }

    private void checkUnalignedAllowed() {
        if (!v7 || core.unalignedTrap()) {
            throw new CpuFault(CpuFault.Kind.UNALIGNED);
        }
    }

    /** MemA[address, 4]: LDM/STM, PUSH/POP, LDRD/STRD, LDREX/STREX always fault when unaligned (A3.2.1). */
    static void checkWordAligned(int address) {
        if ((address & 3) != 0) {
            throw new CpuFault(CpuFault.Kind.UNALIGNED);
        }
    }

    static CpuFault undefined() {
        return new CpuFault(CpuFault.Kind.UNDEFINSTR);
    }

    /** The local exclusive monitor's state lives in the core (the exception model clears it on entry/return). */
    void openExclusive(int address) {
        core.exclusiveOpen = true;
        core.exclusiveAddress = address;
    }

    /** ExclusiveMonitorsPass (A3.4.5): closes the monitor; passes if it was open for this address. */
    boolean exclusiveMonitorsPass(int address) {
        boolean pass = core.exclusiveOpen && core.exclusiveAddress == address;
        core.exclusiveOpen = false;
        return pass;
    }

    void clearExclusive() {
        core.exclusiveOpen = false;
    }
}
