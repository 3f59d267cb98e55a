package dev.flashbank.core.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.family.OptionImage;

/**
 * "Copy as CLI command": the {@code flashbank ob set} command line that makes the same change, e.g.
 * {@code flashbank ob set --target sim:PART@board.fbboard BOR_LEV=LEVEL_2 BOOT_ADD1=0x08100000}, for a part of any
 * family. Values are written the way users think of them, in each field's own spelling
 * ({@link dev.flashbank.core.device.ValueSyntax#format}): a boot address as the ADDRESS (never the encoded option
 * value), named values by name (RDP levels, BOR levels; a byte only a raw value reaches as itself, with {@code --raw}),
 * one-bit options as 0/1 under their reference-manual names. A change that erases flash carries
 * {@code --erase-all-flash} and an IRREVERSIBLE one {@code --confirm <part>} ({@link Confirmation}), so that the command
 * is as explicit as the dialog. {@link #apply} is the inverse: it reads such assignments, strictly.
 */
public final class OptionCliCommand {

    private OptionCliCommand() {
    }

    /** The target argument for a simulated board kept in {@code stateFile} (the CLI's {@code sim:<part>@<file>}). */
    public static String boardArgument(String partName, java.nio.file.Path stateFile) {
        return "--target " + quote("sim:" + partName + "@" + stateFile);
    }

    /** A target argument for an ST-Link probe. */
    public static String probeArgument(String serial) {
        return "--probe " + quote(serial);
    }

    /**
     * The assignments (NAME=value) for every field of the part ({@code descriptor}'s fields for the variant in the
     * bank mode of {@code to}) that differs, in the model's field order.
     */
    public static List<String> assignments(DeviceDescriptor descriptor, int flashSizeKiB, OptionImage from,
            OptionImage to) {
        List<String> out = new ArrayList<>();
        for (OptionField f : descriptor.optionFields(flashSizeKiB, to.bankMode())) {
            int a = from.get(f);
            int b = to.get(f);
            if (a != b) {
                out.add(f.name() + "=" + value(f, b));
            }
        }
        return out;
    }

    /**
     * The option settings that put the part into {@code mode}, in its family's words: {@code now} as the flash is
     * ("nDBANK = 1"), {@code toSet} as {@code ob set} takes them ("nDBANK=0") and {@code shown} as the Option Bytes
     * editor shows them ("nDBANK = 0"). Empty when the line has no bank-mode option (its bank mode is fixed) or is
     * already in {@code mode}.
     */
    public record BankModeSetting(String now, String toSet, String shown) {

        /** What makes the connected part dual-bank (read from its options; empty when unreadable or fixed). */
        public static java.util.Optional<BankModeSetting> dualOf(dev.flashbank.core.family.FlashDriver driver) {
            try {
                return of(driver.descriptor(), driver.flashSizeKiB(), driver.readOptions(),
                        dev.flashbank.core.device.BankMode.DUAL);
            } catch (dev.flashbank.core.target.TargetException unreadable) {
                return java.util.Optional.empty(); // a refusal then names the mode without the option
            }
        }

        public static java.util.Optional<BankModeSetting> of(DeviceDescriptor descriptor, int flashSizeKiB,
                OptionImage options, dev.flashbank.core.device.BankMode mode) {
            OptionImage to;
            try {
                to = options.withBankMode(mode);
            } catch (dev.flashbank.core.device.InvalidOptionValueException fixedMode) {
                return java.util.Optional.empty();
            }
            List<String> now = new ArrayList<>();
            List<String> shown = new ArrayList<>();
            for (OptionField f : descriptor.optionFields(flashSizeKiB, to.bankMode())) {
                if (options.get(f) != to.get(f)) {
                    now.add(f.name() + " = " + value(f, options.get(f)));
                    shown.add(f.name() + " = " + value(f, to.get(f)));
                }
            }
            return now.isEmpty() ? java.util.Optional.empty()
                    : java.util.Optional.of(new BankModeSetting(String.join(", ", now),
                            String.join(" ", assignments(descriptor, flashSizeKiB, options, to)),
                            String.join(", ", shown)));
        }
    }

