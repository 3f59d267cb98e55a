package dev.flashbank.sim;

import java.util.Optional;

/**
 * How a device family plugs its simulated silicon into the simulator: it says which order codes it simulates, makes
 * factory-fresh boards and rebuilds boards from a state file's {@link BoardSnapshot}. One instance per family, listed
 * once in {@code dev.flashbank.families.InstalledFamilies#simulated()}; each lives in its family's bundle.
 */
public interface SimulatedFamily {

    /** Stable name recorded in board state files (their {@code family:} line); lower case, no blanks. */
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

    /**
     * The part of the board a user gets who names none ({@code sim:} without a part, the IDE's first board, the demo),
     * when this family offers such a board: {@link #createDefault} builds it.
     */
    default Optional<String> defaultPart() {
        return Optional.empty();
    }

    /**
     * The default board of {@link #defaultPart()}, set up so that the first command a newcomer runs can do the main
     * job (an A/B update); identity and simulator settings from {@code options}. Families without a default board
     * refuse.
     */
    default BenchBoard createDefault(BoardOptions options) throws BoardConfigurationException {
        throw new BoardConfigurationException("the " + id() + " simulator offers no default board", false);
    }

    /**
     * The sample firmware that runs on the default board and that {@code flashbank demo} updates it with, when this
     * family ships one.
     */
    default Optional<SampleFirmware> samples() {
        return Optional.empty();
    }

    /**
     * The supply voltages this family's flash programming tells apart (F7: the voltage ranges that set the program
     * parallelism, RM0410 §3.3), for a new board's supply; empty when the family's programming does not depend on
     * the supply (the board then keeps {@link BoardOptions#DEFAULT_VOLTAGE_MV}).
     */
    default Optional<SupplyRange> supplyRange() {
        return Optional.empty();
    }

    /** Supply voltages from {@code minMillivolts} to {@code maxMillivolts}, inclusive. */
    record SupplyRange(int minMillivolts, int maxMillivolts) {
        public boolean contains(int millivolts) {
            return millivolts >= minMillivolts && millivolts <= maxMillivolts;
        }
    }
}
