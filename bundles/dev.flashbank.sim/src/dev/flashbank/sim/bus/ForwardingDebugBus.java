package dev.flashbank.sim.bus;

import java.time.Duration;

import dev.flashbank.core.target.AccessWidth;

/**
 * A debug bus in front of another (a board's): every call goes to the bus behind it, and its
 * {@link #debugTopology()} is that bus's own, its access ports reaching this bus instead
 * ({@link DebugTopology#retargeted}), so that what a subclass watches or changes (a counter of the debugger's writes,
 * a fault) sees every access a front end makes. Without it a wrapper gets {@link DebugBus}'s default, a Cortex-M7
 * topology: no debug APB for an H7, and a 1 KiB TAR auto-increment wrap for a Cortex-M4 part, whose 4 KiB block
 * OpenOCD's block writes rely on. A subclass overrides the calls it watches.
 */
public class ForwardingDebugBus implements DebugBus {

    private final DebugBus behind;

    public ForwardingDebugBus(DebugBus behind) {
        this.behind = behind;
    }

    /** The bus this one forwards to. */
    protected final DebugBus behind() {
        return behind;
    }

    @Override
    public BusResult read(long address, AccessWidth width) {
        return behind.read(address, width);
    }

    @Override
    public BusResult write(long address, AccessWidth width, long value) {
        return behind.write(address, width, value);
    }

    @Override
    public BusResult readDpIdcode(WireProtocol protocol) {
        return behind.readDpIdcode(protocol);
    }

    @Override
    public BusResult readBoundaryScanIdcode() {
        return behind.readBoundaryScanIdcode();
    }

    /** The topology of the bus behind, with its access ports on this bus. */
    @Override
    public DebugTopology debugTopology() {
        return behind.debugTopology().retargeted(behind, this);
    }

    @Override
    public void setNrst(boolean asserted) {
        behind.setNrst(asserted);
    }

    @Override
    public boolean isNrstAsserted() {
        return behind.isNrstAsserted();
    }

    @Override
    public void elapse(Duration time) {
        behind.elapse(time);
    }

    @Override
    public long nanoTime() {
        return behind.nanoTime();
    }

    @Override
    public int targetVoltageMillivolts() {
        return behind.targetVoltageMillivolts();
    }
}
