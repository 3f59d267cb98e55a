package dev.flashbank.ui.banks;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.flashbank.core.banks.BankComparison;
import dev.flashbank.core.banks.ImageSummary;
import dev.flashbank.core.banks.SectorState;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.stm32f7.Stm32F7Window;
import dev.flashbank.core.ops.BankSurvey;

/**
 * What the bank browser shows about one target, read in one job: the survey (running / boot bank and why, SWP_FB),
 * the sector states, the protected sectors (nWRP / PCROP from the option bytes, via the core's ProtectionAnalysis),
 * an image summary per bank and, on dual-bank parts, the comparison of the two physical banks.
 */
public record BankSnapshot(String targetName, FlashGeometry geometry, BankSurvey survey, Map<Sector, SectorState> states,
        Set<Sector> writeProtected, Set<Sector> pcrop, Map<Integer, ImageSummary> summaries,
        Optional<BankComparison> comparison) {

    public BankSnapshot {
        states = Map.copyOf(states);
        writeProtected = Set.copyOf(writeProtected);
        pcrop = Set.copyOf(pcrop);
        summaries = Map.copyOf(summaries);
    }

    public boolean swpFb() {
        return survey.swpFb();
    }

    /** Where physical bank {@code bank} is visible now in {@code window} (the device model's mapping, §1.7). */
    public AddressRange mapped(int bank, Stm32F7Window window) {
        return geometry.bankRange(bank, survey.swpFb(), window);
    }

    /** "Physical bank 2 · 1024 KiB · mapped at 0x08000000 (AXIM) / 0x00200000 (ITCM) · RUNNING · boots next". */
    public String bankLabel(int bank) {
        StringBuilder b = new StringBuilder();
        b.append(geometry.bankCount() == 1 ? "Single bank" : "Physical bank " + bank);
        b.append(String.format(" \u00B7 %d KiB \u00B7 mapped at 0x%08X (AXIM) / 0x%08X (ITCM)",
                geometry.bank(bank).size() / 1024, mapped(bank, Stm32F7Window.AXIM).start(), mapped(bank, Stm32F7Window.ITCM).start()));
        if (survey.runningBank() == bank) {
            b.append(" \u00B7 RUNNING");
        }
        if (survey.bootBank() == bank) {
            b.append(" \u00B7 BOOTS NEXT");
        }
        return b.toString();
    }

    /** The lines above the strips: mode, SWP_FB, running bank and evidence, next boot and why. */
    public List<String> headline() {
        String mode = survey.dualBank() ? "dual-bank mode (nDBANK = 0)" : "single-bank mode";
        String map;
        if (survey.dualBank()) {
            int first = geometry.physicalBankAt(Stm32F7Window.AXIM.base(), survey.swpFb()).orElseThrow().bank();
            map = String.format("SWP_FB = %d: physical bank %d is at %s, physical bank %d at %s",
                    survey.swpFb() ? 1 : 0, first, hex(Stm32F7Window.AXIM.base()), 3 - first,
                    hex(mapped(3 - first, Stm32F7Window.AXIM).start()));
        } else {
            map = "one bank at " + hex(Stm32F7Window.AXIM.base()) + " (AXIM) and " + hex(Stm32F7Window.ITCM.base()) + " (ITCM)";
        }
        String running = survey.runningBank() == 0 ? "Running: no flash bank (" + survey.runningEvidence() + ")"
                : "Running: physical bank " + survey.runningBank() + " (" + survey.runningEvidence() + ")";
        String boot = survey.bootBank() == 0 ? "Next reset: no flash bank (" + survey.bootReason() + ")"
                : "Next reset boots physical bank " + survey.bootBank() + " (" + survey.bootReason() + ")"
                        + (survey.switchPending() ? " \u2014 SWITCH PENDING" : "");
        return List.of(targetName + " \u2014 " + mode + "; " + map, running, boot);
    }

    private static String hex(long a) {
        return String.format("0x%08X", a);
    }
}
