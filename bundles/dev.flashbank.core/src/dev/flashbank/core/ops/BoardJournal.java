package dev.flashbank.core.ops;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.zip.CRC32;

import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.io.AtomicFiles;
import dev.flashbank.core.device.UniqueId;
import dev.flashbank.core.target.CoreControl;
import dev.flashbank.core.target.TargetException;

/**
 * The per-board journal that lets {@link RecoverOperation} undo a power loss inside an option write: a directory
 * per 96-bit unique ID (the same board keeps its journal whichever probe or state file reaches it) holding
 * <ul>
 * <li>{@value #OPTION_BACKUP} - the option bytes as they were right before the last option write Flashbank made
 * (an {@link OptionProfileFile}, the format of {@code ob backup}), and {@value #OPTION_REQUEST} - what that write asked
 * for;</li>
 * <li>{@code bankN.bin} + {@code bankN.properties} - the content of each PHYSICAL bank right before that write, up to
 * its last programmed byte (the rest is erased), with the bank mode, CRC-32 and time. The properties file is written
 * after the data file and names its CRC, so a crash between the two leaves an entry whose CRC does not match: it is
 * ignored, never restored.</li>
 * </ul>
 * Why the bank content: an interrupted option write leaves RDP level 1, and leaving level 1 mass-erases the user
 * flash (RM0410, FLASH chapter, read protection: level 1 -> 0 regression). The banks are captured only when they
 * differ from the journal (a target-side CRC of the whole bank when the core is halted, else a read), and only at
 * RDP level 0 (at level 1 the debugger cannot read them; the journal keeps what it had). Every file is written with
 * {@link AtomicFiles}.
 */
public final class BoardJournal {

    /** File name of the option backup inside a board's journal. */
    public static final String OPTION_BACKUP = "options-before-write" + OptionProfileFile.EXTENSION;

    /** File name of the options the last option write asked for, beside {@link #OPTION_BACKUP}. */
    public static final String OPTION_REQUEST = "options-requested" + OptionProfileFile.EXTENSION;

    private static final byte ERASED = (byte) 0xFF;

    /**
     * The content of one physical bank as journaled.
     *
     * @param bank physical bank number
     * @param mode bank mode the bank belongs to (a dual-bank bank 1 is not a single-bank bank 1)
     * @param bytes the bank from offset 0 up to its last programmed byte (empty: the bank was erased)
     * @param crc32 CRC-32 (java.util.zip) of {@code bytes}
     * @param recorded when it was captured
     */
    public record BankImage(int bank, BankMode mode, byte[] bytes, long crc32, Instant recorded) {

        public BankImage {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        public int length() {
            return bytes.length;
        }

        public boolean isEmpty() {
            return bytes.length == 0;
        }

        /** The bank content padded with erased bytes to {@code bankSize}. */
        byte[] padded(long bankSize) {
            byte[] b = Arrays.copyOf(bytes, (int) bankSize);
            Arrays.fill(b, bytes.length, b.length, ERASED);
            return b;
        }

        public String describe() {
            return String.format("physical bank %d (%s bank): %s, CRC-32 0x%08X, captured %s", bank,
                    mode.name().toLowerCase(java.util.Locale.ROOT), isEmpty() ? "erased"
                            : bytes.length + " bytes from the bank start", crc32, recorded);
        }
    }

    private final Path directory;
    private final UniqueId uid;
    private final Clock clock;

    private BoardJournal(Path directory, UniqueId uid, Clock clock) {
        this.directory = directory;
        this.uid = uid;
        this.clock = clock;
    }

    /** The journal of board {@code uid} under {@code root} ({@code $FLASHBANK_HOME/journal} for the CLI). */
    public static BoardJournal of(Path root, UniqueId uid) {
        return of(root, uid, Clock.systemUTC());
    }

    public static BoardJournal of(Path root, UniqueId uid, Clock clock) {
        Objects.requireNonNull(uid, "uid");
        return new BoardJournal(root.resolve(uid.hex()), uid, Objects.requireNonNull(clock, "clock"));
    }

    public Path directory() {
        return directory;
    }

    public UniqueId uid() {
        return uid;
    }

    /** True when anything was ever journaled for this board. */
    public boolean exists() {
        return Files.isDirectory(directory) && (Files.isRegularFile(optionBackupFile()) || !banks().isEmpty());
    }

    // ============================================================================================== options

    public Path optionBackupFile() {
        return directory.resolve(OPTION_BACKUP);
    }

