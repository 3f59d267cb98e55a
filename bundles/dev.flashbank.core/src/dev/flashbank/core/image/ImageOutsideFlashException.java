package dev.flashbank.core.image;

import java.util.List;

import dev.flashbank.core.device.AddressRange;

/**
 * Image data lies outside the flash it is meant for. Names the first offending address and where that byte came from
 * in the source file (line, ELF section/program header, BIN offset), so the user can find the culprit (typically a
 * wrong linker script or a section placed in RAM without an AT&gt; load address).
 */
public class ImageOutsideFlashException extends ImageException {
    private static final long serialVersionUID = 1L;

    private final long address;
    private final String origin;
    private final List<AddressRange> allowed;

    public ImageOutsideFlashException(String file, long address, String origin, List<AddressRange> allowed) {
        super(String.format("%s: data at 0x%08X (%s) is outside flash %s", file, address, origin, describe(allowed)));
        this.address = address;
        this.origin = origin;
        this.allowed = List.copyOf(allowed);
    }

    private static String describe(List<AddressRange> allowed) {
        if (allowed.isEmpty()) {
            return "(no flash range given)";
        }
        StringBuilder sb = new StringBuilder();
        for (AddressRange r : allowed) {
            sb.append(sb.length() == 0 ? "" : ", ").append(r);
        }
        return sb.toString();
    }

    /** The first (lowest) image address not inside any allowed range. */
    public long address() {
        return address;
    }

    /** Where the byte at {@link #address()} came from, e.g. "line 57" or "section .data (program header 1)". */
    public String origin() {
        return origin;
    }

    public List<AddressRange> allowed() {
        return allowed;
    }
}
