package dev.flashbank.launch.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import dev.flashbank.launch.LaunchPlugin;
import dev.flashbank.launch.SelfCheckApplication;

class SelfCheckTest {

    @Test
    void selfCheckExpectsExactlyTheBundlesOfTheRepository() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("bundles"))) {
            root = root.getParent();
        }
        Set<String> dirs;
        try (Stream<Path> s = Files.list(root.resolve("bundles"))) {
            // family bundles are covered through dev.flashbank.families, which requires each of them
            dirs = s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(SelfCheckApplication.FAMILY_PREFIX)).collect(Collectors.toSet());
        }
        assertThat(SelfCheckApplication.EXPECTED).containsExactlyInAnyOrderElementsOf(dirs);
    }

    @Test
    void selfCheckApplicationIsRegistered() {
        assertThat(Platform.getExtensionRegistry().getExtension("org.eclipse.core.runtime.applications",
                LaunchPlugin.PLUGIN_ID + ".selfcheck")).isNotNull();
        Bundle b = Platform.getBundle(LaunchPlugin.PLUGIN_ID);
        assertThat(b).isNotNull();
    }
}
