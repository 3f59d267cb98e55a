package dev.flashbank.core.device.stm32f7;

import static dev.flashbank.core.device.stm32f7.Stm32F7Registers.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.RiskClass;
import dev.flashbank.core.device.stm32f7.Stm32F7OptionFields.RdpLevel;

/**
 * Lists the changes between two STM32F7 option-byte values with a {@link RiskClass} and a consequence sentence per
 * change (stm32-facts §1.6, §1.9, §1.11, §9). Texts of the old value use the old bank mode, texts of the new value
 * the new one.
 */
public final class Stm32F7OptionDiff {

    private Stm32F7OptionDiff() {
    }

    public static List<OptionChange> diff(OptionBytes from, OptionBytes to, int flashSizeKiB, Stm32F7Parameters p) {
        if (from.line() != to.line()) {
            throw new InvalidOptionValueException("line", "cannot compare " + from.line() + " with " + to.line());
        }
        Stm32F7Line line = from.line();
        List<OptionField> oldFields = Stm32F7OptionFields.of(line, flashSizeKiB, from.bankMode(), p);
        List<OptionField> newFields = Stm32F7OptionFields.of(line, flashSizeKiB, to.bankMode(), p);
        List<OptionChange> changes = new ArrayList<>();
        for (int i = 0; i < oldFields.size(); i++) {
            OptionField of = oldFields.get(i);
            OptionField nf = newFields.get(i);
            int a = from.get(of);
            int b = to.get(nf);
            if (a == b) {
                continue;
            }
            String oldText = of.describe(a);
            String newText = nf.describe(b);
            changes.add(change(of.name(), a, b, oldText, newText, from, to, line, flashSizeKiB, p));
        }
        return List.copyOf(changes);
    }

    /** Highest risk of a list of changes (SAFE for none). */
    public static RiskClass overallRisk(List<OptionChange> changes) {
        return changes.stream().map(OptionChange::risk).reduce(RiskClass.SAFE, RiskClass::max);
    }

