package dev.flashbank.cli.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.ProbeTimingProfile;

/**
 * A modelled probe for the bench: a {@link ProbeTimingProfile} at one bound (the cost the emulator charges for every
 * command, whoever sends it), the emulated ST-Link that answers (its USB identity decides what OpenOCD sees) and the
 * SWD clock Flashbank's session asks for.
 *
 * @param key          short name on the command line and in JSON ("v2", "v3")
 * @param profile      the named cost parameters with their typ..max ranges
 * @param bound        which end of the ranges this model runs at
 * @param emulator     the emulated probe with {@code profile.at(bound)} as its timing
 * @param swdKiloHertz SWD clock Flashbank asks for
 */
public record ProbeModel(String key, ProbeTimingProfile profile, dev.flashbank.core.device.FlashTimings.Bound bound,
        EmulatorConfig emulator, int swdKiloHertz) {

    /**
     * Firmware of the modelled V2: V2J37 — new enough for 16-bit memory commands (V2J26, §3.5) and GETLASTRWSTATUS2;
     * an emulator choice, any later V2 firmware models the same.
     */
    public static final int V2_JTAG_VERSION = 37;
    /** Firmware of the modelled V3: V3J7 (an emulator choice). */
    public static final int V3_JTAG_VERSION = 7;

    /** Stand-alone ST-LINK/V2 (full-speed USB) at the profile's typical cost: 4 MHz SWD. */
    public static ProbeModel v2() {
        ProbeTimingProfile p = ProbeTimingProfile.ST_LINK_V2_FULL_SPEED;
        dev.flashbank.core.device.FlashTimings.Bound b = dev.flashbank.core.device.FlashTimings.Bound.TYPICAL;
        return new ProbeModel("v2", p, b, EmulatorConfig.v2(V2_JTAG_VERSION).withTiming(p.at(b)), p.swdKiloHertzAt(b));
    }

    /** STLINK-V3SET (high-speed USB) at the profile's typical cost: 24 MHz SWD. */
    public static ProbeModel v3() {
        ProbeTimingProfile p = ProbeTimingProfile.STLINK_V3_HIGH_SPEED;
        dev.flashbank.core.device.FlashTimings.Bound b = dev.flashbank.core.device.FlashTimings.Bound.TYPICAL;
        return new ProbeModel("v3", p, b, EmulatorConfig.v3(V3_JTAG_VERSION).withTiming(p.at(b)), p.swdKiloHertzAt(b));
    }

    /** The acceptance model of issue 11: ST-LINK/V2 at 4 MHz. */
    public static ProbeModel v2At4MHz() {
        return v2();
    }

    public static List<ProbeModel> all() {
        return List.of(v2(), v3());
    }

    /** "v2", "v3" or empty. */
    public static Optional<ProbeModel> byKey(String key) {
        return all().stream().filter(m -> m.key().equals(key.toLowerCase(Locale.ROOT))).findFirst();
    }

    /** "ST-LINK/V2 full speed @ 4 MHz (typ)". */
    public String name() {
        return String.format(Locale.ROOT, "%s @ %s MHz (%s)", profile.name(),
                swdKiloHertz % 1000 == 0 ? String.valueOf(swdKiloHertz / 1000) : String.valueOf(swdKiloHertz / 1000.0),
                bound.key());
    }
}
