package dev.flashbank.core.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.core.family.ProtectionModel.Scope;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.ops.ProgramPlan.Action;
import dev.flashbank.core.target.TargetException;

/**
 * Program an image with the minimal set of sector operations: every sector the image touches is read back first;
 * identical sectors are skipped, blank ones are programmed without an erase, the rest are erased and programmed
 * (keeping the bytes of the sector the image does not cover, unless told otherwise). Sectors outside the image are
 * never touched unless {@link ProgramOptions#alsoErase()} names them. Sectors are resolved through the SWP_FB remap
 * in effect, so the sector erased is always the physical sector that the programming writes reach; with
 * {@link ProgramOptions#physicalBank()} the image is moved into the physical bank the user names.
 * <p>
 * Validated before the first write: image inside the flash windows (else {@link OperationRefusedException} naming the
 * address and the file position), RDP level 0, no write protection or protected area (the family's
 * {@link ProtectionModel}) on any sector to be written, and the
 * {@link RunningBankGuard}: while SWP_FB remaps a dual-bank part, nothing lands in the running or the boot bank
 * unless {@link ProgramOptions#allowRunningBank()} (seed problem A of issue 4). Unit of
 * cancellation: one sector (erase + program); a canceled run leaves every sector either as it was or fully
 * programmed.
 */
public final class ProgramOperation implements TargetOperation<ProgramResult> {

    private final OperationContext ctx;
    private final FirmwareImage image;
    private final ProgramOptions options;

    public ProgramOperation(OperationContext ctx, FirmwareImage image, ProgramOptions options) {
        this.ctx = ctx;
        this.image = image;
        this.options = options;
    }

    @Override
    public String name() {
        return "Program";
    }

    @Override
    public OperationTarget target() {
        return ctx.target();
    }

    /** The plan, made by reading the target only (validation included). */
    public ProgramPlan plan() throws OperationException, TargetException {
        try (HaltForChecksum halt = HaltForChecksum.deferred(ctx, options.mayHalt())) {
            return prepare(FlashProgress.NONE, halt).plan;
        }
    }

    private record Prepared(FlashImage image, ProgramPlan plan, Map<Sector, byte[]> desired,
            Optional<RunningBankGuard.Hazard> guardOverridden) {
    }

    /** The plan; {@code halt} is told before the target computes checksums for it. */
    private Prepared prepare(FlashProgress progress, HaltForChecksum halt) throws OperationException, TargetException {
        FlashGeometry g = ctx.geometry();
        FlashImage fi = FlashImage.of(name(), image, g);
        long linkAddress = fi.span().start();
        Preflight.requireReadable(name(), ctx);
        boolean swpFb = ctx.driver().banksSwapped();
        if (options.physicalBank().isPresent()) {
            fi = FlashImage.of(name(), intoPhysicalBank(fi, options.physicalBank().getAsInt(), swpFb), g);
        }
        List<Sector> imageSectors = new ArrayList<>();
        for (FlashImage.Run r : fi.runs()) {
            for (Sector s : covering(r.range(), swpFb)) {
                if (!imageSectors.contains(s)) {
                    imageSectors.add(s);
                }
            }
        }
        List<Sector> extra = new ArrayList<>();
        for (AddressRange r : options.alsoErase()) {
            for (Sector s : covering(r, swpFb)) {
                if (!imageSectors.contains(s) && !extra.contains(s)) {
                    extra.add(s);
                }
            }
        }
        long toRead = imageSectors.stream().mapToLong(Sector::size).sum();
        progress.begin("Reading " + imageSectors.size() + " " + g.eraseUnit().singular() + "(s) to plan",
                Math.max(1, toRead));
        // what the image wants in each sector; the sectors it covers wholly are planned from target-side CRCs, all
        // computed in one batch (one engine set-up: issue 18, a one-sector update of a large image), the rest read
        List<AddressRange> windows = new ArrayList<>();
        List<byte[]> wants = new ArrayList<>();
        List<boolean[]> presents = new ArrayList<>();
        int[] imageBytes = new int[imageSectors.size()];
        List<AddressRange> covered = new ArrayList<>();
        for (int i = 0; i < imageSectors.size(); i++) {
            AddressRange w = g.sectorRange(imageSectors.get(i), swpFb, g.linkWindow());
            boolean[] present = new boolean[(int) w.size()];
            byte[] want = fi.bytes(w, (byte) 0xFF, present);
            for (boolean b : present) {
                imageBytes[i] += b ? 1 : 0;
            }
            windows.add(w);
            wants.add(want);
            presents.add(present);
            if (imageBytes[i] == want.length) {
                covered.add(w);
            }
        }
        List<java.util.OptionalInt> crcs = List.of();
        if (!covered.isEmpty()) {
            halt.beforeChecksums();
            crcs = ctx.driver().targetCrcs(covered);
        }
        Map<Sector, byte[]> desired = new LinkedHashMap<>();
        List<ProgramPlan.Step> steps = new ArrayList<>();
        int nextCrc = 0;
        int identicalByCrc = 0;
        for (int i = 0; i < imageSectors.size(); i++) {
            if (progress.isCanceled()) {
                throw new OperationCanceledException(name(), "while planning; nothing was written");
            }
            Sector s = imageSectors.get(i);
            AddressRange w = windows.get(i);
            byte[] want = wants.get(i);
            boolean[] present = presents.get(i);
            Action a = imageBytes[i] == want.length ? actionByTargetCrc(want, crcs.get(nextCrc++)) : null;
            identicalByCrc += a == Action.SKIP_IDENTICAL ? 1 : 0;
            if (a == null) { // not wholly covered by the image, or no target-side CRC: read the sector
                byte[] current = ctx.driver().readFlash(w.start(), (int) w.size());
                for (int j = 0; j < want.length; j++) {
                    if (!present[j]) {
                        want[j] = options.preserveSectorContent() ? current[j] : (byte) 0xFF;
                    }
                }
                if (Arrays.equals(want, current)) {
                    a = Action.SKIP_IDENTICAL;
                } else if (allErased(current)) {
                    a = Action.PROGRAM;
                } else {
                    a = Action.ERASE_AND_PROGRAM;
                }
            }
            int programBytes = 0;
            for (byte b : want) {
                programBytes += b == (byte) 0xFF ? 0 : 1;
            }
            desired.put(s, want);
            steps.add(new ProgramPlan.Step(s, w, a, imageBytes[i], a == Action.SKIP_IDENTICAL ? 0 : programBytes));
            progress.worked(w.size());
        }
        for (Sector s : extra) {
            steps.add(new ProgramPlan.Step(s, g.sectorRange(s, swpFb, g.linkWindow()), Action.ERASE_ONLY, 0, 0));
        }
        steps.sort((x, y) -> Long.compare(x.window().start(), y.window().start()));
        ProgramPlan plan = new ProgramPlan(swpFb, steps, g.eraseUnit(), identicalByCrc);
        List<Sector> touched = plan.touched();
        if (!touched.isEmpty()) {
            String what = "programming of " + ProtectionModel.names(touched, g);
            List<ProtectionModel.EraseBlocker> blockers = Preflight.blockers(ctx, Scope.sectors(touched, what));
            if (!blockers.isEmpty()) {
                throw Preflight.refusal(name(), what, blockers, null);
            }
        }
        Optional<RunningBankGuard.Hazard> hazard = RunningBankGuard.check(ctx, name(), RunningBankGuard.Write.program(
                options.physicalBank().isPresent() ? RunningBankGuard.Addressing.CHOSEN_PHYSICAL_BANK
                        : RunningBankGuard.Addressing.ADDRESS, touched, image.source(), linkAddress));
        if (hazard.isPresent() && !options.allowRunningBank()) {
            throw hazard.get().refusal();
        }
        return new Prepared(fi, plan, desired, hazard);
    }

