package dev.flashbank.ui.banks;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;

import dev.flashbank.core.banks.BankSnapshot;
import dev.flashbank.core.banks.BankViewState;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.doctor.EraseCheck;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageException;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.ops.BackupFailedException;
import dev.flashbank.core.ops.BankSwitch;
import dev.flashbank.core.ops.BankSwitchOperation;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.core.ops.EraseOperation;
import dev.flashbank.core.ops.EraseRequest;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationException;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.ops.OperationResult;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.ops.OptionBytesWrite;
import dev.flashbank.core.ops.OptionProfile;
import dev.flashbank.core.ops.OptionProfileFile;
import dev.flashbank.core.ops.ProgramOperation;
import dev.flashbank.core.ops.ProgramOptions;
import dev.flashbank.core.ops.RollbackOperation;
import dev.flashbank.core.ops.RunningBankGuard;
import dev.flashbank.core.ops.SwapOperation;
import dev.flashbank.core.ops.TargetOperation;
import dev.flashbank.core.ops.VerifyOperation;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.ui.jobs.MonitorProgress;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.FlashbankTarget;
import dev.flashbank.ui.model.SimulatedTarget;
import dev.flashbank.ui.options.OptionReviewDialog;
import dev.flashbank.ui.options.OptionTwinPreview;

/**
 * What the Flash Banks view's commands do on the target, each a {@link TargetJob} through the core operations: erase
 * a sector or a bank (running-bank guard and the doctor's pre-flight first), program a firmware file (into the
 * inactive bank where the part switches banks, else at its address), verify a file, and Swap / Rollback, which are
 * option writes and go through the option review dialog like every other.
 */
final class BankActions {

    private final BankBrowserView view;

    /** Asks for a firmware file (the OS file dialog); null when the user cancels. */
    private Function<Shell, String> imageFilePrompt = shell -> {
        FileDialog d = new FileDialog(shell, SWT.OPEN);
        d.setFilterExtensions(new String[] { "*.elf;*.hex;*.srec;*.s19;*.bin", "*.*" });
        return d.open();
    };

    BankActions(BankBrowserView view) {
        this.view = view;
    }

    void setImageFilePrompt(Function<Shell, String> prompt) {
        imageFilePrompt = prompt;
    }

    /** The file chosen with the view's prompt, or null. */
    String askForImageFile() {
        return imageFilePrompt.apply(view.shell());
    }

    static OperationContext context(FlashbankTarget t, FlashbankTarget.Connection c) {
        return new OperationContext(new OperationTarget(t.id(), t.displayName()), c.target(), c.driver())
                .withOptionWriteGuard(t.optionWriteGuard(c));
    }

    // ------------------------------------------------------------------ erase

    /** What the shown part's manual calls its erase units ("sector", "page"). */
    private dev.flashbank.core.device.EraseUnit unit() {
        BankSnapshot snap = view.snapshot();
        return snap == null ? dev.flashbank.core.device.EraseUnit.SECTOR : snap.geometry().eraseUnit();
    }

    void eraseSelectedSector() {
        Sector s = view.selectedSector();
        if (s == null) {
            view.status("Click a " + unit().singular() + " in a bank strip first.");
            return;
        }
        String name = unit().name(s); // "page 5 (bank 1 +0x002800, 2 KiB)": the manual's word
        confirmErase("Erase " + name, "Erase " + name + " of physical bank " + s.bank() + "? Its content is lost. The "
                + "doctor checks protection first.", List.of(s), EraseRequest.sectorsOf(List.of(s)),
                sectorRanges(List.of(s)));
    }

    void eraseBankInteractive() {
        Sector s = view.selectedSector();
        BankSnapshot snap = view.snapshot();
        if (s == null || snap == null) {
            view.status("Click a " + unit().singular() + " of the bank to erase first.");
            return;
        }
        int bank = s.bank();
        String warn = snap.running(bank) ? " It is the RUNNING bank: the firmware stops working." : "";
        confirmErase("Erase physical bank " + bank, "Erase all of physical bank " + bank + "?" + warn + " The doctor "
                + "checks protection first.", snap.geometry().bank(bank).sectors(), EraseRequest.bank(bank),
                List.of(snap.mapped(bank)));
    }

