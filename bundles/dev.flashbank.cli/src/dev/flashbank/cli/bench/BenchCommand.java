package dev.flashbank.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.flashbank.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flashbank bench}: the fixed performance suite on a simulated dual-bank part (the default board's part unless
 * {@code --part} names one) through the emulated ST-Link, with real OpenOCD through the same emulator when installed.
 * Target times are MODELLED (the family's flash timing table and the probe cost model), host times are measured.
 */
@Command(name = "bench", header = "Benchmark programming against the modelled flash floor, OpenOCD and start-up.",
        mixinStandardHelpOptions = true,
        description = { "Runs the performance suite on a simulated dual-bank part (the default board's part unless",
                "--part names one) through an emulated ST-Link, per probe profile (v2: ST-LINK/V2 full speed, v3:",
                "STLINK-V3 high speed) and image size: Flashbank's modelled time for full program, verify, a",
                "one-sector incremental update and a bank update, next to the 'modelled flash floor (typ)' and its",
                "max-based counterpart; real OpenOCD (openocd on PATH, stock target script) writing the same image",
                "through the same emulator in the same run, with the path its log shows and the ratio; the median",
                "start-up of 'flashbank --version' and 'flashbank info' through the distribution's launcher; host",
                "hot paths; the simulated core's speed (instructions per second of host CPU time, on the board and",
                "the bare instruction set, beside the 50 M/s goal; measured first, in three fresh JVMs). Target times",
                "are modelled (no hardware needed), host times measured." })
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    Path json;

    @Option(names = "--probe", paramLabel = "MODEL", split = ",",
            description = "Probe profiles: v2 (ST-LINK/V2, full-speed USB, 4 MHz SWD), v3 (STLINK-V3, high-speed "
                    + "USB, 24 MHz SWD); default: both.")
    List<String> probes;

    @Option(names = "--sizes", paramLabel = "KiB", split = ",",
            description = "Image sizes in KiB (default 64,1024,2048).")
    List<Integer> sizesKiB;

    @Option(names = "--openocd-sizes", paramLabel = "KiB", split = ",",
            description = "Sizes (of --sizes) OpenOCD writes through its default path (its RAM loader, executed by "
                    + "the simulated core), in KiB (default: the default --sizes); 0 = do not run OpenOCD.")
    List<Integer> openocdKiB;

    @Option(names = "--openocd", paramLabel = "FILE",
            description = "The OpenOCD executable (default: openocd on PATH).")
    Path openocd;

    @Option(names = "--startup-runs", paramLabel = "N",
            description = "Runs per start-up command (default 11; 0 = not measured).")
    Integer startupRuns;

    @Option(names = "--launcher", paramLabel = "FILE",
            description = "The distribution's bin/flashbank for the start-up runs (default: the launcher this bench "
                    + "was started by).")
    Path launcher;

    @Option(names = "--part", paramLabel = "PART",
            description = "Order code of a simulated dual-bank part (default: the default board's part).")
    String part;

    @Option(names = "--scheme", paramLabel = "SCHEME",
            description = "The A/B scheme the bank-update rows switch with (default: the part's first scheme).")
    String scheme;

    @Option(names = "--no-host", description = "Skip the host hot paths.")
    boolean noHost;

    @Option(names = "--cpu-runs", paramLabel = "N",
            description = "Timed runs of each simulated-core figure: instructions per second of the core executing "
                    + "the family's start-up sample on the board, and of the bare instruction set (default 5; 0 = "
                    + "not measured).")
    Integer cpuRuns;

    @Option(names = "--cpu-only", description = "Measure only the simulated core (no target rows, OpenOCD, start-up "
            + "or host hot paths).")
    boolean cpuOnly;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        List<ProbeModel> models = new ArrayList<>();
        for (String p : probes == null ? List.of("v2", "v3") : probes) {
            Optional<ProbeModel> m = ProbeModel.byKey(p);
            if (m.isEmpty()) {
                err.println("flashbank bench: unknown probe model '" + p + "' (v2, v3)");
                return ExitCodes.USAGE;
            }
            models.add(m.get());
        }
        List<Integer> sizes = sizesKiB == null ? BenchSuite.DEFAULT_SIZES
                : sizesKiB.stream().map(k -> k * 1024).toList();
        List<Integer> openocdSizes = openocdKiB == null ? BenchSuite.DEFAULT_OPENOCD_SIZES
                : openocdKiB.stream().filter(k -> k > 0).map(k -> k * 1024).toList();
        BenchPart target;
        try {
            target = BenchPart.of(Optional.ofNullable(part), Optional.ofNullable(scheme));
        } catch (BenchPart.Refused e) {
            err.println("flashbank bench: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (cpuOnly) {
            models.clear();
            sizes = List.of();
            openocdSizes = List.of();
        }
        Optional<Path> openocdExe = openocd != null ? Optional.of(openocd).filter(Files::isExecutable)
                : OpenOcdRun.find();
        BenchSuite suite = new BenchSuite(target, new BenchSuite.Settings(models, sizes, openocdExe, openocdSizes,
                cpuOnly ? 0 : startupRuns == null ? BenchSuite.DEFAULT_STARTUP_RUNS : startupRuns,
                launcher != null ? Optional.of(launcher) : StartupTimes.launcher(), !noHost && !cpuOnly, 7,
                cpuRuns == null ? BenchSuite.DEFAULT_CPU_RUNS : cpuRuns), line -> {
                    err.println("  " + line);
                    err.flush();
                });
        long t0 = System.nanoTime();
        BenchReport report = suite.run();
        var out = spec.commandLine().getOut();
        out.print(report.table());
        out.printf("(bench ran %.1f s of host wall time)%n", (System.nanoTime() - t0) / 1e9);
        out.flush();
        if (json != null) {
            try {
                Files.writeString(json, report.json() + System.lineSeparator(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("flashbank bench: cannot write " + json + ": " + e.getMessage());
                return ExitCodes.FAILED;
            }
        }
        return ExitCodes.OK;
    }
}
