package dev.flashbank.sim.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.image.Segment;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.family.stm32f7.Stm32F7Registers;
import dev.flashbank.family.stm32f7.sim.SampleImages;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.FirmwareRun;
import dev.flashbank.sim.state.BoardStateException;
import dev.flashbank.sim.state.BoardStateFile;
import dev.flashbank.sim.state.LiveBoard;

/**
 * The board's console survives between commands (issue 19): the state file keeps what the firmware wrote to the
 * console USART, every byte as written, its last 64 KiB; files without it load with an empty console; a power-on
 * clears it; a board that only ran keeps its file unless the run's console is to be kept.
 */
class ConsoleStateTest {

    @TempDir
    Path dir;

    /** Every byte value, CR LF and an escape sequence among them. */
    private static String everyByte() {
        StringBuilder b = new StringBuilder("boot\r\n\u001B[1mbold\u001B[0m\n");
        for (int c = 0; c < 256; c++) {
            b.append((char) c);
        }
        return b.toString();
    }

    private static SimulatedBoard consoleBoard() throws Exception {
        Fx fx = Fx.dualBank();
        fx.unlock();
        fx.mem.write32(fx.cr, fx.crBit(Stm32F7Registers.PG) | fx.psize(dev.flashbank.core.device.Parallelism.X32));
        for (Segment s : SampleImages.image("console-app").segments()) {
            byte[] d = Arrays.copyOf(s.data(), (s.size() + 3) & ~3);
            Arrays.fill(d, s.size(), d.length, (byte) 0xFF);
            fx.mem.write(s.address(), d, 0, d.length, AccessWidth.WORD);
        }
        fx.waitIdle();
        fx.mem.write32(fx.cr, 0);
        fx.board.reset(ResetKind.HARDWARE);
        return fx.board;
    }

    @Test
    void everyByteRoundTripsThroughTheStateFile() throws Exception {
        SimulatedBoard b = SimulatedBoards.create("STM32F767ZI");
        b.restoreConsole(everyByte());
        Path f = dir.resolve("b.fbboard");
        BoardStateFile.save(b, f);
        assertThat(BoardStateFile.read(f).console()).isEqualTo(everyByte());
        BenchBoard loaded = BoardStateFile.load(f, SimulatedBoards.FAMILY);
        assertThat(loaded.consoleOutput()).isEqualTo(everyByte());
        String header = new String(Files.readAllBytes(f), 0, 800, StandardCharsets.US_ASCII);
        assertThat(header).contains("section: console size=" + everyByte().length() + " crc32=");
    }

    @Test
    void theFirmwaresLineFollowsWhatTheFileKept() throws Exception {
        SimulatedBoard b = consoleBoard();
        FirmwareRun first = b.runFirmware(Duration.ofMillis(20), OptionalLong.empty());
        assertThat(first.console()).isEqualTo("console sample: bank 1, 216 MHz, 10 ms\r\n");
        Path f = dir.resolve("b.fbboard");
        BoardStateFile.save(b, f);

        BenchBoard again = BoardStateFile.load(f, SimulatedBoards.FAMILY);
        again.reset(ResetKind.HARDWARE);
        FirmwareRun second = again.runFirmware(Duration.ofMillis(20), OptionalLong.empty());
        assertThat(second.console()).as("a run reports what it added").isEqualTo(first.console());
        assertThat(again.consoleOutput()).isEqualTo(first.console() + first.console());
    }

    @Test
    void theConsoleKeepsItsLast64KiB() throws Exception {
        SimulatedBoard b = consoleBoard();
        String old = "x".repeat(BoardSnapshot.CONSOLE_KEEP_BYTES - 10) + "0123456789" + "y".repeat(5000);
        b.restoreConsole(old);
        assertThat(b.consoleOutput()).hasSize(BoardSnapshot.CONSOLE_KEEP_BYTES).endsWith("y".repeat(5000))
                .startsWith("x");
        FirmwareRun r = b.runFirmware(Duration.ofMillis(20), OptionalLong.empty());
        String kept = b.consoleOutput();
        assertThat(kept).hasSize(BoardSnapshot.CONSOLE_KEEP_BYTES).endsWith("y".repeat(5000) + r.console());

        Path f = dir.resolve("b.fbboard");
        BoardStateFile.save(b, f);
        assertThat(BoardStateFile.read(f).console()).isEqualTo(kept);
        assertThat(new String(Files.readAllBytes(f), 0, 800, StandardCharsets.US_ASCII))
                .contains("section: console size=65536 ");
    }

