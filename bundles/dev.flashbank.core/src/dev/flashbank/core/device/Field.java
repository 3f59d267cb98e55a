package dev.flashbank.core.device;

import java.util.Objects;

/**
 * A bit field of a 32-bit register: {@code width} bits starting at bit {@code lsb}. Names follow the reference
 * manual / CMSIS header (SNB, PSIZE, nDBANK ...), so a reader of the RM recognises them.
 */
public record Field(String name, int lsb, int width, Access access, String description) {

    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(access, "access");
        description = description == null ? "" : description;
        if (lsb < 0 || width < 1 || lsb + width > 32) {
            throw new IllegalArgumentException("field " + name + ": bits " + lsb + "+" + width + " outside 0..31");
        }
    }

    public static Field bit(String name, int bit, Access access, String description) {
        return new Field(name, bit, 1, access, description);
    }

    /** Index of the most significant bit. */
    public int msb() {
        return lsb + width - 1;
    }

    /** Mask of the field in register position, e.g. SNB on F76x = 0x0000_00F8. */
    public int mask() {
        return (int) (((1L << width) - 1) << lsb);
    }

    /** Largest value the field can hold. */
    public long maxValue() {
        return (1L << width) - 1;
    }

    /** The field's value (right-aligned) from a register value. */
    public int extract(int registerValue) {
        return (int) (((registerValue & 0xFFFF_FFFFL) & (mask() & 0xFFFF_FFFFL)) >>> lsb);
    }

    /** True when a 1-bit field is set in {@code registerValue}. */
    public boolean isSet(int registerValue) {
        return extract(registerValue) != 0;
    }

    /** {@code registerValue} with this field replaced by {@code value}; refuses values that do not fit. */
    public int insert(int registerValue, int value) {
        if ((value & 0xFFFF_FFFFL) > maxValue()) {
            throw new IllegalArgumentException(String.format("value 0x%X does not fit field %s (%d bits)", value, name, width));
        }
        return (registerValue & ~mask()) | (value << lsb);
    }

    /** The field's value shifted into register position (no other bits). */
    public int encode(int value) {
        return insert(0, value);
    }
}
