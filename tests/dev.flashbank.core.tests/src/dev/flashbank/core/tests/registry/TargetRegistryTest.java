package dev.flashbank.core.tests.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.connect.TargetAddress;
import dev.flashbank.core.registry.TargetDefinition;
import dev.flashbank.core.registry.TargetDefinition.GdbServer;
import dev.flashbank.core.registry.TargetDefinition.SimulatedBoard;
import dev.flashbank.core.registry.TargetDefinition.StlinkProbe;
import dev.flashbank.core.registry.TargetRegistry;
import dev.flashbank.core.registry.TargetRegistryException;

class TargetRegistryTest {

    @TempDir
    Path dir;

    private TargetRegistry three() {
        return TargetRegistry.empty()
                .with(new SimulatedBoard("Bench F767 (SIM1)", Optional.of("stm32f767zi"), dir.resolve("boards/SIM1.fbboard")))
                .with(new StlinkProbe("Desk probe", Optional.of("0038FF")))
                .with(new StlinkProbe("Any probe", Optional.empty()))
                .with(new GdbServer("OpenOCD", "127.0.0.1", 3333));
    }

    @Test
    void roundTripKeepsEveryKindNameAndOrder() throws Exception {
        Path f = dir.resolve("targets.fbtargets");
        TargetRegistry r = three();
        r.write(f);
        TargetRegistry back = TargetRegistry.read(f);
        assertThat(back).isEqualTo(r);
        assertThat(back.names()).containsExactly("Bench F767 (SIM1)", "Desk probe", "Any probe", "OpenOCD");
        assertThat(Files.readString(f)).contains("Bench F767 (SIM1) = sim:STM32F767ZI@" + dir.resolve("boards/SIM1.fbboard"))
                .contains("Any probe = stlink:*").contains("OpenOCD = gdb:127.0.0.1:3333");
        // what the opener gets: a registered board that vanished is refused, never re-created fresh
        assertThat(back.find("bench f767 (sim1)").orElseThrow().address())
                .isEqualTo(new TargetAddress.Board(Optional.of("STM32F767ZI"), dir.resolve("boards/SIM1.fbboard"), false));
        assertThat(back.find("Any probe").orElseThrow().address()).isEqualTo(new TargetAddress.Stlink(""));
        assertThat(back.find("OpenOCD").orElseThrow().address()).isEqualTo(new TargetAddress.GdbServer("127.0.0.1", 3333));
    }

