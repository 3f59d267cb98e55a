package dev.flashbank.core.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes an image in a chosen format (Intel HEX, S-record, BIN); ELF is not writable. */
public final class ImageWriter {

    private ImageWriter() {
    }

    /**
     * The file contents for {@code image} in {@code format}.
     *
     * @param name used for the S-record S0 header
     * @throws IllegalArgumentException for {@link ImageFormat#ELF} (see {@link ImageFormat#writable()}) or an empty
     *             image as BIN
     */
    public static byte[] toBytes(FirmwareImage image, ImageFormat format, String name) {
        return switch (format) {
            case INTEL_HEX -> IntelHexWriter.write(image);
            case SREC -> SrecWriter.write(image, name);
            case BIN -> BinWriter.write(image);
            case ELF -> throw new IllegalArgumentException("writing ELF is not supported; choose HEX, S-record or BIN");
        };
    }

    /** Writes {@code image} to {@code file} in {@code format}. */
    public static void write(FirmwareImage image, ImageFormat format, Path file) throws IOException {
        Path name = file.getFileName();
        Files.write(file, toBytes(image, format, name == null ? "" : name.toString()));
    }
}
