package dev.flashbank.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.cli.Json;

/**
 * The bench's results: one {@link Row} per (image size, work), the other tools' strategies on the same model (or
 * {@code legacyNote}, why they were not run on this part), and the host hot paths; rendered as a text table or JSON
 * for tracking.
 */
public record BenchReport(String probe, String part, String timingSource, String timingBound, List<Row> rows,
        List<Legacy> legacy, Optional<String> legacyNote, List<HostResult> host) {

    public BenchReport {
        rows = List.copyOf(rows);
        legacy = List.copyOf(legacy);
        host = List.copyOf(host);
    }

    /** Flashbank doing one piece of work; {@code limit} is empty where the physical limit is not defined (verify). */
    public record Row(String size, String work, Cost cost, Optional<PhysicalLimit> limit, int bytes) {
        public Optional<Double> ratio() {
            return limit.filter(l -> l.totalNanos() > 0).map(l -> cost.targetNanos() / (double) l.totalNanos());
        }

        String text() {
            return String.format(Locale.ROOT, "%-6s %-34s %9.3f s  %9s  %6s  %8d  %9.1f ms", size, work,
                    cost.targetSeconds(), limit.map(l -> String.format(Locale.ROOT, "%.3f s", l.seconds())).orElse("-"),
                    ratio().map(r -> String.format(Locale.ROOT, "%.2fx", r)).orElse("-"), cost.usbCommands(),
                    cost.hostCpuMillis());
        }
    }

    /** Another tool's strategy for a full program on the same model. */
    public record Legacy(String size, String tool, Cost cost, PhysicalLimit limit) {
        String text() {
            return String.format(Locale.ROOT, "%-6s %-48s %9.3f s  %6.2fx  %9d", size, tool, cost.targetSeconds(),
                    cost.targetNanos() / (double) limit.totalNanos(), cost.usbCommands());
        }
    }

    /** A host hot path: median wall time and a throughput figure. */
    public record HostResult(String name, long medianNanos, double throughput, String unit) {
        String text() {
            return String.format(Locale.ROOT, "%-52s %9.2f ms  %10.1f %s", name, medianNanos / 1e6, throughput, unit);
        }
    }

    /** "16 KiB", "1 MiB". */
    public static String size(int bytes) {
        return bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB"
                : bytes / 1024 + " KiB";
    }

    public Optional<Row> row(String size, String workPrefix) {
        return rows.stream().filter(r -> r.size().equals(size) && r.work().startsWith(workPrefix)).findFirst();
    }

    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("Flashbank bench - %s on a simulated %s, timings: %s (%s)%n", probe, part, timingSource,
                timingBound));
        b.append(String.format(Locale.ROOT, "%-6s %-34s %11s  %9s  %6s  %8s  %12s%n", "image", "work",
                "modelled", "limit", "ratio", "USB cmds", "host CPU"));
        rows.forEach(r -> b.append(r.text()).append('\n'));
        if (!legacy.isEmpty()) {
            b.append(String.format("%nOther tools' strategies on the same model (full program over an older image):%n"));
            b.append(String.format(Locale.ROOT, "%-6s %-48s %11s  %7s  %9s  %s%n", "image", "strategy", "modelled",
                    "ratio", "USB cmds", "Flashbank is"));
            for (Legacy l : legacy) {
                String speedup = row(l.size(), "full program").map(r -> String.format(Locale.ROOT, "%.1fx faster",
                        l.cost().targetNanos() / (double) r.cost().targetNanos())).orElse("-");
                b.append(l.text()).append("  ").append(speedup).append('\n');
            }
        }
        legacyNote.ifPresent(n -> b.append(String.format("%nOther tools' strategies: %s.%n", n)));
        if (!host.isEmpty()) {
            b.append(String.format("%nHost hot paths (median wall time):%n"));
            host.forEach(h -> b.append(h.text()).append('\n'));
        }
        return b.toString();
    }

    public String json() {
        Map<String, Object> o = Json.object();
        o.put("probe", probe);
        o.put("part", part);
        o.put("timingSource", timingSource);
        o.put("timingBound", timingBound);
        List<Object> rs = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = Json.object();
            m.put("size", r.size());
            m.put("bytes", r.bytes());
            m.put("work", r.work());
            cost(m, r.cost());
            m.put("limitSeconds", r.limit().map(PhysicalLimit::seconds));
            m.put("limitEraseSeconds", r.limit().map(l -> l.eraseNanos() / 1e9));
            m.put("limitProgramSeconds", r.limit().map(l -> l.programNanos() / 1e9));
            m.put("ratio", r.ratio());
            rs.add(m);
        }
        o.put("rows", rs);
        List<Object> ls = new ArrayList<>();
        for (Legacy l : legacy) {
            Map<String, Object> m = Json.object();
            m.put("size", l.size());
            m.put("strategy", l.tool());
            cost(m, l.cost());
            m.put("limitSeconds", l.limit().seconds());
            m.put("flashbankSpeedup", row(l.size(), "full program")
                    .map(r -> l.cost().targetNanos() / (double) r.cost().targetNanos()));
            ls.add(m);
        }
        o.put("otherTools", ls);
        o.put("otherToolsNote", legacyNote);
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
        return Json.render(o);
    }

    private static void cost(Map<String, Object> m, Cost c) {
        m.put("modelledSeconds", c.targetSeconds());
        m.put("usbCommands", c.usbCommands());
        m.put("hostCpuMillis", c.hostCpuMillis());
        m.put("hostWallMillis", c.hostWallMillis());
    }
}
