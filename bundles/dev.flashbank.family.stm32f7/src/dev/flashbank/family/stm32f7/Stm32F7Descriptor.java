package dev.flashbank.family.stm32f7;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.LineDescriptor;
import dev.flashbank.core.device.MemoryRegion;
import dev.flashbank.core.device.UnknownModelElementException;
import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.OptionField;
import dev.flashbank.core.device.ParameterStatus;
import dev.flashbank.core.device.RegisterBlock;
import dev.flashbank.core.device.cortexm.CortexM;

/** {@link DeviceDescriptor} of one STM32F7 line, with its parameters and timings (both overridable). */
public final class Stm32F7Descriptor extends LineDescriptor<Stm32F7Line> {

    /** Start of the read-only option-byte image (STM32CubeProgrammer device database, DEV_ID 0x451). */
    public static final long OPTION_IMAGE_BASE = 0x1FFF_0000L;
    /** Size of the option mirror area (0x2C bytes per the STM32CubeProgrammer device database). */
    public static final int OPTION_IMAGE_SIZE = 0x2C;
    /** System memory (ROM bootloader) on the AXIM bus; the ITCM view is {@link BootAddress#SYSTEM_MEMORY}. */
    public static final long SYSTEM_MEMORY_AXIM = 0x1FF0_0000L;
    /**
     * The LARGEST system memory of the F7 lines (F74x/F76x: 0xEDC0 bytes, 0x1FF0_0000-0x1FF0_EDBF). The size of one
     * line is {@link Stm32F7Line#systemMemorySize()} (smaller on F72x, whose OTP follows at 0x1FF0_7800).
     * UNCONFIRMED (no primary source read); listed in {@link #parameters()}.
     */
    public static final int SYSTEM_MEMORY_SIZE = 0xEDC0;
    /** REV_ID names for all three F7 lines (OpenOCD stm32f2x.c get_stm32x_info). */
    public static final Map<Integer, String> REVISIONS = Map.of(0x1000, "A", 0x1001, "Z");

    private final Stm32F7Parameters parameters;
    private final FlashTimings timings;
    private final Stm32F7Registers registers;

    public Stm32F7Descriptor(Stm32F7Line line, Stm32F7Parameters parameters, FlashTimings timings) {
        super(line);
        this.parameters = parameters;
        this.timings = timings;
        this.registers = Stm32F7Registers.of(line, parameters);
    }

    public static Stm32F7Descriptor of(Stm32F7Line line) {
        return new Stm32F7Descriptor(line, Stm32F7Parameters.defaults(), Stm32F7Timings.defaults());
    }

    /** The three F7 lines with default parameters and timings. */
    public static List<Stm32F7Descriptor> all() {
        List<Stm32F7Descriptor> l = new ArrayList<>();
        for (Stm32F7Line line : Stm32F7Line.values()) {
            l.add(of(line));
        }
        return List.copyOf(l);
    }

    public Stm32F7Descriptor withParameters(Stm32F7Parameters p) {
        return new Stm32F7Descriptor(line, p, timings);
    }

    public Stm32F7Descriptor withTimings(FlashTimings t) {
        return new Stm32F7Descriptor(line, parameters, t);
    }

    public Stm32F7Line stm32F7Line() {
        return line;
    }

    public Stm32F7Parameters stm32F7Parameters() {
        return parameters;
    }

    /** Typed access to the FLASH/SYSCFG/DBGMCU registers of this line. */
    public Stm32F7Registers registers() {
        return registers;
    }

    /** Factory option bytes of this line (RM0410 FLASH register map; ST's SVD reset values, F76x OPTCR derived). */
    public OptionBytes factoryOptionBytes() {
        return OptionBytes.factory(line, parameters);
    }

    @Override
    public String family() {
        return "STM32F7";
    }

    /** OpenOCD's stm32f2x flash driver for F2/F4/F7 (OpenOcdStlinkDapTest runs it on the F767 and F722 boards). */
    @Override
    public java.util.Optional<String> openOcdStlinkTargetScript() {
        return java.util.Optional.of("target/stm32f7x.cfg");
    }

    @Override
    public long idcodeAddress() {
        return registers.idcode().address();
    }

    @Override
    public int cpuPartNo() {
        return CortexM.PARTNO_CORTEX_M7;
    }

    /**
     * The 64 KiB size exists only as STM32F730 / STM32F750, and those exist only with 64 KiB (CMSIS
     * stm32f730xx.h/stm32f750xx.h FLASH_END).
     */
    @Override
    public boolean offers(String series, int flashSizeKiB) {
        if (!super.offers(series, flashSizeKiB)) {
            return false;
        }
        boolean valueLine = series.equals("STM32F730") || series.equals("STM32F750");
        return valueLine == (flashSizeKiB == Stm32F7Geometry.VALUE_LINE_SIZE_KIB);
    }

