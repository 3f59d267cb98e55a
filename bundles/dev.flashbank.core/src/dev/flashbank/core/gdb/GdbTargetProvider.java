package dev.flashbank.core.gdb;

import dev.flashbank.core.connect.ConnectOptions;
import dev.flashbank.core.connect.OpenTarget;
import dev.flashbank.core.connect.TargetAddress;
import dev.flashbank.core.connect.TargetOpenException;
import dev.flashbank.core.connect.TargetProvider;
import dev.flashbank.core.connect.TransportTarget;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;

/** Opens {@link TargetAddress.GdbServer} targets over the GDB Remote Serial Protocol. */
public final class GdbTargetProvider implements TargetProvider {

    private final GdbTargetOptions gdbOptions;

    public GdbTargetProvider() {
        this(GdbTargetOptions.defaults());
    }

    public GdbTargetProvider(GdbTargetOptions gdbOptions) {
        this.gdbOptions = gdbOptions;
    }

    @Override
    public TargetAddress.Kind kind() {
        return TargetAddress.Kind.GDB;
    }

    @Override
    public OpenTarget open(TargetAddress address, ConnectOptions options) throws TargetOpenException {
        TargetAddress.GdbServer a = (TargetAddress.GdbServer) address;
        DebugTarget t = null;
        try {
            t = GdbRemoteTarget.connect(a.host(), a.port(), gdbOptions);
            if (options.underReset()) {
                // a gdbserver has no "attach under reset"; a hardware reset with halt is the nearest it offers
                t.core().resetAndHalt(ResetKind.HARDWARE);
            }
            return new TransportTarget(a, t, () -> {
            });
        } catch (TargetException e) {
            TransportTarget.closeQuietly(t);
            throw new TargetOpenException(TargetOpenException.Reason.UNREACHABLE,
                    "cannot connect to " + a.describe() + ": " + e.getMessage(), e);
        }
    }
}