    @Test
    void aMissingFileIsAnEmptyRegistryAndRelativeBoardFilesAreRelativeToTheFile() throws Exception {
        assertThat(TargetRegistry.read(dir.resolve("none.fbtargets")).targets()).isEmpty();
        Path f = dir.resolve("sub/targets.fbtargets");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "# mine\n\nlab = sim:@boards/a.fbboard\n");
        TargetDefinition t = TargetRegistry.read(f).find("lab").orElseThrow();
        assertThat(t).isEqualTo(new SimulatedBoard("lab", Optional.empty(), dir.resolve("sub/boards/a.fbboard")));
    }

    @Test
    void writeKeepsThePreviousVersionAsBakAndLeavesNoTemporaryFile() throws Exception {
        Path f = dir.resolve("targets.fbtargets");
        three().write(f);
        String first = Files.readString(f);
        three().without("OpenOCD").renamed("Desk probe", "Desk ST-Link").write(f);
        assertThat(Files.readString(TargetRegistry.backupOf(f))).isEqualTo(first);
        assertThat(TargetRegistry.read(f).names()).containsExactly("Bench F767 (SIM1)", "Desk ST-Link", "Any probe");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("targets.fbtargets", "targets.fbtargets.bak");
        }
    }

    @Test
    void noWriteWithoutTheBackupAndAFailedWriteLeavesTheOldFileWhole() throws Exception {
        Path f = dir.resolve("targets.fbtargets");
        three().write(f);
        String before = Files.readString(f);
        // a backup that cannot be made (a non-empty folder where the .bak goes) stops the write before anything
        Files.createDirectories(TargetRegistry.backupOf(f).resolve("x"));
        assertThatThrownBy(() -> TargetRegistry.empty().write(f)).isInstanceOf(TargetRegistryException.class)
                .hasMessageStartingWith(f + ": cannot write");
        assertThat(Files.readString(f)).isEqualTo(before);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("targets.fbtargets", "targets.fbtargets.bak");
        }
    }

    @Test
    void aBadLineIsNamedWithFileLineAndReason() throws IOException {
        Path f = dir.resolve("targets.fbtargets");
        Files.writeString(f, "# comment\nok = gdb:localhost:3333\nbroken = gdb:localhost:99999\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TargetRegistry.read(f)).isInstanceOfSatisfying(TargetRegistryException.class, e -> {
            assertThat(e.file()).isEqualTo(f);
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.getMessage()).isEqualTo(f + ":3: target 'broken': 'localhost:99999': the port is 1-65535");
        });
        for (Map.Entry<String, String> bad : Map.of(
                "no equals sign here\n", ":1: 'no equals sign here' is not '<name> = <target>'",
                "a = sim:STM32F767ZI\n", ":1: target 'a': a simulated board needs its board file",
                "a = stlink:\n", ":1: target 'a': an ST-Link probe needs its serial number, or stlink:* for any",
                "a = jlink:1\n", ":1: target 'a': 'jlink:1' is not a target",
                "sim:x = gdb:h:1\n", ":1: 'sim:x': a target name cannot start with",
                "x = gdb:h:1\n\nX = gdb:h:2\n", ":3: 'X' is already defined on line 1").entrySet()) {
            Files.writeString(f, bad.getKey());
            assertThatThrownBy(() -> TargetRegistry.read(f)).as(bad.getKey())
                    .hasMessageStartingWith(f + bad.getValue());
        }
    }

    @Test
    void renameAndNamesAreCheckedAsTheDialogShowsThem() {
        TargetRegistry r = three();
        assertThat(r.renameProblem("OpenOCD", "desk probe")).isEqualTo("another target is named 'desk probe'");
        assertThat(r.renameProblem("OpenOCD", "openocd")).isNull(); // its own name in another case
        assertThat(r.renameProblem("OpenOCD", "gdb:1")).contains("cannot start with");
        assertThat(r.renameProblem("OpenOCD", " ")).isEqualTo("a target needs a name");
        assertThat(r.freeName("OpenOCD")).isEqualTo("OpenOCD (2)");
        assertThat(r.with(new GdbServer("openocd", "h", 1)).targets()).hasSize(4); // replaced in place
        assertThat(r.renamed("OpenOCD", "QEMU").names()).containsExactly("Bench F767 (SIM1)", "Desk probe", "Any probe", "QEMU");
        assertThatThrownBy(() -> new TargetRegistry(List.of(new GdbServer("a", "h", 1), new GdbServer("A", "h", 2))))
                .hasMessageContaining("two targets are named");
    }

    @Test
    void theCommandLineFileComesFromTheOptionThenTheEnvironment() {
        assertThat(TargetRegistry.commandLineFile(Optional.of(Path.of("/x/t.fbtargets")), Map.of(TargetRegistry.ENV, "/y")))
                .isEqualTo(Path.of("/x/t.fbtargets"));
        assertThat(TargetRegistry.commandLineFile(Optional.empty(), Map.of(TargetRegistry.ENV, "/y/t.fbtargets")))
                .isEqualTo(Path.of("/y/t.fbtargets"));
        assertThat(TargetRegistry.commandLineFile(Optional.empty(), Map.of()).getFileName().toString())
                .isEqualTo(TargetRegistry.FILE_NAME);
        assertThat(TargetRegistry.inWorkspace(Path.of("/ws")))
                .isEqualTo(Path.of("/ws/.metadata/.plugins/dev.flashbank.ui/targets.fbtargets"));
    }
}
