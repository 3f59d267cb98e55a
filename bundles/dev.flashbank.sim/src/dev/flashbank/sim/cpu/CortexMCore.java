package dev.flashbank.sim.cpu;

import static dev.flashbank.core.device.cortexm.CortexM.CFSR_DIVBYZERO;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR_IACCVIOL;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR_IBUSERR;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR_INVPC;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR_INVSTATE;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR_NOCP;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR_PRECISERR;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR_STKERR;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR_UNALIGNED;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR_UNDEFINSTR;
import static dev.flashbank.core.device.cortexm.CortexM.CFSR_UNSTKERR;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR_VC_BUSERR;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR_VC_CHKERR;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR_VC_HARDERR;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR_VC_INTERR;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR_VC_MMERR;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR_VC_NOCPERR;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR_VC_STATERR;
import static dev.flashbank.core.device.cortexm.CortexM.DFSR_BKPT;
import static dev.flashbank.core.device.cortexm.CortexM.DFSR_DWTTRAP;
import static dev.flashbank.core.device.cortexm.CortexM.DFSR_HALTED;
import static dev.flashbank.core.device.cortexm.CortexM.DFSR_VCATCH;
import static dev.flashbank.core.device.cortexm.CortexM.EXC_RETURN_FTYPE;
import static dev.flashbank.core.device.cortexm.CortexM.FPCCR_LSPACT;
import static dev.flashbank.core.device.cortexm.CortexM.FPCCR_LSPEN;
import static dev.flashbank.core.device.cortexm.CortexM.EXC_RETURN_HANDLER;
import static dev.flashbank.core.device.cortexm.CortexM.EXC_RETURN_THREAD_MSP;
import static dev.flashbank.core.device.cortexm.CortexM.EXC_RETURN_THREAD_PSP;
import static dev.flashbank.core.device.cortexm.CortexM.HFSR_DEBUGEVT;
import static dev.flashbank.core.device.cortexm.CortexM.HFSR_FORCED;
import static dev.flashbank.core.device.cortexm.CortexM.HFSR_VECTTBL;
import static dev.flashbank.core.device.cortexm.CortexM.LOCKUP_ADDRESS;

import dev.flashbank.core.device.Field;

/**
 * A Cortex-M processor that executes: the register file ({@link CoreRegisters}), the instruction set
 * ({@link ThumbExecutor}, with {@link Vfp} for the FP extension), the exception model (ARMv7-M ARM B1.5: reset,
 * priorities, preemption, stacking, exception return, fault escalation, lockup) with its NVIC, system control block
 * and SysTick, and halting debug (C1.5: DHCSR halt/step, vector catch, BKPT, FPB and DWT debug events). The core knows
 * nothing of STM32: it sees memory only through {@link #memory()}, the {@link PrivatePeripheralBus} in front of the
 * board's bus.
 * <p>
 * Time: {@link #step()} returns the cycles an instruction took; SysTick and the DWT cycle counter count them (lazily:
 * their values follow from {@link #cycles()} when read, and SysTick's next 0 is one deadline compared after each
 * instruction). The board
 * turns cycles into virtual time at its core clock. {@link #run} returns early when the core halts, locks up, asks
 * for a system reset or exits (semihosting); while the core sleeps, {@link #run} lets the budget pass (SysTick keeps
 * counting and can wake it) and reports {@link Stop#SLEEP}: an interrupt the board raises ({@link #setPendingIrq})
 * wakes it.
 * <p>
 * Not thread safe: the board calls it while holding its own monitor.
 */
public final class CortexMCore {

