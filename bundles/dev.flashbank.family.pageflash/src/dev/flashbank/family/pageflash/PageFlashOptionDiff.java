package dev.flashbank.family.pageflash;

import static dev.flashbank.core.device.OptionField.meaning;
import static dev.flashbank.family.pageflash.PageFlashRegisters.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.RiskClass;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.family.pageflash.PageFlashLine.Series;

/**
 * The changes between two page-flash option images, each with a {@link RiskClass} and a sentence saying what will
 * happen (RM0440 §3.4 option bytes, §3.5 protections; RM0351, RM0432, RM0444 the same sections). On this controller
 * NOTHING an OPTSTRT programs is in force before the next option load (OBL_LAUNCH, which resets the part, or a
 * power-on reset), so every change is at least NEEDS_RESET; RDP to level 2 is IRREVERSIBLE; an RDP 1 -> 0 regression,
 * a bank-mode change (the flash is re-organised) and changing an existing PCROP area ERASE FLASH.
 */
public final class PageFlashOptionDiff {

    private PageFlashOptionDiff() {
    }

    /** The changes from {@code from} to {@code to} over {@code fields} (a variant's option fields). */
    public static List<OptionChange> diff(PageFlashLine line, int flashSizeKiB, List<OptionField> fields,
            OptionImage from, OptionImage to, PageFlashParameters p) {
        List<OptionChange> changes = new ArrayList<>();
        for (OptionField f : fields) {
            int a = from.get(f);
            int b = to.get(f);
            if (a != b) {
                changes.add(change(line, flashSizeKiB, f, a, b, from, p));
            }
        }
        return List.copyOf(changes);
    }

    private static final String AT_LOAD = " from the next option load (OBL_LAUNCH resets the part; a power-on reset"
            + " does too)";