    /**
     * The image moved into physical bank {@code bank} at the offset it has in the bank slot it is linked for (the
     * slot's bank at SWP_FB = 0, i.e. what the address means after a reset), through the window where that bank is
     * mapped now. The image must lie inside one slot.
     */
    private FirmwareImage intoPhysicalBank(FlashImage fi, int bank, boolean swpFb) throws OperationRefusedException {
        FlashGeometry g = ctx.geometry();
        if (bank < 1 || bank > g.bankCount()) {
            throw new OperationRefusedException(name(), "there is no physical bank " + bank + ": the flash is in "
                    + g.mode().name().toLowerCase() + "-bank mode with " + g.bankCount() + " bank(s).",
                    "give --physical-bank 1" + (g.bankCount() == 2 ? " or 2" : ""));
        }
        AddressRange span = fi.span();
        BankOffset first = g.physicalBankAt(span.start(), false).orElseThrow();
        BankOffset last = g.physicalBankAt(span.last(), false).orElseThrow();
        if (first.bank() != last.bank()) {
            throw new OperationRefusedException(name(), String.format("the image %s straddles the boundary between "
                    + "the bank slots at 0x%08X and 0x%08X, so it cannot go into one physical bank.", span,
                    g.windowAddress(first.bank(), 0, false, g.linkWindow()),
                    g.windowAddress(last.bank(), 0, false, g.linkWindow())), "program it without --physical-bank");
        }
        return image.shifted(g.windowAddress(bank, first.offset(), swpFb, g.linkWindow()) - span.start());
    }

    /**
     * The plan for a sector the image covers completely, from the CRC computed on the target (issue 11: no
     * read-back): equal to the image -> skip; equal to an erased sector -> program only; else erase and program. Null
     * when the target could not compute it (then the caller reads).
     */
    private Action actionByTargetCrc(byte[] want, java.util.OptionalInt crc) {
        if (crc.isEmpty()) {
            return null;
        }
        if (crc.getAsInt() == ctx.driver().expectedTargetCrc(want, 0, want.length)) {
            return Action.SKIP_IDENTICAL;
        }
        // unequal: erased, or different - or (where the engine is an assumption) unknown; erase and program is
        // right in every case, a sector already erased is only programmed
        return crc.getAsInt() == ctx.driver().expectedTargetCrc(erased(want.length), 0, want.length) ? Action.PROGRAM
                : Action.ERASE_AND_PROGRAM;
    }

