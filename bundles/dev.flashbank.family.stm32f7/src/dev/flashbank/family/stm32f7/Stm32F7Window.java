package dev.flashbank.family.stm32f7;

import dev.flashbank.core.device.FlashWindow;

/**
 * The two CPU/debug address windows through which STM32F7 flash is visible (RM0410 §2.2.2, embedded flash memory):
 * the AXIM bus at 0x0800_0000 (FLASHAXI_BASE) and the ITCM bus at 0x0020_0000 (FLASHITCM_BASE). Same content, same
 * offsets; images are linked for and programmed through AXIM ({@link Stm32F7Geometry} lists AXIM first).
 */
public enum Stm32F7Window implements FlashWindow {
    AXIM(0x0800_0000L),
    ITCM(0x0020_0000L);

    private final long base;

    Stm32F7Window(long base) {
        this.base = base;
    }

    @Override
    public long base() {
        return base;
    }
}
