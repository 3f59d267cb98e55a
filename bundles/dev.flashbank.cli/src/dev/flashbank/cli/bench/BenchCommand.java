package dev.flashbank.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code --part} names one) through the emulated ST-Link.
 * Target times are MODELLED (the family's flash timing table and the USB/SWD cost model), host times are measured.
 */
@Command(name = "bench", header = "Benchmark programming against the physical limit (modelled) and host hot paths.", mixinStandardHelpOptions = true,
        description = { "Runs the performance suite on a simulated dual-bank part (the default board's part unless",
                "--part names one) through an emulated ST-Link and prints modelled target time, the flash's physical",
                "limit, their ratio, USB commands and host CPU time; the OpenOCD and stlink-org strategies on the same",
                "model where the part's family models them; image parsing, bank diff and simulator throughput.",
                "Target times are modelled (no hardware needed), host times measured." })
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    Path json;

    @Option(names = "--probe", paramLabel = "MODEL", defaultValue = "v2",
            description = "Modelled probe: v2 (ST-LINK/V2, full-speed USB, 4 MHz SWD; the acceptance model) or v3 "
                    + "(STLINK-V3, high-speed USB, 24 MHz SWD). Default: ${DEFAULT-VALUE}.")
    String probe;

    @Option(names = "--sizes", paramLabel = "KiB", split = ",",
            description = "Image sizes in KiB (default 16,256,1024).")
    List<Integer> sizesKiB;

    @Option(names = "--part", paramLabel = "PART",
            description = "Order code of a simulated dual-bank part (default: the default board's part).")
    String part;

    @Option(names = "--scheme", paramLabel = "SCHEME",
            description = "The A/B scheme the bank-update rows switch with (default: the part's first scheme).")
    String scheme;

    @Option(names = "--no-other-tools", description = "Skip the OpenOCD and stlink-org strategies.")
    boolean noLegacy;

    @Option(names = "--no-host", description = "Skip the host hot paths.")
    boolean noHost;

    @Override
    public Integer call() throws Exception {
        ProbeModel model = switch (probe.toLowerCase(java.util.Locale.ROOT)) {
            case "v2" -> ProbeModel.v2At4MHz();
            case "v3" -> ProbeModel.v3At24MHz();
            default -> null;
        };
        if (model == null) {
            spec.commandLine().getErr().println("flashbank bench: unknown probe model '" + probe + "' (v2, v3)");
            return ExitCodes.USAGE;
        }
        List<Integer> sizes = sizesKiB == null ? BenchSuite.DEFAULT_SIZES
                : sizesKiB.stream().map(k -> k * 1024).toList();
        var err = spec.commandLine().getErr();
        BenchPart target;
        try {
            target = BenchPart.of(Optional.ofNullable(part), Optional.ofNullable(scheme));
        } catch (BenchPart.Refused e) {
            err.println("flashbank bench: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        BenchSuite suite = new BenchSuite(target, new BenchSuite.Settings(model, sizes, !noLegacy, !noHost, 7), line -> {
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
