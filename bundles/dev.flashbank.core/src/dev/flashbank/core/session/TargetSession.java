package dev.flashbank.core.session;

import java.util.Objects;
import java.util.stream.Collectors;

import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.DeviceId;
import dev.flashbank.core.device.DeviceRegistry;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.device.stm32f7.OptionBytes;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.device.stm32f7.Stm32F7Descriptor;
import dev.flashbank.core.device.stm32f7.Stm32F7Registers;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;

/**
 * A connection to one target, identified against the device model: reads CPUID, DBGMCU_IDCODE (DEV_ID/REV_ID),
 * the flash-size register, the 96-bit unique ID and the package register, picks the descriptor from the
 * {@link DeviceRegistry}, then reads the current option bytes and SYSCFG_MEMRMP (SWP_FB, MEM_BOOT). Only reads,
 * except that SYSCFG's clock is switched on for the MEMRMP read and restored afterwards (an unclocked SYSCFG reads
 * as 0, which would report SWP_FB = 0 wrongly; §1.7).
 */
public final class TargetSession {

    private final DebugTarget target;
    private final DeviceRegistry registry;
    /** The installed families, for parts whose options the session does not read itself; null = F7 only. */
    private final Families families;
    private TargetIdentity identity;

    public TargetSession(DebugTarget target, DeviceRegistry registry) {
        this.target = Objects.requireNonNull(target, "target");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.families = null;
    }

    /**
     * A session that identifies any part of {@code families}: the options and the bank mapping of a part of another
     * family than STM32F7 are read through its family's {@link FlashDriver} (reads only).
     */
    public TargetSession(DebugTarget target, Families families) {
        this.target = Objects.requireNonNull(target, "target");
        this.families = Objects.requireNonNull(families, "families");
        this.registry = families.registry();
    }

    public TargetSession(DebugTarget target) {
        this(target, DeviceRegistry.standard());
    }

    public DebugTarget target() {
        return target;
    }

    public DeviceRegistry registry() {
        return registry;
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
        MemoryAccess mem = target.memory();
        int cpuid = mem.read32(CortexM.CPUID.address());
        DeviceId id = null;
        DeviceDescriptor descriptor = null;
        for (long address : registry.idcodeAddresses()) {
            DeviceId candidate = DeviceId.fromIdcode(mem.read32(address));
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
        int flashKiB = mem.read16(descriptor.flashSizeRegisterAddress());
        IdentifiedDevice device = registry.identify(id.devId(), flashKiB);
        long uidAddress = descriptor.uniqueIdAddress();
        UniqueId uid = new UniqueId(mem.read32(uidAddress), mem.read32(uidAddress + 4), mem.read32(uidAddress + 8));
        int packageCode = mem.read16(descriptor.packageRegisterAddress());
        if (!(descriptor instanceof Stm32F7Descriptor f7)) {
            if (families == null) {
                throw new UnknownDeviceException(id.devId(), descriptor.line() + ": no session support for family "
                        + descriptor.family());
            }
            // the family's driver reads its option registers and the mapping latched at the last reset (writes
            // nothing); MEM_BOOT has no neutral reading yet: reported as false (BOOT_ADD0 path)
            FlashDriver driver = families.openDriver(target, device, PollClock.system(), FlashDriverSettings.defaults());
            identity = new TargetIdentity(device, id, descriptor.revisionName(id.revId()), cpuid, uid, packageCode,
                    driver.readOptions(), driver.banksSwapped(), false);
            return identity;
        }
        Stm32F7Registers regs = f7.registers();
        int optcr = mem.read32(regs.optcr().address());
        int optcr1 = mem.read32(regs.optcr1().address());
        int optcr2 = regs.optcr2().isPresent() ? mem.read32(regs.optcr2().get().address()) : 0;
        OptionBytes options = OptionBytes.of(f7.stm32F7Line(), optcr, optcr1, optcr2);
        int memrmp = readMemrmp(mem, regs);
        Register m = regs.memrmp();
        boolean swpFb = m.findField(Stm32F7Registers.SWP_FB).map(f -> f.isSet(memrmp)).orElse(false);
        boolean memBoot = m.field(Stm32F7Registers.MEM_BOOT).isSet(memrmp);
        identity = new TargetIdentity(device, id, descriptor.revisionName(id.revId()), cpuid, uid, packageCode,
                options, swpFb, memBoot);
        return identity;
    }

    /**
     * Reads SYSCFG_MEMRMP with the SYSCFG clock switched on for the read (RCC_APB2ENR.SYSCFGEN) and restored
     * afterwards: an unclocked SYSCFG reads as 0, which would report SWP_FB = 0 wrongly (§1.7). Public so that the
     * flash driver and the doctor read SWP_FB/MEM_BOOT exactly the same way.
     */
    public static int readMemrmp(MemoryAccess mem, Stm32F7Registers regs) throws TargetException {
        Register apb2enr = regs.apb2enr();
        Field syscfgen = apb2enr.field(Stm32F7Registers.SYSCFGEN);
        int before = mem.read32(apb2enr.address());
        if (syscfgen.isSet(before)) {
            return mem.read32(regs.memrmp().address());
        }
        mem.write32(apb2enr.address(), syscfgen.insert(before, 1));
        try {
            return mem.read32(regs.memrmp().address());
        } finally {
            mem.write32(apb2enr.address(), before);
        }
    }
}
