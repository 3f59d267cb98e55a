package dev.flashbank.core.device;

/** Confidence in a model fact: how directly a primary source (reference manual, datasheet, vendor header) states it. */
public enum ParameterStatus {
    /** Read directly in a primary source. */
    CONFIRMED,
    /** Computed from confirmed facts. */
    DERIVED,
    /** Plausible but not read in a primary source: must stay a named, overridable parameter. */
    UNCONFIRMED
}
