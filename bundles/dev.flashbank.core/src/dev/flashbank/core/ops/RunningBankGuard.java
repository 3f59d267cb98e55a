package dev.flashbank.core.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.device.SwitchScheme.LinkRule;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.core.target.TargetException;

/**
 * The check every writing operation ({@link ProgramOperation}, {@link EraseOperation}; and through them the bank
 * browser and launches) makes before its first write, against seed problem A (issue 4): on a dual-bank F76x/F77x
 * whose banks are remapped (SYSCFG_MEMRMP.SWP_FB = 1, RM0410 SYSCFG memory remap register) an address - and HAL's
 * bank names - mean one physical bank NOW and the other after the next reset, which clears SWP_FB. A write that lands in the
 * RUNNING physical bank replaces the code the core executes; an erase or write of the bank the next reset STARTS
 * decides whether the part boots at all. Both are refused while the remap is active, naming both banks, what the
 * address means now and after a reset, and the Flashbank command that does what the user most likely wanted.
 * <p>
 * The facts come from {@link BankSurvey} (running bank from the halted PC or SWP_FB, boot bank from BOOT_ADDx /
 * MEM_BOOT / nDBOOT) and {@link FlashGeometry} (the window mapping); nothing is redefined here. Without a remap the
 * guard is silent: addresses mean the same bank before and after a reset, which is ordinary programming.
 * <p>
 * On other families the same holds whenever the mapping changes at the next reset (H7: a SWAP_BANK_OPT written but
 * not yet latched into SWAP_BANK): the family's {@link dev.flashbank.core.family.BootState} says so and names the bits.
 * <p>
 * While the banks are swapped NOW and stay swapped over a reset (BFB2 + FB_MODE on L4/G4, nSWAP_BANK on G0, a latched
 * SWAP_BANK on H7), addresses are unambiguous, but bank NUMBERS are not: FLASH_CR.BKER and MER1/MER2 select the
 * PHYSICAL bank, so "bank 2 = the upper half" - the reading of wolfBoot PR #821 and stlink #1456, which derive BKER
 * from the address - names the RUNNING bank. An erase by bank or sector number, or a program into a chosen physical
 * bank, that lands in the running bank alone is therefore refused too, naming the bank at each address and the number of the one that is not running (a mass
 * erase, which names both banks, is not ambiguous and is left alone).
 * <p>
 * Exception: a program addressed to a physical bank chosen explicitly ({@link Addressing#CHOSEN_PHYSICAL_BANK},
 * {@code program --physical-bank N}) is refused only when that bank is the running one - naming the bank is exactly
 * how the user removes the ambiguity.
 */
public final class RunningBankGuard {

    private RunningBankGuard() {
    }

    /** How the user named the place that is written. */
    public enum Addressing {
        /** By CPU address (program, erase of a range): which physical bank it is depends on SWP_FB. */
        ADDRESS,
        /** By physical bank or sector number (erase of a bank, of sectors, mass erase), as FLASH_CR names them. */
        PHYSICAL_NUMBER,
        /** An image placed into a physical bank the user chose explicitly, whatever the mapping. */
        CHOSEN_PHYSICAL_BANK
    }

    /**
     * One planned write or erase.
     *
     * @param erase true for an erase-only operation (the sectors end up blank), false for programming
     * @param addressing how the user named the place
     * @param sectors the PHYSICAL sectors the operation would erase or program (sectors it skips are not listed)
     * @param image for a program: the image's source (for the suggested commands)
     * @param linkAddress for a program: the lowest address the image is linked for (before any translation)
     */
    public record Write(boolean erase, Addressing addressing, List<Sector> sectors, Optional<String> image,
            OptionalLong linkAddress) {

        public Write {
            sectors = List.copyOf(sectors);
        }

        public static Write erase(Addressing addressing, List<Sector> sectors) {
            return new Write(true, addressing, sectors, Optional.empty(), OptionalLong.empty());
        }

        public static Write program(Addressing addressing, List<Sector> sectors, String image, long linkAddress) {
            return new Write(false, addressing, sectors, Optional.of(image), OptionalLong.of(linkAddress));
        }
    }

