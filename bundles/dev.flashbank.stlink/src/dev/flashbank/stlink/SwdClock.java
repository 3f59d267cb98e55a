package dev.flashbank.stlink;

import java.util.List;

/**
 * SWD clock selection. ST-LINK/V2 and V2-1 take a divisor from a fixed table (APIV2_SWD_SET_FREQ,
 * identical in OpenOCD stlink_usb.c and stlink-org inc/stlink.h); STLINK-V3 lists its frequencies with GET_COM_FREQ and
 * takes one with SET_COM_FREQ.
 */
public final class SwdClock {

    private SwdClock() {
    }

    /** One entry of the V2 divisor table. */
    public record Divisor(int kiloHertz, int divisor) {
    }

    /** V2 SWD divisor table, fastest first (OpenOCD stlink_khz_to_speed_map_swd). */
    public static final List<Divisor> V2_SWD_DIVISORS = List.of(new Divisor(4000, 0), new Divisor(1800, 1),
            new Divisor(1200, 2), new Divisor(950, 3), new Divisor(480, 7), new Divisor(240, 15), new Divisor(125, 31),
            new Divisor(100, 40), new Divisor(50, 79), new Divisor(25, 158), new Divisor(15, 265), new Divisor(5, 798));

    /** The probe's own SWD clock when nobody sets it (1800 kHz, the table's default in OpenOCD stlink_usb.c). */
    public static final int V2_DEFAULT_KHZ = 1800;

    /** Fastest V2 table entry not above {@code kiloHertz}, or the slowest entry (OpenOCD's rule). */
    public static Divisor v2DivisorFor(int kiloHertz) {
        for (Divisor d : V2_SWD_DIVISORS) {
            if (d.kiloHertz() <= kiloHertz) {
                return d;
            }
        }
        return V2_SWD_DIVISORS.get(V2_SWD_DIVISORS.size() - 1);
    }

    /** Fastest of {@code supported} not above {@code kiloHertz}, or the slowest one (V3, OpenOCD stlink_speed_v3). */
    public static int pick(List<Integer> supported, int kiloHertz) {
        int best = -1;
        int slowest = Integer.MAX_VALUE;
        for (int f : supported) {
            slowest = Math.min(slowest, f);
            if (f <= kiloHertz && f > best) {
                best = f;
            }
        }
        return best >= 0 ? best : slowest;
    }
}
