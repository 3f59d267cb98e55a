package dev.flashbank.core.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.stm32f7.BootAddress;
import dev.flashbank.core.device.stm32f7.OptionBytes;
import dev.flashbank.core.device.stm32f7.Stm32F7OptionFields;
import dev.flashbank.core.device.stm32f7.Stm32F7OptionFields.BorLevel;
import dev.flashbank.core.device.stm32f7.Stm32F7Parameters;
import dev.flashbank.core.device.stm32f7.Stm32F7Registers;
import dev.flashbank.core.family.OptionImage;

/**
 * "Copy as CLI command": the {@code flashbank ob set} command line that makes the same change, e.g.
 * {@code flashbank ob set --target sim:STM32F767ZI@board.fbboard BOR_LEV=LEVEL_2 BOOT_ADD1=0x08100000}. Values are written the way
 * users think of them: BOOT_ADDx as the ADDRESS (never the >> 14 option value, stm32-facts §9), BOR_LEV by level
 * name, RDP by level name (a byte other than 0xAA/0x55/0xCC as itself, with {@code --raw}), one-bit options as 0/1
 * under their reference-manual names (nWRP5=0 protects what nWRP bit 5 covers). A change that erases flash carries
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

    /** The assignments (NAME=value) for every field that differs, in the model's field order. */
    public static List<String> assignments(OptionBytes from, OptionBytes to, int flashSizeKiB) {
        List<String> out = new ArrayList<>();
        for (OptionField f : to.fields(flashSizeKiB, Stm32F7Parameters.defaults())) {
            int a = from.get(f);
            int b = to.get(f);
            if (a != b) {
                out.add(f.name() + "=" + value(f, b));
            }
        }
        return out;
    }

    /** The whole command; {@code targetArgument} from {@link #boardArgument} or {@link #probeArgument}. */
    public static String render(String targetArgument, String partName, OptionBytes from, OptionBytes to,
            int flashSizeKiB) {
        StringBuilder b = new StringBuilder("flashbank ob set ").append(targetArgument);
        String flags = Confirmation.cliFlags(Confirmation.required(from.diff(to, flashSizeKiB,
                Stm32F7Parameters.defaults())), quote(partName));
        if (!flags.isEmpty()) {
            b.append(' ').append(flags);
        }
        List<String> assignments = assignments(from, to, flashSizeKiB);
        if (assignments.stream().anyMatch(a -> a.startsWith(Stm32F7Registers.RDP + "=0x"))) {
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
     * guessed. Later assignments see the bank mode set by earlier ones (sector names of nWRP, boot addresses).
     *
     * @param raw allow raw encodings outside the named values (CLI {@code --raw})
     * @throws InvalidOptionValueException naming the assignment and what is accepted
     */
    public static OptionBytes apply(OptionBytes ob, int flashSizeKiB, Stm32F7Parameters p, List<String> assignments,
            boolean raw) {
        return (OptionBytes) apply(ob, o -> ((OptionBytes) o).fields(flashSizeKiB, p), assignments, raw);
    }

    /**
     * {@link #apply(OptionBytes, int, Stm32F7Parameters, List, boolean)} for a part of any family: the fields are the
     * descriptor's for the variant in the bank mode of the options as assigned so far.
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

    static String value(OptionField f, int v) {
        String name = f.name();
        if (name.equals(Stm32F7Registers.BOOT_ADD0) || name.equals(Stm32F7Registers.BOOT_ADD1)) {
            return String.format("0x%08X", BootAddress.toAddress(v));
        }
        if (name.equals(Stm32F7Registers.BOR_LEV)) {
            return BorLevel.of(v).name();
        }
        if (name.equals(Stm32F7Registers.RDP)) {
            return switch (v) {
                case Stm32F7OptionFields.RDP_LEVEL0 -> "level0";
                case Stm32F7OptionFields.RDP_LEVEL1_HAL -> "level1";
                case Stm32F7OptionFields.RDP_LEVEL2 -> "level2";
                default -> String.format("0x%02X", v);
            };
        }
        if (f.bits().width() == 1) {
            return Integer.toString(v);
        }
        return "0x" + Integer.toHexString(v).toUpperCase(Locale.ROOT);
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:@+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
