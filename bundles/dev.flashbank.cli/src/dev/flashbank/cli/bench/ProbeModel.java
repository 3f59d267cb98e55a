package dev.flashbank.cli.bench;

import dev.flashbank.stlink.emulator.EmulatorConfig;

/**
 * A modelled probe for the bench: which emulated ST-Link (its USB class decides the per-command cost,
 * the USB cost model) and the SWD clock the session asks for (OpenOCD stlink_usb.c, SWD frequency map).
 *
 * @param name     short label for tables and JSON
 * @param emulator the emulated probe (generation, firmware, {@link dev.flashbank.stlink.emulator.EmulatorTiming})
 * @param swdKiloHertz requested SWD clock
 */
public record ProbeModel(String name, EmulatorConfig emulator, int swdKiloHertz) {

    /**
     * Firmware of the modelled V2: V2J37 — new enough for 16-bit memory commands (V2J26, §3.5) and GETLASTRWSTATUS2;
     * an emulator choice, any later V2 firmware models the same.
     */
    public static final int V2_JTAG_VERSION = 37;

    /** The acceptance model of issue 11: stand-alone ST-LINK/V2 (full-speed USB) at 4 MHz SWD. */
    public static ProbeModel v2At4MHz() {
        return new ProbeModel("ST-LINK/V2 @ 4 MHz", EmulatorConfig.v2(V2_JTAG_VERSION), 4000);
    }

    /** STLINK-V3SET (high-speed USB) at 24 MHz SWD. */
    public static ProbeModel v3At24MHz() {
        return new ProbeModel("STLINK-V3 @ 24 MHz", EmulatorConfig.v3(7), 24000);
    }
}
