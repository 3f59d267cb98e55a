package dev.flashbank.sim.bus;

import dev.flashbank.core.target.AccessWidth;

/**
 * What one MEM-AP of a debug port reaches (ADIv5.2 C2): single reads and writes on one bus - the system bus behind a
 * Cortex-M's AHB-AP, or a debug APB with CoreSight components behind an APB-AP. One access = one {@link BusResult};
 * nothing throws.
 */
public interface MemoryPort {

    /** One read of {@code width} at {@code address}; the value is zero-extended in {@link BusResult.Ok}. */
    BusResult read(long address, AccessWidth width);

    /** One write of {@code width} (the low bytes of {@code value}) at {@code address}. */
    BusResult write(long address, AccessWidth width, long value);
}
