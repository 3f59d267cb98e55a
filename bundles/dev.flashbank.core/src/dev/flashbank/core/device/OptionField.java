package dev.flashbank.core.device;

import java.util.Objects;
import java.util.function.IntFunction;

/**
 * One user option as stored in an option register: which register (OPTCR, OPTCR1, OPTCR2), which bits, its
 * polarity, a reference-manual style explanation (for tooltips) and a function that renders every possible value
 * as human text.
 */
public record OptionField(String name, String register, Field bits, Polarity polarity, String explanation,
        IntFunction<String> valueText) {

    public OptionField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(register, "register");
        Objects.requireNonNull(bits, "bits");
        Objects.requireNonNull(polarity, "polarity");
        Objects.requireNonNull(valueText, "valueText");
        explanation = explanation == null ? "" : explanation;
    }

    /** Human text for a raw value of this option, e.g. RDP 0xFF -> "level 1: debugger access to flash blocked". */
    public String describe(int value) {
        if ((value & 0xFFFF_FFFFL) > bits.maxValue()) {
            throw new IllegalArgumentException(name + ": value 0x" + Integer.toHexString(value) + " does not fit");
        }
        return valueText.apply(value);
    }

    public int extract(int registerValue) {
        return bits.extract(registerValue);
    }

    public int insert(int registerValue, int value) {
        return bits.insert(registerValue, value);
    }
}
