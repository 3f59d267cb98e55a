package dev.flashbank.sim.state;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

import dev.flashbank.core.io.AtomicFiles;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.SimulatedFamilies;

/**
 * The simulated board's state file: a human-readable text header followed by the binary cell contents.
 *
 * <pre>
 * FLASHBANK SIMULATED BOARD STATE
 * # comment lines start with '#'
 * format-version: 1
 * family: FAMILY-ID                                  (the simulated family; files without it: found by part)
 * part: ORDER-CODE
 * flash-size-kib: 2048
 * option-words: 5500AAFF AA00FFFF FF7F0080 FFBF0040     (raw option area words, image order)
 * boot0: 0
 * voltage-mv: 3300
 * unique-id: 3a0027000c51353137333439               (12 bytes, address order)
 * serial: SIM000000001
 * section: flash.bank1 size=1048576 crc32=5A2F0C11
 * section: flash.bank2 size=1048576 crc32=5A2F0C11
 * section: otp size=1056 crc32=...
 * section: ecc.bank1 size=32768 crc32=...            (a family's own sections, only in files naming the family)
 * section: console size=41 crc32=...                 (the board's console; only when the firmware wrote to it)
 * binary-follows
 * &lt;bank 1 cells&gt;&lt;bank 2 cells&gt;&lt;otp&gt;&lt;family sections&gt;&lt;console&gt;
 * </pre>
 *
 * The console section holds the bytes the firmware wrote to the board's console USART since power-on, as written
 * (any byte, CR LF and escape sequences included: it is binary, so nothing is escaped and every byte round-trips), its
 * last {@link BoardSnapshot#CONSOLE_KEEP_BYTES} bytes. Files without it (written before the console was kept, or by a
 * board whose firmware wrote nothing) load with an empty console.
 *
 * Flash is stored per PHYSICAL bank (the cells, independent of SWP_FB). Writing is atomic ({@link AtomicFiles}): a
 * crash or a failure never truncates an existing file. Reading validates the magic, the format version, every header
 * line, the section sizes against the part, the total length and each section's CRC-32; every problem is a
 * {@link BoardStateException} that names the file and carries a {@link BoardStateException.Reason}. Loading builds
 * the board with the family the file records ({@link SimulatedFamilies#restore}); what the option words and the OTP
 * section hold is that family's business.
 */
public final class BoardStateFile {

    /** First line of every board state file. */
    public static final String MAGIC = "FLASHBANK SIMULATED BOARD STATE";

    /** Format version written by this release; the only one it reads. */
    public static final int FORMAT_VERSION = 1;

    private static final String BINARY_MARKER = "binary-follows";
    private static final int MAX_HEADER_LINE = 4096;
    private static final int MAX_HEADER_LINES = 256;

    private BoardStateFile() {
    }

    /** Saves the board's non-volatile state and its console to {@code file}, atomically. */
    public static void save(BenchBoard board, Path file) throws BoardStateException {
        write(snapshotOf(board), file);
    }

    /** What the state file of {@code board} holds: its non-volatile state and its console. */
    public static BoardSnapshot snapshotOf(BenchBoard board) {
        return board.snapshot().withConsole(board.consoleOutput());
    }

    /**
     * Loads {@code file} and builds a powered-on board from it (a power-on reset applies the stored options), with the
     * family the file records (or its part's) among {@code families} - the families a program has installed.
     */
    public static BenchBoard load(Path file, SimulatedFamilies families) throws BoardStateException {
        return load(file, BoardOptions.defaults(), families);
    }

    /**
     * As {@link #load(Path, SimulatedFamilies)}, with model parameters, timings and simulator settings from
     * {@code options} (the file supplies part, cells, option area, BOOT0, voltage, UID and serial).
     */
    public static BenchBoard load(Path file, BoardOptions options, SimulatedFamilies families) throws BoardStateException {
        BoardSnapshot s = read(file);
        try {
            BenchBoard b = families.restore(s, options);
            b.restoreConsole(s.console());
            return b;
        } catch (BoardConfigurationException e) {
            throw new BoardStateException(file, e.sizeMismatch() ? BoardStateException.Reason.SIZE_MISMATCH
                    : BoardStateException.Reason.UNKNOWN_PART, e.getMessage(), e);
        }
    }

