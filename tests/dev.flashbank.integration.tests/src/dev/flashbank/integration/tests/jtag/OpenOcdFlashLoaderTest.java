package dev.flashbank.integration.tests.jtag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.WireProtocol;

/**
 * Issue 19: stock OpenOCD 0.12 with its DEFAULT {@code target/stm32f7x.cfg} - work area enabled (0x2000_0000, 128 KiB),
 * no event overridden - programs a factory-fresh simulated F767 through its RAM flash algorithm: the stm32f2x driver
 * loads {@code contrib/loaders/flash/stm32/stm32f2x.S} into the work area and {@code target_run_flash_async_algorithm}
 * streams the image through a FIFO (write and read pointers in RAM) that the board's core drains, programming the
 * flash itself and ending on BKPT. Over each transport the simulator serves: the emulated ST-Link on the stlink-server
 * protocol in DAP-direct mode and in HLA mode, and remote_bitbang JTAG.
 * <p>
 * Checked from three sides: OpenOCD's log has no fallback and no working-area warning (the strings its no-work-area
 * path prints); the debugger itself wrote nothing into the flash window, only the loader and the FIFO into RAM (a
 * counter in front of the board's debug bus), and the core executed; the flash cells hold the image, and OpenOCD's
 * {@code verify_image} (its checksum algorithm, also run in the work area) agrees.
 * <p>
 * The boards age at wall-clock pace (scale 1, as {@code flashbank sim serve} by default): the core executes through
 * every served nanosecond, so a faster board costs CPU in proportion; OpenOCD's erase polls (1 ms sleeps) see the
 * modelled erase time pass in wall time. remote_bitbang moves about a kilobyte per second: its image is small and its
 * sector erased by {@code flash erase_sector} first ({@code write_image erase} pads to the 32 KiB sector end and would
 * stream the padding too).
 */
class OpenOcdFlashLoaderTest {

    static final double WALL_CLOCK_PACE = 1;
    static final long FLASH = 0x0800_0000L;
    /** The AXIM flash window and its ITCM alias (RM0410 §2.2.2): a debugger write there would be the slow path. */
    static final long[][] FLASH_WINDOWS = { { FLASH, 0x0820_0000L }, { 0x0020_0000L, 0x0040_0000L } };
    /** The work area of the stock script. */
    static final long WORK_AREA = 0x2000_0000L;
    static final long WORK_AREA_SIZE = 0x2_0000L;

    /** What OpenOCD 0.12 logs when it cannot run a RAM algorithm (stm32f2x.c, armv7m.c, target.c). */
    static final List<String> NO_LOADER_WARNINGS = List.of("falling back", "working area", "work area",
            "can't do block memory writes", "algorithm");

    record Case(ServedAdapter adapter, int imageBytes) {
        @Override
        public String toString() {
            return adapter.name().toLowerCase(Locale.ROOT) + ", " + imageBytes / 1024 + " KiB";
        }
    }

    static Stream<Case> cases() {
        return Stream.of(new Case(ServedAdapter.STLINK_DAP_DIRECT, 64 * 1024),
                new Case(ServedAdapter.STLINK_HLA, 32 * 1024), new Case(ServedAdapter.REMOTE_BITBANG, 2 * 1024));
    }

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stockScriptProgramsThroughItsRamFlashAlgorithm(Case c) throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        byte[] image = new byte[c.imageBytes()];
        new Random(19).nextBytes(image);
        Path img = tmp.resolve("image.bin");
        Files.write(img, image);
        CountingBus bus = new CountingBus(board.debugBus());

