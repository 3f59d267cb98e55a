package dev.flashbank.core.banks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.FlashGeometry;

/**
 * What a bank's content says about the firmware in it: the Cortex-M vector table (word 0 initial SP, word 1 reset
 * handler - ARMv7-M vector table layout, the same two words {@code BankSurvey} and the boot model check), whether it
 * is plausible, and the version string and GNU build id if present.
 *
 * @param erased the vector table reads 0xFFFFFFFF 0xFFFFFFFF
 * @param initialSp word 0
 * @param resetHandler word 1
 * @param problems why the vector table is not plausible (empty: plausible)
 * @param version a printable, NUL-terminated string with a dotted version number (e.g. "app 1.2.3"), if found
 * @param versionOffset its offset in the bank, -1 when none
 * @param buildId the GNU build id (hex) from an NT_GNU_BUILD_ID note the linker placed in flash, if found
 */
public record ImageSummary(boolean erased, long initialSp, long resetHandler, List<String> problems,
        Optional<String> version, long versionOffset, Optional<String> buildId) {

    /** Shortest run of printable characters considered a string (shorter runs appear by chance in code). */
    public static final int MIN_STRING = 5;
    /** A dotted version number inside a string: 1.2, v0.10.3, 2024.1.0-rc1. */
    static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");
    /** ELF note type NT_GNU_BUILD_ID with name "GNU\0" (ELF gABI / GNU ld --build-id). */
    static final int NT_GNU_BUILD_ID = 3;
    private static final byte[] GNU = "GNU\0".getBytes(StandardCharsets.US_ASCII);

    public ImageSummary {
        problems = List.copyOf(problems);
    }

    public boolean plausible() {
        return !erased && problems.isEmpty();
    }

    /**
     * Summarises {@code content} (a bank from offset 0); {@code ram} are the RAM regions the initial SP may point to
     * (the top of a region included: the stack grows down from its end).
     */
    public static ImageSummary of(byte[] content, FlashGeometry geometry, List<AddressRange> ram) {
        long sp = content.length >= 8 ? le32(content, 0) : 0xFFFF_FFFFL;
        long reset = content.length >= 8 ? le32(content, 4) : 0xFFFF_FFFFL;
        boolean erased = sp == 0xFFFF_FFFFL && reset == 0xFFFF_FFFFL;
        List<String> problems = new ArrayList<>();
        if (!erased) {
            if ((sp & 3) != 0 || ram.stream().noneMatch(r -> sp > r.start() && sp <= r.end())) {
                problems.add(String.format("initial SP 0x%08X is not a word-aligned address in RAM", sp));
            }
            if ((reset & 1) == 0) {
                problems.add(String.format("reset handler 0x%08X is not a Thumb address (bit 0 clear)", reset));
            }
            if (geometry.windowOf(reset & ~1L).isEmpty()) {
                problems.add(String.format("reset handler 0x%08X is not in flash", reset));
            }
        }
        long[] vo = { -1 };
        Optional<String> version = erased && allErased(content) ? Optional.empty() : findVersion(content, vo);
        return new ImageSummary(erased, sp, reset, problems, version, vo[0], findBuildId(content));
    }

    /** One line for the view: "SP 0x20080000, reset 0x080001C9 - plausible; version "app 1.2.3"". */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (erased) {
            b.append("vector table erased (no image)");
        } else {
            b.append(String.format("SP 0x%08X, reset 0x%08X - %s", initialSp, resetHandler,
                    problems.isEmpty() ? "plausible vector table" : "NOT plausible: " + String.join("; ", problems)));
        }
        version.ifPresent(v -> b.append(String.format("; version \"%s\" at +0x%X", v, versionOffset)));
        buildId.ifPresent(id -> b.append("; build id ").append(id));
        return b.toString();
    }

    private static Optional<String> findVersion(byte[] c, long[] offsetOut) {
        int start = -1;
        for (int i = 0; i < c.length; i++) {
            int x = c[i] & 0xFF;
            boolean printable = x >= 0x20 && x < 0x7F;
            if (printable) {
                if (start < 0) {
                    start = i;
                }
            } else {
                if (x == 0 && start >= 0 && i - start >= MIN_STRING) {
                    String s = new String(c, start, i - start, StandardCharsets.US_ASCII);
                    if (VERSION.matcher(s).find()) {
                        offsetOut[0] = start;
                        return Optional.of(s);
                    }
                }
                start = -1;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> findBuildId(byte[] c) {
        // note header: namesz = 4, descsz, type = 3, then "GNU\0" and descsz bytes (ELF notes are 4-byte aligned)
        for (int i = 0; i + 16 <= c.length; i += 4) {
            if (le32(c, i) == 4 && le32(c, i + 8) == NT_GNU_BUILD_ID && matches(c, i + 12, GNU)) {
                long descsz = le32(c, i + 4);
                if (descsz >= 8 && descsz <= 64 && i + 16 + descsz <= c.length) {
                    return Optional.of(HexFormat.of().formatHex(c, i + 16, i + 16 + (int) descsz));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean matches(byte[] c, int at, byte[] what) {
        for (int k = 0; k < what.length; k++) {
            if (c[at + k] != what[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean allErased(byte[] c) {
        return CachedBankReader.erased(c);
    }

    static long le32(byte[] b, int o) {
        return (b[o] & 0xFFL) | (b[o + 1] & 0xFFL) << 8 | (b[o + 2] & 0xFFL) << 16 | (b[o + 3] & 0xFFL) << 24;
    }
}
