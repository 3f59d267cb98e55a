package dev.flashbank.family.stm32h7.flash;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import dev.flashbank.core.device.Register;

/**
 * The error flags of an STM32H7 FLASH_SRx (RM0433 §4.9.5, "FLASH status register for bank 1/2"), with what sets each
 * one in words a user can act on. Bit positions are NOT restated: {@link #decode} looks every flag up by its field
 * name in the register model, so a line without a flag (OPERR is absent on H7A/B) never reports it.
 */
public enum H7StatusFlag {
    /** Listed first: the most specific cause wins when several flags are set (see {@link #primary}). */
    WRPERR("write protection error",
            "a program or erase touched a write-protected sector (WPSN bit = 0), or a bank/mass erase met one"),
    DBECCERR("ECC double error",
            "a read met a flash word whose ECC cannot correct it (a word programmed twice, or torn by a power loss "
                    + "during program/erase); only an erase of its sector repairs it"),
    PGSERR("programming sequence error",
            "flash was written while FLASH_CR.PG = 0 (the data was dropped), or incompatible bits were set together"),
    STRBERR("strobe error", "the same byte of the write buffer was written twice before the flash word was complete"),
    INCERR("inconsistency error",
            "a write went to another flash word before the one in the write buffer was complete"),
    OPERR("operation error", "the flash reported a failed program or erase"),
    RDPERR("read protection error",
            "a read touched a PCROP area or RDP-protected flash (also seen spuriously on H74x/H75x, when the "
                    + "Cortex-M7 speculates into protected areas)"),
    RDSERR("secure error", "a read touched a secure-only area (SCAR) from outside secure access mode"),
    SNECCERR("ECC single error (corrected)",
            "a read met a flash word with one wrong bit; the data was corrected, the word should be rewritten after "
                    + "an erase"),
    CRCRDERR("CRC read error", "the CRC engine met a PCROP or secure-only word; its result does not cover it");

    private final String title;
    private final String meaning;

    H7StatusFlag(String title, String meaning) {
        this.title = title;
        this.meaning = meaning;
    }

    /** FLASH_SRx field name in the register model (CMSIS name without the bank digit, e.g. "WRPERR"). */
    public String fieldName() {
        return name();
    }

    public String title() {
        return title;
    }

    public String meaning() {
        return meaning;
    }

    /** True for the flags a read (not the operation itself) raises: ECC and protection reads. */
    public boolean raisedByReads() {
        return this == RDPERR || this == RDSERR || this == SNECCERR || this == DBECCERR || this == CRCRDERR;
    }

    /** The error flags set in a FLASH_SRx value, with the bit positions of {@code sr}. */
    public static Set<H7StatusFlag> decode(int srValue, Register sr) {
        EnumSet<H7StatusFlag> set = EnumSet.noneOf(H7StatusFlag.class);
        for (H7StatusFlag f : values()) {
            sr.findField(f.fieldName()).filter(fl -> fl.isSet(srValue)).ifPresent(fl -> set.add(f));
        }
        return set;
    }

    /** The mask of every error flag {@code sr} has. */
    public static int mask(Register sr) {
        int m = 0;
        for (H7StatusFlag f : values()) {
            m |= sr.findField(f.fieldName()).map(fl -> fl.mask()).orElse(0);
        }
        return m;
    }

    /** The most specific flag of a non-empty set (enum order). */
    public static H7StatusFlag primary(Set<H7StatusFlag> flags) {
        for (H7StatusFlag f : values()) {
            if (flags.contains(f)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no flag set");
    }

    /** "WRPERR|PGSERR" for messages. */
    public static String list(Set<H7StatusFlag> flags) {
        return flags.stream().map(H7StatusFlag::name).collect(Collectors.joining("|"));
    }
}
