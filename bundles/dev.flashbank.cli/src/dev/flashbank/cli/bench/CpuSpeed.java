package dev.flashbank.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.ops.ProgramOperation;
import dev.flashbank.core.ops.ProgramOptions;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.FirmwareRun;
import dev.flashbank.sim.PoweredBoard;
import dev.flashbank.sim.SampleFirmware;
import dev.flashbank.sim.cpu.BusFault;
import dev.flashbank.sim.cpu.CortexMCore;
import dev.flashbank.sim.cpu.CoreProfile;
import dev.flashbank.sim.cpu.CpuBus;

/**
 * Speed of the simulated Cortex-M core (issue 19): simulated instructions per second of host thread CPU time (and of
 * wall time), median of several runs after a warm-up.
 * <ul>
 * <li><b>board</b>: the family's start-up sample (F7: console-app, 216 MHz from the PLL, FLASH_ACR.LATENCY = 7,
 * SysTick at 1 kHz, then a counting loop) programmed through the emulated probe into the bench's board, run as
 * {@code flashbank board run} runs it: {@link BenchBoard#runFirmware} in the board's slices on its virtual clock,
 * every fetch and access through the board's bus decode, flash wait states charged;</li>
 * <li><b>ISA</b>: the board's running sample (its counting loop) on a bare {@link CortexMCore} over flat memory (no
 * board, no clock, no wait states): the instruction set alone.</li>
 * </ul>
 * A benchmark output, measured on this machine as it is loaded now (the load average is reported beside it); never a
 * test assertion.
 * <p>
 * Where: {@link #measureFirst} measures in a fresh JVM ({@link #main}: this JVM's java, class path and options, minus
 * the C1-only and profiling ones), so that the figure is what a {@code flashbank board run} JVM does and not what a JVM
 * that already ran the bench's other sections (OpenOCD's RAM loader, the ST-Link emulator, many boards) has left of
 * its compiled code: the bench calls it before its other sections. Where this JVM's class path cannot start one (the
 * classes come from an OSGi bundle, not the system class path), or the child fails, it measures here, still first.
 * To profile what the child does, run its main directly, e.g. {@code java -XX:StartFlightRecording=filename=cpu.jfr
 * -cp <the class path> dev.flashbank.cli.bench.CpuSpeed <part> 20} (the part the bench measures).
 */
public final class CpuSpeed {

    /** Issue 19's goal for the board-level figure: simulated instructions per second of thread CPU time. */
    public static final double GOAL_PER_SECOND = 50e6;
    /** Virtual time of one measured board run. */
    static final Duration BOARD_RUN = Duration.ofMillis(40);
    /** Cycles of one measured ISA run. */
    static final long ISA_CYCLES = 20_000_000L;
    /** Start-up the board runs before the measured runs: the sample's clock set-up and its 10 ms delay. */
    static final Duration START_UP = Duration.ofMillis(30);

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * One measured workload: medians over {@code runs}.
     *
     * @param instructions simulated instructions of one run (median)
     * @param cpuPerSecond instructions per second of thread CPU time (median of the runs)
     * @param wallPerSecond instructions per second of wall time (median of the runs)
     */
    public record Figure(String name, String workload, int runs, long instructions, double cpuPerSecond,
            double minCpuPerSecond, double maxCpuPerSecond, double wallPerSecond) {
        public boolean goalMet() {
            return cpuPerSecond >= GOAL_PER_SECOND;
        }
    }

    /**
     * @param board       the core on the bench's board (empty: see {@code notes})
     * @param isa         the bare instruction set (empty: see {@code notes})
     * @param notes       why a figure is missing
     * @param loadAverage the machine's 1/5/15-minute load average before the runs (/proc/loadavg; "unknown")
     * @param where       which JVM measured, e.g. "a fresh JVM (...)"
     */
    public record Result(Optional<Figure> board, Optional<Figure> isa, List<String> notes, String loadAverage,
            String where) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    /** The JVM a {@link #measure} in this JVM ran in. */
    static final String THIS_JVM = "the bench's JVM, before its other sections";

    private CpuSpeed() {
    }

