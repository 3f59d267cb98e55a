package dev.flashbank.core.device;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How a user writes the value of one {@link OptionField} ({@code ob set NAME=VALUE}, a typed editor field): the ONE
 * parser of option values, strict so that no text means something the user did not write. A one-bit option takes
 * 0 or 1; an enumerated option its names or its exact bit encoding (0b01), never a bare number that could be read two
 * ways (BOR_LEV=1 would be code 0b01 = LEVEL_2); a raw encoding outside the named values only when the caller asked
 * for raw values ({@code --raw}). Every refusal is an {@link InvalidOptionValueException} that says what is accepted.
 */
@FunctionalInterface
public interface ValueSyntax {

    /**
     * The raw field value for {@code text}.
     *
     * @param raw the user asked for raw encodings (CLI {@code --raw}): values outside the named ones are allowed
     */
    int parse(OptionField field, String text, boolean raw);

    /**
     * How a user writes {@code value} in this syntax where the syntax knows a spelling that {@link #parse} reads back
     * (a value's name, an address); empty for plain numbers and bits, which are written as numbers.
     */
    default java.util.Optional<String> format(OptionField field, int value) {
        return java.util.Optional.empty();
    }

    /** Unsigned number of the field's width: 0x-hex or decimal, underscores allowed (wide fields without names). */
    static ValueSyntax number() {
        return (f, text, raw) -> {
            long v = number(f.name(), text);
            if (v > f.bits().maxValue()) {
                throw new InvalidOptionValueException(f.name(), "is " + f.bits().width() + " bit(s) wide: " + text.strip()
                        + " does not fit");
            }
            return (int) v;
        };
    }

    /** One bit: exactly 0 or 1. */
    static ValueSyntax bit() {
        return (f, text, raw) -> switch (text.strip()) {
            case "0" -> 0;
            case "1" -> 1;
            default -> throw new InvalidOptionValueException(f.name(), "is one bit: write 0 or 1, not '" + text.strip()
                    + "'");
        };
    }

    /**
     * Named values (matched ignoring case) or the exact encoding in binary with all the field's digits
     * ({@code 0b01} for a 2-bit field). A bare decimal or hex number is refused: it is ambiguous.
     *
     * @param names value name -> encoding, in the order they are listed in messages
     */
    static ValueSyntax enumerated(Map<String, Integer> names) {
        return new Enumerated(Map.copyOf(names), names.keySet().stream().toList(), (f, text, raw) -> {
            String t = text.strip();
            for (Map.Entry<String, Integer> e : names.entrySet()) {
                if (e.getKey().equalsIgnoreCase(t)) {
                    return e.getValue();
                }
            }
            int width = f.bits().width();
            if (t.matches("0[bB][01]{" + width + "}")) {
                return Integer.parseInt(t.substring(2), 2);
            }
            String listed = names.entrySet().stream()
                    .map(e -> e.getKey() + " (" + binary(e.getValue(), width) + ")").collect(Collectors.joining(", "));
            String hint = "";
            if (t.matches("[0-9]+|0[xX][0-9a-fA-F]+")) {
                long v = number(f.name(), t);
                hint = names.entrySet().stream().filter(e -> e.getValue() == v).map(Map.Entry::getKey).findFirst()
                        .map(n -> " ('" + t + "' is ambiguous: as the encoding " + binary((int) v, width) + " it would mean "
                                + n + "; write the name or the exact encoding)")
                        .orElse(" ('" + t + "' is ambiguous; write the name or the exact encoding)");
            }
            throw new InvalidOptionValueException(f.name(), "takes one of " + listed + hint);
        });
    }

    /** The syntax of a field with named values ({@link #enumerated}); {@code order} lists the names as given. */
    record Enumerated(Map<String, Integer> names, List<String> order, ValueSyntax parser) implements ValueSyntax {
        @Override
        public int parse(OptionField field, String text, boolean raw) {
            return parser.parse(field, text, raw);
        }

        /** The first name of {@code value}. */
        @Override
        public java.util.Optional<String> format(OptionField field, int value) {
            return order.stream().filter(n -> names.get(n) == value).findFirst();
        }
    }

    /**
     * A field whose value stands for an ADDRESS and that users write as that address (BOOT_ADDx: the option holds
     * the address shifted right by a number of bits the family defines): {@code parser} reads the address text into the option
     * value, {@code toAddress} gives the address a value selects. Tools show such a field as its address and what
     * lives there ({@link OptionField#address}, {@link OptionField#describe}), never as the encoded value - typing the
     * encoded value for the address is the classic mistake.
     */
    static ValueSyntax address(ValueSyntax parser, java.util.function.IntToLongFunction toAddress) {
        return new Address(parser, toAddress);
    }

    /** The syntax of a field written as an address ({@link #address}). */
    record Address(ValueSyntax parser, java.util.function.IntToLongFunction toAddress) implements ValueSyntax {
        @Override
        public int parse(OptionField field, String text, boolean raw) {
            return parser.parse(field, text, raw);
        }

        /** The address, as 0x and eight hex digits. */
        @Override
        public java.util.Optional<String> format(OptionField field, int value) {
            return java.util.Optional.of(String.format("0x%08X", toAddress.applyAsLong(value)));
        }
    }

    /** {@code value} as "0b" and {@code width} binary digits. */
    static String binary(int value, int width) {
        String s = Integer.toBinaryString(value);
        return "0b" + "0".repeat(Math.max(0, width - s.length())) + s;
    }

    /** An unsigned 0x-hex or decimal number (underscores allowed) or an exception naming {@code what}. */
    static long number(String what, String text) {
        String t = text.strip().replace("_", "").toLowerCase(Locale.ROOT);
        try {
            long v = t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
            if (v < 0 || t.isEmpty() || t.startsWith("+")) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidOptionValueException(what, "'" + text.strip() + "' is not a number (write 0x08100000 or 42)");
        }
    }

    /** The names of a list of constants joined for messages: "a, b or c". */
    static String either(List<String> names) {
        return names.size() < 2 ? String.join("", names)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
