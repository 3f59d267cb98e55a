package dev.flashbank.core.tests;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root and ../shared from a test's working directory (the test module under Tycho). */
public final class SourceTree {

    private SourceTree() {
    }

    /** The repository root: the nearest ancestor holding both {@code bundles/} and {@code tests/}. */
    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isDirectory(q.resolve("bundles")) && Files.isDirectory(q.resolve("tests"))) {
                return q;
            }
        }
        throw new IllegalStateException("repository root not found above " + p);
    }

    /**
     * The committed sample firmware: resources of the sim bundle (which ships them to users), found in the source tree
     * because core's tests cannot depend on the sim bundle.
     */
    public static Path samples() {
        return root().resolve("bundles/dev.flashbank.family.stm32f7/src/dev/flashbank/family/stm32f7/sim/samples");
    }

    /**
     * The shared reference folder if this checkout has one beside it (the original workspace does; other clones do
     * not: tests that need it must work from committed data and use it only for an extra re-check).
     */
    public static java.util.Optional<Path> sharedIfPresent() {
        try {
            return java.util.Optional.of(shared()).filter(Files::isDirectory);
        } catch (IllegalStateException e) {
            return java.util.Optional.empty();
        }
    }

    /** The shared reference folder beside the repository (system property {@code flashbank.shared} wins). */
    public static Path shared() {
        String prop = System.getProperty("flashbank.shared");
        if (prop != null) {
            return Path.of(prop);
        }
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isDirectory(q.resolve("shared/svd"))) {
                return q.resolve("shared");
            }
        }
        throw new IllegalStateException("shared/ (with svd/) not found above " + p);
    }
}
