package dev.flashbank.family.stm32f7;

import dev.flashbank.core.device.Parallelism;

/**
 * Supply-voltage ranges and the program/erase parallelism (FLASH_CR.PSIZE) each allows (RM0410 §3.3, table
 * "Program/erase parallelism"; HAL stm32f7xx_hal_flash_ex.h FLASH_VOLTAGE_RANGE_1..4). Using a wider parallelism than
 * the supply allows is out of specification; x64 also needs an external VPP. Boundary voltages are assigned to the
 * LOWER range (safer).
 */
public enum VoltageRange {
    /** 1.8-2.1 V: x8. */
    RANGE_1(1800, 2100, Parallelism.X8),
    /** 2.1-2.7 V: x16. */
    RANGE_2(2100, 2700, Parallelism.X16),
    /** 2.7-3.6 V: x32. */
    RANGE_3(2700, 3600, Parallelism.X32),
    /** 2.7-3.6 V with external VPP: x64. */
    RANGE_4_VPP(2700, 3600, Parallelism.X64);

    private final int minMillivolts;
    private final int maxMillivolts;
    private final Parallelism parallelism;

    VoltageRange(int minMillivolts, int maxMillivolts, Parallelism parallelism) {
        this.minMillivolts = minMillivolts;
        this.maxMillivolts = maxMillivolts;
        this.parallelism = parallelism;
    }

    public int minMillivolts() {
        return minMillivolts;
    }

    public int maxMillivolts() {
        return maxMillivolts;
    }

    /** The widest parallelism allowed in this range. */
    public Parallelism parallelism() {
        return parallelism;
    }

    /**
     * The range for a measured supply. An unknown voltage ({@code millivolts < 0}, e.g. a probe that cannot measure)
     * or one below 1.8 V gives RANGE_1 (x8): DebugTarget#targetVoltageMillivolts says to assume the lowest range.
     */
    public static VoltageRange forSupply(int millivolts, boolean externalVpp) {
        if (millivolts <= RANGE_1.maxMillivolts) {
            return RANGE_1;
        }
        if (millivolts <= RANGE_2.maxMillivolts) {
            return RANGE_2;
        }
        return externalVpp ? RANGE_4_VPP : RANGE_3;
    }
}
