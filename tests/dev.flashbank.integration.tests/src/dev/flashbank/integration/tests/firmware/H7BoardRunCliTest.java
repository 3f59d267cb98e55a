package dev.flashbank.integration.tests.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.cli.FlashbankCli;
import dev.flashbank.family.stm32h7.sim.Stm32H7SampleImages;

/**
 * Issue 19: {@code flashbank board run} on a simulated STM32H743ZI board file, in-process as a user types it: the
 * H7 start-up sample programmed with {@code flashbank program} runs to {@code main} by the ELF's symbol, then long
 * enough to print on USART3 (once per boot), and {@code board show} shows the console. About a second.
 */
class H7BoardRunCliTest {

    static final String PART = "STM32H743ZI";

    @TempDir
    Path tmp;
    String previousHome;

    @BeforeEach
    void home() {
        previousHome = System.getProperty("flashbank.home");
        System.setProperty("flashbank.home", tmp.resolve("home").toString());
    }

    @AfterEach
    void restoreHome() {
        if (previousHome == null) {
            System.clearProperty("flashbank.home");
        } else {
            System.setProperty("flashbank.home", previousHome);
        }
    }

    @Test
    void boardRunUntilMainThenPrintsTheSamplesConsole() throws Exception {
        Path file = tmp.resolve("h743.fbboard");
        Path elf = tmp.resolve("console-app.elf");
        Files.write(elf, Stm32H7SampleImages.bytes("console-app.elf"));
        String target = "sim:" + PART + "@" + file;
        cli("board", "create", "--part", PART, "--file", file.toString());
        cli("program", "--target", target, elf.toString());

        String toMain = cli("board", "run", "--target", target, "--elf", elf.toString(), "--until", "main", "--for",
                "2ms");
        assertThat(toMain).contains("Stopped: reached the stop address").contains("(main)");

        // a run prints what the firmware added to the board's console; the boot count lives in RAM, which a reset keeps
        String run = cli("board", "run", "--target", target, "--for", "8ms");
        assertThat(run).startsWith("h7 console sample: image 1, SWAP_BANK=0, 400 MHz, boot ")
                .contains("Stopped: the time ran out with the core running after 8.0");
        assertThat(cli("board", "show", "--target", target)).contains("h7 console sample: image 1");
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = FlashbankCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(rc).as("flashbank %s\n%s\n%s", String.join(" ", args), out, err).isZero();
        return out.toString();
    }
}
