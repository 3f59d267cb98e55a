package dev.flashbank.core.family;

/** Stable identifiers of doctor findings, for the UI, the CLI's exit code and tests. */
public enum FindingCode {
    /** Could not talk to the target (power, wiring, probe). */
    CONNECTION_FAILED,
    /** The debug port does not answer: RDP level 2, or no debug access. */
    DEBUG_PORT_LOCKED,
    /** DEV_ID / flash size not in the model. */
    UNKNOWN_DEVICE,
    /** Part, revision, flash size, UID, supply. */
    PART,
    /** Single or dual bank and the sector layout. */
    BANK_MODE,
    /** Which physical bank is visible where (AXIM and ITCM) under SWP_FB. */
    BANK_MAPPING,
    /** SWP_FB is set now but is volatile (reset to 0). */
    SWP_FB_VOLATILE,
    /**
     * With SWP_FB = 1 a bank erase by name hits the other bank than the one at 0x0800_0000 (AN4826: erase selects the
     * physical bank).
     */
    SWAPPED_BANK_ERASE,
    /** What starts with BOOT0 = 0 (BOOT_ADD0). */
    BOOT_BOOT0_LOW,
    /** What starts with BOOT0 = 1 (BOOT_ADD1). */
    BOOT_BOOT0_HIGH,
    /** Which BOOT_ADDx the last reset used (SYSCFG_MEMRMP.MEM_BOOT) and hence which one the next will use. */
    BOOT_NEXT,
    /** A boot image's reset handler points into another bank than the one it boots from (link address). */
    LINK_ADDRESS_MISMATCH,
    /** RDP level. */
    RDP,
    /** RDP 0xFF and BOOT_ADDx = 0xFFFF: an option write lost power inside OPTSTRT; `flashbank recover` applies. */
    INTERRUPTED_OPTION_WRITE,
    /** Flash reads fault: RDP level 1 with a debugger. */
    FLASH_READ_BLOCKED,
    /** nWRP = 0 sectors (or none). */
    WRITE_PROTECTION,
    /** PCROP sectors (or none; F72x). */
    PCROP,
    /** A bank whose vector table is erased while it holds data: an interrupted update or erase. */
    HALF_WRITTEN_BANK,
    /** Error flags left in FLASH_SR by an earlier operation. */
    STALE_ERROR_FLAGS,
    /** A bank-mapping option change waits for the next reset (H7: OPTSR_CUR.SWAP_BANK_OPT differs from OPTCR.SWAP_BANK). */
    BANK_SWAP_PENDING,
    /** The last option-byte change was refused by the part (H7: OPTSR_CUR.OPTCHANGEERR). */
    OPTION_CHANGE_ERROR,
    /** An ECC error (single: corrected, double: reads fault) recorded by the flash interface, with the failing word. */
    ECC_ERROR,
    /** Secure-only areas (or none; H7 SCAR). */
    SECURE_AREA,
    /** FLASH_SR.BSY is set: an operation is running. */
    FLASH_BUSY,
    /** Would a mass erase succeed. */
    MASS_ERASE,
    /** Would a bank erase succeed (one per physical bank). */
    BANK_ERASE,
    /** Would erasing a requested address range succeed. */
    RANGE_ERASE,
    /** Unconfirmed model parameters the answers rely on. */
    ASSUMPTIONS
}