    private static OptionChange change(String name, int a, int b, String oldText, String newText, OptionBytes from,
            OptionBytes to, Stm32F7Line line, int flashSizeKiB, Stm32F7Parameters p) {
        RiskClass risk;
        String why;
        if (name.equals(RDP)) {
            RdpLevel la = RdpLevel.of(a);
            RdpLevel lb = RdpLevel.of(b);
            if (lb == RdpLevel.LEVEL_2) {
                risk = RiskClass.IRREVERSIBLE;
                why = "RDP -> level 2: IRREVERSIBLE, debug disabled forever, boot from RAM/system memory disabled and "
                        + "option bytes frozen";
            } else if (la == RdpLevel.LEVEL_1 && lb == RdpLevel.LEVEL_0) {
                risk = RiskClass.ERASES_FLASH;
                why = "RDP level 1->0: mass-erases all user flash before protection is removed (other options keep "
                        + "their values" + (p.rdpRegressionErasesBackupSram() ? "; backup SRAM is erased too (UNCONFIRMED)" : "")
                        + pcropRegression(line, to, p) + ")";
            } else if (la == RdpLevel.LEVEL_0 && lb == RdpLevel.LEVEL_1) {
                risk = RiskClass.NEEDS_RESET;
                why = "RDP level 0->1: after the option reload the debugger can no longer read, program or erase "
                        + "flash; going back to level 0 mass-erases the flash";
            } else {
                risk = RiskClass.SAFE;
                why = "RDP stays at " + la.name().toLowerCase().replace('_', ' ') + " (only the stored byte changes)";
            }
        } else if (name.equals(nDBANK)) {
            risk = RiskClass.ERASES_FLASH;
            why = "nDBANK " + a + "->" + b + ": sector layout changes ("
                    + (b == 0 ? "dual bank, 16/64/128 KiB sectors" : "single bank, 32/128/256 KiB sectors")
                    + "), whole flash must be reprogrammed; takes effect after reset";
        } else if (name.equals(nDBOOT)) {
            risk = RiskClass.NEEDS_RESET;
            why = b == 0 ? "nDBOOT 1->0: dual boot enabled — at the next reset a flash boot address starts the system "
                    + "bootloader, which picks the bank; BOOT_ADDx no longer selects the bank directly"
                    : "nDBOOT 0->1: dual boot disabled — the next reset boots exactly at BOOT_ADDx";
        } else if (name.equals(BOOT_ADD0) || name.equals(BOOT_ADD1)) {
            risk = RiskClass.NEEDS_RESET;
            boolean capable = BootAddress.bootTarget(BootAddress.toAddress(b), line, flashSizeKiB,
                    Optional.of(to.bankMode())).isPresent();
            why = name + ": the next reset with BOOT0 = " + (name.equals(BOOT_ADD0) ? "0" : "1") + " starts at "
                    + newText + (capable ? "" : " — WARNING: not boot-capable, the part will not start")
                    + "; the image there must be linked for that address";
        } else if (name.startsWith(Stm32F7OptionFields.nWRP_PREFIX)) {
            risk = RiskClass.SAFE;
            why = b == 0 ? meaning(newText) + ": programming or erasing there fails with WRPERR, and a mass erase of that bank is refused"
                    : meaning(newText) + ": can be programmed and erased again";
        } else if (name.equals(PCROP_RDP)) {
            risk = RiskClass.SAFE;
            why = "PCROP_RDP " + a + "->" + b + ": " + meaning(newText) + " (polarity UNCONFIRMED)";
        } else if (name.startsWith(Stm32F7OptionFields.PCROP_PREFIX)) {
            if (b == 1) {
                risk = RiskClass.NEEDS_RESET;
                why = meaning(newText) + ": debugger and data reads of it fail (RDERR); removing PCROP later needs "
                        + "an RDP 1->0 regression with PCROP_RDP set, which mass-erases the flash";
            } else {
                risk = RiskClass.ERASES_FLASH;
                why = meaning(newText) + ": PCROP is removed only through an RDP 1->0 regression with PCROP_RDP set, "
                        + "which mass-erases the flash (OpenOCD recipe, §1.11)";
            }
        } else if (name.equals(BOR_LEV)) {
            risk = RiskClass.NEEDS_RESET;
            why = "BOR threshold -> " + meaning(newText) + "; if the supply is below the new threshold the part "
                    + "stays in reset";
        } else if (name.equals(IWDG_SW) && b == 0) {
            risk = RiskClass.NEEDS_RESET;
            why = "IWDG_SW 1->0: the independent watchdog starts at every reset; firmware must refresh it (freeze it "
                    + "while halted with DBGMCU_APB1_FZ.DBG_IWDG_STOP)";
        } else if (name.equals(WWDG_SW) && b == 0) {
            risk = RiskClass.NEEDS_RESET;
            why = "WWDG_SW 1->0: the window watchdog starts at every reset";
        } else {
            risk = RiskClass.NEEDS_RESET;
            why = name + " " + a + "->" + b + ": " + meaning(newText) + " after the next option reload / reset";
        }
        return new OptionChange(name, a, b, oldText, newText, risk, why);
    }

    /** The part of a value text after "value = ", e.g. "0 = sector 3 write-protected" -> "sector 3 write-protected". */
    private static String meaning(String valueText) {
        int i = valueText.indexOf(" = ");
        return i < 0 ? valueText : valueText.substring(i + 3);
    }

    private static String pcropRegression(Stm32F7Line line, OptionBytes to, Stm32F7Parameters p) {
        if (!line.hasPcrop() || to.pcrop() == 0) {
            return "";
        }
        boolean erased = to.pcropRdp() == p.pcropRdpSetMeansErase();
        return erased ? "; PCROP sectors are erased too and PCROP is removed (PCROP_RDP)"
                : "; PCROP sectors survive the regression (PCROP_RDP, UNCONFIRMED)";
    }
}
