package dev.flashbank.sim.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.target.DebugPortLockedException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.core.io.AtomicFiles;
import dev.flashbank.sim.state.BoardStateException;
import dev.flashbank.sim.state.BoardStateException.Reason;
import dev.flashbank.sim.state.BoardStateFile;

/** Board state file: round trip, atomic replacement, typed errors naming the file. */
class StateFileTest {

    @TempDir
    Path dir;

    private SimulatedBoard interestingBoard() throws Exception {
        Fx fx = Fx.dualBank(BoardOptions.defaults().withBoot0(true).withVoltageMillivolts(2900).withSeed(99));
        fx.programWords(0x0800_0000L, 0x1111_1111, 0x2222_2222);
        fx.programWords(0x0810_0000L, 0x3333_3333);
        fx.programWords(fx.board.descriptor().otpArea().start(), 0x0BAD_CAFE); // OTP programs like flash
        fx.programOptions(fx.board.storedOptions().withBootAdd0(0x2040).withWriteProtection(3, true));
        return fx.board;
    }

    @Test
    void roundTripKeepsEveryNonVolatileThing() throws Exception {
        SimulatedBoard b = interestingBoard();
        Path f = dir.resolve("board.fbsim");
        BoardStateFile.save(b, f);
        String header = new String(Files.readAllBytes(f), 0, 600, StandardCharsets.US_ASCII);
        assertThat(header).startsWith(BoardStateFile.MAGIC + "\n").contains("part: STM32F767ZI", "boot0: 1",
                "voltage-mv: 2900", "format-version: 1", "section: flash.bank2 size=1048576");

        SimulatedBoard loaded = SimulatedBoards.load(f);
        assertThat(loaded.snapshot().sameContent(b.snapshot())).isTrue();
        assertThat(loaded.boot0()).isTrue();
        assertThat(loaded.voltageMillivolts()).isEqualTo(2900);
        assertThat(loaded.latchedOptions()).isEqualTo(b.storedOptions());
        SimulatedProbe p = SimulatedProbe.connect(loaded);
        assertThat(p.memory().read32(0x0800_0004L)).isEqualTo(0x2222_2222);
        assertThat(p.memory().read32(0x0810_0000L)).isEqualTo(0x3333_3333);
        assertThat(p.memory().read32(loaded.descriptor().otpArea().start())).isEqualTo(0x0BAD_CAFE);
        assertThat(p.memory().read(loaded.descriptor().uniqueIdAddress(), 12, dev.flashbank.core.target.AccessWidth.BYTE))
                .isEqualTo(b.uniqueId());
        assertThat(loaded.serial()).isEqualTo(b.serial());
    }

    @Test
    void f72xRoundTripIncludesTheOptcr2Words() throws Exception {
        Fx fx = Fx.of("STM32F722ZE");
        fx.programOptions(fx.board.storedOptions().withPcropProtection(5, true));
        Path f = dir.resolve("f722.fbsim");
        BoardStateFile.save(fx.board, f);
        SimulatedBoard loaded = SimulatedBoards.load(f);
        assertThat(loaded.latchedOptions().isPcropProtected(5)).isTrue();
        assertThat(loaded.snapshot().optionWords()).hasSize(6);
    }

    @Test
    void level2SurvivesSaveAndLoad() throws Exception {
        Fx fx = Fx.of("STM32F767ZI");
        fx.programOptions(fx.board.storedOptions().withRdpLevel(RdpLevel.LEVEL_2));
        Path f = dir.resolve("bricked.fbsim");
        BoardStateFile.save(fx.board, f);
        SimulatedBoard loaded = SimulatedBoards.load(f);
        assertThatThrownBy(() -> SimulatedProbe.connect(loaded)).isInstanceOf(DebugPortLockedException.class);
    }

