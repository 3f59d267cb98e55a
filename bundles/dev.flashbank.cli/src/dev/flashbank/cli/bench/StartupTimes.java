package dev.flashbank.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Start-up of the CLI as a user runs it (issue 18 item 5): wall time of {@code flashbank --version} and of
 * {@code flashbank info} on a simulated board, each spawned {@code runs} times through the distribution's launcher
 * (which uses the AppCDS archive lib/flashbank.jsa when it fits), median and spread. A benchmark output, measured on
 * this machine as it is loaded now; not an assertion.
 */
public final class StartupTimes {

    /** System property the launcher sets to its own path (releng/dev.flashbank.cli.dist/src/bin/flashbank). */
    public static final String LAUNCHER_PROPERTY = "flashbank.launcher";

    /**
     * One command's timings: wall time, and the CPU time (user + sys) the process used, which a machine loaded by
     * other work inflates far less than the wall time; -1 where the platform does not tell (no /proc).
     */
    public record Timing(String command, int runs, long medianNanos, long minNanos, long maxNanos,
            long medianCpuNanos) {
        public double medianMillis() {
            return medianNanos / 1e6;
        }

        public double medianCpuMillis() {
            return medianCpuNanos / 1e6;
        }
    }

    /**
     * @param archive     whether the distribution has its AppCDS archive
     * @param loadAverage the machine's 1/5/15-minute load average before the runs (/proc/loadavg; "unknown" where
     *                    there is none): start-up on a busy machine is slower, and the number says how busy it was
     */
    public record Result(Path launcher, boolean archive, String loadAverage, List<Timing> timings) {
        public Result {
            timings = List.copyOf(timings);
        }
    }

    private StartupTimes() {
    }

    /** The launcher this JVM was started by, if any. */
    public static Optional<Path> launcher() {
        return Optional.ofNullable(System.getProperty(LAUNCHER_PROPERTY)).map(Path::of).filter(Files::isExecutable);
    }

    /**
     * Runs {@code flashbank --version} and {@code flashbank info} (on the default simulated board of a fresh
     * FLASHBANK_HOME, created by one untimed run first) {@code runs} times each.
     */
    public static Result measure(Path launcher, int runs) throws IOException, InterruptedException {
        String load = loadAverage();
        Path home = Files.createTempDirectory("flashbank-bench-home");
        try {
            run(launcher, home, List.of("info")); // creates the default board: not part of the timing
            List<Timing> t = new ArrayList<>();
            t.add(time(launcher, home, List.of("--version"), runs));
            t.add(time(launcher, home, List.of("info"), runs));
            Path archive = launcher.toAbsolutePath().getParent().resolveSibling("lib").resolve("flashbank.jsa");
            return new Result(launcher, Files.isRegularFile(archive), load, t);
        } finally {
            deleteTree(home);
        }
    }

    private static Timing time(Path launcher, Path home, List<String> args, int runs)
            throws IOException, InterruptedException {
        long[] n = new long[runs];
        long[] cpu = new long[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = childrenCpuNanos();
            long t0 = System.nanoTime();
            run(launcher, home, args);
            n[i] = System.nanoTime() - t0;
            long c1 = childrenCpuNanos();
            cpu[i] = c0 < 0 || c1 < 0 ? -1 : c1 - c0;
        }
        Arrays.sort(n);
        Arrays.sort(cpu);
        return new Timing("flashbank " + String.join(" ", args), runs, n[runs / 2], n[0], n[runs - 1],
                cpu[0] < 0 ? -1 : cpu[runs / 2]);
    }

    /**
     * User + system CPU time of this JVM's ended and waited-for children (the launcher execs the JVM, so each run is
     * one child): cutime + cstime of /proc/self/stat (fields 16 and 17, proc(5)) at 100 clock ticks per second, the
     * Linux USER_HZ; -1 without /proc.
     */
    static long childrenCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+"); // from field 3 (state) on
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void run(Path launcher, Path home, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher.toString());
        cmd.addAll(args);
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        b.environment().put("FLASHBANK_HOME", home.toString());
        b.environment().remove("FLASHBANK_CDS_DUMP");
        Process p = b.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not end within 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue());
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
