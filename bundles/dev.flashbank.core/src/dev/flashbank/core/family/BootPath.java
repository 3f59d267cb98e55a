package dev.flashbank.core.family;

/**
 * What the doctor predicts starts at the next reset for one level of the BOOT0 pin (the boot configuration chapter of
 * the part's reference manual): the BOOT_ADDx option the pin selects, and the outcome after nDBOOT, SWP_FB = 0 (its
 * reset value) and the vector-table check.
 *
 * @param boot0 pin level 0 or 1
 * @param bootAddValue raw BOOT_ADDx (address >> 14)
 * @param address the address it encodes
 * @param outcome what ends up running
 * @param physicalBank physical bank of the flash image that runs (0 when not a flash image)
 * @param dualBoot the ROM bootloader chooses the bank (nDBOOT = 0 in dual-bank mode with a flash boot address)
 * @param inUse this is the option the last reset used (SYSCFG_MEMRMP.MEM_BOOT)
 */
public record BootPath(int boot0, int bootAddValue, long address, Outcome outcome, int physicalBank, boolean dualBoot,
        boolean inUse) {

    /** What starts. */
    public enum Outcome {
        /** A plausible image in flash. */
        FLASH,
        /** An image in RAM. */
        RAM,
        /** The ROM bootloader (chosen, or because dual boot found no valid bank). */
        SYSTEM_MEMORY,
        /** Nothing plausible: the core faults and locks up. */
        LOCKUP,
        /** Flash cannot be read (RDP level 1), so the image cannot be checked. */
        UNKNOWN
    }
}
