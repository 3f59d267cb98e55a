package dev.flashbank.integration.tests.jtag;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.family.stm32h7.sim.Stm32H7SimulatedFamily;
import dev.flashbank.integration.tests.jtag.FlashLoaderRun.Part;
import dev.flashbank.integration.tests.jtag.FlashLoaderRun.Window;
import dev.flashbank.sim.BoardOptions;

/**
 * Issue 19, the H7 board executes: stock OpenOCD 0.12 with its DEFAULT {@code target/stm32h7x.cfg} - work area
 * enabled (0x2000_0000, 64 KiB of DTCM), no event overridden, no {@code WORKAREASIZE} - programs a factory-fresh
 * simulated STM32H743ZI over remote_bitbang JTAG through its RAM flash loader: the stm32h7x driver loads
 * {@code contrib/loaders/flash/stm32/stm32h7x.S} into the work area and {@code target_run_flash_async_algorithm}
 * streams the image through a FIFO that the board's Cortex-M7 drains, writing 256-bit flash words itself and ending
 * on BKPT. Checked as {@link FlashLoaderRun} says; its counting bus keeps the H7's debug topology (AP0 on the system
 * bus, AP2 on the debug APB). The image is small because remote_bitbang moves about a kilobyte per second (about
 * 10-20 s in all).
 */
class OpenOcdH7FlashLoaderTest {

    /**
     * The stock script with its defaults (bank 1 only); both flash window slots of a 2 MiB H743 (RM0433 §2.3.2); the
     * script's work area: DTCM, WORKAREASIZE 0x10000.
     */
    static final Part STOCK_H743 = new Part(new OpenOcd.Target("target/stm32h7x.cfg", List.of(), "stm32h7x.cpu0"),
            List.of(new Window(0x0800_0000L, 0x0820_0000L)), new Window(0x2000_0000L, 0x2001_0000L));

    @TempDir
    Path tmp;

    @Test
    void stockScriptProgramsThroughItsRamFlashAlgorithm() throws Exception {
        FlashLoaderRun.programsThroughTheRamAlgorithm(
                Stm32H7SimulatedFamily.INSTANCE.create("STM32H743ZI", BoardOptions.defaults()), STOCK_H743,
                ServedAdapter.REMOTE_BITBANG, 2 * 1024, tmp);
    }
}
