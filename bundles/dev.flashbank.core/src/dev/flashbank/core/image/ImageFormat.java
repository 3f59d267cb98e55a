package dev.flashbank.core.image;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The image file formats Flashbank reads and (except ELF) writes. */
public enum ImageFormat {
    /** ELF32 little-endian ARM executable, as linked by arm-none-eabi-ld. Read only. */
    ELF("ELF", List.of("elf", "axf", "out")),
    /** Intel HEX (I8HEX/I16HEX/I32HEX: record types 00-05). */
    INTEL_HEX("Intel HEX", List.of("hex", "ihex", "ihx")),
    /** Motorola S-record (S0-S3, S5-S9). */
    SREC("S-record", List.of("srec", "s19", "s28", "s37", "mot", "s")),
    /** Raw bytes without addresses; needs a base address to be placed. */
    BIN("raw binary", List.of("bin"));

    private final String displayName;
    private final List<String> extensions;

    ImageFormat(String displayName, List<String> extensions) {
        this.displayName = displayName;
        this.extensions = extensions;
    }

    public String displayName() {
        return displayName;
    }

    /** Whether {@link ImageWriter} can write this format (all but ELF, which needs a linker). */
    public boolean writable() {
        return this != ELF;
    }

    /** Usual file extensions, lower case, without the dot; the first is the one writers suggest. */
    public List<String> extensions() {
        return extensions;
    }

    /** The format a file name's extension suggests (only a hint: readers detect by content). */
    public static Optional<ImageFormat> byExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String ext = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (ImageFormat f : values()) {
            if (f.extensions.contains(ext)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Accepts the enum name or a usual extension ("hex", "ihex", "srec", "s19", "elf", "bin"), case-insensitive. */
    public static Optional<ImageFormat> parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (ImageFormat f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(t) || f.extensions.contains(t)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return displayName;
    }
}
