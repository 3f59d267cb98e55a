package dev.flashbank.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.cli.sim.SimStlinkBackend;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.stlink.StlinkDebugTarget;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.emulator.StlinkEmulator;

/**
 * The full production stack on a simulated board: flash driver -> {@link StlinkDebugTarget} -> {@link StlinkSession}
 * -> {@link StlinkEmulator} (16-byte command blocks, modelled USB/SWD time) -> {@link SimStlinkBackend} -> the board's
 * debug bus (flash timings, bus stalls while BSY). Every host poll and back-off waits on the board's virtual clock, so
 * {@link #measure} reports modelled target time exactly, independent of how fast the host is.
 */
public final class ModelledStack {

    /** A piece of work on the stack. */
    @FunctionalInterface
    public interface Work {
        void run(ModelledStack stack) throws Exception;
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Families FAMILIES = InstalledFamilies.families();

    private final BenchBoard board;
    private final ProbeModel probe;
    private final StlinkEmulator emulator;
    private final StlinkDebugTarget target;
    private final PollClock clock;
    private final OperationContext context;

    private final FlashDriver driver;

    private ModelledStack(BenchBoard board, ProbeModel probe, FlashDriverSettings settings)
            throws TargetException {
        this.board = board;
        this.probe = probe;
        this.emulator = new StlinkEmulator(probe.emulator(), new SimStlinkBackend(board.debugBus()));
        this.clock = emulator.clock();
        StlinkSession session = StlinkSession.open(emulator,
                StlinkSessionOptions.defaults().withClock(clock).withSwdKiloHertz(probe.swdKiloHertz()));
        this.target = StlinkDebugTarget.attach(session, StlinkSession.ConnectMode.NORMAL);
        // the part's own family driver, as every command gets it
        this.driver = FAMILIES.openDriver(target, new IdentifiedDevice(board.descriptor(), board.flashSizeKiB()), clock,
                settings);
        this.context = new OperationContext(
                new OperationTarget("sim:" + board.partName() + ":" + board.serial(), target.describe()), target,
                driver);
    }

    /** Connects {@code probe} to {@code board} (a normal attach: the core keeps its state). */
    public static ModelledStack connect(BenchBoard board, ProbeModel probe) throws TargetException {
        return new ModelledStack(board, probe, FlashDriverSettings.defaults());
    }

    public static ModelledStack connect(BenchBoard board, ProbeModel probe, FlashDriverSettings settings)
            throws TargetException {
        return new ModelledStack(board, probe, settings);
    }

    public BenchBoard board() {
        return board;
    }

    public ProbeModel probe() {
        return probe;
    }

    public StlinkEmulator emulator() {
        return emulator;
    }

    public StlinkDebugTarget target() {
        return target;
    }

    public PollClock clock() {
        return clock;
    }

    public OperationContext context() {
        return context;
    }

    public FlashDriver driver() {
        return driver;
    }

    /** Runs {@code work} and returns its modelled target time, USB exchanges, host CPU time and host wall time. */
    public Cost measure(Work work) throws Exception {
        long t0 = board.clock().nanos();
        long x0 = emulator.exchangeCount();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        work.run(this);
        long wall = System.nanoTime() - wall0;
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        return new Cost(board.clock().nanos() - t0, emulator.exchangeCount() - x0, cpu, wall);
    }
}
