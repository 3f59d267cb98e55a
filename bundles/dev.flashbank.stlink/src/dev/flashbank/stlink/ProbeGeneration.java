package dev.flashbank.stlink;

/**
 * Hardware generation of an ST-Link, as far as it changes the protocol (OpenOCD stlink_usb.c: USB speed, transfer
 * limits, feature flags).
 */
public enum ProbeGeneration {
    /** ST-LINK/V1: SCSI mass-storage framing; not supported by Flashbank. */
    V1(1, false),
    /** ST-LINK/V2 (stand-alone dongle). */
    V2(2, false),
    /** ST-LINK/V2-1 (Nucleo/Discovery on-board): V2 protocol, different endpoints. */
    V2_1(2, false),
    /** STLINK-V3 family: high-speed USB, API v3, GET_VERSION_EX, COM_FREQ. */
    V3(3, true);

    private final int hardwareVersion;
    private final boolean highSpeed;

    ProbeGeneration(int hardwareVersion, boolean highSpeed) {
        this.hardwareVersion = hardwareVersion;
        this.highSpeed = highSpeed;
    }

    /** Value of the hardware-version field of GET_VERSION (bits 15:12). */
    public int hardwareVersion() {
        return hardwareVersion;
    }

    /**
     * True for USB 2.0 high-speed probes (512-byte bulk packets); false for full speed (64-byte packets), OpenOCD
     * stlink_usb.c.
     */
    public boolean highSpeed() {
        return highSpeed;
    }
}
