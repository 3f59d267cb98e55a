package dev.flashbank.cli.tests;

import static dev.flashbank.cli.tests.InProcessCli.ok;
import static dev.flashbank.cli.tests.InProcessCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.cli.tests.InProcessCli.Run;


/**
 * The CLI on the page-flash family as a newcomer types it (issue 17): a simulated STM32G0B1RE board file, an A/B
 * update with {@code --scheme swap-bank} (nSWAP_BANK), then the wolfBoot / stlink trap - "erase bank 2" while physical
 * bank 2 runs at 0x08000000 - refused with the physical bank that is not running, write protection as page ranges
 * refusing a page erase. Commands run in-process; the CLI has no family code.
 */
class PageFlashCliTest {

    @TempDir
    Path tmp;

    String target;
    InProcessCli.Home home;

    @AfterEach
    void restoreHome() {
        home.restore();
    }

    @BeforeEach
    void board() {
        home = new InProcessCli.Home(tmp.resolve("home"));
        Path file = tmp.resolve("g0b1.fbboard");
        ok("board", "create", "--part", "STM32G0B1RE", "--file", file.toString());
        target = "sim:STM32G0B1RE@" + file;
    }

    /** A BIN image for 0x08000000: SP in SRAM, Thumb reset handler at +0x100, random body. */
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

    @Test
    void abUpdateWithSwapBankThenTheRunningBankIsNotErasedByNumber() throws Exception {
        Path a = image("a.bin", 0xA);
        Path b = image("b.bin", 0xB);
        ok("program", "--target", target, "--base", "0x08000000", a.toString());
        Run update = ok("bank-update", "--target", target, "--scheme", "swap-bank", "--base", "0x08000000", "--reset",
                b.toString());
        assertThat(update.out()).contains("physical bank 2").contains("nSWAP_BANK = 0");
        assertThat(ok("info", "--target", target).out()).contains("physical bank 2: 256 KiB, pages 256-383, mapped at 0x08000000");

        Run wrong = run("erase", "--target", target, "--bank", "2");
        assertThat(wrong.rc()).as(wrong.err()).isEqualTo(3);
        assertThat(wrong.err()).contains("RUNNING").contains("the bank at 0x08040000 is physical bank 1")
                .contains("flashbank erase --bank 1").contains("Nothing was written");
        ok("verify", "--target", target, "--base", "0x08000000", b.toString());
        ok("erase", "--target", target, "--bank", "1");
        ok("verify", "--target", target, "--base", "0x08000000", b.toString());

        // write protection as page ranges of the PHYSICAL bank: a page erase there is refused before any write
        ok("ob", "set", "--target", target, "WRP1A_STRT=0", "WRP1A_END=3");
        Run wrp = run("erase", "--target", target, "--sectors", "1:2");
        assertThat(wrp.rc()).as(wrp.err()).isEqualTo(3);
        assertThat(wrp.err()).contains("WRP1A").contains("flashbank ob set WRP1A_STRT=127 WRP1A_END=0");
        // bank 1 was erased on purpose above: a rollback to it is refused, nSWAP_BANK untouched
        Run rollback = run("rollback", "--target", target, "--reset");
        assertThat(rollback.rc()).as(rollback.err()).isEqualTo(3);
        assertThat(rollback.err()).contains("physical bank 1 holds no bootable image");
        ok("verify", "--target", target, "--base", "0x08000000", b.toString());
    }
}
