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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.family.stm32h7.sim.Stm32H7Board;
import dev.flashbank.family.stm32h7.sim.Stm32H7DebugPort;
import dev.flashbank.family.stm32h7.sim.Stm32H7SimulatedFamily;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.DebugTopology;
import dev.flashbank.sim.bus.WireProtocol;
import dev.flashbank.sim.jtag.JtagTiming;
import dev.flashbank.sim.jtag.RemoteBitbangServer;

/**
 * Issue 19, the H7 board executes: stock OpenOCD 0.12 with its DEFAULT {@code target/stm32h7x.cfg} - work area
 * enabled (0x2000_0000, 64 KiB of DTCM), no event overridden, no {@code WORKAREASIZE} - programs a factory-fresh
 * simulated STM32H743ZI over remote_bitbang JTAG through its RAM flash loader: the stm32h7x driver loads
 * {@code contrib/loaders/flash/stm32/stm32h7x.S} into the work area and {@code target_run_flash_async_algorithm}
 * streams the image through a FIFO that the board's Cortex-M7 drains, writing 256-bit flash words itself and ending
 * on BKPT.
 * <p>
 * Checked from three sides: OpenOCD's log has no fallback and no working-area warning; the debugger wrote nothing into
 * the flash window, only the loader and the FIFO into the work area (a counter in front of the board's debug bus, which
 * keeps the H7's debug topology: AP0 on the system bus, AP2 on the debug APB), and the core executed; the cells of
 * physical bank 1 hold the image byte for byte, and OpenOCD's {@code verify_image} (its checksum algorithm, also run in
 * the work area) agrees. The board ages at wall-clock pace, as {@code flashbank sim serve} by default; the image is
 * small because remote_bitbang moves about a kilobyte per second (about 10-20 s in all).
 */
class OpenOcdH7FlashLoaderTest {

    static final long FLASH = 0x0800_0000L;
    /** Both flash window slots of a 2 MiB H743 (RM0433 §2.3.2). */
    static final long FLASH_END = 0x0820_0000L;
    /** The work area of the stock script: DTCM, WORKAREASIZE 0x10000. */
    static final long WORK_AREA = 0x2000_0000L, WORK_AREA_SIZE = 0x1_0000L;
    /** The stock script with its defaults: bank 1 only, the default work area. */
    static final OpenOcd.Target STOCK_H7 = new OpenOcd.Target("target/stm32h7x.cfg", List.of(), "stm32h7x.cpu0");

    @TempDir
    Path tmp;

    @Test
    void stockScriptProgramsThroughItsRamFlashAlgorithm() throws Exception {
        Stm32H7Board board = Stm32H7SimulatedFamily.INSTANCE.create("STM32H743ZI", BoardOptions.defaults());
        byte[] image = new byte[2 * 1024];
        new Random(19).nextBytes(image);
        Path img = tmp.resolve("image.bin");
        Files.write(img, image);
        CountingBus bus = new CountingBus(board.debugBus());

        List<String> serverLog = Collections.synchronizedList(new ArrayList<>());
        String log;
        long cyclesBefore = board.cpu().cycles();
        try (RemoteBitbangServer server = RemoteBitbangServer.start(board, bus, 0, JtagTiming.accelerated(1),
                serverLog::add);
                OpenOcd ocd = OpenOcd.start(List.of("adapter driver remote_bitbang", "remote_bitbang host 127.0.0.1",
                        "remote_bitbang port " + server.port(), "transport select jtag"), List.of(), false, STOCK_H7)) {
            ocd.ok("reset halt");
            ocd.ok("flash probe 0");
            ocd.ok("flash erase_sector 0 0 0");
            bus.reset();
            String write = ocd.ok(String.format("flash write_image %s 0x%08X bin", img, FLASH));
            String verify = ocd.ok(String.format("verify_image %s 0x%08X bin", img, FLASH));
            assertThat(write).contains("wrote " + image.length + " bytes");
            assertThat(verify).contains("verified " + image.length + " bytes");
            log = ocd.log();
        }

        assertThat(bus.flashWrites()).as("debugger writes into the flash window (the no-work-area path)").isZero();
        assertThat(bus.workAreaBytes()).as("bytes the debugger wrote into the work area").isGreaterThan(image.length);
        assertThat(board.cpu().cycles() - cyclesBefore).as("core cycles").isPositive();
        assertThat(board.readCells(1, 0, image.length)).as("flash cells of physical bank 1").isEqualTo(image);

        List<String> warnings = log.lines().filter(l -> l.startsWith("Warn")).toList();
        assertThat(warnings).as(log).noneMatch(w -> OpenOcdFlashLoaderTest.NO_LOADER_WARNINGS.stream()
                .anyMatch(s -> w.toLowerCase(Locale.ROOT).contains(s)));
        List<String> errors = log.lines().filter(l -> l.startsWith("Error")).toList();
        assertThat(errors).as(log).allMatch(e -> e.contains(ServedAdapter.LOCKUP_ON_BLANK_PART)
                || ServedAdapter.REMOTE_BITBANG.expectedError(e));
        assertThat(serverLog).noneMatch(l -> l.contains("violation") || l.contains("error"));
        System.out.printf("OpenOcdH7FlashLoaderTest: %d bytes into the work area, 0 into flash, %d core cycles, "
                + "warnings %s%n", bus.workAreaBytes(), board.cpu().cycles() - cyclesBefore,
                warnings.stream().map(String::strip).distinct().toList());
    }

    /** The H7 board's debug bus with the debugger's writes counted, its debug topology built over this bus. */
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
            if (address >= FLASH && address < FLASH_END) {
                flashWrites.incrementAndGet();
            }
            if (address >= WORK_AREA && address < WORK_AREA + WORK_AREA_SIZE) {
                workAreaBytes.addAndGet(width.bytes());
            }
            return board.write(address, width, value);
        }

        @Override
        public DebugTopology debugTopology() {
            return Stm32H7DebugPort.topology(this);
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