    private static OptionChange change(PageFlashLine line, int flashSizeKiB, OptionField f, int a, int b,
            OptionImage from, PageFlashParameters p) {
        String name = f.name();
        String newText = f.describe(b);
        RiskClass risk = RiskClass.NEEDS_RESET;
        String why;
        Optional<String> bankOption = PageFlashGeometry.bankModeOption(line, flashSizeKiB);
        if (name.equals(RDP)) {
            RdpLevel la = RdpLevel.of(a);
            risk = la.changeRisk(RdpLevel.of(b));
            if (risk == RiskClass.IRREVERSIBLE) {
                why = "RDP -> level 2: IRREVERSIBLE, the debug port is disabled forever, boot from RAM/system memory"
                        + " disabled and the options frozen";
            } else if (risk == RiskClass.ERASES_FLASH) {
                why = "RDP level 1 -> 0: the part mass-erases the main flash during the option change (the pages"
                        + " holding PCROP code are kept when PCROP_RDP = 0 and an area is defined), and erases the"
                        + " backup registers and " + sramErasedByRegression(line, p);
            } else if (risk == RiskClass.NEEDS_RESET) {
                why = "RDP level 0 -> 1:" + AT_LOAD + " a debugger can no longer read, program or erase the flash;"
                        + " going back to level 0 mass-erases it (with a debugger attached only a power-on reset"
                        + " applies the level)";
            } else {
                why = la.keptText();
            }
        } else if (bankOption.isPresent() && bankOption.get().equals(name)) {
            risk = RiskClass.ERASES_FLASH;
            why = name + " " + a + " -> " + b + ":" + AT_LOAD + " the flash is organised as " + (b == 1
                    ? "two banks" : "one bank") + " with " + PageFlashGeometry.pageSize(line, b == 1 ? BankMode.DUAL
                            : BankMode.SINGLE) / 1024
                    + " KiB pages: the present contents read back re-interpreted and must be erased and programmed"
                    + " again (run the change from RAM or the bootloader, with every WRP area removed first)";
        } else if (name.equals(DBANK) || name.equals(DB1M) || name.equals(DUALBANK) || name.equals(DUAL_BANK)) {
            risk = RiskClass.SAFE;
            why = name + " " + a + " -> " + b + ": no effect on this flash size";
        } else if (name.equals(BFB2)) {
            why = "BFB2 " + a + " -> " + b + ":" + AT_LOAD + (b == 1
                    ? " the ROM bootloader starts bank 2 when its initial stack pointer lies in SRAM (else bank 1) and"
                            + " maps it at 0x08000000 (FB_MODE = 1); address 0 stays system memory, so the image must"
                            + " set VTOR; boot pins selecting system memory or SRAM still win"
                    : " the part boots bank 1 at 0x08000000 directly (FB_MODE = 0)")
                    + (p.bootLockBlocksSwapChange() ? "; refused while BOOT_LOCK = 1 (UNCONFIRMED)" : "");
        } else if (name.equals(NSWAP_BANK)) {
            why = "nSWAP_BANK " + a + " -> " + b + ":" + AT_LOAD + " physical bank " + (b == 0 ? "2" : "1")
                    + " is at 0x08000000 and the CPU boots its image; BKER and the WRP/PCROP registers keep naming"
                    + " PHYSICAL banks" + (p.bootLockBlocksSwapChange() ? "; refused while BOOT_LOCK = 1 (UNCONFIRMED)"
                            : "");
        } else if (name.startsWith("WRP")) {
            why = name + " -> " + meaning(newText) + ":" + AT_LOAD + " the pages of the area cannot be programmed or"
                    + " erased (WRPERR) and a bank or mass erase of that bank is refused; an area whose start is"
                    + " above its end protects nothing";
        } else if (name.equals(PCROP_RDP)) {
            why = "PCROP_RDP " + a + " -> " + b + ": an RDP level 1 -> 0 regression will " + (b == 1
                    ? "erase the PCROP areas too (full mass erase)" : "keep the pages holding PCROP code")
                    + (line.series() == Series.G0 && b == 0 ? "; on G0 PCROP_RDP can only be set by software and is"
                            + " cleared only by a mass erase" : "");
        } else if (name.startsWith("PCROP")) {
            if (pcropAreaEnabled(from, f)) {
                risk = RiskClass.ERASES_FLASH;
                why = name + ": changes a PCROP area in force; the part removes or shrinks a PCROP area only through"
                        + " an RDP level 1 -> 0 regression with PCROP_RDP = 1, which mass-erases the flash";
            } else {
                why = name + " -> " + meaning(newText) + ":" + AT_LOAD + " that code can only be executed (data reads"
                        + " give RDERR, program/erase WRPERR) and removing the area later mass-erases the flash";
            }
        } else if (name.startsWith("SEC_SIZE")) {
            why = name + " -> " + meaning(newText) + ":" + AT_LOAD + " these pages become unreachable (read,"
                    + " program, erase) once firmware sets SEC_PROT, until the next reset";
        } else if (name.equals(BOOT_LOCK)) {
            why = "BOOT_LOCK " + a + " -> " + b + ":" + AT_LOAD + (b == 1 ? " the part always boots from the main"
                    + " flash (boot pins, nBOOT0 and the bootloader ignored: BFB2 dual-bank boot and recovery through"
                    + " the ROM bootloader are no longer possible)" : " the boot configuration decides again");
        } else if (name.equals(NRST_MODE)) {
            why = "NRST_MODE -> " + meaning(newText) + AT_LOAD + (b == 0b10 ? ": the NRST pin is a GPIO, so a"
                    + " debugger can no longer reset the part through it (no connect under reset)" : "");
        } else if (name.equals(BOR_LEV) || name.equals(BORR_LEV) || name.equals(BORF_LEV) || name.equals(BOR_EN)) {
            why = name + " -> " + meaning(newText) + AT_LOAD + "; if the supply is below the new threshold the part"
                    + " stays in reset";
        } else if (name.equals(IWDG_SW) && b == 0) {
            why = "IWDG_SW 1 -> 0:" + AT_LOAD + " the independent watchdog starts at every reset; firmware must"
                    + " refresh it (freeze it while halted with DBG_IWDG_STOP), and an option change interrupted by"
                    + " it leaves mismatched options";
        } else if (name.equals(NBOOT0) || name.equals(NSWBOOT0) || name.equals(NBOOT1) || name.equals(NBOOT_SEL)) {
            why = name + " " + a + " -> " + b + ":" + AT_LOAD + " " + meaning(newText) + "; a boot configuration that"
                    + " selects system memory or SRAM keeps the part from starting the flash image";
        } else {
            why = name + " " + a + " -> " + b + ": " + meaning(newText) + AT_LOAD;
        }
        return new OptionChange(name, a, b, f.describe(a), newText, risk, why);
    }

    private static String sramErasedByRegression(PageFlashLine line, PageFlashParameters p) {
        return switch (line.series()) {
            case G4 -> p.regressionErasesCcmSram() ? "the CCM SRAM (UNCONFIRMED)" : "nothing else";
            case G0 -> "nothing else";
            default -> "SRAM2";
        };
    }

    /** Whether the PCROP area a start/end field belongs to is in force in {@code image} (start <= end). */
    private static boolean pcropAreaEnabled(OptionImage image, OptionField f) {
        String base = f.name().substring(0, f.name().lastIndexOf('_'));
        Integer start = null;
        Integer end = null;
        for (OptionField g : image.fields(flashSizeOf(image))) {
            if (g.name().equals(base + "_STRT")) {
                start = image.get(g);
            } else if (g.name().equals(base + "_END")) {
                end = image.get(g);
            }
        }
        return start != null && end != null && start <= end;
    }

    private static int flashSizeOf(OptionImage image) {
        return image instanceof PageFlashOptionImage pf ? pf.flashSizeKiB()
                : PageFlashLine.valueOf(image.lineId()).maxFlashSizeKiB();
    }
}
