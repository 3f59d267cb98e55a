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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FamilyProvider;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.io.AtomicFiles;

/**
 * The human-readable option-byte profile / backup file:
 *
 * <pre>
 * # Flashbank option bytes — the words are authoritative, the decoded lines are comments
 * format: flashbank-option-bytes 1
 * part: &lt;order code&gt;
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
 * The register lines are exactly the option registers of the part's line ({@link OptionImage#registerNames()}; F7:
 * OPTCR, OPTCR1 and, on F72x/F73x with PCROP, OPTCR2; H7: OPTSR_PRG, PRAR_PRGx, SCAR_PRGx, WPSN_PRGxR, BOOT_PRGR),
 * and the line is found among the families the reader is given ({@link #read(Path, Families)}): files written before
 * other families existed load unchanged. A profile never carries a confirmation: a "confirm..."
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

    /** File name for a backup of {@code partName} taken at {@code when}: "&lt;order code&gt;-20261122-084000-123.fbopt". */
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

    /** Reads and validates a profile of a line of {@code families} (the CLI, launches and the IDE: the installed ones). */
    public static OptionProfile read(Path file, Families families) throws OptionProfileException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new OptionProfileException(file, 0, "no such file");
        } catch (IOException e) {
            throw new OptionProfileException(file, "cannot read: " + e.getMessage(), e);
        }
        return parse(file, lines, families);
    }

    /** One line as profiles name it: its family, a descriptor and the factory options (the template of its words). */
    private record KnownLine(FamilyProvider family, DeviceDescriptor descriptor, OptionImage factory) {

        String id() {
            return factory.lineId();
        }
    }

    /** Every line of {@code families}, by the line id its option images record, in family order. */
    private static Map<String, KnownLine> knownLines(Families families) {
        Map<String, KnownLine> known = new LinkedHashMap<>();
        for (FamilyProvider f : families.providers()) {
            for (DeviceDescriptor d : f.descriptors()) {
                OptionImage factory = f.factoryOptions(d, d.flashSizesKiB().get(0));
                known.putIfAbsent(factory.lineId(), new KnownLine(f, d, factory));
            }
        }
        return known;
    }

    /**
     * Parses profile text ({@code file} only names the source in errors): the line names the family's option
     * registers ({@link OptionImage#registerNames()}), each given exactly once as a hex word; bits that are no option
     * of the line are refused, control/status bits of a register dump tolerated ({@link OptionImage#controlBits}).
     */
    public static OptionProfile parse(Path file, List<String> lines, Families families) throws OptionProfileException {
        Map<String, KnownLine> knownLines = knownLines(families);
        Set<String> registerKeys = new LinkedHashSet<>();
        knownLines.values().forEach(l -> registerKeys.addAll(l.factory().registerNames()));
        List<String> known = new ArrayList<>(List.of("format", "part", "line", "flash-kib", "created", "note"));
        known.addAll(registerKeys);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
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
        KnownLine line = knownLines.get(lineName);
        if (line == null) {
            throw new OptionProfileException(file, lineOf.get("line"), unknownLine(lineName, part, knownLines));
        }
        int kib;
        try {
            kib = Integer.parseInt(require(file, values, "flash-kib"));
        } catch (NumberFormatException e) {
            throw new OptionProfileException(file, lineOf.get("flash-kib"), "flash-kib is not a number");
        }
        if (!line.descriptor().flashSizesKiB().contains(kib)) {
            throw new OptionProfileException(file, lineOf.get("flash-kib"), line.factory().lineName() + " has no " + kib
                    + " KiB variant (sizes: " + line.descriptor().flashSizesKiB() + ")");
        }
        Instant created;
        try {
            created = values.containsKey("created") ? Instant.parse(values.get("created")) : Instant.EPOCH;
        } catch (DateTimeParseException e) {
            throw new OptionProfileException(file, lineOf.get("created"), "created is not an ISO-8601 instant");
        }
        OptionImage template = line.family().factoryOptions(line.descriptor(), kib);
        List<String> registers = template.registerNames();
        for (String key : values.keySet()) {
            if (registerKeys.contains(key) && !registers.contains(key)) {
                throw new OptionProfileException(file, lineOf.get(key), template.lineName() + " has no " + key
                        + " (its option registers: " + String.join(", ", registers) + ")");
            }
        }
        OptionImage options = template;
        Map<String, Integer> given = new LinkedHashMap<>();
        for (String register : registers) {
            int w = word(file, values, lineOf, register);
            given.put(register, w);
            options = options.withWord(register, w);
        }
        // the image drops bits outside the option fields (and control bits such as OPTLOCK); a profile must not rely
        // on them: every dropped bit that is not a control bit is refused
        for (String register : registers) {
            int w = given.get(register);
            int kept = options.word(register);
            if (w != (kept | (w & options.controlBits(register)))) {
                throw new OptionProfileException(file, lineOf.get(register), String.format(
                        "%s = 0x%08X sets bits 0x%08X that are not option bits of this line", register, w, w & ~kept));
            }
        }
        try {
            return new OptionProfile(part, kib, options, created, values.getOrDefault("note", ""));
        } catch (IllegalArgumentException e) {
            throw new OptionProfileException(file, lineOf.get("part"), e.getMessage());
        }
    }

    /**
     * "unknown &lt;family&gt; line "F99" (known: ...)": the lines of the family the part name belongs to (family names are
     * part-name prefixes), else of every family.
     */
    private static String unknownLine(String lineName, String part, Map<String, KnownLine> knownLines) {
        List<KnownLine> ofFamily = knownLines.values().stream()
                .filter(l -> part.toUpperCase(Locale.ROOT).startsWith(l.family().name().toUpperCase(Locale.ROOT)))
                .toList();
        List<KnownLine> listed = ofFamily.isEmpty() ? List.copyOf(knownLines.values()) : ofFamily;
        return "unknown " + (ofFamily.isEmpty() ? "" : ofFamily.get(0).family().name() + " ") + "line \"" + lineName
                + "\" (known: " + String.join(", ", listed.stream().map(KnownLine::id).toList()) + ")";
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
