package dev.flashbank.stlink;

import java.util.Optional;

/**
 * Firmware version of an ST-Link as GET_VERSION (6 bytes) or GET_VERSION_EX (12 bytes) report it
 * (OpenOCD stlink_usb_version, pyOCD stlink.py). Fields that a reply does not carry are 0.
 *
 * @param hardware probe hardware version (1, 2, 3)
 * @param jtag     JTAG/SWD firmware version, the "J" number every feature gate is keyed on (OpenOCD STLINK_F_*)
 * @param swim     SWIM (STM8) firmware version "S"
 * @param msd      mass-storage / VCP firmware version "M"
 * @param bridge   bridge firmware version "B" (V3 only)
 * @param power    power firmware version (V3PWR, pyOCD)
 * @param vendorId USB vendor id as the probe reports it
 * @param productId USB product id as the probe reports it
 */
public record StlinkVersion(int hardware, int jtag, int swim, int msd, int bridge, int power, int vendorId,
        int productId) {

    /**
     * Decodes the 6-byte GET_VERSION reply: bytes 0..1 big-endian (bits 15:12 hardware, 11:6 J, 5:0 S or M), then
     * VID and PID little-endian. On V2-1 PIDs the low field is the mass-storage version unless the build is
     * STM8-only (J = 0), as OpenOCD decodes it (stlink_usb_version).
     */
    public static StlinkVersion decode(byte[] reply) {
        requireLength(reply, StlinkCommands.GET_VERSION_REPLY, "GET_VERSION");
        int word = (reply[0] & 0xFF) << 8 | (reply[1] & 0xFF);
        int hw = (word >> 12) & 0xF;
        int jtag = (word >> 6) & 0x3F;
        int low = word & 0x3F;
        int vid = Bytes.le16(reply, 2);
        int pid = Bytes.le16(reply, 4);
        boolean lowIsMsd = jtag != 0 && StlinkProduct.fromIds(vid, pid)
                .map(p -> p.generation() == ProbeGeneration.V2_1).orElse(false);
        return new StlinkVersion(hw, jtag, lowIsMsd ? 0 : low, lowIsMsd ? low : 0, 0, 0, vid, pid);
    }

    /** Decodes the 12-byte GET_VERSION_EX reply of STLINK-V3 (OpenOCD stlink_usb_version). */
    public static StlinkVersion decodeExtended(byte[] reply) {
        requireLength(reply, StlinkCommands.GET_VERSION_EX_REPLY, "GET_VERSION_EX");
        return new StlinkVersion(reply[0] & 0xFF, reply[2] & 0xFF, reply[1] & 0xFF, reply[3] & 0xFF, reply[4] & 0xFF,
                reply[5] & 0xFF, Bytes.le16(reply, 8), Bytes.le16(reply, 10));
    }

    /**
     * True when GET_VERSION_EX must be asked: hardware version 3 or later. pyOCD always asks for V3; OpenOCD only when
     * the 6-byte reply has J = S = 0, which real V3 probes always report - both rules agree on real probes.
     */
    public boolean needsExtendedVersion() {
        return hardware >= 3;
    }

    /** Generation implied by the hardware field and PID. */
    public ProbeGeneration generation() {
        Optional<StlinkProduct> product = StlinkProduct.fromIds(vendorId, productId);
        if (product.isPresent()) {
            return product.get().generation();
        }
        return switch (hardware) {
            case 1 -> ProbeGeneration.V1;
            case 2 -> ProbeGeneration.V2;
            default -> ProbeGeneration.V3;
        };
    }

    /**
     * The usual spelling V&lt;hw&gt;J&lt;jtag&gt;[M&lt;msd&gt;][B&lt;bridge&gt;][S&lt;swim&gt;] (as OpenOCD logs it),
     * e.g. "V2J37M26".
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("V").append(hardware).append('J').append(jtag);
        if (msd > 0) {
            sb.append('M').append(msd);
        }
        if (bridge > 0) {
            sb.append('B').append(bridge);
        }
        if (swim > 0) {
            sb.append('S').append(swim);
        }
        if (power > 0) {
            sb.append('P').append(power);
        }
        return sb.toString();
    }

    private static void requireLength(byte[] reply, int length, String what) {
        if (reply == null || reply.length < length) {
            throw new IllegalArgumentException(what + " reply needs " + length + " bytes");
        }
    }
}
