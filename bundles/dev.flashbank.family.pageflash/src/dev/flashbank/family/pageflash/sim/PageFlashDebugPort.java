package dev.flashbank.family.pageflash.sim;

import java.util.List;

import dev.flashbank.sim.cpu.CoreProfile;
import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.ParameterStatus;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashLine.Series;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.DebugTopology;
import dev.flashbank.sim.bus.WireProtocol;

/**
 * The debug side of a simulated page-flash part: the SWJ-DP of the Cortex-M4 (L4, L4+, G4) with the identification
 * codes OpenOCD's {@code target/stm32l4x.cfg} and {@code stm32g4x.cfg} expect, the 5-bit boundary-scan TAP beside it,
 * the SW-DP of the Cortex-M0+ G0 ({@code stm32g0x.cfg}), one AHB-AP on the system bus with the core's ROM table, and
 * the core's CPUID. Values that no fact source gives are named parameters ({@link #assumptions}).
 */
public final class PageFlashDebugPort {

    /** JTAG-DP IDCODE of the L4/G4 SWJ-DP ({@code stm32l4x.cfg}, {@code stm32g4x.cfg}: {@code 0x4ba00477}). */
    public static final int DP_IDCODE_JTAG_M4 = 0x4BA0_0477;
    /** SW-DP DPIDR of the L4/G4 ({@code _CPUTAPID 0x2ba01477} over SWD). */
    public static final int DP_IDCODE_SWD_M4 = 0x2BA0_1477;
    /** SW-DP DPIDR of the G0 (SWD only; {@code stm32g0x.cfg}: {@code 0x0bc11477}). */
    public static final int DP_IDCODE_SWD_M0P = 0x0BC1_1477;

    /** CPUID of the Cortex-M4 r0p1 (RM0440 §46.6.3 "corresponds to Cortex-M4 r0p1", as stm32g4x.cfg quotes it). */
    public static final int CPUID_M4_R0P1 = 0x410F_C241;
    /** CPUID of the Cortex-M0+ r0p1 (ARMv6-M, PARTNO 0xC60). UNCONFIRMED revision for G0B1. */
    public static final int CPUID_M0P_R0P1 = 0x410C_C601;

    /** AHB-AP IDR of the Cortex-M4 (AHB-AP rev 2). UNCONFIRMED: as debuggers list it for Cortex-M4 parts. */
    public static final long AP_IDR_M4 = 0x2477_0011L;
    /** AHB-AP IDR of the Cortex-M0+ (rev 0, AHB-Lite). UNCONFIRMED, as AP_IDR_M4. */
    public static final long AP_IDR_M0P = 0x0477_0031L;

    /** The ARMv6-M ROM table of a Cortex-M0+ at 0xE00F_F000: SCS, DWT, BPU (ARMv6-M ARM C1.3). */
    static final DebugTopology.RomTable ARMV6M = new DebugTopology.RomTable(0xE00F_F000L,
            List.of(0xFFF0_F003L, 0xFFF0_2003L, 0xFFF0_3003L));

    private PageFlashDebugPort() {
    }

    private static boolean m0plus(PageFlashLine line) {
        return line.series() == Series.G0;
    }

    /** The core's CPUID. */
    public static int cpuid(PageFlashLine line) {
        return m0plus(line) ? CPUID_M0P_R0P1 : CPUID_M4_R0P1;
    }

    /** The executing core: Cortex-M0+ (ARMv6-M, no FPU) on G0, Cortex-M4 with FPv4-SP elsewhere. */
    public static CoreProfile coreProfile(PageFlashLine line) {
        return m0plus(line) ? CoreProfile.CORTEX_M0_PLUS : CoreProfile.CORTEX_M4F;
    }

    /**
     * External interrupt lines of the NVIC: the positions of the line's vector table (RM0440 Table 97: 0-101;
     * RM0351 Table 58 for L47x: 0-81, L49x: 0-90; RM0432: 0-94; RM0444 Table 62: 0-31). Recalled: UNCONFIRMED, and no
     * simulated peripheral raises one.
     */
    public static int interruptLines(PageFlashLine line) {
        return switch (line.series()) {
            case G4 -> 102;
            case L4 -> line == PageFlashLine.L49X_L4AX ? 91 : 82;
            case L4_PLUS -> 95;
            case G0 -> 32;
        };
    }

    /** The DP IDCODE over {@code protocol} (the G0 has no JTAG: its SW-DP answers whatever is asked). */
    public static int dpIdcode(PageFlashLine line, WireProtocol protocol) {
        if (m0plus(line)) {
            return DP_IDCODE_SWD_M0P;
        }
        return protocol == WireProtocol.SWD ? DP_IDCODE_SWD_M4 : DP_IDCODE_JTAG_M4;
    }

    /**
     * IDCODE of the boundary-scan TAP: ST's pattern 0x06 | DEV_ID | 0x041 (0x0646_9041 on the G47x). UNCONFIRMED: the
     * BSDL files were not read; the stock configurations declare the TAP without an expected ID.
     */
    public static int boundaryScanIdcode(PageFlashLine line) {
        return 0x0600_0041 | line.devId() << 12;
    }

    /**
     * TAR auto-increment block of the Cortex-M4's AHB-AP: 4 KiB (OpenOCD's cortex_m core table marks Cortex-M3/M4
     * TAR_AUTOINCR_BLOCK_4K and splits block transfers there only).
     */
    public static final int M4_AUTO_INCREMENT_BLOCK = 4096;

    /** One AHB-AP at APSEL 0 on {@code systemBus}, with the core's ROM table; a 5-bit boundary-scan TAP beside it. */
    public static DebugTopology topology(PageFlashLine line, DebugBus systemBus) {
        DebugTopology.AccessPort ap = m0plus(line)
                ? DebugTopology.AccessPort.systemBus(0, AP_IDR_M0P, systemBus, ARMV6M)
                : DebugTopology.AccessPort.systemBus(0, AP_IDR_M4, systemBus, DebugTopology.RomTable.ARMV7M,
                        M4_AUTO_INCREMENT_BLOCK);
        return new DebugTopology(DebugTopology.STM32_BOUNDARY_SCAN_IR_LENGTH, List.of(ap));
    }

    /** The named assumptions of this debug model, for the board's report. */
    public static List<ModelParameter<?>> assumptions(PageFlashLine line) {
        ParameterStatus u = ParameterStatus.UNCONFIRMED;
        return List.of(
                new ModelParameter<>("sim.boundaryScanIdcode", String.format("0x%08X", boundaryScanIdcode(line)), u,
                        "ST pattern 0x06 | DEV_ID | 0x041; the part's BSDL file was not read"),
                new ModelParameter<>("sim.ap0Idr", String.format("0x%08X", m0plus(line) ? AP_IDR_M0P : AP_IDR_M4), u,
                        "AHB-AP IDR as debuggers report it; the reference manual's debug chapter was not read"),
                new ModelParameter<>("sim.cpuid", String.format("0x%08X", cpuid(line)), u,
                        "Cortex-M4 r0p1 (RM0440 §46.6.3 as OpenOCD quotes it) / Cortex-M0+ r0p1"));
    }
}