    private List<Sector> covering(AddressRange r, boolean swpFb) throws OperationRefusedException {
        try {
            return ctx.driver().sectorsCovering(r, swpFb);
        } catch (FlashRequestException e) {
            throw new OperationRefusedException(name(), e.getMessage() + ".", "");
        }
    }

    static boolean allErased(byte[] b) {
        for (byte x : b) {
            if (x != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    @Override
    public ProgramResult run(FlashProgress progress) throws OperationException, TargetException {
        progress.begin("Programming " + image.source(), 1000);
        // a running core is halted for the plan's checksums and for the verify step's (where the engine needs it, and
        // only when there are any: a plan that reads every sector back and finds nothing to write halts nothing), and
        // runs on while the sectors are written, as it did before
        Prepared p;
        boolean coreHalted;
        boolean stayedHalted;
        try (HaltForChecksum halt = HaltForChecksum.deferred(ctx, options.mayHalt())) {
            p = prepare(progress.split(150), halt);
            coreHalted = halt.halted();
            stayedHalted = halt.haltedAlready();
        }
        // running firmware may swap the banks while the plan is made; a core that was halted before the plan and
        // still is (nothing here let it run) cannot, so the mapping is not read again (issue 18: 4 probe commands)
        if (!stayedHalted && ctx.driver().banksSwapped() != p.plan.swpFb()) {
            throw new OperationRefusedException(name(), ctx.driver().bankMappingLabel() + " changed while planning (the firmware "
                    + "is running and swapping banks).", "flashbank program IMAGE --connect-under-reset (the core stays halted)");
        }
        List<ProgramPlan.Step> work = p.plan.steps().stream().filter(s -> s.action() != Action.SKIP_IDENTICAL)
                .toList();
        FlashProgress writing = progress.split(options.verify() ? 700 : 850);
        String units = ctx.geometry().eraseUnit().singular() + "(s)";
        writing.begin("Writing " + work.size() + " " + units, Math.max(1, work.size()));
        int done = 0;
        for (ProgramPlan.Step step : work) {
            if (progress.isCanceled()) {
                throw new OperationCanceledException(name(), done + " of " + work.size() + " " + units + " written "
                        + "completely (" + ProtectionModel.names(work.subList(0, done).stream()
                                .map(ProgramPlan.Step::sector).toList(), ctx.geometry())
                                .replace(ctx.geometry().eraseUnit().plural() + " ", "")
                        + "), the others untouched" + (done == 0 ? "" : "; the image is INCOMPLETE: program again"));
            }
            FlashProgress unit = Progress.uncancelable(writing.split(1));
            if (step.action() == Action.ERASE_AND_PROGRAM) {
                // one unlock/lock for the sector's erase and program (issue 11: a dozen fewer probe commands)
                ctx.driver().eraseAndProgram(List.of(step.sector()), step.window().start(),
                        p.desired.get(step.sector()), unit);
            } else if (step.action() == Action.ERASE_ONLY) {
                ctx.driver().eraseSectors(List.of(step.sector()), FlashProgress.NONE);
            } else {
                ctx.driver().program(step.window().start(), p.desired.get(step.sector()), unit);
            }
            done++;
        }
        Optional<VerifyReport> verify = Optional.empty();
        if (options.verify()) {
            VerifyReport v;
            if (work.isEmpty()) {
                v = verifyWritten(p, work); // nothing written, nothing to check
            } else {
                try (HaltForChecksum halt = HaltForChecksum.enter(ctx, options.mayHalt())) {
                    v = verifyWritten(p, work);
                    coreHalted |= halt.halted();
                }
            }
            progress.worked(150);
            if (!v.ok()) {
                throw new VerificationFailedException(name(), v, v.mismatches().stream()
                        .anyMatch(VerifyReport.Mismatch::notErasedHint)
                                ? "The differing bytes hold only bits the data wants cleared: the cells were not "
                                        + "erased (is something else writing the flash?)."
                                : "Check that nothing else (running firmware, caches) changed the flash.");
            }
            verify = Optional.of(v);
        }
        return new ProgramResult(image.source(), p.image.size(), p.plan, verify, p.guardOverridden, coreHalted);
    }

    private VerifyReport verifyWritten(Prepared p, List<ProgramPlan.Step> work) throws OperationException,
            TargetException {
        VerifyOperation.Collector c = new VerifyOperation.Collector();
        List<AddressRange> compared = new ArrayList<>();
        List<VerifyOperation.Piece> pieces = new ArrayList<>();
        long bytes = 0;
        for (ProgramPlan.Step step : work) {
            AddressRange w = step.window();
            byte[] want = step.action() == Action.ERASE_ONLY ? erased((int) w.size()) : p.desired.get(step.sector());
            pieces.add(new VerifyOperation.Piece(w.start(), want, 0, want.length));
            compared.add(w);
            bytes += want.length;
        }
        VerifyOperation.compareRanges(ctx, name(), pieces, c, FlashProgress.NONE);
        c.close();
        return c.report(compared, bytes);
    }

    private static byte[] erased(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0xFF);
        return b;
    }
}