    /**
     * A write the guard refuses (or that an expert let through, then logged in the operation's result).
     *
     * @param operation the operation's name
     * @param runningBank the physical bank the firmware runs from (survey)
     * @param runningEvidence why
     * @param bootBank the physical bank the next reset starts (0: none)
     * @param bootReason why
     * @param banksHit the running/boot banks the write lands in
     * @param sectors the physical sectors in those banks that would be written
     * @param explanation plain words: both banks, what the address means now and after a reset, the consequence
     * @param fixes the Flashbank commands that do what the user most likely wanted
     */
    public record Hazard(String operation, int runningBank, String runningEvidence, int bootBank, String bootReason,
            List<Integer> banksHit, List<Sector> sectors, String explanation, List<String> fixes) {

        public Hazard {
            banksHit = List.copyOf(banksHit);
            sectors = List.copyOf(sectors);
            fixes = List.copyOf(fixes);
        }

        /** The refusal: nothing has been written when it is thrown. */
        public OperationRefusedException refusal() {
            return new OperationRefusedException(operation, explanation, fixes, null);
        }

        public Map<String, Object> data() {
            return Data.of("runningBank", runningBank, "bootBank", bootBank, "banksHit", banksHit, "sectors",
                    sectors.stream().map(Sector::number).toList(), "explanation", explanation);
        }
    }

    /**
     * Checks {@code write} on the target behind {@code ctx}. Reads only: the bank mode and whether the mapping changes
     * at the next reset (F7 SWP_FB), and - only then - the bank survey (vector tables, boot options, the PC of a halted
     * core).
     */
    public static Optional<Hazard> check(OperationContext ctx, String operation, Write write) throws TargetException {
        if (write.sectors().isEmpty() || ctx.geometry().mode() != BankMode.DUAL
                || ctx.driver().bankSwapping().isEmpty()) {
            return Optional.empty();
        }
        if (!ctx.driver().bankSwapping().get().mappingChangesAtReset()
                && !(oneBankByNumber(write) && ctx.driver().banksSwapped())) {
            return Optional.empty();
        }
        return assess(BankSurvey.examine(ctx), ctx.geometry(), operation, write);
    }

    /** Checks {@code write} against a survey already made (the bank browser's snapshot); touches no target. */
    public static Optional<Hazard> assess(BankSurvey survey, FlashGeometry g, String operation, Write write) {
        if (!survey.dualBank() || g.mode() != BankMode.DUAL) {
            return Optional.empty();
        }
        // a stable swap guards only bank numbers that name the running bank (class comment)
        boolean byNumberWhileSwapped = !survey.boot().mappingChangesAtReset();
        if (byNumberWhileSwapped && !(survey.banksSwapped() && oneBankByNumber(write))) {
            return Optional.empty();
        }
        int running = survey.runningBank();
        int boot = survey.bootBank();
        List<Integer> hit = new ArrayList<>();
        for (Sector s : write.sectors()) {
            boolean guarded = s.bank() == running || (!byNumberWhileSwapped && s.bank() == boot
                    && write.addressing() != Addressing.CHOSEN_PHYSICAL_BANK);
            if (guarded && !hit.contains(s.bank())) {
                hit.add(s.bank());
            }
        }
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        hit.sort(Integer::compare);
        List<Sector> inHit = write.sectors().stream().filter(s -> hit.contains(s.bank())).toList();
        String text = explanation(survey, g, write, hit, inHit);
        return Optional.of(new Hazard(operation, running, survey.runningEvidence(), boot, survey.bootReason(), hit,
                inHit, text, fixes(survey, g, write, hit)));
    }

    /**
     * An erase or write named by physical bank or sector numbers, or into a chosen physical bank, within ONE bank (not
     * a mass erase).
     */
    private static boolean oneBankByNumber(Write write) {
        return write.addressing() != Addressing.ADDRESS
                && write.sectors().stream().map(Sector::bank).distinct().count() == 1;
    }