    /** The option bytes the last option write asked for (beside {@link #OPTION_BACKUP}). */
    public Path optionRequestFile() {
        return directory.resolve(OPTION_REQUEST);
    }

    /** The option bytes saved before the last option write, if any, read among the lines of {@code families}. */
    public Optional<OptionProfile> optionBackup(Families families) throws OptionProfileException {
        return profile(optionBackupFile(), families);
    }

    /**
     * The option bytes the last option write asked for, if recorded (journals written before the request was recorded
     * have none): where a cut option change leaves the options in force, options equal to {@link #optionBackup} say
     * that this write did not complete.
     */
    public Optional<OptionProfile> optionRequest(Families families) throws OptionProfileException {
        return profile(optionRequestFile(), families);
    }

    private static Optional<OptionProfile> profile(Path file, Families families) throws OptionProfileException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(OptionProfileFile.read(file, families));
    }

    void recordOptionBackup(String partName, int flashSizeKiB, OptionImage before, OptionImage after)
            throws IOException {
        // the request first: a backup beside an older request would pair two different writes
        OptionProfileFile.write(optionRequestFile(), new OptionProfile(partName, flashSizeKiB, after, clock.instant(),
                "journal: the option write that follows the backup"));
        OptionProfileFile.write(optionBackupFile(), new OptionProfile(partName, flashSizeKiB, before, clock.instant(),
                "journal: before writing " + after));
    }

    // ============================================================================================== banks

    private Path dataFile(int bank) {
        return directory.resolve("bank" + bank + ".bin");
    }

    private Path indexFile(int bank) {
        return directory.resolve("bank" + bank + ".properties");
    }

