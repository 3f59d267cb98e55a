package dev.flashbank.family.pageflash.flash;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import dev.flashbank.core.device.Register;
import dev.flashbank.core.flash.FailureCause;

/**
 * The error flags of the page-flash FLASH_SR (RM0351 / RM0440 / RM0444, "FLASH status register"; all write-1-to-clear),
 * each with what sets it and what the user should do, in words a user can act on. Bit positions are NOT restated:
 * {@link #decode} looks every flag up by its field name in the line's register model, so a flag a line lacks is never
 * reported. The enum order is the order of specificity: when one operation raises several flags (PGSERR always comes
 * with PROGERR, SIZERR, PGAERR, MISERR or FASTERR) the first one set is the cause ({@link #primary}).
 */
public enum PageFlashStatusFlag {
    WRPERR("write protection error",
            "the page is inside a WRP area or a PCROP area (or the securable area while SEC_PROT is set), a bank or "
                    + "mass erase met such an area, or an option change was attempted at RDP level 2",
            "remove the write protection (WRPxyR areas) or PCROP area covering it with an option-byte write; "
                    + "see 'flashbank doctor'",
            FailureCause.WRITE_PROTECTED_SECTOR),
    PROGERR("programming error",
            "the double word was not erased: a 64-bit double word carries 8 ECC bits and can be programmed once after "
                    + "an erase (only all zeros may be written over it)",
            "erase the page first (program with erase), or check that no firmware or other tool wrote it meanwhile",
            FailureCause.UNKNOWN),
    SIZERR("size error", "a byte or half-word was written to flash while PG was set: only whole double words program",
            "program whole 64-bit double words as two 32-bit writes (this driver does; another tool or the firmware "
                    + "wrote in between - halt the core and retry)",
            FailureCause.PARALLELISM_MISMATCH),
    PGAERR("programming alignment error",
            "the two words were not one 8-byte aligned double word, or a fast-programming row changed page",
            "program 8-byte aligned double words; another tool or the firmware may be writing the flash - halt the "
                    + "core and retry",
            FailureCause.ALIGNMENT),
    MISERR("fast programming data miss",
            "during fast programming (FSTPG) the next double word of the row did not arrive in time",
            "erase the bank again and program without fast programming (the row is undefined now)",
            FailureCause.SEQUENCE),
    FASTERR("fast programming error",
            "fast programming (FSTPG) was refused: the row was not in a freshly mass-erased area, or another fault",
            "erase the bank again and program without fast programming (the row is undefined now)",
            FailureCause.SEQUENCE),
    PGSERR("programming sequence error",
            "flash was written while PG and FSTPG were 0 (the data was dropped), an erase was started with PG/FSTPG/"
                    + "MERx also set, or an earlier programming error was still pending",
            "another tool or the running firmware may be using the flash: halt the core (connect under reset) and "
                    + "retry",
            FailureCause.SEQUENCE),
    OPERR("operation error", "the flash reported that a program or erase did not complete successfully",
            "erase the page again and retry; if it keeps failing the page may be worn out", FailureCause.UNKNOWN),
    RDERR("PCROP read error", "a data read (debugger, DMA or CPU data access) touched a PCROP (execute-only) area",
            "PCROP areas cannot be read; remove the PCROP area (with RDP regression if PCROP_RDP is set) to read it",
            FailureCause.PCROP_READ),
    OPTVERR("option validity error",
            "the option bytes did not load validly at the last option-byte load (a value/complement mismatch, e.g. an "
                    + "option write cut by a reset or power loss; also set on factory-fresh samples)",
            "write the option bytes again and let them load (OBL_LAUNCH or a power cycle); 'flashbank recover' "
                    + "restores the last backup",
            FailureCause.UNKNOWN);

    private final String title;
    private final String meaning;
    private final String fix;
    private final FailureCause cause;

    PageFlashStatusFlag(String title, String meaning, String fix, FailureCause cause) {
        this.title = title;
        this.meaning = meaning;
        this.fix = fix;
        this.cause = cause;
    }

    /** FLASH_SR field name in the register model (the CMSIS name). */
    public String fieldName() {
        return name();
    }

    /** The reference manual's title of the flag, e.g. "programming error". */
    public String title() {
        return title;
    }

    /** What sets it, for the user. */
    public String meaning() {
        return meaning;
    }

    /** What the user should do about it. */
    public String fix() {
        return fix;
    }

    /** The failure cause this flag stands for. */
    public FailureCause cause() {
        return cause;
    }

    /**
     * True for the flags that are not raised by the operation that just ran: RDERR comes from a data read of a PCROP
     * area, OPTVERR from the last option-byte load. Neither fails a program or erase by itself.
     */
    public boolean raisedElsewhere() {
        return this == RDERR || this == OPTVERR;
    }

    /** The error flags set in a FLASH_SR value, with the bit positions of {@code sr}. */
    public static Set<PageFlashStatusFlag> decode(int srValue, Register sr) {
        EnumSet<PageFlashStatusFlag> set = EnumSet.noneOf(PageFlashStatusFlag.class);
        for (PageFlashStatusFlag f : values()) {
            sr.findField(f.fieldName()).filter(fl -> fl.isSet(srValue)).ifPresent(fl -> set.add(f));
        }
        return set;
    }

    /** The mask of every error flag {@code sr} has. */
    public static int mask(Register sr) {
        int m = 0;
        for (PageFlashStatusFlag f : values()) {
            m |= sr.findField(f.fieldName()).map(fl -> fl.mask()).orElse(0);
        }
        return m;
    }

    /** The most specific flag of a non-empty set (enum order). */
    public static PageFlashStatusFlag primary(Set<PageFlashStatusFlag> flags) {
        for (PageFlashStatusFlag f : values()) {
            if (flags.contains(f)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no flag set");
    }

    /** "PROGERR|PGSERR" for messages. */
    public static String list(Set<PageFlashStatusFlag> flags) {
        return flags.stream().map(PageFlashStatusFlag::name).collect(Collectors.joining("|"));
    }
}
