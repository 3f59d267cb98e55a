package dev.flashbank.core.device;

import java.util.List;
import java.util.Set;

/**
 * Everything the tools need to know about one device line (one DEV_ID): names, identification registers,
 * register blocks, option-byte fields, flash geometry per size and bank mode, timings and the named UNCONFIRMED
 * parameters the model depends on. Adding a family = adding an implementation (plus a flash driver class when the
 * controller differs) and registering it in {@link DeviceRegistry}.
 */
public interface DeviceDescriptor {

    /** Family as its reference manual names it ("STM32" and two characters); equals its provider's name. */
    String family();

    /** Line: the series it covers as the reference manual groups them (one DEV_ID). */
    String line();

    /** Reference manual, e.g. "RM0410". */
    String referenceManual();

    /** DBGMCU_IDCODE.DEV_ID of the line. */
    int devId();

    /** Address of DBGMCU_IDCODE on this family (0xE004_2000 on F2/F4/F7). */
    long idcodeAddress();

    /** Expected Cortex CPUID.PARTNO (0xC27 = Cortex-M7). */
    int cpuPartNo();

    /** Part names (series, as {@link PartNumber#series()} gives them) of the line. */
    List<String> partNames();

    /** Human name of a REV_ID ("A", "Z"), or hex when unknown. */
    String revisionName(int revId);

    /** Flash sizes (KiB) the line exists in. */
    List<Integer> flashSizesKiB();

    /** True when part {@code series} (a {@link PartNumber#series()}) is sold with {@code flashSizeKiB} of flash. */
    default boolean offers(String series, int flashSizeKiB) {
        return partNames().contains(series) && flashSizesKiB().contains(flashSizeKiB);
    }

    /** Short variant text for a flash size, e.g. "&lt;series&gt; (64 KiB)". */
    String variantName(int flashSizeKiB);

    /**
     * The stock OpenOCD 0.12 target script ({@code target/<name>.cfg}) that drives this line through an ST-Link and
     * that Flashbank's tests have run against the line's simulated board over the emulated ST-Link - what the bench
     * compares with; empty where no such run backs it.
     */
    default java.util.Optional<String> openOcdStlinkTargetScript() {
        return java.util.Optional.empty();
    }

    /** Address of the 16-bit flash-size register (value in KiB). */
    long flashSizeRegisterAddress();

    /**
     * The bits of the flash-size register that hold the size (all 16 unless the line leaves upper bits undefined):
     * identification masks the read with it, so an undefined upper bit does not make a known part "unknown".
     */
    default int flashSizeRegisterMask() {
        return 0xFFFF;
    }

    /** Address of the 96-bit unique ID. */
    long uniqueIdAddress();

    /** Address of the package register. */
    long packageRegisterAddress();

    /** One-time-programmable area (data and lock bytes). */
    AddressRange otpArea();

    /** Read-only option-byte image (e.g. 0x1FFF_0000 on F7). */
    AddressRange optionByteImage();

    /** All register blocks of the model (FLASH, SYSCFG, DBGMCU ...). */
    List<RegisterBlock> registerBlocks();

    default RegisterBlock registerBlock(String name) {
        return registerBlocks().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow(
                () -> new UnknownModelElementException(line() + " has no register block " + name));
    }

    /**
     * The memory map of a variant: the flash windows, RAMs, system memory, OTP, the option image and the
     * device-information registers.
     */
    List<MemoryRegion> memoryRegions(int flashSizeKiB);

    /**
     * The A/B bank-switching schemes a part of this line with {@code flashSizeKiB} offers (none on single-bank parts),
     * the first being the default where the image does not decide; defined by the family, carried out by its
     * {@code core.family.BankSwapStrategy}.
     */
    default List<SwitchScheme> switchSchemes(int flashSizeKiB) {
        return List.of();
    }

    /** True when the line can run with two flash banks (in some bank mode): A/B bank updates are possible. */
    default boolean dualBankCapable() {
        return flashSizesKiB().stream().anyMatch(kib -> bankModes(kib).contains(BankMode.DUAL));
    }

    /** Bank modes available for a flash size. */
    Set<BankMode> bankModes(int flashSizeKiB);

    /** Sector layout for a flash size in a bank mode. */
    FlashGeometry geometry(int flashSizeKiB, BankMode mode);

    /** The user option fields of the line, in register order. */
    List<OptionField> optionFields();

    /**
     * The option fields of a concrete variant in a bank mode, with this descriptor's model parameters (their texts
     * name the variant's sectors and banks): the fields a part shows and accepts. By default {@link #optionFields()}.
     */
    default List<OptionField> optionFields(int flashSizeKiB, BankMode mode) {
        return optionFields();
    }

    /**
     * The box an option field belongs to where tools group fields for a reader (e.g. "Boot", "Bank swap"), as the
     * family's reference manual groups them; empty when the family does not group its fields.
     */
    default java.util.Optional<String> optionGroup(OptionField field) {
        return java.util.Optional.empty();
    }

    /** Operation timings (named, overridable). */
    FlashTimings timings();

    /** The named assumptions (UNCONFIRMED facts) this descriptor uses, with their current values. */
    List<ModelParameter<?>> parameters();
}
