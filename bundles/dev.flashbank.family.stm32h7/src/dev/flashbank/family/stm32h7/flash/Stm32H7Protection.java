package dev.flashbank.family.stm32h7.flash;

import static dev.flashbank.family.stm32h7.Stm32H7Registers.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.family.stm32h7.Stm32H7OptionFields;
import dev.flashbank.family.stm32h7.Stm32H7OptionImage;
import dev.flashbank.family.stm32h7.Stm32H7Parameters;
import dev.flashbank.family.stm32h7.Stm32H7Registers;

/**
 * The STM32H7 {@link ProtectionModel} (RM0433 §4.5 "FLASH protection mechanisms"), decided from the option image:
 * RDP level 1 (no debugger access to the flash) and 2 (no debug at all); WPSN write protection per sector, active low
 * (a protected sector is neither programmed nor erased, WRPERR, and a bank or mass erase is refused as a whole -
 * RM0433 §4.3.10, §4.5.4); the PCROP (execute-only) area of each bank in PRARx and the secure-only area in SCARx
 * (256-byte blocks, bank-relative, END inclusive, START &gt; END = no area; START == END is the model parameter
 * areaStartEqualsEndProtectsWholeBank). Which register set describes which physical bank after a swap is the model
 * parameter optionRegistersFollowSwap. Fix texts name the fields {@code flashbank ob set} accepts (RDP, WRPSNn_i,
 * PROT_AREA_STARTn, DMEPn, SEC_AREA_STARTn, DMESn).
 */
public final class Stm32H7Protection implements ProtectionModel {

    private final FlashGeometry geometry;
    private final Stm32H7OptionImage options;
    private final Stm32H7Registers regs;
    private final Stm32H7Parameters params;
    private final boolean swapBank;
    private final int sectorsPerWrpsnBit;

    /**
     * @param swapBank the mapping in force (FLASH_OPTCR.SWAP_BANK), which decides the register set of a physical bank
     *        when optionRegistersFollowSwap
     * @param sectorsPerWrpsnBit sectors one WRPSN bit protects (1; H7A/B: 4)
     */
    public Stm32H7Protection(FlashGeometry geometry, Stm32H7OptionImage options, Stm32H7Registers regs,
            Stm32H7Parameters params, boolean swapBank, int sectorsPerWrpsnBit) {
        this.geometry = geometry;
        this.options = options;
        this.regs = regs;
        this.params = params;
        this.swapBank = swapBank;
        this.sectorsPerWrpsnBit = sectorsPerWrpsnBit;
    }

    @Override
    public FlashGeometry geometry() {
        return geometry;
    }

    @Override
    public Stm32H7OptionImage options() {
        return options;
    }

    /** The option register set (1 or 2: WPSN_PRGn, PRAR_PRGn, SCAR_PRGn) that describes physical bank {@code bank}. */
    public int optionSet(int bank) {
        return params.optionRegistersFollowSwap() && swapBank && geometry.bankCount() == 2 ? 3 - bank : bank;
    }

    /** The WRPSN bit of {@code s} in its bank's WPSN register. */
    public int wrpsnBit(Sector s) {
        return s.number() / sectorsPerWrpsnBit;
    }

    private boolean writeProtected(Sector s) {
        Register wpsn = regs.wpsnPrg(optionSet(s.bank()));
        return ((wpsn.field(WRPSN).extract(options.word(wpsn.name())) >>> wrpsnBit(s)) & 1) == 0;
    }

    /** Every physical sector with what protects it. */
    public List<H7SectorProtection> sectors() {
        List<H7SectorProtection> list = new ArrayList<>();
        for (Bank b : geometry.banks()) {
            Optional<AddressRange> pcrop = area(b, false);
            Optional<AddressRange> secure = area(b, true);
            for (Sector s : b.sectors()) {
                AddressRange sr = new AddressRange(s.offset(), s.size());
                list.add(new H7SectorProtection(s, writeProtected(s), pcrop.filter(sr::overlaps).map(r -> clip(r, sr)),
                        secure.filter(sr::overlaps).map(r -> clip(r, sr))));
            }
        }
        return list;
    }

