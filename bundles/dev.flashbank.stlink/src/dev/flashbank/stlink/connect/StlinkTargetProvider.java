package dev.flashbank.stlink.connect;

import java.util.function.Supplier;

import dev.flashbank.core.connect.ConnectOptions;
import dev.flashbank.core.connect.OpenTarget;
import dev.flashbank.core.connect.StlinkServerAddress;
import dev.flashbank.core.connect.TargetAddress;
import dev.flashbank.core.connect.TargetOpenException;
import dev.flashbank.core.connect.TargetProvider;
import dev.flashbank.core.connect.TransportTarget;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.stlink.StlinkDebugTarget;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.tcp.StlinkServerProtocol;
import dev.flashbank.stlink.tcp.StlinkServerTransport;
import dev.flashbank.stlink.usb.ProbeDiscovery;

/**
 * Opens {@link TargetAddress.Stlink} targets and attaches over SWD: a probe on USB found by serial, or - when the
 * serial is written {@code tcp:host:port[/serial]} ({@link StlinkServerAddress}) - a probe shared through an
 * stlink-server. It sits above the protocol ({@code stlink}), USB ({@code stlink.usb}) and stlink-server
 * ({@code stlink.tcp}) packages, so none of them needs another.
 */
public final class StlinkTargetProvider implements TargetProvider {

    private final Supplier<ProbeDiscovery> discovery;
    private final boolean ownsDiscovery;

    private StlinkTargetProvider(Supplier<ProbeDiscovery> discovery, boolean ownsDiscovery) {
        this.discovery = discovery;
        this.ownsDiscovery = ownsDiscovery;
    }

    /** Each open starts its own USB context and ends it on close (a command, a launch). */
    public static StlinkTargetProvider ownUsb() {
        return new StlinkTargetProvider(ProbeDiscovery::system, true);
    }

    /** Opens through a discovery someone else keeps open (the IDE's probe list) and leaves it open. */
    public static StlinkTargetProvider sharing(Supplier<ProbeDiscovery> discovery) {
        return new StlinkTargetProvider(discovery, false);
    }

    @Override
    public TargetAddress.Kind kind() {
        return TargetAddress.Kind.STLINK;
    }

    @Override
    public OpenTarget open(TargetAddress address, ConnectOptions options) throws TargetOpenException {
        TargetAddress.Stlink a = (TargetAddress.Stlink) address;
        StlinkSession.ConnectMode mode = options.underReset() ? StlinkSession.ConnectMode.UNDER_RESET
                : StlinkSession.ConnectMode.NORMAL;
        if (StlinkServerAddress.isServerForm(a.serial())) {
            return openShared(a, options, mode);
        }
        ProbeDiscovery d = discovery.get();
        Runnable release = ownsDiscovery ? d::close : () -> {
        };
        try {
            StlinkDebugTarget t = d.attach(a.serial().isBlank() ? null : a.serial(), sessionOptions(options), mode);
            return new TransportTarget(a, t, release);
        } catch (TargetException | RuntimeException e) {
            release.run();
            throw new TargetOpenException(TargetOpenException.Reason.UNREACHABLE, e.getMessage(), e);
        }
    }

    private static StlinkSessionOptions sessionOptions(ConnectOptions options) {
        return options.swdKiloHertz() > 0
                ? StlinkSessionOptions.defaults().withSwdKiloHertz(options.swdKiloHertz())
                : StlinkSessionOptions.defaults();
    }

    /** Through an stlink-server: no USB context, the server owns the probe. */
    private static OpenTarget openShared(TargetAddress.Stlink a, ConnectOptions options,
            StlinkSession.ConnectMode mode) throws TargetOpenException {
        StlinkServerAddress server;
        try {
            server = StlinkServerAddress.parse(a.serial());
        } catch (IllegalArgumentException e) {
            throw new TargetOpenException(TargetOpenException.Reason.UNREACHABLE, e.getMessage(), e);
        }
        StlinkSessionOptions o = sessionOptions(options);
        try {
            StlinkServerTransport t = StlinkServerTransport.open(server.host(), server.port(), server.serial(),
                    StlinkServerTransport.DEFAULT_ANSWER_TIMEOUT_MILLIS);
            if (t.serverVersion().api() < StlinkServerProtocol.API_WITH_LARGE_TRANSFERS) {
                // 16/32-bit transfers never cross the TAR window: a 1 KiB window keeps them within API v1's limit
                o = o.withTarWindow(Math.min(o.tarWindow(), StlinkServerProtocol.API_V1_MAX_TRANSFER));
            }
            StlinkSession session = StlinkSession.open(t, o); // closes the transport itself on failure
            try {
                return new TransportTarget(a, StlinkDebugTarget.attach(session, mode), () -> {
                });
            } catch (TargetException | RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (TargetException | RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            // the transport's own messages already name the server; the session's name only the probe
            throw new TargetOpenException(TargetOpenException.Reason.UNREACHABLE,
                    m.contains("stlink-server " + server.host() + ":" + server.port()) ? m : server.describe() + ": " + m,
                    e);
        }
    }
}
