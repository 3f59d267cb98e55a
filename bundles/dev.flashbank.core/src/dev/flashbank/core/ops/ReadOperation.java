package dev.flashbank.core.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageWriter;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.io.AtomicFiles;
import dev.flashbank.core.target.TargetException;

/**
 * Read / dump: reads an address range (flash through the SWP_FB remap in effect, or any other memory the bus
 * answers) in chunks of {@link VerifyOperation#CHUNK} bytes (cancel between chunks) and, when a file is given, writes
 * it with the image writers (Intel HEX, S-record or BIN; written to a temporary file and moved into place, so a
 * canceled or failed dump never leaves a half file).
 */
public final class ReadOperation implements TargetOperation<ReadResult> {

    private final OperationContext ctx;
    private final AddressRange range;
    private final Optional<Path> file;
    private final ImageFormat format;

    /**
     * The most one read holds in memory (the data and then its file image): far more than the flash and RAM of the
     * parts Flashbank knows (a few MiB at most), and small enough that a mistyped range (0x08000000-0x7FFFFFFF) is a
     * refusal rather than an exhausted heap.
     */
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    public ReadOperation(OperationContext ctx, AddressRange range, Optional<Path> file, ImageFormat format) {
        this.ctx = ctx;
        this.range = range;
        this.file = file;
        this.format = format;
    }

    @Override
    public String name() {
        return "Read";
    }

    @Override
    public OperationTarget target() {
        return ctx.target();
    }

    @Override
    public ReadResult run(FlashProgress progress) throws OperationException, TargetException {
        if (range.size() == 0 || range.size() > MAX_BYTES) {
            throw new OperationRefusedException(name(), "cannot read " + range.size() + " bytes at once: one read "
                    + "holds at most " + MAX_BYTES / (1024 * 1024) + " MiB in memory.", String.format("flashbank read "
                            + "--range 0x%08X+%dM, then the next range (more than a whole flash or RAM in one read)",
                            range.start(), MAX_BYTES / (1024 * 1024)));
        }
        if (!format.writable()) {
            throw new OperationRefusedException(name(), format.displayName() + " files cannot be written.",
                    "flashbank read --format hex|srec|bin (or a .hex/.srec/.bin file name)");
        }
        FlashGeometry g = ctx.geometry();
        boolean flash = g.windowOf(range.start()).isPresent();
        if (flash) {
            Optional<FlashWindow> w = g.windowOf(range.start());
            if (!g.windowRange(w.get()).contains(range)) {
                throw new OperationRefusedException(name(), range + " runs past the end of the flash ("
                        + g.windowRange(w.get()) + ").", "");
            }
            Preflight.requireReadable(name(), ctx);
        }
        byte[] data = new byte[(int) range.size()];
        progress.begin("Reading " + range, range.size());
        for (int off = 0; off < data.length; off += VerifyOperation.CHUNK) {
            if (progress.isCanceled()) {
                throw new OperationCanceledException(name(), off + " of " + data.length + " bytes read; no file "
                        + "written");
            }
            int len = Math.min(VerifyOperation.CHUNK, data.length - off);
            byte[] part = ctx.driver().readFlash(range.start() + off, len);
            System.arraycopy(part, 0, data, off, len);
            progress.worked(len);
        }
        FirmwareImage image = FirmwareImage.of(ctx.target().description(), format,
                List.of(new Segment(range.start(), data, "read from " + ctx.target().description())),
                OptionalLong.empty());
        if (file.isPresent()) {
            write(image, file.get());
        }
        return new ReadResult(range, image, file, format);
    }

    private void write(FirmwareImage image, Path target) throws OperationException {
        try {
            byte[] bytes = ImageWriter.toBytes(image, format,
                    target.getFileName() == null ? "" : target.getFileName().toString());
            AtomicFiles.write(target, out -> out.write(bytes));
        } catch (IOException e) {
            throw new OperationException("Read: writing " + target + " failed: " + e.getMessage(), e);
        }
    }
}
