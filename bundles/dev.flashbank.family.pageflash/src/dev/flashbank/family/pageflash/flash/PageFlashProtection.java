package dev.flashbank.family.pageflash.flash;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.InvalidOptionValueException;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.family.pageflash.PageFlashGeometry;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashLine.Series;
import dev.flashbank.family.pageflash.PageFlashOptionFields;
import dev.flashbank.family.pageflash.PageFlashOptionImage;
import dev.flashbank.family.pageflash.PageFlashRegisters;

/**
 * The page-flash {@link ProtectionModel} (RM0440 §3.5 "FLASH memory protection", RM0351 §3.5, RM0432 §3.5, RM0444
 * §3.5), decided from the option image alone: RDP level 1 (no debugger access to the flash) and 2 (no debug at all);
 * write protection as page RANGES - two areas per bank, WRPxA and WRPxB, first..last page inclusive, start above end
 * = no area, page numbers counted in the PHYSICAL bank whatever FB_MODE / nSWAP_BANK maps where (a protected page is
 * neither programmed nor erased, WRPERR, and a bank or mass erase of its bank is refused); PCROP (execute-only) areas
 * as granule ranges (one per bank, two on G0), bank-relative, end inclusive.
 * <p>
 * Single-bank mode: on G4 category 3 and L4+ all four WRP areas protect pages of the one bank (OpenOCD
 * F_USE_ALL_WRPXX), on L4 and G0 only WRP1A/WRP1B; PCROP1 covers the flash from 0x0800_0000 with 128-bit granules on
 * G4/L4+ (RM0440 §3.5.2).
 * <p>
 * The sector map of the Option Bytes editor edits the WRP ranges ({@link #withWriteProtection}: a click extends,
 * shrinks or splits an area, or takes the bank's free one); PCROP ranges stay fields (start/end).
 */
public final class PageFlashProtection implements ProtectionModel {

    /** One WRP area: its register (bank digit and A/B), the physical bank it protects, its page range. */
    public record WrpArea(int registerBank, String area, int physicalBank, int first, int last) {
        public boolean enabled() {
            return first <= last;
        }

        /** "WRP1A". */
        public String name() {
            return "WRP" + registerBank + area;
        }

        public boolean covers(Sector s) {
            return enabled() && s.bank() == physicalBank && s.snb() >= first && s.snb() <= last;
        }
    }

    /** One PCROP area: its register name stem ("PCROP1", "PCROP2B"), the physical bank, its byte range in the bank. */
    public record PcropArea(String name, int physicalBank, Optional<AddressRange> bankOffsets) {
    }

    private final PageFlashLine line;
    private final int flashSizeKiB;
    private final PageFlashOptionImage options;
    private final FlashGeometry geometry;

    public PageFlashProtection(PageFlashLine line, int flashSizeKiB, PageFlashOptionImage options) {
        this.line = line;
        this.flashSizeKiB = flashSizeKiB;
        this.options = options;
        this.geometry = PageFlashGeometry.of(line, flashSizeKiB, options.bankMode());
    }

    @Override
    public FlashGeometry geometry() {
        return geometry;
    }

    @Override
    public PageFlashOptionImage options() {
        return options;
    }

    private PageFlashRegisters regs() {
        return PageFlashRegisters.of(line);
    }

    /** Register banks whose WRP/PCROP areas act in this bank mode. */
    private List<Integer> registerBanks(boolean wrp) {
        if (!line.dualBankCapable()) {
            return List.of(1);
        }
        if (geometry.bankCount() == 2) {
            return List.of(1, 2);
        }
        boolean allInSingle = wrp && (line.series() == Series.G4 || line.series() == Series.L4_PLUS);
        return allInSingle ? List.of(1, 2) : List.of(1);
    }

    /** The physical bank the areas of register bank {@code registerBank} protect in this bank mode. */
    private int physicalBank(int registerBank) {
        return geometry.bankCount() == 2 ? registerBank : 1;
    }

