package dev.flashbank.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.EraseUnit;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.ops.BankSurvey;
import dev.flashbank.core.ops.BankSwitchOperation;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.EraseOperation;
import dev.flashbank.core.ops.EraseRequest;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.ProgramOperation;
import dev.flashbank.core.ops.ProgramOptions;
import dev.flashbank.core.ops.RollbackOperation;
import dev.flashbank.core.ops.SwapOperation;
import dev.flashbank.core.ops.VerifyOperation;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.families.InstalledFamilies;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The flash commands: erase, program, verify, bank-update, swap, rollback (read: {@link ReadCommand}). */
public final class FlashCommands {

    private FlashCommands() {
    }

    /**
     * The part's scheme {@code s} names (its id, e.g. "swap-bank", its name or an alias); a usage error listing the
     * part's schemes otherwise: "swap-bank is not a scheme of LINE: boot-add, remap".
     */
    static SwitchScheme scheme(OperationContext ctx, String s) throws CliException {
        List<SwitchScheme> schemes = schemes(ctx);
        if (schemes.isEmpty()) {
            // a single-bank part: any known scheme; the operation refuses with the reason (exit 3, nothing written)
            schemes = InstalledFamilies.families().switchSchemes();
        }
        List<SwitchScheme> offered = schemes;
        return SwitchScheme.find(offered, s).orElseThrow(() -> new CliException(ExitCodes.USAGE,
                (s.isBlank() ? "'" + s + "'" : SwitchScheme.normalize(s)) + " is not a scheme of "
                        + ctx.driver().descriptor().line() + ": " + SwitchScheme.ids(offered)));
    }

    /** The A/B switching schemes of the connected part (none on single-bank parts). */
    static List<SwitchScheme> schemes(OperationContext ctx) {
        return ctx.driver().descriptor().switchSchemes(ctx.driver().flashSizeKiB());
    }

    /** The stderr line that logs the expert override before anything is written (the result repeats what it let through). */
    static void warnIfRunningBankAllowed(boolean allowed, OperationCommand cmd) {
        if (allowed) {
            cmd.err().println("warning: --allow-running-bank: the running-bank guard will NOT refuse writes to the "
                    + "running bank or the bank the next reset starts; anything it lets through is reported");
            cmd.err().flush();
        }
    }

    @Command(name = "erase", header = "Erase sectors or pages, a physical bank or the whole flash (after a pre-flight check).", mixinStandardHelpOptions = true,
            description = { "Erase sectors (pages, on parts whose reference manual calls them pages), a "
                    + "physical bank or the whole flash, after the doctor's pre-flight check: when a "
                    + "protection blocks it, nothing is touched and the protected sectors or pages / "
                    + "RDP level are named with the fix (exit code 3). "
                    + "Banks are PHYSICAL: a bank's own cells, wherever the bank swap maps them now. "
                    + "Sectors and pages carry the numbers the part's reference manual gives them "
                    + "(`flashbank info` lists each bank's). Where they run across both banks (e.g. "
                    + "0-11 in bank 1, 12-23 in bank 2) a number alone names one: --sectors 2,5 or "
                    + "12-15. Where each bank numbers its own (e.g. 0-7 in each), put the physical "
                    + "bank first: --sectors 2:0-3 (sectors 0 to 3 of bank 2) or 1:5,2:5; on a part "
                    + "with pages: --pages 2:0-15. A number the layout does not have is refused with "
                    + "the numbers each bank has (exit 3)." })
    public static final class Erase extends OperationCommand {

        static final class What {
            @Option(names = "--mass", description = "The whole flash: one mass erase (both banks in dual-bank mode).")
            boolean mass;

            @Option(names = "--bank", paramLabel = "N", description = "Physical bank 1 or 2, wherever the bank swap maps it now.")
            Integer bank;

            @Option(names = "--sectors", split = ",", paramLabel = "SECTORS", description = "Sectors by their "
                    + "reference-manual numbers: "
                    + EraseRequest.Sectors.SYNTAX + "; BANK: = the physical bank. Also takes pages on parts with pages.")
            List<String> sectors;

