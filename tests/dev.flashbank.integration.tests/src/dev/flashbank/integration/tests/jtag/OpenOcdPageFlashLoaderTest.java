package dev.flashbank.integration.tests.jtag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.families.InstalledFamilies;
import java.time.Duration;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.PoweredBoard;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.DebugTopology;
import dev.flashbank.sim.bus.WireProtocol;
import dev.flashbank.sim.jtag.JtagTiming;
import dev.flashbank.sim.jtag.RemoteBitbangServer;

/**
 * Issue 19 on the page-flash family: stock OpenOCD 0.12 with its DEFAULT {@code target/stm32g4x.cfg} - work area
 * enabled, no event overridden - programs a factory-fresh simulated STM32G474RE through its RAM flash algorithm over
 * remote_bitbang: the stm32l4x driver loads {@code contrib/loaders/flash/stm32/stm32l4x.c} into the work area and
 * streams the image through a FIFO in RAM that the board's Cortex-M4 drains, programming the double words itself.
 * Checked as {@link OpenOcdFlashLoaderTest} checks the F7: no fallback or work-area warning in OpenOCD's log, the
 * debugger wrote nothing into the flash window (only the loader and the FIFO into RAM), the core executed, the cells
 * hold the image and OpenOCD's {@code verify_image} agrees. remote_bitbang moves about a kilobyte per second: the image
 * is 2 KiB, its page erased by {@code flash erase_sector} first.
 */
class OpenOcdPageFlashLoaderTest {

    static final long FLASH = 0x0800_0000L;

    @TempDir
    Path tmp;

    @Test
    void stockStm32g4xScriptProgramsTheG474ThroughItsRamFlashAlgorithm() throws Exception {
        BenchBoard board = InstalledFamilies.simulated().create("STM32G474RE", BoardOptions.defaults());
        PoweredBoard powered = (PoweredBoard) board;
        byte[] image = new byte[2048];
        new Random(19).nextBytes(image);
        Path img = tmp.resolve("image.bin");
        Files.write(img, image);
        OpenOcdFlashLoaderTest.CountingBus counting = new OpenOcdFlashLoaderTest.CountingBus(board.debugBus());
        DebugBus bus = withTopology(counting, board);
        List<String> serverLog = Collections.synchronizedList(new ArrayList<>());
        long cyclesBefore = powered.cpu().cycles();
        String log;
        try (RemoteBitbangServer server = RemoteBitbangServer.start(board, bus, 0,
                JtagTiming.accelerated(OpenOcdFlashLoaderTest.WALL_CLOCK_PACE), serverLog::add);
                OpenOcd ocd = OpenOcd.start(List.of("adapter driver remote_bitbang", "remote_bitbang host 127.0.0.1",
                        "remote_bitbang port " + server.port(), "transport select jtag"), List.of(), false,
                        new OpenOcd.Target("target/stm32g4x.cfg", List.of(), "stm32g4x.cpu"))) {
            ocd.ok("reset halt");
            ocd.ok("flash probe 0");
            ocd.ok("flash erase_sector 0 0 0");
            counting.reset();
            String write = ocd.ok(String.format("flash write_image %s 0x%08X bin", img, FLASH));
            String verify = ocd.ok(String.format("verify_image %s 0x%08X bin", img, FLASH));
            assertThat(write).contains("wrote " + image.length + " bytes");
            assertThat(verify).contains("verified " + image.length + " bytes");
            log = ocd.log();
        }

        assertThat(counting.flashWrites()).as("debugger writes into the flash window (the no-work-area path)").isZero();
        assertThat(counting.workAreaBytes()).as("bytes the debugger wrote into the work area").isGreaterThan(image.length);
        assertThat(powered.cpu().cycles() - cyclesBefore).as("core cycles").isPositive();
        assertThat(board.readCells(1, 0, image.length)).as("flash cells").isEqualTo(image);
        List<String> warnings = log.lines().filter(l -> l.startsWith("Warn")).toList();
        assertThat(warnings).noneMatch(w -> OpenOcdFlashLoaderTest.NO_LOADER_WARNINGS.stream()
                .anyMatch(s -> w.toLowerCase(Locale.ROOT).contains(s)));
        List<String> errors = log.lines().filter(l -> l.startsWith("Error")).toList();
        assertThat(errors).as(log).allMatch(e -> e.contains(ServedAdapter.LOCKUP_ON_BLANK_PART)
                || ServedAdapter.REMOTE_BITBANG.expectedError(e));
        assertThat(serverLog).noneMatch(l -> l.contains("violation") || l.contains("error"));
    }

    /**
     * {@code counting} with the board's own debug topology in front of it (the G474's Cortex-M4 AHB-AP with its 4 KiB
     * TAR auto-increment block, as OpenOCD assumes it), its access ports moved onto the counting bus so that every
     * access is counted: a wrapper without it would get the default Cortex-M7 topology, whose 1 KiB auto-increment
     * wrap puts OpenOCD's block writes across a 1 KiB boundary back at the block's start - over the loader.
     */
    static DebugBus withTopology(DebugBus counting, BenchBoard board) {
        DebugTopology own = board.debugBus().debugTopology();
        return new DebugBus() {
            @Override
            public BusResult read(long address, AccessWidth width) {
                return counting.read(address, width);
            }

            @Override
            public BusResult write(long address, AccessWidth width, long value) {
                return counting.write(address, width, value);
            }

            @Override
            public BusResult readDpIdcode(WireProtocol protocol) {
                return counting.readDpIdcode(protocol);
            }

            @Override
            public BusResult readBoundaryScanIdcode() {
                return counting.readBoundaryScanIdcode();
            }

            @Override
            public DebugTopology debugTopology() {
                return new DebugTopology(own.boundaryScanIrLength(), own.accessPorts().stream()
                        .map(ap -> new DebugTopology.AccessPort(ap.apsel(), ap.idr(), this, ap.subWordSizes(),
                                ap.romTable(), ap.autoIncrementBlock()))
                        .toList());
            }

            @Override
            public void setNrst(boolean asserted) {
                counting.setNrst(asserted);
            }

            @Override
            public boolean isNrstAsserted() {
                return counting.isNrstAsserted();
            }

            @Override
            public void elapse(Duration time) {
                counting.elapse(time);
            }

            @Override
            public long nanoTime() {
                return counting.nanoTime();
            }

            @Override
            public int targetVoltageMillivolts() {
                return counting.targetVoltageMillivolts();
            }
        };
    }
}