    /** Every WRP area that acts in this bank mode (disabled ones included), in register order. */
    public List<WrpArea> wrpAreas() {
        List<WrpArea> l = new ArrayList<>();
        for (int b : registerBanks(true)) {
            for (String a : List.of("A", "B")) {
                Register r = regs().wrp(b, a);
                int w = options.word(r.name());
                l.add(new WrpArea(b, a, physicalBank(b), r.field(wrpStartField(b, a)).extract(w),
                        r.field(wrpEndField(b, a)).extract(w)));
            }
        }
        return l;
    }

    /** Every PCROP area that acts in this bank mode, with its byte range in its bank (empty: no area). */
    public List<PcropArea> pcropAreas() {
        List<PcropArea> l = new ArrayList<>();
        int granule = PageFlashOptionFields.pcropGranule(line, geometry.mode());
        for (int b : registerBanks(false)) {
            for (String a : regs().pcropAreas()) {
                Register sr = regs().pcropStart(b, a);
                Register er = regs().pcropEnd(b, a);
                int start = sr.field(pcropStartField(b, a)).extract(options.word(sr.name()));
                int end = er.field(pcropEndField(b, a)).extract(options.word(er.name()));
                Bank bank = geometry.bank(physicalBank(b));
                Optional<AddressRange> range = Optional.empty();
                long s = (long) start * granule;
                if (start <= end && s < bank.size()) {
                    range = Optional.of(new AddressRange(s, Math.min((end + 1L) * granule, bank.size()) - s));
                }
                l.add(new PcropArea("PCROP" + b + a, physicalBank(b), range));
            }
        }
        return l;
    }

    /** PCROP_RDP: 1 = an RDP regression erases the PCROP areas too. */
    public boolean pcropRdp() {
        Register er = regs().pcropEnd(1, regs().pcropAreas().get(0));
        return er.field(PCROP_RDP).isSet(options.word(er.name()));
    }

    private boolean writeProtected(Sector s) {
        return wrpAreas().stream().anyMatch(a -> a.covers(s));
    }

    private boolean inPcrop(Sector s) {
        AddressRange page = new AddressRange(s.offset(), s.size());
        return pcropAreas().stream().anyMatch(a -> a.physicalBank() == s.bank()
                && a.bankOffsets().map(page::overlaps).orElse(false));
    }

    @Override
    public List<Sector> writeProtectedSectors() {
        return geometry.sectors().stream().filter(this::writeProtected).toList();
    }

    @Override
    public List<Sector> pcropSectors() {
        return geometry.sectors().stream().filter(this::inPcrop).toList();
    }

    /**
     * "pages 0-3 and 7 of bank 1": runs of pages by RM page number, per physical bank (with 128 or 256 pages a bank,
     * a list of single numbers would not be readable).
     */
    public static String pages(List<Sector> sectors, FlashGeometry g) {
        List<String> parts = new ArrayList<>();
        for (Bank b : g.banks()) {
            List<Integer> numbers = sectors.stream().filter(s -> s.bank() == b.number()).map(Sector::number).sorted()
                    .toList();
            if (numbers.isEmpty()) {
                continue;
            }
            List<String> runs = new ArrayList<>();
            int start = numbers.get(0);
            int prev = start;
            for (int i = 1; i <= numbers.size(); i++) {
                if (i < numbers.size() && numbers.get(i) == prev + 1) {
                    prev = numbers.get(i);
                    continue;
                }
                runs.add(start == prev ? String.valueOf(start) : start + "-" + prev);
                if (i < numbers.size()) {
                    start = numbers.get(i);
                    prev = start;
                }
            }
            boolean one = numbers.size() == 1;
            parts.add((one ? "page " : "pages ") + join(runs) + (g.bankCount() == 2 ? " of bank " + b.number() : ""));
        }
        return parts.isEmpty() ? "no page" : join(parts);
    }

