package dev.flashbank.core.ops;

import java.util.Map;

/**
 * What an operation did, as a value: one human sentence for consoles and a map of plain values (String, Number,
 * Boolean, List, Map, null) that the CLI prints as {@code --json} without knowing the result type.
 */
public interface OperationResult {

    /** One or a few lines for the console / CLI. */
    String summary();

    /** Structured data for machine output; keys are stable, lower camel case. */
    Map<String, Object> data();
}
