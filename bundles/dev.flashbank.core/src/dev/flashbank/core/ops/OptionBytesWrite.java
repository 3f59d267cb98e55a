package dev.flashbank.core.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.RiskClass;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.flash.FlashCanceledException;
import dev.flashbank.core.flash.FlashOperation;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.family.OptionWriteResult;
import dev.flashbank.core.target.TargetException;

/**
 * Writes option bytes safely (issue 7): read the current values, diff them with risk classes (the family's option
 * diff, {@link FlashDriver#optionChanges}), apply the one confirmation rule ({@link Confirmation}: ERASES_FLASH changes need the
 * erase confirmation, IRREVERSIBLE ones the exact part name: RDP level 2, RM0410 read protection) asked from the run's
 * {@link Confirmation.Source} once the changes are known, save the current values to a backup file BEFORE anything
 * is written, write through the flash driver, read
 * back and verify, and report whether a reset is needed for the change to act (BOOT_ADDx/nDBANK/nDBOOT/RDP are latched
 * at reset, RM0410 option bytes).
 * <p>
 * Cancellation: honoured until the backup is written and once more right before OPTSTRT; option programming itself
 * is one indivisible unit (an interrupted option programming leaves the option area erased: OPTSTRT erases it first,
 * RM0410 option bytes programming).
 */
public final class OptionBytesWrite {

    /** What the write did. */
    public record Result(String partName, OptionImage before, OptionImage requested, OptionImage after,
            List<OptionChange> changes, RiskClass risk, Optional<Path> backup, boolean written, boolean resetRequired,
            boolean bankModeChanged, boolean rdpRegression) {

        public Result {
            changes = List.copyOf(changes);
        }

        /** One line for the console and the CLI. */
        public String summary() {
            if (!written) {
                return partName + ": option bytes already have the requested values; nothing written";
            }
            return partName + ": wrote " + changes.stream().map(OptionChange::option).collect(Collectors.joining(", "))
                    + " [" + risk + "], verified" + backup.map(b -> "; previous values saved in " + b).orElse("")
                    + (resetRequired ? "; RESET NEEDED for the change to take effect" : "; active now")
                    + (bankModeChanged ? "; the flash layout (bank mode) changes at the reset: reprogram the flash" : "")
                    + (rdpRegression ? "; the user flash was mass-erased (RDP 1->0)" : "");
        }
    }

    private final FlashDriver driver;
    private final String partName;
    private final OptionImage requested;
    private final Path backupDirectory;
    private final Confirmation.Source confirmation;
    private final Clock clock;
    private final OptionWriteGuard guard;

    /**
     * @param driver the connected part's driver
     * @param partName the name the user sees and must type to confirm an IRREVERSIBLE change
     * @param requested the complete option bytes wanted
     * @param backupDirectory where the backup of the current values goes (created when missing)
     * @param confirmation what the run confirmed (CLI flags, the dialog's answer); {@link Confirmation#NONE} for none
     */
    public OptionBytesWrite(FlashDriver driver, String partName, OptionImage requested, Path backupDirectory,
            Confirmation confirmation) {
        this(driver, partName, requested, backupDirectory, confirmation.asSource(), Clock.systemUTC());
    }

    /**
     * @param confirmation asked once the changes are known, only when one of them needs a confirmation (the IDE's
     *            review dialog for a launch); may throw {@link OperationCanceledException}
     */
    public OptionBytesWrite(FlashDriver driver, String partName, OptionImage requested, Path backupDirectory,
            Confirmation.Source confirmation, Clock clock) {
        this(driver, partName, requested, backupDirectory, confirmation, clock, OptionWriteGuard.NONE);
    }

    private OptionBytesWrite(FlashDriver driver, String partName, OptionImage requested, Path backupDirectory,
            Confirmation.Source confirmation, Clock clock, OptionWriteGuard guard) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.partName = Objects.requireNonNull(partName, "partName");
        this.requested = Objects.requireNonNull(requested, "requested");
        this.backupDirectory = Objects.requireNonNull(backupDirectory, "backupDirectory");
        this.confirmation = Objects.requireNonNull(confirmation, "confirmation");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** This write with {@code g} run right before its one OPTSTRT (journal, "do not remove power" notice). */
    public OptionBytesWrite withGuard(OptionWriteGuard g) {
        return new OptionBytesWrite(driver, partName, requested, backupDirectory, confirmation, clock, g);
    }

    /** True when {@code typed} confirms an IRREVERSIBLE change of {@code partName}: exactly equal, case included. */
    public static boolean confirms(String partName, String typed) {
        return Confirmation.confirmsPart(partName, typed);
    }

    /**
     * The one rule (CLI, IDE, launches): refuses unless {@code given} covers every ERASES_FLASH and IRREVERSIBLE change.
     */
    public static void requireConfirmation(String partName, List<OptionChange> changes, Confirmation given)
            throws ConfirmationRequiredException {
        var missing = given.missing(partName, changes);
        if (!missing.isEmpty()) {
            throw new ConfirmationRequiredException(partName, given, missing, changes);
        }
    }

    public Result run(FlashProgress progress) throws TargetException, OperationException {
        progress.begin("Option bytes of " + partName, 4);
        OptionImage before = driver.readOptions();
        List<OptionChange> changes = driver.optionChanges(before, requested);
        progress.worked(1);
        if (changes.isEmpty()) {
            progress.worked(3);
            return new Result(partName, before, requested, before, changes, RiskClass.SAFE, Optional.empty(), false,
                    false, false, false);
        }
        RiskClass risk = OptionChange.overallRisk(changes);
        if (!Confirmation.required(changes).isEmpty()) {
            requireConfirmation(partName, changes, confirmation.ask(partName, changes));
        }
        checkCanceled(progress, "nothing was written");
        Instant now = clock.instant();
        Path backup = backupDirectory.resolve(OptionProfileFile.backupFileName(partName, now));
        try {
            OptionProfileFile.write(backup, new OptionProfile(partName, driver.flashSizeKiB(), before, now,
                    "backup before writing " + changes.stream().map(OptionChange::option).collect(Collectors.joining(", "))));
        } catch (IOException e) {
            throw new BackupFailedException(backup, e);
        }
        progress.worked(1);
        checkCanceled(progress, "nothing was written; the backup " + backup + " was kept");
        guard.beforeOptionWrite(driver, before, requested);
        FlashProgress sub = progress.split(1);
        OptionWriteResult w = risk == RiskClass.IRREVERSIBLE ? driver.writeOptionsIrreversibly(requested, sub)
                : driver.writeOptions(requested, sub);
        OptionImage after = driver.readOptions();
        progress.worked(1);
        // FLASH_OPTCRx read back what was programmed until the next reset reloads them (an erasing regression's
        // PCROP clearing shows only then): verify against the request
        if (!after.equals(requested)) {
            throw new OptionVerifyException(requested, after, driver.optionChanges(requested, after), backup);
        }
        return new Result(partName, before, requested, after, changes, risk, Optional.of(backup), true,
                w.resetRequired(), w.bankModeChanged(), w.rdpRegression());
    }

    private static void checkCanceled(FlashProgress progress, String state) throws FlashCanceledException {
        if (progress.isCanceled()) {
            throw new FlashCanceledException(FlashOperation.OPTION_WRITE, 0, 1, state);
        }
    }
}