        List<String> serverLog = Collections.synchronizedList(new ArrayList<>());
        List<AutoCloseable> peers = new ArrayList<>();
        String log;
        long cyclesBefore = board.cpu().cycles();
        try {
            List<String> adapter = c.adapter().serve(board, bus, WALL_CLOCK_PACE, serverLog::add, peers);
            OpenOcd ocd = OpenOcd.start(adapter, List.of(), false, OpenOcd.Target.STM32F7);
            peers.add(0, ocd);
            ocd.ok("reset halt");
            ocd.ok("flash probe 0"); // its output is not the write's (capture returns the log lines a command caused)
            bus.reset();
            String write;
            if (c.adapter() == ServedAdapter.REMOTE_BITBANG) {
                ocd.ok("flash erase_sector 0 0 0");
                write = ocd.ok(String.format("flash write_image %s 0x%08X bin", img, FLASH));
            } else {
                write = ocd.ok(String.format("flash write_image erase %s 0x%08X bin", img, FLASH));
            }
            String verify = ocd.ok(String.format("verify_image %s 0x%08X bin", img, FLASH));
            assertThat(write).contains("wrote " + image.length + " bytes");
            assertThat(verify).contains("verified " + image.length + " bytes");
            log = ocd.log();
        } finally {
            for (AutoCloseable p : peers) {
                p.close();
            }
        }

        // the algorithm path: the debugger wrote the loader and the FIFO into RAM, never the flash; the core ran
        assertThat(bus.flashWrites()).as("debugger writes into the flash window (the no-work-area path)").isZero();
        assertThat(bus.workAreaBytes()).as("bytes the debugger wrote into the work area").isGreaterThan(image.length);
        assertThat(board.cpu().cycles() - cyclesBefore).as("core cycles").isPositive();
        assertThat(board.readCells(1, 0, image.length)).as("flash cells").isEqualTo(image);

        List<String> warnings = log.lines().filter(l -> l.startsWith("Warn")).toList();
        assertThat(warnings).noneMatch(w -> NO_LOADER_WARNINGS.stream()
                .anyMatch(s -> w.toLowerCase(Locale.ROOT).contains(s)));
        List<String> errors = log.lines().filter(l -> l.startsWith("Error")).toList();
        assertThat(errors).as(log).allMatch(e -> e.contains(ServedAdapter.LOCKUP_ON_BLANK_PART)
                || c.adapter().expectedError(e));
        assertThat(serverLog).noneMatch(l -> l.contains("violation") || l.contains("error"));
        System.out.printf("OpenOcdFlashLoaderTest [%s]: %d bytes into the work area, 0 into flash, %d core cycles, "
                + "warnings %s%n", c, bus.workAreaBytes(), board.cpu().cycles() - cyclesBefore,
                warnings.stream().map(String::strip).distinct().toList());
    }

    /** The board's debug bus with the debugger's writes counted: into the flash windows, into the work area. */
    static final class CountingBus implements DebugBus {
        private final DebugBus board;
        private final AtomicLong flashWrites = new AtomicLong();
        private final AtomicLong workAreaBytes = new AtomicLong();

        CountingBus(DebugBus board) {
            this.board = board;
        }

        void reset() {
            flashWrites.set(0);
            workAreaBytes.set(0);
        }

        long flashWrites() {
            return flashWrites.get();
        }

        long workAreaBytes() {
            return workAreaBytes.get();
        }

        @Override
        public BusResult read(long address, AccessWidth width) {
            return board.read(address, width);
        }

        @Override
        public BusResult write(long address, AccessWidth width, long value) {
            for (long[] w : FLASH_WINDOWS) {
                if (address >= w[0] && address < w[1]) {
                    flashWrites.incrementAndGet();
                }
            }
            if (address >= WORK_AREA && address < WORK_AREA + WORK_AREA_SIZE) {
                workAreaBytes.addAndGet(width.bytes());
            }
            return board.write(address, width, value);
        }

        @Override
        public BusResult readDpIdcode(WireProtocol protocol) {
            return board.readDpIdcode(protocol);
        }

        @Override
        public BusResult readBoundaryScanIdcode() {
            return board.readBoundaryScanIdcode();
        }

        @Override
        public void setNrst(boolean asserted) {
            board.setNrst(asserted);
        }

        @Override
        public boolean isNrstAsserted() {
            return board.isNrstAsserted();
        }

        @Override
        public void elapse(Duration time) {
            board.elapse(time);
        }

        @Override
        public long nanoTime() {
            return board.nanoTime();
        }

        @Override
        public int targetVoltageMillivolts() {
            return board.targetVoltageMillivolts();
        }
    }
}
