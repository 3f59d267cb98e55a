package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.state.BoardStateFile;

/**
 * One writer per board file, as users meet it: four {@code flashbank} processes started at once on one board
 * (two programs into different sectors - one of them with {@code --no-wait} - an option change, and a read or, every
 * other round, an info), round after round. After every round, every command that reported success has its effect in the file, none is
 * lost; a command that could not get the board said so with exit code 5 and left no effect; a read saw either the
 * old or the new sector, never a mix.
 */
class ConcurrentCommandsTest {

    /**
     * Rounds of four processes (each about 0.75 s of CPU, mostly JVM start-up): 12 keep both --no-wait outcomes
     * (refused in about three rounds of four, done in the rest) and the read/info and nRST_STOP alternations six times
     * each; 20 rounds took about 60 s of CPU, a fifth of the module's.
     */
    static final int ROUNDS = 12;
    static final int IMAGE_BYTES = 256;
    /** Physical bank 2 sectors 12, 13 of the dual-bank F767 (16 KiB each), away from the sample image in bank 1. */
    static final long WAITING_PROGRAM = 0x0810_0000L;
    static final long NO_WAIT_PROGRAM = 0x0810_4000L;

    @TempDir
    Path tmp;

    final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    static byte[] image(int round, int slot) {
        byte[] b = new byte[IMAGE_BYTES];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (round * 7 + slot * 31 + i);
        }
        return b;
    }

    @Test
    void concurrentCommandsOnOneBoardLoseNoWrite() throws Exception {
        CliProcess cli = CliProcess.in(tmp);
        Path board = tmp.resolve("shared.fbboard");
        var created = cli.run("board", "create", "--dual-bank", "--file", board.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        String target = "--target=sim:STM32F767ZI@" + board;

        byte[] noWaitSector = Arrays.copyOf(BoardStateFile.read(board).flashBank(2), IMAGE_BYTES + 0x4000);
        byte[] previousFirst = Arrays.copyOf(noWaitSector, IMAGE_BYTES); // erased
        byte[] previousNoWait = Arrays.copyOfRange(noWaitSector, 0x4000, 0x4000 + IMAGE_BYTES);
        int busy = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            Path first = tmp.resolve("r" + round + "-first.bin");
            Path second = tmp.resolve("r" + round + "-second.bin");
            Path readBack = tmp.resolve("r" + round + "-read.bin");
            Files.write(first, image(round, 1));
            Files.write(second, image(round, 2));
            boolean nRstStop = round % 2 == 1;
            List<Future<CliProcess.Result>> runs = new ArrayList<>();
            runs.add(pool.submit(() -> cli.run("program", target, "--base", "0x08100000", first.toString())));
            runs.add(pool.submit(() -> cli.run("program", target, "--no-wait", "--base", "0x08104000",
                    second.toString())));
            runs.add(pool.submit(() -> cli.run("ob", "set", target, "nRST_STOP=" + (nRstStop ? 1 : 0))));
            boolean reads = round % 2 == 1;
            runs.add(pool.submit(() -> reads ? cli.run("read", target, "--range", "0x08100000+" + IMAGE_BYTES, "-o",
                    readBack.toString()) : cli.run("info", target, "--json")));
            List<CliProcess.Result> r = new ArrayList<>();
            for (Future<CliProcess.Result> f : runs) {
                r.add(f.get());
            }
            String round_ = "round " + round + ": ";

            BoardSnapshot after = BoardStateFile.read(board);
            byte[] bank2 = after.flashBank(2);
            // every command that waits succeeds, and its effect is in the file
            assertThat(r.get(0).exitCode()).as(round_ + r.get(0).err()).isZero();
            assertThat(Arrays.copyOfRange(bank2, 0, IMAGE_BYTES)).as(round_ + "first program").isEqualTo(image(round, 1));
            assertThat(r.get(2).exitCode()).as(round_ + r.get(2).err()).isZero();
            assertThat(SimulatedBoards.load(board).storedOptions().nRstStop()).as(round_ + "nRST_STOP").isEqualTo(nRstStop);
            assertThat(r.get(3).exitCode()).as(round_ + r.get(3).err()).isZero();
            if (reads) {
                // the read saw one whole state of the sector: before or after this round's program
                assertThat(Files.readAllBytes(readBack)).as(round_ + "read").isIn(previousFirst, image(round, 1));
            } else {
                assertThat(r.get(3).out()).contains("\"bankMode\"");
            }
            // --no-wait: done, or refused with exit 5 naming the holder and without effect
            byte[] noWait = Arrays.copyOfRange(bank2, 0x4000, 0x4000 + IMAGE_BYTES);
            CliProcess.Result nw = r.get(1);
            if (nw.exitCode() == 0) {
                assertThat(noWait).as(round_ + "--no-wait program").isEqualTo(image(round, 2));
                previousNoWait = image(round, 2);
            } else {
                busy++;
                assertThat(nw.exitCode()).as(round_ + nw.err()).isEqualTo(5);
                assertThat(nw.err()).as(round_).contains("shared.fbboard is in use by pid ").containsPattern("\\(flashbank [a-z ]+\\)");
                assertThat(noWait).as(round_ + "refused --no-wait program left no trace").isEqualTo(previousNoWait);
            }
            previousFirst = image(round, 1);
        }
        System.out.printf("ConcurrentCommandsTest: %d rounds of 4 processes; --no-wait refused in %d rounds%n", ROUNDS,
                busy);
    }
}
