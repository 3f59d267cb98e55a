package dev.flashbank.cli.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.flashbank.cli.sim.SimStlinkBackend;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.stlink.StlinkProduct;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;
import dev.flashbank.stlink.tcp.StlinkServer;

/**
 * Real OpenOCD 0.12 against a simulated board, for the bench's comparison rows: the board behind an emulated ST-Link
 * (the same cost model as Flashbank's own client, {@link HostSleepCharging}) on the stlink-server TCP protocol,
 * OpenOCD started with its stock interface script for the ST-Link in DAP-direct mode ({@code interface/stlink-dap.cfg},
 * {@code st-link backend tcp}) and the part's stock target script. What OpenOCD did is read from its own log
 * ({@link #path}); the modelled time is the board's virtual clock.
 */
public final class OpenOcdRun {

    /** The executable on PATH. */
    public static final String EXECUTABLE = "openocd";
    /** Seconds one OpenOCD run may take in wall time before the bench gives up on it. */
    static final long WALL_LIMIT_SECONDS = 1800;

    /** OpenOCD's log lines that say which write path it took (stm32f2x.c 0.12). */
    static final String LOADER_TIMEOUT = "timeout waiting for algorithm";
    static final String LOADER_FAILED = "error executing stm32x flash write algorithm";
    static final String FALLBACK = "couldn't use block writes, falling back to single memory accesses";

    /**
     * One OpenOCD run.
     *
     * @param ok            OpenOCD exited 0
     * @param boardNanos    board time from OpenOCD's start to its exit (connect included)
     * @param usbCommands   ST-Link commands it sent
     * @param sleepNanos    of {@code boardNanos}, OpenOCD's own pauses between commands (see {@link HostSleepCharging})
     * @param log           OpenOCD's output
     * @param commandLine   as run
     */
    public record Result(boolean ok, long boardNanos, long usbCommands, long sleepNanos, List<String> log,
            List<String> commandLine) {
        public Result {
            log = List.copyOf(log);
            commandLine = List.copyOf(commandLine);
        }

        /** Which write path OpenOCD's log shows. */
        public String path() {
            return OpenOcdRun.path(log);
        }

        /** OpenOCD's "Error:" lines. */
        public List<String> errors() {
            return log.stream().filter(l -> l.startsWith("Error")).toList();
        }
    }

    private OpenOcdRun() {
    }

    /** The openocd executable on PATH, or empty. */
    public static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, EXECUTABLE);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** First line of {@code openocd --version} ("Open On-Chip Debugger 0.12.0"). */
    public static String version(Path openocd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(openocd.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out.lines().findFirst().orElse("?").trim();
    }

    /** The stock OpenOCD target script of a part's line (its descriptor's), or empty where OpenOCD has none. */
    public static Optional<String> targetScript(dev.flashbank.core.device.DeviceDescriptor descriptor) {
        return descriptor.openOcdStlinkTargetScript();
    }

    /** "RAM loader ...", "no work area ...", or what else the log says about the write path. */
    static String path(List<String> log) {
        boolean loader = log.stream().anyMatch(l -> l.contains(LOADER_TIMEOUT) || l.contains(LOADER_FAILED));
        boolean fallback = log.stream().anyMatch(l -> l.contains(FALLBACK));
        if (loader) {
            return "its RAM loader (stm32x flash write algorithm in the work area) did not finish: '"
                    + log.stream().filter(l -> l.contains(LOADER_TIMEOUT) || l.contains(LOADER_FAILED)).findFirst()
                            .orElseThrow().strip() + "'";
        }
        if (fallback) {
            return "no work area: '" + FALLBACK + "' (half-word writes, FLASH_SR polled after each)";
        }
        if (log.stream().anyMatch(l -> l.startsWith("wrote "))) {
            return "its RAM loader (stm32x flash write algorithm in the work area, run by the core)";
        }
        return "no flash write";
    }

    /**
     * Runs OpenOCD against {@code board} behind an emulated {@code probe}.
     *
     * @param workArea      false: {@code set WORKAREASIZE 0} before the target script (no RAM loader)
     * @param commands      OpenOCD commands after {@code init} and {@code reset halt} (before {@code shutdown})
     */
    public static Result run(Path openocd, BenchBoard board, EmulatorConfig probe, String targetScript,
            boolean workArea, List<String> commands) throws IOException, InterruptedException {
        SimStlinkBackend backend = new SimStlinkBackend(board.debugBus());
        StlinkEmulator emulator = new StlinkEmulator(probe, backend);
        HostSleepCharging transport = new HostSleepCharging(emulator, backend);
        List<String> cmd = new ArrayList<>(List.of(openocd.toString(), "-f", "interface/stlink-dap.cfg"));
        try (StlinkServer server = StlinkServer.start(List.of(new StlinkServer.ServedProbe(board.serial(),
                StlinkProduct.VENDOR_ID, probe.product().productId(), transport, board)),
                StlinkServer.DEFAULT_VERSION, 0, line -> {
                })) {
            cmd.addAll(List.of("-c", "st-link backend tcp " + server.port(), "-c", "adapter serial " + board.serial()));
            if (!workArea) {
                cmd.addAll(List.of("-c", "set WORKAREASIZE 0"));
            }
            cmd.addAll(List.of("-f", targetScript, "-c", "init", "-c", "reset halt"));
            for (String c : commands) {
                cmd.addAll(List.of("-c", c));
            }
            cmd.addAll(List.of("-c", "shutdown"));
            long t0 = board.clock().nanos();
            long x0 = emulator.exchangeCount();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            List<String> log = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try (var r = p.inputReader(StandardCharsets.UTF_8)) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        synchronized (log) {
                            log.add(l);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "openocd log");
            reader.start();
            boolean ended = p.waitFor(WALL_LIMIT_SECONDS, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
                p.waitFor();
            }
            reader.join(10_000);
            synchronized (log) {
                if (!ended) {
                    log.add("Error: the bench stopped OpenOCD after " + WALL_LIMIT_SECONDS + " s of wall time");
                }
                return new Result(ended && p.exitValue() == 0, board.clock().nanos() - t0,
                        emulator.exchangeCount() - x0, transport.chargedNanos(), log, cmd);
            }
        }
    }
}
