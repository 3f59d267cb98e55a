package dev.flashbank.cli.tests;

import static dev.flashbank.cli.tests.InProcessCli.ok;
import static dev.flashbank.cli.tests.InProcessCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.cli.tests.InProcessCli.Run;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.state.BoardStateFile;

/**
 * {@code flashbank doctor} and {@code flashbank recover} on a simulated STM32G474RE after an option write cut LATE in
 * its OPTSTRT (issue 17): the A/B update's BFB2 write had programmed FLASH_OPTR, PCROP1SR and PCROP1ER when the power
 * went; WRP1AR holds its value without its complement and the registers after it are still erased - written into the
 * state file as the simulator's option store leaves such a cut (value/complement pairs in register order). At the
 * next power-on the part loads RDP level 0 and the new BFB2, but the later registers at their mismatch values with
 * OPTVERR: every page write-protected, BOOT_LOCK set. The doctor says so and points to recover; recover writes the
 * journal's request again without erasing anything (no {@code --erase-all-flash}), and both images still verify.
 */
class PageFlashRecoverCliTest {

    /** G474 option registers in state-file order: OPTR, PCROP1SR, PCROP1ER, WRP1AR, ... (RM0440 register map). */
    private static final int PROGRAMMED_BEFORE_CUT = 3;

    @TempDir
    Path tmp;

    Path file;
    String target;
    InProcessCli.Home home;

    @AfterEach
    void restoreHome() {
        home.restore();
    }

    @BeforeEach
    void board() {
        home = new InProcessCli.Home(tmp.resolve("home"));
        file = tmp.resolve("g474.fbboard");
        ok("board", "create", "--part", "STM32G474RE", "--file", file.toString());
        target = "sim:STM32G474RE@" + file;
    }

    /** A BIN image for 0x08000000: SP in SRAM1, Thumb reset handler at +0x100, random body. */
    Path image(String name, long seed) throws Exception {
        byte[] b = new byte[1024];
        new SplittableRandom(seed).nextBytes(b);
        int[] words = { 0x2000_8000, 0x0800_0101 };
        for (int w = 0; w < 2; w++) {
            for (int i = 0; i < 4; i++) {
                b[4 * w + i] = (byte) (words[w] >>> (8 * i));
            }
        }
        return Files.write(tmp.resolve(name), b);
    }

    /** The stored option pairs as an OPTSTRT cut after {@code programmed} registers leaves them. */
    void cutOptstrtAfter(int programmed) throws Exception {
        BoardSnapshot s = BoardStateFile.read(file);
        List<Integer> w = new ArrayList<>(s.optionWords());
        for (int i = programmed; i < w.size() / 2; i++) {
            if (i > programmed) {
                w.set(2 * i, 0xFFFF_FFFF); // not programmed yet: still erased
            }
            w.set(2 * i + 1, 0xFFFF_FFFF); // its complement never came
        }
        BoardStateFile.write(new BoardSnapshot(s.partName(), s.flashSizeKiB(), s.flashBanks(), s.otp(), w, s.boot0(),
                s.voltageMillivolts(), s.uniqueId(), s.serial(), s.family(), s.familySections()), file);
    }

    @Test
    void aLateOptstrtCutIsExplainedByTheDoctorAndRecoveredWithoutAnErase() throws Exception {
        Path a = image("a.bin", 0xA);
        Path b = image("b.bin", 0xB);
        ok("bank-update", "--target", target, "--scheme", "bfb2", "--base", "0x08000000", "--reset",
                a.toString());
        Run update = ok("bank-update", "--target", target, "--scheme", "bfb2", "--base", "0x08000000",
                "--reset", b.toString());
        assertThat(update.err()).contains("`flashbank recover` restores the board");

        cutOptstrtAfter(PROGRAMMED_BEFORE_CUT);

        Run doctor = run("doctor", "--target", target);
        assertThat(doctor.out()).contains("OPTVERR = 1").contains("RDP stayed level 0")
                .contains("FLASH_WRP1AR = ").contains("write-protected").contains("BOOT_LOCK = 1")
                .contains("RM0444 §3.4.2").contains("flashbank recover");
        assertThat(doctor.out()).doesNotContain("RDP level 1");

        // the stuck boot lock refuses what a user tries next, pointing to recover
        Run refused = run("bank-update", "--target", target, "--scheme", "bfb2", "--base", "0x08000000",
                a.toString());
        assertThat(refused.rc()).as(refused.out() + refused.err()).isNotZero();
        assertThat(refused.err()).contains("BOOT_LOCK = 1").contains("0xFFFFFFFF").contains("flashbank recover")
                .contains("Nothing was written");

        Run dry = ok("recover", "--target", target, "--dry-run");
        assertThat(dry.out()).contains("option write cut by a power loss").contains("OPTVERR")
                .contains("options-requested").contains("erases nothing").contains("Dry run: nothing written")
                .doesNotContain("MASS-ERASES");

        byte[] banksBefore = BoardStateFile.read(file).flashBank(1).clone();
        Run recover = ok("recover", "--target", target);
        assertThat(recover.err()).contains("do not remove power");
        assertThat(recover.out()).contains("Recovered").contains("written again").contains("nothing erased")
                .contains("verified intact against the journal");
        assertThat(BoardStateFile.read(file).flashBank(1)).isEqualTo(banksBefore);

        Run after = ok("doctor", "--target", target);
        assertThat(after.out()).doesNotContain("OPTVERR").doesNotContain("BOOT_LOCK = 1")
                .contains("No page is write-protected");
        assertThat(ok("recover", "--target", target).out()).contains("Nothing to recover");
        ok("verify", "--target", target, "--base", "0x08000000", b.toString());
        ok("verify", "--target", target, "--base", "0x08040000", a.toString());
    }
}
