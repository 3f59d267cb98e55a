package dev.flashbank.core.device;

import java.util.Objects;

/**
 * A named model assumption with its current value, status and the source / open question it cites, so that
 * reports and the UI can list exactly which UNCONFIRMED facts an answer depends on.
 */
public record ModelParameter<T>(String name, T value, ParameterStatus status, String source) {

    public ModelParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(status, "status");
        source = source == null ? "" : source;
    }

    public ModelParameter<T> withValue(T newValue) {
        return new ModelParameter<>(name, newValue, status, source + " (overridden)");
    }

    @Override
    public String toString() {
        return name + " = " + value + " [" + status + (source.isEmpty() ? "" : ", " + source) + "]";
    }
}
