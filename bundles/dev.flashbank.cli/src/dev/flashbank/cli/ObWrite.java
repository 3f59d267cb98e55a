package dev.flashbank.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.RiskClass;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.core.ops.ConfirmationRequiredException;
import dev.flashbank.core.ops.OptionCliCommand;
import dev.flashbank.core.ops.OperationException;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OptionBytesWrite;
import dev.flashbank.core.ops.TerminalProgress;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.core.target.TargetException;

/**
 * Shared by {@code ob set}, {@code ob restore} and {@code rdp-regress}: parse NAME=VALUE assignments strictly (the
 * core's {@link OptionCliCommand#apply}), show every change with its risk and consequence and the confirmation it
 * needs, and write through {@link OptionBytesWrite} (the one confirmation rule - {@code --erase-all-flash} for changes
 * that erase flash, {@code --confirm PART} for irreversible ones - backup first, verify after).
 */
final class ObWrite {

    private ObWrite() {
    }

    /** The name a user must type to confirm an irreversible change: the order code for a board, else the device. */
    static String partName(TargetConnection c) throws CliException {
        return c.board() != null ? c.board().partName() : c.identity().device().name();
    }

    /** {@code ob set}'s assignments, strictly (core {@link OptionCliCommand#apply}); a bad one is a usage error. */
    static OptionImage apply(TargetConnection c, List<String> assignments, boolean raw) throws CliException {
        TargetIdentity id = c.identity();
        try {
            return OptionCliCommand.apply(id.options(), id.descriptor(), id.flashSizeKiB(), assignments, raw);
        } catch (InvalidOptionValueException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    /** Prints the changes, writes them (unless dry run), prints the result; returns the exit code. */
    static int write(OperationCommand cmd, TargetConnection c, OptionImage requested, Confirmation confirm,
            Path backupDir, boolean dryRun) throws CliException {
        // the part's family lists the changes with risk and consequence (the same list the write confirms)
        OperationContext ctx = cmd.context(c);
        List<OptionChange> changes = ctx.driver().optionChanges(c.identity().options(), requested);
        var out = cmd.out();
        if (!cmd.json()) {
            if (changes.isEmpty()) {
                out.println("No change: the option bytes already have these values.");
            }
            for (OptionChange ch : changes) {
                out.printf("  %-10s %s -> %s  [%s] %s%n", ch.option(), ch.oldText(), ch.newText(), ch.risk(),
                        ch.consequence());
            }
            Set<RiskClass> needed = Confirmation.required(changes);
            if (!needed.isEmpty()) {
                Set<RiskClass> missing = confirm.missing(partName(c), changes);
                out.println("Needs " + Confirmation.cliFlags(needed, partName(c)) + (missing.isEmpty() ? " (given)"
                        : dryRun ? "" : " (missing: " + Confirmation.cliFlags(missing, partName(c)) + ")"));
            }
        }
        if (dryRun) {
            if (cmd.json()) {
                Map<String, Object> o = Json.object();
                o.put("dryRun", true);
                o.put("changes", changes.stream().map(ObWrite::changeJson).toList());
                o.put("needs", Confirmation.cliFlags(Confirmation.required(changes), partName(c)));
                out.println(Json.render(o));
            } else {
                out.println("Dry run: nothing written.");
            }
            return ExitCodes.OK;
        }
        try {
            var driver = ctx.driver();
            TerminalProgress bar = cmd.progressBar();
            OptionBytesWrite.Result r;
            try {
                r = new OptionBytesWrite(driver, partName(c), requested, backupDir, confirm)
                        .withGuard(ctx.optionWriteGuard()).run(bar != null ? bar : FlashProgress.NONE);
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
            throw new CliException(ExitCodes.REFUSED, "refused: " + e.reason() + " Nothing was written.\n  To go ahead, "
                    + "add: " + e.cliFlags(), e);
        } catch (OperationException | TargetException e) {
            throw CliErrors.from(e); // a refusal is exit 3 with its fixes, a cancel or target failure exit 1
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
