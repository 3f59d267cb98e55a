package dev.flashbank.stlink.usb;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * ST-Link serial numbers, with the clone/old-firmware fix-up. Correct probes report 24 hex digits as a UTF-16 string
 * descriptor. Old ST-LINK/V2 firmware (and many clones) put the 12 raw bytes of the unique id into the descriptor, one
 * per UTF-16 unit, so the descriptor is 26 bytes long (2 + 12 × 2) and unreadable as text. OpenOCD's
 * {@code stlink_usb_get_alternate_serial} detects exactly that length and prints the raw bytes as hex; we do the same,
 * so every tool shows the same serial for the same probe.
 */
public final class StlinkSerial {

    private StlinkSerial() {
    }

    /** Raw serial bytes of the buggy descriptor (OpenOCD STLINK_SERIAL_LEN / 2). */
    public static final int RAW_SERIAL_BYTES = 12;
    /** bLength of a buggy descriptor: header + 12 UTF-16 units (OpenOCD: "len == 26 => buggy ST-Link"). */
    public static final int BUGGY_DESCRIPTOR_LENGTH = 2 + RAW_SERIAL_BYTES * 2;

    /** Serial from a raw USB string descriptor (bLength, bDescriptorType = 3, UTF-16LE text). */
    public static String fromDescriptor(byte[] descriptor) {
        if (descriptor == null || descriptor.length < 2) {
            return null;
        }
        int length = Math.min(descriptor[0] & 0xFF, descriptor.length);
        if (length == BUGGY_DESCRIPTOR_LENGTH) {
            StringBuilder sb = new StringBuilder(RAW_SERIAL_BYTES * 2);
            for (int i = 0; i < RAW_SERIAL_BYTES; i++) {
                sb.append(String.format("%02X", descriptor[2 + 2 * i] & 0xFF));
            }
            return sb.toString();
        }
        return new String(descriptor, 2, Math.max(0, length - 2), StandardCharsets.UTF_16LE);
    }

    /**
     * Serial from a string the OS already decoded (sysfs {@code serial}, libusb ASCII descriptor, user input): a
     * 12-character string that is not plain text is the buggy raw form and becomes 24 hex digits.
     */
    public static String fromText(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.length() == RAW_SERIAL_BYTES && !s.chars().allMatch(c -> c < 0x80 && Character.isLetterOrDigit(c))
                && s.chars().allMatch(c -> c <= 0xFF)) {
            StringBuilder sb = new StringBuilder(RAW_SERIAL_BYTES * 2);
            s.chars().forEach(c -> sb.append(String.format("%02X", c)));
            return sb.toString();
        }
        return s;
    }

    /** Case-insensitive: the query equals the serial, or is a part of it (partial serial selection). */
    public static boolean matches(String serial, String query) {
        if (serial == null || query == null || query.isBlank()) {
            return false;
        }
        return serial.toUpperCase(Locale.ROOT).contains(fromText(query).toUpperCase(Locale.ROOT));
    }

    public static boolean matchesExactly(String serial, String query) {
        return serial != null && query != null && serial.equalsIgnoreCase(fromText(query));
    }
}
