package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.Flashbank;

/** One version, defined once in {@link Flashbank#VERSION}, and every bundle and the feature agree with it. */
class VersionTest {

    @Test
    void everyBundleCarriesTheProductVersion() throws IOException {
        try (Stream<Path> dirs = Stream.concat(Files.list(SourceTree.root().resolve("bundles")),
                Files.list(SourceTree.root().resolve("tests")))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                Path mf = d.resolve("META-INF/MANIFEST.MF");
                if (!Files.exists(mf)) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(mf)) {
                    String v = new Manifest(in).getMainAttributes().getValue("Bundle-Version");
                    assertThat(v).as(d.getFileName().toString()).isEqualTo(Flashbank.VERSION + ".qualifier");
                }
            }
        }
    }

    @Test
    void pomVersionMatches() throws IOException {
        String pom = Files.readString(SourceTree.root().resolve("pom.xml"));
        assertThat(pom).contains("<version>" + Flashbank.VERSION + "-SNAPSHOT</version>");
    }
}