    /** Why {@link #run} returned before its cycle budget was used (or why the core is not running). */
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
        LOCKUP,
        /** Firmware wrote AIRCR.SYSRESETREQ: the board performs a system reset. */
        SYSTEM_RESET_REQUEST,
        /** Semihosting SYS_EXIT, with the core's semihosting service on ({@link #enableSemihosting}). */
        EXIT
    }

    /**
     * Part parameters of the core that the STM32 part, not the processor architecture, chooses.
     *
     * @param interruptLines          external interrupt lines of the NVIC (the part's vector table)
     * @param priorityBits            implemented priority bits (STM32: 4 on Cortex-M4/M7, 2 on Cortex-M0+)
     * @param systickReferenceDivider processor cycles per SysTick reference clock tick (CLKSOURCE = 0)
     * @param cpuid                   CPUID as the part's processor revision reports it
     */
    public record Parameters(int interruptLines, int priorityBits, int systickReferenceDivider, int cpuid) {
        public Parameters {
            if (systickReferenceDivider < 1) {
                throw new IllegalArgumentException("SysTick reference divider must be >= 1");
            }
        }

        /**
         * STM32 defaults: 4 priority bits on Cortex-M4/M7, 2 on Cortex-M0+ (PM0253 §4.2.7, PM0214 §4.2.7, PM0223);
         * SysTick reference clock HCLK/8 (RM0410 §5.2); {@code lines} interrupt lines as the part's vector table has;
         * the CPUID of the profile's usual revision ({@link #withCpuid} for the part's own).
         */
        public static Parameters stm32(CoreProfile profile, int lines) {
            return new Parameters(lines, profile.armv7m() ? 4 : 2, 8, SystemControlBlock.cpuid(profile));
        }

        /** These parameters with the part's CPUID (its processor revision). */
        public Parameters withCpuid(int partCpuid) {
            return new Parameters(interruptLines, priorityBits, systickReferenceDivider, partCpuid);
        }
    }

    /** Cycles of exception entry and return (Cortex-M4/M7 TRM: 12 cycles latency with zero wait state memory). */
    static final int EXCEPTION_CYCLES = 12;

    final CoreProfile profile;
    final CoreRegisters regs = new CoreRegisters();
    /**
     * The bus every load, store and fetch goes through (the PPB decoded in front of the board's bus); its own final
     * class, so the instruction set's accesses bind statically.
     */
    final PrivatePeripheralBus memory;
    final ThumbExecutor isa;
    final Vfp vfp;
    Stop stop = Stop.NONE;
    /** The local exclusive monitor (A3.4): open after LDREX, closed by STREX, CLREX and exception entry/return. */
    boolean exclusiveOpen;
    int exclusiveAddress;

    final Nvic nvic;
    final SystemControlBlock scb;
    final SysTick sysTick;
    final Fpb fpb;
    final Dwt dwt;
    final HaltingDebug debug;
    final PrivatePeripheralBus ppb;
    private Semihosting semihosting;

    boolean sleeping;
    private boolean waitingForEvent;
    private boolean eventRegister;
    boolean lockedUp;
    boolean heldInReset;
    /** Instructions retired since the debugger last read DHCSR (S_RETIRE_ST). */
    boolean retired;
    /** Processor cycles since power-on ({@link #cycles()}); SysTick and the DWT cycle counter derive from it. */
    long cycles;
    /**
     * The cycle count at which SysTick next reaches 0 with its interrupt enabled ({@link Long#MAX_VALUE}: none): the
     * instruction whose cycles reach it lets SysTick pend its exception ({@link SysTick#expire}).
     */
    long sysTickDeadline = Long.MAX_VALUE;
    /** Instructions executed since power-on (each one that ran, faulting or not; exception entries are none). */
    private long instructions;
    /** The frame of an exception return, read completely before any state changes. */
    private final int[] frameBuffer = new int[25];
    /** An exception return is reading its frame: a bus error is UNSTKERR. */
    private boolean unstacking;

    /** No boundary check applies (not halted, stepping, asleep, locked up, no armed FPB/DWT PC comparator). */
    private boolean plain;
    /** Work for the end of the current instruction (bits below): one test on the fast path. */
    int attention;
    static final int ATTENTION_SVC = 1, ATTENTION_WATCHPOINT = 2, ATTENTION_STEP = 4, ATTENTION_RESET_REQUEST = 8;

    public CortexMCore(CoreProfile profile, CpuBus boardBus) {
        this(profile, boardBus, Parameters.stm32(profile, profile.armv7m() ? 240 : 32));
    }

    public CortexMCore(CoreProfile profile, CpuBus boardBus, Parameters parameters) {
        this.profile = profile;
        this.nvic = new Nvic(parameters.interruptLines(), parameters.priorityBits(), profile.armv7m());
        this.sysTick = new SysTick(this, nvic, parameters.systickReferenceDivider());
        this.fpb = new Fpb(profile);
        this.dwt = new Dwt(this);
        this.debug = new HaltingDebug(this);
        this.scb = new SystemControlBlock(this, parameters.cpuid());
        this.ppb = new PrivatePeripheralBus(this, boardBus);
        this.memory = ppb;
        this.isa = new ThumbExecutor(this);
        this.vfp = new Vfp(this);
        powerOnReset();
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

    /** Processor cycles counted since power-on (instructions, exception entries, sleep). */
    public long cycles() {
        return cycles;
    }

    /** Instructions executed since power-on (the CPU bench's count; a faulting instruction counts too). */
    public long instructions() {
        return instructions;
    }

    /** The debugger's and the board's view of the debug and system registers (the PPB as a debugger reads it). */
    public PrivatePeripheralBus privatePeripheralBus() {
        return ppb;
    }

    public boolean isHalted() {
        return debug.halted;
    }

    public boolean isLockedUp() {
        return lockedUp;
    }

    public boolean isSleeping() {
        return sleeping;
    }

    public boolean isHeldInReset() {
        return heldInReset;
    }

    /**
     * Services semihosting calls (BKPT 0xAB) itself instead of halting: SYS_WRITEC, SYS_WRITE0, SYS_WRITE (output
     * collected) and SYS_EXIT ({@link Stop#EXIT}). For tests and `board run`; a debugger that does semihosting itself
     * leaves this off, so BKPT 0xAB halts as on silicon.
     */
    public Semihosting enableSemihosting() {
        if (semihosting == null) {
            semihosting = new Semihosting();
        }
        return semihosting;
    }

    // ================================================================================ reset

    /** Power-on reset: the debug domain (DHCSR, DEMCR, DFSR, FPB, DWT) is cleared as well as the core. */
    public void powerOnReset() {
        debug.powerOnReset();
        fpb.powerOnReset();
        dwt.powerOnReset();
        cycles = 0;
        instructions = 0;
        systemReset(); // the registers keep their values until the board's TakeReset
    }

    /** NRST (or a power-on reset) held: the core neither runs nor is halted until {@link #takeReset}. */
    public void holdInReset(boolean held) {
        recheck();
        heldInReset = held;
        if (held) {
            debug.halted = false;
            lockedUp = false;
            sleeping = false;
            debug.resetSticky = true;
        }
    }

    /**
     * TakeReset (B1.5.5) from the vector table at {@code vectorTable} (the part's boot address; VTOR resets to it):
     * SP_main from word 0, PC and EPSR.T from word 1, then the reset vector catch. The debug domain is kept.
     */
    public void takeReset(int vectorTable) {
        int sp;
        int pc;
        try {
            sp = ppb.board().read32(vectorTable);
            pc = ppb.board().read32(vectorTable + 4);
        } catch (BusFault e) {
            takeReset(vectorTable, 0, 0);
            lockup(); // the reset vector cannot be read: HardFault at priority -3 is a lockup (B1.5.15)
            return;
        }
        takeReset(vectorTable, sp, pc);
    }

    /** TakeReset with the vectors already read by the board ({@code initialSp}, {@code resetVector}). */
    public void takeReset(int vectorTable, int initialSp, int resetVector) {
        heldInReset = false;
        systemReset();
        scb.vtor = vectorTable & SystemControlBlock.VTOR_MASK;
        regs.reset(initialSp, resetVector);
        debug.afterReset();
        recheck();
    }

    /** The core's part of a system reset: everything but the debug domain (B1.5.5, C1.6). */
    private void systemReset() {
        nvic.reset();
        scb.reset();
        sysTick.reset();
        sleeping = false;
        waitingForEvent = false;
        eventRegister = false;
        lockedUp = false;
        attention = 0;
        exclusiveOpen = false;
        stop = Stop.NONE;
        recheck();
    }

    // ================================================================================ interrupts from the board

    /** An external interrupt line {@code irq} (0-based, the part's position in its vector table) becomes pending. */
    public void setPendingIrq(int irq) {
        nvic.setPending(Nvic.IRQ0 + irq);
        if (scb.sevOnPend()) {
            eventRegister = true;
        }
    }

    /** The board's NMI input (e.g. the clock security system). */
    public void setPendingNmi() {
        nvic.setPending(Nvic.NMI);
    }

    // ================================================================================ the run loop

    /**
     * One instruction boundary: a halt request, a pending exception with sufficient priority (which also wakes the
     * core), a sleep, an FPB or DWT PC match, or else one instruction. Returns the cycles it took (0 when the core did
     * not run: halted, locked up, asleep, held in reset; {@link #stopReason()} says which).
     */
    public int step() {
        if (plain && nvic.pendingCount == 0) {
            int c = executeOne();
            if ((cycles += c) >= sysTickDeadline) {
                sysTick.expire();
            }
            return c;
        }
        int c = checkedStep();
        plain = !(debug.halted || lockedUp || heldInReset || debug.haltRequest || debug.stepping || sleeping
                || debug.debugEnabled && (fpb.armed || dwt.watchingPc));
        return c;
    }

    /** The instruction boundary with everything checked (the fast path in {@link #step()} knows none applies). */
    private int checkedStep() {
        if (debug.halted || lockedUp || heldInReset) {
            stop = heldInReset || debug.halted ? Stop.HALTED : Stop.LOCKUP;
            return 0;
        }
        if (debug.haltRequest) {
            enterDebugState(DFSR_HALTED);
            return 0;
        }
        boolean stepping = debug.stepping;
        if (nvic.pendingCount > 0 && !(stepping && debug.maskInts)) {
            int n = nvic.highestPending();
            if (n != 0) {
                int group = nvic.group(nvic.priority(n));
                int execution = nvic.executionPriority(regs);
                if (sleeping && (group < execution || regs.primask && group < wakePriority())) {
                    sleeping = false; // WFI wakes on an interrupt PRIMASK alone keeps from being taken (B1.5.19)
                }
                if (group < execution) {
                    int c = takeException(n, regs.r[15]);
                    return endStep(c, stepping);
                }
            }
        }
        if (sleeping) {
            if (waitingForEvent && eventRegister) {
                eventRegister = false;
                sleeping = false;
            } else {
                stop = Stop.SLEEP;
                return 0;
            }
        }
        stop = Stop.NONE;
        int pc = regs.r[15];
        if (debug.debugEnabled) {
            if (fpb.armed && fpb.matches(pc)) {
                enterDebugState(DFSR_BKPT);
                return 0;
            }
            if (dwt.watchingPc && dwt.pcMatch(pc)) {
                enterDebugState(DFSR_DWTTRAP);
                return 0;
            }
        }
        int c = executeOne();
        if (debug.halted) {
            return c;
        }
        return endStep(c, stepping);
    }

    /** The instruction at PC, its fault if it raises one, and the work it leaves for its end. */
    private int executeOne() {
        int pc = regs.r[15];
        int c;
        instructions++;
        try {
            c = isa.execute();
        } catch (CpuFault f) {
            regs.r[15] = pc;
            c = fault(f);
        } catch (BusFault b) {
            regs.r[15] = pc;
            c = busFault(b, pc);
        } catch (DebugEvent e) {
            regs.r[15] = pc;
            c = debugEvent(e);
            if (debug.halted) {
                return 0;
            }
        }
        retired = true;
        MemoryWindows w = memory.windows;
        int stalled = w.stallCycles;
        if (stalled != 0) {
            // flash wait states of the fetches this instruction made (FLASH_ACR.LATENCY): core clock cycles in which
            // the core waits - they count for SysTick and CYCCNT as the instruction's own cycles do
            w.stallCycles = 0;
            c += stalled;
        }
        if (attention != 0) {
            c += attend();
        }
        return c;
    }

    private int endStep(int c, boolean stepping) {
        elapse(c);
        if (stepping && !debug.halted) {
            debug.stepping = false;
            enterDebugState(DFSR_HALTED);
        }
        return c;
    }

    /**
     * Something that {@link #step()}'s fast path does not check may have changed (a PPB register, a reset, a halt, a
     * sleep): the next boundary takes the checked path.
     */
    void recheck() {
        plain = false;
    }

    /** The work an instruction left for its end: SVCall, a watchpoint, a reset request. */
    private int attend() {
        int a = attention;
        attention = 0;
        int c = 0;
        if ((a & ATTENTION_SVC) != 0) {
            c += raise(Nvic.SVCALL, 0, null, regs.r[15]);
        }
        if ((a & ATTENTION_RESET_REQUEST) != 0) {
            stop = Stop.SYSTEM_RESET_REQUEST;
        }
        if ((a & ATTENTION_WATCHPOINT) != 0 && dwt.hit) {
            dwt.hit = false;
            if (debug.debugEnabled) {
                enterDebugState(DFSR_DWTTRAP); // after the instruction that made the access (C1.8.1)
            }
        }
        return c;
    }

    private void elapse(long c) {
        if ((cycles += c) >= sysTickDeadline) {
            sysTick.expire();
        }
    }

    /**
     * Runs until {@code cycleBudget} cycles are used or something stops the core; returns the cycles used. A sleeping
     * core uses the budget sleeping (SysTick counts it and may wake the core) and stops with {@link Stop#SLEEP}.
     */
    public long run(long cycleBudget) {
        stop = Stop.NONE;
        long used = 0;
        while (used < cycleBudget) {
            used += step();
            if (stop == Stop.SLEEP) {
                long sleep = cycleBudget - used;
                long tick = sysTick.cyclesToZero();
                if (tick > 0 && tick <= sleep && sysTick.interrupts()) {
                    elapse(tick); // sleep until SysTick fires; the next step takes its exception
                    used += tick;
                    stop = Stop.NONE;
                    continue;
                }
                elapse(sleep);
                used += sleep;
                break;
            }
            if (stop != Stop.NONE) {
                break;
            }
        }
        return used;
    }

    /** The priority a pending interrupt needs to wake WFI when PRIMASK masks it: that of the active exceptions. */
    private int wakePriority() {
        boolean primask = regs.primask;
        regs.primask = false;
        int p = nvic.executionPriority(regs);
        regs.primask = primask;
        return p;
    }

    // ================================================================================ hooks the instruction set calls

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
        return !profile.armv7m() || scb.unalignedTrap();
    }

    /** CCR.DIV_0_TRP: SDIV/UDIV by zero faults instead of giving 0. */
    public boolean divideByZeroTrap() {
        return scb.divideByZeroTrap();
    }

    /** CPACR grants CP10/CP11 at the current privilege (B3.2.20); false when the profile has no FPU. */
    public boolean fpuAccessAllowed() {
        return profile.fpu().present() && scb.coprocessorAccess(privileged());
    }

    /**
     * An FP instruction runs (ExecuteFPCheck): a lazy preservation still pending is done first, then with
     * FPCCR.ASPEN set CONTROL.FPCA becomes 1 (B1.4.7).
     */
    public void fpContextActive() {
        if (FPCCR_LSPACT.isSet(scb.fpccr)) {
            // ExecuteFPCheck: PreserveFPState (B1.5.7) writes the lazily reserved frame space first
            for (int i = 0; i < 16; i++) {
                memory.write32(scb.fpcar + 4 * i, regs.s[i]);
            }
            memory.write32(scb.fpcar + 0x40, regs.fpscr);
            scb.fpccr &= ~FPCCR_LSPACT.mask();
        }
        if (scb.automaticFpState() && (regs.control & 4) == 0) {
            // a context without FP state starts with FPDSCR's AHP/DN/FZ/RMode (ExecuteFPCheck)
            regs.fpscr = regs.fpscr & ~SystemControlBlock.FPDSCR_WRITABLE | scb.fpdscr;
            regs.control |= 4;
        }
    }

    /** Exception entry and return clear the local monitor (A3.4.4). */
    public void clearExclusive() {
        exclusiveOpen = false;
    }

    /** SVC #imm: SVCall is taken when this instruction completes, with the next instruction as return address. */
    public void svc(int imm8) {
        attention |= ATTENTION_SVC;
    }

    /**
     * BKPT #imm (C1.5): with halting debug enabled the core halts on the BKPT (DFSR.BKPT); without it the debug event
     * escalates to HardFault (HFSR.DEBUGEVT). BKPT 0xAB is a semihosting call: serviced here when the core's
     * semihosting is on (the call completes and execution continues after the BKPT).
     */
    public void bkpt(int imm8) {
        if (imm8 == Semihosting.BKPT_IMMEDIATE && semihosting != null) {
            if (!semihosting.call(this)) {
                stop = Stop.EXIT;
            }
            regs.r[15] += 2;
            return;
        }
        throw DebugEvent.BKPT;
    }

    /** WFI: sleep until an exception that would preempt (or that PRIMASK alone masks) is pending. */
    public void waitForInterrupt() {
        if (!debug.stepping) {
            sleeping = true;
            waitingForEvent = false;
            plain = false;
        }
    }

    /** WFE: consume the event register, or sleep until an event or a preempting exception (B1.5.18). */
    public void waitForEvent() {
        if (eventRegister) {
            eventRegister = false;
        } else if (!debug.stepping) {
            sleeping = true;
            waitingForEvent = true;
            plain = false;
        }
    }

    /** SEV: sets the event register (a single-core system signals itself). */
    public void sendEvent() {
        eventRegister = true;
    }

    // ================================================================================ exceptions

    /** The instruction's synchronous fault: its UsageFault / MemManage cause, escalated as B1.5.14 says. */
    int fault(CpuFault f) {
        int pc = regs.r[15];
        return switch (f.kind()) {
            case UNDEFINSTR -> raise(Nvic.USAGE_FAULT, CFSR_UNDEFINSTR.mask(), DEMCR_VC_STATERR, pc);
            case INVSTATE -> raise(Nvic.USAGE_FAULT, CFSR_INVSTATE.mask(), DEMCR_VC_STATERR, pc);
            case INVPC -> raise(Nvic.USAGE_FAULT, CFSR_INVPC.mask(), DEMCR_VC_STATERR, pc);
            case NOCP -> raise(Nvic.USAGE_FAULT, CFSR_NOCP.mask(), DEMCR_VC_NOCPERR, pc);
            case UNALIGNED -> raise(Nvic.USAGE_FAULT, CFSR_UNALIGNED.mask(), DEMCR_VC_CHKERR, pc);
            case DIVBYZERO -> raise(Nvic.USAGE_FAULT, CFSR_DIVBYZERO.mask(), DEMCR_VC_CHKERR, pc);
            case IACCVIOL -> raise(Nvic.MEM_MANAGE, CFSR_IACCVIOL.mask(), DEMCR_VC_MMERR, pc);
        };
    }

    /** A bus error: on the fetch of the instruction at {@code pc} (IBUSERR) or on its data access (PRECISERR, BFAR). */
    int busFault(BusFault b, int pc) {
        if (unstacking) {
            unstacking = false;
            return raise(Nvic.BUS_FAULT, CFSR_UNSTKERR.mask(), DEMCR_VC_INTERR, pc);
        }
        boolean fetch = !b.isWrite() && Integer.compareUnsigned(b.address() - pc, 4) < 0;
        if (fetch) {
            return raise(Nvic.BUS_FAULT, CFSR_IBUSERR.mask(), DEMCR_VC_BUSERR, pc);
        }
        scb.bfar = b.address();
        return raise(Nvic.BUS_FAULT, CFSR_PRECISERR.mask() | SystemControlBlock.BFARVALID, DEMCR_VC_BUSERR, pc);
    }

    private int debugEvent(DebugEvent e) {
        if (debug.debugEnabled) {
            enterDebugState(DFSR_BKPT);
            return 0;
        }
        scb.hfsr |= HFSR_DEBUGEVT.mask(); // no monitor: the debug event escalates to HardFault (C1.5.1)
        return raise(Nvic.HARD_FAULT, 0, DEMCR_VC_HARDERR, regs.r[15]);
    }

    /**
     * A synchronous exception {@code n} with fault status {@code cfsrBits}: taken if it is enabled and its priority
     * preempts; otherwise escalated to HardFault (HFSR.FORCED); a HardFault that cannot preempt locks the core up
     * (B1.5.15). ARMv6-M has only HardFault.
     */
    private int raise(int n, int cfsrBits, Field vectorCatch, int returnAddress) {
        if (profile.armv7m()) {
            scb.cfsr |= cfsrBits;
        }
        int execution = nvic.executionPriority(regs);
        if (n != Nvic.HARD_FAULT) {
            boolean configurableFault = n == Nvic.MEM_MANAGE || n == Nvic.BUS_FAULT || n == Nvic.USAGE_FAULT;
            boolean enabled = !configurableFault || profile.armv7m() && scb.faultEnabled(n);
            if (!enabled || nvic.group(nvic.priority(n)) >= execution) {
                if (profile.armv7m()) {
                    scb.hfsr |= HFSR_FORCED.mask();
                }
                n = Nvic.HARD_FAULT;
            }
        }
        if (n == Nvic.HARD_FAULT && execution <= -1) {
            lockup();
            return 0;
        }
        int c = takeException(n, returnAddress);
        boolean caught = vectorCatch != null && debug.catches(vectorCatch);
        if (caught || n == Nvic.HARD_FAULT && debug.catches(DEMCR_VC_HARDERR)) {
            enterDebugState(DFSR_VCATCH);
        }
        return c;
    }

    /** The core locks up (B1.5.15): PC 0xEFFF_FFFE, nothing executes until a reset or a debugger's halt. */
    private void lockup() {
        lockedUp = true;
        plain = false;
        sleeping = false;
        regs.r[15] = LOCKUP_ADDRESS;
        stop = Stop.LOCKUP;
    }

    /**
     * Exception entry (B1.5.6 PushStack, ExceptionTaken): stacks the 8-word frame (with S0-S15 and FPSCR when
     * CONTROL.FPCA: the extended frame, written at once with FPCCR.LSPEN = 0, lazily otherwise), aligned to 8 bytes
     * with CCR.STKALIGN (xPSR bit 9 records the realignment), sets LR to EXC_RETURN and branches to the vector. A bus
     * error while stacking makes a derived BusFault (STKERR); one reading the vector, a HardFault (HFSR.VECTTBL).
     */
    int takeException(int n, int returnAddress) {
        boolean fpFrame = profile.fpu().present() && (regs.control & 4) != 0;
        int frameSize = fpFrame ? 0x68 : 0x20;
        boolean align8 = !profile.armv7m() || scb.stackAlign8();
        int sp = regs.r[13];
        boolean realigned = align8 && (sp & 4) != 0;
        int frame = (sp - frameSize) & (align8 ? ~7 : ~3);
        int xpsr = regs.xpsr() | (realigned ? 1 << 9 : 0);
        boolean stackingFault = false;
        try {
            CpuBus bus = memory;
            bus.write32(frame, regs.r[0]);
            bus.write32(frame + 4, regs.r[1]);
            bus.write32(frame + 8, regs.r[2]);
            bus.write32(frame + 12, regs.r[3]);
            bus.write32(frame + 16, regs.r[12]);
            bus.write32(frame + 20, regs.r[14]);
            bus.write32(frame + 24, returnAddress);
            bus.write32(frame + 28, xpsr);
            if (fpFrame) {
                scb.fpcar = frame + 0x20;
                if (FPCCR_LSPEN.isSet(scb.fpccr)) {
                    // lazy state preservation (B1.5.7 PushStack, UpdateFPCCR): the space is reserved, S0-S15 and
                    // FPSCR are written only when the handler executes its first FP instruction
                    scb.fpccr |= FPCCR_LSPACT.mask();
                } else {
                    for (int i = 0; i < 16; i++) {
                        bus.write32(frame + 0x20 + 4 * i, regs.s[i]);
                    }
                    bus.write32(frame + 0x60, regs.fpscr);
                }
            }
        } catch (BusFault e) {
            stackingFault = true;
        }
        regs.r[13] = frame;
        int excReturn = regs.ipsr != 0 ? EXC_RETURN_HANDLER
                : regs.onProcessStack ? EXC_RETURN_THREAD_PSP : EXC_RETURN_THREAD_MSP;
        if (fpFrame) {
            excReturn &= ~EXC_RETURN_FTYPE;
        }
        int vector;
        try {
            vector = memory.read32(scb.vtor + 4 * n);
        } catch (BusFault e) {
            if (n == Nvic.HARD_FAULT || n == Nvic.NMI) {
                lockup();
                return EXCEPTION_CYCLES;
            }
            scb.hfsr |= HFSR_VECTTBL.mask();
            nvic.clearPending(n);
            return takeException(Nvic.HARD_FAULT, returnAddress);
        }
        regs.r[14] = excReturn;
        regs.r[15] = vector & ~1;
        regs.thumb = (vector & 1) != 0;
        regs.ipsr = n;
        regs.itstate = 0;
        regs.selectProcessStack(false);
        regs.control &= ~(2 | 4); // handler mode uses SP_main; the handler starts without FP context
        nvic.activate(n);
        clearExclusive();
        eventRegister = true; // exception entry is a WFE wake-up event (B1.5.18)
        sleeping = false;
        if (stackingFault) {
            return EXCEPTION_CYCLES + raise(Nvic.BUS_FAULT, CFSR_STKERR.mask(), DEMCR_VC_INTERR, regs.r[15]);
        }
        return EXCEPTION_CYCLES;
    }

    /**
     * Exception return (B1.5.8): checks the EXC_RETURN value and the integrity of the return (INVPC otherwise),
     * deactivates the exception, selects mode and stack, unstacks the frame (FP part when FType = 0, the 4-byte
     * realignment when the stacked xPSR bit 9 says so) and, with SCR.SLEEPONEXIT, sleeps on a return to thread mode.
     */
    void exceptionReturn(int excReturn) {
        int mode = excReturn & 0xF;
        boolean fType = (excReturn & EXC_RETURN_FTYPE) != 0;
        int n = regs.ipsr;
        boolean valid = (excReturn | 0x1F) == -1 && (mode == 1 || mode == 9 || mode == 0xD)
                && (fType || profile.fpu().present());
        if (!valid || !nvic.active[n]) {
            throw new CpuFault(CpuFault.Kind.INVPC);
        }
        boolean toThread = mode != 1;
        boolean others = nvic.othersActive(n);
        if (!toThread && !others || toThread && others && !scb.nonBaseThreadEnable()) {
            throw new CpuFault(CpuFault.Kind.INVPC);
        }
        boolean process = mode == 0xD;
        int frame = process ? regs.psp() : regs.msp();
        CpuBus bus = memory;
        int[] popped = frameBuffer;
        unstacking = true; // a bus error now is UNSTKERR, taken from the handler: nothing below has happened yet
        for (int i = 0; i < 8; i++) {
            popped[i] = bus.read32(frame + 4 * i);
        }
        if (!fType) {
            for (int i = 0; i < 17; i++) {
                popped[8 + i] = bus.read32(frame + 0x20 + 4 * i);
            }
        }
        unstacking = false;
        nvic.deactivate(n);
        if (n != Nvic.NMI) {
            regs.faultmask = false; // FAULTMASK clears on return from any exception but NMI (B1.5.8)
        }
        regs.selectProcessStack(toThread && process);
        regs.control = process ? regs.control | 2 : regs.control & ~2;
        if (!fType) {
            if (FPCCR_LSPACT.isSet(scb.fpccr)) {
                scb.fpccr &= ~FPCCR_LSPACT.mask(); // never preserved: the registers still hold the state (PopStack)
            } else {
                System.arraycopy(popped, 8, regs.s, 0, 16);
                regs.fpscr = popped[24];
            }
        }
        regs.r[0] = popped[0];
        regs.r[1] = popped[1];
        regs.r[2] = popped[2];
        regs.r[3] = popped[3];
        regs.r[12] = popped[4];
        regs.r[14] = popped[5];
        regs.r[15] = popped[6] & ~1;
        int xpsr = popped[7];
        int realign = (xpsr & (1 << 9)) != 0 && (scb.stackAlign8() || !profile.armv7m()) ? 4 : 0;
        regs.r[13] = frame + (fType ? 0x20 : 0x68) + realign;
        if (profile.fpu().present()) {
            regs.control = fType ? regs.control & ~4 : regs.control | 4;
        }
        regs.setXpsr(xpsr);
        if (toThread) {
            regs.ipsr = 0; // an inconsistent stacked IPSR is an INVPC on silicon; thread mode here either way
        }
        clearExclusive();
        eventRegister = true;
        if (toThread && scb.sleepOnExit() && !debug.stepping) {
            sleeping = true;
            waitingForEvent = false;
            plain = false;
        }
    }

    /** Halts the core in debug state with DFSR {@code cause} (C1.5). */
    void enterDebugState(Field cause) {
        debug.enter(cause);
        plain = false;
        sleeping = false;
        lockedUp = false;
        stop = cause == DFSR_BKPT ? Stop.BREAKPOINT : cause == DFSR_DWTTRAP ? Stop.WATCHPOINT : Stop.HALTED;
    }

    /** Firmware wrote AIRCR.SYSRESETREQ: the instruction completes, then the core stops for the board's reset. */
    void requestSystemReset() {
        attention |= ATTENTION_RESET_REQUEST;
    }

    /**
     * A debug event that ends the instruction without effect (the BKPT instruction): thrown by a hook, caught by
     * {@link #step()}. Without a stack trace: control flow of the simulated core.
     */
    static final class DebugEvent extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final DebugEvent BKPT = new DebugEvent();

        private DebugEvent() {
            super("BKPT", null, false, false);
        }
    }
}
