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
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.ops.BankSurvey;

/**
 * What the bank browser shows about one target, read in one job: the bank mapping now (from the driver), the survey
 * where the family has one (running / boot bank and why), the sector states, the protected sectors (from the option
 * bytes, via the family's ProtectionModel), an image summary per bank and, on dual-bank parts, the comparison of the
 * two physical banks.
 *
 * @param survey the running/boot analysis; empty where the core cannot survey the family yet (it reads F7 registers)
 * @param swapped the banks are swapped now ({@code FlashDriver.banksSwapped()}): slot 1 shows physical bank 2
 */
public record BankSnapshot(String targetName, FlashGeometry geometry, Optional<BankSurvey> survey, boolean swapped,
        Map<Sector, SectorState> states, Set<Sector> writeProtected, Set<Sector> pcrop,
        Map<Integer, ImageSummary> summaries, Optional<BankComparison> comparison) {

    public BankSnapshot {
        states = Map.copyOf(states);
        writeProtected = Set.copyOf(writeProtected);
        pcrop = Set.copyOf(pcrop);
        summaries = Map.copyOf(summaries);
    }

    public boolean swpFb() {
        return swapped;
    }

    /** Where physical bank {@code bank} is visible now in {@code window} (the geometry's slot mapping). */
    public AddressRange mapped(int bank, FlashWindow window) {
        return geometry.bankRange(bank, swapped, window);
    }

    /** Where physical bank {@code bank} is visible now in the window images are linked for. */
    public AddressRange mapped(int bank) {
        return mapped(bank, geometry.linkWindow());
    }

    /** True when the survey says {@code bank} runs now (false when there is no survey). */
    public boolean running(int bank) {
        return survey.map(s -> s.runningBank() == bank).orElse(false);
    }

    /** "Physical bank 2 · 1024 KiB · mapped at 0x08000000 (AXIM) / 0x00200000 (ITCM) · RUNNING · boots next". */
    public String bankLabel(int bank) {
        StringBuilder b = new StringBuilder();
        b.append(geometry.bankCount() == 1 ? "Single bank" : "Physical bank " + bank);
        b.append(String.format(" \u00B7 %d KiB \u00B7 mapped at ", geometry.bank(bank).size() / 1024));
        b.append(String.join(" / ", geometry.windows().stream()
                .map(w -> String.format("0x%08X (%s)", mapped(bank, w).start(), w.name())).toList()));
        survey.ifPresent(s -> {
            if (s.runningBank() == bank) {
                b.append(" \u00B7 RUNNING");
            }
            if (s.bootBank() == bank) {
                b.append(" \u00B7 BOOTS NEXT");
            }
        });
        return b.toString();
    }

    /** The lines above the strips: mode, mapping, running bank and evidence, next boot and why. */
    public List<String> headline() {
        FlashWindow link = geometry.linkWindow();
        boolean dual = geometry.bankCount() == 2;
        if (survey.isEmpty()) {
            String map = dual ? String.format("banks %s: physical bank %d is at %s, physical bank %d at %s",
                    swapped ? "swapped" : "not swapped", swapped ? 2 : 1, hex(link.base()), swapped ? 1 : 2,
                    hex(mapped(swapped ? 1 : 2).start())) : "one bank at " + hex(link.base());
            return List.of(targetName + " \u2014 " + (dual ? "dual-bank" : "single-bank") + "; " + map,
                    "Running bank and next boot: not surveyed (this part's family offers no bank swapping to "
                            + "read them from)");
        }
        BankSurvey survey = this.survey.get();
        String mode = survey.dualBank() ? "dual-bank mode" : "single-bank mode";
        String map;
        if (survey.dualBank()) {
            int first = geometry.physicalBankAt(link.base(), swapped).orElseThrow().bank();
            map = String.format("%s = %d: physical bank %d is at %s, physical bank %d at %s",
                    survey.boot().mappingBit(), swapped ? 1 : 0, first, hex(link.base()), 3 - first, hex(mapped(3 - first).start()));
        } else {
            map = "one bank at " + String.join(" and ", geometry.windows().stream()
                    .map(w -> hex(w.base()) + " (" + w.name() + ")").toList());
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
