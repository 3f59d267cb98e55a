package dev.flashbank.family.stm32f7.sim;

import java.util.Locale;
import java.util.Optional;

import dev.flashbank.core.device.PartNumber;
import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.VoltageRange;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.SampleFirmware;
import dev.flashbank.sim.SimulatedFamily;

/** The STM32F7 family's simulated silicon: {@link SimulatedBoard}, built by {@link SimulatedBoards}. */
public final class Stm32F7SimulatedFamily implements SimulatedFamily {

    /** The id F7 state files record. */
    public static final String ID = "stm32f7";

    public static final Stm32F7SimulatedFamily INSTANCE = new Stm32F7SimulatedFamily();

    private Stm32F7SimulatedFamily() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean simulates(String orderCode) {
        String n = orderCode.trim().toUpperCase(Locale.ROOT);
        if (PartNumber.parse(n).isEmpty()) {
            return false;
        }
        try {
            return SimulatedBoards.LINES.byPartNumber(n).descriptor() instanceof Stm32F7Descriptor;
        } catch (UnknownDeviceException e) {
            return false;
        }
    }

    @Override
    public SimulatedBoard create(String orderCode, BoardOptions options) throws BoardConfigurationException {
        return SimulatedBoards.create(orderCode, options);
    }

    @Override
    public SimulatedBoard restore(BoardSnapshot state, BoardOptions options) throws BoardConfigurationException {
        return SimulatedBoards.restore(state, options);
    }

    /** {@value SimulatedBoards#DEFAULT_PART}: the board users get when they do not choose one. */
    @Override
    public Optional<String> defaultPart() {
        return Optional.of(SimulatedBoards.DEFAULT_PART);
    }

    /** {@link SimulatedBoards#createDefault(BoardOptions)}: dual bank, the sample firmware in physical bank 1. */
    @Override
    public SimulatedBoard createDefault(BoardOptions options) {
        return SimulatedBoards.createDefault(options);
    }

    /** From the lowest to the highest voltage range of the program parallelism ({@link VoltageRange}). */
    @Override
    public Optional<SupplyRange> supplyRange() {
        return Optional.of(new SupplyRange(java.util.Arrays.stream(VoltageRange.values())
                .mapToInt(VoltageRange::minMillivolts).min().orElseThrow(), java.util.Arrays.stream(
                        VoltageRange.values()).mapToInt(VoltageRange::maxMillivolts).max().orElseThrow()));
    }

    @Override
    public Optional<SampleFirmware> samples() {
        return Optional.of(SampleImages.FIRMWARE);
    }

    @Override
    public String toString() {
        return ID;
    }
}
