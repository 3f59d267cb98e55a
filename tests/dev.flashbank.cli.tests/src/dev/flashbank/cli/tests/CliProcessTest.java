package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flashbank} run as a separate process, as a user or a CI script runs it: exit codes and output. */
class CliProcessTest {

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
    void versionAndHelpWithExitCodes() throws Exception {
        var r = cli.run("--version");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Flashbank ");
        var h = cli.run("--help");
        assertThat(h.exitCode()).isZero();
        assertThat(h.out()).contains("Exit codes:").contains("doctor").contains("board").contains("probes");
    }

    @Test
    void defaultTargetIsASimulatedF767CreatedOnFirstUse() throws Exception {
        var r = cli.run("info");
        assertThat(r.exitCode()).as(r.err()).isZero();
        // the default board: dual bank with the sample image in physical bank 1 (QuickStartTest has the details)
        assertThat(r.out()).contains("DEV_ID 0x451").contains("dual bank");
        assertThat(r.err()).contains("created a").contains("simulated STM32F767ZI");
        assertThat(tmp.resolve("home/boards/STM32F767ZI.fbboard")).exists();
        var again = cli.run("info");
        assertThat(again.err()).doesNotContain("created");
    }

    @Test
    void boardCreateDualBankThenInfoAsJson() throws Exception {
        Path board = tmp.resolve("dual.fbboard");
        var c = cli.run("board", "create", "--dual-bank", "--file", board.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        var r = cli.run("info", "--target", "sim:@" + board, "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"bankMode\": \"DUAL\"").contains("\"physicalBank\": 2")
                .contains("\"axim\": \"0x08100000\"");
    }

    @Test
    void boardCreateRefusesToOverwriteAndLeavesTheFileIntact() throws Exception {
        Path board = tmp.resolve("mine.fbboard");
        assertThat(cli.run("board", "create", "--file", board.toString()).exitCode()).isZero();
        byte[] before = Files.readAllBytes(board);
        var r = cli.run("board", "create", "--dual-bank", "--file", board.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("already holds a board").contains("--force");
        assertThat(Files.readAllBytes(board)).isEqualTo(before);
    }

    @Test
    void badTargetSpecIsAUsageError() throws Exception {
        var r = cli.run("info", "--target", "jlink:123");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown target 'jlink:123'");
    }

    @Test
    void corruptStateFileIsNamedAndNotOverwritten() throws Exception {
        Path board = tmp.resolve("broken.fbboard");
        Files.writeString(board, "this is not a board\n");
        var r = cli.run("info", "--target", "sim:@" + board);
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.err()).contains(board.getFileName().toString());
        assertThat(Files.readString(board)).isEqualTo("this is not a board\n");
    }

    @Test
    void doctorExplainsAFactoryFreshBoard() throws Exception {
        var r = cli.run("doctor");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Flashbank doctor");
        var j = cli.run("doctor", "--json", "--erase-range", "0x08000000+32K");
        assertThat(j.exitCode()).isZero();
        assertThat(j.out()).contains("\"findings\"").contains("\"wouldSucceed\": true");
    }

    @Test
    void optionBytesShowEveryFieldWithMeaning() throws Exception {
        var r = cli.run("ob", "show", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"name\": \"RDP\"").contains("level 0").contains("BOOT_ADD0");
    }

    @Test
    void probesWithoutHardwareSaysWhatToCheck() throws Exception {
        var r = cli.run("probes", "--json");
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.out()).contains("\"probes\": []").contains("No ST-Link found");
    }
}
