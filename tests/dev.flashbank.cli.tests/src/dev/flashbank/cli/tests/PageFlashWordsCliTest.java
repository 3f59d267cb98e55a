package dev.flashbank.cli.tests;

import static dev.flashbank.cli.tests.InProcessCli.ok;
import static dev.flashbank.cli.tests.InProcessCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.cli.tests.InProcessCli.Run;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.ops.OptionCliCommand;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.twin.TwinPreview;
import dev.flashbank.sim.twin.TwinReport;
import dev.flashbank.sim.twin.TwinSource;

/**
 * The page-flash parts in their own words (issue 17 item 4), as a newcomer meets them on the command line: a
 * simulated STM32G474RE (dual bank, and created single bank with {@code --bank-mode single}), STM32L476RG and
 * STM32G0B1RE speak of pages - {@code info}, {@code board show}, {@code erase --pages} and its refusals,
 * {@code program}'s plan, the option twin's preview - with no F7 words (BOOT_ADD0, Supply/PSIZE) where the part has no
 * such thing, while an F7 board still speaks of sectors and its supply.
 */
class PageFlashWordsCliTest {

    @TempDir
    Path tmp;

    InProcessCli.Home home;

    @AfterEach
    void restoreHome() {
        home.restore();
    }

    @BeforeEach
    void home() {
        home = new InProcessCli.Home(tmp.resolve("home"));
    }

    /** A new board file of {@code part} (extra {@code board create} options after it); its --target. */
    String board(String part, String... extra) {
        Path file = tmp.resolve(part + extra.length + ".fbboard");
        String[] args = new String[6 + extra.length];
        System.arraycopy(new String[] { "board", "create", "--part", part, "--file", file.toString() }, 0, args, 0, 6);
        System.arraycopy(extra, 0, args, 6, extra.length);
        ok(args);
        return "sim:" + part + "@" + file;
    }

    /** A BIN image for {@code base}: SP in SRAM, Thumb reset handler in the image, random body. */
    Path image(String name, long base, int size, long seed) throws Exception {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        int[] words = { 0x2000_8000, (int) base + 0x101 };
        for (int w = 0; w < 2; w++) {
            for (int i = 0; i < 4; i++) {
                b[4 * w + i] = (byte) (words[w] >>> (8 * i));
            }
        }
        return Files.write(tmp.resolve(name), b);
    }

    /** No sector, F7 boot-address or PSIZE/supply words in a page part's output. */
    static void speaksPages(String text) {
        assertThat(text).doesNotContainIgnoringCase("sector").doesNotContain("BOOT_ADD").doesNotContain("PSIZE")
                .doesNotContain("Supply:").doesNotContain("SWP_FB");
    }

    @Test
    void infoOnTheThreeLinesCountsPagesAndSaysHowTheyAreProgrammed() {
        String g474 = board("STM32G474RE");
        Run info = ok("info", "--target", g474);
        assertThat(info.out()).contains("Flash: 512 KiB, dual bank, 256 pages")
                .contains("physical bank 1: 256 KiB, pages 0-127, mapped at 0x08000000")
                .contains("physical bank 2: 256 KiB, pages 0-127, mapped at 0x08040000")
                .contains("its first page is blank").contains("Programming: 64-bit double words");
        speaksPages(info.all());

        Run l476 = ok("info", "--target", board("STM32L476RG"));
        assertThat(l476.out()).contains("Flash: 1024 KiB, dual bank, 512 pages")
                .contains("physical bank 2: 512 KiB, pages 256-511");
        speaksPages(l476.all());

        Run g0b1 = ok("info", "--target", board("STM32G0B1RE"));
        assertThat(g0b1.out()).contains("Flash: 512 KiB, dual bank, 256 pages")
                .contains("physical bank 1: 256 KiB, pages 0-127").contains("physical bank 2: 256 KiB, pages 256-383");
        speaksPages(g0b1.all());

        // --json keeps its keys ("sectors" lists the numbers) and says what they are
        Map<String, Object> json = JsonParser.object(ok("info", "--json", "--target", g474).out());
        assertThat(json).containsEntry("eraseUnit", "page").containsKey("banks").containsEntry("parallelism", null);
    }