            @Option(names = "--pages", split = ",", paramLabel = "PAGES", description = "Pages by their "
                    + "reference-manual numbers, on parts whose flash is erased in pages (same syntax as --sectors).")
            List<String> pages;

            @Option(names = "--range", paramLabel = "RANGE", description = "The sectors or pages under an address range (START-END or START+SIZE).")
            String range;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        What what;

        @Option(names = "--widen", description = "With --range: erase whole sectors or pages even if the range starts/ends inside one.")
        boolean widen;

        @Option(names = "--allow-running-bank", description = "Expert override: erase even the running bank or the bank "
                + "the next reset starts while the bank mapping changes at the next reset (refused otherwise, exit 3). "
                + "Logged.")
        boolean allowRunningBank;

        @Override
        protected int run(TargetConnection c) throws CliException {
            EraseRequest req;
            if (what.mass) {
                req = EraseRequest.mass();
            } else if (what.bank != null) {
                if (what.bank != 1 && what.bank != 2) {
                    throw new CliException(ExitCodes.USAGE, "--bank is 1 or 2");
                }
                req = EraseRequest.bank(what.bank);
            } else if (what.sectors != null || what.pages != null) {
                EraseUnit unit = c.identity().geometry().eraseUnit();
                if (what.pages != null && !unit.equals(EraseUnit.PAGE)) {
                    throw new CliException(ExitCodes.USAGE, "--pages: the flash of " + c.identity().device().name()
                            + " is erased in " + unit.plural() + ", not pages; name them with " + unit.cliOption()
                            + " (flashbank info lists each bank's)");
                }
                String option = what.pages != null ? "--pages" : "--sectors";
                try {
                    req = EraseRequest.Sectors.parse(what.pages != null ? what.pages : what.sectors);
                } catch (IllegalArgumentException e) {
                    throw new CliException(ExitCodes.USAGE, option + " " + (what.pages != null
                            ? e.getMessage().replace("sector", "page") : e.getMessage()));
                }
            } else {
                req = EraseRequest.range(Numbers.range(what.range), widen);
            }
            warnIfRunningBankAllowed(allowRunningBank, this);
            return execute(new EraseOperation(context(c), req, allowRunningBank));
        }
    }

    @Command(name = "program", header = "Program an image; only changed sectors or pages are erased; verify after.", mixinStandardHelpOptions = true,
            description = { "Program an image (ELF, Intel HEX, S-record, BIN with --base): erases only the sectors (or "
                    + "pages) that change, skips those already identical, never touches any outside the image, verifies "
                    + "after. A bad image is refused before anything is written (exit code 6). "
                    + "Which sectors change is found by the part's target-side checksum where it has one; where that "
                    + "checksum needs a halted core (an engine fed by the part's DMA), a running core is halted for it "
                    + "and runs again after (the sectors themselves are written while it runs)." })
    public static final class Program extends OperationCommand {
        @Parameters(index = "0", paramLabel = "IMAGE")
        Path file;

        @Override
        protected ImageOptionUse imageOptionUse() {
            return ImageOptionUse.INPUT_IMAGE;
        }

        @Option(names = "--no-verify", description = "Skip the read-back verification.")
        boolean noVerify;

        @Option(names = "--erase-range", paramLabel = "RANGE", description = "Also erase these ranges (whole sectors or pages).")
        List<String> alsoErase = new ArrayList<>();

        @Option(names = "--physical-bank", paramLabel = "N", description = "Put the image into PHYSICAL bank N (1 or 2) "
                + "at the offset it has in the bank slot it is linked for, wherever the bank swap maps that bank now.")
        Integer physicalBank;

        @Option(names = "--allow-running-bank", description = "Expert override: write even the running bank or the bank "
                + "the next reset starts while the bank swap remaps the banks (refused otherwise, exit 3). Logged.")
        boolean allowRunningBank;

