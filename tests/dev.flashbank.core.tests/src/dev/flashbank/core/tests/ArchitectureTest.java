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
import org.junit.jupiter.api.io.TempDir;

/**
 * Enforces ARCHITECTURE.md: which bundle may depend on which, that headless bundles never reach Eclipse UI, and that
 * every bundle's and test module's MANIFEST.MF makes visible what its sources import ({@link ManifestVisibility}: the
 * quick loop's flat class path hides a missing Require-Bundle that Tycho's compile fails on). Reads every MANIFEST.MF
 * and every Java import in the source tree, so a forbidden or undeclared dependency fails the build the moment it
 * appears.
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

    /**
     * Every import and qualified name in every bundle and test module resolves through its own MANIFEST.MF (host's class
     * space for fragments, Require-Bundle with re-exports, Import-Package, Export-Package of the provider): what Tycho's
     * compile needs and the quick loop's flat class path does not check.
     */
    @Test
    void everyImportIsVisibleThroughItsManifest() throws IOException {
        Path root = SourceTree.root();
        Path repo = ManifestVisibility.localRepository();
        ManifestVisibility v = ManifestVisibility.of(root, root.resolve(ManifestVisibility.TARGET_FILE), repo);
        assertThat(v.missingJars).as("target platform jars pinned by " + ManifestVisibility.TARGET_FILE
                + " but missing in the local Maven repository " + repo
                + " (system property maven.repo.local, else ~/.m2/repository)").isEmpty();
        assertThat(v.bundles).as("reactor + target platform bundles").containsKeys("org.eclipse.ui", "picocli",
                "org.usb4java", "net.fornwall.jelf", "assertj-core", "junit-jupiter-api", "dev.flashbank.core");
        List<String> violations = v.check(root).stream().map(Object::toString).toList();
        assertThat(violations).as("uses a module's MANIFEST.MF does not make visible (Tycho's compile fails on them; "
                + "see ARCHITECTURE.md, Rules)").isEmpty();
    }

    @Test
    void theVisibilityCheckCatchesAnImportItsManifestDoesNotAllow(@TempDir Path root) throws IOException {
        // guards the guard: a synthetic reactor. alpha exports alpha (not alpha.hidden); beta re-exports alpha;
        // gamma requires alpha without re-export; beta.tests is a fragment of beta.
        module(root, "bundles/alpha", "Bundle-SymbolicName: dev.flashbank.alpha;singleton:=true\n"
                + "Export-Package: dev.flashbank.alpha,\n dev.flashbank.alpha.inner;x-internal:=true\n",
                "dev/flashbank/alpha/A.java", "package dev.flashbank.alpha;\npublic class A {}\n",
                "dev/flashbank/alpha/inner/I.java", "package dev.flashbank.alpha.inner;\npublic class I {}\n",
                "dev/flashbank/alpha/hidden/H.java", "package dev.flashbank.alpha.hidden;\npublic class H {}\n");
        module(root, "bundles/gamma", "Bundle-SymbolicName: dev.flashbank.gamma\n"
                + "Require-Bundle: dev.flashbank.alpha;bundle-version=\"[0.1.0,1.0.0)\"\nExport-Package: dev.flashbank.gamma\n",
                "dev/flashbank/gamma/G.java", "package dev.flashbank.gamma;\nimport dev.flashbank.alpha.A;\npublic class G {}\n");
        module(root, "bundles/beta", "Bundle-SymbolicName: dev.flashbank.beta\n"
                + "Require-Bundle: dev.flashbank.alpha;bundle-version=\"[0.1.0,1.0.0)\";visibility:=reexport,\n"
                + " dev.flashbank.gamma\nImport-Package: org.example.api\n",
                "dev/flashbank/beta/B.java", "package dev.flashbank.beta;\nimport dev.flashbank.alpha.A;\n"
                        + "import dev.flashbank.alpha.inner.I;\nimport org.example.api.Thing;\n"
                        + "import java.util.List;\nimport javax.xml.parsers.DocumentBuilder;\nclass B {}\n",
                "dev/flashbank/beta/internal/BI.java", "package dev.flashbank.beta.internal;\nclass BI {}\n");
        module(root, "bundles/delta", "Bundle-SymbolicName: dev.flashbank.delta\n"
                + "Require-Bundle: dev.flashbank.beta,dev.flashbank.nowhere\n",
                "dev/flashbank/delta/D.java", "package dev.flashbank.delta;\nimport dev.flashbank.alpha.A;\n"
                        + "import static dev.flashbank.gamma.G.make;\nimport org.nowhere.Thing;\nclass D {}\n");
        module(root, "tests/beta.tests", "Bundle-SymbolicName: dev.flashbank.beta.tests\n"
                + "Fragment-Host: dev.flashbank.beta\n",
                "dev/flashbank/beta/tests/T.java", "package dev.flashbank.beta.tests;\n"
                        + "import dev.flashbank.beta.internal.BI;\n" // host's own package: visible
                        + "import org.example.api.*;\n" // host's Import-Package: visible
                        + "import dev.flashbank.gamma.G;\n" // host's Require-Bundle: visible
                        + "import dev.flashbank.alpha.hidden.H;\n" // line 5: alpha does not export it
                        + "// import dev.flashbank.delta.D; a comment\n"
                        + "class T { String s = \"dev.flashbank.delta.D\";\n"
                        + "  Object o = new dev.flashbank.delta.D(); }\n"); // line 8: qualified, delta not required
        ManifestVisibility v = ManifestVisibility.of(root, null, root);
        List<String> found = v.check(root).stream().map(Object::toString).toList();
        assertThat(found).hasSize(5);
        assertThat(found).anySatisfy(s -> assertThat(s)
                .startsWith("tests/beta.tests/src/dev/flashbank/beta/tests/T.java:5: import dev.flashbank.alpha.hidden.H")
                .contains("package dev.flashbank.alpha.hidden of dev.flashbank.alpha is not in its Export-Package"));
        assertThat(found).anySatisfy(s -> assertThat(s)
                .startsWith("tests/beta.tests/src/dev/flashbank/beta/tests/T.java:8: dev.flashbank.delta.D")
                .contains("package dev.flashbank.delta of dev.flashbank.delta is not in its Export-Package"));
        // delta sees alpha through beta's re-export, but not gamma (beta requires it without re-export)
        assertThat(found).anySatisfy(s -> assertThat(s)
                .startsWith("bundles/delta/src/dev/flashbank/delta/D.java:3: import static dev.flashbank.gamma.G.make")
                .contains("not visible through bundles/delta/META-INF/MANIFEST.MF (dev.flashbank.delta): missing "
                        + "Require-Bundle: dev.flashbank.gamma (or Import-Package: dev.flashbank.gamma)"));
        // a package nobody exports (beta's Import-Package of org.example.api alone makes that one visible: the
        // resolver, not this check, looks for its exporter) and a required bundle nobody has
        assertThat(found).anySatisfy(s -> assertThat(s)
                .startsWith("bundles/delta/src/dev/flashbank/delta/D.java:4: import org.nowhere.Thing")
                .contains("no bundle of the reactor or the target platform exports package org.nowhere"));
        assertThat(found).contains("bundles/delta/META-INF/MANIFEST.MF: Require-Bundle: dev.flashbank.nowhere - no such "
                + "bundle in the reactor or target platform");
    }

    private static void module(Path root, String dir, String headers, String... files) throws IOException {
        Path m = root.resolve(dir);
        Files.createDirectories(m.resolve("META-INF"));
        Files.writeString(m.resolve("META-INF/MANIFEST.MF"), "Manifest-Version: 1.0\nBundle-ManifestVersion: 2\n"
                + headers);
        for (int i = 0; i < files.length; i += 2) {
            Path f = m.resolve("src").resolve(files[i]);
            Files.createDirectories(f.getParent());
            Files.writeString(f, files[i + 1]);
        }
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