    /** The journaled content of physical bank {@code bank}; empty when none or when its CRC does not match. */
    public Optional<BankImage> bank(int bank) {
        try {
            String text = Files.readString(indexFile(bank), StandardCharsets.UTF_8);
            Properties p = new Properties();
            p.load(new StringReader(text));
            byte[] data = Files.readAllBytes(dataFile(bank));
            long crc = Long.parseLong(p.getProperty("crc32", "").replace("0x", ""), 16);
            if (data.length != Integer.parseInt(p.getProperty("length", "-1")) || crc32(data) != crc) {
                return Optional.empty(); // torn entry: the data file of a newer capture without its index
            }
            return Optional.of(new BankImage(bank, BankMode.valueOf(p.getProperty("mode")), data, crc,
                    Instant.parse(p.getProperty("recorded"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or malformed index: treated as absent, never restored
        }
    }

    /** All valid bank entries, lowest bank first. */
    public List<BankImage> banks() {
        List<BankImage> l = new ArrayList<>();
        for (int b = 1; b <= 2; b++) {
            bank(b).ifPresent(l::add);
        }
        return l;
    }

    void recordBank(int bank, BankMode mode, byte[] bytes) throws IOException {
        long crc = crc32(bytes);
        AtomicFiles.write(dataFile(bank), out -> out.write(bytes));
        String index = "# Flashbank board journal: physical bank content before the last option write\n"
                + "bank=" + bank + "\nmode=" + mode.name() + "\nlength=" + bytes.length + "\ncrc32="
                + String.format("0x%08X", crc) + "\nrecorded=" + clock.instant() + "\n";
        AtomicFiles.write(indexFile(bank), out -> out.write(index.getBytes(StandardCharsets.UTF_8)));
    }

    private void forgetBank(int bank) throws IOException {
        Files.deleteIfExists(indexFile(bank));
        Files.deleteIfExists(dataFile(bank));
    }

    static long crc32(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    /** Length of {@code b} without its trailing erased bytes. */
    static int programmedLength(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == ERASED) {
            n--;
        }
        return n;
    }

    /**
     * Brings the bank entries up to date with the target (RDP level 0 only): a bank whose journaled content still
     * matches is not read again.
     */
    void captureBanks(FlashDriver driver) throws TargetException, IOException {
        FlashGeometry g = driver.geometry();
        boolean swpFb = driver.banksSwapped();
        for (Bank bank : g.banks()) {
            int n = bank.number();
            long address = g.windowAddress(n, 0, swpFb, g.linkWindow());
            Optional<BankImage> known = bank(n).filter(j -> j.mode() == g.mode() && j.length() <= bank.size());
            if (known.isPresent() && driver.matchesOnTarget(address, known.get().padded(bank.size()), 0,
                    (int) bank.size())) {
                continue;
            }
            byte[] content = readBank(driver, bank, address);
            byte[] programmed = Arrays.copyOf(content, programmedLength(content));
            if (known.isEmpty() || !Arrays.equals(known.get().bytes, programmed)) {
                recordBank(n, g.mode(), programmed);
            }
        }
        for (int n = g.bankCount() + 1; n <= 2; n++) {
            forgetBank(n); // a bank that does not exist in this bank mode
        }
    }

    /**
     * The content of {@code bank} (visible at {@code address}): sectors whose target-side CRC says they are erased
     * are not read (over a probe a 1 MiB bank read takes seconds; a CRC takes milliseconds), the others are read.
     */
    static byte[] readBank(FlashDriver driver, Bank bank, long address) throws TargetException {
        byte[] content = new byte[(int) bank.size()];
        Arrays.fill(content, ERASED);
        java.util.Map<Integer, byte[]> erased = new java.util.HashMap<>();
        for (dev.flashbank.core.device.Sector s : bank.sectors()) {
            long a = address + s.offset();
            byte[] blank = erased.computeIfAbsent(s.size(), n -> {
                byte[] b = new byte[n];
                Arrays.fill(b, ERASED);
                return b;
            });
            if (driver.matchesOnTarget(a, blank, 0, blank.length)) {
                continue;
            }
            System.arraycopy(driver.readFlash(a, s.size()), 0, content, (int) s.offset(), s.size());
        }
        return content;
    }

    // ============================================================================================== guard

    /**
     * The guard a front end puts around every option write of this board: journal the banks (RDP level 0) and the
     * option backup, then tell the user about the window ({@link OptionWriteWindow#notice()}).
     *
     * @param partName part name for the option backup
     * @param notices where the pre-OPTSTRT notice goes (CLI: standard error)
     */
    public OptionWriteGuard guard(String partName, Consumer<String> notices) {
        return guard(partName, notices, null);
    }

    /**
     * {@link #guard(String, Consumer)} for the board whose core is {@code core}: where the part's target-side CRC
     * needs a halted core (F7) a running core is halted for the capture of the banks and let run again after it
     * ({@link HaltForChecksum}), so the banks are compared by CRC instead of read back while the firmware runs between
     * the probe's accesses (F767 swap: 6.3 s -> 0.3 s of modelled time), and no firmware writes the flash while it is
     * journaled.
     *
     * @param core the board's core, or null to leave it as it is (every comparison is then a read)
     */
    public OptionWriteGuard guard(String partName, Consumer<String> notices, CoreControl core) {
        return (driver, before, after) -> {
            try {
                if (before.rdpLevel() == RdpLevel.LEVEL_0) {
                    if (core == null) {
                        captureBanks(driver);
                    } else {
                        try (HaltForChecksum halt = HaltForChecksum.enter(driver, core, true)) {
                            captureBanks(driver);
                        }
                    }
                }
                recordOptionBackup(partName, driver.flashSizeKiB(), before, after);
            } catch (IOException e) {
                throw new BackupFailedException(directory, e);
            }
            notices.accept(OptionWriteWindow.of(driver, before, after).notice());
        };
    }

    /**
     * The guard of the board behind {@code target}, journaled under {@code root} (the IDE and launches use
     * {@link dev.flashbank.core.io.FlashbankHome#journals()}, as the command line, so {@code flashbank recover} finds
     * what they wrote). The board's UID is read at its first option write only: operations that write no options
     * pay nothing.
     *
     * @param partName the part as the user names it, or null for the identified one
     */
    public static OptionWriteGuard guardOf(Path root, dev.flashbank.core.target.DebugTarget target, String partName,
            Consumer<String> notices) {
        return (driver, before, after) -> {
            // the part is the driver's: read its unique ID where its line keeps it (no second identification)
            long a = driver.descriptor().uniqueIdAddress();
            var mem = target.memory();
            UniqueId uid = new UniqueId(mem.read32(a),
                    mem.read32(a + 4), mem.read32(a + 8));
            String name = partName != null ? partName
                    : new dev.flashbank.core.device.IdentifiedDevice(driver.descriptor(), driver.flashSizeKiB()).name();
            of(root, uid).guard(name, notices, target.core()).beforeOptionWrite(driver, before, after);
        };
    }

    @Override
    public String toString() {
        return "board journal of " + uid.hex() + " in " + directory;
    }
}
