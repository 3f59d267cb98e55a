package dev.flashbank.family.pageflash;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.LineDescriptor;
import dev.flashbank.core.device.MemoryRegion;
import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.ParameterStatus;
import dev.flashbank.core.device.RegisterBlock;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.family.pageflash.PageFlashLine.Series;

/** {@link DeviceDescriptor} of one page-flash line, with its parameters. */
public final class PageFlashDescriptor extends LineDescriptor<PageFlashLine> {

    /**
     * Family name as providers, {@code info} and profiles show it: one controller design (the page-flash FLASH of
     * RM0440, RM0351/RM0432 and RM0444) shared by the STM32G4, STM32L4/L4+ and STM32G0 series.
     */
    public static final String FAMILY = "STM32G4/L4/G0";

    /**
     * The A/B scheme of dual-bank L4, L4+ and G4 category 3 parts (RM0351 §2.6 "Boot configuration", RM0440 §2.6.1):
     * both images are linked for 0x0800_0000; FLASH_OPTR.BFB2 = 1 makes the ROM bootloader start bank 2 when its stack
     * pointer is valid and map it at 0x0800_0000 (SYSCFG_MEMRMP.FB_MODE = 1); BFB2 = 0 boots bank 1. In force after
     * the next option load (OBL_LAUNCH resets the part). What it does on a target: {@code flash.PageFlashBankSwap}.
     */
    public static final SwitchScheme BFB2 = new SwitchScheme("bfb2", "BFB2", List.of("dual-bank-boot"),
            SwitchScheme.LinkRule.FIRST_SLOT, "FB_MODE",
            "images linked for 0x08000000; BFB2 makes the bootloader start bank 2 (FB_MODE maps it at 0x08000000)");

    /**
     * The A/B scheme of dual-bank G0B1/G0C1 parts (RM0444 §3.3.1, FLASH_OPTR.nSWAP_BANK): both images are linked for
     * 0x0800_0000; nSWAP_BANK = 0 maps physical bank 2 there from the next option load. No bootloader detour.
     */
    public static final SwitchScheme SWAP_BANK = new SwitchScheme("swap-bank", "nSWAP_BANK",
            List.of("nswap-bank", "swapbank"), SwitchScheme.LinkRule.FIRST_SLOT, "nSWAP_BANK",
            "images linked for 0x08000000; nSWAP_BANK = 0 maps bank 2 there from the next option load");

    private final PageFlashParameters parameters;
    private final PageFlashRegisters registers;

    public PageFlashDescriptor(PageFlashLine line, PageFlashParameters parameters) {
        super(line);
        this.parameters = parameters;
        this.registers = PageFlashRegisters.of(line);
    }

    public static PageFlashDescriptor of(PageFlashLine line) {
        return new PageFlashDescriptor(line, PageFlashParameters.defaults());
    }

    /** The page-flash lines with default parameters. */
    public static List<PageFlashDescriptor> all() {
        List<PageFlashDescriptor> l = new ArrayList<>();
        for (PageFlashLine line : PageFlashLine.values()) {
            l.add(of(line));
        }
        return List.copyOf(l);
    }

    public PageFlashDescriptor withParameters(PageFlashParameters p) {
        return new PageFlashDescriptor(line, p);
    }

    public PageFlashLine pageFlashLine() {
        return line;
    }

    public PageFlashParameters pageFlashParameters() {
        return parameters;
    }

