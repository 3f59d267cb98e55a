package dev.flashbank.integration.tests.jtag;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.integration.tests.jtag.FlashLoaderRun.Part;
import dev.flashbank.integration.tests.jtag.FlashLoaderRun.Window;

/**
 * Issue 19: stock OpenOCD 0.12 with its DEFAULT {@code target/stm32f7x.cfg} - work area enabled (0x2000_0000, 128 KiB),
 * no event overridden - programs a factory-fresh simulated F767 through its RAM flash algorithm: the stm32f2x driver
 * loads {@code contrib/loaders/flash/stm32/stm32f2x.S} into the work area and {@code target_run_flash_async_algorithm}
 * streams the image through a FIFO (write and read pointers in RAM) that the board's core drains, programming the
 * flash itself and ending on BKPT. Over each transport the simulator serves: the emulated ST-Link on the stlink-server
 * protocol in DAP-direct mode and in HLA mode, and remote_bitbang JTAG (a small image: about a kilobyte per second).
 * Checked as {@link FlashLoaderRun} says.
 */
class OpenOcdFlashLoaderTest {

    /**
     * The AXIM flash window and its ITCM alias (RM0410 §2.2.2: a debugger write there would be the slow path); the
     * work area of the stock script.
     */
    static final Part F767 = new Part(OpenOcd.Target.STM32F7,
            List.of(new Window(0x0800_0000L, 0x0820_0000L), new Window(0x0020_0000L, 0x0040_0000L)),
            new Window(0x2000_0000L, 0x2002_0000L));

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
        FlashLoaderRun.programsThroughTheRamAlgorithm(SimulatedBoards.createFactoryFresh(), F767, c.adapter(),
                c.imageBytes(), tmp);
    }
}
