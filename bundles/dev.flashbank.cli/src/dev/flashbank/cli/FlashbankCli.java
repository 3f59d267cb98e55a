package dev.flashbank.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

import dev.flashbank.core.Flashbank;
import dev.flashbank.core.ops.TerminalProgress;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flashbank} command line. Runs on a plain class path (no OSGi runtime): the CLI distribution is a
 * directory of jars with a launcher script.
 */
@Command(name = "flashbank", mixinStandardHelpOptions = true, versionProvider = FlashbankCli.Version.class,
        description = { "STM32 flash, bank and option-byte tool.",
                "Works on a simulated board by default; ST-Link probes over USB." },
        footer = { "",
                "Targets:",
                "  --target sim:<part>[@file]  a simulated board (state kept in the file)",
                "  --target NAME               a target of the IDE's registry (--target-registry)",
                "  --probe SERIAL              an ST-Link on USB (any unique part of its serial)",
                "  --probe tcp:host:port[/serial]  an ST-Link shared through an stlink-server",
                "  --target gdb:host:port      any running gdbserver (OpenOCD, pyOCD, QEMU, ...)",
                "With none, the installed families' default simulated part in",
                "$FLASHBANK_HOME/boards (default ~/.flashbank/boards): everything can be tried",
                "safely without hardware. 'flashbank COMMAND --help' explains each command." })
public final class FlashbankCli implements Runnable {

    /**
     * The commands, in the order the help lists them. Registered by {@link #commandLine}, not in {@code @Command}:
     * picocli builds the model of every registered command by reflection when the command line is made, and a run
     * needs only the command it names - building all of them was about a quarter of the CPU time of
     * {@code flashbank info} on a blank simulated board (issue 18, paired runs).
     */
    static final List<Class<?>> COMMANDS = List.of(CommandLine.HelpCommand.class, ProbesCommand.class,
            InfoCommand.class, DoctorCommand.class, ObCommand.class, ReadCommand.class, FlashCommands.Erase.class,
            FlashCommands.Program.class, FlashCommands.Verify.class, FlashCommands.BankUpdate.class,
            FlashCommands.Swap.class, FlashCommands.Rollback.class, RdpRegressCommand.class, RecoverCommand.class,
            DemoCommand.class, BoardCommand.class, SimServeCommand.class, LaunchCommand.class,
            dev.flashbank.cli.bench.BenchCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Standard output as bytes, for data a command writes there ({@code read -o -}); see {@link #stdoutBytes}. */
    private OutputStream stdoutBytes;

    /** Whether this is the {@code flashbank} process (main), whose standard streams are the command's own. */
    private boolean ownsProcessStreams;

    /**
     * Progress on standard error of the {@code flashbank} process, canceled by Ctrl-C: a bar redrawn in place on a
     * terminal, plain periodic lines otherwise (CI logs); null with {@code --json} (machine output only) and for
     * in-process callers (tests), whose standard error is not the command's.
     *
     * @param bytes how many bytes the work stands for (figures, rate and ETA), 0 when unknown
     */
    static TerminalProgress progress(CommandLine.Model.CommandSpec spec, boolean json, long bytes) {
        // asked for right before target work starts (operations, option writes, launches): from now on Ctrl-C
        // waits for the work to stop between units and report, instead of ending the process mid-write
        Interruption.operationStarted();
        if (json || !((FlashbankCli) spec.root().userObject()).ownsProcessStreams) {
            return null;
        }
        return new TerminalProgress(System.err, System.console() != null ? TerminalProgress.Style.BAR
                : TerminalProgress.Style.LINES, 30, Interruption::requested, System::nanoTime, bytes);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Version text of {@code flashbank --version}. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] { Flashbank.NAME + " " + Flashbank.VERSION,
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")" };
        }
    }

    /**
     * Standard output as a byte stream. In-process callers that gave only writers get the bytes as ISO-8859-1
     * characters on the output writer (exact for the text formats, Intel HEX and S-record).
     */
    OutputStream stdoutBytes() {
        if (stdoutBytes == null) {
            PrintWriter w = spec.commandLine().getOut();
            stdoutBytes = new OutputStream() {
                @Override
                public void write(int b) {
                    w.write(b & 0xFF);
                }

                @Override
                public void flush() {
                    w.flush();
                }
            };
        }
        return stdoutBytes;
    }

    /** Builds the command line with every command and the given output streams (tests use this). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, COMMANDS);
    }

    /**
     * The commands a run of {@code args} needs: the one its first word names; all of them when it names none that
     * exists (the usage or the error lists them, with picocli's suggestions), and for {@code help}; none for a
     * plain {@code --version}.
     */
    static List<Class<?>> commandsFor(String... args) {
        boolean version = false;
        for (String a : args) {
            if (a.startsWith("-")) { // the root's own options (-h, -V) come before the command
                version |= a.equals("-V") || a.equals("--version");
                continue;
            }
            for (Class<?> c : COMMANDS) {
                Command command = c.getAnnotation(Command.class);
                if (command.name().equals(a) || Arrays.asList(command.aliases()).contains(a)) {
                    return c == CommandLine.HelpCommand.class ? COMMANDS : List.of(c);
                }
            }
            return COMMANDS;
        }
        return version && args.length == 1 ? List.of() : COMMANDS;
    }

    private static CommandLine commandLine(PrintWriter out, PrintWriter err, List<Class<?>> commands) {
        CommandLine cl = new CommandLine(new FlashbankCli());
        for (Class<?> c : commands) { // before the streams and handlers below: picocli passes them to subcommands
            cl.addSubcommand(c);
        }
        String[] footer = cl.getCommandSpec().usageMessage().footer();
        String[] all = java.util.Arrays.copyOf(footer, footer.length + ExitCodes.HELP.length);
        System.arraycopy(ExitCodes.HELP, 0, all, footer.length, ExitCodes.HELP.length);
        cl.getCommandSpec().usageMessage().footer(all);
        cl.setOut(out);
        cl.setErr(err);
        CliErrors.install(cl);
        return cl;
    }

    /**
     * Runs one command line and returns its exit code. Never throws and never prints a stack trace: failures are
     * reported by {@link CliErrors} (an {@link Error} escaping picocli's handlers included).
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(commandLine(out, err, commandsFor(args)), args);
    }

    private static int execute(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (RuntimeException | Error e) {
            return CliErrors.internal(cl, e, CliErrors.jsonRequested(java.util.List.of(args)), java.util.List.of(args));
        }
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        CommandLine cl = commandLine(out, err, commandsFor(args));
        FlashbankCli root = cl.getCommand();
        root.stdoutBytes = System.out;
        root.ownsProcessStreams = true;
        Interruption.install();
        int rc = execute(cl, args);
        out.flush();
        err.flush();
        Interruption.finished();
        System.exit(rc);
    }
}
