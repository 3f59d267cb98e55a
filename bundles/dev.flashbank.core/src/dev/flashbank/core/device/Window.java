package dev.flashbank.core.device;

/**
 * The two CPU/debug address windows through which STM32F7 flash is visible (stm32-facts §1.2): the AXIM bus at
 * 0x0800_0000 (FLASHAXI_BASE) and the ITCM bus at 0x0020_0000 (FLASHITCM_BASE). Same content, same offsets.
 */
public enum Window {
    AXIM(0x0800_0000L),
    ITCM(0x0020_0000L);

    private final long base;

    Window(long base) {
        this.base = base;
    }

    public long base() {
        return base;
    }
}
