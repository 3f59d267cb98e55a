package dev.flashbank.core.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Entry point for reading firmware images: detects the format by content (never by file name alone), with an explicit
 * override, and dispatches to {@link ElfReader}, {@link IntelHexReader}, {@link SrecReader} or {@link BinReader}.
 * <p>
 * Detection: the ELF magic {@code 0x7F 'E' 'L' 'F'} means ELF; a text file whose first non-blank character is ':'
 * means Intel HEX; one starting with 'S' and a digit means S-record; anything else is only accepted as a raw binary
 * when a base address is given (a binary has no addresses of its own).
 */
public final class ImageReader {

    private ImageReader() {
    }

    /** The format {@code content} looks like, or empty when it is none of ELF, Intel HEX, S-record (e.g. a BIN). */
    public static Optional<ImageFormat> detect(byte[] content) {
        if (ElfReader.looksLikeElf(content)) {
            return Optional.of(ImageFormat.ELF);
        }
        int i = 0;
        while (i < content.length && (content[i] == ' ' || content[i] == '\t' || content[i] == '\r' || content[i] == '\n')) {
            i++;
        }
        if (i < content.length && content[i] == ':' && i + 1 < content.length && isHex(content[i + 1])) {
            return Optional.of(ImageFormat.INTEL_HEX);
        }
        if (i + 1 < content.length && content[i] == 'S' && content[i + 1] >= '0' && content[i + 1] <= '9') {
            return Optional.of(ImageFormat.SREC);
        }
        return Optional.empty();
    }

    private static boolean isHex(byte b) {
        return TextRecords.isHexDigit((char) (b & 0xFF));
    }

    /** Reads {@code file}, detecting its format; a raw binary is refused (it needs a base address). */
    public static FirmwareImage read(Path file) throws IOException, ImageFormatException {
        return read(file, Optional.empty(), OptionalLong.empty());
    }

    /**
     * Reads {@code file}.
     *
     * @param format the format to read as, overriding detection; empty = detect by content
     * @param binBase base address for a raw binary (required to read one, ignored otherwise)
     */
    public static FirmwareImage read(Path file, Optional<ImageFormat> format, OptionalLong binBase)
            throws IOException, ImageFormatException {
        return read(file.toString(), Files.readAllBytes(file), format, binBase);
    }

    /** Reads in-memory {@code content}; {@code name} is used in errors and as the image source. */
    public static FirmwareImage read(String name, byte[] content, Optional<ImageFormat> format, OptionalLong binBase)
            throws ImageFormatException {
        ImageFormat f = format.isPresent() ? format.get() : detect(content).orElse(null);
        if (f == null) {
            if (binBase.isEmpty()) {
                throw new ImageFormatException(name, content.length == 0 ? ImageLocation.wholeFile() : ImageLocation.offset(0),
                        content.length == 0 ? "empty file"
                                : "not an ELF, Intel HEX or S-record file; if it is a raw binary, give its base address");
            }
            f = ImageFormat.BIN;
        }
        return switch (f) {
            case ELF -> ElfReader.read(name, content);
            case INTEL_HEX -> IntelHexReader.read(name, content);
            case SREC -> SrecReader.read(name, content);
            case BIN -> {
                if (binBase.isEmpty()) {
                    throw new ImageFormatException(name, ImageLocation.wholeFile(),
                            "a raw binary has no addresses: give its base address (e.g. 0x08000000)");
                }
                yield BinReader.read(name, content, binBase.getAsLong());
            }
        };
    }
}
