package dev.flashbank.sim;

import java.time.Duration;
import java.util.OptionalLong;

import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.DebugTopology;
import dev.flashbank.sim.bus.SystemBus;
import dev.flashbank.sim.bus.WireProtocol;
import dev.flashbank.sim.cpu.CortexMCore;
import dev.flashbank.sim.cpu.MemoryWindows;

/**
 * What every family's simulated board does alike with its supply and its pins: power on and off (a cut interrupts
 * what the flash is doing, as {@link FaultInjector} cuts do), the bench reset (SYSRESETREQ or an NRST pulse), BOOT0,
 * the supply voltage, the NRST pin (asserted: the system reset, the core held; released: the boot), the cause of the
 * last reset and the last boot, the core's debug state ({@link CoreDebug}), on one virtual clock and one fault
 * injector; and the debug bus ({@link BoardDebugBus}). A family's board says what a power-on reset, a power loss, its
 * system reset and its boot do to its silicon, how its bus decodes an access, and its debug port's IDs and topology.
 * <p>
 * The board's core executes on the same clock: whenever virtual time passes ({@link #advanceTo}, which every probe
 * access and every flash stall goes through) a running core executes the cycles that time holds at the core clock the
 * family's RCC gives ({@link #coreClockHz()}), in slices that end at flash completions and power events, so firmware
 * that polls BSY sees it clear at the instant the flash completes. A debugger's halt takes effect between two
 * instructions: the core only runs inside {@link #advanceTo}, and every bus access holds the board's monitor.
 * <p>
 * Every method locks the board (as the family's own bus accesses do), so a bench control never interleaves with a bus
 * access from a debug server thread.
 */
public abstract class PoweredBoard implements BenchBoard {

    /** The part name as created (the order code the board was made for). */
    protected final String partName;
    /** What differs between two boards of a part: RAM contents at power-on, the board's UID and probe serial. */
    protected final long seed;
    /** The 96-bit unique ID the board's UID registers read (the board's own copy). */
    protected final byte[] uniqueId;
    protected final String serial;
    protected final VirtualClock clock = new VirtualClock();
    protected final FaultInjector faults = new FaultInjector();
    protected boolean powered;
    protected boolean boot0;
    /** The NRST pin, driven by the probe or the bench ({@code true} = held low). */
    protected boolean nrst;
    protected int voltageMillivolts;
    protected BootReport lastBoot;
    protected ResetCause lastResetCause = ResetCause.POWER_ON;
    /** The executing core; the family's board builds it with the part's profile and its system bus as a CpuBus. */
    protected CortexMCore cpu;
    /** The core's debug state (halt, reset hold, lockup; DHCSR and the debug registers), over {@link #cpu}. */
    protected CoreDebug core;
    /** RAMs, system memory, device information and plain peripheral storage, decoded as on every board. */
    protected SystemBus system;
    /**
     * The core's windows of plain memory ({@link BoardCorePort}); forgotten at the start of every slice. The cycles
     * fetches wait (flash wait states) are the core's: it adds them to the instruction that waited; a wait the core
     * did not take (a fetch that ended in a debug halt) is turned into time at the end of the slice.
     */
    protected final MemoryWindows coreWindows = new MemoryWindows();
    /**
     * The access being decoded is the core's own (its {@link BoardCorePort}'s), not a debugger's: RDP level 1 does not
     * block it (and the family's decode says what else it sees differently).
     */
    protected boolean cpuAccess;
    /**
     * What the firmware wrote to the board's console (the family's USART) since power-on, after what the state file
     * kept of it ({@link #restoreConsole}); cut to its last {@link BoardSnapshot#CONSOLE_KEEP_BYTES} after each run.
     */
    protected final StringBuilder console = new StringBuilder();
    /** Inside a slice of the core: a bus stall moves the clock, it does not run the core again. */
    private boolean executing;
    /** Cycles times 10^9 not yet turned into whole nanoseconds (the core clock rarely divides 1 GHz). */
    private long cycleRemainder;
    /** {@link #runFirmware}'s stop address, -1 when none is armed; reached: the core halted there. */
    private long stopAtPc = -1;
    private boolean stopReached;
    /** Power-ons so far: with the seed, what the RAMs hold after each one. */
    private int powerCycles;
    private final DebugBus debugBus = new BoardDebugBus(this);

    /**
     * The longest slice the core runs without the board looking again (virtual ns): firmware that changes its clock
     * (RCC switching to the PLL) runs at most this long at the old rate.
     */
    static final long SLICE_NANOS = 50_000;

    protected PoweredBoard(String partName, long seed, byte[] uniqueId, String serial) {
        this.partName = partName;
        this.seed = seed;
        this.uniqueId = uniqueId.clone();
        this.serial = serial;
    }

