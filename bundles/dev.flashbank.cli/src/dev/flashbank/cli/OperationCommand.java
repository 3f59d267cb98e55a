package dev.flashbank.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.image.BinReader;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageException;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.ops.OperationCanceledException;
import dev.flashbank.core.ops.ReadOperation;
import dev.flashbank.core.ops.VerifyOperation;
import dev.flashbank.core.ops.ProgramOperation;
import dev.flashbank.core.ops.EraseOperation;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationException;
import dev.flashbank.core.ops.OperationResult;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.ops.TargetOperation;
import dev.flashbank.core.ops.TerminalProgress;
import dev.flashbank.core.ops.VerificationFailedException;
import dev.flashbank.core.ops.VerifyReport;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.families.InstalledFamilies;
import picocli.CommandLine.Option;

/**
 * Base of the commands that run a core operation: opens the operation context (identification + flash driver),
 * runs the operation with a terminal progress bar, prints its summary (or its data as JSON) and maps every failure
 * to one message and an exit code — refusals (nothing written) to 3, verify differences to 4, bad input files to 6.
 */
public abstract class OperationCommand extends TargetCommand {

    @Option(names = "--format", paramLabel = "FMT",
            description = "Image format when the file name does not tell: elf, hex, srec, bin.")
    String format;

    @Option(names = "--base", paramLabel = "ADDR", description = "Load address of a raw .bin image (e.g. 0x08000000).")
    String base;

    protected OperationContext context(TargetConnection c) throws CliException {
        PollClock clock = c.pollClock();
        OperationContext ctx;
        try {
            ctx = OperationContext.open(InstalledFamilies.families(),
                    new OperationTarget(c.spec().describe(), c.target().describe()), c.target(),
                    clock, targetOptions.driverSettings()).withOptionWriteGuard(BoardJournals.guard(c, err()));
        } catch (TargetException e) {
            throw new CliException(ExitCodes.NO_TARGET, "cannot identify the part: " + e.getMessage(), e);
        }
        notePsize(ctx);
        return ctx;
    }

    /**
     * Says which parallelism programming will use when no measured supply chose it (a gdbserver, or --psize), and
     * refuses an explicit one wider than the measured supply allows before anything is written.
     */
    private void notePsize(OperationContext ctx) throws CliException {
        try {
            Optional<String> notice = ctx.driver().programSettingNotice();
            if (notice.isPresent() && !json()) {
                err().println(spec.qualifiedName() + ": " + notice.get());
                err().flush();
            }
        } catch (FlashRequestException e) {
            throw new CliException(ExitCodes.REFUSED, e.getMessage(), e).withFixes(List.of(e.fix()));
        } catch (TargetException e) {
            throw CliErrors.from(e);
        }
    }

    /** What {@code --format} and {@code --base} mean to a command. */
    protected enum ImageOptionUse {
        /** Neither applies: given anyway, they are a usage error (they would be silently ignored). */
        NONE,
        /** {@code --format} names the format of the file the command writes; {@code --base} does not apply. */
        OUTPUT_FORMAT,
        /** Both describe the image the command reads ({@link #image}). */
        INPUT_IMAGE
    }

    /** Commands that read an image or write a file say so; the others refuse {@code --format} and {@code --base}. */
    protected ImageOptionUse imageOptionUse() {
        return ImageOptionUse.NONE;
    }

    /** Options given to a command they do not apply to, and a misaligned {@code --base}: usage errors (exit 2). */
    @Override
    protected void validate() throws CliException {
        super.validate();
        ImageOptionUse use = imageOptionUse();
        if (base != null && use != ImageOptionUse.INPUT_IMAGE) {
            throw new CliException(ExitCodes.USAGE, "--base does not apply to '" + spec.qualifiedName(" ")
                    + "': it is the load address of a raw BIN image that program, verify or bank-update reads");
        }
        if (format != null && use == ImageOptionUse.NONE) {
            throw new CliException(ExitCodes.USAGE, "--format does not apply to '" + spec.qualifiedName(" ")
                    + "': it names the format of an image file (program, verify, bank-update, read)");
        }
        if (base != null) {
            var problem = BinReader.baseProblem(Numbers.parse(base, "base address"));
            if (problem.isPresent()) {
                throw new CliException(ExitCodes.USAGE, "--base " + base + ": " + problem.get());
            }
        }
    }