        @Option(names = "--no-halt", description = "Never halt the core: what the checksum cannot reach while the "
                + "firmware runs is read back (slower: every byte over SWD).")
        boolean noHalt;

        @Override
        protected int run(TargetConnection c) throws CliException {
            var img = image(file);
            List<AddressRange> extra = new ArrayList<>();
            for (String r : alsoErase) {
                extra.add(Numbers.range(r));
            }
            if (physicalBank != null && physicalBank != 1 && physicalBank != 2) {
                throw new CliException(ExitCodes.USAGE, "--physical-bank is 1 or 2");
            }
            ProgramOptions o = ProgramOptions.defaults().withVerify(!noVerify).withAlsoErase(extra)
                    .withPhysicalBank(physicalBank == null ? OptionalInt.empty() : OptionalInt.of(physicalBank))
                    .withAllowRunningBank(allowRunningBank).withMayHalt(!noHalt);
            warnIfRunningBankAllowed(allowRunningBank, this);
            return execute(new ProgramOperation(context(c), img, o));
        }
    }

    @Command(name = "verify", header = "Compare the target with an image; list differing ranges.", mixinStandardHelpOptions = true,
            description = {"Compare the target with an image; lists the differing ranges (exit code 4).",
                    "Uses the part's target-side checksum where it has one (only differing ranges are read back) and says"
                            + " which method it used; where that checksum needs a halted core (an engine fed by the part's DMA),"
                            + " a running core is halted for it and runs again after."})
    public static final class Verify extends OperationCommand {
        @Parameters(index = "0", paramLabel = "IMAGE")
        Path file;

        @Option(names = "--no-halt", description = "Never halt the core: what the checksum cannot reach while the "
                + "firmware runs is read back (slower: every byte over SWD).")
        boolean noHalt;

        @Override
        protected ImageOptionUse imageOptionUse() {
            return ImageOptionUse.INPUT_IMAGE;
        }

        @Override
        protected int run(TargetConnection c) throws CliException {
            var img = image(file);
            var ctx = context(c);
            return execute(new VerifyOperation(ctx, img, !noHalt));
        }
    }

    /**
     * {@code --scheme} left out: the scheme that runs {@code img} from the inactive bank (the family's
     * {@link dev.flashbank.core.family.BankSwapping#choose}, e.g. F7 BOOT_ADD or REMAP by the link address; H7 its one
     * scheme SWAP_BANK), announced with its reason (on standard error with {@code --json}, whose standard output is one
     * JSON object). A part without bank swapping: its first scheme, or a usage error when it has none.
     */
    static SwitchScheme chooseScheme(OperationCommand cmd, OperationContext ctx, FirmwareImage img) throws CliException {
        List<SwitchScheme> schemes = schemes(ctx);
        var swapping = ctx.driver().bankSwapping();
        if (schemes.isEmpty() || swapping.isEmpty()) {
            // a single-bank part (or a family without bank swapping): the bank update refuses with the reason
            return InstalledFamilies.families().switchSchemes().get(0);
        }
        if (img.span().isEmpty()) {
            return schemes.get(0); // the bank update refuses an empty image with its own reason
        }
        SwitchScheme.Choice choice;
        try {
            BankSurvey survey = BankSurvey.examine(ctx);
            choice = swapping.get().choose(img.span().get(), survey.boot(), survey.runningBank());
        } catch (TargetException e) {
            throw CliErrors.from(e);
        }
        java.io.PrintWriter w = cmd.json() ? cmd.err() : cmd.out();
        w.println("scheme: " + choice.scheme().id() + " (chosen because " + choice.reason() + "; --scheme overrides)");
        w.flush();
        return choice.scheme();
    }