    /**
     * Power comes up: the RAMs hold what the seed and the power cycle give, the core's debug state is lost, the
     * family's power-on-only resets ({@link #powerOnSilicon()}), then the system reset and the boot.
     */
    protected void powerOnReset() {
        powered = true;
        lastResetCause = ResetCause.POWER_ON;
        powerCycles++;
        nrst = false;
        system.powerOn(seed * 31 + powerCycles);
        core.powerOnReset();
        powerOnSilicon();
        resetSystem(true);
    }

    /** What only a power-on resets in the family's silicon (option load, DBGMCU, RCC), before the system reset. */
    protected abstract void powerOnSilicon();

    /** Power goes away now: an operation in progress is interrupted (cells left as the cut leaves them). */
    protected abstract void powerLoss();

    /**
     * The system reset of the part (the flash interrupted where the family's parameters say, peripherals and clocks
     * reset, the debug port's lock latched); then, unless NRST holds the core in reset, {@link #boot()}.
     */
    protected abstract void resetSystem(boolean powerOn);

    /** The boot decision (BOOT0, the options, the mapping) and the core's reset from the vector table it picks. */
    protected abstract void boot();

    /** A system reset with its cause (SYSRESETREQ, watchdog, option load). */
    protected void systemReset(ResetCause cause) {
        lastResetCause = cause;
        resetSystem(false);
    }

    /**
     * The NRST pin driven by the probe or the bench ({@code true} = held low): asserting it resets the system and holds
     * the core in reset, releasing it boots.
     */
    protected void setNrstInternal(boolean asserted) {
        if (asserted == nrst) {
            return;
        }
        nrst = asserted;
        if (asserted) {
            lastResetCause = ResetCause.PIN;
            core.holdInReset(true);
            resetSystem(false);
        } else {
            core.holdInReset(false);
            boot();
        }
    }

    /** The flash controller catches up with the clock: operations due by {@code nanos} complete. */
    protected abstract void settleFlash(long nanos);

    /** When the flash's operation in progress completes (clock nanos), or -1 when it is idle. */
    protected abstract long flashNextCompletion();

    /**
     * A read as the system bus decodes it, the debugger's (after {@link #gate()}, under the board's lock) and the core's
     * alike.
     */
    protected abstract BusResult decodeRead(long address, AccessWidth width);

    /** A write as the system bus decodes it, the debugger's (after {@link #gate()}) and the core's alike. */
    protected abstract BusResult decodeWrite(long address, AccessWidth width, long value);

    /** The part's DP IDCODE as read over {@code protocol}. */
    protected abstract int dpIdcode(WireProtocol protocol);

    /** The part's boundary-scan TAP IDCODE. */
    protected abstract int boundaryScanIdcode();

    /** The scan chain and access ports of the part in front of {@code bus} (its system bus, the AHB-AP's). */
    protected abstract DebugTopology debugTopology(DebugBus bus);

    /** RDP level 2 closed the debug port for good. */
    protected abstract boolean debugPortLocked();

    /** The core clock (HCLK) now, from the family's RCC as the firmware configured it. */
    protected abstract long coreClockHz();

    /** True while the core executes: powered, NRST released, out of reset, not halted, not locked up. */
    protected boolean coreRunning() {
        return powered && !nrst && !core.isHalted() && !core.isHeldInReset() && !core.isLockedUp();
    }

    /**
     * The core stopped inside a slice: {@link CortexMCore.Stop#BREAKPOINT} or {@link CortexMCore.Stop#HALTED} put it in
     * debug state, {@link CortexMCore.Stop#LOCKUP} locks it up - the core's own stops are its debug state already;
     * SYSRESETREQ from the firmware resets the part.
     */
    protected void coreStopped(CortexMCore.Stop reason) {
        if (reason == CortexMCore.Stop.SYSTEM_RESET_REQUEST) {
            systemReset(ResetCause.SOFTWARE);
        }
    }

    /** A debugger halts the core now (C_DEBUGEN | C_HALT), as {@link #runFirmware} does at its stop address. */
    protected void haltCore() {
        core.write(CortexM.DHCSR.address(), CortexM.dhcsrWrite(CortexM.DHCSR_C_DEBUGEN, CortexM.DHCSR_C_HALT));
    }