    /**
     * Asks before an erase. When the running-bank guard (the same check the erase operation makes) refuses it on the
     * snapshot shown, the dialog says why and offers the expert override - Cancel is the default; a plain confirmation
     * otherwise. The operation checks again on the target before its first write.
     */
    private void confirmErase(String title, String question, List<Sector> sectors, EraseRequest request,
            List<AddressRange> ranges) {
        BankSnapshot snap = view.snapshot();
        Optional<RunningBankGuard.Hazard> hazard = snap == null || snap.survey().isEmpty() ? Optional.empty()
                : RunningBankGuard.assess(snap.survey().get(), snap.geometry(), "Erase",
                        RunningBankGuard.Write.erase(RunningBankGuard.Addressing.PHYSICAL_NUMBER, sectors));
        if (hazard.isEmpty()) {
            if (MessageDialog.openConfirm(view.shell(), title, question)) {
                erase(request, ranges, false);
            }
            return;
        }
        String text = "Flashbank refuses this erase: " + hazard.get().explanation() + "\n\nWhat to do instead:\n- "
                + String.join("\n- ", hazard.get().fixes()) + "\n\nErase anyway only if you know the firmware is "
                + "halted and you will reprogram the bank before the next reset.";
        MessageDialog d = new MessageDialog(view.shell(), title + ": running or boot bank", null, text,
                MessageDialog.WARNING, 0, "Cancel", "Erase anyway (expert override)");
        if (d.open() == 1) {
            erase(request, ranges, true);
        } else {
            view.status(title + ": not erased. " + hazard.get().explanation());
        }
    }

    List<AddressRange> sectorRanges(List<Sector> sectors) {
        BankSnapshot snap = view.snapshot();
        return sectors.stream().map(x -> snap.geometry().sectorRange(x, snap.swpFb(), snap.geometry().linkWindow()))
                .toList();
    }

    /**
     * Erases through {@link EraseOperation}, after the doctor's pre-flight: when its erase check of {@code ranges}
     * predicts a failure, nothing is erased and the doctor's report is the refusal. {@code allowRunningBank} is the
     * expert override of the running-bank guard (the result, shown in the console, says what it let through).
     */
    TargetJob erase(EraseRequest request, List<AddressRange> ranges, boolean allowRunningBank) {
        return operation("Erasing", (ctx, c) -> {
            DoctorReport report = new Doctor(InstalledFamilies.families()).examine(c.target(), ranges);
            for (EraseCheck check : report.eraseChecks()) {
                if (!check.wouldSucceed()) {
                    throw new OperationRefusedException("Erase", "the doctor predicts the erase fails:\n"
                            + report.render(), List.of(), report);
                }
            }
            return new EraseOperation(ctx, request, allowRunningBank);
        });
    }

    // ------------------------------------------------------------------ program, verify

    /**
     * Program…: the file, then a confirmation that says where it goes - the INACTIVE bank on a dual-bank part that
     * switches banks (nothing switched), otherwise the image's own addresses, replacing the firmware there (a
     * single-bank part, or an F7 with nDBANK = 1, issue 16 finding 9).
     */
    void programInteractive() {
        String f = askForImageFile();
        if (f == null) {
            return;
        }
        try {
            FirmwareImage image = ImageReader.read(Path.of(f));
            view.loadSymbols(Path.of(f));
            if (view.state().programsInactiveBank()) {
                String scheme = view.scheme().map(x -> "the " + x.name() + " scheme").orElse("no switch scheme");
                if (MessageDialog.openConfirm(view.shell(), "Program the inactive bank",
                        "Program " + image + " into the INACTIVE bank (" + scheme + ")? The running bank is not "
                                + "touched and the boot bank is not switched; use Swap afterwards.")) {
                    programInactive(image);
                }
            } else if (MessageDialog.openConfirm(view.shell(), "Program the flash", "Program " + image + " at its "
                    + "address? The " + unit().plural() + " it covers are erased first and the firmware there is REPLACED"
                    + (view.snapshot() != null && view.snapshot().geometry().bankCount() == 1
                            ? " (single-bank mode: there is no inactive bank)." : ".")
                    + " The image is verified after programming.")) {
                programAtItsAddress(image);
            }
        } catch (ImageException | IOException e) {
            view.status("Cannot read " + f + ": " + e.getMessage());
        }
    }

