package dev.flashbank.core.svd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A compact, committed extract of an SVD file: the register facts the model is cross-checked against (peripheral
 * base, register offset, size and reset value, field bit position and width), for a few selected peripherals or
 * registers. The tables make the cross-check work on every clone of the repository, without ST's multi-megabyte
 * SVD files; where the SVD files are present the tables are re-extracted and compared, so they cannot drift.
 * <p>
 * Format: UTF-8 text, one record per line, tab-separated, {@code #} starts a comment line:
 * <pre>
 * # source: &lt;device&gt;.svd                          (informational)
 * device   &lt;device&gt;    CM7   r0p1                  (name, cpu name, cpu revision; "-" when absent)
 * select   Flash   SYSCFG.MEMRM   DBGMCU   RCC.APB2ENR   (what was extracted: peripherals or PERIPHERAL.REGISTER)
 * P   Flash   0x40023C00                          (peripheral, base address)
 * R   Flash   CR   0x010   32   0x80000000         (peripheral, register, offset, size, reset value)
 * F   Flash   CR   LOCK   31   1                   (peripheral, register, field, lsb, width)
 * </pre>
 * Rows keep the SVD's order. Access types and descriptions are not kept (the model check does not use them).
 */
public final class SvdTable {

    private SvdTable() {
    }

    /**
     * The table text of {@code selection} in {@code device}: each entry names a peripheral (all its registers) or
     * {@code PERIPHERAL.REGISTER} (that register only), with the SVD's own spelling.
     *
     * @throws SvdFormatException when an entry names no peripheral or register of the device
     */
    public static String write(SvdDevice device, List<String> selection, String sourceName) throws SvdFormatException {
        StringBuilder b = new StringBuilder();
        b.append("# Register facts extracted from ").append(sourceName)
                .append(" by dev.flashbank.core.svd.SvdTable - regenerate, do not edit\n");
        b.append("device\t").append(device.name()).append('\t').append(dash(device.cpuName())).append('\t')
                .append(dash(device.cpuRevision())).append('\n');
        b.append("select\t").append(String.join("\t", selection)).append('\n');
        Map<String, List<String>> wanted = parseSelection(selection);
        for (Map.Entry<String, List<String>> e : wanted.entrySet()) {
            SvdPeripheral p = device.peripheral(e.getKey()).orElseThrow(() -> new SvdFormatException(sourceName
                    + ": selection names peripheral " + e.getKey() + ", which the SVD does not have"));
            b.append(String.format("P\t%s\t0x%08X%n", p.name(), p.baseAddress()));
            List<SvdRegister> regs = new ArrayList<>();
            if (e.getValue().isEmpty()) {
                regs.addAll(p.registers());
            } else {
                for (String r : e.getValue()) {
                    regs.add(p.register(r).orElseThrow(() -> new SvdFormatException(sourceName + ": selection names "
                            + e.getKey() + "." + r + ", which the SVD does not have")));
                }
            }
            for (SvdRegister r : regs) {
                b.append(String.format("R\t%s\t%s\t0x%03X\t%d\t0x%08X%n", p.name(), r.name(), r.addressOffset(),
                        r.size(), r.resetValue()));
                for (SvdField f : r.fields()) {
                    b.append(String.format("F\t%s\t%s\t%s\t%d\t%d%n", p.name(), r.name(), f.name(), f.lsb(), f.width()));
                }
            }
        }
        return b.toString().replace("\r\n", "\n");
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static Map<String, List<String>> parseSelection(List<String> selection) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String s : selection) {
            int dot = s.indexOf('.');
            String p = dot < 0 ? s : s.substring(0, dot);
            List<String> regs = m.computeIfAbsent(p, k -> new ArrayList<>());
            if (dot >= 0) {
                regs.add(s.substring(dot + 1));
            }
        }
        return m;
    }

    /** The selection recorded in a table's {@code select} line. */
    public static List<String> selection(String table, String sourceName) throws SvdFormatException {
        for (String line : table.split("\n", -1)) {
            if (line.startsWith("select\t")) {
                return List.of(line.substring("select\t".length()).split("\t"));
            }
        }
        throw new SvdFormatException(sourceName + ": no 'select' line");
    }

    /**
     * The table as an {@link SvdDevice} holding only the extracted peripherals, registers and fields (access and
     * descriptions null), so that the same checks run against a table or a full SVD file.
     *
     * @throws SvdFormatException naming the source, the line number and what is wrong with the line
     */
    public static SvdDevice read(String table, String sourceName) throws SvdFormatException {
        String deviceName = null;
        String cpuName = null;
        String cpuRevision = null;
        Map<String, Long> bases = new LinkedHashMap<>();
        Map<String, Map<String, RegisterRow>> regs = new LinkedHashMap<>();
        String[] lines = table.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = sourceName + ":" + (i + 1) + ": ";
            String[] c = line.split("\t", -1);
            switch (c[0]) {
                case "device" -> {
                    columns(c, 4, where, "device NAME CPU REVISION");
                    deviceName = c[1];
                    cpuName = undash(c[2]);
                    cpuRevision = undash(c[3]);
                }
                case "select" -> {
                    // informational for read(); used by selection()
                }
                case "P" -> {
                    columns(c, 3, where, "P PERIPHERAL BASE");
                    if (bases.put(c[1], number(c[2], where, "base")) != null) {
                        throw new SvdFormatException(where + "peripheral " + c[1] + " listed twice");
                    }
                    regs.put(c[1], new LinkedHashMap<>());
                }
                case "R" -> {
                    columns(c, 6, where, "R PERIPHERAL REGISTER OFFSET SIZE RESET");
                    Map<String, RegisterRow> p = peripheral(regs, c[1], where);
                    if (p.put(c[2], new RegisterRow(number(c[3], where, "offset"), (int) number(c[4], where, "size"),
                            number(c[5], where, "reset value"), new ArrayList<>())) != null) {
                        throw new SvdFormatException(where + "register " + c[1] + "." + c[2] + " listed twice");
                    }
                }
                case "F" -> {
                    columns(c, 6, where, "F PERIPHERAL REGISTER FIELD LSB WIDTH");
                    RegisterRow r = peripheral(regs, c[1], where).get(c[2]);
                    if (r == null) {
                        throw new SvdFormatException(where + "field of " + c[1] + "." + c[2]
                                + " before (or without) its R line");
                    }
                    int lsb = (int) number(c[4], where, "lsb");
                    int width = (int) number(c[5], where, "width");
                    if (width < 1 || lsb + width > 64) {
                        throw new SvdFormatException(where + "impossible bits " + lsb + "+" + width);
                    }
                    r.fields().add(new SvdField(c[3], lsb, width, null, null));
                }
                default -> throw new SvdFormatException(where + "unknown record '" + c[0]
                        + "' (expected device, select, P, R or F)");
            }
        }
        if (deviceName == null) {
            throw new SvdFormatException(sourceName + ": no 'device' line");
        }
        List<SvdPeripheral> peripherals = new ArrayList<>();
        for (Map.Entry<String, Long> p : bases.entrySet()) {
            List<SvdRegister> l = new ArrayList<>();
            regs.get(p.getKey()).forEach((name, r) -> l.add(new SvdRegister(name, r.offset(), r.size(), r.reset(), null,
                    null, r.fields())));
            peripherals.add(new SvdPeripheral(p.getKey(), p.getValue(), null, null, l));
        }
        return new SvdDevice(deviceName, cpuName, cpuRevision, peripherals);
    }

    private record RegisterRow(long offset, int size, long reset, List<SvdField> fields) {
    }

    private static Map<String, RegisterRow> peripheral(Map<String, Map<String, RegisterRow>> regs, String name,
            String where) throws SvdFormatException {
        Map<String, RegisterRow> p = regs.get(name);
        if (p == null) {
            throw new SvdFormatException(where + "peripheral " + name + " used before its P line");
        }
        return p;
    }

    private static void columns(String[] c, int n, String where, String expected) throws SvdFormatException {
        if (c.length != n) {
            throw new SvdFormatException(where + c.length + " tab-separated columns, expected " + n + ": " + expected);
        }
    }

    private static String undash(String s) {
        return s.equals("-") ? null : s;
    }

    private static long number(String text, String where, String what) throws SvdFormatException {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new SvdFormatException(where + what + " is not a number: \"" + text + "\"", e);
        }
    }
}
