package dev.flashbank.core.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.doctor.InterruptedOptionWrite;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;

/**
 * Brings a board back after a power loss inside an option write (issue 14 item 8), from its {@link BoardJournal}, on
 * any family:
 * <ul>
 * <li>RDP level 1 left by a cut option write: either the family's interrupted-write signature
 * ({@link InterruptedOptionWrite}; F7: the option sector erased) or - on families whose cut option change leaves the
 * options in force (H7) - the journal's option backup still in force after a journaled RDP 1 -> 0 regression, i.e.
 * the regression did not complete. Then one option write of the journal's option backup with RDP = 0xAA - the RDP
 * 1 -> 0 regression mass-erases the user flash inside it, so it needs the erase confirmation - then a reset (the
 * restored options, bank mode included, are latched), every journaled bank programmed back (body first, vector table
 * last, as a bank update) and verified, the backup's RDP level written again when it was not 0 (not after a cut
 * regression: the level 0 it asked for stays, or the same evidence would remain), and a reset: the bank the
 * backup's boot options name boots, i.e. the image that booted before the cut write.</li>
 * <li>RDP level 0 with options that show, against the journal's request, a write cut after part of them was
 * programmed ({@link InterruptedOptionWrite#signature(OptionImage, OptionImage)}; L4/G4/G0: FLASH_OPTR as requested,
 * later registers loaded as value/complement mismatches - every page write-protected, BOOT_LOCK - with OPTVERR): the
 * request is written again, which erases nothing at level 0, and the journaled banks are verified afterwards.</li>
 * <li>RDP level 0 (e.g. a recover that was itself cut after its regression): journaled banks that are erased or hold
 * no bootable image are erased and programmed back; the option backup is written only when the options start no
 * bootable bank. A bank holding another bootable image than the journal is left alone (listed).</li>
 * <li>A board that boots and whose banks match the journal or hold bootable images: nothing to do, nothing written.
 * </li>
 * </ul>
 * Running it again after any interruption continues from what the board shows: the journal is only read.
 */
public final class RecoverOperation implements TargetOperation<RecoverOperation.Result> {

    /** What the board shows. */
    public enum Situation {
        /**
         * A cut option write: RDP level 1 (the family's signature, or an incomplete journaled regression), or level 0
         * with options the cut write left loaded as mismatches (the family's signature against the journal's request).
         */
        INTERRUPTED_OPTION_WRITE,
        /** RDP level 0 but a journaled bank is missing or not bootable, or the options start no bootable bank. */
        INCOMPLETE_BANKS,
        /** Nothing to recover. */
        HEALTHY
    }

