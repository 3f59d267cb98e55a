package dev.flashbank.core.ops;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.MemoryRegion;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.family.BankSwapStrategy;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.SchemeRefusedException;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.family.OptionWriteResult;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.core.family.ProtectionModel.Scope;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;

/**
 * A/B update of a dual-bank part (issue 6 item 3, AN4826 dual bank mode update procedure; issue 15: any family with a
 * {@link dev.flashbank.core.family.BankSwapping}, e.g. F7 BOOT_ADD/REMAP, H7 SWAP_BANK):
 * <ol>
 * <li>Survey ({@link BankSurvey}): the RUNNING physical bank from the halted core's PC, else the mapping (F7 SWP_FB,
 * H7 SWAP_BANK), else the boot options (F7: BOOT_ADDx per MEM_BOOT, nDBOOT and the vector tables); the inactive bank
 * is the other one.</li>
 * <li>Check everything before the first write, refusing with an explanation: dual-bank mode; RDP level 0; the image
 * fits one bank and has a vector table at the bank start; its link address matches the scheme (the scheme's
 * {@link SwitchScheme.LinkRule} and its strategy's checks: F7 BOOT_ADD the inactive bank's own address, REMAP and H7
 * SWAP_BANK 0x0800_0000); no switch pending (options already select the inactive bank); no write protection on the
 * sectors to write; the switch is possible.</li>
 * <li>Erase the sectors of the inactive PHYSICAL bank the image needs (by physical sector), program the image
 * through the window where that bank is mapped NOW - everything except the first {@link #commitBytes} bytes (initial
 * SP and reset handler, widened to the program unit) first, those LAST, so an interrupted update leaves a bank that no
 * boot path accepts - and verify it.</li>
 * <li>Switch ({@link BankSwitch}) and reset if asked.</li>
 * </ol>
 * The running bank is never written, whichever way the banks are mapped (seed problem A cannot happen). What Flashbank
 * does NOT do: it does not write any firmware-defined "active bank" marker (F7 REMAP with firmware-managed switching);
 * it does not invalidate the caches of running firmware (the core is halted during the update and a reset follows a
 * switch); it does not change the bank mode or the dual-boot option.
 * <p>
 * Crash consistency: until the vector table is written the new bank is invalid and the boot options still select the
 * old bank; the options are written only after a successful verify, in one OPTSTRT, with the context's
 * {@link OptionWriteGuard} (board journal, "do not remove power" notice) right before it. A power loss DURING that
 * option programming is the one window no tool can close: on F7 the silicon then leaves RDP level 1 and BOOT_ADDx =
 * 0xFFFF (RM0410 option bytes programming; ST confirms this for F7). {@link RecoverOperation} undoes it from the journal
 * (RDP 1 -> 0 with its mass erase, both banks reprogrammed, the option backup restored) and the doctor points to it.
 * <p>
 * Cancel: between the steps (before erase, after erase, after the body, after verify); every canceled state leaves the
 * running bank and the boot options untouched.
 */
public final class BankUpdateOperation implements TargetOperation<BankUpdateResult> {

    /**
     * Bytes at the bank start written last, at least: the initial SP and the reset handler, the two words every boot
     * path checks. 8 bytes = one x64 unit, two x32 units: a power loss while they are programmed leaves them
     * half-programmed (random bits), which no boot path accepts as a valid image - unlike a loss while later vectors are
     * written, which is why the commit is not the whole vector table. See {@link #commitBytes(FlashDriver)}.
     */
    public static final int COMMIT_BYTES = 8;

    /**
     * The commit step of {@code driver}'s part: {@code max(8, programUnitBytes())} - on parts that program whole words
     * (H7: a 32-byte flash word, never programmed twice) the word holding the SP and the reset handler is written last,
     * as one unit; a power loss inside it leaves an ECC-torn word that reads as an error, never as a valid vector table.
     */
    public static int commitBytes(FlashDriver driver) {
        return Math.max(COMMIT_BYTES, driver.programUnitBytes());
    }

    /**
     * @param scheme how the banks are switched
     * @param switchBanks switch the boot bank after a successful verify
     * @param reset reset the target afterwards (so that the switch takes effect)
     * @param haltCore halt the core for the update (running firmware can neither interfere nor confuse the running-
     *        bank decision; its PC is read); it is resumed afterwards unless a reset follows
     */
    public record Options(SwitchScheme scheme, boolean switchBanks, boolean reset, boolean haltCore) {
        public static Options of(SwitchScheme scheme) {
            return new Options(scheme, true, false, true);
        }

        public Options withReset(boolean v) {
            return new Options(scheme, switchBanks, v, haltCore);
        }

        public Options withSwitch(boolean v) {
            return new Options(scheme, v, reset, haltCore);
        }

