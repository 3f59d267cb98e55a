package dev.flashbank.sim.cpu;

/**
 * A Cortex-M processor that executes: the register file ({@link CoreRegisters}), the instruction set
 * ({@link ThumbExecutor}, with {@link Vfp} for the FP extension), and the hooks the instructions call into the
 * exception model (SVC, BKPT, exception return, WFI/WFE, faults). The core knows nothing of STM32: it sees memory only
 * through {@link #memory()}, the board's {@link CpuBus} behind the private peripheral bus.
 * <p>
 * Time: {@link #step()} returns the cycles an instruction took; the board turns cycles into virtual time at its core
 * clock and runs the core only while it is neither halted, held in reset, asleep nor locked up.
 * <p>
 * Not thread safe: the board calls it while holding its own monitor.
 */
public final class CortexMCore {

    /** Why {@link #run} returned before its cycle budget was used. */
    public enum Stop {
        /** The budget was used; the core keeps running. */
        NONE,
        /** A BKPT instruction or an FPB match halted the core (DFSR.BKPT). */
        BREAKPOINT,
        /** A DWT comparator matched (DFSR.DWTTRAP). */
        WATCHPOINT,
        /** Halted by a debugger's C_HALT, a step or a vector catch. */
        HALTED,
        /** WFI/WFE: the core sleeps until an interrupt or event. */
        SLEEP,
        /** A fault while in a fault handler or NMI (B1.5.15): the core locks up. */
        LOCKUP
    }

    final CoreProfile profile;
    final CoreRegisters regs = new CoreRegisters();
    /** The bus every load, store and fetch goes through (the PPB decoded in front of the board's bus). */
    CpuBus memory;
    final ThumbExecutor isa;
    final Vfp vfp;
    Stop stop = Stop.NONE;
    /** The local exclusive monitor (A3.4): open after LDREX, closed by STREX, CLREX and exception entry/return. */
    boolean exclusiveOpen;
    int exclusiveAddress;

    public CortexMCore(CoreProfile profile, CpuBus boardBus) {
        this.profile = profile;
        this.memory = boardBus;
        this.isa = new ThumbExecutor(this);
        this.vfp = new Vfp(this);
    }

    public CoreProfile profile() {
        return profile;
    }

    public CoreRegisters registers() {
        return regs;
    }

    public CpuBus memory() {
        return memory;
    }

    /** Why the last {@link #run} or {@link #step} stopped; {@link Stop#NONE} while running. */
    public Stop stopReason() {
        return stop;
    }

    /**
     * Executes one instruction (or takes one pending exception) and returns the cycles it took. A synchronous fault
     * leaves the instruction without effect and enters its handler instead.
     */
    public int step() {
        try {
            return isa.execute();
        } catch (CpuFault f) {
            return fault(f);
        } catch (BusFault b) {
            return busFault(b);
        }
    }

    /** Runs until {@code cycleBudget} cycles are used or something stops the core; returns the cycles used. */
    public long run(long cycleBudget) {
        stop = Stop.NONE;
        long used = 0;
        while (used < cycleBudget && stop == Stop.NONE) {
            used += step();
        }
        return used;
    }

    // ============================================================ hooks the instruction set calls (exception model)

    /** Thread mode with CONTROL.nPRIV = 1 is unprivileged; handler mode always privileged (B1.4.4). */
    public boolean privileged() {
        return regs.ipsr != 0 || (regs.control & 1) == 0;
    }

    /**
     * BXWritePC / LoadWritePC (A2.3.1): in handler mode a value 0xFxxx_xxxx is an EXC_RETURN; otherwise bit 0 must
     * be 1 (Thumb) or the next instruction faults with INVSTATE.
     */
    public void bxWritePc(int address) {
        if (regs.ipsr != 0 && (address >>> 28) == 0xF) {
            exceptionReturn(address);
            return;
        }
        regs.thumb = (address & 1) != 0;
        regs.r[15] = address & ~1;
    }

    /** CCR.UNALIGN_TRP: every unaligned LDR/STR/LDRH/STRH faults (ARMv6-M: always). */
    public boolean unalignedTrap() {
        return !profile.armv7m();
    }

    /** CCR.DIV_0_TRP: SDIV/UDIV by zero faults instead of giving 0. */
    public boolean divideByZeroTrap() {
        return false;
    }

    /** CPACR grants CP10/CP11 at the current privilege (B3.2.20); false when the profile has no FPU. */
    public boolean fpuAccessAllowed() {
        return profile.fpu().present();
    }

    /** An FP instruction ran: with FPCCR.ASPEN set CONTROL.FPCA becomes 1 (B1.4.7). */
    public void fpContextActive() {
        regs.control |= 4;
    }

    /** Exception entry and return clear the local monitor (A3.4.4). */
    public void clearExclusive() {
        exclusiveOpen = false;
    }

    /** SVC #imm: SVCall becomes pending and is taken after this instruction (B1.5.3). */
    public void svc(int imm8) {
        throw new CpuFault(CpuFault.Kind.UNDEFINSTR); // the exception model replaces this
    }

    /** BKPT #imm: halts the core when halting debug is enabled, else escalates to HardFault (C1.5). */
    public void bkpt(int imm8) {
        stop = Stop.BREAKPOINT;
    }

    /** WFI / WFE: sleep until an interrupt (WFI) or an event (WFE); SEV sets the event register. */
    public void waitForInterrupt() {
        stop = Stop.SLEEP;
    }

    public void waitForEvent() {
        stop = Stop.SLEEP;
    }

    public void sendEvent() {
    }

    void exceptionReturn(int excReturn) {
        throw new CpuFault(CpuFault.Kind.INVPC); // the exception model replaces this
    }

    int fault(CpuFault f) {
        stop = Stop.LOCKUP; // the exception model replaces this with UsageFault / HardFault entry
        return 1;
    }

    int busFault(BusFault b) {
        stop = Stop.LOCKUP; // the exception model replaces this with BusFault / HardFault entry
        return 1;
    }
}
