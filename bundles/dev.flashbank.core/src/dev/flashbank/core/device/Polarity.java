package dev.flashbank.core.device;

/** How an option bit's stored value relates to the feature it controls. */
public enum Polarity {
    /** 0 = feature active (nWRP: 0 = sector write-protected; nDBANK: 0 = dual bank). */
    ACTIVE_LOW,
    /** 1 = feature active (PCROP: 1 = sector execute-only). */
    ACTIVE_HIGH,
    /** A multi-bit code whose values each mean something (RDP, BOR_LEV, BOOT_ADDx). */
    ENCODED
}
