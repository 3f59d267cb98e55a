package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.cli.FlashbankCli;
import dev.flashbank.cli.sim.ServedStlinkBoard;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.stlink.StlinkProduct;
import dev.flashbank.stlink.StlinkTransport;
import dev.flashbank.stlink.tcp.StlinkServer;
import dev.flashbank.core.connect.StlinkServerAddress;

/**
 * Issue 14 item 7: a {@code flashbank program} process writing a 1 MiB image into physical bank 2 of a simulated
 * dual-bank board prints plain progress lines (standard error is a pipe, not a terminal), and SIGINT (Ctrl-C) stops
 * it between two sectors with one message saying what state the target is in. The board afterwards is consistent:
 * the running bank 1 and the option bytes are byte-identical, every bank-2 sector holds either its complete part of
 * the image or is still erased, and some but not all of them were written.
 * <p>
 * Deterministic: the board is served in this JVM as {@code flashbank sim serve --stlink-port} serves it, and the
 * process works on it over {@code --probe tcp:}. When the program reaches the first sector boundary past a fifth of
 * the image (the sector's first word is written), the served probe holds its answer; the test sends SIGINT, waits
 * for the process to say it will stop ({@code "flashbank: Ctrl-C: ..."}) and only then lets the probe answer, so the
 * program cannot end before the signal is handled.
 */
class CliInterruptTest {

    static final Pattern PROGRESS = Pattern.compile("Programming .*big\\.bin: +(\\d+)% \\((.+) of 1\\.0 MiB.*\\)");
    /** Board time per real time of the served board, as {@code OpenOcdStlinkTcpTest}'s: sector erases end soon. */
    static final double TIME_SCALE = 100;
    /** Bounds of the waits on the process (never reached when it works; a load of 25 needs seconds). */
    static final long WAIT_SECONDS = 180;

    @TempDir
    Path tmp;

    @Test
    void ctrlCStopsBetweenSectorsAndSaysWhatStateTheBoardIsIn() throws Exception {
        Path file = tmp.resolve("dual.fbboard");
        String home = System.getProperty("flashbank.home");
        System.setProperty("flashbank.home", tmp.resolve("home").toString());
        try {
            StringWriter err = new StringWriter();
            assertThat(FlashbankCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "board", "create",
                    "--part", "STM32F767ZI", "--dual-bank", "--file", file.toString())).as(err.toString()).isZero();
        } finally {
            if (home == null) {
                System.clearProperty("flashbank.home");
            } else {
                System.setProperty("flashbank.home", home);
            }
        }
        SimulatedBoard board = SimulatedBoards.load(file);
        int bankSize = board.flashSizeKiB() * 1024 / 2;
        byte[] bank1Before = board.readCells(1, 0, bankSize);
        OptionBytes optionsBefore = board.storedOptions();
        OptionBytes latchedBefore = board.latchedOptions();

        byte[] image = new byte[1024 * 1024];
        new Random(14).nextBytes(image);
        Path bin = Files.write(tmp.resolve("big.bin"), image);
        Sector hold = board.geometry().bank(2).sectors().stream().filter(s -> s.offset() >= image.length / 5)
                .findFirst().orElseThrow();

