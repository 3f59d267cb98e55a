package dev.flashbank.integration.tests.jtag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.sim.PoweredBoard;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.ForwardingDebugBus;

/**
 * Issue 19's run of stock OpenOCD 0.12 with a DEFAULT target script (work area enabled, no event overridden) that
 * programs a factory-fresh simulated board through its RAM flash algorithm, and the checks every family's loader test
 * makes of it (F7 {@link OpenOcdFlashLoaderTest}, H7 {@link OpenOcdH7FlashLoaderTest}, G474
 * {@link OpenOcdPageFlashLoaderTest}): OpenOCD's log has no fallback and no working-area warning (the strings its
 * no-work-area path prints); the debugger itself wrote nothing into the flash windows, only the loader and the FIFO into
 * the work area ({@link CountingBus} in front of the board's debug bus), and the core executed; the cells of physical
 * bank 1 hold the image, and OpenOCD's {@code verify_image} (its checksum algorithm, also run in the work area) agrees.
 * <p>
 * The board ages at wall-clock pace ({@link #WALL_CLOCK_PACE}, as {@code flashbank sim serve} by default): the core
 * executes through every served nanosecond, and OpenOCD's erase polls (1 ms sleeps) see the modelled erase time pass
 * in wall time. remote_bitbang moves about a kilobyte per second: over it the first sector or page is erased by
 * {@code flash erase_sector} first ({@code write_image erase} pads to the sector's end and would stream the padding
 * too); the other transports use {@code flash write_image erase}.
 */
final class FlashLoaderRun {

    static final double WALL_CLOCK_PACE = 1;

    /** What OpenOCD 0.12 logs when it cannot run a RAM algorithm (stm32f2x.c, armv7m.c, target.c). */
    static final List<String> NO_LOADER_WARNINGS = List.of("falling back", "working area", "work area",
            "can't do block memory writes", "algorithm");

    private FlashLoaderRun() {
    }

    /** The addresses {@code [start, end)}. */
    record Window(long start, long end) {
        boolean contains(long address) {
            return address >= start && address < end;
        }
    }

    /**
     * A part as the run sees it: its stock target script, the flash windows the debugger must not write into (the
     * first one's start is where the image goes: bank 1's first sector or page), and the script's work area.
     */
    record Part(OpenOcd.Target target, List<Window> flashWindows, Window workArea) {
        long imageAddress() {
            return flashWindows.get(0).start();
        }
    }

    /**
     * Programs {@code imageBytes} of random data into {@code board} (factory-fresh) with {@code part}'s stock script
     * over {@code adapter}, and checks that it went through the RAM flash algorithm (the class comment's checks).
     */
    static void programsThroughTheRamAlgorithm(PoweredBoard board, Part part, ServedAdapter adapter, int imageBytes,
            Path tmp) throws Exception {
        byte[] image = new byte[imageBytes];
        new Random(19).nextBytes(image);
        Path img = tmp.resolve("image.bin");
        Files.write(img, image);
        CountingBus bus = new CountingBus(board.debugBus(), part);

        List<String> serverLog = Collections.synchronizedList(new ArrayList<>());
        List<AutoCloseable> peers = new ArrayList<>();
        String log;
        long cyclesBefore = board.cpu().cycles();
        try {
            List<String> adapterCommands = adapter.serve(board, bus, WALL_CLOCK_PACE, serverLog::add, peers);
            OpenOcd ocd = OpenOcd.start(adapterCommands, List.of(), false, part.target());
            peers.add(0, ocd);
            ocd.ok("reset halt");
            ocd.ok("flash probe 0"); // its output is not the write's (capture returns the log lines a command caused)
            bus.reset();
            String write;
            if (adapter == ServedAdapter.REMOTE_BITBANG) {
                ocd.ok("flash erase_sector 0 0 0");
                write = ocd.ok(String.format("flash write_image %s 0x%08X bin", img, part.imageAddress()));
            } else {
                write = ocd.ok(String.format("flash write_image erase %s 0x%08X bin", img, part.imageAddress()));
            }
            String verify = ocd.ok(String.format("verify_image %s 0x%08X bin", img, part.imageAddress()));
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
        assertThat(board.readCells(1, 0, image.length)).as("flash cells of physical bank 1").isEqualTo(image);

        List<String> warnings = log.lines().filter(l -> l.startsWith("Warn")).toList();
        assertThat(warnings).as(log).noneMatch(w -> NO_LOADER_WARNINGS.stream()
                .anyMatch(s -> w.toLowerCase(Locale.ROOT).contains(s)));
        List<String> errors = log.lines().filter(l -> l.startsWith("Error")).toList();
        assertThat(errors).as(log).allMatch(e -> e.contains(ServedAdapter.LOCKUP_ON_BLANK_PART)
                || adapter.expectedError(e));
        assertThat(serverLog).noneMatch(l -> l.contains("violation") || l.contains("error"));
        System.out.printf("FlashLoaderRun [%s, %s, %d KiB]: %d bytes into the work area, 0 into flash, %d core cycles, "
                + "warnings %s%n", part.target().script(), adapter.name().toLowerCase(Locale.ROOT), imageBytes / 1024,
                bus.workAreaBytes(), board.cpu().cycles() - cyclesBefore,
                warnings.stream().map(String::strip).distinct().toList());
    }

    /**
     * The board's debug bus with the debugger's writes counted (into the part's flash windows, into its work area),
     * with the board's own debug topology over it ({@link ForwardingDebugBus}: every access port's access is counted,
     * and a Cortex-M4 part keeps its 4 KiB TAR auto-increment block, which OpenOCD's block writes of the loader rely
     * on).
     */
    static final class CountingBus extends ForwardingDebugBus {
        private final Part part;
        private final AtomicLong flashWrites = new AtomicLong();
        private final AtomicLong workAreaBytes = new AtomicLong();

        CountingBus(DebugBus board, Part part) {
            super(board);
            this.part = part;
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
        public BusResult write(long address, AccessWidth width, long value) {
            if (part.flashWindows().stream().anyMatch(w -> w.contains(address))) {
                flashWrites.incrementAndGet();
            }
            if (part.workArea().contains(address)) {
                workAreaBytes.addAndGet(width.bytes());
            }
            return super.write(address, width, value);
        }
    }
}
