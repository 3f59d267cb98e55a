package dev.flashbank.cli.tests;

import static dev.flashbank.cli.tests.InProcessCli.ok;
import static dev.flashbank.cli.tests.InProcessCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.cli.tests.InProcessCli.Run;

/**
 * {@code flashbank board run}: a simulated F767 with the start-up sample programmed runs it in virtual time - to
 * {@code main} by the ELF's symbol, then long enough for the firmware's line on the console; the console continues
 * from run to run in the board's file and {@code board show} prints its last lines - and the command's usage errors
 * name what is wrong before anything is opened.
 */
class BoardRunCliTest {

    @TempDir
    Path tmp;

    InProcessCli.Home home;
    String target;
    Path elf;

    @BeforeEach
    void board() throws Exception {
        home = new InProcessCli.Home(tmp.resolve("home"));
        Path file = tmp.resolve("f767.fbboard");
        ok("board", "create", "--part", "STM32F767ZI", "--dual-bank", "--file", file.toString());
        target = "sim:STM32F767ZI@" + file;
        elf = CliProcess.sampleImages().resolve("console-app.elf");
        ok("program", "--target", target, elf.toString());
    }

    @AfterEach
    void restoreHome() {
        home.restore();
    }

    @Test
    void runsToMainBySymbolThenShowsTheConsole() {
        Run toMain = ok("board", "run", "--target", target, "--elf", elf.toString(), "--until", "main", "--for", "5ms");
        assertThat(toMain.out()).contains("Stopped: reached the stop address").contains("(main)");

        Run r = ok("board", "run", "--target", target, "--elf", elf.toString(), "--for", "30ms");
        assertThat(r.out()).startsWith("console sample: bank 1, 216 MHz, 10 ms")
                .contains("Stopped: the time ran out with the core running after 30.000 ms");
    }

    @Test
    void theConsoleContinuesFromRunToRunAndBoardShowPrintsItsLastLines() {
        Run fresh = ok("board", "show", "--target", target);
        assertThat(fresh.out()).contains("console:       empty (the firmware wrote nothing since power-on)");

        String line = "console sample: bank 1, 216 MHz, 10 ms";
        Run first = ok("board", "run", "--target", target, "--for", "30ms");
        Run second = ok("board", "run", "--target", target, "--for", "30ms");
        assertThat(second.out()).as("a run prints what it added").startsWith(line + "\r\nStopped: ")
                .doesNotContain(line + "\r\n" + line);
        assertThat(first.out()).startsWith(line + "\r\nStopped: ");

        Run show = ok("board", "show", "--target", target);
        assertThat(show.out()).contains("console:       2 line(s)\n  " + line + "\n  " + line + "\n");
        Run last = ok("board", "show", "--target", target, "--console-lines", "1");
        assertThat(last.out()).contains("console:       last 1 of 2 lines\n  " + line + "\n")
                .doesNotContain(line + "\n  " + line);
        Run json = ok("board", "show", "--target", target, "--json");
        assertThat(json.out()).contains("\"console\": \"" + line + "\\r\\n" + line + "\\r\\n\"");
    }

    @Test
    void notReachingTheStopInTimeIsAFailure() {
        // the firmware never returns to its reset handler's first instruction once it started
        Run r = run("board", "run", "--target", target, "--until", "0x08000000", "--for", "2ms");
        assertThat(r.rc()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("did not reach 0x08000000 within 2.000 ms");
    }

    @Test
    void usageErrorsNameTheProblem() {
        Run noElf = run("board", "run", "--target", target, "--until", "main");
        assertThat(noElf.rc()).isEqualTo(2);
        assertThat(noElf.err()).contains("--until main names a symbol: give the firmware's ELF with --elf");

        Run noSymbol = run("board", "run", "--target", target, "--elf", elf.toString(), "--until", "no_such_function");
        assertThat(noSymbol.rc()).isEqualTo(2);
        assertThat(noSymbol.err()).contains("has no symbol 'no_such_function'");

        Run badDuration = run("board", "run", "--target", target, "--for", "10 minutes");
        assertThat(badDuration.rc()).isEqualTo(2);
        assertThat(badDuration.err()).contains("--for '10 minutes': give a number and a unit (ns, us, ms, s)");
    }
}
