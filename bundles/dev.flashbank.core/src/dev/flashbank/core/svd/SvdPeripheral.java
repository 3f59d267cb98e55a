package dev.flashbank.core.svd;

import java.util.List;
import java.util.Optional;

/**
 * A peripheral of an SVD device. For a peripheral with {@code derivedFrom}, the registers are those of the base
 * peripheral (unless it lists its own) and {@link #derivedFrom()} names the base.
 */
public record SvdPeripheral(String name, long baseAddress, String derivedFrom, String description,
        List<SvdRegister> registers) {

    public SvdPeripheral {
        registers = List.copyOf(registers);
    }

    public Optional<SvdRegister> register(String registerName) {
        return registers.stream().filter(r -> r.name().equals(registerName)).findFirst();
    }

    public Optional<SvdRegister> registerAtOffset(long offset) {
        return registers.stream().filter(r -> r.addressOffset() == offset).findFirst();
    }
}
