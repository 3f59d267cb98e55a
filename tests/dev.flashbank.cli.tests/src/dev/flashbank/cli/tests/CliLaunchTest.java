package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.launch.LaunchAttributes;

/**
 * {@code flashbank launch FILE.launch} runs the launch configuration file the IDE saves: the same definition in CI and
 * in Eclipse (issue 9 item 4).
 */
class CliLaunchTest {

    @TempDir
    Path tmp;

    CliProcess cli;
    Path images;

    @BeforeEach
    void setUp() throws Exception {
        cli = CliProcess.in(tmp);
        images = CliProcess.sampleImages();
    }

    /** A .launch file as Eclipse writes it (attribute order and XML shape of LaunchConfigurationInfo). */
    Path launchFile(String name, String image, String mode) throws Exception {
        Path f = tmp.resolve(name + ".launch");
        Files.writeString(f, """
                <?xml version="1.0" encoding="UTF-8" standalone="no"?>
                <launchConfiguration type="%s">
                    <booleanAttribute key="%s" value="true"/>
                    <stringAttribute key="%s" value="%s"/>
                    <stringAttribute key="%s" value="%s"/>
                    <stringAttribute key="%s" value="BOOT_ADD"/>
                    <stringAttribute key="%s" value="board.fbboard"/>
                    <stringAttribute key="%s" value="STM32F767ZI"/>
                    <stringAttribute key="%s" value="SIMULATED"/>
                    <booleanAttribute key="%s" value="true"/>
                    <booleanAttribute key="%s" value="true"/>
                    <stringAttribute key="%s" value="backups"/>
                </launchConfiguration>
                """.formatted(LaunchAttributes.TYPE_BANK_UPDATE, LaunchAttributes.BACKUP_OPTIONS,
                LaunchAttributes.IMAGE_PATH, image, LaunchAttributes.MODE, mode, LaunchAttributes.SCHEME,
                LaunchAttributes.SIM_STATE_FILE, LaunchAttributes.SIM_PART, LaunchAttributes.TARGET_KIND,
                LaunchAttributes.SWAP, LaunchAttributes.RESET_AND_RUN, LaunchAttributes.BACKUP_DIR));
        return f;
    }

    @Test
    void aSavedBankUpdateLaunchUpdatesTheInactiveBankAndSwitches() throws Exception {
        Path board = tmp.resolve("board.fbboard");
        var c = cli.run("board", "create", "--part", "STM32F767ZI", "--dual-bank", "--file", board.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        String t = "sim:STM32F767ZI@" + board;
        var p = cli.run("program", "--target", t, images.resolve("app-bank1.hex").toString());
        assertThat(p.exitCode()).as(p.err()).isZero();

        Path launch = launchFile("Update bank 2", images.resolve("app-bank2.elf").toString(), "BANK_UPDATE");
        var r = cli.run("launch", launch.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"ok\": true").contains("\"type\": \"" + LaunchAttributes.TYPE_BANK_UPDATE);
        assertThat(r.err()).contains("bank update: running from physical bank 1").contains("Backup of the option bytes");
        try (var backups = Files.list(tmp.resolve("backups"))) {
            assertThat(backups.map(Path::toString)).singleElement().asString().endsWith(".fbopt");
        }
        var s = cli.run("board", "show", "--target", t, "--json");
        assertThat(s.out()).contains("flash image at 0x08100000 (physical bank 2)");
        // the old image is intact in bank 1 (rollback target)
        var v = cli.run("verify", "--target", t, images.resolve("app-bank1.srec").toString());
        assertThat(v.exitCode()).as(v.err()).isZero();
    }

    @Test
    void anInvalidLaunchFileIsRefusedWithTheDialogsWordsAndTouchesNothing() throws Exception {
        Path launch = launchFile("Bad", images.resolve("app-bank2.elf").toString(), "PROGRAM_WHOLE");
        var r = cli.run("launch", launch.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Swap applies only to a bank update");
        assertThat(tmp.resolve("board.fbboard")).doesNotExist();

        Path single = tmp.resolve("single.fbboard");
        var c = cli.run("board", "create", "--part", "STM32F767ZI", "--file", single.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        Path l2 = launchFile("Single", images.resolve("app-bank2.elf").toString(), "BANK_UPDATE");
        Files.writeString(l2, Files.readString(l2).replace("board.fbboard", "single.fbboard"));
        var r2 = cli.run("launch", l2.toString());
        assertThat(r2.exitCode()).as(r2.err()).isEqualTo(2);
        assertThat(r2.err()).contains("single-bank mode (nDBANK = 1)");
    }
}
