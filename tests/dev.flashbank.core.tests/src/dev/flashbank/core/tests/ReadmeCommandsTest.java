package dev.flashbank.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

/** CI must run exactly the test command the README gives a newcomer, and the README must name the launchers. */
class ReadmeCommandsTest {

    @Test
    void ciRunsExactlyTheReadmeTestCommand() throws IOException {
        List<String> ci = Files.readAllLines(SourceTree.root().resolve(".ci/run"));
        String command = ci.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(command).contains("./mvnw").contains("verify");
        String readme = Files.readString(SourceTree.root().resolve("README.md"));
        assertThat(readme).as("README shows the CI test command verbatim").contains(command);
    }

    @Test
    void readmeNamesTheLaunchersThatExist() throws IOException {
        String readme = Files.readString(SourceTree.root().resolve("README.md"));
        for (String launcher : List.of("flashbank", "flashbank-workbench")) {
            assertThat(readme).contains("./" + launcher);
            assertThat(Files.isExecutable(SourceTree.root().resolve(launcher))).as(launcher + " is executable").isTrue();
        }
    }
}