    /**
     * Measures both figures on {@code part}'s board, {@code runs} runs each after a warm-up ({@link #warmUp}); a part
     * whose family ships no sample for it, or whose board has no executing core, gets a note instead.
     */
    public static Result measure(BenchPart part, int runs) throws Exception {
        String load = loadAverage();
        BenchBoard board = part.board();
        Optional<SampleFirmware> samples = board.family().samples()
                .filter(s -> board.family().defaultPart().map(p -> p.equalsIgnoreCase(part.part())).orElse(false));
        if (samples.isEmpty()) {
            return new Result(Optional.empty(), Optional.empty(), List.of("not measured: the " + board.family().id()
                    + " simulator ships no sample firmware linked for " + part.part()), load, THIS_JVM);
        }
        if (!(board instanceof PoweredBoard powered) || powered.cpu() == null) {
            return new Result(Optional.empty(), Optional.of(isa(board, samples.get().running(), runs)),
                    List.of("board not measured: the " + part.part() + " board has no executing core"), load,
                    THIS_JVM);
        }
        // the board first, as a user's JVM runs it (one board, one bus behind the core); then the bare core
        FirmwareImage image = samples.get().startUp().orElse(samples.get().running());
        Figure onBoard = board(powered, image, runs);
        return new Result(Optional.of(onBoard), Optional.of(isa(board, samples.get().running(), runs)), List.of(),
                load, THIS_JVM);
    }

    /**
     * {@link #measure} in a fresh JVM (see the class comment), or in this one when no child JVM can be started from
     * its class path or the child fails (a note says why).
     */
    public static Result measureFirst(BenchPart part, int runs) throws Exception {
        if (ClassLoader.getSystemClassLoader().getResource(CpuSpeed.class.getName().replace('.', '/') + ".class")
                == null) {
            return measure(part, runs); // not on the system class path (OSGi): a child could not load us
        }
        String load = loadAverage();
        List<Result> children = new java.util.ArrayList<>();
        for (int i = 0; i < FRESH_JVMS; i++) {
            try {
                children.add(measureInChild(part, runs, load));
            } catch (ChildFailed f) {
                List<String> notes = new java.util.ArrayList<>();
                notes.add("the fresh JVM failed (" + f.getMessage() + "): measured in " + THIS_JVM);
                Result here = measure(part, runs);
                notes.addAll(here.notes());
                return new Result(here.board(), here.isa(), notes, here.loadAverage(), THIS_JVM);
            }
        }
        return acrossJvms(children, load);
    }

    /**
     * Fresh JVMs the section is measured in. The JIT compiles the interpreter's hot loop into a differently inlined
     * shape from one JVM to the next (the order in which it compiles {@code run}, {@code step} and {@code execute}):
     * on a 2-core machine one JVM's median was 47 M/s and the next's 79 M/s, each steady within itself. The figure is
     * the median of the JVMs' medians, with the slowest and fastest run of all of them beside it.
     */
    static final int FRESH_JVMS = 3;

    /** How {@link #main} names where it measured, before the JVM's description and its closing parenthesis. */
    private static final String ONE_FRESH_JVM = "a fresh JVM, before the other sections (";

    /** The figures of {@code results} (one per fresh JVM) as one: the median JVM, min and max over all runs. */
    static Result acrossJvms(List<Result> results, String load) {
        List<String> notes = results.stream().flatMap(r -> r.notes().stream()).distinct().toList();
        String jvm = results.get(0).where();
        String where = results.size() + " fresh JVMs, the median of their medians, before the other sections ("
                + (jvm.startsWith(ONE_FRESH_JVM) ? jvm.substring(ONE_FRESH_JVM.length()) : jvm + ")");
        return new Result(acrossJvms(results.stream().map(Result::board).toList()),
                acrossJvms(results.stream().map(Result::isa).toList()), notes, load, where);
    }

    private static Optional<Figure> acrossJvms(List<Optional<Figure>> figures) {
        if (figures.stream().anyMatch(Optional::isEmpty)) {
            return figures.get(0);
        }
        List<Figure> f = figures.stream().map(Optional::get)
                .sorted(java.util.Comparator.comparingDouble(Figure::cpuPerSecond)).toList();
        Figure median = f.get(f.size() / 2);
        double min = f.stream().mapToDouble(Figure::minCpuPerSecond).min().orElseThrow();
        double max = f.stream().mapToDouble(Figure::maxCpuPerSecond).max().orElseThrow();
        int runs = f.stream().mapToInt(Figure::runs).sum();
        return Optional.of(new Figure(median.name(), median.workload(), runs, median.instructions(),
                median.cpuPerSecond(), min, max, median.wallPerSecond()));
    }

