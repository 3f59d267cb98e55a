package dev.flashbank.ui.model;

import dev.flashbank.core.connect.TargetAddress;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.ops.OptionCliCommand;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.stlink.ProbeWarning;
import dev.flashbank.stlink.StlinkDebugTarget;
import dev.flashbank.stlink.usb.DiscoveredProbe;
import dev.flashbank.stlink.usb.ProbeState;

/** An ST-Link probe found on USB. Firmware, warnings and target voltage are known once connected. */
public final class ProbeTarget extends FlashbankTarget {

    private volatile DiscoveredProbe probe;
    private volatile String connectedInfo = "";

    ProbeTarget(TargetManager manager, DiscoveredProbe probe) {
        super(manager, "stlink:" + (probe.serial() == null ? probe.location() : probe.serial()));
        this.probe = probe;
    }

    public DiscoveredProbe probe() {
        return probe;
    }

    void update(DiscoveredProbe p) {
        probe = p;
    }

    @Override
    public String displayName() {
        return probe.describe();
    }

    @Override
    public String partName() {
        return connection().map(c -> c.identity().device().name()).orElse(probe.product().displayName());
    }

    @Override
    public String details() {
        StringBuilder b = new StringBuilder("ST-Link probe");
        if (probe.state() != ProbeState.READY) {
            b.append(": ").append(probe.advice());
        }
        if (isConnected()) {
            b.append(connectedInfo);
        }
        return b.toString();
    }

    @Override
    protected void onConnected(Connection c) {
        StringBuilder b = new StringBuilder();
        if (c.target() instanceof StlinkDebugTarget s) {
            b.append(", firmware ").append(s.session().version());
            for (ProbeWarning w : s.session().warnings()) {
                b.append(" \u2014 WARNING: ").append(w);
            }
            try {
                b.append(String.format(", target %.2f V", s.targetVoltageMillivolts() / 1000.0));
            } catch (TargetException e) {
                b.append(", target voltage unknown (").append(e.getMessage()).append(')');
            }
        }
        connectedInfo = b.toString();
    }

    @Override
    public String cliTargetArgument() {
        return OptionCliCommand.probeArgument(probe.serial() == null ? probe.location() : probe.serial());
    }

    @Override
    protected DebugTarget open() throws TargetException {
        DiscoveredProbe p = probe;
        return manager.openTransport(new TargetAddress.Stlink(p.serial() == null ? "" : p.serial()));
    }

    @Override
    protected PollClock pollClock(DebugTarget target) {
        return PollClock.system();
    }
}
