package dev.flashbank.core.family;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.DeviceId;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.UniqueId;
import dev.flashbank.core.device.cortexm.CortexM;

/**
 * What {@link TargetSession#identify()} learned about the connected part.
 *
 * @param device descriptor + flash size
 * @param deviceId DBGMCU_IDCODE decoded
 * @param revision revision letter ("A", "Z") or hex
 * @param cpuid raw CPUID
 * @param uniqueId 96-bit unique ID
 * @param packageCode raw 16-bit package register
 * @param options current option bytes as named registers (F7: FLASH_OPTCR/OPTCR1/OPTCR2; H7: OPTSR/PRAR/SCAR/WPSN/BOOT)
 * @param swpFb banks swapped now ({@link dev.flashbank.core.family.FlashDriver#banksSwapped()}: F7 SYSCFG_MEMRMP.SWP_FB,
 *        H7 FLASH_OPTCR.SWAP_BANK); always false on lines without dual bank
 * @param memBoot the part booted from its second boot address (F7: SYSCFG_MEMRMP.MEM_BOOT = 1, BOOT0 = 1 selected
 *        BOOT_ADD1); false where the part does not report it
 * @param mappingLabel the bit {@code swpFb} reports, as the family's reference manual names it ("SWP_FB", "SWAP_BANK")
 */
public record TargetIdentity(IdentifiedDevice device, DeviceId deviceId, String revision, int cpuid,
        UniqueId uniqueId, int packageCode, OptionImage options, boolean swpFb, boolean memBoot,
        String mappingLabel) {

    public TargetIdentity {
        java.util.Objects.requireNonNull(mappingLabel, "mappingLabel");
    }

    public DeviceDescriptor descriptor() {
        return device.descriptor();
    }

    public int flashSizeKiB() {
        return device.flashSizeKiB();
    }

    public int cpuPartNo() {
        return CortexM.CPUID_PARTNO.extract(cpuid);
    }

    public BankMode bankMode() {
        return options.bankMode();
    }

    /** Sector layout in the current bank mode. */
    public FlashGeometry geometry() {
        return descriptor().geometry(flashSizeKiB(), bankMode());
    }

    /**
     * One line for logs and the UI, e.g. "&lt;part names&gt; (2 MiB) rev Z, Cortex-M7, dual bank, SWP_FB=1, UID ...";
     * the mapping under the family's own name ({@link #mappingLabel()}: "SWAP_BANK=0" on H7).
     */
    public String summary() {
        return String.format("%s rev %s (DEV_ID 0x%03X), %s, %s bank, RDP 0x%02X, %s=%d, UID %s", device.name(),
                revision, deviceId.devId(), CortexM.coreName(cpuPartNo()),
                bankMode() == BankMode.DUAL ? "dual" : "single", options.rdp(), mappingLabel,
                BootMapping.bitValue(mappingLabel, swpFb),
                uniqueId.hex());
    }
}