    private static String join(List<String> l) {
        return l.size() == 1 ? l.get(0) : String.join(", ", l.subList(0, l.size() - 1)) + " and " + l.get(l.size() - 1);
    }

    // ------------------------------------------------------------------ blockers

    @Override
    public List<EraseBlocker> blockers(Scope scope) {
        List<EraseBlocker> list = new ArrayList<>();
        String rdpText = "RDP " + RdpLevel.text(options.rdp()) + " (FLASH_OPTR.RDP)";
        if (options.rdpLevel() == RdpLevel.LEVEL_2) {
            list.add(new EraseBlocker(BlockerKind.DEBUG_PORT_LOCKED, scope.sectors(), Optional.empty(),
                    rdpText + ": the debug port is disabled and the option bytes are frozen",
                    "none: level 2 cannot be undone by any means (" + line.referenceManual() + " §3.5.1)",
                    "the part can only run the firmware it has; replace the chip to reprogram it", List.of()));
            return list;
        }
        if (options.rdpLevel() == RdpLevel.LEVEL_1) {
            list.add(new EraseBlocker(BlockerKind.READ_PROTECTION, scope.sectors(), Optional.empty(),
                    rdpText + ": while a debugger is connected the flash cannot be read, programmed or erased (the"
                            + " accesses end in a bus error; no FLASH_SR flag is set)",
                    "flashbank rdp-regress --erase-all-flash (IDE: Option Bytes editor, RDP level 0); registers:"
                            + " KEYR and OPTKEYR unlock, FLASH_OPTR.RDP = 0xAA, OPTSTRT, wait BSY, OBL_LAUNCH (the part"
                            + " resets; with a debugger attached a power-on reset may be needed)",
                    "RDP 1 -> 0 mass-erases the main flash during the option change"
                            + (pcropAreas().stream().anyMatch(a -> a.bankOffsets().isPresent()) && !pcropRdp()
                                    ? " except the pages holding PCROP code (PCROP_RDP = 0)" : "")
                            + "; the other options keep their values",
                    List.of(new FixStep("RDP = 0xAA (level 0): mass-erases the flash", options.withRdp(RdpLevel
                            .LEVEL0_BYTE), true))));
        }
        List<Sector> wrp = scope.sectors().stream().filter(this::writeProtected).toList();
        if (!wrp.isEmpty()) {
            list.add(writeProtection(scope, wrp));
        }
        List<Sector> pcrop = scope.sectors().stream().filter(this::inPcrop).toList();
        if (!pcrop.isEmpty()) {
            list.add(pcrop(scope, pcrop));
        }
        return list;
    }

    private EraseBlocker writeProtection(Scope scope, List<Sector> wrp) {
        Set<WrpArea> areas = new LinkedHashSet<>();
        for (Sector s : wrp) {
            wrpAreas().stream().filter(a -> a.covers(s)).forEach(areas::add);
        }
        PageFlashOptionImage fixed = options;
        List<String> assignments = new ArrayList<>();
        for (WrpArea a : areas) {
            fixed = disabled(fixed, a);
            assignments.add(String.format("%s=%d %s=0", wrpStartField(a.registerBank(), a.area()),
                    (1 << line.wrpBits()) - 1, wrpEndField(a.registerBank(), a.area())));
        }
        String areaText = areas.stream().map(a -> String.format("%s pages %d-%d", a.name(), a.first(), a.last()))
                .collect(Collectors.joining(", "));
        return new EraseBlocker(BlockerKind.WRITE_PROTECTION, wrp, Optional.of(WRPERR),
                pages(wrp, geometry) + (wrp.size() == 1 ? " is" : " are") + " write-protected (" + areaText
                        + ", page numbers of the PHYSICAL bank)" + (scope.isBulk() ? "; " + scope.withArticle()
                                + " is refused as a whole while a WRP area lies in the bank, unprotected pages can"
                                + " still be erased one by one" : ""),
                "flashbank ob set " + String.join(" ", assignments) + " (IDE: Option Bytes editor, write protection:"
                        + " start above end removes an area); registers: KEYR and OPTKEYR unlock, FLASH_WRPxyR,"
                        + " OPTSTRT, wait BSY, OBL_LAUNCH (the part resets)",
                "no erase: only the option bytes are reprogrammed; the protection is gone after the option load that"
                        + " ends the write",
                List.of(new FixStep("remove " + areas.stream().map(WrpArea::name).collect(Collectors.joining(", ")),
                        fixed, true)));
    }