        ServedStlinkBoard served = ServedStlinkBoard.of(board, ServedStlinkBoard.DEFAULT_PROBE, TIME_SCALE);
        HeldProbe probe = new HeldProbe(served.emulator(),
                () -> !isErased(board.readCells(2, hold.offset(), 4)));
        List<String> serverLog = Collections.synchronizedList(new ArrayList<>());
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Process p;
        try (StlinkServer server = StlinkServer.start(List.of(new StlinkServer.ServedProbe(board.serial(),
                StlinkProduct.VENDOR_ID, ServedStlinkBoard.DEFAULT_PROBE.product().productId(), probe, board)),
                StlinkServer.DEFAULT_VERSION, 0, serverLog::add)) {
            // as from a terminal: SIGINT at its default disposition. A process started in the background by a
            // non-interactive shell (a CI script's 'cmd &', nohup) inherits SIGINT ignored, and the JVM then never
            // sees Ctrl-C; perl (Debian's essential perl-base) resets it and execs the command in the same process
            List<String> cmd = new ArrayList<>(List.of("perl", "-e",
                    "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\";"));
            cmd.addAll(CliProcess.in(tmp).command());
            cmd.addAll(List.of("program", bin.toString(), "--base", "0x08100000", "--probe",
                    new StlinkServerAddress("127.0.0.1", server.port(), board.serial()).text()));
            p = new ProcessBuilder(cmd).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p));
            BlockingQueue<String> errLines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        lines.add(line);
                        errLines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(reading standard error failed: " + e + ")");
                } finally {
                    probe.reached.countDown(); // the process is gone: nothing will reach the hold any more
                    errLines.add("");
                }
            }, "flashbank stderr");
            reader.start();

            assertThat(probe.reached.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("%s", lines).isTrue();
            assertThat(probe.held).as("the program reached the sector at 0x%X while the process ran: %s",
                    hold.offset(), lines).isTrue();
            // the process's answer is held: Ctrl-C now, and let the probe answer once the process says it stops
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String ack = null;
            while (ack == null) {
                String line = errLines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(line).as("the process's answer to Ctrl-C: %s", lines).isNotNull().isNotEmpty();
                ack = line.startsWith("flashbank: Ctrl-C: ") ? line : null;
            }
            assertThat(ack).contains("stopping after the unit in progress");
            probe.release.countDown();

            assertThat(p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            reader.join(TimeUnit.SECONDS.toMillis(30));
            String all = String.join("\n", lines);
            assertThat(p.exitValue()).as(all).isEqualTo(130);
            assertThat(out.get(30, TimeUnit.SECONDS)).as("nothing on stdout after Ctrl-C").isEmpty();
            // not a terminal: whole lines, no carriage returns, at least the 0 % and 10 % lines
            assertThat(all).doesNotContain("\r");
            assertThat(lines.stream().filter(l -> PROGRESS.matcher(l).matches()).count()).as(all)
                    .isGreaterThanOrEqualTo(2);
            String last = lines.get(lines.size() - 2);
            assertThat(last).as(all).startsWith("flashbank program: interrupted (Ctrl-C), stopped between two units: "
                    + "Program canceled: ").contains("sector(s) written completely").contains("the others untouched")
                    .contains("option bytes were not touched");
            assertThat(lines.get(lines.size() - 1)).startsWith("  fix: run the same flashbank program command again");
            assertThat(served.emulator().violations()).isEmpty();
            assertThat(server.violations()).isEmpty();

            synchronized (board) {
                assertThat(board.readCells(1, 0, bankSize)).as("the running bank 1").isEqualTo(bank1Before);
                assertThat(board.storedOptions()).as("option bytes").isEqualTo(optionsBefore);
                assertThat(board.latchedOptions()).as("option bytes").isEqualTo(latchedBefore);
                byte[] bank2 = board.readCells(2, 0, bankSize);
                int written = 0;
                int erased = 0;
                for (Sector sector : board.geometry().bank(2).sectors()) {
                    int offset = (int) sector.offset();
                    int size = sector.size();
                    byte[] got = Arrays.copyOfRange(bank2, offset, offset + size);
                    if (Arrays.equals(got, Arrays.copyOfRange(image, offset, offset + size))) {
                        written++;
                    } else {
                        assertThat(isErased(got)).as("bank-2 sector at offset 0x%X: the image's part or erased,"
                                + " nothing between", offset).isTrue();
                        erased++;
                    }
                }
                // every sector before the held one, and the held one (its unit was under way): the rest untouched
                int before = board.geometry().bank(2).sectors().indexOf(hold);
                assertThat(written).as(all).isEqualTo(before + 1);
                assertThat(erased).as(all).isPositive();
                assertThat(last).contains(written + " of " + (written + erased) + " sector(s) written completely");
                System.out.printf("CliInterruptTest: held at bank-2 offset 0x%X, %d progress lines, %d of %d sectors"
                        + " written%n", hold.offset(), lines.stream().filter(l -> PROGRESS.matcher(l).matches()).count(),
                        written, written + erased);
            }
        }
    }

    private static boolean isErased(byte[] cells) {
        for (byte b : cells) {
            if (b != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static String readAll(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The served probe, which holds its answer from the first command after {@code reached} became true until the
     * test releases it (the server's host stalls; the client waits for the answer). Called on the server's thread
     * with the board's lock held, as every served exchange is.
     */
    static final class HeldProbe implements StlinkTransport {
        final StlinkTransport probe;
        final BooleanSupplier reachedWhen;
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean held;

        HeldProbe(StlinkTransport probe, BooleanSupplier reachedWhen) {
            this.probe = probe;
            this.reachedWhen = reachedWhen;
        }

        @Override
        public byte[] exchange(byte[] cdb, byte[] dataOut, int inLength, int timeoutMillis) throws TargetException {
            if (release.getCount() > 0 && reachedWhen.getAsBoolean()) {
                held = true;
                reached.countDown();
                try {
                    release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return probe.exchange(cdb, dataOut, inLength, timeoutMillis);
        }

        @Override
        public String describe() {
            return probe.describe();
        }

        @Override
        public void close() {
            probe.close();
        }
    }
}