    @Test
    void anF7BoardStillSpeaksOfSectorsAndItsSupply() {
        String f7 = board("STM32F767ZI");
        Run info = ok("info", "--target", f7);
        assertThat(info.out()).contains("sectors").contains("Supply: supply 3.30 V").contains("PSIZE")
                .doesNotContain("page");
        assertThat(JsonParser.object(ok("info", "--json", "--target", f7).out())).containsEntry("eraseUnit",
                "sector");
        Run pages = run("erase", "--target", f7, "--pages", "3");
        assertThat(pages.rc()).as(pages.all()).isEqualTo(2);
        assertThat(pages.err()).contains("is erased in sectors, not pages").contains("--sectors");
        assertThat(ok("board", "show", "--target", f7).out()).contains("nextBoot:").contains("BOOT_ADD0=");
    }

    @Test
    void aG474CreatedSingleBankHasOneBankOf4KiBPagesAndNoBank2() {
        String single = board("STM32G474RE", "--bank-mode", "single");
        Run info = ok("info", "--target", single);
        assertThat(info.out()).contains("Flash: 512 KiB, single bank, 128 pages")
                .contains("physical bank 1: 512 KiB, pages 0-127").doesNotContain("physical bank 2");
        speaksPages(info.all());
        Run show = ok("board", "show", "--target", single);
        assertThat(show.out()).contains("bankMode:      single").contains("nextBoot:      BOOT0=0 -> main flash");
        speaksPages(show.all());

        Run erase = ok("erase", "--target", single, "--pages", "127");
        assertThat(erase.out()).contains("erase of page 127 done: page 127 erased (0x0807F000-0x0807FFFF)");
        Run bank2 = run("erase", "--target", single, "--pages", "2:3");
        assertThat(bank2.rc()).as(bank2.all()).isEqualTo(3);
        assertThat(bank2.err()).contains("there is no physical bank 2").contains("DBANK=1")
                .contains("every page boundary changes").contains("Nothing was written");
    }

    @Test
    void aBankModeTheLineDoesNotHaveIsRefusedNamingWhatItHas() {
        Path file = tmp.resolve("l476-single.fbboard");
        Run l476 = run("board", "create", "--part", "STM32L476RG", "--bank-mode", "single", "--file", file.toString());
        assertThat(l476.rc()).as(l476.all()).isEqualTo(2);
        assertThat(l476.err()).contains("STM32L476RG has no single-bank mode").contains("always has two banks");
        assertThat(file).doesNotExist();

        Run typo = run("board", "create", "--part", "STM32G474RE", "--bank-mode", "double", "--file",
                tmp.resolve("x.fbboard").toString());
        assertThat(typo.rc()).isEqualTo(2);
        assertThat(typo.err()).contains("--bank-mode is single or dual, not 'double'");

        Run both = run("board", "create", "--part", "STM32G474RE", "--bank-mode", "single", "--dual-bank", "--file",
                tmp.resolve("y.fbboard").toString());
        assertThat(both.rc()).isEqualTo(2);
        assertThat(both.err()).contains("contradict");

        // dual where the factory already is dual: created as it leaves the factory
        assertThat(ok("info", "--target", board("STM32G0B1RE", "--bank-mode", "dual")).out())
                .contains("dual bank, 256 pages");
    }

    @Test
    void eraseTakesPagesAndRefusesNumbersInTheFamilysOwnNumbering() throws Exception {
        String g474 = board("STM32G474RE");
        Run wrong = run("erase", "--target", g474, "--pages", "2:300");
        assertThat(wrong.rc()).as(wrong.all()).isEqualTo(3);
        assertThat(wrong.err()).contains("physical bank 2 has no page 300: its pages are 0-127")
                .contains("flashbank erase --pages 2:N with N in 0-127").contains("Nothing was written");
        Run bare = run("erase", "--target", g474, "--pages", "7");
        assertThat(bare.rc()).isEqualTo(3);
        assertThat(bare.err()).contains("page 7 exists in bank 1 and bank 2: this part numbers its pages per bank")
                .contains("--pages 1:7 or --pages 2:7");
        assertThat(ok("erase", "--target", g474, "--pages", "2:0-3").out())
                .contains("erase of pages 0, 1, 2 and 3 of bank 2 done");
        // --sectors keeps working on a page part
        assertThat(ok("erase", "--target", g474, "--sectors", "1:5").out()).contains("page 5 of bank 1 erased");

        String g0b1 = board("STM32G0B1RE");
        Run g0 = run("erase", "--target", g0b1, "--pages", "200");
        assertThat(g0.rc()).isEqualTo(3);
        assertThat(g0.err()).contains("there is no page 200 in the dual-bank layout (pages 0-127 in bank 1, 256-383 in "
                + "bank 2)");
        Run range = run("erase", "--target", g0b1, "--range", "0x08000100+0x100");
        assertThat(range.rc()).isEqualTo(3);
        assertThat(range.err()).contains("erase works on whole pages").contains("--widen to erase the whole pages");

        Path a = image("a.bin", 0x0800_0000L, 5000, 1);
        Run program = ok("program", "--target", g0b1, "--base", "0x08000000", a.toString());
        assertThat(program.out()).contains("3 page(s): 0 identical (skipped), 3 blank (program only)");
        speaksPages(program.all());
        speaksPages(ok("verify", "--target", g0b1, "--base", "0x08000000", a.toString()).all());
    }

