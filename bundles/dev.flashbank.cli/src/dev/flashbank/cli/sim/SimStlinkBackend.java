package dev.flashbank.cli.sim;

import java.time.Duration;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.WireProtocol;
import dev.flashbank.sim.jtag.SerialWireDebugPort;
import dev.flashbank.stlink.emulator.StlinkEmulatorBackend;

/**
 * Puts the simulated board's {@link DebugBus} behind the emulated ST-Link: one bus access per emulated AP access,
 * bus outcomes mapped to the core's typed exceptions (which the emulator turns into ST-Link status codes), and the
 * transport's modelled time charged to the board's virtual clock. DP and AP registers (the DAP-direct commands) go
 * to the board's SW-DP model ({@link SerialWireDebugPort}: the same DP and MEM-APs the JTAG front end uses).
 * <p>
 * It lives in the CLI, not in {@code stlink.emulator}: the stlink bundle is the production probe code the IDE ships
 * and does not depend on the simulator; the CLI depends on both (ARCHITECTURE.md).
 * <p>
 * Served to another program ({@link #pacedByWallClock}), the board also ages at least as fast as the wall clock times
 * a scale before each access: debuggers wait for flash operations by sleeping between polls (OpenOCD's stm32f2x
 * driver: 1 ms per poll, a bounded number of polls), so a board that aged only by the modelled transport time could
 * still look busy when such a budget ran out. Only the client's wall time counts, not the time the board spends
 * computing inside a command: a board whose core executes (a debugger's RAM flash loader) simulates slower than real
 * time, and counting its own computing as time owed made every command's catch-up longer than the last (OpenOCD's
 * stm32f2x loader over DAP-direct: one memory write caught up for minutes and the client timed out).
 */
public final class SimStlinkBackend implements StlinkEmulatorBackend {

    /**
     * At most this much board time is caught up before one access. A board whose core executes firmware simulates it
     * for every nanosecond it ages: at a time scale of 100 a client's 5 ms between two commands would be 0.5 s of
     * firmware (8 M cycles at 16 MHz) per command - OpenOCD's start-up against a running core never got to its Tcl
     * server. The debuggers' poll loops still see flash operations end: OpenOCD sleeps 1 ms per poll, so a 20 ms step
     * ends a 2 s erase within 100 polls of budgets of thousands.
     */
    static final long MAX_CATCH_UP_NANOS = 20_000_000L;

    private final DebugBus bus;
    private final SerialWireDebugPort debugPort;
    private final double realTimeScale;
    private final long wallStart;
    private final long boardStart;
    /** Wall time spent inside this backend's calls (the board computing), not owed to the board again. */
    private long wallInside;

    /** The board ages by the modelled transport time only (benches, tests on the virtual clock). */
    public SimStlinkBackend(DebugBus bus) {
        this(bus, 0);
    }

    private SimStlinkBackend(DebugBus bus, double realTimeScale) {
        if (!(realTimeScale >= 0)) {
            throw new IllegalArgumentException("realTimeScale must be >= 0");
        }
        this.bus = bus;
        this.debugPort = new SerialWireDebugPort(bus);
        this.realTimeScale = realTimeScale;
        this.wallStart = System.nanoTime();
        this.boardStart = bus.nanoTime();
    }

    /**
     * A backend whose board time runs at least {@code realTimeScale} times as fast as the wall clock (1 = real time,
     * larger makes erases finish sooner).
     */
    public static SimStlinkBackend pacedByWallClock(DebugBus bus, double realTimeScale) {
        return new SimStlinkBackend(bus, realTimeScale);
    }

    /**
     * Brings the board's clock up to the scaled wall time the client spent outside this backend (never back: modelled
     * time may run ahead); returns the wall instant of entry for {@link #leave}.
     */
    private long catchUp() {
        long entered = System.nanoTime();
        if (realTimeScale > 0) {
            long due = boardStart + (long) ((entered - wallStart - wallInside) * realTimeScale);
            long now = bus.nanoTime();
            if (due > now) {
                long owed = due - now;
                if (owed > MAX_CATCH_UP_NANOS) {
                    // the rest is forgiven, not carried over: the board falls behind the scaled wall clock
                    wallInside += (long) ((owed - MAX_CATCH_UP_NANOS) / realTimeScale);
                    owed = MAX_CATCH_UP_NANOS;
                }
                bus.elapse(Duration.ofNanos(owed));
            }
        }
        return entered;
    }

    /** The call that entered at {@code entered} returns: its wall time was the board's, not the client's. */
    private void leave(long entered) {
        wallInside += System.nanoTime() - entered;
    }

    @Override
    public long read(long address, AccessWidth width) throws TargetException {
        long entered = catchUp();
        try {
            return bus.read(address, width).orThrow();
        } finally {
            leave(entered);
        }
    }

    @Override
    public void write(long address, AccessWidth width, long value) throws TargetException {
        long entered = catchUp();
        try {
            bus.write(address, width, value).orThrow();
        } finally {
            leave(entered);
        }
    }

    @Override
    public long readSwdDpIdcode() throws TargetException {
        long entered = catchUp();
        try {
            return bus.readDpIdcode(WireProtocol.SWD).orThrow();
        } finally {
            leave(entered);
        }
    }

    @Override
    public boolean modelsDebugPort() {
        return true;
    }

    @Override
    public long readDp(int address) throws TargetException {
        long entered = catchUp();
        try {
            return debugPort.readDp(address).orThrow();
        } finally {
            leave(entered);
        }
    }

    @Override
    public void writeDp(int address, long value) throws TargetException {
        long entered = catchUp();
        try {
            debugPort.writeDp(address, value).orThrow();
        } finally {
            leave(entered);
        }
    }

    @Override
    public long readAp(int apsel, int register) throws TargetException {
        long entered = catchUp();
        try {
            return debugPort.readAp(apsel, register).orThrow();
        } finally {
            leave(entered);
        }
    }

    @Override
    public void writeAp(int apsel, int register, long value) throws TargetException {
        long entered = catchUp();
        try {
            debugPort.writeAp(apsel, register, value).orThrow();
        } finally {
            leave(entered);
        }
    }

    @Override
    public void setNrst(boolean asserted) {
        long entered = catchUp();
        try {
            bus.setNrst(asserted);
        } finally {
            leave(entered);
        }
    }

    @Override
    public int targetVoltageMillivolts() {
        return bus.targetVoltageMillivolts();
    }

    @Override
    public void elapse(Duration time) {
        long entered = System.nanoTime();
        try {
            bus.elapse(time); // the modelled transport time: the core runs through it too
        } finally {
            leave(entered);
        }
    }

    @Override
    public long nanoTime() {
        return bus.nanoTime();
    }
}
