package dev.flashbank.core.image;

import java.util.OptionalLong;

/**
 * Where in an image file something is: a 1-based line (text formats: Intel HEX, S-record), a byte offset (binary
 * formats: ELF, BIN), or the file as a whole (e.g. "no data at all").
 */
public record ImageLocation(Kind kind, long value) {

    /** What {@link #value()} counts. */
    public enum Kind {
        /** 1-based line number in a text file. */
        LINE,
        /** 0-based byte offset from the start of the file. */
        BYTE_OFFSET,
        /** The whole file; {@link #value()} is 0. */
        FILE
    }

    public ImageLocation {
        if (kind == null) {
            throw new NullPointerException("kind");
        }
        if (kind == Kind.LINE && value < 1 || value < 0 || kind == Kind.FILE && value != 0) {
            throw new IllegalArgumentException(kind + " " + value);
        }
    }

    public static ImageLocation line(long line) {
        return new ImageLocation(Kind.LINE, line);
    }

    public static ImageLocation offset(long offset) {
        return new ImageLocation(Kind.BYTE_OFFSET, offset);
    }

    public static ImageLocation wholeFile() {
        return new ImageLocation(Kind.FILE, 0);
    }

    public OptionalLong line() {
        return kind == Kind.LINE ? OptionalLong.of(value) : OptionalLong.empty();
    }

    public OptionalLong offset() {
        return kind == Kind.BYTE_OFFSET ? OptionalLong.of(value) : OptionalLong.empty();
    }

    /** "line 12", "byte offset 0x34 (52)" or "" for the whole file. */
    @Override
    public String toString() {
        return switch (kind) {
            case LINE -> "line " + value;
            case BYTE_OFFSET -> String.format("byte offset 0x%X (%d)", value, value);
            case FILE -> "";
        };
    }
}