    @Test
    void boardShowSaysWhatTheNextBootDoesInTheFamilysTerms() throws Exception {
        String g0b1 = board("STM32G0B1RE");
        Run fresh = ok("board", "show", "--target", g0b1);
        assertThat(fresh.out()).contains("nextBoot:      BOOT0=0 -> main flash, empty check (PROGEMPTY=1): ROM "
                + "bootloader (system memory)");
        speaksPages(fresh.all());

        ok("program", "--target", g0b1, "--base", "0x08000000", image("a.bin", 0x0800_0000L, 1024, 2).toString());
        ok("bank-update", "--target", g0b1, "--scheme", "swap-bank", "--base", "0x08000000", "--no-switch",
                image("b.bin", 0x0800_0000L, 1024, 3).toString());
        ok("ob", "set", "--target", g0b1, "nSWAP_BANK=0");
        Run swapped = ok("board", "show", "--target", g0b1);
        assertThat(swapped.out()).contains("nextBoot:      BOOT0=0 -> main flash (nSWAP_BANK=0): flash image at "
                + "0x08000000 (physical bank 2)");
        speaksPages(swapped.all());

        String g474 = board("STM32G474RE");
        ok("program", "--target", g474, "--base", "0x08000000", image("c.bin", 0x0800_0000L, 1024, 4).toString());
        ok("program", "--target", g474, "--base", "0x08040000", image("d.bin", 0x0800_0000L, 1024, 5).toString());
        ok("ob", "set", "--target", g474, "BFB2=1");
        Run bfb2 = ok("board", "show", "--target", g474);
        assertThat(bfb2.out()).contains("nextBoot:      BOOT0=0 -> BFB2=1, the ROM bootloader chose bank 2: flash "
                + "image at 0x08000000 (physical bank 2) [dual boot] [FB_MODE=1]");
        speaksPages(bfb2.all());
    }

    @Test
    void theOptionTwinPreviewsABankSwapAndABankModeChangeInPages() throws Exception {
        BenchBoard board = InstalledFamilies.simulated().create("STM32G474RE", BoardOptions.defaults());
        OptionImage now = board.optionImageInForce().orElseThrow();
        OptionImage bfb2 = OptionCliCommand.apply(now, board.descriptor(), 512, List.of("BFB2=1"), false);
        TwinReport swap = TwinPreview.preview(TwinSource.of(board), bfb2, InstalledFamilies.families());
        String lines = String.join("\n", swap.lines());
        assertThat(lines).contains("Next reset: BOOT0=0 -> BFB2=1, no bank has a valid stack pointer")
                .contains("Bank layout: dual bank, 256 pages of 2 KiB  (unchanged)");
        speaksPages(lines);

        OptionImage single = OptionCliCommand.apply(now, board.descriptor(), 512, List.of("DBANK=0"), false);
        String layout = String.join("\n", TwinPreview.preview(TwinSource.of(board), single,
                InstalledFamilies.families()).lines());
        assertThat(layout).contains("Bank layout: single bank, 128 pages of 4 KiB  (now: dual bank, 256 pages of 2 "
                + "KiB) — every page boundary moves");
        speaksPages(layout);
    }

    @Test
    void helpSpeaksOfSectorsOrPagesAndPsizeInNeutralWords() {
        String erase = ok("erase", "--help").out();
        assertThat(erase).contains("--pages=PAGES").contains("--sectors=SECTORS").contains("pages");
        String program = ok("program", "--help").out().replaceAll("\\s+", " "); // picocli wraps lines
        assertThat(program).contains("sectors (or").doesNotContain("SWP_FB");
        assertThat(program).contains("controllers with a parallelism setting").doesNotContain("RM0410");
        assertThat(ok("board", "create", "--help").out()).contains("--bank-mode=single|dual");
    }
}
