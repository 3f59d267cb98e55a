package dev.flashbank.core.gdb;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Register numbering from a gdbserver's target description XML (GDB manual, "Target Descriptions"): every
 * {@code <reg>} takes the next number unless it carries {@code regnum}. Servers differ - OpenOCD numbers xPSR 16
 * right after pc, QEMU keeps GDB's legacy ARM layout with xpsr at 25 - so Flashbank maps by register NAME.
 * <p>
 * Only the subset of XML GDB target descriptions use is understood (attributes in double or single quotes), which
 * keeps the core free of an XML parser dependency.
 */
public record TargetDescription(Map<String, Integer> registerNumbers, List<String> includes) {

    private static final Pattern REG = Pattern.compile("<reg\\s([^>]*)/?>");
    private static final Pattern INCLUDE = Pattern.compile("<xi:include\\s+href=[\"']([^\"']+)[\"']");
    private static final Pattern ATTR = Pattern.compile("(\\w+)\\s*=\\s*[\"']([^\"']*)[\"']");

    /**
     * Legacy ARM numbering GDB assumes without a description (r0-r12, sp, lr, pc = 0..15, cpsr/xpsr = 25).
     */
    public static TargetDescription legacyArm() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i <= 12; i++) {
            m.put("r" + i, i);
        }
        m.put("sp", 13);
        m.put("lr", 14);
        m.put("pc", 15);
        m.put("xpsr", 25);
        return new TargetDescription(Map.copyOf(m), List.of());
    }

    /** Parses one document; {@code firstNumber} is the number the first unnumbered register gets. */
    public static TargetDescription parse(String xml, int firstNumber) {
        Map<String, Integer> numbers = new HashMap<>();
        int next = firstNumber;
        Matcher m = REG.matcher(xml);
        while (m.find()) {
            Map<String, String> attrs = new HashMap<>();
            Matcher a = ATTR.matcher(m.group(1));
            while (a.find()) {
                attrs.put(a.group(1), a.group(2));
            }
            String name = attrs.get("name");
            if (name == null) {
                continue;
            }
            int n = attrs.containsKey("regnum") ? Integer.parseInt(attrs.get("regnum").trim()) : next;
            numbers.put(name.toLowerCase(java.util.Locale.ROOT), n);
            next = n + 1;
        }
        List<String> inc = INCLUDE.matcher(xml).results().map(r -> r.group(1)).toList();
        return new TargetDescription(Map.copyOf(numbers), inc);
    }

    /** One past the highest register number (where registers of an included document continue). */
    public int nextNumber() {
        return registerNumbers.values().stream().mapToInt(i -> i + 1).max().orElse(0);
    }

    public TargetDescription merge(TargetDescription other) {
        Map<String, Integer> m = new HashMap<>(registerNumbers);
        m.putAll(other.registerNumbers);
        return new TargetDescription(Map.copyOf(m), includes);
    }

    public Optional<Integer> number(String name) {
        return Optional.ofNullable(registerNumbers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }
}
