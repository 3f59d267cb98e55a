package dev.flashbank.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageWriter;
import dev.flashbank.core.ops.OperationResult;
import dev.flashbank.core.ops.ReadOperation;
import dev.flashbank.core.ops.ReadResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flashbank read}: dump memory to a file or to standard output. A regular file is replaced atomically; a pipe,
 * a device or {@code /dev/stdout} is written directly (never renamed over, see {@code AtomicFiles}); {@code -o -} is
 * standard output itself (the summary then goes to standard error); a directory is a usage error.
 */
@Command(name = "read", header = "Read memory and save it as BIN, Intel HEX or S-record.", mixinStandardHelpOptions = true,
        description = { "Read flash (or any memory) and save it as BIN, Intel HEX or S-record.",
                "Addresses go through the SWP_FB remap as the CPU sees them." })
public final class ReadCommand extends OperationCommand {

    /** The {@code -o} value that means standard output. */
    static final String STDOUT = "-";

    @Option(names = "--range", required = true, paramLabel = "RANGE",
            description = "START-END (inclusive) or START+SIZE, e.g. 0x08100000+64K.")
    String range;

    @Option(names = { "-o", "--out" }, required = true, paramLabel = "FILE",
            description = { "Output file (a regular file is replaced atomically; pipes and devices are written",
                    "directly); '-' writes to standard output (BIN unless --format says otherwise)." })
    String out;

    private AddressRange parsedRange;
    private ImageFormat fmt;

    private boolean toStdout() {
        return STDOUT.equals(out);
    }

    @Override
    protected ImageOptionUse imageOptionUse() {
        return ImageOptionUse.OUTPUT_FORMAT; // --format names the output format; --base is refused (usage error)
    }

    @Override
    protected void validate() throws CliException {
        super.validate();
        parsedRange = Numbers.range(range);
        progressBytes = parsedRange.size();
        if (out.isBlank()) {
            throw new CliException(ExitCodes.USAGE, "-o needs a file name (or '-' for standard output)");
        }
        if (toStdout() && json()) {
            throw new CliException(ExitCodes.USAGE, "-o - writes the data to standard output, where --json writes its "
                    + "report: give a file with -o, or leave out --json");
        }
        Path file = toStdout() ? null : Path.of(out);
        if (file != null && Files.isDirectory(file)) {
            throw new CliException(ExitCodes.USAGE, out + " is a directory: -o names the file to write (e.g. "
                    + file.resolve("dump.bin") + ")");
        }
        if (format != null) {
            fmt = ImageFormat.parse(format).orElseThrow(() -> new CliException(ExitCodes.USAGE, "unknown format '"
                    + format + "' (bin, hex, srec)"));
        } else {
            Path name = file == null ? null : file.getFileName();
            fmt = name == null ? ImageFormat.BIN : ImageFormat.byExtension(name.toString()).orElse(ImageFormat.BIN);
        }
    }

    @Override
    protected int run(TargetConnection c) throws CliException {
        return execute(new ReadOperation(context(c), parsedRange,
                toStdout() ? Optional.empty() : Optional.of(Path.of(out)), fmt));
    }

    @Override
    protected void delivered(OperationResult r) throws CliException {
        if (!toStdout()) {
            return;
        }
        ReadResult rr = (ReadResult) r;
        out().flush();
        OutputStream bytes = ((FlashbankCli) spec.root().userObject()).stdoutBytes();
        try {
            bytes.write(ImageWriter.toBytes(rr.image(), fmt, ""));
            bytes.flush();
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "writing to standard output failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected PrintWriter reportStream() {
        return toStdout() ? err() : out();
    }
}
