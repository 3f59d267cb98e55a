package dev.flashbank.stlink;

import java.util.function.Supplier;

import dev.flashbank.core.connect.ConnectOptions;
import dev.flashbank.core.connect.OpenTarget;
import dev.flashbank.core.connect.TargetAddress;
import dev.flashbank.core.connect.TargetOpenException;
import dev.flashbank.core.connect.TargetProvider;
import dev.flashbank.core.connect.TransportTarget;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.stlink.usb.ProbeDiscovery;

/** Opens {@link TargetAddress.Stlink} targets: finds the probe on USB by serial and attaches over SWD. */
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
        ProbeDiscovery d = discovery.get();
        Runnable release = ownsDiscovery ? d::close : () -> {
        };
        try {
            StlinkSessionOptions o = options.swdKiloHertz() > 0
                    ? StlinkSessionOptions.defaults().withSwdKiloHertz(options.swdKiloHertz())
                    : StlinkSessionOptions.defaults();
            StlinkDebugTarget t = d.attach(a.serial().isBlank() ? null : a.serial(), o, options.underReset() ? StlinkSession.ConnectMode.UNDER_RESET
                    : StlinkSession.ConnectMode.NORMAL);
            return new TransportTarget(a, t, release);
        } catch (TargetException | RuntimeException e) {
            release.run();
            throw new TargetOpenException(TargetOpenException.Reason.UNREACHABLE, e.getMessage(), e);
        }
    }
}
