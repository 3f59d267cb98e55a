package dev.flashbank.core.launch;

import static dev.flashbank.core.launch.LaunchAttributes.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import dev.flashbank.core.connect.TargetAddress;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageException;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.ops.OptionCliCommand;
import dev.flashbank.core.ops.OptionProfile;
import dev.flashbank.core.ops.OptionProfileException;
import dev.flashbank.core.ops.OptionProfileFile;
import dev.flashbank.core.ops.StoredConfirmation;
import dev.flashbank.core.ops.StoredConfirmationException;
import dev.flashbank.core.registry.TargetDefinition;

/**
 * One launch, validated: built from a launch configuration's attribute map ({@link LaunchAttributes}) by
 * {@link #from}, which collects EVERY problem before anything is opened ({@link #problems}). The checks that need the
 * part (single-bank part with a bank update, image larger than a bank, link address against the switching scheme)
 * use the device model of the simulated board's part here, and the identified part again at run time
 * ({@link #imageProblems}) - so a probe launch is refused with the same words, only later.
 *
 * @param type launch configuration type id ({@link LaunchAttributes#TYPE_BANK_UPDATE}, ...)
 * @param target the board or probe
 * @param image the firmware (bank update type only)
 * @param mode what a bank update launch does with the image
 * @param scheme how banks are switched (bank update and swap types): the scheme's id as users type it ("boot-add",
 *        "swap-bank"; older files store "BOOT_ADD"/"REMAP", read as the same ids), empty = the part's default scheme
 *        ({@link #scheme(String, List)})
 * @param verify read back after programming (always on for a bank update: the switch is only safe after it)
 * @param swap switch the boot bank after a verified bank update
 * @param resetAndRun reset the part at the end so the (new) image runs
 * @param backupOptions save the option bytes to a .fbopt file before writing anything
 * @param backupDir where backups go; empty = the caller's default
 * @param swapAction swap type: switch to the other bank or roll back
 * @param optionProfile option-bytes type: the profile applied. A launch never carries the confirmation of an erasing
 *            or irreversible change: one stored in the configuration or in the profile refuses it
 *            ({@link dev.flashbank.core.ops.StoredConfirmation}); {@link LaunchRunner} asks at run time.
 */
