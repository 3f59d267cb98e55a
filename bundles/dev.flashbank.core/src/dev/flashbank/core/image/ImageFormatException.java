package dev.flashbank.core.image;

import java.util.Objects;

/**
 * An image file cannot be read: the one error a reader reports, naming the file, the line (Intel HEX, S-record) or
 * byte offset (ELF, BIN) and the reason, e.g. {@code app.hex: line 12: bad checksum 0x3C, the record sums to 0x3D}.
 */
public class ImageFormatException extends ImageException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final ImageLocation location;
    private final String reason;

    public ImageFormatException(String file, ImageLocation location, String reason) {
        this(file, location, reason, null);
    }

    public ImageFormatException(String file, ImageLocation location, String reason, Throwable cause) {
        super(format(file, location, reason), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.location = Objects.requireNonNull(location, "location");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    private static String format(String file, ImageLocation location, String reason) {
        String where = location.toString();
        return where.isEmpty() ? file + ": " + reason : file + ": " + where + ": " + reason;
    }

    /** The file name as the user gave it. */
    public String file() {
        return file;
    }

    public ImageLocation location() {
        return location;
    }

    /** The reason alone, without file and location. */
    public String reason() {
        return reason;
    }
}
