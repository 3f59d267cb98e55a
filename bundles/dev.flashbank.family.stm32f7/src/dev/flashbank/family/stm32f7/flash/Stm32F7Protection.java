package dev.flashbank.family.stm32f7.flash;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.Sector;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Geometry;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.family.stm32f7.Stm32F7Registers;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.ProtectionModel;

/**
 * What stops a debugger from erasing or programming a part of the flash, decided from the option bytes alone
 * (RM0410 FLASH_OPTCR, FLASH_SR and read protection; RM0431 PCROP): RDP level 1 (no debugger flash access), RDP level 2
 * (no debug at all), nWRP = 0 sectors (WRPERR; a mass/bank erase is refused if ANY sector of its scope is protected),
 * PCROP sectors (F72x; the flag a mass erase raises is the model parameter
 * {@link Stm32F7Parameters#pcropMassEraseFlag()}). Each blocker says how to remove it, what that costs, and gives the option
 * writes that do it ({@link FixStep}s), so the doctor can explain and a tool (or a test) can follow the fix
 * mechanically. The STM32F7 {@link ProtectionModel}: shared by the driver (to name the likely cause of a flag), the
 * operations' pre-flight and the doctor (to predict).
 */
public final class Stm32F7Protection implements ProtectionModel {

    private final FlashGeometry geometry;
    private final OptionBytes options;
    private final Stm32F7Parameters parameters;

    public Stm32F7Protection(FlashGeometry geometry, OptionBytes options, Stm32F7Parameters parameters) {
        this.geometry = geometry;
        this.options = options;
        this.parameters = parameters;
    }

    @Override
    public OptionBytes options() {
        return options;
    }

    @Override
    public FlashGeometry geometry() {
        return geometry;
    }

    /** Every sector of this layout whose nWRP bit is 0 (in this layout's nWRP mapping, see {@link #isWriteProtected}). */
    @Override
    public List<Sector> writeProtectedSectors() {
        return geometry.sectors().stream().filter(this::isWriteProtected).toList();
    }

    /**
     * The nWRP bit of {@code s} read with the mapping of the layout's bank mode, not of the options' nDBANK: between an
     * nDBANK write and the reset that latches it, the part still has the old layout and maps nWRP bits to its sectors
     * as before (RM0410 FLASH_OPTCR: bit i = sector i single-bank, sectors 2i and 2i+1 dual-bank), as the simulator
     * does. Read with the options' own mode, the Flash Banks view marked the sectors of the other layout (single-bank
     * sector 5 protected showed sectors 10 and 11) or failed on sector 12 ("no nWRP bit in SINGLE bank mode").
     */
    private boolean isWriteProtected(Sector s) {
        return ((options.nWrp() >>> Stm32F7Geometry.nWrpBit(s.number(), geometry.mode())) & 1) == 0;
    }

    /** Every PCROP-protected sector (F72x; PCROP bit i = sector i of bank 1). */
    @Override
    public List<Sector> pcropSectors() {
        return geometry.sectors().stream().filter(s -> s.bank() == 1 && options.isPcropProtected(s.number())).toList();
    }

