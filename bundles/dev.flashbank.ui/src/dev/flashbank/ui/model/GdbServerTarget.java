package dev.flashbank.ui.model;

import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.connect.TargetAddress;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.TargetException;

/**
 * A target behind a running gdbserver (OpenOCD, pyOCD, ST-LINK_gdbserver, J-Link, QEMU), reached with the GDB Remote
 * Serial Protocol — how Flashbank works inside STM32CubeIDE while a debug session holds the probe.
 */
public final class GdbServerTarget extends FlashbankTarget {

    private final String host;
    private final int port;

    GdbServerTarget(TargetManager manager, String host, int port) {
        super(manager, "gdb:" + host + ":" + port);
        this.host = host;
        this.port = port;
    }

    /** Parses "host:port" (port 1-65535); null when malformed. */
    public static String validate(String hostPort) {
        int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        if (colon <= 0) {
            return "write it as host:port, e.g. 127.0.0.1:3333";
        }
        try {
            int p = Integer.parseInt(hostPort.substring(colon + 1).trim());
            return p >= 1 && p <= 65535 ? null : "the port is 1-65535";
        } catch (NumberFormatException e) {
            return "the port is a number, e.g. 3333";
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    @Override
    public String displayName() {
        return "GDB server " + host + ":" + port;
    }

    @Override
    public String partName() {
        return connection().map(c -> c.identity().device().name()).orElse(displayName());
    }

    @Override
    public String details() {
        // the protocol has no voltage query: say so rather than show 0 V (programming then uses x8, ParallelismChoice)
        return "gdbserver (GDB Remote Serial Protocol); supply voltage unknown: programs at x8, valid at any supply";
    }

    @Override
    public String cliTargetArgument() {
        return "--target gdb:" + host + ":" + port;
    }

    @Override
    protected DebugTarget open() throws TargetException {
        return manager.openTransport(new TargetAddress.GdbServer(host, port));
    }

    @Override
    protected PollClock pollClock(DebugTarget target) {
        return PollClock.system();
    }
}
