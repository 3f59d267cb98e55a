package dev.flashbank.cli.bench;

import java.time.Duration;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.WireProtocol;
import dev.flashbank.stlink.emulator.StlinkEmulatorBackend;

/**
 * Puts the simulated board's {@link DebugBus} behind the emulated ST-Link: one bus access per emulated AP access,
 * bus outcomes mapped to the core's typed exceptions (which the emulator turns into ST-Link status codes), and the
 * transport's modelled time charged to the board's virtual clock.
 */
public final class SimStlinkBackend implements StlinkEmulatorBackend {

    private final DebugBus bus;

    public SimStlinkBackend(DebugBus bus) {
        this.bus = bus;
    }

    @Override
    public long read(long address, AccessWidth width) throws TargetException {
        return bus.read(address, width).orThrow();
    }

    @Override
    public void write(long address, AccessWidth width, long value) throws TargetException {
        bus.write(address, width, value).orThrow();
    }

    @Override
    public long readSwdDpIdcode() throws TargetException {
        return bus.readDpIdcode(WireProtocol.SWD).orThrow();
    }

    @Override
    public void setNrst(boolean asserted) {
        bus.setNrst(asserted);
    }

    @Override
    public int targetVoltageMillivolts() {
        return bus.targetVoltageMillivolts();
    }

    @Override
    public void elapse(Duration time) {
        bus.elapse(time);
    }

    @Override
    public long nanoTime() {
        return bus.nanoTime();
    }
}