    private PageFlashOptionImage disabled(PageFlashOptionImage img, WrpArea a) {
        Register r = regs().wrp(a.registerBank(), a.area());
        Field start = r.field(wrpStartField(a.registerBank(), a.area()));
        Field end = r.field(wrpEndField(a.registerBank(), a.area()));
        int w = img.word(r.name());
        return img.withWord(r.name(), end.insert(start.insert(w, (int) start.maxValue()), 0));
    }

    /**
     * A PCROP area in the scope. Flashbank refuses before writing: programming or erasing a PCROP page raises WRPERR
     * (RM0440 §3.5.2), and the only way to remove an area is an RDP level 1 -> 0 regression with PCROP_RDP = 1, which
     * mass-erases the flash (from level 0: raise to level 1 first).
     */
    private EraseBlocker pcrop(Scope scope, List<Sector> sectors) {
        PageFlashOptionImage removed = options;
        for (PcropArea a : pcropAreas()) {
            if (a.bankOffsets().isPresent()) {
                String stem = a.name();
                int b = Character.getNumericValue(stem.charAt(5));
                String area = stem.substring(6);
                Register sr = regs().pcropStart(b, area);
                Register er = regs().pcropEnd(b, area);
                Field start = sr.field(pcropStartField(b, area));
                removed = removed.withWord(sr.name(), start.insert(removed.word(sr.name()), (int) start.maxValue()));
                Field end = er.field(pcropEndField(b, area));
                removed = removed.withWord(er.name(), end.insert(removed.word(er.name()), 0));
            }
        }
        Register er1 = regs().pcropEnd(1, regs().pcropAreas().get(0));
        PageFlashOptionImage withRdpErase = options.withWord(er1.name(), er1.field(PCROP_RDP)
                .insert(options.word(er1.name()), 1));
        List<FixStep> steps = new ArrayList<>();
        if (options.rdpLevel() == RdpLevel.LEVEL_0) {
            steps.add(new FixStep("PCROP_RDP = 1 and RDP = 0xBB (level 1): nothing is erased yet",
                    withRdpErase.withRdp(0xBB), true));
        } else if (!pcropRdp()) {
            steps.add(new FixStep("PCROP_RDP = 1 (an RDP regression then erases the PCROP areas too)", withRdpErase,
                    true));
        }
        removed = removed.withWord(er1.name(), er1.field(PCROP_RDP).insert(removed.word(er1.name()), 1));
        steps.add(new FixStep("RDP = 0xAA (level 0) with PCROP_RDP = 1 and the areas removed: full mass erase",
                removed.withRdp(RdpLevel.LEVEL0_BYTE), true));
        String areas = pcropAreas().stream().filter(a -> a.bankOffsets().isPresent())
                .map(a -> String.format("%s: bank %d offsets 0x%06X-0x%06X", a.name(), a.physicalBank(),
                        a.bankOffsets().get().start(), a.bankOffsets().get().last()))
                .collect(Collectors.joining("; "));
        return new EraseBlocker(BlockerKind.PCROP, sectors, Optional.of(WRPERR),
                pages(sectors, geometry) + (sectors.size() == 1 ? " holds" : " hold") + " PCROP (execute-only) code ("
                        + areas + "): it can be executed but not read (reads raise RDERR), and programming or"
                        + " erasing it raises WRPERR; Flashbank does not erase or program it"
                        + (scope.isBulk() ? ", which blocks the " + scope.label() : ""),
                (options.rdpLevel() == RdpLevel.LEVEL_0 ? "flashbank ob set PCROP_RDP=1 RDP=level1, then " : "")
                        + "flashbank rdp-regress --erase-all-flash with PCROP_RDP = 1 and the area bounds set to start"
                        + " above end (IDE: Option Bytes editor) - the only way the part removes a PCROP area",
                "the WHOLE flash is mass-erased, the PCROP code included, and the areas are removed; the other"
                        + " options keep their values",
                steps);
    }

