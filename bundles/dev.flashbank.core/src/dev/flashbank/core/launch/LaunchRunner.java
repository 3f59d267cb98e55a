package dev.flashbank.core.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.Finding;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.launch.LaunchSpec.Mode;
import dev.flashbank.core.ops.BackupFailedException;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationException;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.ops.OperationResult;
import dev.flashbank.core.ops.OptionBytesWrite;
import dev.flashbank.core.ops.OptionCliCommand;
import dev.flashbank.core.ops.OptionProfile;
import dev.flashbank.core.ops.OptionProfileException;
import dev.flashbank.core.ops.OptionProfileFile;
import dev.flashbank.core.ops.ProgramOperation;
import dev.flashbank.core.ops.ProgramOptions;
import dev.flashbank.core.ops.RollbackOperation;
import dev.flashbank.core.ops.SwapOperation;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;

/**
 * Executes a {@link LaunchSpec} on an open target through the core operations - the same steps in the IDE's launch
 * delegates and in {@code flashbank launch}. Every step logs one line; progress and cancel go through
 * {@link FlashProgress} (the operations honour cancel only between whole units, so a canceled launch leaves the
 * running bank and the option bytes as they were - see {@link BankUpdateOperation}).
 * <p>
 * Order for a Bank Update launch: read the image, check it against the identified part (same words as the dialog),
 * back up the option bytes if asked, then the operation (bank update / program), which checks everything again before
 * its first write; reset and run at the end.
 */
public final class LaunchRunner {

    private final LaunchSpec spec;
    private final Families families;
    private final Path defaultBackupDir;
    private final Consumer<String> log;
    private final Clock clock;
    private final Confirmation.Source confirmation;

    /**
     * @param spec the validated launch
     * @param families the installed families (the IDE and the CLI pass {@code InstalledFamilies.families()}): the
     *            option profile's line is read among them
     * @param defaultBackupDir where option-byte backups go when the spec names no folder
     * @param log receives one line per step (console, CLI standard error)
     */
    public LaunchRunner(LaunchSpec spec, Families families, Path defaultBackupDir, Consumer<String> log) {
        this(spec, families, defaultBackupDir, log, Clock.systemUTC());
    }

    public LaunchRunner(LaunchSpec spec, Families families, Path defaultBackupDir, Consumer<String> log,
            Clock clock) {
        this(spec, families, defaultBackupDir, log, clock, Confirmation.NONE.asSource());
    }

