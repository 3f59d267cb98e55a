package dev.flashbank.core.flash;

import java.time.Duration;

/**
 * The time budget of one flash operation and how it was derived, so a timeout message can say "budget 128 s =
 * 2 MiB bank erase at x8, 32 s/MiB max x 2 safety + 0.25 s" instead of a bare number.
 */
public record OperationTimeout(long nanos, String basis) {

    public OperationTimeout {
        if (nanos <= 0) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    public Duration duration() {
        return Duration.ofNanos(nanos);
    }

    /** Human form, e.g. "128.25 s (2 MiB bank erase ...)". */
    public String describe() {
        return FlashTimeouts.human(nanos) + " (" + basis + ")";
    }
}