    @Override
    public String variantName(int flashSizeKiB) {
        String parts;
        if (flashSizeKiB == Stm32F7Geometry.VALUE_LINE_SIZE_KIB) {
            parts = line == Stm32F7Line.F72X_F73X ? "STM32F730" : "STM32F750";
        } else {
            parts = line.partNames().stream()
                    .filter(n -> !n.equals("STM32F730") && !n.equals("STM32F750"))
                    .reduce((a, b) -> a + "/" + b.substring("STM32".length())).orElse(line.displayName());
        }
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

    @Override
    public long packageRegisterAddress() {
        return line.packageRegister();
    }

    @Override
    public AddressRange otpArea() {
        return line.otpArea();
    }

    @Override
    public AddressRange optionByteImage() {
        return new AddressRange(OPTION_IMAGE_BASE, OPTION_IMAGE_SIZE);
    }

    /**
     * The memory map of a variant: both flash windows, RAMs (ITCM, DTCM, SRAM1, SRAM2), system memory in both views,
     * OTP, the option image and the device-information registers (CMSIS stm32f7xx device headers; HAL
     * stm32f7xx_hal_flash_ex.h OB_BOOTADDR_*).
     */
    @Override
    public List<MemoryRegion> memoryRegions(int flashSizeKiB) {
        if (!line.flashSizesKiB().contains(flashSizeKiB)) {
            throw new UnknownModelElementException(line.displayName() + " has no " + flashSizeKiB + " KiB variant");
        }
        long flash = flashSizeKiB * 1024L;
        return List.of(
                new MemoryRegion("flash (AXIM)", new AddressRange(Stm32F7Window.AXIM.base(), flash), MemoryRegion.Kind.FLASH),
                new MemoryRegion("flash (ITCM)", new AddressRange(Stm32F7Window.ITCM.base(), flash), MemoryRegion.Kind.FLASH),
                new MemoryRegion("ITCM RAM", BootAddress.ITCM_RAM, MemoryRegion.Kind.RAM),
                new MemoryRegion("DTCM RAM", line.dtcm(), MemoryRegion.Kind.RAM),
                new MemoryRegion("SRAM1", line.sram1(), MemoryRegion.Kind.RAM),
                new MemoryRegion("SRAM2", line.sram2(), MemoryRegion.Kind.RAM),
                new MemoryRegion("system memory (AXIM)", new AddressRange(SYSTEM_MEMORY_AXIM, line.systemMemorySize()),
                        MemoryRegion.Kind.SYSTEM_MEMORY),
                new MemoryRegion("system memory (ITCM)", new AddressRange(BootAddress.SYSTEM_MEMORY, line.systemMemorySize()),
                        MemoryRegion.Kind.SYSTEM_MEMORY),
                new MemoryRegion("OTP", line.otpArea(), MemoryRegion.Kind.OTP),
                new MemoryRegion("option bytes (image)", optionByteImage(), MemoryRegion.Kind.OPTION_IMAGE),
                new MemoryRegion("unique ID", new AddressRange(line.uniqueIdAddress(), 12), MemoryRegion.Kind.DEVICE_INFO),
                new MemoryRegion("flash size", new AddressRange(line.flashSizeRegister(), 2), MemoryRegion.Kind.DEVICE_INFO),
                new MemoryRegion("package", new AddressRange(line.packageRegister(), 2), MemoryRegion.Kind.DEVICE_INFO));
    }

    /** The Cortex-M7 CPUID the model assumes (parameter). */
    public int cpuid() {
        return parameters.cpuid();
    }

    /** F76x/F77x (nDBANK). */
    @Override
    public boolean dualBankCapable() {
        return line.dualBankCapable();
    }

    @Override
    public List<RegisterBlock> registerBlocks() {
        return registers.blocks();
    }

    /** BOOT_ADD and REMAP on sizes with a dual-bank mode (also while nDBANK = 1: the bank update says why not). */
    @Override
    public List<dev.flashbank.core.device.SwitchScheme> switchSchemes(int flashSizeKiB) {
        return bankModes(flashSizeKiB).contains(BankMode.DUAL) ? Stm32F7SwitchSchemes.ALL : List.of();
    }

    @Override
    public Set<BankMode> bankModes(int flashSizeKiB) {
        return Stm32F7Geometry.bankModes(line, flashSizeKiB);
    }

    @Override
    public FlashGeometry geometry(int flashSizeKiB, BankMode mode) {
        return Stm32F7Geometry.of(line, flashSizeKiB, mode, parameters);
    }

    /** Option fields for the largest variant in the factory (single-bank) mode. */
    @Override
    public List<OptionField> optionFields() {
        return optionFields(line.maxFlashSizeKiB(), BankMode.SINGLE);
    }

    /** Option fields whose texts name the sectors and banks of a concrete variant and bank mode. */
    public List<OptionField> optionFields(int flashSizeKiB, BankMode mode) {
        return Stm32F7OptionFields.of(line, flashSizeKiB, mode, parameters);
    }

    /** The Option Bytes view's boxes ({@link Stm32F7OptionFields#groupOf}). */
    @Override
    public java.util.Optional<String> optionGroup(OptionField field) {
        return java.util.Optional.of(Stm32F7OptionFields.groupOf(field.name(), line));
    }

    @Override
    public FlashTimings timings() {
        return timings;
    }

    @Override
    public List<ModelParameter<?>> parameters() {
        List<ModelParameter<?>> l = new ArrayList<>(parameters.asList());
        l.add(new ModelParameter<>("systemMemorySize", String.format("0x%X", line.systemMemorySize()),
                ParameterStatus.UNCONFIRMED, "RM0385/RM0410 memory map (F72x: bounded by OTP at 0x1FF0_7800), no primary source read"));
        l.add(new ModelParameter<>("boundaryScanIdcode", String.format("0x%08X", line.boundaryScanIdcode()),
                ParameterStatus.UNCONFIRMED, "ST TAP pattern, no primary source read"));
        l.add(new ModelParameter<>("timings.source", timings.source(), ParameterStatus.UNCONFIRMED, "STM32F4 datasheet flash characteristics; F7 datasheet (DS11532) table not read"));
        return List.copyOf(l);
    }
}
