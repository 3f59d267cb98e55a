package dev.flashbank.stlink.usb;

/** Why a discovered ST-Link can or cannot be used right now. */
public enum ProbeState {
    /** Found, opened, interface claimable. */
    READY,
    /** Found, but the OS refused to open it (Linux: udev rules missing). */
    NO_PERMISSION,
    /** Another program (IDE, OpenOCD, STM32CubeProgrammer, st-util) holds its debug interface. */
    CLAIMED_BY_OTHER,
    /** The probe is in its USB firmware loader, not in debug mode. */
    USB_LOADER_MODE,
    /** An ST-LINK/V1 (SCSI protocol), which Flashbank does not drive. */
    UNSUPPORTED,
    /** Open or claim failed for another reason (see detail). */
    ERROR
}
