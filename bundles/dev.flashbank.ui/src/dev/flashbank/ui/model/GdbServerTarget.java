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

    /** Its name in the target registry. */
    private volatile String name;

    GdbServerTarget(TargetManager manager, String name, String host, int port) {
        super(manager, "gdb:" + host + ":" + port);
        this.name = name;
        this.host = host;
        this.port = port;
    }

    /** The name a new gdbserver target gets: "GDB server host:port". */
    static String defaultName(String host, int port) {
        return "GDB server " + host + ":" + port;
    }

    void setName(String name) {
        this.name = name;
    }

    /** What is wrong with a typed "host:port" (port 1-65535), or null when it is fine. */
    public static String validate(String hostPort) {
        return dev.flashbank.core.registry.TargetDefinition.GdbServer.problemOf(hostPort);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    @Override
    public String displayName() {
        return name;
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
