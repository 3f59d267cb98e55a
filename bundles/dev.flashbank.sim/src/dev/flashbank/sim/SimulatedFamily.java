package dev.flashbank.sim;

/**
 * How a device family plugs its simulated silicon into the simulator: it says which order codes it simulates, makes
 * factory-fresh boards and rebuilds boards from a state file's {@link BoardSnapshot}. One instance per family, listed
 * once in {@code dev.flashbank.families.InstalledFamilies#simulated()} (the STM32F7 family, which lives in this bundle,
 * is {@link Stm32F7SimulatedFamily}).
 */
public interface SimulatedFamily {

    /** Stable name recorded in board state files ({@code family: stm32f7}); lower case, no blanks. */
    String id();

    /** True when this family simulates the part {@code orderCode} (upper case, as {@link SimulatedFamilies} passes it). */
    boolean simulates(String orderCode);

    /** A powered-on board of {@code orderCode} as it leaves the factory (or with the options {@code options} gives). */
    BenchBoard create(String orderCode, BoardOptions options) throws BoardConfigurationException;

    /**
     * A board with the non-volatile state {@code state} (part, cells, option area, pins, identity) after a power-on
     * reset; sizes that do not fit the part are a {@link BoardConfigurationException#sizeMismatch()}.
     */
    BenchBoard restore(BoardSnapshot state, BoardOptions options) throws BoardConfigurationException;
}