    /**
     * What every debug access checks first, in the silicon's order: supply, the probe link, a power cut that is due
     * (fault injection: the access is the one that finds the board dead), the debug port closed by RDP level 2; then the
     * flash catches up with the clock. {@code null} when the access may go on.
     */
    protected final BusResult gate() {
        if (!powered) {
            return new BusResult.Disconnected("target has no power");
        }
        if (faults.linkDownBeforeAccess()) {
            return new BusResult.Disconnected("probe link dropped (fault injection)");
        }
        if (faults.powerLossDueBeforeAccess()
                || (faults.powerLossTime().isPresent() && faults.powerLossTime().getAsLong() <= clock.nanos())) {
            powerLoss();
            return new BusResult.Disconnected("target lost power (fault injection)");
        }
        faults.countAccess();
        if (debugPortLocked()) {
            return new BusResult.PortLocked("debug port disabled by RDP level 2 (irreversible)");
        }
        settleFlash(clock.nanos());
        return null;
    }

    /**
     * Lets board time pass up to {@code target}, completing flash operations on the way; a power cut due before it
     * happens at its instant. False when the power was cut (the board is off).
     */
    protected boolean advanceTo(long target) {
        while (true) {
            long now = clock.nanos();
            if (faults.powerLossTime().isPresent() && faults.powerLossTime().getAsLong() <= target) {
                if (!elapseTo(Math.max(now, faults.powerLossTime().getAsLong()))) {
                    return true;
                }
                settleFlash(clock.nanos());
                powerLoss();
                return false;
            }
            long next = flashNextCompletion();
            if (next >= 0 && next <= target) {
                if (!elapseTo(Math.max(now, next))) {
                    return true;
                }
                settleFlash(clock.nanos());
                if (next > now) {
                    continue;
                }
            }
            elapseTo(target);
            settleFlash(clock.nanos());
            return true;
        }
    }

    /**
     * Lets time pass to {@code target} with the core executing while it runs, in slices that end where the flash
     * completes an operation (so that a poll of BSY in the next slice sees it clear). Inside a slice (a bus stall of
     * the core itself) only the clock moves. False when {@link #runFirmware}'s stop address was reached first: the core
     * halted there and the clock stands at that instant.
     */
    protected final boolean elapseTo(long target) {
        while (clock.nanos() < target) {
            if (stopReached) {
                return false;
            }
            if (executing || cpu == null || !powered || !coreRunning()) {
                clock.advanceTo(target);
                return true;
            }
            long now = clock.nanos();
            long end = Math.min(target, now + SLICE_NANOS);
            long done = flashNextCompletion();
            if (done > now && done < end) {
                end = done;
            }
            executeSlice(end);
            settleFlash(clock.nanos());
        }
        return !stopReached;
    }

    /** Runs the core for the cycles between now and {@code end} at the core clock, then moves the clock by them. */
    private void executeSlice(long end) {
        long hz = coreClockHz();
        long start = clock.nanos();
        long budget = Math.max(1, Math.multiplyExact(end - start, hz) / 1_000_000_000L);
        long used;
        executing = true;
        coreWindows.forget(); // whatever happened between slices (a debugger, a completed flash operation, a reset)
        coreWindows.takeStallCycles();
        try {
            used = stopAtPc >= 0 ? runWatchingPc(budget) : cpu.run(budget);
        } finally {
            executing = false;
        }
        used += coreWindows.takeStallCycles();
        long scaled = Math.addExact(Math.multiplyExact(used, 1_000_000_000L), cycleRemainder);
        clock.advance(scaled / hz);
        cycleRemainder = scaled % hz;
        CortexMCore.Stop stop = cpu.stopReason();
        if (stopReached) {
            haltCore();
        } else if (stop == CortexMCore.Stop.SLEEP) {
            clock.advanceTo(end); // asleep without a wake-up: the rest of the slice passes idle
        } else if (stop != CortexMCore.Stop.NONE) {
            coreStopped(stop);
        }
    }

    /** One instruction at a time, checking the PC before each: {@link #runFirmware}'s stop address. */
    private long runWatchingPc(long budget) {
        long used = 0;
        while (used < budget) {
            if ((cpu.registers().pc() & 0xFFFF_FFFFL) == stopAtPc) {
                stopReached = true;
                break;
            }
            used += cpu.run(1);
            if (cpu.stopReason() != CortexMCore.Stop.NONE) {
                break;
            }
        }
        return used;
    }

    /** The executing core (bench views and tests: registers, profile). */
    public CortexMCore cpu() {
        return cpu;
    }

