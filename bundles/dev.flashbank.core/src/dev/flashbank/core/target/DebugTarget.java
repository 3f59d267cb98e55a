package dev.flashbank.core.target;

/**
 * One connected target as a transport provides it: memory access plus core control plus what the probe can
 * measure. Implemented by the simulated probe, the ST-Link and the GDB remote client.
 */
public interface DebugTarget extends AutoCloseable {

    MemoryAccess memory();

    CoreControl core();

    /** {@link #targetVoltageMillivolts()} of a transport that cannot measure the supply (a gdbserver). */
    int VOLTAGE_UNKNOWN = -1;

    /**
     * Target supply voltage in millivolts as measured by the probe, or {@link #VOLTAGE_UNKNOWN} when the transport
     * cannot measure it (then a flash driver whose program parallelism depends on the supply uses the one chosen
     * explicitly or the one valid at any supply).
     */
    int targetVoltageMillivolts() throws TargetException;

    /** Short human description of the transport ("simulated &lt;order code&gt;", "ST-LINK/V3 0038FF..."). */
    String describe();

    /**
     * True when the flash stalls the bus while BSY so that a block write with PG held programs a whole stream
     * (RM0090 note); false when each unit must be written and BSY polled.
     */
    default boolean supportsStreamingFlashWrites() {
        return true;
    }

    @Override
    void close() throws TargetException;
}