    /** The PCROP (PRAR) or secure-only (SCAR) area of physical bank {@code b}, as bank offsets. */
    public Optional<AddressRange> area(Bank b, boolean secure) {
        Register r = secure ? regs.scarPrg(optionSet(b.number())) : regs.prarPrg(optionSet(b.number()));
        return area(b, options.word(r.name()), r.field(secure ? SEC_AREA_START : PROT_AREA_START),
                r.field(secure ? SEC_AREA_END : PROT_AREA_END), params.areaStartEqualsEndProtectsWholeBank());
    }

    /**
     * A PRAR/SCAR value as bank offsets (256-byte blocks, END inclusive), clipped to the bank: START &gt; END is no
     * area; START == END the whole bank when {@code wholeBankWhenEqual}, else that one block.
     */
    static Optional<AddressRange> area(Bank b, int value, Field startField, Field endField,
            boolean wholeBankWhenEqual) {
        long start = (long) startField.extract(value) << 8;
        long end = ((long) endField.extract(value) << 8) + 0xFF;
        if (start > end - 0xFF) {
            return Optional.empty();
        }
        if (start == end - 0xFF && wholeBankWhenEqual) {
            return Optional.of(new AddressRange(0, b.size()));
        }
        if (start >= b.size()) {
            return Optional.empty();
        }
        return Optional.of(new AddressRange(start, Math.min(end + 1, b.size()) - start));
    }

    private static AddressRange clip(AddressRange r, AddressRange to) {
        long s = Math.max(r.start(), to.start());
        return new AddressRange(s, Math.min(r.end(), to.end()) - s);
    }

    // ------------------------------------------------------------------ per-sector editing

    /** {@code other} options of this line under the same mapping (the bank layout of an H7 line is fixed). */
    @Override
    public Stm32H7Protection of(OptionImage other) {
        if (!(other instanceof Stm32H7OptionImage o) || !o.lineId().equals(options.lineId())) {
            throw new IllegalArgumentException("option bytes of " + options.lineName() + " expected, got "
                    + other.lineName());
        }
        return new Stm32H7Protection(geometry, o, regs, params, swapBank, sectorsPerWrpsnBit);
    }

    /** The WRPSNn_i bits (RM0433 §4.9.12): the sector map sets them; PRAR/SCAR bounds stay fields. */
    @Override
    public boolean isPerSectorField(OptionField field) {
        return field.name().startsWith(Stm32H7OptionFields.WRPSN_PREFIX);
    }

    @Override
    public String writeProtectionBits() {
        return WRPSN;
    }

    /** The sectors of the same physical bank behind the same WRPSN bit (H7A/B: four). */
    @Override
    public List<Sector> writeProtectionUnit(Sector s) {
        return geometry.bank(s.bank()).sectors().stream().filter(x -> wrpsnBit(x) == wrpsnBit(s)).toList();
    }

    /** The WRPSN bit of {@code s} in the register set of its physical bank ({@link #optionSet}); 0 = protected. */
    @Override
    public Stm32H7OptionImage withWriteProtection(Sector s, boolean protect) {
        Register wpsn = regs.wpsnPrg(optionSet(s.bank()));
        Field f = wpsn.field(WRPSN);
        int word = options.word(wpsn.name());
        int bits = protect ? f.extract(word) & ~(1 << wrpsnBit(s)) : f.extract(word) | 1 << wrpsnBit(s);
        return options.withWord(wpsn.name(), f.insert(word, bits));
    }

    @Override
    public List<Sector> writeProtectedSectors() {
        return geometry.sectors().stream().filter(this::writeProtected).toList();
    }

    @Override
    public List<Sector> pcropSectors() {
        return sectors().stream().filter(p -> p.pcrop().isPresent()).map(H7SectorProtection::sector).toList();
    }

    @Override
    public List<Sector> secureSectors() {
        return sectors().stream().filter(p -> p.secure().isPresent()).map(H7SectorProtection::sector).toList();
    }