public record LaunchSpec(String type, Target target, Optional<ImageSource> image, Mode mode, String scheme,
        boolean verify, boolean swap, boolean resetAndRun, boolean backupOptions, Optional<Path> backupDir,
        SwapAction swapAction, Optional<Path> optionProfile) {

    /** Start of the main flash on every STM32 family Flashbank models (its first window, e.g. F7 AXIM). */
    static final long FLASH_BASE = 0x0800_0000L;

    public enum TargetKind {
        SIMULATED("Simulated board"), STLINK("ST-Link probe"),
        /** A running gdbserver ({@link LaunchAttributes#GDB_ADDRESS}). */
        GDB("GDB server");

        private final String label;

        TargetKind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What a "Flashbank Bank Update" launch does with its image. */
    public enum Mode {
        /** Program the image where it is linked, erasing only the sectors it covers (single-bank parts too). */
        PROGRAM_ACTIVE("Program active region"),
        /** A/B update: the image into the bank that is NOT running, verify, optionally switch (issue 6). */
        BANK_UPDATE("Bank update to inactive bank"),
        /** Erase the whole user flash, then program the image. */
        PROGRAM_WHOLE("Program whole flash");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public enum SwapAction {
        SWITCH("Switch to the other bank"), ROLLBACK("Roll back to the previous bank");

        private final String label;

        SwapAction(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param kind simulated board or ST-Link
     * @param stateFile simulated board's state file (null for a probe)
     * @param part simulated board's part (null for a probe, and for a board file whose part the configuration
     *            does not name)
     * @param probeSerial probe serial, "" for any connected probe; a gdbserver's host:port; null for a simulated board
     * @param swdKHz SWD clock, 0 = probe default
     * @param underReset connect under reset
     */
    public record Target(TargetKind kind, Path stateFile, String part, String probeSerial, int swdKHz,
            boolean underReset) {

        public String describe() {
            return switch (kind) {
                case STLINK -> probeSerial.isEmpty() ? "the connected ST-Link probe" : "ST-Link probe " + probeSerial;
                case GDB -> "gdbserver " + probeSerial;
                case SIMULATED -> "simulated " + (part == null ? "board" : part) + " (" + stateFile + ")";
            };
        }

        /** What the target opener opens (a board file named by a configuration must exist: never created fresh). */
        public TargetAddress address() {
            return switch (kind) {
                case STLINK -> new TargetAddress.Stlink(probeSerial);
                case GDB -> TargetDefinition.GdbServer.of("launch", probeSerial).address();
                case SIMULATED -> new TargetAddress.Board(Optional.ofNullable(part), stateFile, false);
            };
        }
    }

    /** The image file; format empty = detect; base only for raw BIN. */
    public record ImageSource(Path file, Optional<ImageFormat> format, OptionalLong base) {

        public FirmwareImage read() throws LaunchSpecException {
            try {
                return ImageReader.read(file, format, base);
            } catch (ImageException e) {
                throw new LaunchSpecException(e.getMessage(), e);
            } catch (IOException e) {
                throw new LaunchSpecException("cannot read the image " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The validated spec, or every problem in one exception.
     *
     * @param families the installed families: the simulated part and the option profile's line are looked up among
     *            their lines (the IDE and the CLI pass {@code InstalledFamilies.families()})
     */
    public static LaunchSpec from(String type, Map<String, ?> attributes, LaunchVariables variables,
            Families families) throws LaunchSpecException {
        Problems problems = new Problems();
        LaunchSpec spec = build(type, attributes, variables, families, problems);
        if (!problems.list.isEmpty()) {
            throw new LaunchSpecException(problems.messages(),
                    problems.list.stream().anyMatch(Problem::storedConfirmation));
        }
        return spec;
    }

    /**
     * Every problem of a configuration, most basic first; empty when it can run. Reads the image and the option
     * profile (as the dialog needs) but never opens a target.
     */
    public static List<String> problems(String type, Map<String, ?> attributes, LaunchVariables variables,
            Families families) {
        return problemsByAttribute(type, attributes, variables, families).stream().map(Problem::message).toList();
    }

    /** As {@link #problems}, each with the attribute it is about (so a dialog shows it on the right tab). */
    public static List<Problem> problemsByAttribute(String type, Map<String, ?> attributes, LaunchVariables variables,
            Families families) {
        Problems problems = new Problems();
        build(type, attributes, variables, families, problems);
        return List.copyOf(problems.list);
    }

    /**
     * One problem of a configuration.
     *
     * @param attribute the {@link LaunchAttributes} key it is about ("" for the configuration as a whole)
     * @param message one sentence, with what to do
     * @param storedConfirmation the configuration or its profile stores a confirmation (refused for safety)
     */
    public record Problem(String attribute, String message, boolean storedConfirmation) {

        public Problem(String attribute, String message) {
            this(attribute, message, false);
        }
    }

    private static final class Problems {
        final List<Problem> list = new ArrayList<>();

        void add(String attribute, String message) {
            list.add(new Problem(attribute, message));
        }

        void refuse(String attribute, String message) {
            list.add(new Problem(attribute, message, true));
        }

        void addAll(String attribute, List<String> messages) {
            messages.forEach(m -> add(attribute, m));
        }

        boolean isEmpty() {
            return list.isEmpty();
        }

        List<String> messages() {
            return list.stream().map(Problem::message).toList();
        }
    }

    private static LaunchSpec build(String type, Map<String, ?> a, LaunchVariables vars, Families families,
            Problems problems) {
        Objects.requireNonNull(families, "families");
        boolean bankUpdateType = TYPE_BANK_UPDATE.equals(type);
        boolean swapType = TYPE_SWAP_BANKS.equals(type);
        boolean optionsType = TYPE_OPTION_BYTES.equals(type);
        if (!bankUpdateType && !swapType && !optionsType) {
            problems.add("", "'" + type + "' is not a Flashbank launch type (" + TYPE_BANK_UPDATE + ", " + TYPE_SWAP_BANKS
                    + ", " + TYPE_OPTION_BYTES + ")");
            return null;
        }
        // ---- never a stored confirmation (whatever the type: it would apply unreviewed wherever it is read)
        for (Map.Entry<String, ?> e : a.entrySet()) {
            if (e.getKey().startsWith(NAMESPACE)
                    && StoredConfirmation.isConfirmationKey(e.getKey()) && storesSomething(e.getValue())) {
                problems.refuse(e.getKey(), StoredConfirmation.refusal("The launch configuration", e.getKey()));
            }
        }
        // ---- target
        TargetKind kind = enumValue(TARGET_KIND, TargetKind.class, string(a, TARGET_KIND, TargetKind.SIMULATED.name()), "target kind",
                problems);
        Path stateFile = null;
        String part = null;
        String serial = null;
        Optional<IdentifiedDevice> device = Optional.empty();
        if (kind == TargetKind.SIMULATED) {
            String sf = string(a, SIM_STATE_FILE, "");
            if (sf.isBlank()) {
                problems.add(SIM_STATE_FILE, "No simulated board file given: choose the board state file (.fbboard) on the Target tab.");
            } else {
                stateFile = path(SIM_STATE_FILE, vars, sf, problems);
            }
            part = string(a, SIM_PART, "").strip().toUpperCase(Locale.ROOT);
            if (part.isEmpty()) {
                // the Target tab always stores one; a file without it launches on whatever part the board file holds
                // (checked when the board is opened), as "sim:@file" does in the CLI
                part = null;
            } else {
                try {
                    device = Optional.of(families.registry().byPartNumber(part));
                } catch (UnknownDeviceException e) {
                    problems.add(SIM_PART, "Unknown simulated part: " + e.getMessage() + ".");
                }
            }
        } else if (kind == TargetKind.STLINK) {
            serial = bool(a, PROBE_ANY, false) ? "" : string(a, PROBE_SERIAL, "").strip();
            if (serial.isEmpty() && !bool(a, PROBE_ANY, false)) {
                problems.add(PROBE_SERIAL, "No ST-Link probe given: enter the probe's serial number (or a unique part of it) on the "
                        + "Target tab.");
            }
        } else if (kind == TargetKind.GDB) {
            serial = string(a, GDB_ADDRESS, "").strip();
            String problem = TargetDefinition.GdbServer.problemOf(serial);
            if (problem != null) {
                problems.add(GDB_ADDRESS, "GDB server '" + serial + "': " + problem + " (Target tab).");
            }
        }
        int swd = integer(a, SWD_FREQUENCY_KHZ, 0);
        if (swd < 0) {
            problems.add(SWD_FREQUENCY_KHZ, "SWD frequency must be 0 (probe default) or a positive number of kHz, not " + swd + ".");
        }
        Target target = kind == null ? null
                : new Target(kind, stateFile, part, serial, swd, bool(a, CONNECT_UNDER_RESET, false));
        // ---- update options
        Mode mode = enumValue(MODE, Mode.class, string(a, MODE, Mode.BANK_UPDATE.name()), "update mode", problems);
        String scheme = SwitchScheme.normalize(string(a, SCHEME, ""));
        boolean verify = bool(a, VERIFY, true);
        boolean swap = bool(a, SWAP, true);
        boolean reset = bool(a, RESET_AND_RUN, true);
        boolean backup = bool(a, BACKUP_OPTIONS, true);
        String bd = string(a, BACKUP_DIR, "");
        Optional<Path> backupDir = bd.isBlank() ? Optional.empty() : Optional.ofNullable(path(BACKUP_DIR, vars, bd, problems));
        SwapAction action = enumValue(SWAP_ACTION, SwapAction.class, string(a, SWAP_ACTION, SwapAction.SWITCH.name()),
                "swap action", problems);
        // ---- image
        Optional<ImageSource> image = Optional.empty();
        if (bankUpdateType) {
            image = imageSource(a, vars, problems);
            if (mode == Mode.BANK_UPDATE && !verify) {
                problems.add(VERIFY, "A bank update always verifies: the boot bank is switched only after the new image "
                        + "reads back correctly. Turn Verify on.");
            }
            if (mode != null && mode != Mode.BANK_UPDATE && swap) {
                problems.add(SWAP, "Swap applies only to a bank update; '" + mode.label() + "' programs the image where it "
                        + "is linked. Turn Swap off or choose 'Bank update to inactive bank'.");
            }
            if (mode == Mode.BANK_UPDATE && device.isPresent()) {
                IdentifiedDevice d = device.get();
                if (!d.descriptor().bankModes(d.flashSizeKiB()).contains(BankMode.DUAL)) {
                    problems.add(MODE, part + " (" + d.name() + ") has a single flash bank: a bank update needs a "
                            + "part whose flash has two banks. Choose 'Program active region' or 'Program whole flash'.");
                }
            }
            List<SwitchScheme> schemes = device.map(d -> d.descriptor().switchSchemes(d.flashSizeKiB()))
                    .orElse(List.of());
            Optional<SwitchScheme> resolved = scheme(scheme, schemes);
            if (mode == Mode.BANK_UPDATE && !schemes.isEmpty() && resolved.isEmpty()) {
                problems.add(SCHEME, unknownScheme(scheme, part, schemes));
            }
            if (image.isPresent() && device.isPresent() && mode != null && problems.isEmpty()) {
                try {
                    FirmwareImage img = image.get().read();
                    IdentifiedDevice d = device.get();
                    BankMode bm = mode == Mode.BANK_UPDATE ? BankMode.DUAL
                            : d.descriptor().bankModes(d.flashSizeKiB()).iterator().next();
                    problems.addAll(IMAGE_PATH, imageProblems(img, d.descriptor().geometry(d.flashSizeKiB(), bm), mode,
                            resolved.orElse(null), schemes));
                } catch (LaunchSpecException e) {
                    problems.addAll(IMAGE_PATH, e.problems());
                }
            }
        }
        // ---- option profile
        Optional<Path> profile = Optional.empty();
        if (optionsType) {
            String pf = string(a, OPTION_PROFILE, "");
            if (pf.isBlank()) {
                problems.add(OPTION_PROFILE, "No option-byte profile given: choose a .fbopt file (written by the Option Bytes editor's "
                        + "Backup or 'flashbank ob backup').");
            } else {
                Path p = path(OPTION_PROFILE, vars, pf, problems);
                profile = Optional.ofNullable(p);
                if (p != null) {
                    if (!Files.isRegularFile(p)) {
                        problems.add(OPTION_PROFILE, "The option-byte profile " + p + " does not exist.");
                    } else {
                        try {
                            OptionProfile op = OptionProfileFile.read(p, families);
                            // the line the target's option images record, from its family (the simulated part was
                            // found among the same families above)
                            IdentifiedDevice identified = device.orElse(null);
                            if (identified != null && families.find(identified.descriptor())
                                    .map(f -> f.factoryOptions(identified.descriptor(), identified.flashSizeKiB()).lineId())
                                    .filter(line -> !line.equals(op.lineId())).isPresent()) {
                                problems.add(OPTION_PROFILE, "The profile " + p.getFileName() + " is for " + op.partName() + " ("
                                        + op.options().lineName() + "), but the target is a " + device.get().name()
                                        + ".");
                            }
                        } catch (StoredConfirmationException e) {
                            problems.refuse(OPTION_PROFILE, e.getMessage());
                        } catch (OptionProfileException e) {
                            problems.add(OPTION_PROFILE, e.getMessage());
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new LaunchSpec(type, target, image, mode, scheme, verify, swap, reset, backup, backupDir, action, profile);
    }

    /** An attribute value that holds a confirmation: anything but absent, blank or false. */
    private static boolean storesSomething(Object v) {
        return v != null && !(v instanceof Boolean b && !b) && !v.toString().isBlank()
                && !"false".equalsIgnoreCase(v.toString().strip());
    }

    private static Optional<ImageSource> imageSource(Map<String, ?> a, LaunchVariables vars, Problems problems) {
        String ip = string(a, IMAGE_PATH, "");
        if (ip.isBlank()) {
            problems.add(IMAGE_PATH, "No image file given: choose an ELF, HEX or BIN file on the Image tab.");
            return Optional.empty();
        }
        Path file = path(IMAGE_PATH, vars, ip, problems);
        if (file == null) {
            return Optional.empty();
        }
        if (Files.isDirectory(file)) {
            // also what the IDE's field holds half-typed ("/", "/home/"): a problem, never an exception
            problems.add(IMAGE_PATH, "The image path " + file + " is a folder: choose an ELF, HEX, S-record or BIN "
                    + "file in it.");
        } else if (!Files.isRegularFile(file)) {
            problems.add(IMAGE_PATH, "The image file " + file + " does not exist" + (bool(a, BUILD_BEFORE_LAUNCH, false)
                    ? " (yet: build the project first)" : "") + ".");
        }
        String f = string(a, IMAGE_FORMAT, FORMAT_AUTO).strip();
        Optional<ImageFormat> format = Optional.empty();
        if (!f.isEmpty() && !FORMAT_AUTO.equalsIgnoreCase(f)) {
            format = ImageFormat.parse(f);
            if (format.isEmpty()) {
                problems.add(IMAGE_FORMAT, "Unknown image format '" + f + "': choose elf, hex, srec or bin.");
            }
        }
        // a root ("/", "C:\") has no file name
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        boolean bin = format.map(x -> x == ImageFormat.BIN)
                .orElseGet(() -> ImageFormat.byExtension(name).orElse(null) == ImageFormat.BIN);
        String b = string(a, IMAGE_BASE, "").strip();
        OptionalLong base = OptionalLong.empty();
        if (!b.isEmpty()) {
            try {
                long v = parseAddress(b);
                base = OptionalLong.of(v);
                if (v < FLASH_BASE || v > 0x0FFF_FFFFL) {
                    problems.add(IMAGE_BASE, String.format("Base address 0x%08X is not a flash address: flash starts at 0x%08X "
                            + "(AXIM).", v, FLASH_BASE));
                }
            } catch (NumberFormatException e) {
                problems.add(IMAGE_BASE, "Bad base address '" + b + "': write it as hex, e.g. 0x08100000.");
            }
            if (!bin) {
                problems.add(IMAGE_BASE, "A base address applies only to raw BIN images; ELF and HEX files carry their addresses. "
                        + "Clear the base address.");
            }
        } else if (bin) {
            problems.add(IMAGE_BASE, "A BIN image has no addresses: give its base address (e.g. 0x08000000 or 0x08100000).");
        }
        return Optional.of(new ImageSource(file, format, base));
    }

    /**
     * The scheme a launch's {@code id} names among the part's {@code schemes}; an empty id is the part's default (its
     * first scheme). Empty when the id names none of them (or the part has none).
     */
    public static Optional<SwitchScheme> scheme(String id, List<SwitchScheme> schemes) {
        if (id.isBlank()) {
            return schemes.stream().findFirst();
        }
        return SwitchScheme.find(schemes, id);
    }

    /** The problem of a scheme id that is not one of the part's: "swap-bank is not a scheme of &lt;part&gt;: ...". */
    public static String unknownScheme(String id, String part, List<SwitchScheme> schemes) {
        return "Switching scheme '" + id + "' is not a scheme of " + part + ": " + SwitchScheme.ids(schemes) + ".";
    }

    /**
     * The image against the flash it goes into (the simulated part's model before launch, the identified part at run
     * time): fits, and for a bank update is linked where the scheme runs it.
     */
    public static List<String> imageProblems(FirmwareImage img, FlashGeometry g, Mode mode, SwitchScheme scheme,
            List<SwitchScheme> schemes) {
        return imageProblems(img, g, mode, scheme, schemes, Optional.empty());
    }

    /**
     * As {@link #imageProblems(FirmwareImage, FlashGeometry, Mode, SwitchScheme, List)} on a connected part:
     * {@code dualBank} is its option setting that selects dual-bank mode, named when the flash is in single-bank mode.
     */
    public static List<String> imageProblems(FirmwareImage img, FlashGeometry g, Mode mode, SwitchScheme scheme,
            List<SwitchScheme> schemes, Optional<OptionCliCommand.BankModeSetting> dualBank) {
        List<String> p = new ArrayList<>();
        Optional<AddressRange> spanOpt = img.span();
        if (spanOpt.isEmpty()) {
            p.add("The image " + img.source() + " holds no data.");
            return p;
        }
        AddressRange span = spanOpt.get();
        if (mode == Mode.BANK_UPDATE) {
            if (g.mode() != BankMode.DUAL) {
                p.add("The flash is in single-bank mode" + dualBank.map(s -> " (" + s.now() + ")").orElse("")
                        + ": a bank update needs dual-bank mode. Choose 'Program active region' or 'Program whole "
                        + "flash', or " + dualBank.map(s -> "set " + s.shown()).orElse("switch the part to dual-bank "
                                + "mode") + " first (Option Bytes editor).");
                return p;
            }
            long bankSize = g.bank(1).size();
            long bank1 = g.windowAddress(1, 0, false, g.linkWindow());
            long bank2 = g.windowAddress(2, 0, false, g.linkWindow());
            if (span.size() > bankSize) {
                p.add(String.format("Image too large: it spans %d KiB but a bank holds %d KiB.", span.size() / 1024,
                        bankSize / 1024));
            }
            if (scheme == null) {
                return p; // no scheme known for the part: the bank update refuses with the reason at run time
            }
            List<String> others = schemes.stream().filter(s -> !s.equals(scheme)).map(SwitchScheme::name).toList();
            if (scheme.linkRule() == SwitchScheme.LinkRule.FIRST_SLOT && span.start() != bank1) {
                p.add(String.format("Link address mismatch: the %s scheme runs every image at 0x%08X (%s maps "
                        + "the chosen bank there), but the image starts at 0x%08X. Link it for 0x%08X%s.", scheme.name(),
                        bank1, scheme.mappingBit(), span.start(), bank1, others.isEmpty() ? ""
                                : " or choose " + String.join(" or ", others)));
            } else if (scheme.linkRule() == SwitchScheme.LinkRule.OWN_BANK_ADDRESS && span.start() != bank1
                    && span.start() != bank2) {
                p.add(String.format("Link address mismatch: with %s each image runs at its own bank's address "
                        + "(0x%08X or 0x%08X), but the image starts at 0x%08X.", scheme.name(), bank1, bank2,
                        span.start()));
            }
        } else {
            AddressRange flash = g.windowRange(g.linkWindow());
            if (span.start() < flash.start() || span.start() + span.size() > flash.start() + flash.size()) {
                p.add(String.format("The image %s lies outside the flash %s.", span, flash));
            }
        }
        return p;
    }

    static long parseAddress(String s) {
        String t = s.strip().replace("_", "");
        if (t.regionMatches(true, 0, "0x", 0, 2)) {
            return Long.parseUnsignedLong(t.substring(2), 16);
        }
        return Long.parseLong(t);
    }

    private static Path path(String key, LaunchVariables vars, String text, Problems problems) {
        try {
            return vars.path(text.strip());
        } catch (LaunchSpecException e) {
            problems.addAll(key, e.problems());
            return null;
        } catch (RuntimeException e) { // InvalidPathException
            problems.add(key, "'" + text + "' is not a valid path: " + e.getMessage());
            return null;
        }
    }

    private static <E extends Enum<E>> E enumValue(String key, Class<E> type, String value, String what,
            Problems problems) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(key, "Unknown " + what + " '" + value + "'; one of " + java.util.Arrays.toString(type.getEnumConstants())
                    + ".");
            return null;
        }
    }

    static String string(Map<String, ?> a, String key, String dflt) {
        Object v = a.get(key);
        return v == null ? dflt : v.toString();
    }

    static boolean bool(Map<String, ?> a, String key, boolean dflt) {
        Object v = a.get(key);
        return v instanceof Boolean b ? b : v == null ? dflt : Boolean.parseBoolean(v.toString());
    }

    static int integer(Map<String, ?> a, String key, int dflt) {
        Object v = a.get(key);
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return v == null ? dflt : Integer.parseInt(v.toString().strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
