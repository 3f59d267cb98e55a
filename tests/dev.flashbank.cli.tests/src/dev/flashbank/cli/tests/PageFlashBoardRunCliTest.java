package dev.flashbank.cli.tests;

import static dev.flashbank.cli.tests.InProcessCli.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.cli.tests.InProcessCli.Run;

/**
 * {@code flashbank board run} on a page-flash board (issue 19): a simulated STM32G474RE with the family's start-up
 * sample programmed by {@code flashbank program} runs it in virtual time - to {@code main} by the ELF's symbol, then
 * through its clock set-up (HSI16 -> PLL 170 MHz) to its console line on LPUART1. In process: about a second.
 */
class PageFlashBoardRunCliTest {

    /** The page-flash family's committed start-up samples (this test bundle does not see that bundle's classes). */
    static final String SAMPLES = "bundles/dev.flashbank.family.pageflash/src/dev/flashbank/family/pageflash/sim/samples";

    static Path g474Sample() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve(SAMPLES))) {
            p = p.getParent();
            if (p == null) {
                throw new IllegalStateException(SAMPLES + " not found above the working directory");
            }
        }
        return p.resolve(SAMPLES).resolve("sample-g474.elf");
    }

    @TempDir
    Path tmp;

    @Test
    void theG474RunsItsStartUpSampleToMainAndPrintsOnTheConsole() throws Exception {
        InProcessCli.Home home = new InProcessCli.Home(tmp.resolve("home"));
        try {
            Path file = tmp.resolve("g474.fbboard");
            ok("board", "create", "--part", "STM32G474RE", "--file", file.toString());
            String target = "sim:STM32G474RE@" + file;
            Path elf = g474Sample();
            ok("program", "--target", target, elf.toString());

            Run toMain = ok("board", "run", "--target", target, "--elf", elf.toString(), "--until", "main", "--for",
                    "5ms");
            assertThat(toMain.out()).contains("Stopped: reached the stop address").contains("(main)");
            Run r = ok("board", "run", "--target", target, "--elf", elf.toString(), "--for", "5ms");
            // RAM keeps the sample's boot count across the resets (NRST) of program and board run: it has booted
            // before, so it prints its line and counts without asking for another reset
            assertThat(r.out()).startsWith("pageflash sample: STM32G474RE bank 1, 170 MHz, boot ")
                    .contains("Stopped: the time ran out with the core running after 5.0")
                    .containsOnlyOnce("pageflash sample");
        } finally {
            home.restore();
        }
    }
}