        public Options withHaltCore(boolean v) {
            return new Options(scheme, switchBanks, reset, v);
        }
    }

    /**
     * The checked plan.
     *
     * @param survey the bank survey it was made from
     * @param runningBank never written
     * @param inactiveBank erased and programmed
     * @param linkAddress start of the address slot the image is linked for (0x0800_0000, 0x0810_0000, ...)
     * @param programAddress where the image goes now (window of the inactive bank under the current mapping)
     * @param sectors physical sectors of the inactive bank that are erased
     * @param bankSwitch how the boot bank is switched
     * @param options the options
     * @param unit what the part's manual calls the sectors (pages on some parts), for the description
     */
    public record Plan(BankSurvey survey, int runningBank, int inactiveBank, long linkAddress, long programAddress,
            int imageBytes, List<Sector> sectors, BankSwitch bankSwitch, Options options,
            dev.flashbank.core.device.EraseUnit unit) {

        public Plan {
            sectors = List.copyOf(sectors);
        }

        public String describe() {
            return String.format("running from physical bank %d (%s); %d bytes linked for 0x%08X programmed into "
                    + "physical bank %d at 0x%08X (where it is mapped now, %s); erased %s",
                    runningBank, survey.runningEvidence(), imageBytes, linkAddress, inactiveBank, programAddress,
                    survey.boot().mappingLabel(), ProtectionModel.names(sectors, unit));
        }

        public Map<String, Object> data() {
            return Data.of("scheme", options.scheme().name(), "runningBank", runningBank, "inactiveBank", inactiveBank,
                    "linkAddress", Data.hex(linkAddress), "programAddress", Data.hex(programAddress), "imageBytes",
                    imageBytes, "sectors", sectors.stream().map(Sector::number).toList(), "switch",
                    bankSwitch.data(), "survey", survey.data());
        }
    }

    private final OperationContext ctx;
    private final FirmwareImage image;
    private final Options options;

    public BankUpdateOperation(OperationContext ctx, FirmwareImage image, Options options) {
        this.ctx = ctx;
        this.image = image;
        this.options = options;
    }

    @Override
    public String name() {
        return "Bank update";
    }

    @Override
    public OperationTarget target() {
        return ctx.target();
    }

    /** Surveys and checks; reads only (the PC is read only if the core is halted already). */
    public Plan plan() throws OperationException, TargetException {
        return prepare().plan;
    }

    private record Prepared(Plan plan, byte[] bankImage) {
    }

