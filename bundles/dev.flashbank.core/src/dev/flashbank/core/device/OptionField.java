package dev.flashbank.core.device;

import java.util.Objects;
import java.util.function.IntFunction;

/**
 * One user option as stored in an option register: which register (OPTCR, OPTCR1, OPTCR2), which bits, its
 * polarity, a reference-manual style explanation (for tooltips), a function that renders every possible value
 * as human text and the strict syntax in which users write a value ({@link #parse}).
 */
public record OptionField(String name, String register, Field bits, Polarity polarity, String explanation,
        IntFunction<String> valueText, ValueSyntax syntax) {

    public OptionField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(register, "register");
        Objects.requireNonNull(bits, "bits");
        Objects.requireNonNull(polarity, "polarity");
        Objects.requireNonNull(valueText, "valueText");
        Objects.requireNonNull(syntax, "syntax");
        explanation = explanation == null ? "" : explanation;
    }

    /** A field written as 0/1 (one bit) or as a plain number (wider fields). */
    public OptionField(String name, String register, Field bits, Polarity polarity, String explanation,
            IntFunction<String> valueText) {
        this(name, register, bits, polarity, explanation, valueText,
                bits.width() == 1 ? ValueSyntax.bit() : ValueSyntax.number());
    }

    /**
     * The raw value for what a user wrote, strictly ({@link ValueSyntax}); {@code raw} allows encodings outside the
     * named values (CLI {@code --raw}).
     *
     * @throws InvalidOptionValueException saying what is accepted
     */
    public int parse(String text, boolean raw) {
        if (text == null || text.isBlank()) {
            throw new InvalidOptionValueException(name, "no value given");
        }
        return syntax.parse(this, text, raw);
    }

    /** Human text for a raw value of this option, e.g. RDP 0xFF -> "level 1: debugger access to flash blocked". */
    public String describe(int value) {
        if ((value & 0xFFFF_FFFFL) > bits.maxValue()) {
            throw new IllegalArgumentException(name + ": value 0x" + Integer.toHexString(value) + " does not fit");
        }
        return valueText.apply(value);
    }

    /**
     * What a value text ({@link #describe}) says without the value in front: "0 = sector 3 write-protected" ->
     * "sector 3 write-protected"; a text without " = " as it is.
     */
    public static String meaning(String valueText) {
        int i = valueText.indexOf(" = ");
        return i < 0 ? valueText : valueText.substring(i + 3);
    }

    /**
     * The address {@code value} selects when this field is written as an address ({@link ValueSyntax#address}), e.g.
     * a BOOT_ADDx holding address >> 14: 0x2040 -> 0x0810_0000; empty for every other field.
     */
    public java.util.OptionalLong address(int value) {
        return syntax instanceof ValueSyntax.Address a ? java.util.OptionalLong.of(a.toAddress().applyAsLong(value))
                : java.util.OptionalLong.empty();
    }

    public int extract(int registerValue) {
        return bits.extract(registerValue);
    }

    public int insert(int registerValue, int value) {
        return bits.insert(registerValue, value);
    }
}
