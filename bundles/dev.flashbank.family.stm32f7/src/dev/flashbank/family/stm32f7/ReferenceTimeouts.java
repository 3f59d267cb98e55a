package dev.flashbank.family.stm32f7;

/**
 * Timeouts other tools use for F2/F4/F7 flash operations (OpenOCD src/flash/nor/stm32f2x.c; HAL
 * stm32f7xx_hal_flash_ex.c), as reference points for drivers that derive their own operation-scaled budgets from
 * {@link dev.flashbank.core.device.FlashTimings} maxima.
 */
public final class ReferenceTimeouts {

    /** OpenOCD stm32f2x: sector erase ("Erase time can be as high as 1000ms, 10x this"). */
    public static final long OPENOCD_SECTOR_ERASE_MS = 10_000;
    /** OpenOCD stm32f2x: programming one unit. */
    public static final long OPENOCD_PROGRAM_UNIT_MS = 5;
    /** OpenOCD stm32f2x: mass erase and option write (an option write may include an RDP-regression mass erase). */
    public static final long OPENOCD_MASS_ERASE_MS = 33_000;
    /** HAL F7 FLASH_TIMEOUT_VALUE. */
    public static final long HAL_FLASH_TIMEOUT_MS = 50_000;

    private ReferenceTimeouts() {
    }
}
