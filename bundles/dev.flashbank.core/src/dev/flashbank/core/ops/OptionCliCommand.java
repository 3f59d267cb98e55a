package dev.flashbank.core.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.RiskClass;
import dev.flashbank.core.device.stm32f7.BootAddress;
import dev.flashbank.core.device.stm32f7.OptionBytes;
import dev.flashbank.core.device.stm32f7.Stm32F7OptionDiff;
import dev.flashbank.core.device.stm32f7.Stm32F7OptionFields.BorLevel;
import dev.flashbank.core.device.stm32f7.Stm32F7Parameters;
import dev.flashbank.core.device.stm32f7.Stm32F7Registers;

/**
 * "Copy as CLI command": the {@code flashbank ob set} command line that makes the same change, e.g.
 * {@code flashbank ob set --target sim:STM32F767ZI@board.fbboard BOR_LEV=LEVEL_2 BOOT_ADD1=0x08100000}. Values are written the way
 * users think of them: BOOT_ADDx as the ADDRESS (never the >> 14 option value, stm32-facts §9), BOR_LEV by level
 * name, RDP as its byte, one-bit options as 0/1 under their reference-manual names (nWRP5=0 protects what nWRP bit 5
 * covers). An IRREVERSIBLE change carries {@code --confirm <part>} so that the command is as explicit as the dialog.
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
        if (Stm32F7OptionDiff.overallRisk(from.diff(to, flashSizeKiB, Stm32F7Parameters.defaults())) == RiskClass.IRREVERSIBLE) {
            b.append(" --confirm ").append(quote(partName));
        }
        for (String a : assignments(from, to, flashSizeKiB)) {
            b.append(' ').append(a);
        }
        return b.toString();
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
            return String.format("0x%02X", v);
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