    @Test
    void aConsoleSectionLongerThanTheBoundIsRefused() throws Exception {
        Path f = dir.resolve("b.fbboard");
        BoardStateFile.write(SimulatedBoards.create("STM32F767ZI").snapshot().withConsole("hello\n"), f);
        byte[] bytes = Files.readAllBytes(f);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int big = BoardSnapshot.CONSOLE_KEEP_BYTES + 1;
        String header = text.substring(0, text.indexOf("binary-follows\n"));
        String body = text.substring(header.length());
        String line = header.substring(header.indexOf("section: console"));
        line = line.substring(0, line.indexOf('\n'));
        String tooBig = header.replace(line, "section: console size=" + big + " crc32=00000000") + body.replace("hello\n",
                "h".repeat(big));
        Files.write(f, tooBig.getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> BoardStateFile.read(f)).isInstanceOf(BoardStateException.class)
                .hasMessageContaining("console section of 65537 bytes: at most 65536 are kept");
    }

    @Test
    void aFileWithoutConsoleLoadsWithAnEmptyOne() throws Exception {
        SimulatedBoard b = SimulatedBoards.create("STM32F767ZI");
        Path f = dir.resolve("b.fbboard");
        BoardStateFile.save(b, f);
        String header = new String(Files.readAllBytes(f), 0, 800, StandardCharsets.US_ASCII);
        assertThat(header).as("nothing written: the file is as before the console was kept").doesNotContain("console");

        // a file written before the console was kept: the same file without the console's section line and bytes
        b.restoreConsole("lost line\n");
        BoardStateFile.save(b, f);
        String withConsole = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        String line = withConsole.substring(withConsole.indexOf("section: console"));
        line = line.substring(0, line.indexOf('\n') + 1);
        String old = withConsole.replace(line, "");
        old = old.substring(0, old.length() - "lost line\n".length());
        Files.write(f, old.getBytes(StandardCharsets.ISO_8859_1));
        BenchBoard loaded = BoardStateFile.load(f, SimulatedBoards.FAMILY);
        assertThat(loaded.consoleOutput()).isEmpty();
        assertThat(loaded.snapshot().sameContent(b.snapshot())).isTrue();
    }

    @Test
    void aPowerOnClearsTheConsoleAResetDoesNot() throws Exception {
        SimulatedBoard b = consoleBoard();
        b.runFirmware(Duration.ofMillis(20), OptionalLong.empty());
        b.reset(ResetKind.HARDWARE);
        assertThat(b.consoleOutput()).isEqualTo("console sample: bank 1, 216 MHz, 10 ms\r\n");
        b.powerCycle();
        assertThat(b.consoleOutput()).as("a fresh boot on the terminal").isEmpty();
    }

    @Test
    void onlyAKeptConsoleRewritesAFileWhoseBoardDidNotChange() throws Exception {
        Path f = dir.resolve("b.fbboard");
        BoardStateFile.save(consoleBoard(), f);
        FileTime old = FileTime.from(Instant.parse("2022-01-02T03:04:05Z"));
        Files.setLastModifiedTime(f, old);
        byte[] before = Files.readAllBytes(f);

        LiveBoard live = LiveBoard.load(f, SimulatedBoards.FAMILY);
        live.board().runFirmware(Duration.ofMillis(20), OptionalLong.empty());
        assertThat(live.board().consoleOutput()).isNotEmpty();
        LiveBoard same = live.saveIfChanged(false);
        assertThat(same).isSameAs(live);
        assertThat(Files.readAllBytes(f)).as("output nobody was shown is not kept").isEqualTo(before);
        assertThat(Files.getLastModifiedTime(f)).isEqualTo(old);

        LiveBoard kept = live.saveIfChanged(false, true);
        assertThat(BoardStateFile.read(f).console()).isEqualTo("console sample: bank 1, 216 MHz, 10 ms\r\n");
        assertThat(kept.saveIfChanged(false, true)).as("nothing new: nothing written").isSameAs(kept);
    }
}
