package dev.flashbank.family.stm32h7;

import java.util.ArrayList;
import java.util.List;
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
import dev.flashbank.core.device.UnknownModelElementException;
import dev.flashbank.core.device.cortexm.CortexM;

/** {@link DeviceDescriptor} of one STM32H7 line, with its parameters (overridable). */
public final class Stm32H7Descriptor extends LineDescriptor<Stm32H7Line> {

    /** ROM bootloader (system memory) of H74x/H75x, not swapped by SWAP_BANK (RM0433 §2.3.2). */
    /**
     * The A/B scheme of dual-bank H7 parts (RM0433 §4.3.13 "Flash bank swapping"): both images are linked for
     * 0x0800_0000; FLASH_OPTSR_PRG.SWAP_BANK_OPT, latched into FLASH_OPTCR.SWAP_BANK by the next system reset, maps the
     * chosen bank there. What it does on a target: {@code flash.Stm32H7BankSwap}.
     */
    public static final SwitchScheme SWAP_BANK = new SwitchScheme("swap-bank", "SWAP_BANK", List.of("swapbank"),
            SwitchScheme.LinkRule.FIRST_SLOT, "SWAP_BANK",
            "image linked for 0x08000000; SWAP_BANK_OPT swaps the banks at the next reset");

    public static final AddressRange SYSTEM_MEMORY = new AddressRange(0x1FF0_0000L, 128 * 1024);
    /** Vector table of the ROM bootloader inside system memory (AN2606 H7 section). */
    public static final long BOOTLOADER_VECTORS = 0x1FF0_9800L;
    /** RAMs of H74x/H75x the tools use as work area or boot target (RM0433 §2.3.2). */
    public static final AddressRange ITCM_RAM = new AddressRange(0x0000_0000L, 64 * 1024);
    public static final AddressRange DTCM_RAM = new AddressRange(0x2000_0000L, 128 * 1024);
    public static final AddressRange AXI_SRAM = new AddressRange(0x2400_0000L, 512 * 1024);
    public static final AddressRange BACKUP_SRAM = new AddressRange(0x3880_0000L, 4 * 1024);

    private final Stm32H7Parameters parameters;
    private final Stm32H7Registers registers;

    public Stm32H7Descriptor(Stm32H7Line line, Stm32H7Parameters parameters) {
        super(line);
        this.parameters = parameters;
        this.registers = Stm32H7Registers.of(line, parameters);
    }

    public static Stm32H7Descriptor of(Stm32H7Line line) {
        return new Stm32H7Descriptor(line, Stm32H7Parameters.defaults());
    }

    /** The H7 lines with default parameters. */
    public static List<Stm32H7Descriptor> all() {
        List<Stm32H7Descriptor> l = new ArrayList<>();
        for (Stm32H7Line line : Stm32H7Line.values()) {
            l.add(of(line));
        }
        return List.copyOf(l);
    }

    public Stm32H7Descriptor withParameters(Stm32H7Parameters p) {
        return new Stm32H7Descriptor(line, p);
    }

    public Stm32H7Line stm32H7Line() {
        return line;
    }

    public Stm32H7Parameters stm32H7Parameters() {
        return parameters;
    }

    /** Typed access to the FLASH/SYSCFG/DBGMCU registers of this line. */
    public Stm32H7Registers registers() {
        return registers;
    }

    @Override
    public String family() {
        return "STM32H7";
    }

    @Override
    public long idcodeAddress() {
        return registers.idcode().address();
    }

    @Override
    public int cpuPartNo() {
        return CortexM.PARTNO_CORTEX_M7;
    }

    /** The value-line parts (H750, H730, H7B0) exist only with 128 KiB, and only they do. */
    @Override
    public boolean offers(String series, int flashSizeKiB) {
        if (!super.offers(series, flashSizeKiB)) {
            return false;
        }
        return isValueLine(series) == (flashSizeKiB == Stm32H7Line.VALUE_LINE_SIZE_KIB);
    }

    private static boolean isValueLine(String series) {
        return series.equals("STM32H750") || series.equals("STM32H730") || series.equals("STM32H7B0");
    }

    @Override
    public String variantName(int flashSizeKiB) {
        String parts = line.partNames().stream()
                .filter(n -> isValueLine(n) == (flashSizeKiB == Stm32H7Line.VALUE_LINE_SIZE_KIB))
                .reduce((a, b) -> a + "/" + b.substring("STM32".length())).orElse(line.displayName());
        return parts + " (" + (flashSizeKiB >= 1024 ? flashSizeKiB / 1024 + " MiB" : flashSizeKiB + " KiB") + ")";
    }

    @Override
    public long flashSizeRegisterAddress() {
        return line.flashSizeRegister();
    }

    @Override
    public long uniqueIdAddress() {
        return line.uniqueIdAddress();
    }

    /** SYSCFG_PKGR (a register, readable once the SYSCFG clock runs). */
    @Override
    public long packageRegisterAddress() {
        return registers.syscfg().register(Stm32H7Registers.PKGR).address();
    }

    /** The user OTP of H7A/B; an empty range at 0 on the lines that have none. */
    @Override
    public AddressRange otpArea() {
        return line.otpArea().orElse(new AddressRange(0, 0));
    }

    /**
     * H7 option bytes are not memory mapped: they are visible only through the FLASH _CUR/_PRG registers
     * ({@link Stm32H7Registers#programRegisters()}). An empty range at 0.
     */
    @Override
    public AddressRange optionByteImage() {
        return new AddressRange(0, 0);
    }