    private Prepared prepare() throws OperationException, TargetException {
        FlashGeometry g = ctx.geometry();
        requireDualBank(name(), ctx);
        Preflight.requireReadable(name(), ctx);
        BankSwapStrategy strategy = BankSwitch.strategy(name(), ctx, options.scheme());
        FlashImage fi = FlashImage.of(name(), image, g);
        long bankSize = g.bank(1).size();
        AddressRange span = fi.span();
        if (span.size() > bankSize) {
            throw new OperationRefusedException(name(), String.format("the image spans %s (%d KiB) but a bank holds "
                    + "%d KiB: it does not fit a bank.", span, span.size() / 1024, bankSize / 1024),
                    "build a smaller image, or program the whole flash with flashbank program IMAGE (IDE: Bank Update "
                    + "launch, Update: whole flash)");
        }
        // the slot the image is linked for: address range of a physical bank with the banks not swapped
        BankOffset first = g.physicalBankAt(span.start(), false).orElseThrow();
        BankOffset last = g.physicalBankAt(span.last(), false).orElseThrow();
        int slot = first.bank();
        long slotBase = g.windowAddress(slot, 0, false, g.linkWindow());
        if (last.bank() != slot) {
            throw new OperationRefusedException(name(), String.format("the image %s straddles the boundary between "
                    + "the bank slots at 0x%08X and 0x%08X; a bank image must lie inside one bank.", span, slotBase,
                    g.windowAddress(last.bank(), 0, false, g.linkWindow())), "link the image for one bank, then flashbank bank-update IMAGE");
        }
        FlashWindow linkWindow = vectorTableCheck(fi, g, slot);
        BankSurvey survey = BankSurvey.examine(ctx);
        int running = survey.runningBank();
        if (running == 0) {
            throw new OperationRefusedException(name(), "no flash bank is running (" + survey.runningEvidence()
                    + "), so there is no active and inactive bank to tell apart.",
                    "flashbank ob set BOOT_ADD0=0x08000000 (IDE: Option Bytes editor, BOOT_ADD0) to boot from flash, or "
                            + "flashbank program IMAGE for a plain update");
        }
        int inactive = 3 - running;
        try {
            strategy.checkUpdate(survey.boot(), slot, running, inactive);
        } catch (SchemeRefusedException e) {
            throw BankSwitch.refusal(name(), e);
        }
        BankSwitch sw = BankSwitch.plan(name(), ctx, survey, strategy, inactive, linkWindow);
        if (options.switchBanks() && sw.firmwareSwitches()) {
            throw new OperationRefusedException(name(), "a switch was requested, but " + sw.explanation() + ".",
                    sw.how().updateFixes(), null);
        }
        if (!sw.firmwareSwitches() && survey.switchPending()) {
            throw new OperationRefusedException(name(), String.format("a switch is pending: physical bank %d is "
                    + "running but the option bytes already start physical bank %d at the next reset (%s). Writing "
                    + "bank %d would overwrite the image that is about to boot.", running, survey.bootBank(),
                    survey.bootReason(), inactive),
                    "flashbank swap --reset to run the new image first, or flashbank rollback to cancel the pending "
                    + "switch (IDE: Flash Banks view, Swap / Rollback)");
        }
        long offset = span.start() - slotBase;
        long programAddress = g.windowAddress(inactive, offset, survey.banksSwapped(), g.linkWindow());
        List<Sector> sectors;
        try {
            sectors = ctx.driver().sectorsCovering(new AddressRange(programAddress, span.size()),
                    survey.banksSwapped());
        } catch (dev.flashbank.core.flash.FlashRequestException e) {
            throw new OperationRefusedException(name(), e.getMessage(), "");
        }
        for (Sector s : sectors) { // the whole point of an inactive-bank update: never the running bank
            if (s.bank() != inactive) {
                throw new OperationException(name() + ": internal check failed - the plan would write " + s
                        + " of the running bank; nothing was written");
            }
        }
        List<ProtectionModel.EraseBlocker> blockers = Preflight.blockers(ctx,
                Scope.sectors(sectors, "update of physical bank " + inactive + " ("
                        + ProtectionModel.names(sectors, g.eraseUnit()) + ")"));
        if (!blockers.isEmpty()) {
            throw Preflight.refusal(name(), "update of the inactive physical bank " + inactive + " ("
                    + ProtectionModel.names(sectors, g.eraseUnit()) + ")", blockers, null);
        }
        byte[] bankImage = fi.bytes(span, (byte) 0xFF, null);
        Plan plan = new Plan(survey, running, inactive, slotBase, programAddress, (int) fi.size(), sectors, sw,
                options, g.eraseUnit());
        return new Prepared(plan, bankImage);
    }

    static void requireDualBank(String op, OperationContext ctx) throws OperationRefusedException {
        if (ctx.geometry().mode() == BankMode.DUAL) {
            return;
        }
        Optional<OptionCliCommand.BankModeSetting> dual = OptionCliCommand.BankModeSetting.dualOf(ctx.driver());
        if (dual.isPresent()) {
            OptionCliCommand.BankModeSetting s = dual.get();
            throw new OperationRefusedException(op, "the flash is in single-bank mode (" + s.now() + "): there is no "
                    + "second bank to update while the first one keeps the running image.",
                    "flashbank ob set " + s.toSet() + " (IDE: Option Bytes editor, " + s.shown() + ": dual-bank mode), "
                            + "then reset; every " + ctx.geometry().eraseUnit().singular() + " boundary changes, so the "
                            + "flash must be reprogrammed - or "
                            + "flashbank program IMAGE");
        }
        if (ctx.driver().descriptor().dualBankCapable()) {
            throw new OperationRefusedException(op, "the flash is in single-bank mode: there is no second bank to "
                    + "update while the first one keeps the running image.", "switch the part to dual-bank mode "
                            + "(Option Bytes editor), then reset; every " + ctx.geometry().eraseUnit().singular()
                            + " boundary changes, so the flash must be "
                            + "reprogrammed - or flashbank program IMAGE");
        }
        throw new OperationRefusedException(op, ctx.driver().descriptor().line() + " has a single flash bank: A/B "
                + "bank updates need a dual-bank part.", "flashbank program IMAGE (IDE: Bank Update launch, Update: whole flash)");
    }

