package dev.flashbank.core.connect;

import java.util.Objects;
import java.util.Optional;

import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.TargetException;

/** An {@link OpenTarget} that is only a transport (a probe or a gdbserver): no state to save, the wall clock. */
public final class TransportTarget implements OpenTarget {

    private final TargetAddress address;
    private final DebugTarget target;
    private final Runnable afterClose;

    /** @param afterClose releases what the provider opened besides the transport (e.g. USB), run once on close */
    public TransportTarget(TargetAddress address, DebugTarget target, Runnable afterClose) {
        this.address = Objects.requireNonNull(address, "address");
        this.target = Objects.requireNonNull(target, "target");
        this.afterClose = Objects.requireNonNull(afterClose, "afterClose");
    }

    @Override
    public TargetAddress address() {
        return address;
    }

    @Override
    public DebugTarget target() {
        return target;
    }

    @Override
    public PollClock pollClock() {
        return PollClock.system();
    }

    @Override
    public Optional<String> knownPart() {
        return Optional.empty();
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        return type.isInstance(target) ? Optional.of(type.cast(target)) : Optional.empty();
    }

    @Override
    public void close() {
        try {
            target.close();
        } catch (TargetException | RuntimeException e) {
            // a probe or server that already went away cannot be closed more; not a failure of the work done
        } finally {
            afterClose.run();
        }
    }

    /** Closes a transport on a failed open path, keeping the original failure. */
    public static void closeQuietly(DebugTarget t) {
        if (t == null) {
            return;
        }
        try {
            t.close();
        } catch (TargetException | RuntimeException e) {
            // already failing
        }
    }
}