    private static String explanation(BankSurvey survey, FlashGeometry g, Write write, List<Integer> hit,
            List<Sector> sectors) {
        int running = survey.runningBank();
        int boot = survey.bootBank();
        boolean nowSwapped = survey.banksSwapped();
        boolean afterSwapped = survey.boot().swappedAfterReset();
        int first = nowSwapped ? 2 : 1; // the bank at the first slot now
        StringBuilder b = new StringBuilder();
        b.append(String.format("%s (physical bank %d at %s, physical bank %d at %s) and %s. ", survey.boot().mappingNow(),
                first, hex(g.windowAddress(first, 0, nowSwapped, g.linkWindow())), 3 - first,
                hex(g.windowAddress(3 - first, 0, nowSwapped, g.linkWindow())), survey.boot().mappingAtReset()));
        String verb = write.erase() ? "erase" : "write";
        for (int bank : hit) {
            List<Sector> here = sectors.stream().filter(s -> s.bank() == bank)
                    .sorted(java.util.Comparator.comparingLong(Sector::offset)).toList();
            AddressRange now = span(g, here, nowSwapped);
            if (write.addressing() == Addressing.ADDRESS) {
                int bankAfter = g.physicalBankAt(now.start(), afterSwapped).orElseThrow().bank();
                b.append(String.format("This %s of %s lands in PHYSICAL bank %d (%s) now; after a reset %s is "
                        + "physical bank %d%s. ", verb, now, bank, ProtectionModel.names(here, g.eraseUnit()),
                        hex(now.start()),
                        bankAfter, role(bankAfter, running, boot).map(r -> " - " + r).orElse("")));
            } else {
                b.append(String.format("This %s hits PHYSICAL bank %d (%s), visible now at %s and at %s after a "
                        + "reset. ", verb, bank, ProtectionModel.names(here, g.eraseUnit()), now,
                        hex(span(g, here, afterSwapped)
                                .start())));
            }
            b.append(String.format("Physical bank %d is %s.", bank, role(bank, running, boot).orElseThrow()));
            if (bank == running && nowSwapped && write.addressing() != Addressing.ADDRESS) {
                b.append(String.format(" Bank numbers are PHYSICAL (the controller's bank select, whatever %s maps):"
                        + " the bank at %s is physical bank %d - taking the bank number from the address erases the"
                        + " RUNNING bank while the banks are swapped.", survey.boot().mappingBit(),
                        hex(g.windowAddress(3 - bank, 0, nowSwapped, g.linkWindow())), 3 - bank));
            }
            if (bank == running) {
                b.append(write.erase() ? " Erasing it removes the code the core is executing"
                        : " Writing it replaces the code the core is executing");
                if (running != boot && boot != 0) {
                    b.append(String.format(", and the next reset starts physical bank %d, not what is written here",
                            boot));
                }
                b.append(". ");
            } else {
                b.append(write.erase() ? " Erased, it leaves the next reset nothing to start: the part does not boot. "
                        : " What is written here is what the next reset starts, at the address it has after the "
                                + "reset. ");
            }
        }
        // the seed-A signature: the bank the address means after a reset was erased, the one it means now was not
        if (!write.erase() && write.addressing() == Addressing.ADDRESS && write.linkAddress().isPresent()) {
            g.physicalBankAt(write.linkAddress().getAsLong(), afterSwapped).ifPresent(after -> {
                int nowBank = g.physicalBankAt(write.linkAddress().getAsLong(), nowSwapped).orElseThrow().bank();
                if (after.bank() != nowBank && survey.bank(after.bank()).state() == BankSurvey.BankState.EMPTY
                        && survey.bank(nowBank).state() != BankSurvey.BankState.EMPTY) {
                    b.append(String.format("Physical bank %d is erased: if it was erased for this image (HAL's "
                            + "FLASH_BANK_%d, `flashbank erase --bank %d`), the image belongs THERE, not at %s now. ",
                            after.bank(), after.bank(), after.bank(), hex(write.linkAddress().getAsLong())));
                }
            });
        }
        b.append("Running: physical bank ").append(running).append(" (").append(survey.runningEvidence())
                .append("); next reset starts: ").append(boot == 0 ? "no flash bank" : "physical bank " + boot)
                .append(" (").append(survey.bootReason()).append(").");
        return b.toString();
    }

    private static Optional<String> role(int bank, int running, int boot) {
        List<String> r = new ArrayList<>();
        if (bank == running) {
            r.add("the RUNNING bank");
        }
        if (bank == boot) {
            r.add("the bank the next reset STARTS");
        }
        return r.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", r));
    }

