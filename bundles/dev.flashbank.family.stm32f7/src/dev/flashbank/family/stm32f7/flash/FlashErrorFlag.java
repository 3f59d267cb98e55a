package dev.flashbank.family.stm32f7.flash;

import java.util.EnumSet;
import java.util.Set;

import dev.flashbank.family.stm32f7.Stm32F7Registers;

/**
 * The FLASH_SR error flags of the STM32F7 flash interface (RM0410 FLASH_SR; CMSIS cmsis_device_f7 masks), named as in
 * the reference manual. The bit positions are NOT restated here: {@link #decode} looks each flag up by its field name
 * in the register model ({@link Stm32F7Registers#sr()}), so a line without a flag (RDERR exists on F72x/F73x only)
 * simply never reports it.
 */
public enum FlashErrorFlag {
    /** Listed first: the most specific cause wins when several flags are set (see {@link #primary}). */
    WRPERR(Stm32F7Registers.WRPERR, "write protection error",
            "the operation touched a write-protected (nWRP = 0) or PCROP sector, a mass/bank erase met such a sector, "
                    + "or read protection (RDP level 1) refused a debugger erase"),
    PGPERR(Stm32F7Registers.PGPERR, "programming parallelism error",
            "the size of the programming write differs from FLASH_CR.PSIZE"),
    PGAERR(Stm32F7Registers.PGAERR, "programming alignment error",
            "a programming write crossed a programming row (row width UNCONFIRMED: 128 bit in RM0090 for F4)"),
    ERSERR(Stm32F7Registers.ERSERR, "erase/programming sequence error",
            "flash was written while FLASH_CR.PG = 0, or MER and SER were set together (PGSERR on F2/F4)"),
    RDERR(Stm32F7Registers.RDERR, "PCROP read error",
            "a data read hit a PCROP (execute-only) sector (F72x/F73x)"),
    OPERR(Stm32F7Registers.OPERR, "operation error",
            "the flash interface reported a failed operation (set together with another flag when ERRIE = 1)");

    private final String fieldName;
    private final String title;
    private final String meaning;

    FlashErrorFlag(String fieldName, String title, String meaning) {
        this.fieldName = fieldName;
        this.title = title;
        this.meaning = meaning;
    }

    /** FLASH_SR field name in the register model (e.g. "WRPERR"). */
    public String fieldName() {
        return fieldName;
    }

    /** Short title, e.g. "write protection error". */
    public String title() {
        return title;
    }

    /** What sets the flag. */
    public String meaning() {
        return meaning;
    }

    /** The flag whose field name is {@code fieldName} (e.g. the model parameter pcropMassEraseFlag). */
    public static FlashErrorFlag byFieldName(String fieldName) {
        for (FlashErrorFlag f : values()) {
            if (f.fieldName.equals(fieldName)) {
                return f;
            }
        }
        throw new IllegalArgumentException("not a FLASH_SR error flag: " + fieldName);
    }

    /** The error flags set in a FLASH_SR value, using the bit positions of {@code regs}. */
    public static Set<FlashErrorFlag> decode(int sr, Stm32F7Registers regs) {
        EnumSet<FlashErrorFlag> set = EnumSet.noneOf(FlashErrorFlag.class);
        for (FlashErrorFlag f : values()) {
            regs.sr().findField(f.fieldName).filter(fl -> fl.isSet(sr)).ifPresent(fl -> set.add(f));
        }
        return set;
    }

    /** The most specific flag of a non-empty set (enum order). */
    public static FlashErrorFlag primary(Set<FlashErrorFlag> flags) {
        for (FlashErrorFlag f : values()) {
            if (flags.contains(f)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no flag set");
    }
}
