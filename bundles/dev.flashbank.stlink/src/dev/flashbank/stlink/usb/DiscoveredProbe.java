package dev.flashbank.stlink.usb;

import dev.flashbank.stlink.StlinkProduct;

/**
 * One ST-Link found on USB.
 *
 * @param product  identity from the VID/PID
 * @param serial   serial number (clone-serial fixed), or null when unreadable
 * @param location USB bus/port ("1-2.3")
 * @param state    usable or why not
 * @param detail   the underlying USB message when not READY
 * @param entry    the enumerator's entry, needed to open it
 */
public record DiscoveredProbe(StlinkProduct product, String serial, String location, ProbeState state, String detail,
        UsbDeviceEntry entry) {

    /** "STLINK-V3SET/V3 with bridge 002F003D3431511737393330 at 1-2.3". */
    public String describe() {
        return product.displayName() + " " + (serial == null ? "(serial unreadable)" : serial) + " at " + location;
    }

    /** What the user should do, or "" when READY. */
    public String advice() {
        return switch (state) {
            case READY -> "";
            case NO_PERMISSION -> describe() + ": no permission to open it. " + UdevRules.installHint();
            case CLAIMED_BY_OTHER -> describe() + " is in use by another program (STM32CubeIDE/CubeProgrammer, "
                    + "OpenOCD, st-util, pyOCD or another Flashbank session): close its debug session or that program.";
            case USB_LOADER_MODE -> describe() + " is in its firmware-upgrade (USB loader) mode, not in debug mode: "
                    + "finish or cancel the upgrade in ST's ST-LINK upgrade tool, or unplug and replug the probe.";
            case UNSUPPORTED -> describe() + ": ST-LINK/V1 uses a SCSI protocol Flashbank does not support; use an "
                    + "ST-LINK/V2 or later.";
            case ERROR -> describe() + " could not be opened: " + detail;
        };
    }
}
