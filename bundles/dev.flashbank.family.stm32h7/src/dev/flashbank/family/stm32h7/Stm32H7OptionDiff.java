package dev.flashbank.family.stm32h7;

import static dev.flashbank.core.device.OptionField.meaning;
import static dev.flashbank.family.stm32h7.Stm32H7Registers.*;

import java.util.ArrayList;
import java.util.List;

import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.RiskClass;
import dev.flashbank.core.family.OptionImage;

/**
 * The changes between two STM32H7 option images, each with a {@link RiskClass} and a sentence saying what will
 * happen (RM0433 §4.4 option bytes, §4.5 protections), classed as the F7 model classes its options: RDP to level 2
 * IRREVERSIBLE, an RDP 1->0 regression ERASES_FLASH, options acting at the next reset NEEDS_RESET, write protection
 * (in force right after the option change) SAFE.
 */
public final class Stm32H7OptionDiff {

    private Stm32H7OptionDiff() {
    }

    /** The changes from {@code from} to {@code to} over {@code fields} (a variant's option fields). */
    public static List<OptionChange> diff(List<OptionField> fields, OptionImage from, OptionImage to,
            Stm32H7Parameters p) {
        List<OptionChange> changes = new ArrayList<>();
        for (OptionField f : fields) {
            int a = from.get(f);
            int b = to.get(f);
            if (a != b) {
                changes.add(change(f, a, b, from, to, p));
            }
        }
        return List.copyOf(changes);
    }

    /** Highest risk of a list of changes (SAFE for none). */
    public static RiskClass overallRisk(List<OptionChange> changes) {
        return OptionChange.overallRisk(changes);
    }

    private static OptionChange change(OptionField f, int a, int b, OptionImage from, OptionImage to,
            Stm32H7Parameters p) {
        String name = f.name();
        String oldText = f.describe(a);
        String newText = f.describe(b);
        RiskClass risk;
        String why;
        if (name.equals(RDP)) {
            RdpLevel la = RdpLevel.of(a);
            risk = la.changeRisk(RdpLevel.of(b));
            if (risk == RiskClass.IRREVERSIBLE) {
                why = "RDP -> level 2: IRREVERSIBLE, debug disabled forever, boot from RAM/system memory disabled and "
                        + "options frozen";
            } else if (risk == RiskClass.ERASES_FLASH) {
                why = "RDP level 1->0: the part mass-erases the user flash of both banks during the option change"
                        + (p.protectedAreasSurviveRegressionUnlessErased()
                                ? ", except PCROP and secure-only areas whose DMEP/DMES is 0 (they survive)" : "")
                        + (p.rdpRegressionErasesBackupSram() ? "; backup SRAM is erased too (UNCONFIRMED)" : "");
            } else if (risk == RiskClass.NEEDS_RESET) {
                why = "RDP level 0->1: as soon as the change completes a debugger can no longer read flash"
                        + (p.porRequiredAfterLevel1Intrusion() ? "; after a debug access to flash only a power cycle"
                                + " restarts the part" : "")
                        + "; going back to level 0 mass-erases the flash";
            } else {
                why = la.keptText();
            }
        } else if (name.equals(SECURITY) && b == 1) {
            risk = p.securityIrreversible() ? RiskClass.IRREVERSIBLE : RiskClass.NEEDS_RESET;
            why = "SECURITY 0->1: enables the secure access mode (ST secure library, secure-only areas)"
                    + (p.securityIrreversible() ? " - treated as IRREVERSIBLE" : "");
        } else if (name.equals(SWAP_BANK_OPT)) {
            risk = RiskClass.NEEDS_RESET;
            why = "SWAP_BANK_OPT " + a + "->" + b + ": at the next system reset bank " + (b == 1 ? "2" : "1")
                    + " appears at 0x08000000 and the CPU boots its image; nothing moves before that reset";
        } else if (name.equals(BOOT_ADD0) || name.equals(BOOT_ADD1)) {
            risk = RiskClass.NEEDS_RESET;
            why = name + ": the next reset with BOOT0 = " + (name.equals(BOOT_ADD0) ? "0" : "1") + " starts at "
                    + meaning(newText) + "; the image there must be linked for that address";
        } else if (name.startsWith(Stm32H7OptionFields.WRPSN_PREFIX)) {
            risk = RiskClass.SAFE;
            why = meaning(newText) + (b == 0 ? ": programming or erasing there fails with WRPERR, and a bank or mass "
                    + "erase of that bank is refused" : ": can be programmed and erased again");
        } else if (name.startsWith(PROT_AREA_START) || name.startsWith(PROT_AREA_END)
                || name.startsWith(SEC_AREA_START) || name.startsWith(SEC_AREA_END)) {
            boolean pcrop = name.startsWith("PROT");
            String what = pcrop ? "PCROP (execute-only)" : "secure-only";
            if (areaEnabled(from, f, pcrop)) {
                risk = RiskClass.ERASES_FLASH;
                why = name + ": changes an existing " + what + " area; the part removes or shrinks it only with a "
                        + "bank erase with protection removal (" + (pcrop ? "DMEP" : "DMES") + " = 1), which erases "
                        + "the bank";
            } else {
                risk = RiskClass.NEEDS_RESET;
                why = name + " -> " + meaning(newText) + ": once the area is in force, reads of it fail ("
                        + (pcrop ? "RDPERR" : "RDSERR") + ") and removing it later erases the bank";
            }
        } else if (name.equals(BOR_LEV)) {
            risk = RiskClass.NEEDS_RESET;
            why = "BOR threshold -> " + meaning(newText) + "; if the supply is below the new threshold the part stays "
                    + "in reset";
        } else if (name.equals(IWDG1_SW) && b == 0) {
            risk = RiskClass.NEEDS_RESET;
            why = "IWDG1_SW 1->0: the independent watchdog starts at every reset; firmware must refresh it (freeze it "
                    + "while halted with DBGMCU_APB4FZ1.DBG_WDGLSD1)";
        } else if (name.equals(IO_HSLV) && b == 1) {
            risk = RiskClass.NEEDS_RESET;
            why = "IO_HSLV 0->1: only for boards whose VDD is below 2.5 V; at a higher VDD it may damage the I/Os";
        } else if (name.startsWith(DMEP) || name.startsWith(DMES)) {
            risk = RiskClass.SAFE;
            why = name + " " + a + "->" + b + ": " + meaning(newText);
        } else {
            risk = RiskClass.NEEDS_RESET;
            why = name + " " + a + "->" + b + ": " + meaning(newText) + " after the next reset";
        }
        return new OptionChange(name, a, b, oldText, newText, risk, why);
    }

    /**
     * Whether the PCROP/secure area of the register {@code f} lives in is in force in {@code image} (START <= END; the
     * PRAR/SCAR layout is the same on every H7 line and bank).
     */
    private static boolean areaEnabled(OptionImage image, OptionField f, boolean pcrop) {
        int word = image.word(f.register());
        var layout = pcrop ? Stm32H7Registers.of(Stm32H7Line.H74X_H75X).prarPrg(1)
                : Stm32H7Registers.of(Stm32H7Line.H74X_H75X).scarPrg(1);
        return layout.field(pcrop ? PROT_AREA_START : SEC_AREA_START).extract(word)
                <= layout.field(pcrop ? PROT_AREA_END : SEC_AREA_END).extract(word);
    }
}
