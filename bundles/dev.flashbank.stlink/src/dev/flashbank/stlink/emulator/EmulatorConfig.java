package dev.flashbank.stlink.emulator;

import java.util.List;

import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkProduct;
import dev.flashbank.stlink.StlinkVersion;

/**
 * Which probe the emulator pretends to be.
 *
 * @param product         USB identity (generation, endpoints)
 * @param firmware        the version GET_VERSION(_EX) reports; feature gates follow it
 * @param initialMode     mode at power-up ({@code StlinkCommands.MODE_*}); stand-alone V2 dongles typically come up in
 *                        DFU mode, on-board V2-1/V3 in mass-storage mode (emulator choice; OpenOCD handles both)
 * @param tarWindow       TAR auto-increment window; a 16/32-bit command crossing it is recorded as a host protocol
 *                        violation on firmware before V2J32/V3J2 (hosts must split, OpenOCD STLINK_MAX_RW16_32;
 *                        later firmware reloads TAR itself, see StlinkEmulator)
 * @param v3SwdFrequencies kHz values GET_COM_FREQ lists on V3, fastest first (at most 10, OpenOCD
 *        STLINK_V3_MAX_FREQ_NB). Emulator parameter:
 *                        the reference does not list a real probe's values
 * @param timing          modelled USB/SWD cost
 */
public record EmulatorConfig(StlinkProduct product, StlinkVersion firmware, int initialMode, int tarWindow,
        List<Integer> v3SwdFrequencies, EmulatorTiming timing) {

    public EmulatorConfig {
        v3SwdFrequencies = List.copyOf(v3SwdFrequencies);
        if (v3SwdFrequencies.size() > StlinkCommands.COM_FREQ_MAX_ENTRIES) {
            throw new IllegalArgumentException("GET_COM_FREQ lists at most 10 frequencies");
        }
    }

    /** Emulator parameter, see {@link #v3SwdFrequencies}. */
    public static final List<Integer> DEFAULT_V3_SWD_KHZ = List.of(24000, 8000, 3300, 1000, 200, 50, 5);

    /** Stand-alone ST-LINK/V2 with firmware V2J&lt;jtag&gt;S7. */
    public static EmulatorConfig v2(int jtag) {
        StlinkProduct p = StlinkProduct.V2;
        return new EmulatorConfig(p, new StlinkVersion(2, jtag, 7, 0, 0, 0, StlinkProduct.VENDOR_ID, p.productId()),
                StlinkCommands.MODE_DFU, StlinkCommands.TAR_AUTOINCREMENT_WINDOW_DEFAULT, DEFAULT_V3_SWD_KHZ,
                EmulatorTiming.FULL_SPEED);
    }

    /** On-board ST-LINK/V2-1 (Nucleo) with firmware V2J&lt;jtag&gt;M26. */
    public static EmulatorConfig v21(int jtag) {
        StlinkProduct p = StlinkProduct.V2_1;
        return new EmulatorConfig(p, new StlinkVersion(2, jtag, 0, 26, 0, 0, StlinkProduct.VENDOR_ID, p.productId()),
                StlinkCommands.MODE_MASS, StlinkCommands.TAR_AUTOINCREMENT_WINDOW_DEFAULT, DEFAULT_V3_SWD_KHZ,
                EmulatorTiming.FULL_SPEED);
    }

    /** STLINK-V3SET with firmware V3J&lt;jtag&gt;M3B3S1. */
    public static EmulatorConfig v3(int jtag) {
        StlinkProduct p = StlinkProduct.V3S;
        return new EmulatorConfig(p, new StlinkVersion(3, jtag, 1, 3, 3, 0, StlinkProduct.VENDOR_ID, p.productId()),
                StlinkCommands.MODE_MASS, StlinkCommands.TAR_AUTOINCREMENT_WINDOW_DEFAULT, DEFAULT_V3_SWD_KHZ,
                EmulatorTiming.HIGH_SPEED);
    }

    public EmulatorConfig withInitialMode(int mode) {
        return new EmulatorConfig(product, firmware, mode, tarWindow, v3SwdFrequencies, timing);
    }

    public EmulatorConfig withTiming(EmulatorTiming t) {
        return new EmulatorConfig(product, firmware, initialMode, tarWindow, v3SwdFrequencies, t);
    }
}
