package dev.flashbank.family.stm32f7.sim;

import java.util.Locale;
import java.util.Optional;

import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.PartNumber;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7Registers;
import dev.flashbank.family.stm32f7.VoltageRange;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.LegacyFlashRegisters;
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

    /**
     * FLASH_KEYR/CR/SR with LOCK, PG, PSIZE and BSY, as OpenOCD's stm32f2x driver and st-flash drive them. Taken from
     * the F76x/F77x register model: the FLASH interface has the same addresses and bits on every F7 line (RM0410,
     * RM0431, RM0385: FLASH register map).
     */
    @Override
    public Optional<LegacyFlashRegisters> legacyToolRegisters() {
        Stm32F7Registers regs = Stm32F7Registers.of(Stm32F7Line.F76X_F77X);
        Register cr = regs.cr();
        return Optional.of(new LegacyFlashRegisters(regs.keyr().address(), Stm32F7Registers.KEYR_KEYS.key1(),
                Stm32F7Registers.KEYR_KEYS.key2(), cr.address(), cr.field(Stm32F7Registers.LOCK).mask(),
                cr.field(Stm32F7Registers.PG).mask(), cr.field(Stm32F7Registers.PSIZE).encode(Parallelism.X16.psize()),
                cr.field(Stm32F7Registers.PSIZE).encode(Parallelism.X32.psize()), regs.sr().address(),
                regs.sr().field(Stm32F7Registers.BSY).mask()));
    }

    @Override
    public String toString() {
        return ID;
    }
}