    @Override
    public List<EraseBlocker> blockers(Scope scope) {
        List<EraseBlocker> list = new ArrayList<>();
        RdpLevel rdp = options.rdpLevel();
        String rdpText = "RDP " + RdpLevel.text(options.rdp());
        if (rdp == RdpLevel.LEVEL_2) {
            list.add(new EraseBlocker(BlockerKind.DEBUG_PORT_LOCKED, scope.sectors(), Optional.empty(),
                    rdpText + ": the debug port is disabled and the option bytes are frozen (FLASH_OPTSR_CUR.RDP = "
                            + "0xCC)",
                    "none: level 2 cannot be undone by any means, by Flashbank or any IDE (RM0433 §4.5.3)",
                    "the part can only run the firmware it has; replace the chip to reprogram it", List.of()));
            return list;
        }
        if (rdp == RdpLevel.LEVEL_1) {
            list.add(new EraseBlocker(BlockerKind.READ_PROTECTION, scope.sectors(), Optional.empty(),
                    rdpText + ": while a debugger is connected the flash cannot be read, programmed or erased (reads "
                            + "raise RDPERR; which FLASH_SRx flag a refused erase sets is not documented in what we "
                            + "read)",
                    "flashbank rdp-regress --erase-all-flash (IDE: Option Bytes editor, RDP level 0), then reset; "
                            + "registers: OPTKEYR unlock, FLASH_OPTSR_PRG.RDP = 0xAA, OPTSTART, wait OPT_BUSY, OPTLOCK",
                    "RDP 1->0 mass-erases the user flash (as long as a mass erase); PCROP and secure-only areas whose "
                            + "DMEPx/DMESx = 0 survive it; the other options keep their values",
                    List.of(new FixStep("RDP = 0xAA (level 0): mass-erases the flash",
                            options.withWord(OPTSR_PRG, regs.optsrPrg().field(RDP).insert(options.word(OPTSR_PRG),
                                    RdpLevel.LEVEL0_BYTE)), true))));
        }
        List<Sector> wrp = scope.sectors().stream().filter(this::writeProtected).toList();
        if (!wrp.isEmpty()) {
            list.add(writeProtection(scope, wrp));
        }
        List<H7SectorProtection> inScope = sectors().stream().filter(p -> scope.sectors().contains(p.sector()))
                .toList();
        List<Sector> pcrop = inScope.stream().filter(p -> p.pcrop().isPresent()).map(H7SectorProtection::sector)
                .toList();
        if (!pcrop.isEmpty()) {
            list.add(area(scope, pcrop, false));
        }
        List<Sector> secure = inScope.stream().filter(p -> p.secure().isPresent()).map(H7SectorProtection::sector)
                .toList();
        if (!secure.isEmpty()) {
            list.add(area(scope, secure, true));
        }
        return list;
    }

    private EraseBlocker writeProtection(Scope scope, List<Sector> wrp) {
        TreeSet<String> fields = new TreeSet<>();
        Stm32H7OptionImage fixed = options;
        for (Sector s : wrp) {
            int set = optionSet(s.bank());
            Register wpsn = regs.wpsnPrg(set);
            Field f = wpsn.field(WRPSN);
            fields.add(Stm32H7OptionFields.wrpsnField(set, wrpsnBit(s)));
            int word = fixed.word(wpsn.name());
            fixed = fixed.withWord(wpsn.name(), f.insert(word, f.extract(word) | 1 << wrpsnBit(s)));
        }
        List<Sector> covered = geometry.sectors().stream()
                .filter(s -> fields.contains(Stm32H7OptionFields.wrpsnField(optionSet(s.bank()), wrpsnBit(s))))
                .toList();
        String groupNote = covered.size() > wrp.size()
                ? " (one WRPSN bit covers " + sectorsPerWrpsnBit + " sectors, so this unprotects "
                        + ProtectionModel.names(covered, geometry) + ")"
                : "";
        String registers = wrp.stream().map(s -> "FLASH_" + regs.wpsnPrg(optionSet(s.bank())).name()).distinct()
                .collect(Collectors.joining(", "));
        String names = ProtectionModel.names(wrp, geometry);
        return new EraseBlocker(BlockerKind.WRITE_PROTECTION, wrp, Optional.of(H7StatusFlag.WRPERR.fieldName()),
                names + (wrp.size() == 1 ? " is" : " are") + " write-protected (" + String.join(", ", fields)
                        + " = 0 in " + registers + ", active low)" + (scope.isBulk() ? "; " + scope.withArticle()
                                + " is refused as a whole while any sector of the bank is protected, unprotected "
                                + "sectors can still be erased one by one" : ""),
                "flashbank ob set " + fields.stream().map(f -> f + "=1").collect(Collectors.joining(" "))
                        + " (IDE: Option Bytes editor, write protection)" + groupNote + "; registers: OPTKEYR unlock, "
                        + registers + ".WRPSN bit = 1, OPTSTART, wait OPT_BUSY, OPTLOCK",
                "no erase: only the option bytes are reprogrammed; the protection changes when OPTSTART completes, "
                        + "no reset needed",
                List.of(new FixStep("unprotect " + String.join(", ", fields), fixed, false)));
    }

