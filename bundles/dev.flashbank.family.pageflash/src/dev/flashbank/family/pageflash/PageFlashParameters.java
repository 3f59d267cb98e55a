package dev.flashbank.family.pageflash;

import java.util.List;

import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.ParameterStatus;

/**
 * The named assumptions of the page-flash model (the driver's and the tools' side; the simulator's own are
 * {@code sim.PageFlashSimParameters}): facts no reference-manual sentence was read for, each with its default, its
 * status and where the default comes from, so that reports say which assumptions an answer depends on and tests can
 * flip them.
 *
 * @param eraseSelectsPhysicalBank FLASH_CR.BKER and MER1/MER2 select the PHYSICAL bank whatever FB_MODE / nSWAP_BANK
 *        maps where (ST's HAL computes PCROP bank bases that way; hardware reports on L4, G4, G0); false = the L5-like
 *        "erase follows the mapping"
 * @param g0Bank2PnbFromZero G0B1: a bank-2 page is erased with BKER = 1 and PNB = page within the bank (ST's HAL and
 *        examples), not PNB = 256 + page (Zephyr, Black Magic); one user reports both work
 * @param bootloaderSetsFbMode L4/G4 BFB2 boot: the ROM bootloader sets SYSCFG_MEMRMP.FB_MODE = 1 before jumping to
 *        bank 2 (derived from ST's DualBoot examples, not read in AN2606)
 * @param debugSeesSwap debug (AHB-AP) accesses see the FB_MODE / nSWAP_BANK mapping exactly like the CPU
 * @param g4GapReadable G4 category 3 256/128 KiB parts in dual-bank mode: the gap below 0x0804_0000 can be read
 *        (false: tools treat it as no flash; a user erased and programmed it on a G473xB)
 * @param bootLockBlocksSwapChange a set BOOT_LOCK makes the part refuse BFB2 / nSWAP_BANK changes (NuttX refuses swaps
 *        under BOOT_LOCK; the hardware effect was not read)
 * @param regressionErasesCcmSram G4: an RDP level 1 -> 0 regression erases the CCM SRAM as L4 erases SRAM2
 */
public record PageFlashParameters(boolean eraseSelectsPhysicalBank, boolean g0Bank2PnbFromZero,
        boolean bootloaderSetsFbMode, boolean debugSeesSwap, boolean g4GapReadable, boolean bootLockBlocksSwapChange,
        boolean regressionErasesCcmSram) {

    private static final PageFlashParameters DEFAULTS = new PageFlashParameters(true, true, true, true, false, true,
            true);

    /** The defaults (most likely values). */
    public static PageFlashParameters defaults() {
        return DEFAULTS;
    }

    /** Every parameter with its value, status and source, for reports. */
    public List<ModelParameter<?>> asList() {
        return List.of(
                new ModelParameter<>("eraseSelectsPhysicalBank", eraseSelectsPhysicalBank, ParameterStatus.DERIVED,
                        "ST HAL PCROP bank base by FB_MODE / nSWAP_BANK; L4, G4, G0 hardware reports (no RM sentence)"),
                new ModelParameter<>("g0Bank2PnbFromZero", g0Bank2PnbFromZero, ParameterStatus.UNCONFIRMED,
                        "stm32g0xx_hal_flash_ex FLASH_PageErase; Zephyr/Black Magic write 256 + page"),
                new ModelParameter<>("bootloaderSetsFbMode", bootloaderSetsFbMode, ParameterStatus.UNCONFIRMED,
                        "ST DualBoot examples build both images for 0x0800_0000; AN2606 flow not read"),
                new ModelParameter<>("debugSeesSwap", debugSeesSwap, ParameterStatus.UNCONFIRMED,
                        "ST community: an ST-LINK read after a BFB2 boot showed the remapped contents"),
                new ModelParameter<>("g4GapReadable", g4GapReadable, ParameterStatus.UNCONFIRMED,
                        "RM0440 Table 7 leaves the gap out; one user reached it on a G473xB"),
                new ModelParameter<>("bootLockBlocksSwapChange", bootLockBlocksSwapChange, ParameterStatus.UNCONFIRMED,
                        "apache/nuttx PR #20060 refuses swaps under BOOT_LOCK"),
                new ModelParameter<>("regressionErasesCcmSram", regressionErasesCcmSram, ParameterStatus.UNCONFIRMED,
                        "RM0432 erases SRAM2 on L4+; the G4 CCM SRAM by analogy"));
    }
}