    /** The image must start with a plausible vector table at the start of its slot; returns its link window. */
    private FlashWindow vectorTableCheck(FlashImage fi, FlashGeometry g, int slot) throws OperationRefusedException {
        long base = g.windowAddress(slot, 0, false, g.linkWindow());
        boolean[] present = new boolean[8];
        byte[] vt = fi.bytes(new AddressRange(base, 8), (byte) 0xFF, present);
        for (boolean b : present) {
            if (!b) {
                throw new OperationRefusedException(name(), String.format("the image has no vector table at 0x%08X, "
                        + "the start of the bank it is linked for: a bank is started from its first word (initial "
                        + "SP) and second word (reset handler).", base), "link the image to start at the bank start, then flashbank bank-update IMAGE");
            }
        }
        long sp = word(vt, 0);
        long reset = word(vt, 4);
        List<MemoryRegion> ram = ctx.driver().descriptor().memoryRegions(ctx.driver().flashSizeKiB()).stream()
                .filter(r -> r.kind() == MemoryRegion.Kind.RAM).toList();
        boolean spOk = (sp & 3) == 0 && ram.stream().anyMatch(r -> sp > r.range().start() && sp <= r.range().end());
        Optional<BankOffset> handler = g.physicalBankAt(reset & ~1L, false);
        if (!spOk || (reset & 1) == 0 || handler.isEmpty()) {
            throw new OperationRefusedException(name(), String.format("the image's vector table at 0x%08X is not "
                    + "bootable (initial SP 0x%08X, reset handler 0x%08X): the bank would never start.", base, sp,
                    reset), "check the linker script and the startup file, then flashbank bank-update IMAGE");
        }
        if (handler.get().bank() != slot) {
            throw new OperationRefusedException(name(), String.format("link address mismatch: the vector table is at "
                    + "0x%08X but the reset handler 0x%08X points into the other bank slot - the image would run the "
                    + "other bank's code.", base, reset), "link code and vectors for the same bank, then flashbank bank-update IMAGE");
        }
        return g.windowOf(reset & ~1L).orElseThrow();
    }

    private static long word(byte[] b, int o) {
        return (b[o] & 0xFFL) | (b[o + 1] & 0xFFL) << 8 | (b[o + 2] & 0xFFL) << 16 | (b[o + 3] & 0xFFL) << 24;
    }

    @Override
    public BankUpdateResult run(FlashProgress progress) throws OperationException, TargetException {
        progress.begin(name(), 1000);
        boolean halted = false;
        if (options.haltCore() && !ctx.debugTarget().core().isHalted()) {
            ctx.debugTarget().core().halt();
            halted = true;
        }
        boolean resetDone = false;
        try {
            Prepared p = prepare();
            Plan plan = p.plan;
            canceled(progress, "nothing was written");
            ctx.driver().eraseSectors(plan.sectors(), Progress.uncancelable(progress.split(250)));
            canceled(progress, "the inactive physical bank " + plan.inactiveBank() + " was erased ("
                    + ProtectionModel.names(plan.sectors(), plan.unit()) + "); the running bank and the boot options are "
                    + "untouched");
            byte[] all = p.bankImage;
            int commit = commitBytes(ctx.driver());
            if (all.length > commit) {
                ctx.driver().program(plan.programAddress() + commit,
                        Arrays.copyOfRange(all, commit, all.length), Progress.uncancelable(progress.split(500)));
            }
            canceled(progress, "the inactive physical bank " + plan.inactiveBank() + " holds the image WITHOUT its "
                    + "vector table (it cannot boot); the running bank and the boot options are untouched");
            // commit point of the bank content: the vector table makes the bank bootable
            ctx.driver().program(plan.programAddress(), Arrays.copyOf(all, Math.min(commit, all.length)),
                    Progress.uncancelable(progress.split(20)));
            VerifyReport verify = verify(plan, all);
            progress.worked(80);
            if (!verify.ok()) {
                throw new VerificationFailedException(name(), verify, "The boot bank was NOT switched.");
            }
            Optional<OptionWriteResult> switched = Optional.empty();
            if (options.switchBanks()) {
                canceled(progress, "the new image is in physical bank " + plan.inactiveBank() + " and verified; the "
                        + "boot bank was NOT switched");
                switched = plan.bankSwitch().apply(name(), ctx, Progress.uncancelable(progress.split(100)));
            }
            if (options.reset()) {
                ctx.debugTarget().core().reset(ResetKind.SYSTEM);
                resetDone = true;
            }
            progress.worked(50);
            return new BankUpdateResult(plan, verify, switched, resetDone, BankSurvey.examine(ctx));
        } finally {
            if (halted && !resetDone) {
                try {
                    ctx.debugTarget().core().run();
                } catch (TargetException e) {
                    // the original outcome matters more; the core stays halted
                }
            }
        }
    }

    private VerifyReport verify(Plan plan, byte[] expected) throws TargetException {
        VerifyOperation.Collector c = new VerifyOperation.Collector();
        for (int off = 0; off < expected.length; off += VerifyOperation.CRC_CHUNK) {
            VerifyOperation.compareRange(ctx, plan.programAddress() + off, expected, off,
                    Math.min(VerifyOperation.CRC_CHUNK, expected.length - off), c);
        }
        c.close();
        return c.report(List.of(new AddressRange(plan.programAddress(), expected.length)), expected.length);
    }

    private void canceled(FlashProgress progress, String state) throws OperationCanceledException {
        if (progress.isCanceled()) {
            throw new OperationCanceledException(name(), state);
        }
    }
}