    /**
     * The whole command; {@code targetArgument} from {@link #boardArgument} or {@link #probeArgument}, {@code changes}
     * the part's diff from {@code from} to {@code to} (its risks decide the confirmation flags). A value that only a
     * raw encoding reaches (an RDP byte other than the levels) adds {@code --raw}.
     */
    public static String render(String targetArgument, String partName, DeviceDescriptor descriptor,
            int flashSizeKiB, OptionImage from, OptionImage to, List<OptionChange> changes) {
        StringBuilder b = new StringBuilder("flashbank ob set ").append(targetArgument);
        String flags = Confirmation.cliFlags(Confirmation.required(changes), quote(partName));
        if (!flags.isEmpty()) {
            b.append(' ').append(flags);
        }
        List<String> assignments = assignments(descriptor, flashSizeKiB, from, to);
        List<OptionField> fields = descriptor.optionFields(flashSizeKiB, to.bankMode());
        if (assignments.stream().anyMatch(a -> needsRaw(fields, a))) {
            b.append(" --raw");
        }
        for (String a : assignments) {
            b.append(' ').append(a);
        }
        return b.toString();
    }

    /**
     * Applies {@code NAME=VALUE} assignments to {@code ob}, strictly: the name must be an option of this part (any
     * case), each option at most once, each value in its field's syntax ({@link OptionField#parse}); nothing is
     * guessed. Later assignments see the bank mode set by earlier ones (sector names of nWRP, boot addresses): the
     * fields are the descriptor's for the variant in the bank mode of the options as assigned so far.
     *
     * @param raw allow raw encodings outside the named values (CLI {@code --raw})
     * @throws InvalidOptionValueException naming the assignment and what is accepted
     */
    public static OptionImage apply(OptionImage ob, DeviceDescriptor descriptor, int flashSizeKiB,
            List<String> assignments, boolean raw) {
        return apply(ob, o -> descriptor.optionFields(flashSizeKiB, o.bankMode()), assignments, raw);
    }

    private static OptionImage apply(OptionImage ob, java.util.function.Function<OptionImage, List<OptionField>> fieldsOf,
            List<String> assignments, boolean raw) {
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        OptionImage result = ob;
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new InvalidOptionValueException(assignment, "is not NAME=VALUE (e.g. BOR_LEV=LEVEL_2, "
                        + "BOOT_ADD1=0x08100000, nWRP3=0, RDP=level1)");
            }
            String name = assignment.substring(0, eq).strip();
            String value = assignment.substring(eq + 1);
            List<OptionField> fields = fieldsOf.apply(result);
            OptionField f = fields.stream().filter(x -> x.name().equalsIgnoreCase(name)).findFirst()
                    .orElseThrow(() -> new InvalidOptionValueException(name, "no such option byte on this part; known: "
                            + String.join(", ", fields.stream().map(OptionField::name).toList())));
            String first = seen.putIfAbsent(f.name(), assignment);
            if (first != null) {
                throw new InvalidOptionValueException(f.name(), "given twice ('" + first + "' and '" + assignment
                        + "'): set each option once");
            }
            result = result.with(f, f.parse(value, raw));
        }
        return result;
    }

    /**
     * {@code v} as users write it: the field's own spelling (a level name, an address, ...; {@link
     * dev.flashbank.core.device.ValueSyntax#format}), else one-bit options as 0/1 and wider ones in hex.
     */
    static String value(OptionField f, int v) {
        return f.syntax().format(f, v).orElseGet(() -> f.bits().width() == 1 ? Integer.toString(v)
                : "0x" + Integer.toHexString(v).toUpperCase(Locale.ROOT));
    }

    /** True when assignment {@code a} is read back only with raw values allowed. */
    private static boolean needsRaw(List<OptionField> fields, String a) {
        int eq = a.indexOf('=');
        OptionField f = fields.stream().filter(x -> x.name().equals(a.substring(0, eq))).findFirst().orElseThrow();
        try {
            f.parse(a.substring(eq + 1), false);
            return false;
        } catch (InvalidOptionValueException e) {
            return true;
        }
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:@+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
