package dev.flashbank.core.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.stm32f7.OptionBytes;
import dev.flashbank.core.device.stm32f7.Stm32F7Line;
import dev.flashbank.core.device.stm32f7.Stm32F7Registers;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.io.AtomicFiles;

/**
 * The human-readable option-byte profile / backup file:
 *
 * <pre>
 * # Flashbank option bytes — the words are authoritative, the decoded lines are comments
 * format: flashbank-option-bytes 1
 * part: STM32F767ZI
 * line: F76X
 * flash-kib: 2048
 * created: 2026-11-22T08:40:00Z
 * note: backup before writing BOR_LEV, BOOT_ADD1
 * OPTCR: 0xFFFFAAFD
 * OPTCR1: 0x00400080
 * #   RDP        0xAA = level 0: no read protection
 * #   BOR_LEV    11 = BOR off ...
 * </pre>
 *
 * OPTCR2 is present exactly on lines with PCROP (F72x/F73x). A profile never carries a confirmation: a "confirm..."
 * key refuses the whole file ({@link StoredConfirmationException}); whoever applies it confirms at that time.
 * Written atomically (temporary file in the same directory,
 * forced to disk, renamed over the target) so a crash never leaves a half-written backup; read with validation: every
 * problem is an {@link OptionProfileException} naming the file and line.
 */
public final class OptionProfileFile {

    public static final String FORMAT = "flashbank-option-bytes";
    public static final int VERSION = 1;
    /** File name extension of profiles and backups. */
    public static final String EXTENSION = ".fbopt";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    private OptionProfileFile() {
    }

    /** File name for a backup of {@code partName} taken at {@code when}: "STM32F767ZI-20261122-084000-123.fbopt". */
    public static String backupFileName(String partName, Instant when) {
        return partName.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + STAMP.format(when) + EXTENSION;
    }

    /** The file content. */
    public static String render(OptionProfile p) {
        OptionImage o = p.options();
        StringBuilder b = new StringBuilder();
        b.append("# Flashbank option bytes. The ").append(o.registerNames().get(0))
                .append(" words are authoritative; the decoded lines are comments.\n");
        b.append("format: ").append(FORMAT).append(' ').append(VERSION).append('\n');
        b.append("part: ").append(p.partName()).append('\n');
        b.append("line: ").append(o.lineId()).append("   # ").append(o.lineName()).append('\n');
        b.append("flash-kib: ").append(p.flashSizeKiB()).append('\n');
        b.append("created: ").append(p.created()).append('\n');
        if (!p.note().isEmpty()) {
            b.append("note: ").append(p.note()).append('\n');
        }
        for (String register : o.registerNames()) {
            b.append(String.format("%s: 0x%08X%n", register, o.word(register)));
        }
        b.append("# decoded (").append(o.bankMode().name().toLowerCase(Locale.ROOT)).append(" bank):\n");
        for (OptionField f : o.fields(p.flashSizeKiB())) {
            b.append(String.format("#   %-10s %s%n", f.name(), f.describe(o.get(f))));
        }
        return b.toString().replace("\r", "");
    }

