package dev.flashbank.core.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.EraseUnit;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.flash.FlashCanceledException;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.core.family.ProtectionModel.Scope;
import dev.flashbank.core.target.TargetException;

/**
 * Erase a range, sectors, a physical bank or the whole flash, after a pre-flight check: the request is resolved to
 * PHYSICAL sectors under the current bank mapping, and the family's {@link ProtectionModel} (what the doctor
 * reports) must find nothing blocking it - RDP level 1/2, write-protected sectors or protected areas in scope. A
 * refusal carries the doctor's full
 * examination and writes nothing (seed problem B: a mass erase on a protected F722ZE is refused
 * before the part is touched, naming the protected sectors or the RDP level and the fix).
 * <p>
 * While SWP_FB remaps a dual-bank part, the {@link RunningBankGuard} refuses an erase of the running or the boot bank
 * (seed problem A of issue 4) unless the caller overrides it.
 * <p>
 * Units: one sector (range/sector erase; cancel between sectors leaves whole sectors erased) or the one bulk erase.
 */
public final class EraseOperation implements TargetOperation<EraseResult> {

    private final OperationContext ctx;
    private final EraseRequest request;
    private final boolean allowRunningBank;

    public EraseOperation(OperationContext ctx, EraseRequest request) {
        this(ctx, request, false);
    }

    /**
     * @param allowRunningBank the expert override of the {@link RunningBankGuard}: erase even the running or boot
     *        bank of a remapped dual-bank part (the result records what was overridden)
     */
    public EraseOperation(OperationContext ctx, EraseRequest request, boolean allowRunningBank) {
        this.ctx = ctx;
        this.request = request;
        this.allowRunningBank = allowRunningBank;
    }

    @Override
    public String name() {
        return "Erase";
    }

    @Override
    public OperationTarget target() {
        return ctx.target();
    }

    /** The resolved scope (reads SWP_FB only). */
    public Scope scope() throws OperationRefusedException, TargetException {
        FlashGeometry g = ctx.geometry();
        boolean swpFb = ctx.driver().banksSwapped();
        if (request instanceof EraseRequest.Mass) {
            return Scope.mass(g);
        }
        if (request instanceof EraseRequest.Bank b) {
            if (b.physicalBank() < 1 || b.physicalBank() > g.bankCount()) {
                throw noSuchBank(g, b.physicalBank());
            }
            return Scope.bank(g, b.physicalBank());
        }
        if (request instanceof EraseRequest.Sectors s) {
            List<Sector> list = new ArrayList<>();
            for (EraseRequest.SectorNumber n : s.sectors()) {
                Sector sec = sector(g, n);
                if (!list.contains(sec)) {
                    list.add(sec);
                }
            }
            if (list.isEmpty()) {
                throw new OperationRefusedException(name(), "no " + g.eraseUnit().singular() + " given.", "");
            }
            return Scope.sectors(list, "erase of " + ProtectionModel.names(list, g));
        }
        EraseRequest.Range r = (EraseRequest.Range) request;
        List<Sector> list;
        try {
            list = ctx.driver().sectorsCovering(r.range(), swpFb);
        } catch (FlashRequestException e) {
            throw new OperationRefusedException(name(), e.getMessage() + ".", "flashbank erase --range START+SIZE inside the flash (flashbank info lists it)");
        }
        if (list.isEmpty()) {
            throw new OperationRefusedException(name(), "the range " + r.range() + " is empty.", "");
        }
        FlashWindow w = g.windowOf(r.range().start()).orElseThrow();
        long first = g.sectorRange(list.get(0), swpFb, w).start();
        long end = g.sectorRange(list.get(list.size() - 1), swpFb, w).end();
        if (!r.widen() && (first != r.range().start() || end != r.range().end())) {
            EraseUnit u = g.eraseUnit();
            throw new OperationRefusedException(name(), String.format("erase works on whole %s: %s is not "
                    + "%s-aligned; erasing it would erase 0x%08X-0x%08X (%s)", u.plural(), r.range(), u.singular(),
                    first, end - 1, ProtectionModel.names(list, g)), "flashbank erase --range on " + u.singular()
                            + " boundaries, or add --widen to erase the whole " + u.plural());
        }
        return Scope.sectors(list, "erase of " + r.range() + " = physical " + ProtectionModel.names(list, g));
    }

    private OperationRefusedException noSuchBank(FlashGeometry g, int physicalBank) {
        boolean capable = ctx.driver().descriptor().dualBankCapable();
        java.util.Optional<OptionCliCommand.BankModeSetting> dual = g.mode() == BankMode.SINGLE
                ? OptionCliCommand.BankModeSetting.dualOf(ctx.driver())
                : java.util.Optional.empty();
        return new OperationRefusedException(name(), "there is no physical bank " + physicalBank + ": the "
                + "flash is in " + (g.mode() == BankMode.DUAL ? "dual" : "single") + "-bank mode"
                + (capable ? "" : " (this line has one bank)") + ".", dual.map(s -> "flashbank ob set " + s.toSet()
                        + " (IDE: Option Bytes editor, " + s.shown() + "), then reset: bank 2 exists only in "
                        + "dual-bank mode (every " + g.eraseUnit().singular() + " boundary changes)").orElse(""));
    }