    private LaunchRunner(LaunchSpec spec, Families families, Path defaultBackupDir, Consumer<String> log,
            Clock clock, Confirmation.Source confirmation) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.families = Objects.requireNonNull(families, "families");
        this.defaultBackupDir = Objects.requireNonNull(defaultBackupDir, "defaultBackupDir");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.confirmation = Objects.requireNonNull(confirmation, "confirmation");
    }

    /**
     * This runner, asking {@code source} when an option change needs a confirmation (ERASES_FLASH, IRREVERSIBLE): the
     * IDE's review dialog, or {@code flashbank launch}'s flags. Without one every such change is refused - a launch
     * file never carries a confirmation.
     */
    public LaunchRunner confirmingWith(Confirmation.Source source) {
        return new LaunchRunner(spec, families, defaultBackupDir, log, clock, source);
    }

    public Path backupDir() {
        return spec.backupDir().orElse(defaultBackupDir);
    }

    /**
     * Runs the launch.
     *
     * @param ctx the open, identified target
     * @param partName the part as the user knows it (the simulated board's order code, or the identified part)
     */
    public LaunchResult run(OperationContext ctx, String partName, FlashProgress progress)
            throws LaunchSpecException, OperationException, TargetException {
        List<OperationResult> results = new ArrayList<>();
        Optional<Path> backup = Optional.empty();
        log.accept("Target: " + ctx.target().description() + " - " + partName + ", " + ctx.geometry().mode() + "-bank mode");
        List<SwitchScheme> schemes = ctx.driver().descriptor().switchSchemes(ctx.driver().flashSizeKiB());
        Optional<SwitchScheme> scheme = LaunchSpec.scheme(spec.scheme(), schemes);
        switch (spec.type()) {
            case LaunchAttributes.TYPE_BANK_UPDATE -> {
                LaunchSpec.ImageSource src = spec.image().orElseThrow();
                FirmwareImage image = src.read();
                log.accept("Image: " + src.file() + " (" + image.format() + ", " + image.span().map(Object::toString)
                        .orElse("empty") + ")");
                List<String> problems = new ArrayList<>(LaunchSpec.imageProblems(image, ctx.geometry(), spec.mode(),
                        scheme.orElse(null), schemes, OptionCliCommand.BankModeSetting.dualOf(ctx.driver())));
                if (spec.mode() == Mode.BANK_UPDATE && scheme.isEmpty()) {
                    problems.add(0, LaunchSpec.unknownScheme(spec.scheme(), partName, schemes));
                }
                if (!problems.isEmpty()) {
                    throw new LaunchSpecException(problems);
                }
                progress.begin(spec.mode().label(), 100);
                if (spec.mode() == Mode.BANK_UPDATE) {
                    BankUpdateOperation op = new BankUpdateOperation(ctx, image, BankUpdateOperation.Options
                            .of(scheme.orElseThrow()).withSwitch(spec.swap()).withReset(spec.resetAndRun()));
                    op.plan(); // reads only: a refusal comes before the backup, so a refused launch leaves no file
                    if (spec.backupOptions()) {
                        backup = Optional.of(backupOptions(ctx, partName, "before launch: " + spec.mode().label()));
                    }
                    results.add(log(op.run(progress.split(100))));
                } else {
                    if (spec.backupOptions()) {
                        backup = Optional.of(backupOptions(ctx, partName, "before launch: " + spec.mode().label()));
                    }
                    List<AddressRange> alsoErase = spec.mode() == Mode.PROGRAM_WHOLE
                            ? List.of(ctx.geometry().windowRange(ctx.geometry().linkWindow())) : List.of();
                    ProgramOperation op = new ProgramOperation(ctx, image, ProgramOptions.defaults()
                            .withVerify(spec.verify()).withAlsoErase(alsoErase));
                    results.add(log(op.run(progress.split(100))));
                    if (spec.resetAndRun()) {
                        ctx.debugTarget().core().reset(ResetKind.SYSTEM);
                        log.accept("Reset: the part runs the new image");
                    }
                }
            }
            case LaunchAttributes.TYPE_SWAP_BANKS -> {
                progress.begin("Swap banks", 100);
                if (spec.backupOptions()) {
                    backup = Optional.of(backupOptions(ctx, partName, "before launch: " + spec.swapAction().label()));
                }
                SwitchScheme s = scheme.orElseThrow(() -> new LaunchSpecException(List.of(
                        LaunchSpec.unknownScheme(spec.scheme(), partName, schemes))));
                OperationResult r = spec.swapAction() == LaunchSpec.SwapAction.ROLLBACK
                        ? new RollbackOperation(ctx, s, spec.resetAndRun()).run(progress.split(100))
                        : new SwapOperation(ctx, s, spec.resetAndRun()).run(progress.split(100));
                results.add(log(r));
            }
            case LaunchAttributes.TYPE_OPTION_BYTES -> {
                Path file = spec.optionProfile().orElseThrow();
                OptionProfile profile;
                try {
                    profile = OptionProfileFile.read(file, families);
                } catch (OptionProfileException e) {
                    throw new LaunchSpecException(e.getMessage(), e);
                }
                if (!profile.lineId().equals(ctx.driver().readOptions().lineId())) {
                    throw new LaunchSpecException("The profile " + file.getFileName() + " is for " + profile.partName()
                            + " (" + profile.options().lineName() + "), but the target is a " + partName + ".");
                }
                log.accept("Option-byte profile: " + file + " (" + profile.partName() + ", " + profile.note() + ")");
                Confirmation.Source asked = (part, changes) -> {
                    log.accept("Needs a confirmation (" + Confirmation.required(changes) + "): "
                            + changes.stream().filter(c -> !Confirmation.required(List.of(c)).isEmpty())
                                    .map(c -> c.option() + ": " + c.consequence()).reduce((x, y) -> x + "; " + y)
                                    .orElse(""));
                    return confirmation.ask(part, changes);
                };
                OptionBytesWrite.Result r = new OptionBytesWrite(ctx.driver(), partName, profile.options(), backupDir(),
                        asked, clock).withGuard(ctx.optionWriteGuard()).run(progress);
                backup = r.backup();
                results.add(log(new OptionsWritten(r)));
                if (spec.resetAndRun() && r.written() && r.resetRequired()) {
                    ctx.debugTarget().core().reset(ResetKind.SYSTEM);
                    log.accept("Reset: the new option bytes are in effect");
                }
            }
            default -> throw new LaunchSpecException("'" + spec.type() + "' is not a Flashbank launch type");
        }
        LaunchResult result = new LaunchResult(spec.type(), ctx.target().description(), results, backup);
        backup.ifPresent(b -> log.accept("Option bytes before the launch: " + b));
        return result;
    }

    private OperationResult log(OperationResult r) {
        r.summary().lines().forEach(log);
        return r;
    }

    private Path backupOptions(OperationContext ctx, String partName, String note)
            throws TargetException, BackupFailedException {
        Instant now = clock.instant();
        Path file = backupDir().resolve(OptionProfileFile.backupFileName(partName, now));
        try {
            OptionProfileFile.write(file, new OptionProfile(partName, ctx.driver().flashSizeKiB(),
                    ctx.driver().readOptions(), now, note));
        } catch (IOException e) {
            throw new BackupFailedException(file, e);
        }
        log.accept("Backup of the option bytes: " + file);
        return file;
    }

    /** The option write as an operation result (summary and data for the console and --json). */
    private record OptionsWritten(OptionBytesWrite.Result r) implements OperationResult {
        @Override
        public String summary() {
            return r.summary();
        }

        @Override
        public java.util.Map<String, Object> data() {
            return java.util.Map.of("operation", "Option bytes", "written", r.written(), "resetRequired",
                    r.resetRequired(), "changes", r.changes().stream().map(c -> c.option()).toList());
        }
    }

    /**
     * Why a launch failed, for the error dialog and the CLI: the failure's own words, the fixes it names, and when
     * the target is still there the doctor's findings with their fixes (a refusal carries its own doctor report).
     *
     * @param message what went wrong
     * @param fixes what to do
     * @param report the doctor's report, if the target could be examined (the IDE makes its findings Problems markers)
     */
    public record Failure(String message, List<String> fixes, Optional<DoctorReport> report) {

        public Failure {
            fixes = List.copyOf(fixes);
        }

        /** The doctor's report text, if the target could be examined. */
        public Optional<String> doctor() {
            return report.map(DoctorReport::render);
        }

        /**
         * @param target the target if it is still open: the doctor examines it
         * @param families the installed families the doctor identifies the part among
         */
        public static Failure of(Throwable e, Optional<DebugTarget> target, Families families) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            List<String> fixes = new ArrayList<>();
            Optional<DoctorReport> report = Optional.empty();
            if (e instanceof OperationRefusedException r) {
                fixes.addAll(r.fixes());
                report = r.doctorReport();
            }
            if (report.isEmpty() && !(e instanceof LaunchSpecException)) {
                if (target.isPresent()) {
                    report = Optional.of(new Doctor(families).examine(target.get(), List.of()));
                } else if (e instanceof TargetException te) { // could not even connect (e.g. RDP level 2)
                    report = Optional.of(Doctor.connectionFailed("the target", te));
                }
            }
            report.ifPresent(rep -> rep.findings().stream().map(Finding::fix).flatMap(Optional::stream)
                    .filter(f -> !fixes.contains(f)).forEach(fixes::add));
            fixes.removeIf(msg::contains); // a refusal's message already ends with its fix
            return new Failure(msg, fixes, report);
        }

        /** Message, fixes, then the doctor's report; lines for a console. */
        public String render() {
            StringBuilder sb = new StringBuilder(message);
            fixes.forEach(f -> sb.append("\n  fix: ").append(f));
            doctor().ifPresent(d -> sb.append("\ndoctor:\n").append(d.strip()));
            return sb.toString();
        }
    }
}
