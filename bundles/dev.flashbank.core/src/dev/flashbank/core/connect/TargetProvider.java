package dev.flashbank.core.connect;

/** Opens the targets of one {@link TargetAddress.Kind}; given to a {@link TargetOpener} by whoever owns the transport. */
public interface TargetProvider {

    TargetAddress.Kind kind();

    /** Opens {@code address} (of this provider's kind); nothing is left open or locked when it throws. */
    OpenTarget open(TargetAddress address, ConnectOptions options) throws TargetOpenException;
}
