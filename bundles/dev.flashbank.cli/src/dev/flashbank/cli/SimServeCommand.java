package dev.flashbank.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

import dev.flashbank.cli.sim.ServedStlinkBoard;
import dev.flashbank.core.connect.StlinkServerAddress;
import dev.flashbank.families.InstalledFamilies;

import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.PoweredBoard;
import dev.flashbank.sim.WallClockPacing;
import dev.flashbank.sim.gdb.GdbServer;
import dev.flashbank.sim.jtag.JtagTiming;
import dev.flashbank.sim.jtag.RemoteBitbangServer;
import dev.flashbank.stlink.StlinkProduct;
import dev.flashbank.stlink.tcp.StlinkServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flashbank sim serve}: puts simulated boards on loopback ports for third-party debuggers (OpenOCD's
 * {@code remote_bitbang} JTAG adapter; the stlink-server protocol of OpenOCD's ST-Link TCP backend and Flashbank's
 * {@code --probe tcp:}; the GDB remote protocol) until interrupted, then saves the board states.
 */
@Command(name = "sim", header = "Serve simulated boards to other tools (OpenOCD remote_bitbang JTAG, stlink-server protocol, GDB).", mixinStandardHelpOptions = true,
        description = "Work with simulated boards from outside Flashbank.",
        subcommands = { SimServeCommand.Serve.class })