    /**
     * The checked plan.
     *
     * @param situation what the board shows
     * @param evidence why the board is in that situation, in words (e.g. the interrupted-write signature)
     * @param regression the option bytes written first (journal backup with RDP = 0xAA): RDP 1 -> 0 mass erase
     * @param repair the option bytes written first at RDP level 0, erasing nothing: the journal's request again, after
     *            a write cut once part of it was programmed
     * @param restore the journaled banks to program back
     * @param eraseFirst banks among {@code restore} that must be erased first (not erased by the regression)
     * @param finalOptions option bytes written after the banks (the backup), when needed
     * @param intact journaled banks that hold what the journal has: verified again once everything is written
     * @param notes what is kept as it is and why, and what the journal cannot restore
     * @param steps the plan in plain words
     */
    public record Plan(Situation situation, String evidence, Optional<OptionImage> regression,
            Optional<OptionImage> repair, List<BoardJournal.BankImage> restore, List<Integer> eraseFirst,
            Optional<OptionImage> finalOptions, List<Integer> intact, List<String> notes, List<String> steps) {

        public Plan {
            restore = List.copyOf(restore);
            eraseFirst = List.copyOf(eraseFirst);
            intact = List.copyOf(intact);
            notes = List.copyOf(notes);
            steps = List.copyOf(steps);
        }

        public boolean nothingToDo() {
            return regression.isEmpty() && repair.isEmpty() && restore.isEmpty() && finalOptions.isEmpty();
        }

        public boolean erasesAllFlash() {
            return regression.isPresent();
        }

        public String describe() {
            StringBuilder b = new StringBuilder(situationText());
            for (int i = 0; i < steps.size(); i++) {
                b.append(String.format("%n  %d. %s", i + 1, steps.get(i)));
            }
            notes.forEach(n -> b.append("\n  note: ").append(n));
            return b.toString();
        }

        private String situationText() {
            return switch (situation) {
                case INTERRUPTED_OPTION_WRITE -> "The board shows an option write cut by a power loss (" + evidence
                        + "). Plan:";
                case INCOMPLETE_BANKS -> "The board is at RDP level 0 but does not hold everything the journal has. "
                        + "Plan:";
                case HEALTHY -> "Nothing to recover: the board boots and its banks hold what the journal has (or "
                        + "other bootable images). Nothing will be written.";
            };
        }

        public Map<String, Object> data() {
            return Data.of("situation", situation.name(), "nothingToDo", nothingToDo(), "erasesAllFlash",
                    erasesAllFlash(), "restoreBanks", restore.stream().map(BoardJournal.BankImage::bank).toList(),
                    "restoresOptions", finalOptions.isPresent() || regression.isPresent() || repair.isPresent(),
                    "rewritesRequestedOptions", repair.isPresent(), "verifiedBanks", intact, "steps", steps, "notes",
                    notes);
        }
    }

    /** What recover did. */
    public record Result(Plan plan, boolean dryRun, List<Integer> restoredBanks, Optional<BankSurvey> after)
            implements OperationResult {

        public Result {
            restoredBanks = List.copyOf(restoredBanks);
        }

        @Override
        public String summary() {
            if (dryRun || plan.nothingToDo()) {
                return plan.describe() + (dryRun && !plan.nothingToDo() ? "\nDry run: nothing written." : "");
            }
            StringBuilder b = new StringBuilder("Recovered: ");
            b.append(plan.regression().isPresent() ? "RDP regressed to level 0 (flash mass-erased), " : "");
            b.append(plan.repair().isPresent() ? "the option bytes the cut write asked for written again and loaded "
                    + "without a mismatch (nothing erased), " : "");
            b.append(restoredBanks.isEmpty() ? "no bank reprogrammed"
                    : "physical bank(s) " + restoredBanks + " reprogrammed from the journal and verified");
            b.append(plan.intact().isEmpty() ? "" : ", physical bank(s) " + plan.intact()
                    + " verified intact against the journal");
            b.append(plan.finalOptions().isPresent() || plan.regression().isPresent()
                    ? ", option bytes restored from the journal's backup" : "");
            after.ifPresent(s -> b.append(String.format("%nnow: %s", s.summary())));
            plan.notes().forEach(n -> b.append("\nnote: ").append(n));
            return b.toString();
        }

        @Override
        public Map<String, Object> data() {
            return Data.of("dryRun", dryRun, "plan", plan.data(), "restoredBanks", restoredBanks, "after",
                    after.map(BankSurvey::data).orElse(null));
        }
    }

    private final OperationContext ctx;
    private final BoardJournal journal;
    private final Families families;
    private final boolean eraseAllFlashConfirmed;
    private final Consumer<String> notices;
    private final boolean planOnly;

    /**
     * @param ctx the board
     * @param journal its journal (read only)
     * @param families the installed families: the lines the journal's option files are read among (CLI: all of
     *            them)
     * @param eraseAllFlashConfirmed the user confirmed the RDP 1 -> 0 mass erase ({@code --erase-all-flash})
     * @param notices where the "do not remove power" line goes before each option write
     */
    public RecoverOperation(OperationContext ctx, BoardJournal journal, Families families,
            boolean eraseAllFlashConfirmed, Consumer<String> notices) {
        this(ctx, journal, families, eraseAllFlashConfirmed, notices, false);
    }

