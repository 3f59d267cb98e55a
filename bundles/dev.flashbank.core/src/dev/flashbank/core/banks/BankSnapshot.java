package dev.flashbank.core.banks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.MemoryRegion;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.ops.BankSurvey;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.target.TargetException;

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

    /**
     * Reads what the bank browser shows through {@code ctx}: the survey where the family has bank swapping (other
     * families show banks, mapping, contents and comparison without it), the protection from the family's model, and -
     * below RDP level 1, where the flash is readable - every sector's state, an image summary per bank and the
     * comparison of the two physical banks. After it, {@code reader} holds both banks.
     */
    public static BankSnapshot read(String targetName, OperationContext ctx, CachedBankReader reader,
            FlashProgress progress) throws TargetException {
        FlashDriver driver = ctx.driver();
        FlashGeometry g = ctx.geometry();
        Optional<BankSurvey> survey = driver.bankSwapping().isPresent() ? Optional.of(BankSurvey.examine(ctx))
                : Optional.empty();
        boolean swapped = survey.isPresent() ? survey.get().banksSwapped() : driver.banksSwapped();
        RdpLevel rdp = survey.isPresent() ? survey.get().options().rdpLevel() : driver.readOptions().rdpLevel();
        // the part's family decides what is protected (F7 nWRP/PCROP, H7 WPSN/PRAR)
        ProtectionModel protection = driver.protectionModel();
        Map<Sector, SectorState> states = new HashMap<>();
        Map<Integer, ImageSummary> summaries = new HashMap<>();
        Optional<BankComparison> comparison = Optional.empty();
        if (rdp == RdpLevel.LEVEL_0) {
            progress.begin("Reading", g.sectors().size());
            for (Sector s : g.sectors()) {
                states.put(s, reader.scan(s));
                progress.worked(1);
            }
            List<AddressRange> ram = driver.descriptor().memoryRegions(driver.flashSizeKiB()).stream()
                    .filter(m -> m.kind() == MemoryRegion.Kind.RAM).map(MemoryRegion::range).toList();
            for (Bank b : g.banks()) {
                summaries.put(b.number(), ImageSummary.of(reader.readBank(b.number()), g, ram));
            }
            if (g.bankCount() == 2) {
                comparison = Optional.of(BankComparison.of("physical bank 1", reader.readBank(1), "physical bank 2",
                        reader.readBank(2)));
            }
        }
        return new BankSnapshot(targetName, g, survey, swapped, states, Set.copyOf(protection.writeProtectedSectors()),
                Set.copyOf(protection.pcropSectors()), summaries, comparison);
    }

    public boolean swpFb() {
        return swapped;
    }

    /** The sector behind {@code address} (a CPU/debug address in any window) under the mapping of this snapshot. */
    public Optional<Sector> sectorAt(long address) {
        return geometry.sectorAt(address, swapped);
    }

    /**
     * Where a sector chosen on {@code before} is on this snapshot: the same sector when this layout has it, else the
     * sector of this layout at the address the chosen one started at in {@code before}'s link window - after a
     * bank-mode change (F7 nDBANK: 12 sectors of up to 256 KiB become 2 x 12 of up to 128 KiB, RM0410 §3.3.1) the
     * old sector no longer exists, and the user's place in the flash is what the choice meant. Empty when nothing of
     * this layout is at that address.
     */
    public Optional<Sector> carriedOver(Sector chosen, BankSnapshot before) {
        if (geometry.sectors().contains(chosen)) {
            return Optional.of(chosen);
        }
        if (before == null || !before.geometry.sectors().contains(chosen)) {
            return Optional.empty();
        }
        return sectorAt(before.geometry.sectorRange(chosen, before.swapped, before.geometry.linkWindow()).start());
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
            // the family's own words for the mapping in force: its bit may be active low (G0 nSWAP_BANK = 0 swaps)
            map = String.format("%s: physical bank %d is at %s, physical bank %d at %s",
                    survey.boot().mappingLabel().replace("=", " = "), first, hex(link.base()), 3 - first,
                    hex(mapped(3 - first).start()));
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