public final class SimServeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code flashbank sim serve [--jtag-port 9824] [--stlink-port 7184] [--gdb-port 3333] [--board STATE]...}. */
    @Command(name = "serve", header = "Serve simulated boards over remote_bitbang JTAG, the stlink-server protocol or GDB's remote protocol on 127.0.0.1.",
            mixinStandardHelpOptions = true,
            description = { "Serve simulated boards to other tools on 127.0.0.1 until interrupted (Ctrl-C); the board"
                    + " states are saved when the server stops, and no other command may write them meanwhile.",
                    "remote_bitbang JTAG (--jtag-port, the default): one board. OpenOCD 0.12: openocd -c 'adapter driver"
                            + " remote_bitbang' -c 'remote_bitbang host 127.0.0.1' -c 'remote_bitbang port 9824'"
                            + " -c 'transport select jtag' -f target/<the part's OpenOCD target script> (every"
                            + " simulated board's core executes, so the script's work area and RAM flash loader work as"
                            + " on silicon; README: 'Real third-party peers').",
                    "stlink-server protocol (--stlink-port): every --board behind its own emulated ST-LINK/V2-1, listed"
                            + " by the board's probe serial, shared by every client (OpenOCD's 'hla_stlink_backend tcp',"
                            + " 'flashbank --probe tcp:127.0.0.1:<port>/<serial>'); the command lines are printed on start.",
                    "GDB remote protocol (--gdb-port): a gdbserver per --board, on consecutive ports from the one given:"
                            + " gdb-multiarch app.elf -ex 'target extended-remote :<port>' - breakpoints, watchpoints,"
                            + " stepping and 'load' into flash; the core runs on board time while GDB lets it." })
    public static final class Serve implements Callable<Integer> {

        /** remote_bitbang's port when neither --jtag-port nor --stlink-port is given. */
        static final int DEFAULT_JTAG_PORT = 9824;

        @Spec
        CommandSpec spec;

        @Option(names = "--jtag-port", paramLabel = "PORT",
                description = "TCP port of the remote_bitbang JTAG server on 127.0.0.1 (0 = any free port; default "
                        + DEFAULT_JTAG_PORT + " when --stlink-port is not given either).")
        Integer jtagPort;

        @Option(names = "--stlink-port", paramLabel = "PORT",
                description = "TCP port of the stlink-server on 127.0.0.1 (0 = any free port; stlink-server's own is 7184).")
        Integer stlinkPort;

        @Option(names = "--gdb-port", paramLabel = "PORT",
                description = "TCP port of the GDB server on 127.0.0.1 (0 = any free port); with several --board, board n"
                        + " is served on PORT + n - 1.")
        Integer gdbPort;

        @Option(names = "--board", paramLabel = "STATE",
                description = { "Board state file (must exist: see 'flashbank board create'; default: the default board of --part).",
                        "Repeat to serve several boards as several probes over --stlink-port." })
        List<Path> boards = new ArrayList<>();

        @Option(names = "--part", paramLabel = "PART",
                description = "Part of the board (default: the part in --board, or the default board's part).")
        String part;

        @Option(names = "--time-scale", paramLabel = "FACTOR", defaultValue = "1",
                description = { "How fast board time runs against the wall clock over --jtag-port and --stlink-port: 1 ="
                        + " real time (default ${DEFAULT-VALUE}), larger makes erases finish sooner. Below 1 is refused: "
                        + TIME_SCALE_FLOOR_REASON + ".",
                        "It is a target, not a guarantee: at most " + WallClockPacing.MAX_CATCH_UP_MILLIS + " ms of board"
                        + " time is caught up before one access, so when the board's core cannot keep up, board time"
                        + " falls behind the scaled wall clock (a running core simulates every scaled gap; a debugger's"
                        + " RAM flash loader is fastest at 1)." })
        double timeScale;

        /**
         * Why board time may not be set slower than real time (the help and the refusal say it). OpenOCD 0.12's
         * stm32f2x driver waits for an erase by polling once per millisecond of wall time for a budget sized a little
         * above silicon's longest (FLASH_MASS_ERASE_TIMEOUT 33000 for "as high as 32 s in x8 mode";
         * FLASH_ERASE_TIMEOUT 10000 for a sector).
         */
        static final String TIME_SCALE_FLOOR_REASON = "debuggers wait for a flash erase by the wall clock, with"
                + " budgets a little above silicon's longest erase (OpenOCD: 33 s for a mass erase of up to 32 s), and a"
                + " board slower than real time would outlast them";

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Integer jtag = jtagPort == null && stlinkPort == null && gdbPort == null ? Integer.valueOf(DEFAULT_JTAG_PORT)
                    : jtagPort;
            for (Integer p : new Integer[] { jtag, stlinkPort, gdbPort }) {
                if (p != null && (p < 0 || p > 65535)) {
                    throw new CliException(ExitCodes.USAGE, "--jtag-port, --stlink-port and --gdb-port must be 0..65535");
                }
            }
            if (gdbPort != null && gdbPort > 0 && gdbPort + Math.max(1, boards.size()) - 1 > 65535) {
                throw new CliException(ExitCodes.USAGE, "--gdb-port " + gdbPort + " leaves no port for board "
                        + boards.size() + " (board n is served on --gdb-port + n - 1, at most 65535)");
            }
            if (!(timeScale >= 1)) {
                throw new CliException(ExitCodes.USAGE, "--time-scale " + timeScale + " is below 1 (real time): "
                        + TIME_SCALE_FLOOR_REASON);
            }
            if (boards.size() > 1 && jtag != null) {
                throw new CliException(ExitCodes.USAGE, "remote_bitbang JTAG serves one board: give one --board, or"
                        + " serve several with --stlink-port only");
            }
            if (boards.size() > 1 && part != null) {
                throw new CliException(ExitCodes.USAGE, "--part names the part of a single --board");
            }
            if (boards.stream().map(b -> b.toAbsolutePath().normalize()).distinct().count() < boards.size()) {
                throw new CliException(ExitCodes.USAGE, "the same --board is given twice");
            }
            List<TargetConnection> held = new ArrayList<>();
            List<AutoCloseable> servers = new ArrayList<>();
            try {
                for (Path board : boards.isEmpty() ? java.util.Collections.<Path>singletonList(null) : boards) {
                    TargetOptions to = new TargetOptions();
                    // a named file must exist and, when --part is given, hold that part; the default board is made on
                    // first use
                    to.target = board == null ? "sim:" + (part == null ? TargetSpec.defaultPart() : part)
                            : "sim:" + (part == null ? "" : part) + "@" + board;
                    to.holderName = "flashbank sim serve";
                    // held until the server stops: no other command may write the board while a debugger owns it
                    held.add(TargetConnection.open(to, err));
                }
                requireDistinctSerials(held);
                if (jtag != null) {
                    servers.add(serveJtag(held.get(0), jtag, out));
                }
                if (stlinkPort != null) {
                    servers.add(serveStlink(held, stlinkPort, out));
                }
                if (gdbPort != null) {
                    for (int i = 0; i < held.size(); i++) {
                        servers.add(serveGdb(held.get(i), gdbPort == 0 ? 0 : gdbPort + i, out));
                    }
                }
            } catch (CliException | RuntimeException e) {
                stop(servers, held, err);
                throw e;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                try {
                    stop(servers, held, err);
                } finally {
                    err.flush();
                    stopped.countDown();
                }
            }, "flashbank sim serve shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("Ctrl-C to stop");
            out.flush();
            stopped.await(); // released by the shutdown hook (Ctrl-C / SIGTERM)
            return ExitCodes.OK;
        }

        private void requireDistinctSerials(List<TargetConnection> held) throws CliException {
            java.util.Map<String, Path> seen = new java.util.HashMap<>();
            for (TargetConnection c : held) {
                Path prior = seen.putIfAbsent(c.board().serial(), c.spec().resolvedStateFile());
                if (prior != null) {
                    throw new CliException(ExitCodes.USAGE, "boards " + prior + " and " + c.spec().resolvedStateFile()
                            + " have the same probe serial " + c.board().serial()
                            + ": stlink-server clients choose probes by serial (a copied board file keeps its serial; 'flashbank board"
                            + " create' gives every new board its own)");
                }
            }
        }

        private AutoCloseable serveJtag(TargetConnection c, int port, PrintWriter out) throws CliException {
            BenchBoard b = c.board();
            RemoteBitbangServer server;
            try {
                server = RemoteBitbangServer.start(b, port, JtagTiming.accelerated(timeScale), line -> {
                    out.println(line);
                    out.flush();
                });
            } catch (IOException e) {
                throw new CliException(ExitCodes.FAILED, "cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
            }
            out.println("serving simulated " + b.partName() + " (" + c.spec().resolvedStateFile()
                    + ") over remote_bitbang JTAG on 127.0.0.1:" + server.port());
            out.flush();
            return server;
        }

        private AutoCloseable serveGdb(TargetConnection c, int port, PrintWriter out) throws CliException {
            BenchBoard b = c.board();
            GdbServer server;
            try {
                server = GdbServer.start(b, InstalledFamilies.families(), port, line -> {
                    out.println(line);
                    out.flush();
                });
            } catch (IOException e) {
                throw new CliException(ExitCodes.FAILED, "cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
            }
            out.println("serving simulated " + b.partName() + " (" + c.spec().resolvedStateFile()
                    + ") to GDB on 127.0.0.1:" + server.port());
            out.println("  gdb-multiarch app.elf -ex 'target extended-remote :" + server.port() + "'");
            out.flush();
            return server;
        }

        private AutoCloseable serveStlink(List<TargetConnection> held, int port, PrintWriter out) throws CliException {
            List<StlinkServer.ServedProbe> probes = new ArrayList<>();
            for (TargetConnection c : held) {
                probes.add(ServedStlinkBoard.of(c.board(), ServedStlinkBoard.DEFAULT_PROBE, timeScale).served());
            }
            StlinkServer server;
            try {
                server = StlinkServer.start(probes, StlinkServer.DEFAULT_VERSION, port, line -> {
                    out.println(line);
                    out.flush();
                });
            } catch (IOException e) {
                throw new CliException(ExitCodes.FAILED, "cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
            }
            String product = ServedStlinkBoard.DEFAULT_PROBE.product().displayName();
            int pid = ServedStlinkBoard.DEFAULT_PROBE.product().productId();
            for (TargetConnection c : held) {
                BenchBoard b = c.board();
                out.println("serving simulated " + b.partName() + " (" + c.spec().resolvedStateFile() + ") as emulated "
                        + product + " " + b.serial() + " on the stlink-server protocol at 127.0.0.1:" + server.port());
                // the stock target script only where a test ran it over the emulated ST-Link (the line's fact)
                String script = b.descriptor().openOcdStlinkTargetScript()
                        .orElse("target/<the part's OpenOCD target script>");
                // a board whose core executes runs OpenOCD's RAM flash loader in the stock work area; one without a
                // core (no Cortex-M model yet) needs OpenOCD's no-work-area path
                String workArea = b instanceof PoweredBoard p && p.cpu() != null ? "" : " -c 'set WORKAREASIZE 0'";
                out.println("  OpenOCD 0.12: openocd -c 'adapter driver hla' -c 'hla_layout stlink' -c 'hla_device_desc"
                        + " \"ST-LINK\"' -c 'hla_vid_pid " + String.format("0x%04x 0x%04x", StlinkProduct.VENDOR_ID, pid)
                        + "' -c 'hla_stlink_backend tcp " + server.port() + "' -c 'adapter serial " + b.serial() + "'"
                        + workArea + " -f " + script);
                out.println("  or DAP-direct: openocd -f interface/stlink-dap.cfg -c 'st-link backend tcp " + server.port()
                        + "' -c 'adapter serial " + b.serial() + "' -c 'transport select dapdirect_swd'" + workArea
                        + " -f " + script);
                out.println("  Flashbank:    flashbank info --probe " + new StlinkServerAddress("127.0.0.1",
                        server.port(), b.serial()).text());
            }
            out.flush();
            return server;
        }

        /** Stops the servers, then saves and releases every board (each under its own lock). */
        private static void stop(List<AutoCloseable> servers, List<TargetConnection> held, PrintWriter err) {
            for (AutoCloseable s : servers) {
                try {
                    s.close();
                } catch (Exception e) {
                    err.println("flashbank: " + e.getMessage());
                }
            }
            for (TargetConnection c : held) {
                Path file = c.spec().resolvedStateFile();
                try {
                    synchronized (c.board()) {
                        c.close();
                    }
                    err.println("flashbank: board " + file + " saved (if it changed) and released");
                } catch (CliException | RuntimeException e) {
                    err.println("flashbank: " + file + ": " + e.getMessage());
                }
            }
        }
    }
}