    /**
     * The sector {@code n} names in the geometry's numbering: with its bank, the sector of that number in that
     * physical bank; without, the one sector of that number - refused when each bank numbers its own sectors (the
     * number is in both) or when no sector has it, naming the numbers each bank has.
     */
    private Sector sector(FlashGeometry g, EraseRequest.SectorNumber n) throws OperationRefusedException {
        EraseUnit u = g.eraseUnit(); // the manual's word: "sector", "page" (and the option --sectors, --pages)
        String where = "flashbank info lists each physical bank's " + u.plural();
        if (n.bank().isPresent()) {
            int bank = n.bank().getAsInt();
            if (bank > g.bankCount()) {
                throw noSuchBank(g, bank);
            }
            return g.bank(bank).sectors().stream().filter(x -> x.number() == n.number()).findFirst()
                    .orElseThrow(() -> new OperationRefusedException(name(), "physical bank " + bank + " has no "
                            + u.singular() + " " + n.number() + ": its " + u.plural() + " are " + numbers(g.bank(bank))
                            + ".", "flashbank erase " + u.cliOption() + " " + bank + ":N with N in "
                                    + numbers(g.bank(bank)) + " (" + where + ")"));
        }
        List<Sector> same = g.sectors().stream().filter(x -> x.number() == n.number()).toList();
        if (same.size() > 1) { // a layout numbering sectors per bank (e.g. 0-7 in each): say which bank
            throw new OperationRefusedException(name(), u.singular() + " " + n.number() + " exists in "
                    + same.stream().map(x -> "bank " + x.bank()).collect(Collectors.joining(" and "))
                    + ": this part numbers its " + u.plural() + " per bank, so a number alone does not say which one.",
                    "flashbank erase " + u.cliOption() + " " + same.stream().map(x -> x.bank() + ":" + n.number())
                            .collect(Collectors.joining(" or " + u.cliOption() + " ")) + " (BANK:N, the physical bank "
                            + "first; " + where + ")");
        }
        if (same.isEmpty()) {
            throw new OperationRefusedException(name(), "there is no " + u.singular() + " " + n.number() + " in the "
                    + g.mode().name().toLowerCase() + "-bank layout (" + layout(g) + ").", where);
        }
        return same.get(0);
    }

    /** "0-7" - the numbers of a bank's sectors (contiguous in every layout). */
    private static String numbers(Bank bank) {
        List<Sector> s = bank.sectors();
        return s.get(0).number() + "-" + s.get(s.size() - 1).number();
    }

    /** "sectors 0-11 in bank 1, 12-23 in bank 2" - where each number lives. */
    private static String layout(FlashGeometry g) {
        return g.eraseUnit().plural() + " " + g.banks().stream().map(b -> numbers(b) + " in bank " + b.number())
                .collect(Collectors.joining(", "));
    }

    @Override
    public EraseResult run(FlashProgress progress) throws OperationException, TargetException {
        Scope scope = scope();
        boolean swpFb = ctx.driver().banksSwapped();
        List<AddressRange> ranges = new ArrayList<>();
        for (Sector s : scope.sectors()) {
            AddressRange a = ctx.geometry().sectorRange(s, swpFb, ctx.geometry().linkWindow());
            if (!ranges.isEmpty() && ranges.get(ranges.size() - 1).end() == a.start()) {
                AddressRange last = ranges.remove(ranges.size() - 1);
                a = new AddressRange(last.start(), last.size() + a.size());
            }
            ranges.add(a);
        }
        // pre-flight by the doctor: refuse before the first write
        Preflight.requireUnprotected(name(), ctx, scope, true, ranges);
        Optional<RunningBankGuard.Hazard> hazard = RunningBankGuard.check(ctx, name(), RunningBankGuard.Write.erase(
                request instanceof EraseRequest.Range ? RunningBankGuard.Addressing.ADDRESS
                        : RunningBankGuard.Addressing.PHYSICAL_NUMBER, scope.sectors()));
        if (hazard.isPresent() && !allowRunningBank) {
            throw hazard.get().refusal();
        }
        try {
            switch (scope.kind()) {
                case MASS -> ctx.driver().massErase(progress);
                case BANK -> ctx.driver().eraseBank(scope.bank(), progress);
                case SECTORS -> ctx.driver().eraseSectors(scope.sectors(), progress);
            }
        } catch (FlashCanceledException e) {
            throw new OperationCanceledException(name(), e.getMessage(), e);
        }
        return new EraseResult(scope.label(), scope.sectors(), ProtectionModel.names(scope.sectors(), ctx.geometry()),
                swpFb, ctx.driver().bankMappingLabel(), ranges, hazard);
    }
}
