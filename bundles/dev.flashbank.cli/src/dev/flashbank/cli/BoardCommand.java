package dev.flashbank.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.flashbank.core.connect.TargetOpenException;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.SimulatedFamilies;
import dev.flashbank.sim.state.BoardLock;
import dev.flashbank.sim.state.BoardStateException;
import dev.flashbank.sim.state.LiveBoard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flashbank board create|show|run}: simulated boards kept in state files. */
@Command(name = "board", header = "Create, inspect and run simulated boards.", mixinStandardHelpOptions = true,
        description = "Create, inspect and run simulated boards (kept in state files so you can work across commands).",
        subcommands = { BoardCommand.Create.class, BoardCommand.Show.class, BoardRunCommand.class })
public final class BoardCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code flashbank board create}. */
    @Command(name = "create", header = "Create a factory-fresh simulated board in a state file.", mixinStandardHelpOptions = true,
            description = { "Create a factory-fresh simulated board and save it to a state file.",
                    "Refuses to overwrite an existing board unless --force is given." })
    public static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--part", paramLabel = "PART",
                description = "Order code of a part an installed family simulates (default: the default board's part).")
        String part;

        @Option(names = "--file", paramLabel = "FILE",
                description = "State file (default: $FLASHBANK_HOME/boards/<part>.fbboard).")
        Path file;

        @Option(names = "--dual-bank", description = "Start in dual-bank mode, where the part's line has a bank-mode option (a part that "
                        + "always has two banks is created as it is; a single-bank line is refused).")
        boolean dualBank;

        @Option(names = "--bank-mode", paramLabel = "single|dual", description = "Start in this bank mode, set by the "
                + "part's bank-mode option (e.g. a 512 KiB part that leaves the factory dual bank, created single bank "
                + "with its larger pages); a mode the part does not have is refused naming the ones it has. Default: "
                + "the factory's mode.")
        String bankMode;

        @Option(names = "--boot0", description = "Level of the BOOT0 pin (default: 0).")
        boolean boot0;

        @Option(names = "--voltage", paramLabel = "MV", defaultValue = "3300",
                description = "Target supply in millivolts (where the flash controller has a parallelism setting, the "
                        + "supply decides the widest one allowed; default ${DEFAULT-VALUE}).")
        int voltage;

        @Option(names = "--force", description = "Replace an existing board file (its contents are lost).")
        boolean force;

        @Option(names = "--json", description = "Machine-readable JSON on standard output.")
        boolean json;

        @Override
        public Integer call() throws CliException {
            try {
                String p = (part != null ? part : TargetSpec.defaultPart()).strip().toUpperCase(Locale.ROOT);
                Path f = file != null ? file : TargetSpec.defaultStateFile(p);
                if (Files.exists(f) && !force) {
                    throw new CliException(ExitCodes.REFUSED, f + " already holds a board; use --force to replace it "
                            + "(its flash and option bytes would be lost)");
                }
                // every board its own UID and probe serial: tools key backups and journals by UID
                BoardOptions options = BoardOptions.defaults().withFreshIdentity().withBoot0(boot0)
                        .withVoltageMillivolts(voltage);
                Optional<BankMode> mode = bankMode(p, bankMode, dualBank);
                if (mode.isPresent()) {
                    Optional<OptionImage> image = mode.get() == BankMode.DUAL ? dualBankOptions(p)
                            : SimulatedFamilies.bankModeOptions(InstalledFamilies.families(), p, mode.get());
                    if (image.isPresent()) {
                        options = options.withOptionBytes(image.get());
                    }
                }
                BenchBoard b = InstalledFamilies.simulated().create(p, options);
                write(b, f, force, spec.commandLine().getErr());
                if (json) {
                    spec.commandLine().getOut().println(Json.render(describe(b, f)));
                } else {
                    spec.commandLine().getOut().printf("Created a simulated %s in %s%n", b.partName(), f);
                }
                return ExitCodes.OK;
            } catch (UnknownDeviceException | BoardConfigurationException | IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
            }
        }
    }

    /**
     * The bank mode {@code --bank-mode} / {@code --dual-bank} ask for (empty: the factory's); a mode the part does not
     * offer at its flash size, or the two options disagreeing, is a usage error.
     */
    static Optional<BankMode> bankMode(String part, String bankMode, boolean dualBank)
            throws UnknownDeviceException, CliException {
        if (bankMode == null) {
            return dualBank ? Optional.of(BankMode.DUAL) : Optional.empty();
        }
        BankMode m = switch (bankMode.strip().toLowerCase(Locale.ROOT)) {
            case "single" -> BankMode.SINGLE;
            case "dual" -> BankMode.DUAL;
            default -> throw new CliException(ExitCodes.USAGE, "--bank-mode is single or dual, not '" + bankMode + "'");
        };
        if (dualBank && m != BankMode.DUAL) {
            throw new CliException(ExitCodes.USAGE, "--dual-bank and --bank-mode " + bankMode + " contradict each "
                    + "other; give one");
        }
        if (m == BankMode.DUAL) {
            return Optional.of(m); // refused with the family's dual-bank lines by dualBankOptions
        }
        SimulatedFamilies.BankModes modes = SimulatedFamilies.bankModes(InstalledFamilies.families(), part);
        if (!modes.offered().contains(m)) {
            throw new CliException(ExitCodes.USAGE, part + " has no single-bank mode: its flash always has two banks "
                    + "(create it without --bank-mode, or with --bank-mode dual)");
        }
        return Optional.of(m);
    }

    /**
     * The factory options of {@code part} in dual-bank mode, empty when the factory options already are (a part that
     * always has two banks: the board is created as it leaves the factory); a part whose line has no dual-bank mode is
     * refused naming its family's lines that have one.
     */
    static Optional<OptionImage> dualBankOptions(String part) throws UnknownDeviceException, CliException {
        try {
            return SimulatedFamilies.dualBankOptions(InstalledFamilies.families(), part); // shared with the IDE
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    /** Writes a new board file as the one writer of that file (a command using the old board is waited for). */
    static void write(BenchBoard b, Path f, boolean force, PrintWriter err) throws CliException {
        try {
            Path dir = f.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            try (BoardLock lock = BoardLock.acquire(f, "flashbank board create", true, line -> {
                err.println("flashbank: " + line);
                err.flush();
            })) {
                if (Files.exists(lock.boardFile()) && !force) {
                    throw new CliException(ExitCodes.REFUSED, f + " already holds a board; use --force to replace it "
                            + "(its flash and option bytes would be lost)");
                }
                LiveBoard.create(lock.boardFile(), b);
            }
        } catch (TargetOpenException e) {
            throw TargetConnection.failure(e);
        } catch (java.io.IOException | BoardStateException e) {
            throw new CliException(ExitCodes.FAILED, "could not save the board state to " + f + ": " + e.getMessage(), e);
        }
    }

    /** {@code flashbank board show}. */
    @Command(name = "show", header = "Show a simulated board: options, BOOT0, supply, next boot, console.",
            mixinStandardHelpOptions = true,
            description = { "Show a simulated board: part, option bytes (with the bank mode and bank swap in the part's "
                    + "own option names), BOOT0, supply, what the next reset boots and the last lines of the board's "
                    + "console (what its firmware wrote to the console USART since power-on, as 'board run' and the "
                    + "IDE's Run firmware left it; --json: all the board file keeps of it)." })
    public static final class Show extends TargetCommand {
        @Option(names = "--console-lines", paramLabel = "N", defaultValue = "10", description = "How many of the "
                + "console's last lines to print (default: 10; 0: none).")
        int consoleLines;

        @Override
        protected void validate() throws CliException {
            if (consoleLines < 0) {
                throw new CliException(ExitCodes.USAGE, "--console-lines must be 0 or more");
            }
        }

        @Override
        protected int run(TargetConnection c) throws CliException {
            BenchBoard b = c.board();
            if (b == null) {
                throw new CliException(ExitCodes.USAGE, "'board show' is for simulated boards; use 'info' for a probe");
            }
            Map<String, Object> o = describe(b, c.spec().resolvedStateFile());
            String console = b.consoleOutput();
            if (json()) {
                o.put("console", console);
                out().println(Json.render(o));
            } else {
                o.forEach((k, v) -> out().printf("%-14s %s%n", k + ":", v));
                List<String> lines = consoleLines(console);
                if (lines.isEmpty()) {
                    out().printf("%-14s %s%n", "console:", "empty (the firmware wrote nothing since power-on)");
                } else if (consoleLines > 0) {
                    List<String> last = lines.subList(Math.max(0, lines.size() - consoleLines), lines.size());
                    out().printf("%-14s %s%n", "console:", last.size() == lines.size() ? lines.size() + " line(s)"
                            : "last " + last.size() + " of " + lines.size() + " lines");
                    last.forEach(l -> out().println("  " + l));
                }
            }
            return ExitCodes.OK;
        }
    }

    /** The console's lines (LF ends a line, a CR before it is dropped; a last line without LF counts). */
    static List<String> consoleLines(String console) {
        List<String> lines = new java.util.ArrayList<>();
        for (String l : console.split("\n", -1)) {
            lines.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        }
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    static Map<String, Object> describe(BenchBoard b, Path file) {
        BootReport next = b.predictBoot();
        Map<String, Object> o = Json.object();
        o.put("part", b.partName());
        o.put("file", file.toString());
        o.put("serial", b.serial());
        o.put("uniqueId", java.util.HexFormat.of().formatHex(b.uniqueId()));
        o.put("flashKiB", b.flashSizeKiB());
        o.putAll(b.optionStateSummary());
        o.put("boot0", b.boot0() ? 1 : 0);
        o.put("voltageMv", b.voltageMillivolts());
        o.put("powered", b.isPowered());
        o.put("nextBoot", next.summary());
        return o;
    }
}
