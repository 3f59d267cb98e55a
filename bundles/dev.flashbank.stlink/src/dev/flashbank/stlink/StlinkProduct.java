package dev.flashbank.stlink;

import java.util.Optional;

/**
 * Every ST-Link USB identity in the reference, with its bulk endpoints (OpenOCD
 * {@code stlink_usb.c} and pyOCD {@code usb.py}). The udev rules, discovery and the emulator all derive from this
 * table; nothing else repeats a PID.
 */
public enum StlinkProduct {
    V1(0x3744, "ST-LINK/V1", ProbeGeneration.V1, Role.UNSUPPORTED_V1, 0x02, 0x81, -1),
    V2(0x3748, "ST-LINK/V2", ProbeGeneration.V2, Role.DEBUG, 0x02, 0x81, 0x83),
    V2_1_AUDIO(0x374A, "ST-LINK/V2-1 (audio)", ProbeGeneration.V2_1, Role.DEBUG, 0x01, 0x81, 0x82),
    V2_1(0x374B, "ST-LINK/V2-1", ProbeGeneration.V2_1, Role.DEBUG, 0x01, 0x81, 0x82),
    V2_1_NO_MSD(0x3752, "ST-LINK/V2-1 (no mass storage)", ProbeGeneration.V2_1, Role.DEBUG, 0x01, 0x81, 0x82),
    V3_USB_LOADER(0x374D, "STLINK-V3 USB loader", ProbeGeneration.V3, Role.USB_LOADER, -1, -1, -1),
    V3E(0x374E, "STLINK-V3E", ProbeGeneration.V3, Role.DEBUG, 0x01, 0x81, 0x82),
    V3S(0x374F, "STLINK-V3SET/V3 with bridge", ProbeGeneration.V3, Role.DEBUG, 0x01, 0x81, 0x82),
    V3_2VCP(0x3753, "STLINK-V3 (2 VCP, no mass storage)", ProbeGeneration.V3, Role.DEBUG, 0x01, 0x81, 0x82),
    /** Product name (V3MINIE?) UNCONFIRMED (OpenOCD calls it V3E_NO_MSD). */
    V3E_NO_MSD(0x3754, "STLINK-V3E (no mass storage)", ProbeGeneration.V3, Role.DEBUG, 0x01, 0x81, 0x82),
    V3PWR_USB_LOADER(0x3755, "STLINK-V3PWR USB loader", ProbeGeneration.V3, Role.USB_LOADER, 0x01, 0x81, 0x82),
    /** pyOCD: "also for V4"; product name UNCONFIRMED. */
    V3PWR(0x3757, "STLINK-V3PWR", ProbeGeneration.V3, Role.DEBUG, 0x01, 0x81, 0x82);

    /** STMicroelectronics' USB vendor id, shared by every ST-Link (OpenOCD stlink_usb.c). */
    public static final int VENDOR_ID = 0x0483;
    /** USB interface Flashbank claims (interface 0, configuration 0, as OpenOCD stlink_usb.c). */
    public static final int DEBUG_INTERFACE = 0;

    /** What a device with this PID can do for us. */
    public enum Role {
        /** A debug probe speaking the V2+ protocol. */
        DEBUG,
        /** Firmware-upgrade loader: the probe must be replugged or its upgrade finished before it can debug. */
        USB_LOADER,
        /** ST-LINK/V1 uses SCSI framing, which Flashbank does not implement. */
        UNSUPPORTED_V1
    }

    private final int productId;
    private final String displayName;
    private final ProbeGeneration generation;
    private final Role role;
    private final int bulkOut;
    private final int bulkIn;
    private final int traceIn;

    StlinkProduct(int productId, String displayName, ProbeGeneration generation, Role role, int bulkOut, int bulkIn,
            int traceIn) {
        this.productId = productId;
        this.displayName = displayName;
        this.generation = generation;
        this.role = role;
        this.bulkOut = bulkOut;
        this.bulkIn = bulkIn;
        this.traceIn = traceIn;
    }

    public int productId() {
        return productId;
    }

    public String displayName() {
        return displayName;
    }

    public ProbeGeneration generation() {
        return generation;
    }

    public Role role() {
        return role;
    }

    /** Bulk OUT endpoint address for command blocks and write data, or -1 when the product has none. */
    public int bulkOutEndpoint() {
        return bulkOut;
    }

    /** Bulk IN endpoint address for replies and read data, or -1 when the product has none. */
    public int bulkInEndpoint() {
        return bulkIn;
    }

    /** Bulk IN endpoint of the SWV trace stream, or -1. */
    public int traceInEndpoint() {
        return traceIn;
    }

    /** "0483:374b" as lsusb and udev print it. */
    public String usbId() {
        return String.format("%04x:%04x", VENDOR_ID, productId);
    }

    public static Optional<StlinkProduct> fromIds(int vendorId, int productId) {
        if ((vendorId & 0xFFFF) != VENDOR_ID) {
            return Optional.empty();
        }
        for (StlinkProduct p : values()) {
            if (p.productId == (productId & 0xFFFF)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
