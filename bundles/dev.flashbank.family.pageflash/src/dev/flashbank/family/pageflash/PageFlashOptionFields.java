package dev.flashbank.family.pageflash;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.Polarity;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.ValueSyntax;
import dev.flashbank.family.pageflash.PageFlashLine.Series;

/**
 * The user options of a page-flash line as {@link OptionField}s (RM0440 §3.4.1 "Option bytes description", RM0351
 * §3.4.1, RM0432 §3.4.1, RM0444 §3.4.1; registers §3.7.8 ff.): bit positions taken from {@link PageFlashRegisters}
 * (never restated), polarity, an explanation and human text for every value. Every field names the FLASH register an
 * option change programs (OPTR, PCROPxySR/ER, WRPxyR, SECxR); the value read there is the one loaded at the last OBL.
 * <p>
 * Write protection and PCROP are page / granule RANGES (start, end inclusive; start above end = no area), counted
 * from the start of the PHYSICAL bank whatever FB_MODE or nSWAP_BANK maps where. Every field belongs to one
 * {@link Group} ({@link #groupOf(String)}), a box of the Option Bytes editor.
 */
public final class PageFlashOptionFields {

    private PageFlashOptionFields() {
    }

    /** The boxes of the Option Bytes editor, in display order. */
    public enum Group {
        READ_PROTECTION("Read protection"),
        WRITE_PROTECTION("Write protection \u2014 page ranges"),
        PCROP("PCROP (execute-only) areas"),
        SECURABLE_AREA("Securable area and boot lock"),
        BOOT("Boot"),
        BANKS("Bank mode and bank swap"),
        BROWN_OUT("Brown-out reset"),
        WATCHDOGS("Watchdogs"),
        RESET("Reset behaviour"),
        SRAM("SRAM"),
        IO("I/O");

        private final String title;

