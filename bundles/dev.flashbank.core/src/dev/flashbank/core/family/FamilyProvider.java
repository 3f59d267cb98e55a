package dev.flashbank.core.family;

import java.util.List;

import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.TargetException;

/**
 * One device family (one flash-controller design, as OpenOCD draws drivers: F2/F4/F7, H7, L4/G4/G0): the lines it
 * knows as data and the family-specific pieces behind the core's seams. Families are found through a plain list
 * ({@code dev.flashbank.families.InstalledFamilies}, gathered in {@link Families}), never by {@code instanceof} on a
 * descriptor.
 */
public interface FamilyProvider {

    /**
     * Family name as users and reference manuals write it ("STM32" and two characters); equals its descriptors'
     * family().
     */
    String name();

    /** The device lines (one per DEV_ID) of this family. */
    List<? extends DeviceDescriptor> descriptors();

    /** True when {@code descriptor} is one of this family's lines (also one with other parameters or timings). */
    default boolean serves(DeviceDescriptor descriptor) {
        return descriptor.family().equals(name());
    }

    /**
     * The option bytes of a factory-fresh part of {@code descriptor}'s line with {@code flashSizeKiB}: its
     * {@link OptionImage#lineId()} is what option profiles record, and a profile's register words are read into it
     * ({@link OptionImage#withWord}).
     *
     * @throws IllegalArgumentException when {@code descriptor} is not one of this family's lines
     */
    OptionImage factoryOptions(DeviceDescriptor descriptor, int flashSizeKiB);

    /** What the doctor examines on a part of this family beyond the erase predictions, in reading order. */
    default List<DoctorCheck> doctorChecks() {
        return List.of();
    }

    /**
     * The flash driver of an identified part of this family behind {@code target} (reads what it needs to know the
     * bank mode; writes nothing).
     *
     * @throws TargetException when the part cannot be read, or {@code device} is not of this family
     */
    FlashDriver openDriver(DebugTarget target, IdentifiedDevice device, PollClock clock, FlashDriverSettings settings)
            throws TargetException;
}