    @Override
    public List<RegisterBlock> registerBlocks() {
        return registers.blocks();
    }

    /** SWAP_BANK on dual-bank parts; none on the single-bank H72x/H73x and H750. */
    @Override
    public List<SwitchScheme> switchSchemes(int flashSizeKiB) {
        return bankModes(flashSizeKiB).contains(BankMode.DUAL) ? List.of(SWAP_BANK) : List.of();
    }

    @Override
    public Set<BankMode> bankModes(int flashSizeKiB) {
        return Stm32H7Geometry.bankModes(line, flashSizeKiB);
    }

    @Override
    public FlashGeometry geometry(int flashSizeKiB, BankMode mode) {
        return Stm32H7Geometry.of(line, flashSizeKiB, mode);
    }

    /** The geometry of a variant in its only bank mode. */
    public FlashGeometry geometry(int flashSizeKiB) {
        return geometry(flashSizeKiB, bankModes(flashSizeKiB).iterator().next());
    }

    /**
     * Base address of flash window slot 1 or 2: 0x0800_0000 and 0x0810_0000 on every variant (1 MiB dual-bank parts
     * leave a hole between their 512 KiB banks; H7A3xG: parameter h7abXgBank2Base).
     */
    public long bankBase(int slot, int flashSizeKiB) {
        if (slot == 2 && line == Stm32H7Line.H7AX_H7BX && flashSizeKiB == 1024) {
            return parameters.h7abXgBank2Base();
        }
        if (slot == 2 && geometry(flashSizeKiB).bankCount() < 2) {
            throw new UnknownModelElementException(variantName(flashSizeKiB) + " has one bank");
        }
        return Stm32H7Geometry.slotBase(slot);
    }

    /** Program unit: one flash word (32 bytes; 16 on H7A/B), written whole or force-written (FW). */
    public int programUnitBytes() {
        return line.flashWordBytes();
    }

    /** Erase unit: one sector (128 KiB; 8 KiB on H7A/B). */
    public int eraseUnitBytes() {
        return line.sectorSize();
    }

    /** True for order codes of the dual-core parts (served through the Cortex-M7, AP0). */
    public boolean isDualCore(String series) {
        return Stm32H7Line.isDualCore(series);
    }

    /**
     * The memory map of a variant: flash banks in both window slots (as mapped without swap), system memory, RAMs
     * (H74x/H75x), OTP (H7A/B) and the device-information locations.
     */
    @Override
    public List<MemoryRegion> memoryRegions(int flashSizeKiB) {
        FlashGeometry g = geometry(flashSizeKiB);
        List<MemoryRegion> l = new ArrayList<>();
        for (int slot = 1; slot <= g.bankCount(); slot++) {
            l.add(new MemoryRegion("flash bank slot " + slot, new AddressRange(bankBase(slot, flashSizeKiB),
                    g.bank(slot).size()), MemoryRegion.Kind.FLASH));
        }
        if (line == Stm32H7Line.H74X_H75X) {
            l.add(new MemoryRegion("system memory", SYSTEM_MEMORY, MemoryRegion.Kind.SYSTEM_MEMORY));
            l.add(new MemoryRegion("ITCM RAM", ITCM_RAM, MemoryRegion.Kind.RAM));
            l.add(new MemoryRegion("DTCM RAM", DTCM_RAM, MemoryRegion.Kind.RAM));
            l.add(new MemoryRegion("AXI SRAM", AXI_SRAM, MemoryRegion.Kind.RAM));
            l.add(new MemoryRegion("backup SRAM", BACKUP_SRAM, MemoryRegion.Kind.RAM));
        }
        line.otpArea().ifPresent(otp -> l.add(new MemoryRegion("OTP", otp, MemoryRegion.Kind.OTP)));
        l.add(new MemoryRegion("unique ID", new AddressRange(line.uniqueIdAddress(), 12), MemoryRegion.Kind.DEVICE_INFO));
        l.add(new MemoryRegion("flash size", new AddressRange(line.flashSizeRegister(), 2),
                MemoryRegion.Kind.DEVICE_INFO));
        return List.copyOf(l);
    }

    /** Option fields for the largest variant. */
    @Override
    public List<OptionField> optionFields() {
        return optionFields(line.maxFlashSizeKiB());
    }

    /** Option fields whose texts name the sectors of a concrete variant. */
    public List<OptionField> optionFields(int flashSizeKiB) {
        return Stm32H7OptionFields.of(line, flashSizeKiB, parameters);
    }

    /** STM32H7 has no bank-mode option (the mode is fixed per line): the fields of the variant. */
    @Override
    public List<OptionField> optionFields(int flashSizeKiB, BankMode mode) {
        return optionFields(flashSizeKiB);
    }

    /** The Option Bytes view's boxes ({@link Stm32H7OptionFields#groupOf}). */
    @Override
    public java.util.Optional<String> optionGroup(OptionField field) {
        return java.util.Optional.of(Stm32H7OptionFields.groupOf(field.name()).title());
    }

    @Override
    public FlashTimings timings() {
        return Stm32H7Timings.flashTimings();
    }

    /** The Cortex-M7 CPUID the model assumes (parameter). */
    public int cpuid() {
        return parameters.cpuid();
    }

    @Override
    public List<ModelParameter<?>> parameters() {
        List<ModelParameter<?>> l = new ArrayList<>(parameters.asList());
        l.add(new ModelParameter<>("timings.source", Stm32H7Timings.SOURCE, ParameterStatus.UNCONFIRMED,
                "DS12110 flash table; most cells recalled"));
        return List.copyOf(l);
    }
}
