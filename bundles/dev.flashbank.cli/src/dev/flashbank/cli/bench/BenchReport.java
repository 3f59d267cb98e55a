package dev.flashbank.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.cli.Json;

/**
 * The bench's results: per probe profile and image size, Flashbank's modelled time for each piece of work next to the
 * modelled flash floor at the timing table's typical and maximum values; OpenOCD's runs through the emulator in the
 * same bench run (or why there are none); the CLI's start-up; the host hot paths; the simulated core's speed (empty:
 * not measured). Rendered as a text table or JSON.
 *
 * @param timingSource where the flash timing table's values come from (printed with every result)
 * @param probes       each probe profile with its named parameters
 */
public record BenchReport(String part, String timingSource, List<String> timingNotes, List<Probe> probes,
        List<Row> rows, OpenOcd openocd, Startup startup, List<HostResult> host, Optional<CpuSpeed.Result> cpu) {

    /** Name of the floor at the table's typical values; the max-based one is {@link #FLOOR_MAX}. */
    public static final String FLOOR_TYP = "modelled flash floor (typ)";
    public static final String FLOOR_MAX = "modelled flash floor (max)";

    public BenchReport {
        timingNotes = List.copyOf(timingNotes);
        probes = List.copyOf(probes);
        rows = List.copyOf(rows);
        host = List.copyOf(host);
    }

    /** A probe profile as run: {@code parameters} lists the typ..max ranges. */
    public record Probe(String key, String name, String parameters) {
    }

    /**
     * Flashbank doing one piece of work; the floors are empty where not defined (verify).
     *
     * @param floorTyp {@link #FLOOR_TYP}: erase of exactly the sectors that must be erased plus one t_prog per unit
     *                 that must be programmed, typical values, nothing else (no USB, no SWD, no polling)
     * @param floorMax the same at the table's maximum values
     */
    public record Row(String probe, String size, int bytes, String work, Cost cost, Optional<PhysicalLimit> floorTyp,
            Optional<PhysicalLimit> floorMax) {
        /** Modelled time over {@link #FLOOR_TYP}. */
        public Optional<Double> ratio() {
            return floorTyp.filter(l -> l.totalNanos() > 0).map(l -> cost.targetNanos() / (double) l.totalNanos());
        }

        String text() {
            return String.format(Locale.ROOT, "%-3s %-7s %-32s %9.3f s  %9s  %9s  %6s  %8d  %9.1f ms", probe, size,
                    work, cost.targetSeconds(), floorTyp.map(l -> secs(l.seconds())).orElse("-"),
                    floorMax.map(l -> secs(l.seconds())).orElse("-"),
                    ratio().map(r -> String.format(Locale.ROOT, "%.2fx", r)).orElse("-"), cost.usbCommands(),
                    cost.hostCpuMillis());
        }
    }

    /**
     * OpenOCD measured through the emulator: {@code note} says why there are no rows (not installed, no target
     * script for the part, not asked for) or what the rows are.
     *
     * @param version       {@code openocd --version}, empty when not installed
     * @param defaultPath   what OpenOCD's default path (stock target script, its work area) did, from its log
     * @param defaultErrors its "Error:" lines in that run
     */
    public record OpenOcd(Optional<String> version, Optional<String> targetScript, Optional<String> defaultPath,
            List<String> defaultErrors, List<OpenOcdRow> rows, List<String> notes) {
        public OpenOcd {
            defaultErrors = List.copyOf(defaultErrors);
            rows = List.copyOf(rows);
            notes = List.copyOf(notes);
        }

        public static OpenOcd notRun(Optional<String> version, String why) {
            return new OpenOcd(version, Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(why));
        }
    }

    /**
     * One OpenOCD full write of the image ({@code flash write_image erase}) over the same older content Flashbank's
     * full program starts from; OpenOCD has no incremental mode, so the same run is its cost for the one-sector
     * update too.
     *
     * @param modelledNanos board time of the write run minus that of a connect-only run
     * @param sleepNanos    of it, OpenOCD's own pauses (its sleeps between FLASH_SR polls during the erase and
     *                      between FIFO polls while its RAM loader drains the FIFO)
     * @param path          the write path its log shows
     */
    public record OpenOcdRow(String probe, String size, int bytes, String variant, boolean ok, long modelledNanos,
            long usbCommands, long sleepNanos, String path, List<String> errors, Optional<Double> fullRatio,
            Optional<Double> incrementalRatio) {
        public OpenOcdRow {
            errors = List.copyOf(errors);
        }

        String text() {
            return String.format(Locale.ROOT, "%-3s %-7s %9s  %9s  %9d  %8s  %8s  %s", probe, size,
                    ok ? secs(modelledNanos / 1e9) : "FAILED", secs(sleepNanos / 1e9), usbCommands,
                    fullRatio.map(r -> String.format(Locale.ROOT, "%.2gx", r)).orElse("-"),
                    incrementalRatio.map(r -> String.format(Locale.ROOT, "%.2gx", r)).orElse("-"), path);
        }
    }

    /** Start-up medians, or why they were not measured. */
    public record Startup(Optional<StartupTimes.Result> result, Optional<String> note) {
    }

    /** A host hot path: median wall time and a throughput figure. */
    public record HostResult(String name, long medianNanos, double throughput, String unit) {
        String text() {
            return String.format(Locale.ROOT, "%-52s %9.2f ms  %10.1f %s", name, medianNanos / 1e6, throughput, unit);
        }
    }

    private static String cpuText(CpuSpeed.Figure f, boolean goal) {
        return String.format(Locale.ROOT, "  %-5s %7.1f M/s CPU (min %.1f, max %.1f of %d runs), %7.1f M/s wall%s%n"
                + "        %s, %.1f M instructions per run%n", f.name(), f.cpuPerSecond() / 1e6,
                f.minCpuPerSecond() / 1e6, f.maxCpuPerSecond() / 1e6, f.runs(), f.wallPerSecond() / 1e6,
                goal ? (f.goalMet() ? "  goal met" : "  goal MISSED") : "", f.workload(), f.instructions() / 1e6);
    }

    private static Map<String, Object> cpuJson(CpuSpeed.Figure f) {
        Map<String, Object> m = Json.object();
        m.put("name", f.name());
        m.put("workload", f.workload());
        m.put("runs", f.runs());
        m.put("instructionsPerRun", f.instructions());
        m.put("instructionsPerCpuSecond", f.cpuPerSecond());
        m.put("minInstructionsPerCpuSecond", f.minCpuPerSecond());
        m.put("maxInstructionsPerCpuSecond", f.maxCpuPerSecond());
        m.put("instructionsPerWallSecond", f.wallPerSecond());
        return m;
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.3f s", s);
    }

    /** "64 KiB", "1 MiB". */
    public static String size(int bytes) {
        return bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB"
                : bytes / 1024 + " KiB";
    }

    public Optional<Row> row(String probe, String size, String workPrefix) {
        return rows.stream().filter(r -> r.probe().equals(probe) && r.size().equals(size)
                && r.work().startsWith(workPrefix)).findFirst();
    }

    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("Flashbank bench on a simulated %s%n", part));
        b.append(String.format("Flash timings: %s%n", timingSource));
        timingNotes.forEach(n -> b.append("  note: ").append(n).append('\n'));
        if (!probes.isEmpty()) { // none with --cpu-only: the simulated core alone
            b.append(String.format("Probe cost model (modelled; charged for every ST-Link command, whoever sends "
                    + "it):%n"));
            probes.forEach(p -> b.append(String.format("  %s = %s; %s%n", p.key(), p.name(), p.parameters())));
            b.append(String.format("%nFlashbank (modelled board time; floor typ = %s, floor max = %s):%n", FLOOR_TYP,
                    FLOOR_MAX));
            b.append(String.format(Locale.ROOT, "%-3s %-7s %-32s %11s  %9s  %9s  %6s  %8s  %12s%n", "pr", "image",
                    "work", "modelled", "floor typ", "floor max", "/typ", "USB cmds", "host CPU"));
            rows.forEach(r -> b.append(r.text()).append('\n'));
            b.append(String.format("%nOpenOCD through the emulated ST-Link (stlink-server TCP), same board model:%n"));
            openocd.version().ifPresent(v -> b.append("  ").append(v).append(openocd.targetScript()
                    .map(t -> ", " + t).orElse("")).append('\n'));
            openocd.defaultPath().ifPresent(p -> b.append("  default path (stock script, its work area): ").append(p)
                    .append('\n'));
            openocd.defaultErrors().forEach(e -> b.append("    ").append(e).append('\n'));
            openocd.notes().forEach(n -> b.append("  ").append(n).append('\n'));
            if (!openocd.rows().isEmpty()) {
                b.append(String.format(Locale.ROOT, "%-3s %-7s %11s  %9s  %9s  %8s  %8s  %s%n", "pr", "image",
                        "modelled", "its sleeps", "USB cmds", "FB full", "FB 1-sec", "OpenOCD's path (from its log)"));
                openocd.rows().forEach(r -> b.append(r.text()).append('\n'));
                b.append("  FB full / FB 1-sec: Flashbank's full program / one-sector incremental over OpenOCD's "
                        + "write\n");
            }
            b.append(String.format("%nStart-up (wall time of the distribution's launcher, this machine as loaded "
                    + "now):%n"));
            startup.note().ifPresent(n -> b.append("  ").append(n).append('\n'));
            startup.result().ifPresent(s -> {
                b.append(String.format("  %s (AppCDS archive %s; load average %s)%n", s.launcher(),
                        s.archive() ? "present" : "absent", s.loadAverage()));
                s.timings().forEach(t -> b.append(String.format(Locale.ROOT, "  %-22s median %7.1f ms of %d runs "
                        + "(min %.1f, max %.1f)%s%n", t.command(), t.medianMillis(), t.runs(), t.minNanos() / 1e6,
                        t.maxNanos() / 1e6, t.medianCpuNanos() < 0 ? ""
                                : String.format(Locale.ROOT, "; CPU user+sys median %.0f ms", t.medianCpuMillis()))));
            });
        }
        if (!host.isEmpty()) {
            b.append(String.format("%nHost hot paths (median wall time):%n"));
            host.forEach(h -> b.append(h.text()).append('\n'));
        }
        cpu.ifPresent(c -> {
            b.append(String.format(Locale.ROOT, "%nSimulated core (simulated instructions per second of host thread "
                    + "CPU time, median; goal >= %.0f M/s on the board; load average %s; measured in %s):%n",
                    CpuSpeed.GOAL_PER_SECOND / 1e6, c.loadAverage(), c.where()));
            c.notes().forEach(n -> b.append("  ").append(n).append('\n'));
            c.board().ifPresent(f -> b.append(cpuText(f, true)));
            c.isa().ifPresent(f -> b.append(cpuText(f, false)));
        });
        return b.toString();
    }

    public String json() {
        Map<String, Object> o = Json.object();
        o.put("part", part);
        o.put("timingSource", timingSource);
        o.put("timingNotes", timingNotes);
        o.put("floorTypName", FLOOR_TYP);
        o.put("floorMaxName", FLOOR_MAX);
        List<Object> ps = new ArrayList<>();
        for (Probe p : probes) {
            Map<String, Object> m = Json.object();
            m.put("key", p.key());
            m.put("name", p.name());
            m.put("parameters", p.parameters());
            ps.add(m);
        }
        o.put("probes", ps);
        List<Object> rs = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = Json.object();
            m.put("probe", r.probe());
            m.put("size", r.size());
            m.put("bytes", r.bytes());
            m.put("work", r.work());
            m.put("modelledSeconds", r.cost().targetSeconds());
            m.put("usbCommands", r.cost().usbCommands());
            m.put("hostCpuMillis", r.cost().hostCpuMillis());
            m.put("hostWallMillis", r.cost().hostWallMillis());
            m.put("floorTypSeconds", r.floorTyp().map(PhysicalLimit::seconds));
            m.put("floorTypEraseSeconds", r.floorTyp().map(l -> l.eraseNanos() / 1e9));
            m.put("floorTypProgramSeconds", r.floorTyp().map(l -> l.programNanos() / 1e9));
            m.put("floorMaxSeconds", r.floorMax().map(PhysicalLimit::seconds));
            m.put("ratioToFloorTyp", r.ratio());
            rs.add(m);
        }
        o.put("rows", rs);
        Map<String, Object> oc = Json.object();
        oc.put("installed", openocd.version().isPresent());
        oc.put("version", openocd.version());
        oc.put("targetScript", openocd.targetScript());
        oc.put("defaultPath", openocd.defaultPath());
        oc.put("defaultPathErrors", openocd.defaultErrors());
        oc.put("notes", openocd.notes());
        List<Object> os = new ArrayList<>();
        for (OpenOcdRow r : openocd.rows()) {
            Map<String, Object> m = Json.object();
            m.put("probe", r.probe());
            m.put("size", r.size());
            m.put("bytes", r.bytes());
            m.put("variant", r.variant());
            m.put("ok", r.ok());
            m.put("modelledSeconds", r.ok() ? Optional.of(r.modelledNanos() / 1e9) : Optional.empty());
            m.put("sleepSeconds", r.sleepNanos() / 1e9);
            m.put("usbCommands", r.usbCommands());
            m.put("path", r.path());
            m.put("errors", r.errors());
            m.put("flashbankFullOverOpenOcd", r.fullRatio());
            m.put("flashbankIncrementalOverOpenOcd", r.incrementalRatio());
            os.add(m);
        }
        oc.put("rows", os);
        o.put("openocd", oc);
        Map<String, Object> st = Json.object();
        st.put("note", startup.note());
        startup.result().ifPresent(s -> {
            st.put("launcher", s.launcher().toString());
            st.put("appCdsArchive", s.archive());
            st.put("loadAverage", s.loadAverage());
            List<Object> ts = new ArrayList<>();
            for (StartupTimes.Timing t : s.timings()) {
                Map<String, Object> m = Json.object();
                m.put("command", t.command());
                m.put("runs", t.runs());
                m.put("medianMillis", t.medianMillis());
                m.put("minMillis", t.minNanos() / 1e6);
                m.put("maxMillis", t.maxNanos() / 1e6);
                m.put("medianCpuMillis", t.medianCpuNanos() < 0 ? null : t.medianCpuMillis());
                ts.add(m);
            }
            st.put("timings", ts);
        });
        o.put("startup", st);
        List<Object> hs = new ArrayList<>();
        for (HostResult h : host) {
            Map<String, Object> m = Json.object();
            m.put("name", h.name());
            m.put("medianMillis", h.medianNanos() / 1e6);
            m.put("throughput", h.throughput());
            m.put("unit", h.unit());
            hs.add(m);
        }
        o.put("host", hs);
        Map<String, Object> cs = Json.object();
        cs.put("measured", cpu.isPresent());
        cs.put("goalInstructionsPerCpuSecond", CpuSpeed.GOAL_PER_SECOND);
        cpu.ifPresent(c -> {
            cs.put("loadAverage", c.loadAverage());
            cs.put("measuredIn", c.where());
            cs.put("notes", c.notes());
            cs.put("board", c.board().map(BenchReport::cpuJson));
            cs.put("boardGoalMet", c.board().map(CpuSpeed.Figure::goalMet));
            cs.put("isa", c.isa().map(BenchReport::cpuJson));
        });
        o.put("cpu", cs);
        return Json.render(o);
    }
}
