package dev.flashbank.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The NON-VOLATILE state of a simulated board plus its bench settings: what survives unplugging it and what the
 * board state file stores. RAM, registers, SWP_FB and debug state are volatile and are not part of it (a loaded
 * board starts with a power-on reset, like a board taken out of the drawer). The board's console - what the terminal
 * on its virtual COM port shows - is kept with it, so that it survives between commands (its last
 * {@link #CONSOLE_KEEP_BYTES} bytes); a power-on clears it, as a terminal shows a fresh boot.
 *
 * @param partName full part name (order code) as its family's {@link SimulatedFamily#create} accepts it
 * @param flashSizeKiB value of the flash-size register
 * @param flashBanks cell contents of each PHYSICAL flash array in order (bank 1, bank 2); see
 *            the family's board for how physical cells map to addresses in each bank mode
 * @param otp contents of the one-time-programmable area
 * @param optionWords the raw 32-bit words of the option-byte area in the family's image order (its board says what a
 *            word holds, e.g. a value and its complement); an interrupted option programming may leave them
 *            0xFFFF_FFFF
 * @param boot0 level of the BOOT0 pin
 * @param voltageMillivolts supply voltage
 * @param uniqueId the 96-bit unique ID, 12 bytes in address order
 * @param serial the simulated probe's serial number
 * @param family {@link SimulatedFamily#id()} of the family whose silicon this is; empty in state written before
 *            families were recorded, which {@link SimulatedFamilies#restore} then finds by {@code partName}. The
 *            family decides what {@code optionWords} and {@code otp} hold (an area without OTP stores none).
 * @param familySections further non-volatile state a family keeps, by section name (lower case, dots allowed; e.g.
 *            a family board's own state such as per-flash-word ECC, "ecc.bank1"), in file order; empty for a family
 *            that keeps none
 * @param console what the firmware wrote to the board's console since power-on, one char per byte (0-255), its last
 *            {@link #CONSOLE_KEEP_BYTES} bytes (longer text is cut at the front); empty when nothing was written
 */
public record BoardSnapshot(String partName, int flashSizeKiB, List<byte[]> flashBanks, byte[] otp, List<Integer> optionWords,
        boolean boot0, int voltageMillivolts, byte[] uniqueId, String serial, String family,
        java.util.Map<String, byte[]> familySections, String console) {

    /** Length of the STM32 unique device ID in bytes (the reference manuals' "Unique device ID register (96 bits)"). */
    public static final int UNIQUE_ID_BYTES = 12;

    /** How much of the board's console a snapshot keeps: the last 64 KiB (a terminal's scrollback). */
    public static final int CONSOLE_KEEP_BYTES = 64 * 1024;

    /** Name of the state file's section that holds the console; no family section may take it. */
    public static final String CONSOLE_SECTION = "console";

    public BoardSnapshot {
        Objects.requireNonNull(partName, "partName");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(family, "family");
        if (!family.matches("[a-z0-9_.-]*")) {
            throw new IllegalArgumentException("family must be a lower-case id without blanks: '" + family + "'");
        }
        java.util.Map<String, byte[]> extra = new java.util.LinkedHashMap<>();
        for (java.util.Map.Entry<String, byte[]> e : familySections.entrySet()) {
            if (!e.getKey().matches("[a-z][a-z0-9_.-]*") || e.getKey().equals("otp") || e.getKey().startsWith("flash.")
                    || e.getKey().equals(CONSOLE_SECTION)) {
                throw new IllegalArgumentException("family section name '" + e.getKey()
                        + "' must be lower case, not otp, console or flash.*");
            }
            extra.put(e.getKey(), e.getValue().clone());
        }
        familySections = java.util.Collections.unmodifiableMap(extra);
        List<byte[]> banks = new ArrayList<>();
        for (byte[] b : flashBanks) {
            banks.add(b.clone());
        }
        flashBanks = List.copyOf(banks);
        otp = otp.clone();
        optionWords = List.copyOf(optionWords);
        uniqueId = uniqueId.clone();
        if (uniqueId.length != UNIQUE_ID_BYTES) {
            throw new IllegalArgumentException("unique ID must be 12 bytes, got " + uniqueId.length);
        }
        if (serial.isBlank() || serial.chars().anyMatch(c -> c < 0x21 || c > 0x7E)) {
            throw new IllegalArgumentException("serial must be printable ASCII without blanks: '" + serial + "'");
        }
        console = lastOfConsole(Objects.requireNonNull(console, "console"));
        if (console.chars().anyMatch(c -> c > 0xFF)) {
            throw new IllegalArgumentException("the console holds bytes (chars 0-255), one per char written to the USART");
        }
    }

    /** A snapshot without console output. */
    public BoardSnapshot(String partName, int flashSizeKiB, List<byte[]> flashBanks, byte[] otp, List<Integer> optionWords,
            boolean boot0, int voltageMillivolts, byte[] uniqueId, String serial, String family,
            java.util.Map<String, byte[]> familySections) {
        this(partName, flashSizeKiB, flashBanks, otp, optionWords, boot0, voltageMillivolts, uniqueId, serial, family,
                familySections, "");
    }

    /** The last {@link #CONSOLE_KEEP_BYTES} chars of {@code text}: what a snapshot keeps of a console. */
    public static String lastOfConsole(String text) {
        return text.length() <= CONSOLE_KEEP_BYTES ? text : text.substring(text.length() - CONSOLE_KEEP_BYTES);
    }

    /** A snapshot whose family is found from its part name (state written before families were recorded). */
    public BoardSnapshot(String partName, int flashSizeKiB, List<byte[]> flashBanks, byte[] otp, List<Integer> optionWords,
            boolean boot0, int voltageMillivolts, byte[] uniqueId, String serial) {
        this(partName, flashSizeKiB, flashBanks, otp, optionWords, boot0, voltageMillivolts, uniqueId, serial, "");
    }

    /** A snapshot of {@code family} without further sections. */
    public BoardSnapshot(String partName, int flashSizeKiB, List<byte[]> flashBanks, byte[] otp, List<Integer> optionWords,
            boolean boot0, int voltageMillivolts, byte[] uniqueId, String serial, String family) {
        this(partName, flashSizeKiB, flashBanks, otp, optionWords, boot0, voltageMillivolts, uniqueId, serial, family,
                java.util.Map.of());
    }

    /** Copy of a family section, empty when the snapshot has none of that name. */
    public java.util.Optional<byte[]> familySection(String name) {
        return java.util.Optional.ofNullable(familySections.get(name)).map(byte[]::clone);
    }

    @Override
    public java.util.Map<String, byte[]> familySections() {
        java.util.Map<String, byte[]> m = new java.util.LinkedHashMap<>();
        familySections.forEach((k, v) -> m.put(k, v.clone()));
        return m;
    }

    /** The same state recorded as {@code familyId}'s. */
    public BoardSnapshot withFamily(String familyId) {
        return new BoardSnapshot(partName, flashSizeKiB, flashBanks, otp, optionWords, boot0, voltageMillivolts, uniqueId,
                serial, familyId, familySections, console);
    }

    /** The same state with {@code text} as the board's console (its last {@link #CONSOLE_KEEP_BYTES} chars). */
    public BoardSnapshot withConsole(String text) {
        return new BoardSnapshot(partName, flashSizeKiB, flashBanks, otp, optionWords, boot0, voltageMillivolts, uniqueId,
                serial, family, familySections, text);
    }

    /** Copy of one physical bank's cells (bank numbers start at 1). */
    public byte[] flashBank(int physicalBank) {
        return flashBanks.get(physicalBank - 1).clone();
    }

    @Override
    public byte[] otp() {
        return otp.clone();
    }

    @Override
    public byte[] uniqueId() {
        return uniqueId.clone();
    }

    @Override
    public List<byte[]> flashBanks() {
        return flashBanks.stream().map(byte[]::clone).toList();
    }

    /**
     * Content equality of the board (records compare arrays by identity). The family is not compared: it follows from
     * the part, and a file that did not record it holds the same board as one that does; nor is the console: it is
     * the terminal's, not the silicon's.
     */
    public boolean sameContent(BoardSnapshot o) {
        if (flashBanks.size() != o.flashBanks.size()) {
            return false;
        }
        for (int i = 0; i < flashBanks.size(); i++) {
            if (!Arrays.equals(flashBanks.get(i), o.flashBanks.get(i))) {
                return false;
            }
        }
        if (!familySections.keySet().equals(o.familySections.keySet())) {
            return false;
        }
        for (String k : familySections.keySet()) {
            if (!Arrays.equals(familySections.get(k), o.familySections.get(k))) {
                return false;
            }
        }
        return partName.equals(o.partName) && flashSizeKiB == o.flashSizeKiB && Arrays.equals(otp, o.otp)
                && optionWords.equals(o.optionWords) && boot0 == o.boot0 && voltageMillivolts == o.voltageMillivolts
                && Arrays.equals(uniqueId, o.uniqueId) && serial.equals(o.serial);
    }

    @Override
    public String toString() {
        return "BoardSnapshot[" + partName + ", " + flashSizeKiB + " KiB, UID " + HexFormat.of().formatHex(uniqueId)
                + ", serial " + serial + "]";
    }
}
