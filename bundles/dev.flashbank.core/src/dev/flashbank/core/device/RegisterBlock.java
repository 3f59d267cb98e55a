package dev.flashbank.core.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A peripheral's register block: name (FLASH, SYSCFG, DBGMCU ...), base address and its registers. */
public record RegisterBlock(String name, long base, List<Register> registers) {

    public RegisterBlock {
        Objects.requireNonNull(name, "name");
        registers = List.copyOf(registers);
    }

    public Optional<Register> findRegister(String registerName) {
        return registers.stream().filter(r -> r.name().equals(registerName)).findFirst();
    }

    public boolean hasRegister(String registerName) {
        return findRegister(registerName).isPresent();
    }

    public Register register(String registerName) {
        return findRegister(registerName).orElseThrow(
                () -> new UnknownModelElementException("peripheral " + name + " has no register " + registerName));
    }

    public Optional<Register> registerAt(long address) {
        return registers.stream().filter(r -> r.address() == address).findFirst();
    }

    /** Builder that computes absolute addresses from the block base. */
    public static Builder builder(String name, long base) {
        return new Builder(name, base);
    }

    public static final class Builder {
        private final String name;
        private final long base;
        private final List<Register> registers = new ArrayList<>();

        private Builder(String name, long base) {
            this.name = name;
            this.base = base;
        }

        public Builder register(String regName, long offset, int resetValue, Access access, String description,
                String resetNote, List<Field> fields) {
            registers.add(new Register(regName, base + offset, offset, resetValue, access, fields, description, resetNote));
            return this;
        }

        public RegisterBlock build() {
            return new RegisterBlock(name, base, registers);
        }
    }
}