    // ------------------------------------------------------------------ editing

    /** Other options of the same part, on the layout they select (a DBANK change re-lays the pages). */
    @Override
    public PageFlashProtection of(OptionImage other) {
        if (!(other instanceof PageFlashOptionImage o) || o.line() != line) {
            throw new IllegalArgumentException("option bytes of " + line.displayName() + " expected, got "
                    + other.lineName());
        }
        return new PageFlashProtection(line, flashSizeKiB, o);
    }

    /** The WRP range fields: the page map edits them. */
    @Override
    public boolean isPerSectorField(OptionField field) {
        return field.name().startsWith("WRP");
    }

    @Override
    public String writeProtectionBits() {
        return "WRPxy";
    }

    /**
     * {@link #options()} with page {@code s} protected or not: an adjacent area of its bank grows by it, an area
     * ending or starting at it shrinks, an area it lies inside splits (using the bank's free area); otherwise the
     * bank's free area takes it. Refused (nothing changes) when the bank's two areas cannot express the result.
     */
    @Override
    public PageFlashOptionImage withWriteProtection(Sector s, boolean protect) {
        List<WrpArea> mine = wrpAreas().stream().filter(a -> a.physicalBank() == s.bank()).toList();
        int p = s.snb();
        if (protect == writeProtected(s)) {
            return options;
        }
        if (protect) {
            for (WrpArea a : mine) {
                if (a.enabled() && (a.last() == p - 1 || a.first() == p + 1)) {
                    return set(options, a, Math.min(a.first(), p), Math.max(a.last(), p));
                }
            }
            Optional<WrpArea> free = mine.stream().filter(a -> !a.enabled()).findFirst();
            if (free.isEmpty()) {
                throw new InvalidOptionValueException("WRP", refusal(s, mine, "protect"));
            }
            return set(options, free.get(), p, p);
        }
        PageFlashOptionImage img = options;
        for (WrpArea a : mine.stream().filter(a -> a.covers(s)).toList()) {
            if (a.first() == p && a.last() == p) {
                img = disabled(img, a);
            } else if (a.first() == p) {
                img = set(img, a, p + 1, a.last());
            } else if (a.last() == p) {
                img = set(img, a, a.first(), p - 1);
            } else {
                Optional<WrpArea> free = mine.stream().filter(x -> !x.enabled()).findFirst();
                if (free.isEmpty()) {
                    throw new InvalidOptionValueException("WRP", refusal(s, mine, "unprotect"));
                }
                img = set(set(img, a, a.first(), p - 1), free.get(), p + 1, a.last());
            }
        }
        return img;
    }

    private String refusal(Sector s, List<WrpArea> mine, String what) {
        return String.format("cannot %s %s alone: bank %d has two write-protection areas (%s) and both are in use;"
                + " edit the WRP ranges so that one area is free", what, pages(List.of(s), geometry), s.bank(),
                mine.stream().map(a -> a.name() + " pages " + a.first() + "-" + a.last())
                        .collect(Collectors.joining(", ")));
    }

    private PageFlashOptionImage set(PageFlashOptionImage img, WrpArea a, int first, int last) {
        Register r = regs().wrp(a.registerBank(), a.area());
        Field start = r.field(wrpStartField(a.registerBank(), a.area()));
        Field end = r.field(wrpEndField(a.registerBank(), a.area()));
        return img.withWord(r.name(), end.insert(start.insert(img.word(r.name()), first), last));
    }
}
