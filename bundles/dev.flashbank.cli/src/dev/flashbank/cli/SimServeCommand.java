package dev.flashbank.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.jtag.JtagTiming;
import dev.flashbank.sim.jtag.RemoteBitbangServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flashbank sim serve}: puts a simulated board on a loopback port for third-party debuggers (OpenOCD's
 * {@code remote_bitbang} JTAG adapter) until interrupted, then saves the board state.
 */
@Command(name = "sim", header = "Serve a simulated board to other tools (OpenOCD remote_bitbang JTAG).", mixinStandardHelpOptions = true,
        description = "Work with simulated boards from outside Flashbank.",
        subcommands = { SimServeCommand.Serve.class })
public final class SimServeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code flashbank sim serve --jtag-port 9824 [--board STATE]}. */
    @Command(name = "serve", header = "Serve a simulated board over remote_bitbang JTAG on 127.0.0.1.", mixinStandardHelpOptions = true,
            description = { "Serve a simulated board to OpenOCD over remote_bitbang JTAG on 127.0.0.1 until interrupted"
                    + " (Ctrl-C); the board state is saved when the server stops.",
                    "OpenOCD 0.12: openocd -c 'adapter driver remote_bitbang' -c 'remote_bitbang host 127.0.0.1'"
                            + " -c 'remote_bitbang port 9824' -c 'transport select jtag' -c 'set WORKAREASIZE 0'"
                            + " -f target/<the part's OpenOCD target script> (README: 'Real third-party peers')." })
    public static final class Serve implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--jtag-port", paramLabel = "PORT", defaultValue = "9824",
                description = "TCP port of the remote_bitbang server on 127.0.0.1 (0 = any free port; default ${DEFAULT-VALUE}).")
        int jtagPort;

        @Option(names = "--board", paramLabel = "STATE",
                description = "Board state file (must exist: see 'flashbank board create'; default: the default board of --part).")
        Path board;

        @Option(names = "--part", paramLabel = "PART",
                description = "Part of the board (default: the part in --board, or the default board's part).")
        String part;

        @Option(names = "--time-scale", paramLabel = "FACTOR", defaultValue = "1",
                description = "Board time per real time (1 = real time; larger makes erases finish sooner; default ${DEFAULT-VALUE}).")
        double timeScale;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (jtagPort < 0 || jtagPort > 65535) {
                throw new CliException(ExitCodes.USAGE, "--jtag-port must be 0..65535");
            }
            if (!(timeScale >= 1)) {
                throw new CliException(ExitCodes.USAGE, "--time-scale must be at least 1 (board time may not fall behind"
                        + " real time: debuggers time their flash polls by the wall clock)");
            }
            TargetOptions to = new TargetOptions();
            // a named file must exist and, when --part is given, hold that part; the default board is made on first use
            to.target = board == null ? "sim:" + (part == null ? TargetSpec.defaultPart() : part)
                    : "sim:" + (part == null ? "" : part) + "@" + board;
            to.holderName = "flashbank sim serve";
            TargetSpec target = to.spec();
            Path file = target.resolvedStateFile();
            // held until the server stops: no other command may write the board while a debugger owns it
            TargetConnection c = TargetConnection.open(to, err);
            BenchBoard b = c.board();
            RemoteBitbangServer server;
            try {
                server = RemoteBitbangServer.start(b, jtagPort, JtagTiming.accelerated(timeScale), line -> {
                    out.println(line);
                    out.flush();
                });
            } catch (IOException e) {
                c.close();
                throw new CliException(ExitCodes.FAILED, "cannot listen on 127.0.0.1:" + jtagPort + ": " + e.getMessage(), e);
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                try {
                    server.close();
                    synchronized (b) {
                        c.close();
                    }
                    err.println("flashbank: board " + file + " saved (if it changed) and released");
                } catch (IOException | CliException e) {
                    err.println("flashbank: " + e.getMessage());
                } finally {
                    err.flush();
                    stopped.countDown();
                }
            }, "flashbank sim serve shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("serving simulated " + b.partName() + " (" + file + ") over remote_bitbang JTAG on 127.0.0.1:"
                    + server.port() + " - Ctrl-C to stop");
            out.flush();
            stopped.await(); // released by the shutdown hook (Ctrl-C / SIGTERM)
            return ExitCodes.OK;
        }
    }
}