    /** A child JVM that did not measure: its first line on standard error, or its exit code. */
    private static final class ChildFailed extends Exception {
        private static final long serialVersionUID = 1L;

        ChildFailed(String why) {
            super(why);
        }
    }

    /** {@link #measure} in one fresh JVM ({@link #main}). */
    private static Result measureInChild(BenchPart part, int runs, String load) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(childJvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CpuSpeed.class.getName(), part.part(),
                part.scheme().id(), Integer.toString(runs)));
        Path errors = Files.createTempFile("flashbank-cpu", ".err");
        Process child = null;
        try {
            child = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            child.getOutputStream().close();
            String out = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int rc = child.waitFor();
            if (rc == 0) {
                return parse(out, load);
            }
            throw new ChildFailed(Files.readAllLines(errors).stream().filter(l -> !l.isBlank()).findFirst()
                    .orElse("exit code " + rc));
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
            }
            Files.deleteIfExists(errors);
        }
    }

    /**
     * The child's JVM options: this JVM's, without the C1-only setting of short commands (the child must compile with
     * C2 as a long {@code board run} does), a class-data archive dump, a flight recording, an agent or a debugger.
     */
    static List<String> childJvmOptions(List<String> inputArguments) {
        return inputArguments.stream().filter(a -> !a.startsWith("-XX:TieredStopAtLevel")
                && !a.startsWith("-XX:ArchiveClassesAtExit") && !a.startsWith("-XX:StartFlightRecording")
                && !a.startsWith("-XX:FlightRecorderOptions") && !a.startsWith("-agentlib:")
                && !a.startsWith("-agentpath:") && !a.startsWith("-javaagent:") && !a.startsWith("-Xrunjdwp")
                && !a.equals("-Xdebug")).toList();
    }

    /**
     * The child: {@code CpuSpeed PART SCHEME RUNS} measures ({@link #measure}) and prints which JVM it is, then one
     * line per note and per figure (tab-separated; the workload last) for {@link #measureFirst} to read.
     */
    public static void main(String[] args) throws Exception {
        Result r = measure(BenchPart.of(Optional.of(args[0]), Optional.of(args[1])), Integer.parseInt(args[2]));
        StringBuilder b = new StringBuilder();
        boolean c1Only = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:TieredStopAtLevel") && !a.endsWith("=4"));
        b.append("jvm\t").append(ONE_FRESH_JVM).append("Java ").append(Runtime.version().feature())
                .append(c1Only ? ", C1 only" : ", C1 and C2").append(", GC ")
                .append(String.join("/", ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(java.lang.management.GarbageCollectorMXBean::getName).toList()))
                .append(")\n");
        r.notes().forEach(n -> b.append("note\t").append(n.replace('\t', ' ').replace('\n', ' ')).append('\n'));
        for (Optional<Figure> f : List.of(r.board(), r.isa())) {
            f.ifPresent(x -> b.append(String.join("\t", "figure", x.name(), Integer.toString(x.runs()),
                    Long.toString(x.instructions()), Double.toString(x.cpuPerSecond()),
                    Double.toString(x.minCpuPerSecond()), Double.toString(x.maxCpuPerSecond()),
                    Double.toString(x.wallPerSecond()), x.workload().replace('\t', ' ').replace('\n', ' ')))
                    .append('\n'));
        }
        System.out.print(b);
        System.out.flush();
    }

    /** {@link #main}'s output read back. */
    static Result parse(String out, String load) {
        List<String> notes = new java.util.ArrayList<>();
        String where = "a fresh JVM";
        Optional<Figure> board = Optional.empty();
        Optional<Figure> isa = Optional.empty();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", 9);
            if (f[0].equals("jvm") && f.length == 2) {
                where = f[1];
            } else if (f[0].equals("note") && f.length == 2) {
                notes.add(f[1]);
            } else if (f[0].equals("figure") && f.length == 9) {
                Figure x = new Figure(f[1], f[8], Integer.parseInt(f[2]), Long.parseLong(f[3]),
                        Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                        Double.parseDouble(f[7]));
                if (x.name().equals("board")) {
                    board = Optional.of(x);
                } else {
                    isa = Optional.of(x);
                }
            }
        }
        return new Result(board, isa, notes, load, where);
    }

    /**
     * Programs {@code image} through the emulated probe (a high-speed profile), resets the board and runs
     * {@link #START_UP} of board time: the sample's clock set-up is done, its steady state runs next.
     */
    public static void prepare(PoweredBoard board, FirmwareImage image) throws Exception {
        ModelledStack stack = ModelledStack.connect(board, ProbeModel.v3());
        new ProgramOperation(stack.context(), image, ProgramOptions.defaults()).run(FlashProgress.NONE);
        board.reset(ResetKind.SYSTEM);
        FirmwareRun up = board.runFirmware(START_UP, OptionalLong.empty());
        if (up.stop() != FirmwareRun.Stop.TIME_ELAPSED) {
            throw new IllegalStateException("the sample " + image.source() + " stopped during its start-up: "
                    + up.stop() + " at 0x" + Integer.toHexString(up.pc()));
        }
    }

    /** The sample programmed and started ({@link #prepare}), then timed runs of {@link #BOARD_RUN}. */
    static Figure board(PoweredBoard board, FirmwareImage image, int runs) throws Exception {
        prepare(board, image);
        CortexMCore cpu = board.cpu();
        return time("board", image.source() + " on the simulated " + board.partName() + " (" + cpu.profile()
                + "), " + BOARD_RUN.toMillis() + " ms of board time per run", runs, () -> {
                    long i0 = cpu.instructions();
                    FirmwareRun r = board.runFirmware(BOARD_RUN, OptionalLong.empty());
                    if (r.stop() != FirmwareRun.Stop.TIME_ELAPSED) {
                        throw new IllegalStateException("the sample stopped: " + r.stop());
                    }
                    return cpu.instructions() - i0;
                });
    }

    /** A bare core (the board's profile) over flat memory, out of reset into {@code image}. */
    public static final class BareCore {
        private final CortexMCore core;
        private final String workload;

        private BareCore(CortexMCore core, String workload) {
            this.core = core;
            this.workload = workload;
        }

        /** The core (its registers and memory, for a caller that sets a peripheral up first). */
        public CortexMCore core() {
            return core;
        }

        /** Runs {@code cycles} cycles; returns the instructions executed. */
        public long run(long cycles) {
            long i0 = core.instructions();
            core.run(cycles);
            if (core.stopReason() != CortexMCore.Stop.NONE) {
                throw new IllegalStateException("the sample stopped on the bare core: " + core.stopReason());
            }
            return core.instructions() - i0;
        }
    }

    /** The running sample on a bare core over flat memory: code where it is linked, 512 KiB of RAM at 0x2000_0000. */
    public static BareCore bareCore(BenchBoard board, FirmwareImage image) {
        CoreProfile profile = board instanceof PoweredBoard p && p.cpu() != null ? p.cpu().profile()
                : CoreProfile.CORTEX_M7_DP;
        Segment code = image.segments().get(0);
        long end = image.segments().get(image.segments().size() - 1).end();
        FlatMemory mem = new FlatMemory((int) code.address(), (int) (end - code.address()), 0x2000_0000, 512 * 1024);
        for (Segment s : image.segments()) {
            for (int i = 0; i < s.size(); i++) {
                mem.write8((int) (s.address() + i), s.data()[i]);
            }
        }
        CortexMCore core = new CortexMCore(profile, mem);
        core.takeReset((int) code.address());
        return new BareCore(core, image.source() + " on a bare " + profile + " over flat memory");
    }

    static Figure isa(BenchBoard board, FirmwareImage image, int runs) throws Exception {
        BareCore bare = bareCore(board, image);
        return time("ISA", bare.workload + ", " + ISA_CYCLES / 1_000_000 + " M cycles per run", runs,
                () -> bare.run(ISA_CYCLES));
    }

    @FunctionalInterface
    private interface Run {
        /** One run; returns the instructions it executed. */
        long run() throws Exception;
    }

    /** Warm-up: at least this much thread CPU time in runs before the timed ones... */
    static final long WARM_UP_CPU_NANOS = 500_000_000L;
    /** ...and at least this many runs in a row during which no compilation completed... */
    static final int WARM_UP_QUIET_RUNS = 2;
    /** ...but no more runs than this. */
    static final int WARM_UP_MAX_RUNS = 60;

    /**
     * Runs until the JIT has settled: {@link #WARM_UP_CPU_NANOS} of thread CPU time and {@link #WARM_UP_QUIET_RUNS}
     * runs in a row without a completed compilation (a fresh JVM's compiler threads, slow on a loaded machine, would
     * otherwise still be compiling the core while the timed runs execute its interpreted or C1 code).
     */
    private static void warmUp(Run run) throws Exception {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean tracked = jit != null && jit.isCompilationTimeMonitoringSupported();
        long c0 = THREADS.getCurrentThreadCpuTime();
        int quiet = 0;
        for (int i = 0; i < WARM_UP_MAX_RUNS; i++) {
            long compiling = tracked ? jit.getTotalCompilationTime() : 0;
            run.run();
            quiet = !tracked || jit.getTotalCompilationTime() == compiling ? quiet + 1 : 0;
            if (quiet >= WARM_UP_QUIET_RUNS && THREADS.getCurrentThreadCpuTime() - c0 >= WARM_UP_CPU_NANOS) {
                return;
            }
        }
    }

    private static Figure time(String name, String workload, int runs, Run run) throws Exception {
        warmUp(run);
        double[] cpu = new double[runs];
        double[] wall = new double[runs];
        long[] n = new long[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            n[i] = run.run();
            long w = System.nanoTime() - w0;
            long c = THREADS.getCurrentThreadCpuTime() - c0;
            cpu[i] = n[i] / (Math.max(c, 1) / 1e9);
            wall[i] = n[i] / (Math.max(w, 1) / 1e9);
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        Arrays.sort(n);
        return new Figure(name, workload, runs, n[runs / 2], cpu[runs / 2], cpu[0], cpu[runs - 1], wall[runs / 2]);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Two blocks of little-endian memory (code, RAM); everything else is a bus error. */
    static final class FlatMemory implements CpuBus {
        private final int codeBase;
        private final byte[] code;
        private final int ramBase;
        private final byte[] ram;

        FlatMemory(int codeBase, int codeSize, int ramBase, int ramSize) {
            this.codeBase = codeBase;
            this.code = new byte[(codeSize + 3) & ~3];
            this.ramBase = ramBase;
            this.ram = new byte[ramSize];
        }

        private byte[] block(int address, int width, boolean write) {
            if (Integer.toUnsignedLong(address - ramBase) + width <= ram.length) {
                return ram;
            }
            if (Integer.toUnsignedLong(address - codeBase) + width <= code.length) {
                return code;
            }
            throw new BusFault(address, write, String.format("no memory at 0x%08X", address));
        }

        private int index(byte[] b, int address) {
            return address - (b == ram ? ramBase : codeBase);
        }

        @Override
        public int read8(int address) {
            byte[] b = block(address, 1, false);
            return b[index(b, address)] & 0xFF;
        }

        @Override
        public int read16(int address) {
            byte[] b = block(address, 2, false);
            int i = index(b, address);
            return b[i] & 0xFF | (b[i + 1] & 0xFF) << 8;
        }

        @Override
        public int read32(int address) {
            byte[] b = block(address, 4, false);
            int i = index(b, address);
            return b[i] & 0xFF | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
        }

        @Override
        public void write8(int address, int value) {
            byte[] b = block(address, 1, true);
            b[index(b, address)] = (byte) value;
        }

        @Override
        public void write16(int address, int value) {
            byte[] b = block(address, 2, true);
            int i = index(b, address);
            b[i] = (byte) value;
            b[i + 1] = (byte) (value >>> 8);
        }

        @Override
        public void write32(int address, int value) {
            byte[] b = block(address, 4, true);
            int i = index(b, address);
            b[i] = (byte) value;
            b[i + 1] = (byte) (value >>> 8);
            b[i + 2] = (byte) (value >>> 16);
            b[i + 3] = (byte) (value >>> 24);
        }
    }
}
