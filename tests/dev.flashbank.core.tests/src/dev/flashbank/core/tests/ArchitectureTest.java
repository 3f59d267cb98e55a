package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Enforces ARCHITECTURE.md: which bundle may depend on which, and that headless bundles never reach Eclipse UI.
 * Reads every bundle's MANIFEST.MF and every Java import in the source tree, so a forbidden dependency fails the
 * build the moment it appears.
 */
class ArchitectureTest {

    /** Allowed Flashbank → Flashbank dependencies (the table in ARCHITECTURE.md). */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("dev.flashbank.core", Set.of()),
            Map.entry("dev.flashbank.sim", Set.of("dev.flashbank.core")),
            Map.entry("dev.flashbank.stlink", Set.of("dev.flashbank.core")),
            Map.entry("dev.flashbank.family.stm32f7", Set.of("dev.flashbank.core", "dev.flashbank.sim")),
            Map.entry("dev.flashbank.family.stm32h7", Set.of("dev.flashbank.core", "dev.flashbank.sim")),
            Map.entry("dev.flashbank.family.pageflash", Set.of("dev.flashbank.core", "dev.flashbank.sim")),
            Map.entry("dev.flashbank.families", Set.of("dev.flashbank.core", "dev.flashbank.sim",
                    "dev.flashbank.family.stm32f7", "dev.flashbank.family.stm32h7", "dev.flashbank.family.pageflash")),
            Map.entry("dev.flashbank.cli", Set.of("dev.flashbank.core", "dev.flashbank.sim", "dev.flashbank.stlink",
                    "dev.flashbank.families")),
            Map.entry("dev.flashbank.launch", Set.of("dev.flashbank.core", "dev.flashbank.sim", "dev.flashbank.stlink",
                    "dev.flashbank.families")),
            Map.entry("dev.flashbank.ui", Set.of("dev.flashbank.core", "dev.flashbank.sim", "dev.flashbank.stlink",
                    "dev.flashbank.families")),
            Map.entry("dev.flashbank.launch.ui", Set.of("dev.flashbank.core", "dev.flashbank.launch", "dev.flashbank.ui")));

    /** Bundles that must run without any Eclipse UI (and core/sim/stlink/cli without any Eclipse at all). */
    static final Set<String> HEADLESS = Set.of("dev.flashbank.core", "dev.flashbank.sim", "dev.flashbank.stlink",
            "dev.flashbank.family.stm32f7", "dev.flashbank.family.stm32h7", "dev.flashbank.family.pageflash",
            "dev.flashbank.families", "dev.flashbank.cli", "dev.flashbank.launch");
    static final Set<String> PLAIN_JAVA = Set.of("dev.flashbank.core", "dev.flashbank.sim", "dev.flashbank.stlink",
            "dev.flashbank.family.stm32f7", "dev.flashbank.family.stm32h7", "dev.flashbank.family.pageflash",
            "dev.flashbank.families", "dev.flashbank.cli");

    static final List<String> UI_PREFIXES = List.of("org.eclipse.ui", "org.eclipse.swt", "org.eclipse.jface",
            "org.eclipse.e4.ui", "org.eclipse.debug.ui");

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void everyBundleIsKnownToTheArchitecture() throws IOException {
        assertThat(bundleDirs().keySet()).containsExactlyInAnyOrderElementsOf(ALLOWED.keySet());
    }

    @Test
    void flashbankDependenciesFollowTheAllowedGraph() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        for (var e : bundleDirs().entrySet()) {
            deps.put(e.getKey(), requiredBundles(e.getValue()));
        }
        assertThat(graphViolations(deps)).as("forbidden bundle dependencies (see ARCHITECTURE.md)").isEmpty();
    }

    /** Every Flashbank -> Flashbank dependency in {@code deps} that the ALLOWED table does not permit. */
    static List<String> graphViolations(Map<String, Set<String>> deps) {
        List<String> violations = new ArrayList<>();
        for (var e : deps.entrySet()) {
            for (String dep : e.getValue()) {
                if (dep.startsWith("dev.flashbank.") && !ALLOWED.getOrDefault(e.getKey(), Set.of()).contains(dep)) {
                    violations.add(e.getKey() + " -> " + dep);
                }
            }
        }
        return violations;
    }

    @Test
    void headlessBundlesDoNotReachEclipseUi() throws IOException {
        List<String> violations = new ArrayList<>();
        for (var e : bundleDirs().entrySet()) {
            if (!HEADLESS.contains(e.getKey())) {
                continue;
            }
            for (String dep : requiredBundles(e.getValue())) {
                if (UI_PREFIXES.stream().anyMatch(dep::startsWith)) {
                    violations.add(e.getKey() + " requires " + dep);
                }
            }
            for (String imp : javaImports(e.getValue())) {
                if (UI_PREFIXES.stream().anyMatch(imp::startsWith)) {
                    violations.add(e.getKey() + " imports " + imp);
                }
                if (PLAIN_JAVA.contains(e.getKey()) && imp.startsWith("org.eclipse.")) {
                    violations.add(e.getKey() + " (plain Java, runs without OSGi) imports " + imp);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theArchitectureTestCatchesAForbiddenDependency() {
        // guards the guard: the same check on a manifest set with core -> ui and cli -> launch must report both
        Map<String, Set<String>> bad = Map.of("dev.flashbank.core", Set.of("dev.flashbank.ui"),
                "dev.flashbank.cli", Set.of("dev.flashbank.core", "dev.flashbank.launch"));
        assertThat(graphViolations(bad)).containsExactlyInAnyOrder("dev.flashbank.core -> dev.flashbank.ui",
                "dev.flashbank.cli -> dev.flashbank.launch");
        assertThat(UI_PREFIXES.stream().anyMatch("org.eclipse.swt.widgets.Shell"::startsWith)).isTrue();
        Matcher m = IMPORT.matcher("import static org.eclipse.ui.PlatformUI.x;");
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).startsWith("org.eclipse.ui");
    }

    @Test
    void architectureDocumentNamesEveryBundle() throws IOException {
        String doc = Files.readString(SourceTree.root().resolve("ARCHITECTURE.md"));
        for (String b : ALLOWED.keySet()) {
            assertThat(doc).as("ARCHITECTURE.md mentions " + b).contains("`" + b + "`");
        }
    }

    static Map<String, Path> bundleDirs() throws IOException {
        Map<String, Path> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(SourceTree.root().resolve("bundles"))) {
            s.filter(p -> Files.isRegularFile(p.resolve("META-INF/MANIFEST.MF"))).forEach(p -> m.put(symbolicName(p), p));
        }
        return m;
    }

    static Manifest manifest(Path bundleDir) {
        try (InputStream in = Files.newInputStream(bundleDir.resolve("META-INF/MANIFEST.MF"))) {
            return new Manifest(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String symbolicName(Path bundleDir) {
        return manifest(bundleDir).getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].trim();
    }

    static Set<String> requiredBundles(Path bundleDir) {
        Set<String> out = new LinkedHashSet<>();
        var attrs = manifest(bundleDir).getMainAttributes();
        for (String header : List.of("Require-Bundle", "Import-Package")) {
            String v = attrs.getValue(header);
            if (v == null) {
                continue;
            }
            // split on commas outside quotes
            for (String clause : v.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
                out.add(clause.split(";")[0].trim());
            }
        }
        return out;
    }

    static Set<String> javaImports(Path bundleDir) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        Path src = bundleDir.resolve("src");
        if (!Files.isDirectory(src)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(src)) {
            for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }
}