    /** Everything that blocks {@code scope}, most fundamental first (RDP, then nWRP, then PCROP). */
    @Override
    public List<EraseBlocker> blockers(Scope scope) {
        List<EraseBlocker> list = new ArrayList<>();
        RdpLevel rdp = options.rdpLevel();
        if (rdp == RdpLevel.LEVEL_2) {
            list.add(new EraseBlocker(BlockerKind.DEBUG_PORT_LOCKED, scope.sectors(), Optional.empty(),
                    "RDP " + Stm32F7OptionFields.rdpText(options.rdp()) + ": the debug port is disabled and the option "
                            + "bytes are frozen",
                    "none: level 2 cannot be undone by any means, by Flashbank or any IDE (RM0410, read protection)",
                    "the part can only run the firmware it has; replace the chip to reprogram it", List.of()));
            return list;
        }
        if (rdp == RdpLevel.LEVEL_1) {
            OptionBytes fixed = options.withRdp(Stm32F7OptionFields.RDP_LEVEL0);
            list.add(new EraseBlocker(BlockerKind.READ_PROTECTION, scope.sectors(), Optional.empty(),
                    "RDP " + Stm32F7OptionFields.rdpText(options.rdp()) + ": while a debugger is connected the flash "
                            + "cannot be read, programmed or erased (which FLASH_SR flag a refused erase sets is not "
                            + "documented)",
                    "flashbank rdp-regress --erase-all-flash (IDE: Option Bytes editor, RDP level 0), then reset; "
                            + "registers: OPTKEYR unlock, OPTCR.RDP = 0xAA, OPTSTRT, wait BSY, OPTLOCK",
                    "RDP 1->0 mass-erases ALL user flash before protection is removed (it takes as long as a mass "
                            + "erase); the other option bytes (nWRP, BOOT_ADDx, ...) keep their values"
                            + (options.line().hasPcrop() && !pcropSectors().isEmpty() ? pcropRegressionNote() : ""),
                    List.of(new FixStep("RDP = 0xAA (level 0): mass-erases the flash", fixed, true))));
        }
        List<Sector> wrp = scope.sectors().stream().filter(this::isWriteProtected).toList();
        if (!wrp.isEmpty()) {
            TreeSet<Integer> bits = new TreeSet<>();
            wrp.forEach(s -> bits.add(Stm32F7Geometry.nWrpBit(s.number(), geometry.mode())));
            int nWrp = options.nWrp();
            for (int bit : bits) {
                nWrp |= 1 << bit; // the bits of this layout (see isWriteProtected)
            }
            OptionBytes fixed = options.withNWrp(nWrp);
            String bitText = bits.stream().map(b -> "nWRP[" + b + "]").collect(Collectors.joining(", "));
            List<Sector> covered = geometry.sectors().stream()
                    .filter(s -> bits.contains(Stm32F7Geometry.nWrpBit(s.number(), geometry.mode()))).toList();
            String pairNote = geometry.mode() == BankMode.DUAL
                    ? " (dual-bank mode: one nWRP bit covers two sectors, so this unprotects " + names(covered) + ")"
                    : "";
            list.add(new EraseBlocker(BlockerKind.WRITE_PROTECTION, wrp, Optional.of(FlashErrorFlag.WRPERR.fieldName()),
                    names(wrp) + (wrp.size() == 1 ? " is" : " are") + " write-protected (" + bitText + " = 0, active "
                            + "low)" + (scope.isBulk() ? "; " + scope.withArticle() + " is refused as a whole while any "
                                    + "sector in it is protected, unprotected sectors can still be erased one by one"
                                    : ""),
                    "flashbank ob set " + bits.stream().map(b -> "nWRP" + b + "=1").collect(Collectors.joining(" "))
                            + " (IDE: Option Bytes editor, untick write protection)" + pairNote + "; registers: "
                            + "OPTKEYR unlock, OPTCR." + bitText + " = 1, OPTSTRT, wait BSY, OPTLOCK",
                    "no erase: only the option bytes are reprogrammed; the change acts "
                            + (parameters.optionsEffectiveAfterOptstrt().contains(Stm32F7Registers.nWRP)
                                    ? "as soon as OPTSTRT completes" : "after the next reset")
                            + " (model parameter optionsEffectiveAfterOptstrt)",
                    List.of(new FixStep("unprotect " + bitText, fixed, false))));
        }
        List<Sector> pcrop = scope.sectors().stream()
                .filter(s -> s.bank() == 1 && options.isPcropProtected(s.number())).toList();
        if (!pcrop.isEmpty()) {
            FlashErrorFlag flag = scope.isBulk() ? FlashErrorFlag.byFieldName(parameters.pcropMassEraseFlag())
                    : FlashErrorFlag.WRPERR;
            boolean eraseValue = parameters.pcropRdpSetMeansErase();
            OptionBytes step1 = options.withPcropRdp(eraseValue);
            OptionBytes step2 = step1.withRdpLevel(RdpLevel.LEVEL_1);
            OptionBytes step3 = step2.withRdp(Stm32F7OptionFields.RDP_LEVEL0);
            list.add(new EraseBlocker(BlockerKind.PCROP, pcrop, Optional.of(flag.fieldName()),
                    names(pcrop) + (pcrop.size() == 1 ? " is" : " are") + " PCROP-protected (execute-only, OPTCR2.PCROP "
                            + "bit = 1, active high): it cannot be read, programmed or erased"
                            + (scope.isBulk() ? ", which blocks the " + scope.label() + " (which flag that raises "
                                    + "is the UNCONFIRMED model parameter pcropMassEraseFlag = " + flag.fieldName() + ")"
                                    : ""),
                    "flashbank ob set PCROP_RDP=" + (eraseValue ? 1 : 0) + ", then flashbank ob set RDP=0x55, reset, "
                            + "then flashbank rdp-regress --erase-all-flash (RDP = 0xAA) and reset (IDE: Option Bytes editor, the "
                            + "same steps): PCROP is removed only through an RDP regression (RM0410, read protection and PCROP)",
                    "ALL user flash is mass-erased, including the PCROP sectors, and PCROP is cleared; other options "
                            + "keep their values",
                    List.of(new FixStep("PCROP_RDP = " + (eraseValue ? 1 : 0) + " (PCROP area erased on regression; "
                            + "polarity is the model parameter pcropRdpSetMeansErase)", step1, false),
                            new FixStep("RDP = 0x55 (level 1)", step2, true),
                            new FixStep("RDP = 0xAA (level 0): mass-erases the flash and clears PCROP", step3, true))));
        }
        return list;
    }