    /** Writes a snapshot atomically. */
    public static void write(BoardSnapshot s, Path file) throws BoardStateException {
        try {
            AtomicFiles.write(file, out -> writeTo(s, out));
        } catch (IOException e) {
            throw new BoardStateException(file, BoardStateException.Reason.IO, "cannot write: " + e, e);
        }
    }

    /** Encodes a snapshot in the file format (header + binary sections). */
    public static void writeTo(BoardSnapshot s, OutputStream out) throws IOException {
        StringBuilder h = new StringBuilder();
        HexFormat hex = HexFormat.of();
        h.append(MAGIC).append('\n');
        h.append("# Flashbank simulated board: text header, then the binary sections listed below in order.\n");
        h.append("# Flash sections hold PHYSICAL bank cells (erased = FF). Edit header values with care.\n");
        h.append("format-version: ").append(FORMAT_VERSION).append('\n');
        if (!s.family().isEmpty()) {
            h.append("family: ").append(s.family()).append('\n');
        }
        h.append("part: ").append(s.partName()).append('\n');
        h.append("flash-size-kib: ").append(s.flashSizeKiB()).append('\n');
        h.append("option-words:");
        for (int w : s.optionWords()) {
            h.append(' ').append(String.format("%08X", w));
        }
        h.append('\n');
        h.append("boot0: ").append(s.boot0() ? 1 : 0).append('\n');
        h.append("voltage-mv: ").append(s.voltageMillivolts()).append('\n');
        h.append("unique-id: ").append(hex.formatHex(s.uniqueId())).append('\n');
        h.append("serial: ").append(s.serial()).append('\n');
        List<byte[]> banks = s.flashBanks();
        for (int i = 0; i < banks.size(); i++) {
            appendSection(h, "flash.bank" + (i + 1), banks.get(i));
        }
        appendSection(h, "otp", s.otp());
        Map<String, byte[]> extra = s.familySections();
        for (Map.Entry<String, byte[]> e : extra.entrySet()) {
            appendSection(h, e.getKey(), e.getValue());
        }
        byte[] console = s.console().getBytes(StandardCharsets.ISO_8859_1); // one char per byte (0-255)
        if (console.length > 0) {
            appendSection(h, BoardSnapshot.CONSOLE_SECTION, console);
        }
        h.append(BINARY_MARKER).append('\n');
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        for (byte[] b : banks) {
            out.write(b);
        }
        out.write(s.otp());
        for (byte[] b : extra.values()) {
            out.write(b);
        }
        out.write(console);
    }

    private static void appendSection(StringBuilder h, String name, byte[] data) {
        h.append("section: ").append(name).append(" size=").append(data.length).append(" crc32=")
                .append(String.format("%08X", crc(data))).append('\n');
    }

    private static long crc(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return c.getValue();
    }

    private record Section(String name, int size, long crc) {
    }