    /** Writes {@code profile} to {@code file} atomically (temp file + fsync + atomic rename in the same directory). */
    public static void write(Path file, OptionProfile profile) throws IOException {
        byte[] content = render(profile).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(content));
    }

    /** Reads and validates a profile. */
    public static OptionProfile read(Path file) throws OptionProfileException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new OptionProfileException(file, 0, "no such file");
        } catch (IOException e) {
            throw new OptionProfileException(file, "cannot read: " + e.getMessage(), e);
        }
        return parse(file, lines);
    }

    /** Parses profile text ({@code file} only names the source in errors). */
    public static OptionProfile parse(Path file, List<String> lines) throws OptionProfileException {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        List<String> known = List.of("format", "part", "line", "flash-kib", "created", "note", Stm32F7Registers.OPTCR,
                Stm32F7Registers.OPTCR1, Stm32F7Registers.OPTCR2);
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            int n = i + 1;
            String s = raw.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            int colon = s.indexOf(':');
            if (colon <= 0) {
                throw new OptionProfileException(file, n, "expected \"key: value\", got \"" + s + "\"");
            }
            String key = s.substring(0, colon).strip();
            String value = s.substring(colon + 1);
            if (!key.equals("note")) {
                int hash = value.indexOf('#');
                if (hash >= 0) {
                    value = value.substring(0, hash);
                }
            }
            value = value.strip();
            if (StoredConfirmation.isConfirmationKey(key)) {
                throw new StoredConfirmationException(file, n, key);
            }
            if (!known.contains(key)) {
                throw new OptionProfileException(file, n, "unknown key \"" + key + "\" (known: " + String.join(", ", known) + ")");
            }
            if (values.containsKey(key)) {
                throw new OptionProfileException(file, n, "\"" + key + "\" appears twice (first on line " + lineOf.get(key) + ")");
            }
            values.put(key, value);
            lineOf.put(key, n);
        }
        String format = require(file, values, "format");
        if (!format.equals(FORMAT + " " + VERSION)) {
            throw new OptionProfileException(file, lineOf.get("format"), "unsupported format \"" + format
                    + "\" (this Flashbank reads \"" + FORMAT + " " + VERSION + "\")");
        }
        String part = require(file, values, "part");
        String lineName = require(file, values, "line");
        Stm32F7Line line;
        try {
            line = Stm32F7Line.valueOf(lineName);
        } catch (IllegalArgumentException e) {
            throw new OptionProfileException(file, lineOf.get("line"), "unknown STM32F7 line \"" + lineName + "\" (known: "
                    + java.util.Arrays.stream(Stm32F7Line.values()).map(Enum::name).reduce((a, b) -> a + ", " + b).orElse("")
                    + ")");
        }
        int kib;
        try {
            kib = Integer.parseInt(require(file, values, "flash-kib"));
        } catch (NumberFormatException e) {
            throw new OptionProfileException(file, lineOf.get("flash-kib"), "flash-kib is not a number");
        }
        if (!line.flashSizesKiB().contains(kib)) {
            throw new OptionProfileException(file, lineOf.get("flash-kib"), line.displayName() + " has no " + kib
                    + " KiB variant (sizes: " + line.flashSizesKiB() + ")");
        }
        Instant created;
        try {
            created = values.containsKey("created") ? Instant.parse(values.get("created")) : Instant.EPOCH;
        } catch (DateTimeParseException e) {
            throw new OptionProfileException(file, lineOf.get("created"), "created is not an ISO-8601 instant");
        }
        int optcr = word(file, values, lineOf, Stm32F7Registers.OPTCR);
        int optcr1 = word(file, values, lineOf, Stm32F7Registers.OPTCR1);
        int optcr2 = 0;
        if (line.hasPcrop()) {
            optcr2 = word(file, values, lineOf, Stm32F7Registers.OPTCR2);
        } else if (values.containsKey(Stm32F7Registers.OPTCR2)) {
            throw new OptionProfileException(file, lineOf.get(Stm32F7Registers.OPTCR2), line.displayName()
                    + " has no OPTCR2 (PCROP exists on F72x/F73x only)");
        }
        OptionBytes options = OptionBytes.of(line, optcr, optcr1, optcr2);
        // The record silently drops bits outside the option fields (and OPTLOCK/OPTSTRT); a profile must not rely on them.
        check(file, lineOf, Stm32F7Registers.OPTCR, optcr, options.optcr() | controlBits(line, optcr));
        check(file, lineOf, Stm32F7Registers.OPTCR1, optcr1, options.optcr1());
        if (line.hasPcrop()) {
            check(file, lineOf, Stm32F7Registers.OPTCR2, optcr2, options.optcr2());
        }
        try {
            return new OptionProfile(part, kib, options, created, values.getOrDefault("note", ""));
        } catch (IllegalArgumentException e) {
            throw new OptionProfileException(file, lineOf.get("part"), e.getMessage());
        }
    }

    /** OPTLOCK/OPTSTRT as present in {@code optcr}: tolerated in a file (a raw register dump has OPTLOCK = 1). */
    private static int controlBits(Stm32F7Line line, int optcr) {
        var oc = Stm32F7Registers.of(line).optcr();
        return optcr & (oc.field(Stm32F7Registers.OPTLOCK).mask() | oc.field(Stm32F7Registers.OPTSTRT).mask());
    }

    private static void check(Path file, Map<String, Integer> lineOf, String reg, int given, int kept)
            throws OptionProfileException {
        if (given != kept) {
            throw new OptionProfileException(file, lineOf.get(reg), String.format(
                    "%s = 0x%08X sets bits 0x%08X that are not option bits of this line", reg, given, given & ~kept));
        }
    }

    private static String require(Path file, Map<String, String> values, String key) throws OptionProfileException {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            throw new OptionProfileException(file, 0, "missing \"" + key + ":\" line");
        }
        return v;
    }

    private static int word(Path file, Map<String, String> values, Map<String, Integer> lineOf, String key)
            throws OptionProfileException {
        String v = require(file, values, key);
        String hex = v.toLowerCase(Locale.ROOT).replace("_", "");
        if (!hex.matches("0x[0-9a-f]{1,8}")) {
            throw new OptionProfileException(file, lineOf.get(key), key + " must be a hex word like 0xFFFFAAFD, got \"" + v + "\"");
        }
        return (int) Long.parseLong(hex.substring(2), 16);
    }
}
