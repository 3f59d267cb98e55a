package dev.flashbank.family.pageflash.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Files of this test bundle and the shared reference folder, located from the test's working directory. */
final class TestFiles {

    private TestFiles() {
    }

    /** The repository root: the nearest ancestor holding both {@code bundles/} and {@code tests/}. */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isDirectory(q.resolve("bundles")) && Files.isDirectory(q.resolve("tests"))) {
                return q;
            }
        }
        throw new IllegalStateException("repository root not found above " + p);
    }

    /** The committed SVD tables of the page-flash family: tests/dev.flashbank.family.pageflash.tests/svd. */
    static Path svdTables() {
        return root().resolve("tests/dev.flashbank.family.pageflash.tests/svd");
    }

    /**
     * ST's SVD file {@code name} in the shared reference folder beside the repository (property
     * {@code flashbank.shared} wins), if this checkout has one; other clones do not.
     */
    static Optional<Path> sharedSvd(String name) {
        String prop = System.getProperty("flashbank.shared");
        if (prop != null) {
            return Optional.of(Path.of(prop, "svd", name)).filter(Files::exists);
        }
        for (Path q = root(); q != null; q = q.getParent()) {
            Path f = q.resolve("shared/svd").resolve(name);
            if (Files.exists(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
