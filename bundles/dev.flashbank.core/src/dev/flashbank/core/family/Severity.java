package dev.flashbank.core.family;

/** How much a finding matters. */
public enum Severity {
    /** Information: how things are. */
    INFO,
    /** Works, but likely to surprise (a volatile swap, stale flags, a second boot path that would fail). */
    WARNING,
    /** Something the user asked about or depends on will fail. */
    ERROR
}