    @Command(name = "bank-update", header = "A/B update: program the inactive bank, verify, switch.", mixinStandardHelpOptions = true,
            description = { "A/B update of a dual-bank part: program the image into the INACTIVE physical bank "
                    + "through the window where it is mapped now, verify, then switch by the part's scheme:",
                    "  boot-add   linked for its bank's own address; a boot address option points",
                    "             at it",
                    "  remap      linked for 0x08000000; the firmware swaps the banks at start-up",
                    "  swap-bank  linked for 0x08000000; an option bit swaps the banks from the",
                    "             next reset",
                    "  bfb2       linked for 0x08000000; an option bit makes the ROM bootloader",
                    "             start bank 2 and map it at 0x08000000",
                    "Which of them a part has: the --scheme refusal lists them.",
                    "The running bank is never written. Refuses with the reason on single-bank parts, images that do "
                    + "not fit a bank, link-address mismatches and protected inactive banks (exit code 3)." })
    public static final class BankUpdate extends OperationCommand {
        @Parameters(index = "0", paramLabel = "IMAGE")
        Path file;

        @Override
        protected ImageOptionUse imageOptionUse() {
            return ImageOptionUse.INPUT_IMAGE;
        }

        @Option(names = "--scheme", paramLabel = "SCHEME", description = { "A scheme of the part (boot-add, remap; "
                + "swap-bank; bfb2). Default: chosen from the image's link address and the running bank (printed with the "
                + "reason)." })
        String scheme;

        @Option(names = "--no-switch", description = "Program and verify only; do not switch banks.")
        boolean noSwitch;

        @Option(names = "--reset", description = "Reset the part after switching so the new image starts.")
        boolean reset;

        @Override
        protected int run(TargetConnection c) throws CliException {
            var img = image(file);
            OperationContext ctx = context(c);
            SwitchScheme s = scheme != null ? scheme(ctx, scheme) : chooseScheme(this, ctx, img);
            var opts = BankUpdateOperation.Options.of(s).withSwitch(!noSwitch).withReset(reset);
            return execute(new BankUpdateOperation(ctx, img, opts));
        }
    }

    /** Shared by swap and rollback: the switching scheme and whether to reset afterwards. */
    abstract static class SwitchCommand extends OperationCommand {
        @Option(names = "--scheme", paramLabel = "SCHEME", description = { "A scheme of the part (boot-add, remap; "
                + "swap-bank; bfb2). Required where the part has more than one." })
        String scheme;

        @Option(names = "--reset", description = "Reset the part after switching.")
        boolean reset;

        abstract BankSwitchOperation operation(OperationContext ctx, SwitchScheme s, boolean resetAfter);

        @Override
        protected int run(TargetConnection c) throws CliException {
            OperationContext ctx = context(c);
            List<SwitchScheme> schemes = schemes(ctx);
            if (scheme == null && schemes.size() > 1) {
                throw new CliException(ExitCodes.USAGE, "Missing required option: '--scheme=SCHEME' ("
                        + ctx.driver().descriptor().line() + ": " + SwitchScheme.ids(schemes) + ")");
            }
            // one scheme, or none (a single-bank part: the operation refuses with the reason, nothing written)
            SwitchScheme s = scheme != null ? scheme(ctx, scheme) : !schemes.isEmpty() ? schemes.get(0)
                    : InstalledFamilies.families().switchSchemes().get(0);
            return execute(operation(ctx, s, reset));
        }
    }

    @Command(name = "swap", header = "Switch to the other bank (switch only).", mixinStandardHelpOptions = true,
            description = "Switch to the other bank (only the switch; checks that it holds a valid image).")
    public static final class Swap extends SwitchCommand {
        @Override
        BankSwitchOperation operation(OperationContext ctx, SwitchScheme s, boolean resetAfter) {
            return new SwapOperation(ctx, s, resetAfter);
        }
    }

    @Command(name = "rollback", header = "Switch back to the previous bank.", mixinStandardHelpOptions = true,
            description = "Switch back to the previous bank after checking that it holds a valid image.")
    public static final class Rollback extends SwitchCommand {
        @Override
        BankSwitchOperation operation(OperationContext ctx, SwitchScheme s, boolean resetAfter) {
            return new RollbackOperation(ctx, s, resetAfter);
        }
    }
}
