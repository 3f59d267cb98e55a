package dev.flashbank.family.stm32f7;

import static dev.flashbank.core.device.OptionField.meaning;
import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.RiskClass;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.RdpLevel;

/**
 * Lists the changes between two STM32F7 option-byte values with a {@link RiskClass} and a consequence sentence per
 * change (RM0410: boot configuration, option bytes programming, read protection). Texts of the old value use the old
 * bank mode, texts of the new value the new one.
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
        return OptionChange.overallRisk(changes);
    }

    private static OptionChange change(String name, int a, int b, String oldText, String newText, OptionBytes from,
            OptionBytes to, Stm32F7Line line, int flashSizeKiB, Stm32F7Parameters p) {
        RiskClass risk;
        String why;
        if (name.equals(RDP)) {
            RdpLevel la = RdpLevel.of(a);
            risk = la.changeRisk(RdpLevel.of(b));
            if (risk == RiskClass.IRREVERSIBLE) {
                why = "RDP -> level 2: IRREVERSIBLE, debug disabled forever, boot from RAM/system memory disabled and "
                        + "option bytes frozen";
            } else if (risk == RiskClass.ERASES_FLASH) {
                why = "RDP level 1->0: the part mass-erases the user flash while the option bytes are programmed, before "
                        + "protection is removed: " + regressionErases(from, to, flashSizeKiB, p) + " (other options keep "
                        + "their values; OTP is kept" + (p.rdpRegressionErasesBackupSram()
                                ? "; backup SRAM is erased too (UNCONFIRMED)" : "") + ")";
            } else if (risk == RiskClass.NEEDS_RESET) {
                why = "RDP level 0->1: after the option reload the debugger can no longer read, program or erase "
                        + "flash; going back to level 0 mass-erases the flash";
            } else {
                why = la.keptText();
            }
        } else if (name.equals(nDBANK)) {
            risk = RiskClass.ERASES_FLASH;
            why = "nDBANK " + a + "->" + b + ": re-lays the whole flash at the next reset ("
                    + (b == 0 ? "dual bank: two banks of 16/64/128 KiB sectors, bank 2 at sectors 12-23"
                            : "single bank: one bank of 32/128/256 KiB sectors")
                    + "): every sector number, sector boundary, bank address and nWRP bit changes meaning, so the "
                    + "current " + (flashSizeKiB) + " KiB of content (both images, in every sector) is unusable and must "
                    + "be erased and reprogrammed in the new layout; the option write itself erases nothing (the "
                    + "simulator keeps every byte at its window offset)";
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
            } else if (isRegression(from, to)) {
                risk = RiskClass.ERASES_FLASH;
                why = meaning(newText) + (pcropErasedByRegression(to, p)
                        ? ": removed by this RDP 1->0 regression, which erases the sector with the rest of the flash"
                        : ": removed; the sector survives this RDP 1->0 regression's mass erase (PCROP_RDP)");
            } else {
                // treated as erasing: on silicon PCROP is removed only through an RDP 1->0 regression with PCROP_RDP
                // set (OpenOCD recipe; F72x wording UNCONFIRMED, OpenOCD src/flash/nor/stm32f2x.c optcr2_write); the
                // simulator clears the bit directly
                risk = RiskClass.ERASES_FLASH;
                why = meaning(newText) + ": on the part, PCROP is removed only through an RDP 1->0 regression with "
                        + "PCROP_RDP set, which mass-erases the flash (UNCONFIRMED for F72x, so treated as erasing); "
                        + "the simulated part clears the bit directly and keeps the sector's content";
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

    private static boolean isRegression(OptionBytes from, OptionBytes to) {
        return from.rdpLevel() == RdpLevel.LEVEL_1 && to.rdpLevel() == RdpLevel.LEVEL_0;
    }

    /**
     * Whether a 1->0 regression to {@code to} erases the PCROP sectors: the NEW PCROP_RDP decides (RM0431, read
     * protection).
     */
    private static boolean pcropErasedByRegression(OptionBytes to, Stm32F7Parameters p) {
        return to.line().hasPcrop() && to.pcropRdp() == p.pcropRdpSetMeansErase();
    }

    /**
     * Exactly what an RDP 1->0 regression erases: every sector of the layout in effect (the bank mode of
     * {@code from}) except, on F72x/F73x, the sectors PCROP protects now when the new PCROP_RDP keeps them (RM0431,
     * read protection).
     */
    static String regressionErases(OptionBytes from, OptionBytes to, int flashSizeKiB, Stm32F7Parameters p) {
        FlashGeometry g = Stm32F7Geometry.of(from.line(), flashSizeKiB, from.bankMode(), p);
        boolean pcropErased = pcropErasedByRegression(to, p);
        List<Sector> kept = g.sectors().stream()
                .filter(s -> !pcropErased && s.bank() == 1 && from.isPcropProtected(s.number())).toList();
        StringBuilder b = new StringBuilder();
        for (Bank bank : g.banks()) {
            List<Sector> erased = bank.sectors().stream().filter(s -> !kept.contains(s)).toList();
            if (erased.isEmpty()) {
                continue;
            }
            b.append(b.length() == 0 ? "" : " and ").append(g.bankCount() > 1 ? "bank " + bank.number() + " " : "")
                    .append(sectorList(erased));
        }
        long erasedKiB = (g.totalSize() - kept.stream().mapToLong(Sector::size).sum()) / 1024;
        b.append(" (").append(erasedKiB).append(" KiB").append(kept.isEmpty() && flashSizeKiB == erasedKiB
                ? ", all user flash" : "").append(")");
        if (!kept.isEmpty()) {
            b.append("; the PCROP sectors survive, keeping their content and PCROP: ").append(sectorList(kept))
                    .append(" (PCROP_RDP, UNCONFIRMED)");
        } else if (from.line().hasPcrop() && from.pcrop() != 0) {
            b.append("; the PCROP sectors are erased too and PCROP is removed (PCROP_RDP)");
        }
        return b.toString();
    }

    /** "sectors 0-11", "sector 3", "sectors 0, 2, 5-7". */
    private static String sectorList(List<Sector> sectors) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < sectors.size()) {
            int j = i;
            while (j + 1 < sectors.size() && sectors.get(j + 1).number() == sectors.get(j).number() + 1) {
                j++;
            }
            parts.add(i == j ? String.valueOf(sectors.get(i).number())
                    : sectors.get(i).number() + "-" + sectors.get(j).number());
            i = j + 1;
        }
        return (sectors.size() == 1 ? "sector " : "sectors ") + String.join(", ", parts);
    }
}
