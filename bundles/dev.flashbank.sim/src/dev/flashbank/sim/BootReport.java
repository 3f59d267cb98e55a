package dev.flashbank.sim;

import java.util.List;
import java.util.Objects;

/**
 * Which image starts at a reset, and why (the boot configuration of the part's reference manual: the BOOT0 pin and the
 * boot options; the doctor says which image will start at the next reset and why). The simulator does not execute code:
 * this is the boot decision of the silicon (BOOT0 pin, BOOT_ADDx, nDBOOT, nDBANK, RDP) plus the validity of the vector
 * table the core or the ROM bootloader looks at.
 *
 * @param boot0 BOOT0 pin level sampled at reset
 * @param bootAddOption 0 or 1: which BOOT_ADDx option BOOT0 selected (reported in SYSCFG_MEMRMP.MEM_BOOT)
 * @param bootAddValue raw value of that option (address >> 14)
 * @param bootAddress the address it encodes
 * @param coreVectorTable where the core fetches its vector table at reset (the ROM bootloader's when dual boot or
 *        BOOT_ADDx = system memory); a reset-and-halt stops there
 * @param coreInitialSp word 0 at {@code coreVectorTable}
 * @param coreResetVector word 1 at {@code coreVectorTable}
 * @param source what finally runs
 * @param imageAddress vector table of the image that finally runs (as addressed after boot, i.e. with the SWP_FB the
 *        boot leaves behind)
 * @param physicalBank physical flash bank of that image, 0 when it is not in flash
 * @param imageInitialSp word 0 of that image
 * @param imageResetVector word 1 of that image
 * @param imageValid initial SP inside RAM (top of stack allowed) and reset handler odd and inside flash (or RAM for RAM
 *        images)
 * @param dualBoot the ROM bootloader chose the bank (nDBOOT = 0 in dual-bank mode with a flash boot address)
 * @param swpFbAfterBoot SYSCFG_MEMRMP.SWP_FB once the started image runs
 * @param reasons the decision steps in words, for the doctor and the UI
 * @param selection what the boot pin and options selected, in the family's words, for the one-line summary ("BOOT_ADD0
 *        =0x0080 (0x00200000)" where a boot-address option decides; "BFB2=1: ROM bootloader chose bank 2", "main flash
 *        (nSWAP_BANK=0)" where a bank-swap option does)
 * @param swapLabel the family's name of the bit {@code swpFbAfterBoot} reports ("SWP_FB", "FB_MODE")
 */
public record BootReport(boolean boot0, int bootAddOption, int bootAddValue, long bootAddress, long coreVectorTable,
        int coreInitialSp, int coreResetVector, Source source, long imageAddress, int physicalBank, int imageInitialSp,
        int imageResetVector, boolean imageValid, boolean dualBoot, boolean swpFbAfterBoot, List<String> reasons,
        String selection, String swapLabel) {

    /** What ends up running. */
    public enum Source {
        /** A user image in flash. */
        FLASH,
        /** A user image in RAM (ITCM/DTCM/SRAM). */
        RAM,
        /** The ROM bootloader, waiting for a host. */
        SYSTEM_MEMORY,
        /** Nothing usable: the core faults on its vector fetch or first instruction and locks up. */
        LOCKUP
    }

    public BootReport {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(swapLabel, "swapLabel");
        reasons = List.copyOf(reasons);
    }

    /** A boot chosen by a BOOT_ADDx option (the boot pin selects which), with SWP_FB the bank-swap bit. */
    public BootReport(boolean boot0, int bootAddOption, int bootAddValue, long bootAddress, long coreVectorTable,
            int coreInitialSp, int coreResetVector, Source source, long imageAddress, int physicalBank,
            int imageInitialSp, int imageResetVector, boolean imageValid, boolean dualBoot, boolean swpFbAfterBoot,
            List<String> reasons) {
        this(boot0, bootAddOption, bootAddValue, bootAddress, coreVectorTable, coreInitialSp, coreResetVector, source,
                imageAddress, physicalBank, imageInitialSp, imageResetVector, imageValid, dualBoot, swpFbAfterBoot,
                reasons, String.format("BOOT_ADD%d=0x%04X (0x%08X)", bootAddOption, bootAddValue, bootAddress),
                "SWP_FB");
    }

    /** One line for logs and the CLI. */
    public String summary() {
        String what = switch (source) {
            case FLASH -> String.format("flash image at 0x%08X (physical bank %d)", imageAddress, physicalBank);
            case RAM -> String.format("RAM image at 0x%08X", imageAddress);
            case SYSTEM_MEMORY -> "ROM bootloader (system memory)";
            case LOCKUP -> "nothing valid: the core locks up";
        };
        return String.format("BOOT0=%d -> %s: %s%s%s", boot0 ? 1 : 0, selection, what, dualBoot ? " [dual boot]" : "",
                swpFbAfterBoot ? " [" + swapLabel + "=1]" : "");
    }

    @Override
    public String toString() {
        return summary() + " " + reasons;
    }
}
