package dev.flashbank.cli;

import java.nio.file.Path;

import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.ops.Confirmation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flashbank rdp-regress}: read protection level 1 -> 0, which mass-erases the user flash. */
@Command(name = "rdp-regress", header = "Read protection level 1 -> 0 (mass-erases the flash).", mixinStandardHelpOptions = true,
        description = { "Remove read protection level 1 (RDP -> 0xAA). The part MASS-ERASES all user flash while doing",
                "so (other option bytes keep their values); on F72x, PCROP sectors survive unless PCROP_RDP is set.",
                "Needs --erase-all-flash to say you mean it. Level 2 cannot be undone by any means." })
public final class RdpRegressCommand extends OperationCommand {

    @Option(names = "--erase-all-flash", description = "Confirm that the whole user flash will be erased.")
    boolean eraseAll;

    @Option(names = "--backup-dir", paramLabel = "DIR", description = "Where the option-byte backup goes.")
    Path backupDir;

    @Override
    protected int run(TargetConnection c) throws CliException {
        OptionImage ob = c.identity().options();
        RdpLevel level = ob.rdpLevel();
        if (level == RdpLevel.LEVEL_0) {
            out().println(json() ? Json.render(java.util.Map.of("ok", true, "written", false))
                    : "Read protection is already level 0 (" + RdpLevel.text(ob.rdp()) + "); nothing to do.");
            return ExitCodes.OK;
        }
        if (level == RdpLevel.LEVEL_2) {
            throw new CliException(ExitCodes.REFUSED, "RDP is level 2: it is permanent and cannot be regressed");
        }
        // the one confirmation rule of every option write (core OptionBytesWrite): without --erase-all-flash the
        // change is listed with what it erases and refused with exit code 3, nothing written
        // (RDP=level0 is what 'ob set' accepts on every family: the one RDP encoding, RdpLevel)
        return ObWrite.write(this, c, ObWrite.apply(c, java.util.List.of("RDP=level0"), false),
                Confirmation.of(eraseAll, null),
                backupDir != null ? backupDir : ObCommand.defaultBackupDir(), false);
    }
}
