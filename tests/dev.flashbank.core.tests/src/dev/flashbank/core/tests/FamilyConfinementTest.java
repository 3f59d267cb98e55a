package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Family knowledge lives in its family's bundle and nowhere else: for every family bundle
 * ({@code bundles/dev.flashbank.family.<name>}) the files that name the family ({@code stm32h7}, in any case) are
 * that bundle, tests and documentation - plus exactly one registration line in each file that lists the installed
 * families or the build's modules. So adding a family needs no edit in core, sim, CLI, launches or UI. A family whose
 * bundle is named after its controller design rather than a series ({@code pageflash}) is also recognised by the
 * series names of its lines ({@link #LINE_NAMES}).
 */
class FamilyConfinementTest {

    /** Files that register a family bundle, with how many lines of each may name it. */
    static final Map<String, Integer> REGISTRATION = Map.of(
            "bundles/dev.flashbank.families/src/dev/flashbank/families/InstalledFamilies.java", 1,
            "bundles/dev.flashbank.families/META-INF/MANIFEST.MF", 1,
            "pom.xml", 2, // the bundle and its test fragment
            "features/dev.flashbank.feature/feature.xml", 1,
            "releng/dev.flashbank.cli.dist/pom.xml", 1,
            "releng/dev.flashbank.bench.jmh/pom.xml", 1); // the bench's part and board at run time

    /**
     * Series names that also name a family whose bundle name is not a series: the page-flash controller family
     * (STM32G4, STM32L4/L4+, STM32G0). A series name followed by a digit is an order code ("STM32L476ZG" in the core's
     * part-number javadoc), not the family.
     */
    static final Map<String, Pattern> LINE_NAMES = Map.of(
            "pageflash", Pattern.compile("stm32(g4|l4|g0)(?![0-9])"));

    @Test
    void everyFamilyIsNamedOnlyInItsBundleTestsDocsAndOneRegistrationLine() throws IOException {
        Path root = SourceTree.root();
        List<String> families = familyNames(root);
        assertThat(families).as("family bundles under bundles/").isNotEmpty();
        List<String> violations = new ArrayList<>();
        for (String family : families) {
            for (Map.Entry<String, Integer> e : mentions(root, family).entrySet()) {
                String file = e.getKey();
                if (file.startsWith("bundles/dev.flashbank.family." + family + "/") || file.startsWith("tests/")
                        || file.startsWith("docs/") || file.equals("README.md") || file.equals("ARCHITECTURE.md")) {
                    continue;
                }
                Integer allowed = REGISTRATION.get(file);
                if (allowed == null || e.getValue() > allowed) {
                    violations.add(file + " names " + family + " on " + e.getValue() + " line(s)"
                            + (allowed == null ? "" : " (registration allows " + allowed + ")"));
                }
            }
        }
        assertThat(violations).as("family knowledge outside its family bundle").isEmpty();
    }

    @Test
    void theCheckSeesAMentionInCore() throws IOException {
        // guards the guard: the scan finds the family where it is registered, with the line count the rule uses
        Path root = SourceTree.root();
        String family = familyNames(root).get(0);
        assertThat(mentions(root, family)).containsEntry(
                "bundles/dev.flashbank.families/src/dev/flashbank/families/InstalledFamilies.java", 1);
    }

    @Test
    void aSeriesNameNamesThePageFlashFamilyButAnOrderCodeDoesNot() {
        Pattern p = LINE_NAMES.get("pageflash");
        assertThat(p.matcher("stm32g4 dual bank").find()).isTrue();
        assertThat(p.matcher("new stm32l4line()").find()).isTrue();
        assertThat(p.matcher("stm32g0b1").find()).isTrue();
        assertThat(p.matcher("stm32l476zg").find()).isFalse();
    }

    static List<String> familyNames(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("bundles"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("dev.flashbank.family."))
                    .map(n -> n.substring("dev.flashbank.family.".length())).sorted().toList();
        }
    }

    /** Repository-relative path → number of lines naming {@code family}, over the tracked source and build files. */
    static Map<String, Integer> mentions(Path root, String family) throws IOException {
        Map<String, Integer> found = new TreeMap<>();
        String needle = family.toLowerCase(Locale.ROOT);
        Pattern lineNames = LINE_NAMES.get(family);
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).filter(p -> scanned(root, p))::iterator) {
                int n = 0;
                try {
                    for (String line : Files.readAllLines(p)) {
                        String lower = line.toLowerCase(Locale.ROOT);
                        if (lower.contains(needle) || lineNames != null && lineNames.matcher(lower).find()) {
                            n++;
                        }
                    }
                } catch (MalformedInputException binary) {
                    continue;
                }
                if (n > 0) {
                    found.put(root.relativize(p).toString().replace('\\', '/'), n);
                }
            }
        }
        return found;
    }

    private static boolean scanned(Path root, Path p) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        String name = p.getFileName().toString();
        return !rel.startsWith(".git/") && !rel.contains("/target/") && !rel.startsWith("target/")
                && !rel.contains("/.") && (name.endsWith(".java") || name.endsWith(".MF") || name.endsWith(".xml")
                        || name.endsWith(".md") || name.endsWith(".properties") || name.endsWith(".sh"));
    }
}
