package dev.flashbank.core.ops;

import java.util.Objects;

/**
 * Which target an operation works on, as a stable key: two operations with the same key must not run at the same time
 * (the UI turns this into an Eclipse scheduling rule whose {@code isConflicting} compares keys; the CLI ignores it).
 *
 * @param key stable identity, e.g. {@code "stlink:0038FF..."} or {@code "sim:<order code>@/home/u/.flashbank/board"}
 * @param description what users see ("ST-LINK/V3 0038FF... - &lt;order code&gt;")
 */
public record OperationTarget(String key, String description) {

    public OperationTarget {
        Objects.requireNonNull(key, "key");
        description = description == null ? key : description;
    }

    /** True when an operation on {@code other} must wait for one on this target (same physical target). */
    public boolean conflictsWith(OperationTarget other) {
        return other != null && key.equals(other.key);
    }
}
