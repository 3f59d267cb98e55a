package dev.flashbank.cli.sim;

import java.time.Duration;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.WallClockPacing;
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
 * Served to another program ({@link #pacedByWallClock}), the board also ages with the wall clock times a scale, by
 * the rule every served transport shares ({@link WallClockPacing}: only the client's wall time counts, and a bounded
 * catch-up before one access).
 */
public final class SimStlinkBackend implements StlinkEmulatorBackend {

    private final DebugBus bus;
    private final SerialWireDebugPort debugPort;
    private final WallClockPacing pacing;

    /** The board ages by the modelled transport time only (benches, tests on the virtual clock). */
    public SimStlinkBackend(DebugBus bus) {
        this(bus, 0);
    }

    private SimStlinkBackend(DebugBus bus, double realTimeScale) {
        this.bus = bus;
        this.debugPort = new SerialWireDebugPort(bus);
        this.pacing = new WallClockPacing(bus, realTimeScale);
    }

    /**
     * A backend whose board time runs at least {@code realTimeScale} times as fast as the wall clock (1 = real time,
     * larger makes erases finish sooner).
     */
    public static SimStlinkBackend pacedByWallClock(DebugBus bus, double realTimeScale) {
        return new SimStlinkBackend(bus, realTimeScale);
    }

    /** Brings the board's clock up to the client's scaled wall time; returns the wall instant for {@link #leave}. */
    private long catchUp() {
        return pacing.enter();
    }

    /** The call that entered at {@code entered} returns: its wall time was the board's, not the client's. */
    private void leave(long entered) {
        pacing.leave(entered);
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
