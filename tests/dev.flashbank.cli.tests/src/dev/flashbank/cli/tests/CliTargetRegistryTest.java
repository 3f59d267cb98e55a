package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --target <name>}: the command line opens a target the IDE's Targets view defined, by its name in the target
 * registry file ({@code --target-registry}, else {@code $FLASHBANK_HOME/targets.fbtargets}).
 */
class CliTargetRegistryTest {

    @TempDir
    Path tmp;

    CliProcess cli;

    @BeforeEach
    void setUp() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        cli = new CliProcess(home);
    }

    @Test
    void aRegistryNameOpensTheBoardItDefinesAndItsWritesLandInThatFile() throws Exception {
        Path ws = tmp.resolve("ws/.metadata/.plugins/dev.flashbank.ui");
        Files.createDirectories(ws.resolve("boards"));
        Path board = ws.resolve("boards/SIMLAB.fbboard");
        var c = cli.run("board", "create", "--dual-bank", "--file", board.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        Path registry = ws.resolve("targets.fbtargets");
        // relative to the registry file, as the IDE could write it; a name with blanks and parentheses
        Files.writeString(registry, "# by hand\nLab board (F767) = sim:@boards/SIMLAB.fbboard\nOpenOCD = gdb:127.0.0.1:1\n");
        byte[] before = Files.readAllBytes(board);

        var info = cli.run("info", "--target-registry", registry.toString(), "--target", "lab board (f767)", "--json");
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("\"bankMode\": \"DUAL\"");

        // a write through the name changes the board file the registry names, nothing else
        var set = cli.run("ob", "set", "--target-registry", registry.toString(), "--target", "Lab board (F767)",
                "BOR_LEV=LEVEL_2");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(Files.readAllBytes(board)).isNotEqualTo(before);
        assertThat(tmp.resolve("home/boards")).doesNotExist(); // not the default board

        // the gdbserver entry is opened as one (nothing listens on port 1: no target, exit 5, address named)
        var gdb = cli.run("info", "--target-registry", registry.toString(), "--target", "OpenOCD");
        assertThat(gdb.exitCode()).as(gdb.err()).isEqualTo(5);
        assertThat(gdb.err()).contains("127.0.0.1:1");
    }

    @Test
    void withoutTheOptionTheRegistryInTheFlashbankHomeIsRead() throws Exception {
        Path board = tmp.resolve("b.fbboard");
        assertThat(cli.run("board", "create", "--file", board.toString()).exitCode()).isZero();
        Files.writeString(tmp.resolve("home/targets.fbtargets"), "bench = sim:@" + board + "\n");
        var r = cli.run("info", "--target", "bench");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("DEV_ID 0x451");
    }

    @Test
    void anUnknownNameListsTheNamesAndABadLineNamesFileAndLine() throws Exception {
        Path registry = tmp.resolve("t.fbtargets");
        Files.writeString(registry, "one = gdb:localhost:3333\ntwo = stlink:*\n");
        var r = cli.run("info", "--target-registry", registry.toString(), "--target", "three");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no target named 'three' in " + registry + " (it defines: one, two)");

        Files.writeString(registry, "one = gdb:localhost:3333\n\ntwo = usb:0038\n");
        var bad = cli.run("info", "--target-registry", registry.toString(), "--target", "one");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains(registry + ":3: target 'two': 'usb:0038' is not a target");

        var none = cli.run("info", "--target-registry", tmp.resolve("missing.fbtargets").toString(), "--target", "x");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("there is no such file");
    }
}
