package dev.flashbank.core.flash;

/** The likely cause of a failed flash operation, decided from the SR flags and the option bytes at the time. */
public enum FailureCause {
    /**
     * A sector in the operation's scope has nWRP = 0 (RM0410 FLASH_OPTCR nWRP; RM0090: "a mass erase cannot be
     * performed if one of the sectors is write-protected").
     */
    WRITE_PROTECTED_SECTOR,
    /** A sector in the operation's scope is PCROP protected (F72x, RM0431 FLASH_OPTCR2 PCROP). */
    PCROP_SECTOR,
    /** A sector in the operation's scope holds a secure-only area (H7 SCAR, reachable only in secure access mode). */
    SECURE_AREA,
    /** RDP level 1 blocks debugger access to flash (RM0410, read protection). */
    READ_PROTECTION,
    /** RDP level 2 or otherwise no debug access at all (RM0410, read protection). */
    DEBUG_PORT_LOCKED,
    /** PGAERR: a write crossed a programming row. */
    ALIGNMENT,
    /** PGPERR: write size differs from PSIZE. */
    PARALLELISM_MISMATCH,
    /** ERSERR: wrong register sequence. */
    SEQUENCE,
    /** RDERR: read of a PCROP sector. */
    PCROP_READ,
    /** BSY did not clear within the operation's budget. */
    TIMEOUT,
    /**
     * LOCK/OPTLOCK stayed set after the key sequence (RM0410 FLASH_KEYR/OPTKEYR; a wrong sequence locks until reset,
     * RM0090 for F4).
     */
    LOCKED,
    /** The request itself is impossible for this part / bank mode (address outside flash, no bank 2, ...). */
    INVALID_REQUEST,
    /** The user canceled between work units. */
    CANCELED,
    /** Read-back differs from what was programmed. */
    VERIFY_MISMATCH,
    /** Flags set but no protection explains them. */
    UNKNOWN
}