    private static List<String> fixes(BankSurvey survey, FlashGeometry g, Write write, List<Integer> hit) {
        int running = survey.runningBank();
        int inactive = 3 - running;
        int boot = survey.bootBank();
        String noSwitch = boot == inactive ? " --no-switch" : "";
        boolean afterSwapped = survey.boot().swappedAfterReset();
        String bit = survey.boot().mappingBit();
        // the schemes whose commands the fixes name: images for the first slot, images for their own bank's address
        Optional<SwitchScheme> firstSlot = survey.boot().schemes().stream()
                .filter(s -> s.linkRule() == LinkRule.FIRST_SLOT).findFirst();
        Optional<SwitchScheme> own = survey.boot().schemes().stream()
                .filter(s -> s.linkRule() == LinkRule.OWN_BANK_ADDRESS).findFirst();
        List<String> f = new ArrayList<>();
        if (!write.erase() && write.image().isPresent()) {
            String image = write.image().get();
            long link = write.linkAddress().orElse(g.windowAddress(1, 0, false, g.linkWindow()));
            int slot = g.physicalBankAt(link, afterSwapped).map(bo -> bo.bank()).orElse(1);
            boolean firstSlotImage = g.physicalBankAt(link, false).map(bo -> bo.bank()).orElse(1) == 1;
            if (firstSlotImage && firstSlot.isPresent()) {
                f.add(String.format("to update the bank that is not running: flashbank bank-update --scheme %s%s "
                        + "%s (erases and programs physical bank %d where it is mapped now, verifies; the running "
                        + "bank is not touched)", firstSlot.get().id(), noSwitch, image, inactive));
            } else if (!firstSlotImage && own.isPresent()) {
                f.add(String.format("the image is linked for %s (its bank's own address, %s scheme): reset "
                        + "the part so that %s = %d, then flashbank bank-update --scheme %s %s", hex(link),
                        own.get().name(), bit, afterSwapped ? 1 : 0, own.get().id(), image));
            }
            if (slot != running) {
                f.add(String.format("to put the image into physical bank %d, the bank at %s after a reset, whatever "
                        + "%s says now: flashbank program --physical-bank %d %s", slot,
                        hex(g.windowAddress(slot, 0, afterSwapped, g.linkWindow())), bit, slot, image));
            }
            f.add("only if the core is halted and overwriting the running firmware is what you mean: flashbank "
                    + "program --allow-running-bank " + image + " (expert override, logged)");
        } else {
            if (hit.contains(boot) && boot != running && firstSlot.isPresent()) {
                f.add(String.format("to replace the image the next reset starts (physical bank %d): flashbank "
                        + "bank-update --scheme %s%s IMAGE (erases only the %s the image needs, programs "
                        + "and verifies; the running bank is not touched)", boot, firstSlot.get().id(), noSwitch,
                        g.eraseUnit().plural()));
            }
            if (hit.contains(running) && survey.banksSwapped() && write.addressing() == Addressing.PHYSICAL_NUMBER) {
                f.add(String.format("to erase the bank that is not running, mapped at %s now: flashbank erase --bank %d"
                        + " (or %s %d:N)", hex(g.windowAddress(inactive, 0, true, g.linkWindow())), inactive,
                        g.eraseUnit().cliOption(), inactive));
            }
            if (hit.contains(running)) {
                f.add(boot != 0 && boot != running
                        ? String.format("to erase physical bank %d, reset the part first: %s becomes %d, "
                                + "physical bank %d starts and bank %d is no longer running", running, bit,
                                afterSwapped ? 1 : 0, boot, running)
                        : String.format("to erase physical bank %d, first make the part run from physical bank %d "
                                + "(your firmware's bank switch, then a reset)", running, inactive));
            }
            f.add("only if this is what you mean: repeat with --allow-running-bank (expert override, logged)");
        }
        return f;
    }

    /** The line an operation's summary ends with when the guard was overridden (empty otherwise). */
    static String overrideNote(Optional<Hazard> overridden) {
        return overridden.map(h -> "\nWARNING: running-bank guard OVERRIDDEN at the user's request "
                + "(allow running bank): " + h.explanation()).orElse("");
    }

    /** The link-window range of {@code sectors} under {@code swapped}; they are one bank's, lowest first. */
    private static AddressRange span(FlashGeometry g, List<Sector> sectors, boolean swapped) {
        AddressRange first = g.sectorRange(sectors.get(0), swapped, g.linkWindow());
        AddressRange last = g.sectorRange(sectors.get(sectors.size() - 1), swapped, g.linkWindow());
        return new AddressRange(first.start(), last.end() - first.start());
    }

    private static String hex(long a) {
        return Data.hex(a);
    }
}