    /** Reads and validates a board state file (format only; {@link #load} also checks it against the part). */
    public static BoardSnapshot read(Path file) throws BoardStateException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return readFrom(file, in, Files.size(file));
        } catch (NoSuchFileException e) {
            throw new BoardStateException(file, BoardStateException.Reason.IO, "file does not exist", e);
        } catch (IOException e) {
            throw new BoardStateException(file, BoardStateException.Reason.IO, "cannot read: " + e, e);
        }
    }

    private static BoardSnapshot readFrom(Path file, InputStream in, long fileSize) throws IOException, BoardStateException {
        String first = readLine(in);
        if (first == null || !first.stripTrailing().equals(MAGIC)) {
            throw new BoardStateException(file, BoardStateException.Reason.BAD_MAGIC,
                    "not a Flashbank board state file (first line must be '" + MAGIC + "')");
        }
        long consumed = first.length() + 1;
        Map<String, String> values = new LinkedHashMap<>();
        List<Section> sections = new ArrayList<>();
        boolean binary = false;
        for (int n = 0; n < MAX_HEADER_LINES; n++) {
            String line = readLine(in);
            if (line == null) {
                throw bad(file, "header ends without '" + BINARY_MARKER + "'");
            }
            consumed += line.length() + 1;
            if (line.indexOf('\uFFFD') >= 0) {
                throw bad(file, "binary data or an over-long line inside the header");
            }
            if (line.stripTrailing().equals(BINARY_MARKER)) { // tolerate CRLF from hand-edited headers
                binary = true;
                break;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw bad(file, "malformed header line '" + line + "'");
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (key.equals("section")) {
                sections.add(parseSection(file, value));
            } else if (values.put(key, value) != null) {
                throw bad(file, "header key '" + key + "' given twice");
            }
        }
        if (!binary) {
            throw bad(file, "header longer than " + MAX_HEADER_LINES + " lines");
        }
        int version = parseInt(file, values, "format-version");
        if (version != FORMAT_VERSION) {
            throw new BoardStateException(file, BoardStateException.Reason.UNSUPPORTED_VERSION, "format version "
                    + version + " is not supported (this release reads version " + FORMAT_VERSION + ")");
        }
        String family = values.getOrDefault("family", "").toLowerCase(Locale.ROOT);
        String part = require(file, values, "part");
        int sizeKiB = parseInt(file, values, "flash-size-kib");
        List<Integer> words = new ArrayList<>();
        for (String w : require(file, values, "option-words").split("\\s+")) {
            try {
                words.add((int) Long.parseLong(w, 16));
            } catch (NumberFormatException e) {
                throw bad(file, "option word '" + w + "' is not 8 hex digits");
            }
        }
        int boot0 = parseInt(file, values, "boot0");
        if (boot0 != 0 && boot0 != 1) {
            throw bad(file, "boot0 must be 0 or 1");
        }
        int mv = parseInt(file, values, "voltage-mv");
        if (mv < 0) {
            // checked here, with the file's name, rather than failing later inside the simulator
            throw bad(file, "voltage-mv is " + mv + ": the supply is a voltage in millivolts, 0 or more");
        }
        byte[] uid;
        try {
            uid = HexFormat.of().parseHex(require(file, values, "unique-id"));
        } catch (IllegalArgumentException e) {
            throw bad(file, "unique-id is not hex");
        }
        if (uid.length != BoardSnapshot.UNIQUE_ID_BYTES) {
            throw bad(file, "unique-id must be 24 hex digits");
        }
        String serial = require(file, values, "serial");

        long total = 0;
        List<Section> flash = new ArrayList<>();
        Section otp = null;
        Section console = null;
        List<Section> extra = new ArrayList<>();
        for (Section s : sections) {
            total += s.size();
            if (s.name().equals("flash.bank" + (flash.size() + 1)) && otp == null) {
                flash.add(s);
            } else if (s.name().equals("otp") && otp == null) {
                otp = s;
            } else if (s.name().equals(BoardSnapshot.CONSOLE_SECTION) && otp != null && console == null) {
                if (s.size() > BoardSnapshot.CONSOLE_KEEP_BYTES) {
                    throw bad(file, "console section of " + s.size() + " bytes: at most "
                            + BoardSnapshot.CONSOLE_KEEP_BYTES + " are kept");
                }
                console = s;
            } else if (console == null && otp != null && !family.isEmpty() && s.name().matches("[a-z][a-z0-9_.-]*")
                    && !s.name().startsWith("flash.") && extra.stream().noneMatch(x -> x.name().equals(s.name()))) {
                extra.add(s); // a family's own non-volatile state (e.g. ECC per flash word), after the OTP
            } else {
                throw bad(file, "unexpected section '" + s.name() + "'");
            }
        }
        if (flash.isEmpty() || otp == null) {
            throw bad(file, "sections flash.bank1 and otp are required");
        }
        long flashBytes = flash.stream().mapToLong(Section::size).sum();
        if (flashBytes != sizeKiB * 1024L) {
            throw new BoardStateException(file, BoardStateException.Reason.SIZE_MISMATCH, "flash sections hold "
                    + flashBytes + " bytes but flash-size-kib says " + sizeKiB + " KiB");
        }
        if (consumed + total != fileSize) {
            throw new BoardStateException(file, BoardStateException.Reason.SIZE_MISMATCH, "file has "
                    + (fileSize - consumed) + " bytes after the header, the sections declare " + total
                    + (consumed + total > fileSize ? " (file truncated?)" : ""));
        }
        List<byte[]> banks = new ArrayList<>();
        for (Section s : flash) {
            banks.add(readSection(file, in, s));
        }
        byte[] otpData = readSection(file, in, otp);
        Map<String, byte[]> extraData = new LinkedHashMap<>();
        for (Section s : extra) {
            extraData.put(s.name(), readSection(file, in, s));
        }
        String consoleText = console == null ? ""
                : new String(readSection(file, in, console), StandardCharsets.ISO_8859_1);
        try {
            return new BoardSnapshot(part, sizeKiB, banks, otpData, words, boot0 == 1, mv, uid, serial, family, extraData,
                    consoleText);
        } catch (IllegalArgumentException e) {
            throw bad(file, e.getMessage());
        }
    }

    private static byte[] readSection(Path file, InputStream in, Section s) throws IOException, BoardStateException {
        byte[] data = in.readNBytes(s.size());
        if (data.length != s.size()) {
            throw new BoardStateException(file, BoardStateException.Reason.SIZE_MISMATCH,
                    "section " + s.name() + " truncated");
        }
        if (crc(data) != s.crc()) {
            throw new BoardStateException(file, BoardStateException.Reason.CORRUPT, String.format(
                    "section %s: CRC-32 %08X does not match the header's %08X (content damaged)", s.name(), crc(data), s.crc()));
        }
        return data;
    }

    private static Section parseSection(Path file, String value) throws BoardStateException {
        String[] parts = value.split("\\s+");
        if (parts.length != 3 || !parts[1].startsWith("size=") || !parts[2].startsWith("crc32=")) {
            throw bad(file, "malformed section line '" + value + "'");
        }
        try {
            int size = Integer.parseInt(parts[1].substring(5));
            long crc = Long.parseLong(parts[2].substring(6), 16);
            if (size < 0) {
                throw bad(file, "negative section size");
            }
            return new Section(parts[0], size, crc);
        } catch (NumberFormatException e) {
            throw bad(file, "malformed section line '" + value + "'");
        }
    }

    private static String require(Path file, Map<String, String> values, String key) throws BoardStateException {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            throw bad(file, "header line '" + key + ":' missing");
        }
        return v;
    }

    private static int parseInt(Path file, Map<String, String> values, String key) throws BoardStateException {
        String v = require(file, values, key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw bad(file, key + " '" + v + "' is not a number");
        }
    }

    private static BoardStateException bad(Path file, String detail) {
        return new BoardStateException(file, BoardStateException.Reason.BAD_HEADER, detail);
    }

    /** One '\n'-terminated ASCII line, or null at end of file; over-long lines end the header parse. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
            }
            if (c == '\n') {
                return b.toString(StandardCharsets.US_ASCII);
            }
            if (b.size() >= MAX_HEADER_LINE || c < 0x09 || c > 0x7E) {
                // binary garbage or a line no writer produces: not a header line
                return b.toString(StandardCharsets.US_ASCII) + "\uFFFD";
            }
            b.write(c);
        }
    }
}