    /**
     * A PCROP or secure-only area in the scope. Flashbank refuses before writing: erasing such a sector would destroy
     * (or fail on) code the part keeps execute-only / secure, and which flag the controller raises for it is not
     * documented in what we read (RM0433 §4.5.5/§4.5.6 not read) - the only documented way out is the bank erase
     * "with protection removal" (RM0433 §4.3.10): DMEPx/DMESx = 1, the area disabled (START &gt; END), then BER.
     */
    private EraseBlocker area(Scope scope, List<Sector> sectors, boolean secure) {
        String what = secure ? "a secure-only area (SCAR" : "an execute-only PCROP area (PRAR";
        TreeSet<Integer> banks = sectors.stream().map(Sector::bank).collect(Collectors.toCollection(TreeSet::new));
        Stm32H7OptionImage fixed = options;
        List<String> assignments = new ArrayList<>();
        List<String> areas = new ArrayList<>();
        for (int bank : banks) {
            int set = optionSet(bank);
            Register r = secure ? regs.scarPrg(set) : regs.prarPrg(set);
            Field start = r.field(secure ? SEC_AREA_START : PROT_AREA_START);
            Field end = r.field(secure ? SEC_AREA_END : PROT_AREA_END);
            Field erase = r.field(secure ? DMES : DMEP);
            int word = options.word(r.name());
            area(geometry.bank(bank), secure).ifPresent(a -> areas.add(String.format(
                    "bank %d offsets 0x%06X-0x%06X", bank, a.start(), a.last())));
            int disabled = end.insert(start.insert(erase.insert(word, 1), (int) start.maxValue()), 0);
            fixed = fixed.withWord(r.name(), disabled);
            assignments.add(String.format("%s=1 %s=0x%X %s=0", Stm32H7OptionFields.bankField(erase.name(), set),
                    Stm32H7OptionFields.bankField(start.name(), set), start.maxValue(),
                    Stm32H7OptionFields.bankField(end.name(), set)));
        }
        String bankList = banks.stream().map(b -> "--bank " + b).collect(Collectors.joining(", then flashbank erase "));
        return new EraseBlocker(secure ? BlockerKind.SECURE_AREA : BlockerKind.PCROP, sectors, Optional.empty(),
                ProtectionModel.names(sectors, geometry) + (sectors.size() == 1 ? " holds " : " hold ") + what
                        + ", " + String.join("; ", areas) + "): "
                        + (secure ? "it is reachable only in secure access mode (reads raise RDSERR)"
                                : "it can be executed but not read (reads raise RDPERR)")
                        + "; Flashbank does not erase or program it" + (scope.isBulk() ? ", which blocks the "
                                + scope.label() : "")
                        + " (which FLASH_SRx flag the controller raises for it is not documented in what we read)",
                "flashbank ob set " + String.join(" ", assignments) + " (IDE: Option Bytes editor), then flashbank "
                        + "erase " + bankList + ": a bank erase with protection removal (RM0433 §4.3.10; exact "
                        + "rules UNCONFIRMED)",
                "the WHOLE bank " + banks.stream().map(String::valueOf).collect(Collectors.joining(" and "))
                        + " is erased, including the " + (secure ? "secure" : "execute-only") + " code, and the area "
                        + "is removed; the other options keep their values",
                List.of(new FixStep((secure ? "DMES" : "DMEP") + " = 1 and the area disabled (START > END); then a "
                        + "bank erase", fixed, false)));
    }
}
