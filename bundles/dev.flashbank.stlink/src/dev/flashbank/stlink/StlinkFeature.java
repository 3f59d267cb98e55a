package dev.flashbank.stlink;

import java.util.EnumSet;
import java.util.Set;

/**
 * Protocol features gated by firmware version (OpenOCD STLINK_F_*, pyOCD MIN_JTAG_VERSION*).
 * Each feature names the first "J" version that has it on ST-LINK/V2 and V2-1, and on STLINK-V3; {@link #NEVER}
 * means the generation does not have it at all.
 */
public enum StlinkFeature {
    /** Target voltage measurement (and SWV trace): V2J13, all V3. */
    TARGET_VOLTAGE(13, 0),
    /** GETLASTRWSTATUS2 with the fault address, and FPU registers through READREG: V2J15, all V3. */
    GETLASTRWSTATUS2(15, 0),
    /** APIV2_SWD_SET_FREQ with the V2 divisor table; V3 replaced it by SET_COM_FREQ. */
    SWD_SET_FREQ(Gates.SWD_SET_FREQ_MIN_V2, StlinkFeature.NEVER),
    /** APIV2_JTAG_SET_FREQ: V2J24. */
    JTAG_SET_FREQ(24, StlinkFeature.NEVER),
    /** READ_DAP_REG / WRITE_DAP_REG: V2J24, all V3. */
    DAP_REGISTERS(24, 0),
    /**
     * READMEM_16BIT / WRITEMEM_16BIT: V2J26, all V3 (older firmware: fall back to 8-bit, OpenOCD
     * STLINK_F_HAS_MEM_16BIT).
     */
    MEMORY_16BIT(26, 0),
    /** INIT_AP must be sent before AP access: V2J28, all V3. */
    INIT_AP(28, 0),
    /** AP number and CSW bits in memory commands, DP bank select, RW_MISC: V2J32, V3J2. */
    AP_AND_CSW_IN_MEMORY_COMMANDS(32, 2),
    /** 8-bit transfers up to 512 bytes: V3J6 only. */
    RW8_512_BYTES(StlinkFeature.NEVER, 6),
    /** APIV3 GET_COM_FREQ / SET_COM_FREQ: V3 only. */
    COM_FREQ(StlinkFeature.NEVER, 0),
    /** GET_BOARD_IDENTIFIERS: V2J36, V3J6. */
    BOARD_IDENTIFIERS(36, 6);

    /** Marker for "this generation never has the feature". */
    public static final int NEVER = -1;

    /** Named firmware parameters whose sources disagree. */
    public static final class Gates {
        private Gates() {
        }

        /**
         * First V2 firmware with APIV2_SWD_SET_FREQ. OpenOCD says J22, a pyOCD comment says J20 (OpenOCD
         * STLINK_F_HAS_SWD_SET_FREQ, pyOCD stlink.py). We use the later value so firmware that might not know the
         * command is never sent it; the cost is that J20/J21 stay at the default 1.8 MHz.
         */
        public static final int SWD_SET_FREQ_MIN_V2 = 22;

        /** pyOCD refuses V2 firmware older than J24 (MIN_JTAG_VERSION); we run it but warn (pyOCD stlink.py). */
        public static final int RECOMMENDED_MIN_V2 = 24;
    }

    private final int minV2;
    private final int minV3;

    StlinkFeature(int minV2, int minV3) {
        this.minV2 = minV2;
        this.minV3 = minV3;
    }

    /** First ST-LINK/V2 (and V2-1) J version with the feature, or {@link #NEVER}. */
    public int minimumV2() {
        return minV2;
    }

    /** First STLINK-V3 J version with the feature, or {@link #NEVER}. */
    public int minimumV3() {
        return minV3;
    }

    public boolean isSupportedBy(StlinkVersion version) {
        int min = version.hardware() >= 3 ? minV3 : minV2;
        return min != NEVER && version.jtag() >= min;
    }

    public static Set<StlinkFeature> supportedBy(StlinkVersion version) {
        EnumSet<StlinkFeature> set = EnumSet.noneOf(StlinkFeature.class);
        for (StlinkFeature f : values()) {
            if (f.isSupportedBy(version)) {
                set.add(f);
            }
        }
        return set;
    }
}