    /**
     * Programs {@code image} into the inactive physical bank with the core's bank update (erase, program with the
     * vector table last, verify) without switching.
     */
    TargetJob programInactive(FirmwareImage image) {
        Optional<SwitchScheme> scheme = view.scheme();
        return operation("Programming the inactive bank", (ctx, c) -> new BankUpdateOperation(ctx, image,
                BankUpdateOperation.Options.of(chosen(scheme, "Bank update")).withSwitch(false).withReset(false)));
    }

    /** Programs {@code image} at its link addresses with the core's program operation (erase, program, verify). */
    TargetJob programAtItsAddress(FirmwareImage image) {
        return operation("Programming", (ctx, c) -> new ProgramOperation(ctx, image, ProgramOptions.defaults()));
    }

    /** Verify…: compares a firmware file with the flash on the target (the core's verify). */
    void verifyInteractive() {
        String f = askForImageFile();
        if (f == null) {
            return;
        }
        try {
            FirmwareImage image = ImageReader.read(Path.of(f));
            operation("Verifying", (ctx, c) -> new VerifyOperation(ctx, image));
        } catch (ImageException | IOException e) {
            view.status("Cannot read " + f + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ swap, rollback

    /** Swap or Rollback of the chosen scheme on a connection. */
    @FunctionalInterface
    interface SwitchFactory {
        BankSwitchOperation create(OperationContext ctx, SwitchScheme scheme);
    }

    static final SwitchFactory SWAP = (ctx, x) -> new SwapOperation(ctx, x, true);
    static final SwitchFactory ROLLBACK = (ctx, x) -> new RollbackOperation(ctx, x, true);

    /** The scheme chosen in the view, or a refusal (nothing written) while the part has none. */
    private static SwitchScheme chosen(Optional<SwitchScheme> scheme, String op) throws OperationRefusedException {
        return scheme.orElseThrow(() -> new OperationRefusedException(op, BankViewState.NO_AB_ON_THIS_PART, ""));
    }

    /** The switch without the review (for callers that reviewed the change themselves, and tests). */
    TargetJob switchNow(String what, SwitchFactory factory) {
        Optional<SwitchScheme> scheme = view.scheme();
        return operation(what.equals("Swap") ? "Swapping banks" : "Rolling back",
                (ctx, c) -> factory.create(ctx, chosen(scheme, what)));
    }

    /**
     * Swap and Rollback write the scheme's option (the family's plan, in its words: BOOT_ADDx, SWP_FB, SWAP_BANK_OPT)
     * and reset the target: like every other option change they go through the option review dialog first - the
     * change list, the simulated twin's preview of the next reset and the one confirmation rule. The switch is
     * planned with all the operation's checks (a refusal is shown, nothing written), then reviewed; it runs only from
     * the dialog's write button. Returns the planning job (null without a connected target).
     */
    TargetJob reviewSwitch(String what, SwitchFactory factory) {
        FlashbankTarget t = view.target();
        if (t == null || view.snapshot() == null) {
            view.status("Connect the target first.");
            return null;
        }
        Optional<SwitchScheme> scheme = view.scheme();
        TargetJob j = new TargetJob("Planning " + what, t, view, false) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException, OperationException {
                FlashbankTarget.Connection c = t.connect();
                try {
                    BankSwitch plan = factory.create(context(t, c), chosen(scheme, what)).plan();
                    List<OptionChange> changes = c.driver().optionChanges(plan.before(), plan.after());
                    List<String> twin = changes.isEmpty() ? List.of()
                            : OptionTwinPreview.lines(t, c, plan.before(), plan.after());
                    view.ui(() -> openSwitchReview(t, what, scheme, factory, plan, changes, twin));
                    return plan.explanation();
                } catch (TargetException | OperationException e) {
                    // an operation's refusal already says "Swap refused: ..."; other failures get the prefix
                    String m = String.valueOf(e.getMessage());
                    view.ui(() -> view.status(m.startsWith(what + " refused") ? m : what + " refused: " + m));
                    throw e;
                }
            }
        };
        j.schedule();
        return j;
    }

    private void openSwitchReview(FlashbankTarget t, String what, Optional<SwitchScheme> scheme,
            SwitchFactory factory, BankSwitch plan, List<OptionChange> changes, List<String> twin) {
        if (t != view.target()) {
            return; // the user moved on while the switch was planned
        }
        if (changes.isEmpty()) {
            // the bank already starts at the next reset (a pending switch): no option byte to review, only the reset
            if (MessageDialog.openConfirm(view.shell(), what, what + ": " + plan.explanation()
                    + ". No option byte changes; the target is reset. Continue?")) {
                switchAfterReview(t, what, scheme, factory, plan, changes, Confirmation.NONE);
            }
            return;
        }
        new OptionReviewDialog(view.shell(), t.partName(), changes, twin, view.manager().backupsDirectory(),
                given -> switchAfterReview(t, what, scheme, factory, plan, changes, given)).open();
    }

    /**
     * Runs the reviewed switch: the confirmation rule of every option write, a backup of the option bytes now, and
     * only if the board still plans exactly the reviewed change (another writer may have changed it meanwhile).
     */
    private TargetJob switchAfterReview(FlashbankTarget t, String what, Optional<SwitchScheme> scheme,
            SwitchFactory factory, BankSwitch reviewed, List<OptionChange> changes, Confirmation given) {
        if (t != view.target()) {
            return null;
        }
        Path backups = view.manager().backupsDirectory();
        return operation(what.equals("Swap") ? "Swapping banks" : "Rolling back", (ctx, c) -> {
            OptionBytesWrite.requireConfirmation(t.partName(), changes, given);
            BankSwitchOperation op = factory.create(ctx, chosen(scheme, what));
            BankSwitch now = op.plan();
            if (!now.before().equals(reviewed.before()) || !now.after().equals(reviewed.after())) {
                throw new OperationRefusedException(what, "the option bytes changed since the review; nothing was "
                        + "written.", "press " + what + " again and review the change");
            }
            if (!changes.isEmpty()) {
                Instant at = Instant.now();
                Path backup = backups.resolve(OptionProfileFile.backupFileName(t.partName(), at));
                try {
                    OptionProfileFile.write(backup, new OptionProfile(t.partName(), c.driver().flashSizeKiB(),
                            now.before(), at, "backup before " + what + " writing " + changes.stream()
                                    .map(OptionChange::option).collect(Collectors.joining(", "))));
                } catch (IOException e) {
                    throw new BackupFailedException(backup, e);
                }
            }
            return op;
        });
    }

    // ------------------------------------------------------------------ the job

    @FunctionalInterface
    interface OperationFactory {
        TargetOperation<? extends OperationResult> create(OperationContext ctx, FlashbankTarget.Connection c)
                throws TargetException, OperationException;
    }

    /** Runs the operation as a job on the shown target; the view reads the banks again afterwards. */
    TargetJob operation(String name, OperationFactory factory) {
        FlashbankTarget t = view.target();
        if (t == null) {
            view.status("Select a target first.");
            return null;
        }
        TargetJob j = new TargetJob(name, t, view) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException, OperationException {
                FlashbankTarget.Connection c = t.connect();
                try {
                    OperationResult result = factory.create(context(t, c), c).run(new MonitorProgress(monitor));
                    view.ui(() -> view.status(name + ": done."));
                    return result.summary();
                } catch (TargetException | OperationException e) {
                    view.ui(() -> view.status(name + " failed: " + e.getMessage()));
                    throw e;
                } finally {
                    // the operation may have reset the part: TargetJob identifies it again after the work (a new
                    // session sees the bank mode and options now)
                    if (t instanceof SimulatedTarget s) {
                        s.save();
                    }
                    view.targetWritten(t);
                }
            }

            @Override
            protected void done() {
                view.ui(view::markStale);
            }
        };
        j.schedule();
        return j;
    }
}
