package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The package graph of the main code (every bundle under {@code bundles/}), read from the sources: imports and
 * fully qualified names. Two rules of ARCHITECTURE.md that bundle manifests cannot show: packages form no cycle
 * (a cycle inside a bundle is as hard to split later as one between bundles), and the family-neutral layers reach
 * no family bundle's package (they work through {@code core.family} and the sim seam only).
 */
class PackageDependencyTest {

    /** Layers that must stay family-neutral: operations, doctor, bank reader, launches, CLI, IDE. */
    static final List<String> NEUTRAL = List.of("dev.flashbank.core.ops", "dev.flashbank.core.doctor",
            "dev.flashbank.core.banks", "dev.flashbank.core.launch", "dev.flashbank.core.connect",
            "dev.flashbank.core.family", "dev.flashbank.cli", "dev.flashbank.launch", "dev.flashbank.ui");

    /**
     * Package cycles that exist today, each with why it is still there. The check fails on any other cycle, on a known
     * one that grew, and on a known one that is gone (so this list only shrinks, and stays true).
     */
    static final Map<String, String> KNOWN_CYCLES = Map.of(
            // (stlink <-> stlink.usb is gone: the provider that opens USB and stlink-server probes sits above both,
            // in stlink.connect)
            "[dev.flashbank.cli, dev.flashbank.cli.bench]",
            "BenchCommand (a CLI command) lives in cli.bench beside the bench it runs",
            "[dev.flashbank.ui, dev.flashbank.ui.jobs, dev.flashbank.ui.views]",
            "views and jobs use the ui plug-in's activator/console, which opens views");

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    /** A reference to a type of another package: {@code dev.flashbank.x.y.Type} (imports and qualified names). */
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.flashbank(?:\\.[a-z][a-z0-9_]*)+)\\.[A-Z]");

    @Test
    void packagesFormNoCycle() throws IOException {
        Map<String, Set<String>> graph = graph(SourceTree.root().resolve("bundles"));
        assertThat(graph).as("packages found").hasSizeGreaterThan(20);
        assertThat(cycles(graph)).as("package cycles (each line: the packages of one strongly connected set); "
                + "known ones: KNOWN_CYCLES").containsExactlyInAnyOrderElementsOf(KNOWN_CYCLES.keySet());
    }

    @Test
    void neutralLayersReachNoFamilyBundle() throws IOException {
        List<String> violations = new ArrayList<>();
        graph(SourceTree.root().resolve("bundles")).forEach((pkg, deps) -> {
            if (NEUTRAL.stream().anyMatch(n -> pkg.equals(n) || pkg.startsWith(n + "."))) {
                deps.stream().filter(d -> d.startsWith("dev.flashbank.family."))
                        .forEach(d -> violations.add(pkg + " -> " + d));
            }
        });
        assertThat(violations).isEmpty();
    }

    @Test
    void theCycleCheckFindsACycle() {
        // guards the guard: a -> b -> c -> a plus a leaf
        Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"), "d", Set.of());
        assertThat(cycles(g)).containsExactly("[a, b, c]");
    }

    /** Package → the other dev.flashbank packages its sources name. */
    static Map<String, Set<String>> graph(Path bundles) throws IOException {
        Map<String, Set<String>> g = new TreeMap<>();
        try (Stream<Path> s = Files.walk(bundles)) {
            for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.toString().contains("/target/"))::iterator) {
                String src = withoutComments(Files.readString(f));
                Matcher pm = PACKAGE.matcher(src);
                if (!pm.find()) {
                    continue;
                }
                String pkg = pm.group(1);
                Set<String> deps = g.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(src);
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        deps.add(m.group(1));
                    }
                }
            }
        }
        g.values().forEach(d -> d.retainAll(g.keySet())); // names that are not packages (e.g. nested types' outer)
        return g;
    }

    /**
     * The source without comments (javadoc may link any type without depending on it) and without string literals
     * (so that a "//" inside a string does not hide the rest of its line).
     */
    static String withoutComments(String src) {
        return COMMENT_OR_STRING.matcher(src).replaceAll(m -> m.group().startsWith("\"") ? "\"\"" : " ");
    }

    private static final Pattern COMMENT_OR_STRING = Pattern.compile(
            "'(?:\\\\.|[^'\\\\\\n])'|\"(?:\\\\.|[^\"\\\\\\n])*\"|/\\*(?s:.*?)\\*/|//[^\\n]*");

    /** Strongly connected sets of more than one package (Tarjan), each rendered sorted. */
    static List<String> cycles(Map<String, Set<String>> g) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<String> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : new TreeSet<>(g.keySet())) {
            if (!index.containsKey(v)) {
                strongConnect(v, g, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void strongConnect(String v, Map<String, Set<String>> g, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<String> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : g.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, g, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component.toString());
            }
        }
    }
}
