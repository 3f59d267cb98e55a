package dev.flashbank.core.connect;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to open a target.
 *
 * @param holder who opens it, as another writer is told while it waits ("flashbank program", "Flashbank IDE: Write
 *            option bytes")
 * @param waitForBoard true: wait while another writer holds a board file (saying so once through {@code notices});
 *            false: refuse at once with {@link TargetOpenException.Reason#BUSY}
 * @param underReset hold NRST while attaching (firmware that disables SWD or sleeps)
 * @param swdKiloHertz SWD clock of an ST-Link probe, 0 = the probe's default
 * @param notices one-line messages for the user (board created, waiting for another writer)
 */
public record ConnectOptions(String holder, boolean waitForBoard, boolean underReset, int swdKiloHertz,
        Consumer<String> notices) {

    public ConnectOptions {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(notices, "notices");
        if (swdKiloHertz < 0) {
            throw new IllegalArgumentException("negative SWD clock");
        }
    }

    /** Waits for a busy board, attaches normally, default SWD clock, notices dropped. */
    public static ConnectOptions of(String holder) {
        return new ConnectOptions(holder, true, false, 0, line -> {
        });
    }

    public ConnectOptions withWaitForBoard(boolean v) {
        return new ConnectOptions(holder, v, underReset, swdKiloHertz, notices);
    }

    public ConnectOptions withUnderReset(boolean v) {
        return new ConnectOptions(holder, waitForBoard, v, swdKiloHertz, notices);
    }

    public ConnectOptions withSwdKiloHertz(int v) {
        return new ConnectOptions(holder, waitForBoard, underReset, v, notices);
    }

    public ConnectOptions withNotices(Consumer<String> v) {
        return new ConnectOptions(holder, waitForBoard, underReset, swdKiloHertz, v);
    }
}
