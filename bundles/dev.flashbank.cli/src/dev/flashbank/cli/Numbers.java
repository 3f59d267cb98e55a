package dev.flashbank.cli;

import java.util.Locale;

import dev.flashbank.core.device.AddressRange;

/** Parsing of addresses, sizes and ranges as firmware developers write them (0x0810_0000, 16K, 2M). */
public final class Numbers {

    private Numbers() {
    }

    /** Decimal or 0x-hex, underscores allowed; K/M suffix multiplies by 1024/1024². */
    public static long parse(String text, String what) throws CliException {
        String t = text.strip().replace("_", "").toUpperCase(Locale.ROOT);
        long mult = 1;
        if (t.endsWith("K") && !t.startsWith("0X")) {
            mult = 1024;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("M") && !t.startsWith("0X")) {
            mult = 1024 * 1024;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(v, mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CliException(ExitCodes.USAGE, "bad " + what + " '" + text + "' (use 0x08100000, 134217728 or 16K)");
        }
    }

    /** The range, or a usage error when it leaves the 32-bit address space of the Cortex-M (end above 0xFFFFFFFF). */
    private static AddressRange inAddressSpace(String text, long start, long size) throws CliException {
        if (start > ADDRESS_SPACE_END - 1 || size > ADDRESS_SPACE_END - start) {
            throw new CliException(ExitCodes.USAGE, "range '" + text + "' runs past the end of the 32-bit address "
                    + "space (0xFFFFFFFF)");
        }
        return new AddressRange(start, size);
    }

    /** Exclusive end of the Cortex-M address space. */
    private static final long ADDRESS_SPACE_END = 0x1_0000_0000L;

    /** {@code START-END} (END inclusive) or {@code START+SIZE}. */
    public static AddressRange range(String text) throws CliException {
        int plus = text.indexOf('+');
        int dash = text.indexOf('-');
        if (plus > 0) {
            long start = parse(text.substring(0, plus), "start address");
            long size = parse(text.substring(plus + 1), "size");
            if (size == 0) {
                throw new CliException(ExitCodes.USAGE, "empty range '" + text + "'");
            }
            return inAddressSpace(text, start, size);
        }
        if (dash > 0) {
            long start = parse(text.substring(0, dash), "start address");
            long last = parse(text.substring(dash + 1), "end address");
            if (last < start) {
                throw new CliException(ExitCodes.USAGE, "range '" + text + "' ends before it starts");
            }
            return inAddressSpace(text, start, last - start + 1);
        }
        throw new CliException(ExitCodes.USAGE, "bad range '" + text + "' (use START-END or START+SIZE, e.g. 0x08000000+32K)");
    }
}