        Group(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** The group of an option field name of this family. */
    public static Group groupOf(String fieldName) {
        if (fieldName.startsWith("WRP")) {
            return Group.WRITE_PROTECTION;
        }
        if (fieldName.startsWith("PCROP")) {
            return Group.PCROP;
        }
        if (fieldName.startsWith("SEC_SIZE")) {
            return Group.SECURABLE_AREA;
        }
        return switch (fieldName) {
            case RDP -> Group.READ_PROTECTION;
            case BOOT_LOCK -> Group.SECURABLE_AREA;
            case NBOOT1, NBOOT0, NSWBOOT0, NBOOT_SEL -> Group.BOOT;
            case BFB2, DBANK, DB1M, DUALBANK, DUAL_BANK, NSWAP_BANK -> Group.BANKS;
            case BOR_LEV, BOR_EN, BORR_LEV, BORF_LEV -> Group.BROWN_OUT;
            case IWDG_SW, IWDG_STOP, IWDG_STDBY, WWDG_SW -> Group.WATCHDOGS;
            case NRST_STOP, NRST_STDBY, NRST_SHDW, NRST_MODE, IRHEN -> Group.RESET;
            case SRAM_PE, SRAM2_PE, SRAM2_RST, CCMSRAM_RST, RAM_PARITY_CHECK -> Group.SRAM;
            case PB4_PUPEN -> Group.IO;
            default -> throw new IllegalArgumentException("not a page-flash option field: " + fieldName);
        };
    }

    /** BOR_LEV codes of L4/L4+/G4 (RM0440 §3.4.1): 0..4, higher codes reserved. */
    private static final List<String> BOR_LEVELS = List.of("~1.7 V", "~2.0 V", "~2.2 V", "~2.5 V", "~2.8 V");
    /** G0 BORR_LEV / BORF_LEV codes (RM0444 §3.4.1). */
    private static final List<String> BOR_RISING = List.of("~2.1 V", "~2.3 V", "~2.6 V", "~2.9 V");
    private static final List<String> BOR_FALLING = List.of("~2.0 V", "~2.2 V", "~2.5 V", "~2.8 V");

    /** The option fields of a variant in a bank mode, in register order. */
    public static List<OptionField> of(PageFlashLine line, int flashSizeKiB, BankMode mode) {
        PageFlashRegisters regs = PageFlashRegisters.of(line);
        FlashGeometry g = PageFlashGeometry.of(line, flashSizeKiB, mode);
        List<OptionField> list = new ArrayList<>();
        for (Register r : regs.optionRegisters()) {
            for (Field f : r.fields()) {
                list.add(r.name().equals(OPTR) ? optrField(line, flashSizeKiB, mode, r, f) : areaField(line, g, r, f));
            }
        }
        return List.copyOf(list);
    }

    // ------------------------------------------------------------------------------------------------ OPTR

    private static OptionField optrField(PageFlashLine line, int flashSizeKiB, BankMode mode, Register optr, Field f) {
        Series s = line.series();
        String n = f.name();
        Optional<String> bankOption = PageFlashGeometry.bankModeOption(line, flashSizeKiB);
        return switch (n) {
            case RDP -> new OptionField(RDP, optr.name(), f, Polarity.ENCODED,
                    "Readout protection. 0xAA = level 0 (factory). 0xCC = level 2: debug, boot from RAM and system"
                            + " memory disabled and options frozen, PERMANENTLY. Any other value = level 1: while a"
                            + " debugger is connected or the part boots from RAM/system memory, flash reads and writes"
                            + " give a bus error. Level 1 -> 0 mass-erases the flash during the option change ("
                            + "PCROP areas kept when PCROP_RDP = 0); raising the level erases nothing. In force after"
                            + " the next option load (OBL_LAUNCH or power-on reset).",
                    RdpLevel::text, RdpLevel.syntax());
            case BOR_LEV -> enumerated(optr, f, "Brown-out reset threshold: the part is held in reset while VDD is below"
                    + " it; a level above the board's supply keeps the part in reset.", "LEVEL_", BOR_LEVELS);
            case BOR_EN -> bit(optr, f, Polarity.ACTIVE_HIGH, "Brown-out reset enable: 1 = reset at the BORF_LEV/BORR_LEV"
                    + " thresholds, 0 = power-on/power-down reset only.", "BOR off (POR/PDR only)",
                    "BOR on at BORR_LEV / BORF_LEV");
            case BORR_LEV -> enumerated(optr, f, "BOR rising threshold (reset released above it; with BOR_EN = 1).",
                    "RISING_", BOR_RISING);
            case BORF_LEV -> enumerated(optr, f, "BOR falling threshold (reset entered below it; with BOR_EN = 1).",
                    "FALLING_", BOR_FALLING);
            case NRST_STOP -> bit(optr, f, Polarity.ACTIVE_LOW, "Reset generated when entering Stop mode (active low).",
                    "reset generated when entering Stop mode", "no reset when entering Stop mode");
            case NRST_STDBY -> bit(optr, f, Polarity.ACTIVE_LOW, "Reset generated when entering Standby mode (active"
                    + " low).", "reset generated when entering Standby mode", "no reset when entering Standby mode");
            case NRST_SHDW -> bit(optr, f, Polarity.ACTIVE_LOW, "Reset generated when entering Shutdown mode (active"
                    + " low).", "reset generated when entering Shutdown mode", "no reset when entering Shutdown mode");
            case IWDG_SW -> bit(optr, f, Polarity.ACTIVE_HIGH, "Independent watchdog selection. A hardware IWDG starts at"
                    + " every reset and must be refreshed; freeze it while the core is halted with"
                    + " DBG_IWDG_STOP.", "hardware IWDG: started at every reset", "software IWDG: started by firmware");
            case IWDG_STOP -> bit(optr, f, Polarity.ACTIVE_LOW, "IWDG counter in Stop mode (0 = frozen).",
                    "IWDG frozen in Stop mode", "IWDG running in Stop mode");
            case IWDG_STDBY -> bit(optr, f, Polarity.ACTIVE_LOW, "IWDG counter in Standby mode (0 = frozen).",
                    "IWDG frozen in Standby mode", "IWDG running in Standby mode");
            case WWDG_SW -> bit(optr, f, Polarity.ACTIVE_HIGH, "Window watchdog selection.",
                    "hardware window watchdog: started at every reset", "software window watchdog: started by firmware");
            case BFB2 -> bit(optr, f, Polarity.ACTIVE_HIGH, "Dual-bank boot. With the boot pins/options selecting main"
                    + " flash, BFB2 = 1 starts the ROM bootloader, which checks the initial stack pointer of bank 2,"
                    + " then bank 1, maps the first valid bank at 0x0800_0000 (SYSCFG_MEMRMP.FB_MODE) and jumps to it."
                    + " Address 0 stays system memory: the application must set VTOR. Only in dual-bank mode."
                    + " In force after the next option load.",
                    "boot bank 1 (no bootloader detour)", "dual-bank boot: bank 2 first if its stack pointer is valid");
            case DBANK, DB1M, DUALBANK, DUAL_BANK -> bankModeField(line, optr, f, bankOption, mode);
            case NSWAP_BANK -> bit(optr, f, Polarity.ACTIVE_LOW, "Bank swap (active low). nSWAP_BANK = 0 maps PHYSICAL"
                    + " bank 2 at 0x0800_0000 and bank 1 above it from the next option load (OBL_LAUNCH resets the"
                    + " part at once); page erase BKER and the WRP/PCROP registers still name PHYSICAL banks."
                    + " Only in dual-bank mode.", "banks swapped: bank 2 at 0x0800_0000",
                    "banks not swapped: bank 1 at 0x0800_0000");
            case PB4_PUPEN -> bit(optr, f, Polarity.ACTIVE_HIGH, "PB4 pull-up at reset.", "PB4 pull-up disabled",
                    "PB4 pull-up enabled");
            case NBOOT1 -> bit(optr, f, Polarity.ENCODED, "Boot configuration with BOOT0 = 1: 1 = system memory"
                    + " (bootloader), 0 = " + (s == Series.G0 ? "SRAM." : "SRAM1."), "boot from SRAM when BOOT0 = 1",
                    "boot from system memory when BOOT0 = 1");
            case NSWBOOT0 -> bit(optr, f, Polarity.ENCODED, "Software BOOT0: 1 = BOOT0 taken from the BOOT0 pin, 0 ="
                    + " from the nBOOT0 option.", "BOOT0 taken from nBOOT0", "BOOT0 taken from the BOOT0 pin");
            case NBOOT_SEL -> bit(optr, f, Polarity.ENCODED, "BOOT0 source: 1 = the nBOOT0 option, 0 = the PA14-BOOT0"
                    + " pin (the sense is the opposite of L4/G4's nSWBOOT0).", "BOOT0 taken from the PA14-BOOT0 pin",
                    "BOOT0 taken from nBOOT0");
            case NBOOT0 -> bit(optr, f, Polarity.ACTIVE_LOW, "nBOOT0 (used as BOOT0 when the software BOOT0 is"
                    + " selected): nBOOT0 = 1 means BOOT0 = 0, boot from main flash.", "BOOT0 = 1 (system memory or"
                    + " SRAM by nBOOT1)", "BOOT0 = 0 (main flash)");
            case SRAM_PE, SRAM2_PE -> bit(optr, f, Polarity.ACTIVE_LOW, (n.equals(SRAM_PE) ? "SRAM1 and CCM SRAM" :
                    "SRAM2") + " parity check (active low).", "parity check enabled", "parity check disabled");
            case RAM_PARITY_CHECK -> bit(optr, f, Polarity.ACTIVE_LOW, "SRAM parity check (active low).",
                    "parity check enabled", "parity check disabled");
            case SRAM2_RST, CCMSRAM_RST -> bit(optr, f, Polarity.ACTIVE_LOW, (n.equals(SRAM2_RST) ? "SRAM2" : "CCM SRAM")
                    + " erase on system reset (active low).", "erased on every system reset", "not erased on system"
                    + " reset");
            case NRST_MODE -> {
                Map<String, Integer> names = new LinkedHashMap<>();
                names.put("RESET_INPUT", 0b01);
                names.put("GPIO", 0b10);
                names.put("BIDIRECTIONAL", 0b11);
                yield new OptionField(n, optr.name(), f, Polarity.ENCODED, "NRST pin mode. GPIO makes the pin a normal"
                        + " I/O: a debugger can then no longer reset the part through NRST (connect under reset"
                        + " impossible).", v -> ValueSyntax.binary(v, 2) + " = " + switch (v) {
                            case 0b01 -> "reset input only";
                            case 0b10 -> "GPIO (no reset pin)";
                            case 0b11 -> "bidirectional reset (input and output)";
                            default -> "reserved";
                        }, ValueSyntax.enumerated(names));
            }
            case IRHEN -> bit(optr, f, Polarity.ENCODED, "Internal reset holder: keeps an internal reset pulse on NRST"
                    + " until the pin reads low (RM0440 §6.1.2; the G0 HAL defines the opposite encoding -"
                    + " UNCONFIRMED there).", "internal reset holder disabled", "internal reset holder enabled");
            default -> throw new IllegalStateException("OPTR field without an option text: " + n);
        };
    }

    private static OptionField bankModeField(PageFlashLine line, Register optr, Field f, Optional<String> bankOption,
            BankMode mode) {
        String n = f.name();
        boolean selects = bankOption.isPresent() && bankOption.get().equals(n);
        int dualPage = line.dualBankPageSize() / 1024;
        int singlePage = line.singleBankPageSize() / 1024;
        String layout = dualPage == singlePage ? "" : " (dual: " + dualPage + " KiB pages; single: " + singlePage
                + " KiB pages)";
        String text = selects
                ? "Bank mode: 1 = two banks" + layout + ", 0 = one bank. In force after the next option load; the flash"
                        + " contents are re-interpreted and must be erased and programmed again (run the change from"
                        + " RAM or the bootloader, WRP areas cleared first)."
                : "Bank-mode bit of other variants of this line; no effect on this flash size (which runs in "
                        + mode.toString().toLowerCase(java.util.Locale.ROOT) + "-bank mode by this bit's sibling or"
                        + " always).";
        return bit(optr, f, Polarity.ACTIVE_HIGH, text, selects ? "single bank" + (layout.isEmpty() ? "" : ", "
                + singlePage + " KiB pages") : "0 (no effect at this flash size)", selects ? "dual bank"
                        + (layout.isEmpty() ? "" : ", " + dualPage + " KiB pages") : "1 (no effect at this flash size)");
    }

    // ------------------------------------------------------------------------------------------------ areas

    private static OptionField areaField(PageFlashLine line, FlashGeometry g, Register r, Field f) {
        String n = f.name();
        if (n.equals(PCROP_RDP)) {
            return bit(r, f, Polarity.ACTIVE_HIGH, "What an RDP level 1 -> 0 regression does to the PCROP areas: 1 ="
                    + " full mass erase, PCROP areas included; 0 = partial mass erase that keeps the pages holding"
                    + " PCROP code. With no PCROP area the whole flash is erased either way.",
                    "PCROP areas kept by an RDP regression", "PCROP areas erased by an RDP regression");
        }
        if (n.equals(BOOT_LOCK)) {
            return bit(r, f, Polarity.ACTIVE_HIGH, "Boot lock: 1 forces the boot from the main flash (boot pins, nBOOT0"
                    + " and BFB2 ignored; effect on bank-swap changes UNCONFIRMED).", "boot as the boot configuration"
                    + " says", "boot forced from main flash");
        }
        int bank = bankOf(r, f);
        int pages = g.bankCount() >= bank ? g.bank(bank).sectors().size() : 0;
        String bankText = bankText(line, g, bank);
        if (n.startsWith("SEC_SIZE")) {
            int b = bank;
            return new OptionField(n, r.name(), f, Polarity.ENCODED, "Securable area: the first pages of " + bankText
                    + "; once firmware sets CR.SEC_PROT" + (line.series() == Series.G0 ? (b == 2 ? "2" : "") : String
                            .valueOf(b)) + " they can be neither read, programmed nor erased until the next reset."
                            + " 0 = no securable area.",
                    v -> v == 0 ? "0 = no securable area" : v + " = pages 0-" + (v - 1) + " of " + bankText
                            + (v > pages ? " (more than the " + pages + " pages there)" : ""));
        }
        if (n.startsWith("WRP")) {
            boolean start = n.endsWith("_STRT");
            return new OptionField(n, r.name(), f, Polarity.ENCODED, (start ? "First" : "Last (inclusive)")
                    + " write-protected page of area " + n.substring(3, 5) + " in " + bankText + ". Start above end ="
                    + " no area. Protected pages cannot be programmed or erased (WRPERR), and a bank or mass erase"
                    + " of a bank holding an area is refused. In force after the next option load.",
                    v -> v + " = page " + v + " of " + bankText + (v >= pages ? " (beyond the last page " + (pages - 1)
                            + ")" : ""));
        }
        // PCROP start / end
        boolean start = n.endsWith("_STRT");
        int granule = pcropGranule(line, g.mode());
        return new OptionField(n, r.name(), f, Polarity.ENCODED, (start ? "First" : "Last (inclusive)") + " "
                + granule + "-byte unit of the PCROP (execute-only) area " + n.substring(5, n.indexOf('_')) + " in "
                + bankText + ", as bank offset / " + granule + ". Start above end = no area. PCROP code can only be"
                + " executed: data reads give RDERR, programming and erasing WRPERR; an area is removed only by an"
                + " RDP level 1 -> 0 regression with PCROP_RDP = 1.",
                v -> String.format("0x%X = bank offset 0x%06X", v, (long) v * granule + (start ? 0 : granule - 1)));
    }

    /** The bank an area field belongs to: SEC_SIZE2 -> 2, SEC_SIZE -> 1, else the digit of its register (WRP2AR). */
    private static int bankOf(Register r, Field f) {
        String n = f.name();
        if (n.startsWith("SEC_SIZE")) {
            return n.endsWith("2") ? 2 : 1;
        }
        return r.name().chars().filter(Character::isDigit).map(c -> c - '0').findFirst().orElseThrow();
    }

    /** PCROP granule in bytes: 512 on G0, 8 (one double word) in dual-bank mode and on L4, 16 single bank on G4/L4+. */
    public static int pcropGranule(PageFlashLine line, BankMode mode) {
        return switch (line.series()) {
            case G0 -> 512;
            case L4 -> 8;
            default -> mode == BankMode.DUAL ? 8 : 16;
        };
    }

    private static String bankText(PageFlashLine line, FlashGeometry g, int bank) {
        if (g.bankCount() == 2) {
            return "PHYSICAL bank " + bank;
        }
        if (bank == 1) {
            return "the flash (single bank)";
        }
        // single-bank G4 category 3 and L4+: the bank-2 registers cover pages counted from 0x0800_0000 as well
        return line.series() == Series.G4 || line.series() == Series.L4_PLUS ? "the flash (single bank; this area"
                + " applies too)" : "bank 2 (unused in single-bank mode)";
    }

    private static OptionField bit(Register reg, Field f, Polarity polarity, String explanation, String text0,
            String text1) {
        return new OptionField(f.name(), reg.name(), f, polarity, explanation, v -> v == 0 ? "0 = " + text0 : "1 = "
                + text1);
    }

    private static OptionField enumerated(Register reg, Field f, String explanation, String prefix,
            List<String> levels) {
        Map<String, Integer> names = new LinkedHashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            names.put(prefix + i, i);
        }
        return new OptionField(f.name(), reg.name(), f, Polarity.ENCODED, explanation,
                v -> ValueSyntax.binary(v, f.width()) + " = " + (v < levels.size() ? prefix + v + " (" + levels.get(v)
                        + ")" : "reserved"), ValueSyntax.enumerated(names));
    }
}