    @Test
    void aFailedSaveLeavesTheExistingFileIntactAndNoTemporaryFiles() throws Exception {
        Path f = dir.resolve("board.fbsim");
        BoardStateFile.save(SimulatedBoards.createFactoryFresh(), f);
        byte[] original = Files.readAllBytes(f);
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write("FLASHBANK SIMULATED BOARD STATE\npart: half-written".getBytes(StandardCharsets.US_ASCII));
            throw new IOException("disk full (simulated)");
        })).isInstanceOf(IOException.class).hasMessageContaining("disk full");
        assertThat(Files.readAllBytes(f)).isEqualTo(original);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("board.fbsim");
        }
        assertThat(BoardStateFile.read(f).partName()).isEqualTo("STM32F767ZI");
    }

    @Test
    void aSaveIntoAnImpossiblePlaceIsATypedErrorNamingTheFile() throws Exception {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        Path f = notADir.resolve("board.fbsim");
        assertThatThrownBy(() -> BoardStateFile.save(SimulatedBoards.createFactoryFresh(), f))
                .isInstanceOf(BoardStateException.class).hasMessageContaining(f.toString())
                .extracting(e -> ((BoardStateException) e).reason()).isEqualTo(Reason.IO);
    }

    private Path saved() throws Exception {
        Path f = dir.resolve("board.fbsim");
        BoardStateFile.save(SimulatedBoards.create("STM32F722ZE"), f);
        return f;
    }

    private static void replaceInHeader(Path f, String from, String to) throws IOException {
        byte[] all = Files.readAllBytes(f);
        String text = new String(all, StandardCharsets.ISO_8859_1);
        Files.write(f, text.replaceFirst(from, to).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void assertReason(Path f, Reason reason) {
        assertThatThrownBy(() -> BoardStateFile.load(f, SimulatedBoards.FAMILY)).isInstanceOf(BoardStateException.class)
                .hasMessageContaining(f.getFileName().toString())
                .extracting(e -> ((BoardStateException) e).reason()).isEqualTo(reason);
    }

    @Test
    void wrongMagicIsRefused() throws Exception {
        Path f = dir.resolve("random.bin");
        byte[] junk = new byte[4096];
        new java.util.Random(1).nextBytes(junk);
        Files.write(f, junk);
        assertReason(f, Reason.BAD_MAGIC);
        Files.writeString(f, "hello\n");
        assertReason(f, Reason.BAD_MAGIC);
    }

    @Test
    void unsupportedVersionIsRefused() throws Exception {
        Path f = saved();
        replaceInHeader(f, "format-version: 1", "format-version: 99");
        assertReason(f, Reason.UNSUPPORTED_VERSION);
    }

    @Test
    void truncatedFileIsASizeMismatch() throws Exception {
        Path f = saved();
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 100));
        assertReason(f, Reason.SIZE_MISMATCH);
    }

    @Test
    void damagedContentIsCorrupt() throws Exception {
        Path f = saved();
        byte[] all = Files.readAllBytes(f);
        all[all.length - 2000] ^= 0x01;
        Files.write(f, all);
        assertReason(f, Reason.CORRUPT);
    }

    @Test
    void unknownPartIsRefused() throws Exception {
        Path f = saved();
        replaceInHeader(f, "part: STM32F722ZE", "part: STM32F999ZE");
        assertReason(f, Reason.UNKNOWN_PART);
    }

    @Test
    void sectionsThatDoNotFitThePartAreASizeMismatch() throws Exception {
        Path f = saved();
        replaceInHeader(f, "part: STM32F722ZE", "part: STM32F722ZC"); // C = 256 KiB, the file holds 512 KiB
        assertReason(f, Reason.SIZE_MISMATCH);
        Path g = saved();
        replaceInHeader(g, "flash-size-kib: 512", "flash-size-kib: 256");
        assertReason(g, Reason.SIZE_MISMATCH);
    }

    @Test
    void aHeaderEditedWithCrlfLineEndsStillLoads() throws Exception {
        Path f = saved();
        replaceInHeader(f, "voltage-mv: 3300\n", "voltage-mv: 3000\r\n");
        replaceInHeader(f, "binary-follows\n", "binary-follows\r\n");
        assertThat(BoardStateFile.load(f, SimulatedBoards.FAMILY).voltageMillivolts()).isEqualTo(3000);
    }

    @Test
    void malformedHeaderAndMissingFileAreTypedToo() throws Exception {
        Path f = saved();
        replaceInHeader(f, "boot0: 0", "boot0: maybe");
        assertReason(f, Reason.BAD_HEADER);
        assertReason(dir.resolve("missing.fbsim"), Reason.IO);
    }
}
