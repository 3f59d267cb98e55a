package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.state.BoardStateFile;

/**
 * {@code flashbank recover} as a user meets it: every option write announces its window on standard error and
 * journals the board under {@code $FLASHBANK_HOME/journal/<UID>/}; a board whose option area was lost (RDP level 1,
 * BOOT_ADDx = 0xFFFF - here written into the state file as the simulator leaves it after a cut OPTSTRT) is named by
 * the doctor, refused without {@code --erase-all-flash}, explained by {@code --dry-run} and recovered to boot the
 * image it booted before, with both images verifying afterwards.
 */
class CliRecoverTest {

    @TempDir
    Path tmp;

    CliProcess cli;
    Path images;
    Path file;
    String target;

    @BeforeEach
    void setUp() throws Exception {
        cli = CliProcess.in(tmp);
        images = CliProcess.sampleImages();
        file = tmp.resolve("ab.fbboard");
        var c = cli.run("board", "create", "--part", "STM32F767ZI", "--dual-bank", "--file", file.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        target = "sim:STM32F767ZI@" + file;
        var p = cli.run("program", "--target", target, images.resolve("app-bank1.hex").toString());
        assertThat(p.exitCode()).as(p.err()).isZero();
    }

    private String uid() throws Exception {
        BoardSnapshot s = BoardStateFile.read(file);
        StringBuilder hex = new StringBuilder();
        byte[] u = s.uniqueId();
        for (int w = 2; w >= 0; w--) { // most significant word first, as UniqueId.hex() prints it
            for (int i = 3; i >= 0; i--) {
                hex.append(String.format("%02X", u[w * 4 + i]));
            }
        }
        return hex.toString();
    }

    @Test
    void anInterruptedOptionWriteIsRecoveredFromTheJournal() throws Exception {
        // connected under reset, the core stays halted through the seconds of board time an option write takes (the
        // journal reads both banks first) instead of executing the sample: the recovery is about the journal
        var u = cli.run("bank-update", "--target", target, "--connect-under-reset", "--scheme", "boot-add", "--reset",
                images.resolve("app-bank2.elf").toString());
        assertThat(u.exitCode()).as(u.err()).isZero();
        assertThat(u.err()).contains("writing option bytes: do not remove power for the next ~")
                .contains("`flashbank recover` restores the board");
        Path journal = tmp.resolve("home").resolve("journal").resolve(uid());
        assertThat(journal.resolve("options-before-write.fbopt")).isRegularFile();
        assertThat(journal.resolve("bank1.bin")).isRegularFile();
        assertThat(journal.resolve("bank2.bin")).isRegularFile();

        // healthy: nothing to do, nothing written (the state file keeps its bytes)
        byte[] stateBefore = Files.readAllBytes(file);
        var healthy = cli.run("recover", "--target", target);
        assertThat(healthy.exitCode()).as(healthy.err()).isZero();
        assertThat(healthy.out()).contains("Nothing to recover");
        assertThat(Files.readAllBytes(file)).isEqualTo(stateBefore);

        // the swap back is cut inside its OPTSTRT: what the simulator leaves is an erased option area
        var swap = cli.run("swap", "--target", target, "--connect-under-reset", "--scheme", "boot-add");
        assertThat(swap.exitCode()).as(swap.err()).isZero();
        BoardSnapshot s = BoardStateFile.read(file);
        BoardStateFile.write(new BoardSnapshot(s.partName(), s.flashSizeKiB(), s.flashBanks(), s.otp(),
                Collections.nCopies(s.optionWords().size(), 0xFFFF_FFFF), s.boot0(), s.voltageMillivolts(),
                s.uniqueId(), s.serial()), file);

        var doctor = cli.run("doctor", "--target", target);
        assertThat(doctor.out()).contains("0xFFFF").contains("flashbank recover");

        var refused = cli.run("recover", "--target", target);
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("--erase-all-flash").contains("MASS-ERASES");

        var dry = cli.run("recover", "--target", target, "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("RDP level 1").contains("physical bank 1").contains("physical bank 2")
                .contains("Dry run: nothing written");

        var r = cli.run("recover", "--target", target, "--erase-all-flash");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("do not remove power").contains("RDP 1->0");
        assertThat(r.out()).contains("Recovered").contains("reprogrammed from the journal");

        // the options saved before the cut swap start bank 2 (the bank-update's image); both images are there
        var show = cli.run("board", "show", "--target", target, "--json");
        assertThat(show.out()).contains("flash image at 0x08100000 (physical bank 2)");
        assertThat(cli.run("verify", "--target", target, images.resolve("app-bank1.hex").toString()).exitCode())
                .isZero();
        assertThat(cli.run("verify", "--target", target, images.resolve("app-bank2.elf").toString()).exitCode())
                .isZero();
    }

    @Test
    void withoutAJournalRecoverSaysWhatItCannotDo() throws Exception {
        var r = cli.run("recover", "--target", target);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("no journal for board " + uid()).contains("cannot know which images");
    }
}
