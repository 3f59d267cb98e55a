package dev.flashbank.cli;

import dev.flashbank.core.ops.OptionWriteGuard;
import dev.flashbank.core.ops.RecoverOperation;
import dev.flashbank.families.InstalledFamilies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flashbank recover}: undo a power loss inside an option write from the board's journal. */
@Command(name = "recover", header = "Repair a board whose option write lost power (from its journal).",
        mixinStandardHelpOptions = true,
        description = { "A power loss while option bytes are programmed leaves RDP level 1 (F7: BOOT_ADD0/1 = 0xFFFF;",
                "L4/G4/G0: OPTVERR) or, on L4/G4/G0 cut after FLASH_OPTR was programmed, RDP level 0 with OPTVERR",
                "and every page write-protected (BOOT_LOCK set). Before every option write Flashbank journals the",
                "board in $FLASHBANK_HOME/journal/<UID>: the option bytes and the content of each physical bank.",
                "At RDP level 1 recover regresses RDP to level 0 (this MASS-ERASES the flash: needs",
                "--erase-all-flash), programs both banks back from the journal, verifies them and restores the",
                "option bytes, so the image that booted before boots again. At level 0 it writes the options the",
                "cut write asked for again (nothing is erased) and verifies the banks against the journal.",
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
