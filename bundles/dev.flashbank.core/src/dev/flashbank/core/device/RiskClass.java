package dev.flashbank.core.device;

/** How dangerous a change (option byte, operation) is; ordered from harmless to irreversible. */
public enum RiskClass {
    /** Takes effect without loss of data; may still need a reset to become active. */
    SAFE,
    /** Takes effect only after a reset / power cycle, or changes how the next reset behaves. */
    NEEDS_RESET,
    /** Erases (part of) the flash or makes its current content unusable. */
    ERASES_FLASH,
    /** Cannot be undone, ever (RDP level 2). */
    IRREVERSIBLE;

    public RiskClass max(RiskClass other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