    // ------------------------------------------------------------------ per-sector editing

    /**
     * {@code options} of this line on the layout of their bank mode (nDBANK re-lays the sectors, RM0410 flash memory
     * organisation).
     */
    @Override
    public Stm32F7Protection of(OptionImage other) {
        if (!(other instanceof OptionBytes o) || o.line() != options.line()) {
            throw new IllegalArgumentException("option bytes of " + options.line().displayName() + " expected, got "
                    + other.lineName());
        }
        int kib = (int) (geometry.totalSize() / 1024);
        FlashGeometry g = o.bankMode() == geometry.mode() ? geometry
                : Stm32F7Geometry.of(o.line(), kib, o.bankMode(), parameters);
        return new Stm32F7Protection(g, o, parameters);
    }

    /** nWRPi and PCROPi (not PCROP_RDP): the bits the sector map sets. */
    @Override
    public boolean isPerSectorField(OptionField field) {
        String n = field.name();
        return n.matches(Stm32F7OptionFields.nWRP_PREFIX + "\\d+") || n.matches(Stm32F7OptionFields.PCROP_PREFIX + "\\d+");
    }

    @Override
    public String writeProtectionBits() {
        return Stm32F7Registers.nWRP;
    }

    /** In dual-bank mode one nWRP bit covers sectors 2i and 2i+1 (HAL OB_WRP_DB_SECTOR_x). */
    @Override
    public List<Sector> writeProtectionUnit(Sector s) {
        return Stm32F7Geometry.sectorsOfNwrpBit(geometry, Stm32F7Geometry.nWrpBit(s.number(), geometry.mode()));
    }

    @Override
    public OptionBytes withWriteProtection(Sector s, boolean protect) {
        int bit = 1 << Stm32F7Geometry.nWrpBit(s.number(), geometry.mode()); // this layout's bit (isWriteProtected)
        return options.withNWrp(protect ? options.nWrp() & ~bit : options.nWrp() | bit);
    }

    /** PCROP exists on F72x only. */
    @Override
    public boolean hasExecuteOnly() {
        return options.line().hasPcrop();
    }

    @Override
    public boolean executeOnlyPerSector() {
        return options.line().hasPcrop();
    }

    /** PCROP bit i = sector i of bank 1 (F72x). */
    @Override
    public OptionBytes withExecuteOnly(Sector s, boolean executeOnly) {
        if (!options.line().hasPcrop()) {
            throw new UnsupportedOperationException(options.line().displayName() + " has no PCROP");
        }
        return options.withPcropProtection(s.number(), executeOnly);
    }

    private String pcropRegressionNote() {
        boolean erased = options.pcropRdp() == parameters.pcropRdpSetMeansErase();
        return erased ? "; PCROP_RDP says the PCROP sectors are erased too and PCROP is cleared"
                : "; PCROP_RDP says the PCROP sectors SURVIVE the regression (and stay protected)";
    }

    private static String names(List<Sector> sectors) {
        return ProtectionModel.names(sectors);
    }
}