    /** Typed access to the FLASH/SYSCFG/DBGMCU registers of this line. */
    public PageFlashRegisters registers() {
        return registers;
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public long idcodeAddress() {
        return registers.idcode().address();
    }

    /** Cortex-M4 on L4, L4+ and G4; Cortex-M0+ on G0. */
    @Override
    public int cpuPartNo() {
        return line.series() == Series.G0 ? CortexM.PARTNO_CORTEX_M0_PLUS : CortexM.PARTNO_CORTEX_M4;
    }

    @Override
    public String variantName(int flashSizeKiB) {
        return line.displayName() + " (" + (flashSizeKiB >= 1024 ? flashSizeKiB / 1024 + " MiB" : flashSizeKiB
                + " KiB") + ")";
    }

    @Override
    public long flashSizeRegisterAddress() {
        return PageFlashLine.FLASH_SIZE_REGISTER;
    }

    @Override
    public int flashSizeRegisterMask() {
        return line.flashSizeRegisterMask();
    }

    @Override
    public long uniqueIdAddress() {
        return PageFlashLine.UNIQUE_ID;
    }

    @Override
    public long packageRegisterAddress() {
        return PageFlashLine.PACKAGE_REGISTER;
    }

    @Override
    public AddressRange otpArea() {
        return new AddressRange(PageFlashLine.OTP_START, PageFlashLine.OTP_SIZE);
    }

    /**
     * The option bytes are handled through the FLASH option registers (OPTR, PCROPx, WRPx, SECx), as every tool does;
     * the layout of the information block behind them was not read. An empty range at 0.
     */
    @Override
    public AddressRange optionByteImage() {
        return new AddressRange(0, 0);
    }

    @Override
    public List<RegisterBlock> registerBlocks() {
        return registers.blocks();
    }

    /** BFB2 on dual-bank L4/L4+/G4 variants, nSWAP_BANK on dual-bank G0B1; none on single-bank variants. */
    @Override
    public List<SwitchScheme> switchSchemes(int flashSizeKiB) {
        if (!bankModes(flashSizeKiB).contains(BankMode.DUAL)) {
            return List.of();
        }
        return List.of(line.series() == Series.G0 ? SWAP_BANK : BFB2);
    }

    @Override
    public Set<BankMode> bankModes(int flashSizeKiB) {
        return PageFlashGeometry.bankModes(line, flashSizeKiB);
    }

    @Override
    public FlashGeometry geometry(int flashSizeKiB, BankMode mode) {
        return PageFlashGeometry.of(line, flashSizeKiB, mode);
    }

    /** The option bit that selects the bank mode of a variant ({@link PageFlashGeometry#bankModeOption}). */
    public Optional<String> bankModeOption(int flashSizeKiB) {
        return PageFlashGeometry.bankModeOption(line, flashSizeKiB);
    }

    /** Program unit: one 64-bit double word (8 bytes) with its 8 ECC bits; the A/B commit unit too. */
    public int programUnitBytes() {
        return PageFlashLine.DOUBLE_WORD;
    }

    /** Erase unit in {@code mode}: one page. */
    public int eraseUnitBytes(BankMode mode) {
        return PageFlashGeometry.pageSize(line, mode);
    }

    /** The contiguous SRAM from 0x2000_0000 ({@link PageFlashLine#sramKiB()}). */
    public AddressRange sram() {
        return new AddressRange(0x2000_0000L, line.sramKiB() * 1024L);
    }

    /** System memory (ROM bootloader): 28 KiB from 0x1FFF_0000. */
    public AddressRange systemMemory() {
        return new AddressRange(PageFlashLine.SYSTEM_MEMORY, 28 * 1024);
    }

    /**
     * The memory map of a variant: the flash bank slots as mapped without swap in the largest bank mode, SRAM, system
     * memory, OTP and the device-information locations.
     */
    @Override
    public List<MemoryRegion> memoryRegions(int flashSizeKiB) {
        Set<BankMode> modes = bankModes(flashSizeKiB);
        FlashGeometry g = geometry(flashSizeKiB, modes.contains(BankMode.DUAL) ? BankMode.DUAL : BankMode.SINGLE);
        List<MemoryRegion> l = new ArrayList<>();
        for (int bank = 1; bank <= g.bankCount(); bank++) {
            l.add(new MemoryRegion("flash bank slot " + bank, g.bankRange(bank, false, g.linkWindow()),
                    MemoryRegion.Kind.FLASH));
        }
        l.add(new MemoryRegion("SRAM", sram(), MemoryRegion.Kind.RAM));
        l.add(new MemoryRegion("system memory", systemMemory(), MemoryRegion.Kind.SYSTEM_MEMORY));
        l.add(new MemoryRegion("OTP", otpArea(), MemoryRegion.Kind.OTP));
        l.add(new MemoryRegion("package", new AddressRange(PageFlashLine.PACKAGE_REGISTER, 2),
                MemoryRegion.Kind.DEVICE_INFO));
        l.add(new MemoryRegion("unique ID", new AddressRange(PageFlashLine.UNIQUE_ID, 12),
                MemoryRegion.Kind.DEVICE_INFO));
        l.add(new MemoryRegion("flash size", new AddressRange(PageFlashLine.FLASH_SIZE_REGISTER, 2),
                MemoryRegion.Kind.DEVICE_INFO));
        return List.copyOf(l);
    }

    /** Option fields of the largest variant in its dual-bank mode (single where it has none). */
    @Override
    public List<OptionField> optionFields() {
        int max = line.maxFlashSizeKiB();
        return optionFields(max, bankModes(max).contains(BankMode.DUAL) ? BankMode.DUAL : BankMode.SINGLE);
    }

    @Override
    public List<OptionField> optionFields(int flashSizeKiB, BankMode mode) {
        return PageFlashOptionFields.of(line, flashSizeKiB, mode);
    }

    /** The Option Bytes editor's boxes ({@link PageFlashOptionFields#groupOf}). */
    @Override
    public Optional<String> optionGroup(OptionField field) {
        return Optional.of(PageFlashOptionFields.groupOf(field.name()).title());
    }

    @Override
    public FlashTimings timings() {
        return PageFlashTimings.of(line);
    }

    @Override
    public List<ModelParameter<?>> parameters() {
        List<ModelParameter<?>> l = new ArrayList<>(parameters.asList());
        l.add(new ModelParameter<>("timings.source", PageFlashTimings.source(line), ParameterStatus.UNCONFIRMED,
                "datasheet flash tables not read"));
        return List.copyOf(l);
    }
}
