package dev.flashbank.core.session;

import java.util.Objects;
import java.util.stream.Collectors;

import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.DeviceId;
import dev.flashbank.core.device.DeviceRegistry;
import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.UniqueId;
import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.family.BootMapping;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;

/**
 * A connection to one target, identified against the device model: reads CPUID, DBGMCU_IDCODE (DEV_ID/REV_ID),
 * the flash-size register, the 96-bit unique ID and the package register, picks the descriptor from the
 * {@link DeviceRegistry}, then asks the part's family ({@link FlashDriver}) for the current option bytes, the bank
 * mapping and the boot address latched at the last reset (F7: SYSCFG_MEMRMP SWP_FB/MEM_BOOT, read with SYSCFG's
 * clock switched on and restored - an unclocked SYSCFG reads as 0; H7: FLASH_OPTCR.SWAP_BANK). Only reads,
 * except for such a clock switched on for one read and restored.
 */
public final class TargetSession {

    private final DebugTarget target;
    /** The installed families: their lines identify the part, its family's driver reads its options and mapping. */
    private final Families families;
    private TargetIdentity identity;

    /** A session that identifies any part of {@code families} (its options and mapping read by its family's driver). */
    public TargetSession(DebugTarget target, Families families) {
        this.target = Objects.requireNonNull(target, "target");
        this.families = Objects.requireNonNull(families, "families");
    }

    public DebugTarget target() {
        return target;
    }

    public DeviceRegistry registry() {
        return families.registry();
    }

    /** The identity from the last {@link #identify()}, or null before. */
    public TargetIdentity identity() {
        return identity;
    }

    /**
     * Identifies the part. Throws {@link UnknownDeviceException} (a {@link TargetException}) when the DEV_ID or the
     * flash size is not in the model, or when the core is not the one the descriptor expects; transport failures
     * propagate as their typed {@link TargetException}s.
     */
    public TargetIdentity identify() throws TargetException {
        DeviceRegistry registry = families.registry();
        MemoryAccess mem = target.memory();
        int cpuid = mem.read32(CortexM.CPUID.address());
        DeviceId id = null;
        DeviceDescriptor descriptor = null;
        BusFaultException lastFault = null;
        for (long address : registry.idcodeAddresses(CortexM.CPUID_PARTNO.extract(cpuid))) {
            DeviceId candidate;
            try {
                candidate = DeviceId.fromIdcode(mem.read32(address));
            } catch (BusFaultException e) {
                // the address is another line's DBGMCU: a Cortex-M0+ part (its DBG_IDCODE is on the APB, RM0444
                // "Debug support") has nothing at 0xE004_2000, and its bus may answer with a fault - try the next
                lastFault = e;
                continue;
            }
            if (id == null) {
                id = candidate;
            }
            var d = registry.byDevId(candidate.devId());
            if (d.isPresent() && d.get().idcodeAddress() == address) {
                id = candidate;
                descriptor = d.get();
                break;
            }
        }
        if (descriptor == null && id == null && lastFault != null) {
            throw lastFault;
        }
        if (descriptor == null) {
            int devId = id == null ? -1 : id.devId();
            String hint = devId == 0 ? " (DBGMCU_IDCODE read as 0: is the target held in reset or in a low-power mode?)" : "";
            throw new UnknownDeviceException(devId, String.format(
                    "unknown device: DBGMCU_IDCODE.DEV_ID = 0x%03X on a %s (CPUID 0x%08X); Flashbank knows %s%s", devId,
                    CortexM.coreName(CortexM.CPUID_PARTNO.extract(cpuid)), cpuid,
                    registry.descriptors().stream().map(d -> String.format("0x%03X %s", d.devId(), d.line()))
                            .collect(Collectors.joining(", ")), hint));
        }
        int partNo = CortexM.CPUID_PARTNO.extract(cpuid);
        if (partNo != descriptor.cpuPartNo()) {
            throw new UnknownDeviceException(id.devId(), String.format(
                    "DEV_ID 0x%03X says %s, but CPUID.PARTNO is 0x%03X (%s), not %s: not a part Flashbank knows",
                    id.devId(), descriptor.line(), partNo, CortexM.coreName(partNo),
                    CortexM.coreName(descriptor.cpuPartNo())));
        }
        int flashKiB = mem.read16(descriptor.flashSizeRegisterAddress()) & descriptor.flashSizeRegisterMask();
        IdentifiedDevice device = registry.identify(id.devId(), flashKiB);
        long uidAddress = descriptor.uniqueIdAddress();
        UniqueId uid = new UniqueId(mem.read32(uidAddress), mem.read32(uidAddress + 4), mem.read32(uidAddress + 8));
        int packageCode = mem.read16(descriptor.packageRegisterAddress());
        // the family's driver reads its option registers and the mapping latched at the last reset (reads only)
        FlashDriver driver = families.openDriver(target, device,
                PollClock.system(), FlashDriverSettings.defaults());
        BootMapping mapping = driver.bootMapping();
        identity = new TargetIdentity(device, id, descriptor.revisionName(id.revId()), cpuid, uid, packageCode,
                driver.readOptions(), mapping.banksSwapped(), mapping.secondBootAddress(), driver.bankMappingLabel());
        return identity;
    }
}
