package dev.flashbank.core.family;

import java.util.List;

import dev.flashbank.core.device.DeviceDescriptor;

/**
 * One device family (one flash-controller design, as OpenOCD draws drivers: F2/F4/F7, H7, L4/G4/G0): the lines it
 * knows as data and the family-specific pieces behind the core's seams. Families are found through a plain list
 * ({@code dev.flashbank.families.InstalledFamilies}), never by {@code instanceof} on a descriptor.
 */
public interface FamilyProvider {

    /** Family name as users and reference manuals write it, e.g. "STM32H7". */
    String name();

    /** The device lines (one per DEV_ID) of this family. */
    List<? extends DeviceDescriptor> descriptors();
}