    /** Reads an image file; bad input is one clear message (file, line/offset, reason) and exit code 6. */
    protected FirmwareImage image(Path file) throws CliException {
        Optional<ImageFormat> fmt = Optional.empty();
        if (format != null) {
            fmt = ImageFormat.parse(format);
            if (fmt.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "unknown image format '" + format + "' (elf, hex, srec, bin)");
            }
        }
        OptionalLong b = base == null ? OptionalLong.empty() : OptionalLong.of(Numbers.parse(base, "base address"));
        if (b.isPresent() && fmt.isPresent() && fmt.get() != ImageFormat.BIN) {
            throw new CliException(ExitCodes.USAGE, "--base applies only to raw BIN images; --format " + format
                    + " carries its own addresses: drop --base");
        }
        try {
            FirmwareImage img = ImageReader.read(file, fmt, b);
            progressBytes = img.totalSize();
            if (b.isPresent() && img.format() != ImageFormat.BIN) {
                // the reader ignores a base for formats with addresses; the user meant something: say so, write nothing
                throw new CliException(ExitCodes.USAGE, "--base applies only to raw BIN images; " + file + " is "
                        + img.format() + ", which carries its own addresses: drop --base");
            }
            return img;
        } catch (ImageException e) {
            throw new CliException(ExitCodes.BAD_INPUT, e.getMessage(), e);
        } catch (IOException e) {
            throw new CliException(ExitCodes.BAD_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code op} and prints its result; returns the exit code. */
    protected int execute(TargetOperation<? extends OperationResult> op) throws CliException {
        TerminalProgress bar = progressBar();
        OperationResult r;
        long wallStart = System.nanoTime();
        long targetStart = modelledNanos();
        try {
            r = op.run(bar != null ? bar : FlashProgress.NONE);
            timing = new Timing(System.nanoTime() - wallStart,
                    targetStart < 0 ? -1 : modelledNanos() - targetStart);
        } catch (VerificationFailedException e) {
            if (!json()) {
                print(e.report(), false);
            }
            throw CliErrors.from(e);
        } catch (OperationCanceledException e) {
            throw Interruption.requested() ? interrupted(op, e) : CliErrors.from(e);
        } catch (OperationException | TargetException e) {
            throw CliErrors.from(e);
        } finally {
            if (bar != null) {
                bar.done();
            }
        }
        if (r instanceof VerifyReport v && v.mismatchingBytes() > 0) {
            if (json()) {
                throw new CliException(ExitCodes.VERIFY_MISMATCH, v.mismatchingBytes() + " bytes differ from the image")
                        .withData(r.data());
            }
            print(r, false);
            return ExitCodes.VERIFY_MISMATCH;
        }
        delivered(r);
        print(r, true);
        return ExitCodes.OK;
    }

    /**
     * Ctrl-C stopped {@code op} between two units: the one message that says what state the target was left in - the
     * operation's own account (which sectors are done, what is erased) and what this kind of operation never touches.
     */
    private static CliException interrupted(TargetOperation<?> op, OperationCanceledException e) {
        String untouched;
        String fix;
        if (op instanceof ReadOperation || op instanceof VerifyOperation) {
            untouched = "Nothing was written to the target.";
            fix = "run the same command again";
        } else if (op instanceof ProgramOperation) {
            untouched = "Sectors outside the image and the option bytes were not touched.";
            fix = "run the same flashbank program command again: it writes only the sectors that still differ";
        } else if (op instanceof EraseOperation) {
            untouched = "Sectors outside the request and the option bytes were not touched.";
            fix = "run the same flashbank erase command again to erase the rest";
        } else if (op instanceof BankUpdateOperation) {
            untouched = "The running bank was not touched.";
            fix = "run the same flashbank bank-update command again; flashbank doctor shows what boots next";
        } else {
            untouched = "";
            fix = "flashbank doctor shows the state of the target";
        }
        return new CliException(ExitCodes.INTERRUPTED, "interrupted (Ctrl-C), stopped between two units: "
                + e.getMessage() + (untouched.isEmpty() ? "" : ". " + untouched), e).withCode("CANCELED")
                .withFixes(java.util.List.of(fix));
    }

    /**
     * How many bytes the work of this command stands for (the image's data, the range read), for the progress' byte
     * figures, rate and ETA; 0 when unknown.
     */
    protected long progressBytes;

    /** Called after a successful operation, before its summary is printed (e.g. to deliver data it read). */
    protected void delivered(OperationResult r) throws CliException {
        // default: the operation did all there is to do
    }

    /** Where the summary goes: standard output, unless a command writes its data there. */
    protected java.io.PrintWriter reportStream() {
        return out();
    }

    /** Progress of this command's work on standard error (see {@link FlashbankCli#progress}), or null. */
    protected TerminalProgress progressBar() {
        return FlashbankCli.progress(spec, json(), progressBytes);
    }

    protected void print(OperationResult r, boolean ok) {
        if (json()) {
            Map<String, Object> o = Json.object();
            o.put("ok", ok);
            o.putAll(r.data());
            if (timing != null) {
                o.put("hostSeconds", timing.hostNanos() / 1e9);
                o.put("modelledTargetSeconds", timing.targetNanos() < 0 ? null : timing.targetNanos() / 1e9);
            }
            reportStream().println(Json.render(o));
        } else {
            reportStream().println(r.summary());
            if (timing != null) {
                reportStream().println(timing.describe());
            }
        }
    }

    /** Host wall time of the last operation and, on a simulated board, the modelled target time it took. */
    record Timing(long hostNanos, long targetNanos) {
        String describe() {
            return String.format("(host %.3f s%s)", hostNanos / 1e9, targetNanos < 0 ? ""
                    : String.format(", modelled target time %.3f s", targetNanos / 1e9));
        }
    }

    private Timing timing;

    /** The simulated board's virtual clock (the target-time model), or -1 for a real probe. */
    private long modelledNanos() {
        return connection != null && connection.board() != null ? connection.board().clock().nanos() : -1;
    }
}