    /**
     * Runs the firmware in virtual time for {@code duration}, or until the core is about to execute the instruction at
     * {@code stopAt} (it halts there as at a breakpoint), or until the core stops by itself (halt, lockup) - what
     * {@code flashbank board run} does. A core that is halted, locked up or in reset does not run: the result says
     * why.
     */
    @Override
    public synchronized FirmwareRun runFirmware(Duration duration, OptionalLong stopAt) {
        long start = clock.nanos();
        int consoleStart = console.length();
        long end = Math.addExact(start, duration.toNanos());
        stopAtPc = stopAt.isPresent() ? stopAt.getAsLong() & 0xFFFF_FFFEL : -1;
        stopReached = false;
        try {
            while (powered && coreRunning() && !stopReached && clock.nanos() < end) {
                advanceTo(end);
            }
        } finally {
            stopAtPc = -1;
        }
        FirmwareRun.Stop why;
        if (!powered) {
            why = FirmwareRun.Stop.NO_POWER;
        } else if (stopReached) {
            why = FirmwareRun.Stop.REACHED;
        } else if (coreRunning()) {
            why = FirmwareRun.Stop.TIME_ELAPSED;
        } else {
            why = runStopOfIdleCore();
        }
        stopReached = false;
        int pc = powered ? cpu.registers().pc() : 0;
        String written = console.substring(Math.min(consoleStart, console.length()));
        if (console.length() > BoardSnapshot.CONSOLE_KEEP_BYTES) {
            console.delete(0, console.length() - BoardSnapshot.CONSOLE_KEEP_BYTES);
        }
        return new FirmwareRun(why, pc, Duration.ofNanos(clock.nanos() - start), written);
    }

    /** Why a core that does not run is stopped: in reset (NRST or the core's reset hold), locked up or halted. */
    protected FirmwareRun.Stop runStopOfIdleCore() {
        if (nrst || core.isHeldInReset()) {
            return FirmwareRun.Stop.IN_RESET;
        }
        return core.isLockedUp() ? FirmwareRun.Stop.LOCKED_UP : FirmwareRun.Stop.HALTED;
    }

    @Override
    public synchronized String consoleOutput() {
        return BoardSnapshot.lastOfConsole(console.toString());
    }

    @Override
    public synchronized void restoreConsole(String text) {
        console.setLength(0);
        console.append(BoardSnapshot.lastOfConsole(text));
    }

    /** The board's bus as debug transports see it (simulated probe, ST-Link emulator, JTAG front end). */
    @Override
    public DebugBus debugBus() {
        return debugBus;
    }

    @Override
    public String partName() {
        return partName;
    }

    /** The seed the board was made with (RAM contents at power-on). */
    public long seed() {
        return seed;
    }

    @Override
    public String serial() {
        return serial;
    }

    @Override
    public byte[] uniqueId() {
        return uniqueId.clone();
    }

    /** True while the core is halted in debug state. */
    @Override
    public synchronized boolean coreHalted() {
        return core.isHalted();
    }

    /** A core register as the debugger would read it (REGSEL numbering), for bench views. */
    @Override
    public synchronized int coreRegister(int regsel) {
        return core.register(regsel);
    }

    @Override
    public String toString() {
        return "simulated " + partName + " (" + serial + ")";
    }

    @Override
    public VirtualClock clock() {
        return clock;
    }

    @Override
    public FaultInjector faults() {
        return faults;
    }

    @Override
    public synchronized boolean isPowered() {
        return powered;
    }

    /** Cuts the power now (an operation in progress is interrupted as by {@link FaultInjector}). */
    @Override
    public synchronized void powerOff() {
        if (powered) {
            powerLoss();
        }
    }

    /** Restores power: a power-on reset; the console starts empty (a terminal shows a fresh boot). No-op when powered. */
    @Override
    public synchronized void powerOn() {
        if (!powered) {
            console.setLength(0);
            powerOnReset();
        }
    }

    /** Bench reset: {@link ResetKind#SYSTEM} as SYSRESETREQ, {@link ResetKind#HARDWARE} as an NRST pulse. */
    @Override
    public synchronized void reset(ResetKind kind) {
        if (!powered) {
            return;
        }
        if (kind == ResetKind.HARDWARE) {
            setNrstInternal(true);
            setNrstInternal(false);
        } else {
            systemReset(ResetCause.SOFTWARE);
        }
    }

    @Override
    public synchronized boolean boot0() {
        return boot0;
    }

    /** Sets the BOOT0 pin; it is sampled at the next reset. */
    @Override
    public synchronized void setBoot0(boolean level) {
        boot0 = level;
    }

    @Override
    public synchronized int voltageMillivolts() {
        return voltageMillivolts;
    }

    @Override
    public synchronized void setVoltageMillivolts(int mv) {
        if (mv < 0) {
            throw new IllegalArgumentException("negative voltage");
        }
        voltageMillivolts = mv;
    }

    /** What caused the last reset (the reset flags of the silicon; not modelled as a register). */
    @Override
    public synchronized ResetCause lastResetCause() {
        return lastResetCause;
    }

    @Override
    public synchronized BootReport lastBootReport() {
        return lastBoot;
    }
}
