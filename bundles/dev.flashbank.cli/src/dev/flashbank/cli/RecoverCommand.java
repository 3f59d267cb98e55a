package dev.flashbank.cli;

import dev.flashbank.core.ops.OptionWriteGuard;
import dev.flashbank.core.ops.RecoverOperation;
import dev.flashbank.families.InstalledFamilies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flashbank recover}: undo a power loss inside an option write from the board's journal. */
@Command(name = "recover", header = "Repair a board whose option write lost power (from its journal).",
        mixinStandardHelpOptions = true,
        description = { "A power loss while option bytes are programmed leaves RDP level 1 and BOOT_ADD0/1 = 0xFFFF.",
                "Before every option write Flashbank journals the board in $FLASHBANK_HOME/journal/<UID>: the",
                "option bytes and the content of each physical bank. recover regresses RDP to level 0 (this",
                "MASS-ERASES the flash: needs --erase-all-flash), programs both banks back from the journal,",
                "verifies them and restores the option bytes, so the image that booted before boots again.",
                "On a board that is fine it writes nothing. --dry-run shows the plan." })
public final class RecoverCommand extends OperationCommand {

    @Option(names = "--erase-all-flash",
            description = "Confirm the RDP 1 -> 0 mass erase (the journal's images are programmed back).")
    boolean eraseAll;

    @Option(names = "--dry-run", description = "Explain the plan; write nothing.")
    boolean dryRun;

    @Override
    protected int run(TargetConnection c) throws CliException {
        // recover's own option writes are not journaled: the journal is what it restores from
        RecoverOperation op = new RecoverOperation(context(c).withOptionWriteGuard(OptionWriteGuard.NONE),
                BoardJournals.of(c), InstalledFamilies.families(), eraseAll, line -> {
                    err().println(line);
                    err().flush();
                });
        return execute(dryRun ? op.asDryRun() : op);
    }
}
