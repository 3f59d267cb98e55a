package dev.flashbank.integration.tests.jtag;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.integration.tests.jtag.FlashLoaderRun.Part;
import dev.flashbank.integration.tests.jtag.FlashLoaderRun.Window;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.PoweredBoard;

/**
 * Issue 19 on the page-flash family: stock OpenOCD 0.12 with its DEFAULT {@code target/stm32g4x.cfg} - work area
 * enabled, no event overridden - programs a factory-fresh simulated STM32G474RE through its RAM flash algorithm over
 * remote_bitbang: the stm32l4x driver loads {@code contrib/loaders/flash/stm32/stm32l4x.c} into the work area and
 * streams the image through a FIFO in RAM that the board's Cortex-M4 drains, programming the double words itself.
 * Checked as {@link FlashLoaderRun} says; its counting bus keeps the G474's debug topology (the Cortex-M4 AHB-AP's
 * 4 KiB TAR auto-increment block, as OpenOCD assumes it: with the default Cortex-M7 topology's 1 KiB wrap OpenOCD's
 * block writes across a 1 KiB boundary would land back at the block's start - over the loader). The image is 2 KiB
 * (remote_bitbang moves about a kilobyte per second).
 */
class OpenOcdPageFlashLoaderTest {

    /**
     * The stock script; the flash from 0x0800_0000 (the G474's 512 KiB, RM0440 §3.3.1, and 1.5 MiB above it that no
     * loader writes either); the script's work area: SRAM at 0x2000_0000, WORKAREASIZE 0x4000.
     */
    static final Part STOCK_G474 = new Part(new OpenOcd.Target("target/stm32g4x.cfg", List.of(), "stm32g4x.cpu"),
            List.of(new Window(0x0800_0000L, 0x0820_0000L)), new Window(0x2000_0000L, 0x2000_4000L));

    @TempDir
    Path tmp;

    @Test
    void stockStm32g4xScriptProgramsTheG474ThroughItsRamFlashAlgorithm() throws Exception {
        PoweredBoard board = (PoweredBoard) InstalledFamilies.simulated().create("STM32G474RE", BoardOptions.defaults());
        FlashLoaderRun.programsThroughTheRamAlgorithm(board, STOCK_G474, ServedAdapter.REMOTE_BITBANG, 2 * 1024, tmp);
    }
}
