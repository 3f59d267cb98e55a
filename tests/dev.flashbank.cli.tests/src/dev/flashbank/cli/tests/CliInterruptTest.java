package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.cli.FlashbankCli;
import dev.flashbank.core.device.Sector;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.state.BoardStateFile;

/**
 * Issue 14 item 7: a {@code flashbank program} process writing a 1 MiB image into physical bank 2 of a simulated
 * dual-bank board prints plain progress lines (standard error is a pipe, not a terminal), and SIGINT (Ctrl-C) stops
 * it between two sectors with one message saying what state the target is in. The board file afterwards is
 * consistent: the running bank 1 and the option bytes are byte-identical, every bank-2 sector holds either its
 * complete part of the image or is still erased, and some but not all of them were written.
 */
class CliInterruptTest {

    static final Pattern PROGRESS = Pattern.compile("Programming .*big\\.bin: +(\\d+)% \\((.+) of 1\\.0 MiB.*\\)");

    @TempDir
    Path tmp;

    @Test
    void ctrlCStopsBetweenSectorsAndSaysWhatStateTheBoardIsIn() throws Exception {
        Path board = tmp.resolve("dual.fbboard");
        String home = System.getProperty("flashbank.home");
        System.setProperty("flashbank.home", tmp.resolve("home").toString());
        try {
            StringWriter err = new StringWriter();
            assertThat(FlashbankCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "board", "create",
                    "--part", "STM32F767ZI", "--dual-bank", "--file", board.toString())).as(err.toString()).isZero();
        } finally {
            if (home == null) {
                System.clearProperty("flashbank.home");
            } else {
                System.setProperty("flashbank.home", home);
            }
        }
        SimulatedBoard before = SimulatedBoards.load(board);
        int bankSize = before.flashSizeKiB() * 1024 / 2;
        byte[] bank1Before = before.readCells(1, 0, bankSize);
        OptionBytes optionsBefore = before.storedOptions();

        byte[] image = new byte[1024 * 1024];
        new Random(14).nextBytes(image);
        Path file = Files.write(tmp.resolve("big.bin"), image);

        List<String> cmd = new ArrayList<>(CliProcess.in(tmp).command());
        cmd.addAll(List.of("program", file.toString(), "--base", "0x08100000", "--target", "sim:@" + board));
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> lines = new ArrayList<>();
        boolean signalled = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
                Matcher m = PROGRESS.matcher(line);
                if (!signalled && m.matches() && Integer.parseInt(m.group(1)) >= 20) {
                    // the planning share is done and a sector or more is written: Ctrl-C now
                    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
                    assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    signalled = true;
                }
            }
        }
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String all = String.join("\n", lines);
        assertThat(signalled).as(all).isTrue();
        assertThat(p.exitValue()).as(all).isEqualTo(130);
        assertThat(out.get(30, TimeUnit.SECONDS)).as("nothing on stdout after Ctrl-C").isEmpty();
        // not a terminal: whole lines, no carriage returns, at least the 0 % and the 10 % / 20 % lines
        assertThat(all).doesNotContain("\r");
        assertThat(lines.stream().filter(l -> PROGRESS.matcher(l).matches()).count()).as(all).isGreaterThanOrEqualTo(3);
        String last = lines.get(lines.size() - 2);
        assertThat(last).as(all).startsWith("flashbank program: interrupted (Ctrl-C), stopped between two units: "
                + "Program canceled: ").contains("sector(s) written completely").contains("the others untouched")
                .contains("option bytes were not touched");
        assertThat(lines.get(lines.size() - 1)).startsWith("  fix: run the same flashbank program command again");

        SimulatedBoard after = SimulatedBoards.load(board);
        assertThat(after.readCells(1, 0, bankSize)).as("the running bank 1").isEqualTo(bank1Before);
        assertThat(after.storedOptions()).as("option bytes").isEqualTo(optionsBefore);
        assertThat(after.latchedOptions()).as("option bytes").isEqualTo(before.latchedOptions());
        byte[] bank2 = after.readCells(2, 0, bankSize);
        int written = 0;
        int erased = 0;
        for (Sector sector : after.geometry().bank(2).sectors()) {
            int offset = (int) sector.offset();
            int size = sector.size();
            byte[] got = Arrays.copyOfRange(bank2, offset, offset + size);
            byte[] want = Arrays.copyOfRange(image, offset, offset + size);
            byte[] blank = new byte[size];
            Arrays.fill(blank, (byte) 0xFF);
            if (Arrays.equals(got, want)) {
                written++;
            } else {
                assertThat(got).as("bank-2 sector at offset 0x%X: the image's part or erased, nothing between",
                        offset).isEqualTo(blank);
                erased++;
            }
        }
        assertThat(written).as(all).isPositive();
        assertThat(erased).as(all).isPositive();
        assertThat(last).contains(written + " of " + (written + erased) + " sector(s) written completely");
    }
}
