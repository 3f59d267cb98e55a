package dev.flashbank.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.stm32f7.BootAddress;
import dev.flashbank.core.device.stm32f7.OptionBytes;
import dev.flashbank.core.device.stm32f7.Stm32F7Descriptor;
import dev.flashbank.core.device.stm32f7.Stm32F7OptionFields.BorLevel;
import dev.flashbank.core.device.stm32f7.Stm32F7Registers;
import dev.flashbank.core.ops.ConfirmationRequiredException;
import dev.flashbank.core.ops.OperationException;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.ops.OptionBytesWrite;
import dev.flashbank.core.ops.TerminalProgress;
import dev.flashbank.core.session.TargetIdentity;
import dev.flashbank.core.target.TargetException;

/**
 * Shared by {@code ob set}, {@code ob restore} and {@code rdp-regress}: parse NAME=VALUE assignments the way users think
 * of the values (BOOT_ADDx as an address, BOR_LEV by level name), show every change with its risk and consequence,
 * and write through {@link OptionBytesWrite} (backup first, exact part name for irreversible changes, verify).
 */
final class ObWrite {

    private ObWrite() {
    }

    /** The name a user must type to confirm an irreversible change: the order code for a board, else the device. */
    static String partName(TargetConnection c) throws CliException {
        return c.board() != null ? c.board().partName() : c.identity().device().name();
    }

    static OptionBytes apply(OptionBytes ob, List<OptionField> fields, int flashKiB, String assignment) throws CliException {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new CliException(ExitCodes.USAGE, "'" + assignment + "' is not NAME=VALUE (e.g. BOR_LEV=LEVEL_2, "
                    + "BOOT_ADD1=0x08100000, nWRP3=0)");
        }
        String name = assignment.substring(0, eq).strip();
        String value = assignment.substring(eq + 1).strip();
        OptionField f = fields.stream().filter(x -> x.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new CliException(ExitCodes.USAGE, "no option byte '" + name + "' on this part; known: "
                        + String.join(", ", fields.stream().map(OptionField::name).toList())));
        try {
            if (f.name().equals(Stm32F7Registers.BOOT_ADD0) || f.name().equals(Stm32F7Registers.BOOT_ADD1)) {
                long address = Numbers.parse(value, "boot address");
                try {
                    return f.name().equals(Stm32F7Registers.BOOT_ADD0) ? ob.withBootAddress0(address, flashKiB)
                            : ob.withBootAddress1(address, flashKiB);
                } catch (InvalidOptionValueException e) {
                    // the classic mistake (stm32-facts §9): the option's raw value (address >> 14) typed as the address
                    String hint = address <= 0xFFFF ? String.format(" — %s takes the ADDRESS: the option value 0x%04X "
                            + "would be the address 0x%08X", f.name(), address, BootAddress.toAddress((int) address)) : "";
                    throw new CliException(ExitCodes.USAGE, e.getMessage() + hint, e);
                }
            }
            if (f.name().equals(Stm32F7Registers.BOR_LEV) && !Character.isDigit(value.charAt(0))) {
                try {
                    return ob.withBorLevel(BorLevel.valueOf(value.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new CliException(ExitCodes.USAGE, "BOR_LEV is one of LEVEL_3, LEVEL_2, LEVEL_1, OFF");
                }
            }
            long v = Numbers.parse(value, f.name() + " value");
            long max = (1L << f.bits().width()) - 1;
            if (v > max) {
                throw new CliException(ExitCodes.USAGE, f.name() + " is " + f.bits().width() + " bit(s) wide: " + value
                        + " does not fit");
            }
            return ob.with(f, (int) v);
        } catch (InvalidOptionValueException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    /** Prints the changes, writes them (unless dry run), prints the result; returns the exit code. */
    static int write(OperationCommand cmd, TargetConnection c, OptionBytes requested, String confirm,
            Path backupDir, boolean dryRun) throws CliException {
        TargetIdentity id = c.identity();
        Stm32F7Descriptor d = (Stm32F7Descriptor) id.descriptor();
        List<OptionChange> changes = OptionBytesWrite.changes(id.options(), requested, id.flashSizeKiB(),
                d.stm32F7Parameters());
        var out = cmd.out();
        if (!cmd.json()) {
            if (changes.isEmpty()) {
                out.println("No change: the option bytes already have these values.");
            }
            for (OptionChange ch : changes) {
                out.printf("  %-10s %s -> %s  [%s] %s%n", ch.option(), ch.oldText(), ch.newText(), ch.risk(),
                        ch.consequence());
            }
        }
        if (dryRun) {
            if (cmd.json()) {
                Map<String, Object> o = Json.object();
                o.put("dryRun", true);
                o.put("changes", changes.stream().map(ObWrite::changeJson).toList());
                out.println(Json.render(o));
            } else {
                out.println("Dry run: nothing written.");
            }
            return ExitCodes.OK;
        }
        try {
            var driver = cmd.context(c).driver();
            TerminalProgress bar = cmd.progressBar();
            OptionBytesWrite.Result r;
            try {
                r = new OptionBytesWrite(driver, partName(c), requested, backupDir, confirm)
                        .run(bar != null ? bar : FlashProgress.NONE);
            } finally {
                if (bar != null) {
                    bar.done();
                }
            }
            if (cmd.json()) {
                Map<String, Object> o = Json.object();
                o.put("ok", true);
                o.put("written", r.written());
                o.put("changes", r.changes().stream().map(ObWrite::changeJson).toList());
                o.put("risk", r.risk());
                o.put("backup", r.backup().map(Path::toString));
                o.put("resetRequired", r.resetRequired());
                o.put("bankModeChanged", r.bankModeChanged());
                o.put("rdpRegression", r.rdpRegression());
                out.println(Json.render(o));
            } else {
                out.println(r.summary());
            }
            return ExitCodes.OK;
        } catch (ConfirmationRequiredException e) {
            throw new CliException(ExitCodes.REFUSED, e.getMessage() + "\n  Nothing was written. To go ahead, add: --confirm "
                    + partName(c), e);
        } catch (OperationException | TargetException e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage(), e);
        }
    }

    static Map<String, Object> changeJson(OptionChange ch) {
        Map<String, Object> m = Json.object();
        m.put("option", ch.option());
        m.put("from", ch.oldText());
        m.put("to", ch.newText());
        m.put("risk", ch.risk());
        m.put("consequence", ch.consequence());
        return m;
    }
}