    private RecoverOperation(OperationContext ctx, BoardJournal journal, Families families,
            boolean eraseAllFlashConfirmed, Consumer<String> notices, boolean planOnly) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.families = Objects.requireNonNull(families, "families");
        this.eraseAllFlashConfirmed = eraseAllFlashConfirmed;
        this.notices = Objects.requireNonNull(notices, "notices");
        this.planOnly = planOnly;
    }

    /** This operation as a dry run: {@link #run} returns the plan and writes nothing ({@code --dry-run}). */
    public RecoverOperation asDryRun() {
        return new RecoverOperation(ctx, journal, families, eraseAllFlashConfirmed, notices, true);
    }

    @Override
    public String name() {
        return "Recover";
    }

    @Override
    public OperationTarget target() {
        return ctx.target();
    }

    /** Reads the board and the journal; writes nothing. */
    public Plan plan() throws OperationException, TargetException {
        OptionImage o = ctx.driver().readOptions();
        if (!journal.exists()) {
            throw new OperationRefusedException(name(), "there is no journal for board " + journal.uid().hex() + " ("
                    + journal.directory() + "): Flashbank keeps one for every board it writes option bytes to, and "
                    + "never wrote options to this one from here (or FLASHBANK_HOME points elsewhere). Without it "
                    + "recover cannot know which images the banks held or which option bytes to restore.",
                    List.of(InterruptedOptionWrite.matches(o)
                            ? "restore by hand: write the options of your own `ob backup` file with RDP = 0xAA (this "
                                    + "mass-erases the flash, `flashbank rdp-regress --erase-all-flash`), reset, and "
                                    + "program your images again"
                            : "nothing is needed if the board works; `flashbank doctor` explains its state"),
                    null);
        }
        if (o.rdpLevel() == RdpLevel.LEVEL_2) {
            throw new OperationRefusedException(name(), "the part is at RDP level 2: its option bytes are frozen and "
                    + "the debugger cannot change anything, by any means.", "");
        }
        Optional<OptionProfile> backup = journal.optionBackup(families);
        return o.rdpLevel() == RdpLevel.LEVEL_1 ? planLevel1(o, backup) : planLevel0(o, backup);
    }

    /**
     * Why level 1 is the trace of a cut option write, or empty when it looks deliberate: the family's signature
     * (F7: the erased option sector), or the journal's backup still in force after a journaled RDP 1 -> 0 regression
     * (families whose cut option change leaves the options in force: the regression did not complete).
     */
    private Optional<String> interruptedBy(OptionImage o, Optional<OptionProfile> backup)
            throws OptionProfileException {
        Optional<String> signature = InterruptedOptionWrite.signature(o);
        if (signature.isPresent()) {
            return signature;
        }
        Optional<OptionProfile> request = journal.optionRequest(families);
        if (backup.isPresent() && backup.get().options().equals(o) && request.isPresent()
                && request.get().lineId().equals(o.lineId())
                && request.get().options().rdpLevel() == RdpLevel.LEVEL_0) {
            return Optional.of(String.format("RDP level 1 with the option bytes saved right before the last option "
                    + "write, an RDP 1 -> 0 regression journaled at %s that did not complete: a cut option change "
                    + "leaves the options in force", request.get().created()));
        }
        return Optional.empty();
    }

    private Plan planLevel1(OptionImage o, Optional<OptionProfile> backup) throws OperationRefusedException,
            OptionProfileException {
        Optional<String> evidence = interruptedBy(o, backup);
        if (evidence.isEmpty()) {
            throw new OperationRefusedException(name(), String.format("the part is at RDP level 1 (RDP = 0x%02X): "
                    + "its option bytes do not show what an interrupted option write leaves on this part, and the "
                    + "journal holds no RDP 1 -> 0 regression that did not complete, so the protection looks "
                    + "deliberate and recover does not remove it.", o.rdp()),
                    "if you mean to remove it: `flashbank rdp-regress --erase-all-flash` (mass-erases the flash)");
        }
        if (backup.isEmpty()) {
            throw new OperationRefusedException(name(), "the journal " + journal.directory() + " has no option "
                    + "backup, so recover does not know which option bytes (bank mode, boot addresses) to restore.",
                    "flashbank ob restore YOUR-BACKUP.fbopt (your own ob backup, with RDP = 0xAA; IDE: Option "
                            + "Bytes editor, Restore), then flashbank program IMAGE for each bank");
        }
        if (!backup.get().lineId().equals(o.lineId())) {
            throw new OperationRefusedException(name(), "the journal's option backup is for "
                    + backup.get().options().lineName() + ", the part is " + o.lineName() + ".", "");
        }
        OptionImage before = backup.get().options();
        OptionImage regression = before.withRdp(RdpLevel.LEVEL0_BYTE);
        List<String> notes = new ArrayList<>();
        List<BoardJournal.BankImage> restore = new ArrayList<>();
        for (BoardJournal.BankImage b : journal.banks()) {
            if (b.mode() != before.bankMode()) {
                notes.add("the journal's " + b.describe() + " belongs to another bank mode than the backup's ("
                        + before.bankMode() + "): not restored");
            } else if (!b.isEmpty()) {
                restore.add(b);
            }
        }
        List<String> steps = new ArrayList<>();
        steps.add(String.format("write the option bytes saved before the cut write (%s) with RDP = 0xAA in one "
                + "option write: RDP 1 -> 0 MASS-ERASES ALL user flash (the images in it are lost unless in the journal), "
                + "then reset so the options (bank mode, boot options) take effect", journal.optionBackupFile()));
        restore.forEach(b -> steps.add("program " + b.describe() + " back from the journal and verify it"));
        Optional<OptionImage> finalOptions = Optional.empty();
        // without the family's signature the evidence is the journaled RDP 1 -> 0 regression itself: the level it
        // asked for is kept (writing the backup's level back would leave the same evidence, and recover again)
        boolean regressionCut = InterruptedOptionWrite.signature(o).isEmpty();
        if (regressionCut) {
            notes.add("the cut write was an RDP 1 -> 0 regression: the board stays at level 0, as it asked");
        } else if (before.rdpLevel() != RdpLevel.LEVEL_0) {
            finalOptions = Optional.of(before);
            steps.add(String.format("write the backup's RDP = 0x%02X again (the board was at that level before)",
                    before.rdp()));
        }
        steps.add("reset: the board boots what the backup's boot options name - the image that booted before the "
                + "cut write");
        return new Plan(Situation.INTERRUPTED_OPTION_WRITE, evidence.get(), Optional.of(regression), Optional.empty(),
                restore, List.of(), finalOptions, List.of(), notes, steps);
    }

    private Plan planLevel0(OptionImage o, Optional<OptionProfile> backup) throws TargetException,
            OptionProfileException {
        FlashDriver driver = ctx.driver();
        FlashGeometry g = ctx.geometry();
        BankSurvey survey = BankSurvey.examine(ctx);
        boolean swpFb = survey.banksSwapped();
        List<String> notes = new ArrayList<>();
        List<BoardJournal.BankImage> restore = new ArrayList<>();
        List<Integer> eraseFirst = new ArrayList<>();
        List<Integer> intact = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        // a write cut after part of the options was programmed: its request again, first (the options it left may
        // write-protect every page, so nothing else could be written before)
        Optional<OptionProfile> request = journal.optionRequest(families);
        Optional<String> cut = request.filter(r -> r.lineId().equals(o.lineId()))
                .flatMap(r -> InterruptedOptionWrite.signature(o, r.options()));
        Optional<OptionImage> repair = cut.map(c -> request.get().options());
        if (repair.isPresent()) {
            steps.add(String.format("write the option bytes the cut write asked for (%s) again: at RDP level 0 this "
                    + "erases nothing; then the option load resets the part and every register loads with a matching "
                    + "complement (OPTVERR clear)", journal.optionRequestFile()));
        }
        for (BoardJournal.BankImage b : journal.banks()) {
            if (b.mode() != g.mode() || b.bank() > g.bankCount()) {
                notes.add("the journal's " + b.describe() + " is for " + b.mode() + "-bank mode, the part is in "
                        + g.mode() + "-bank mode: not restored");
                continue;
            }
            long size = g.bank(b.bank()).size();
            long address = g.windowAddress(b.bank(), 0, swpFb, g.linkWindow());
            BankSurvey.BankInfo info = survey.bank(b.bank());
            if (info.isValid()) {
                // a bootable image is never overwritten; only its start is compared, to say so when it differs
                if (!b.isEmpty() && !driver.verify(address, b.bytes()).ok()) {
                    notes.add("physical bank " + b.bank() + " holds another bootable image than the journal ("
                            + info.explanation() + "): left as it is");
                } else if (!b.isEmpty()) {
                    intact.add(b.bank());
                }
                continue;
            }
            if (b.isEmpty()) {
                continue; // the journal says erased: nothing of the user's is missing there
            }
            // erased, half-written or not an image: read it (erased sectors by their CRC) to know what is there
            byte[] now = BoardJournal.readBank(driver, g.bank(b.bank()), address);
            if (Arrays.equals(now, b.padded(size))) {
                intact.add(b.bank());
                continue;
            }
            boolean erased = BoardJournal.programmedLength(now) == 0;
            restore.add(b);
            if (!erased) {
                eraseFirst.add(b.bank());
                steps.add("erase physical bank " + b.bank() + " (" + info.explanation() + ")");
            }
            steps.add("program " + b.describe() + " back from the journal and verify it");
        }
        int boot = survey.bootBank();
        boolean bootable = boot != 0 && (survey.bank(boot).isValid()
                || restore.stream().anyMatch(b -> b.bank() == boot));
        Optional<OptionImage> finalOptions = Optional.empty();
        if (!bootable) {
            if (backup.isPresent() && !backup.get().options().equals(o) && backup.get().lineId().equals(o.lineId())
                    && backup.get().options().rdpLevel() != RdpLevel.LEVEL_2) {
                finalOptions = Optional.of(backup.get().options());
                steps.add("write the option bytes saved before the last option write (" + journal.optionBackupFile()
                        + "): the options start no bootable bank now (" + survey.bootReason() + ")");
            } else {
                notes.add("the options start no bootable bank (" + survey.bootReason() + ") and the journal has no "
                        + "other option backup: change the boot options with `flashbank swap` or `ob set`");
            }
        }
        if (restore.isEmpty() && finalOptions.isEmpty() && repair.isEmpty()) {
            return new Plan(Situation.HEALTHY, "", Optional.empty(), Optional.empty(), List.of(), List.of(),
                    Optional.empty(), List.of(), notes, List.of());
        }
        if (!intact.isEmpty()) {
            steps.add("verify physical bank(s) " + intact + " against the journal (they hold what it has: nothing is "
                    + "written there)");
        }
        steps.add("reset so that the board boots");
        return new Plan(repair.isPresent() ? Situation.INTERRUPTED_OPTION_WRITE : Situation.INCOMPLETE_BANKS,
                cut.orElse(""), Optional.empty(), repair, restore, eraseFirst, finalOptions, intact, notes, steps);
    }

    /** The plan as a result, writing nothing ({@code --dry-run}). */
    public Result dryRun() throws OperationException, TargetException {
        return new Result(plan(), true, List.of(), Optional.empty());
    }

    @Override
    public Result run(FlashProgress progress) throws OperationException, TargetException {
        if (planOnly) {
            return dryRun();
        }
        progress.begin(name(), 100);
        Plan plan = plan();
        if (plan.nothingToDo()) {
            progress.worked(100);
            return new Result(plan, false, List.of(), Optional.empty());
        }
        if (plan.erasesAllFlash() && !eraseAllFlashConfirmed) {
            throw new OperationRefusedException(name(), "recovering needs the RDP 1 -> 0 regression, which "
                    + "MASS-ERASES all user flash before the journal's images are programmed back.\n" + plan.describe(),
                    "run `flashbank recover --erase-all-flash` to confirm");
        }
        FlashDriver driver = ctx.driver();
        ctx.debugTarget().core().halt(); // nothing runs from the banks while they are rewritten
        if (plan.regression().isPresent()) {
            writeOptions(plan.regression().get(), progress.split(30));
            driver.resetAndReprobe(ResetKind.SYSTEM); // latches level 0 and the backup's bank mode
        }
        if (plan.repair().isPresent()) {
            writeOptions(plan.repair().get(), progress.split(30)); // no erase at level 0; loads the options
        }
        List<Integer> restored = new ArrayList<>();
        FlashGeometry g = ctx.geometry();
        boolean swpFb = driver.banksSwapped();
        for (BoardJournal.BankImage b : plan.restore()) {
            FlashProgress step = Progress.uncancelable(progress.split(50 / Math.max(1, plan.restore().size())));
            if (plan.eraseFirst().contains(b.bank())) {
                driver.eraseBank(b.bank(), FlashProgress.NONE);
            }
            long address = g.windowAddress(b.bank(), 0, swpFb, g.linkWindow());
            byte[] bytes = b.bytes();
            // the part's commit step, whole program units: where a unit is wider than the 8 bytes of SP + reset
            // vector (H7: a 32-byte flash word, programmable once per erase) the body would fill it first
            int commit = Math.min(BankUpdateOperation.commitBytes(driver), bytes.length);
            // body first, the vector table last: a recover cut here leaves a bank no boot path accepts
            if (bytes.length > commit) {
                driver.program(address + commit, Arrays.copyOfRange(bytes, commit, bytes.length), step);
            }
            driver.program(address, Arrays.copyOf(bytes, commit), FlashProgress.NONE);
            var v = driver.verify(address, bytes);
            if (!v.ok()) {
                throw new OperationException(name() + ": physical bank " + b.bank() + " does not verify after "
                        + "programming it from the journal (" + v.describe() + "); run `flashbank recover` again");
            }
            restored.add(b.bank());
        }
        if (plan.finalOptions().isPresent()) {
            writeOptions(plan.finalOptions().get(), progress.split(10));
        }
        ctx.debugTarget().core().reset(ResetKind.SYSTEM);
        verifyIntact(plan);
        Optional<BankSurvey> after = driver.readOptions().rdpLevel() == RdpLevel.LEVEL_0
                ? Optional.of(BankSurvey.examine(ctx)) : Optional.empty();
        progress.worked(10);
        return new Result(plan, false, restored, after);
    }

    /** The banks the plan found holding what the journal has still do after the writes (nothing lost on the way). */
    private void verifyIntact(Plan plan) throws OperationException, TargetException {
        FlashDriver driver = ctx.driver();
        FlashGeometry g = ctx.geometry();
        boolean swpFb = driver.banksSwapped();
        for (int bank : plan.intact()) {
            BoardJournal.BankImage b = journal.bank(bank).orElseThrow();
            var v = driver.verify(g.windowAddress(bank, 0, swpFb, g.linkWindow()), b.bytes());
            if (!v.ok()) {
                throw new OperationException(name() + ": physical bank " + bank + " no longer holds what the journal "
                        + "has after recovering (" + v.describe() + "); run `flashbank doctor`, then `flashbank "
                        + "recover` again");
            }
        }
    }

    /** One option write, announced; recover's own writes are not journaled (the journal is what it restores from). */
    private void writeOptions(OptionImage requested, FlashProgress progress) throws OperationException,
            TargetException {
        FlashDriver driver = ctx.driver();
        notices.accept(OptionWriteWindow.of(driver, driver.readOptions(), requested).notice());
        var w = driver.writeOptions(requested, Progress.uncancelable(progress));
        if (!w.readBackMatches(driver)) {
            throw new OperationException(name() + ": the option bytes read back " + w.after() + " after writing "
                    + requested + "; run `flashbank doctor`, then `flashbank recover` again");
        }
    }
}
