package dev.flashbank.family.stm32h7.sim;

import java.util.List;

import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.ParameterStatus;
import dev.flashbank.family.stm32h7.Stm32H7Line;
import dev.flashbank.family.stm32h7.Stm32H7Registers;
import dev.flashbank.sim.bus.DebugApb;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.DebugTopology;
import dev.flashbank.sim.bus.WireProtocol;

/**
 * The debug side of a simulated single-core STM32H7 (RM0433 §60 "Debug infrastructure"): the SWJ-DP of the Cortex-M7
 * r1 with its JTAG and SWD identification codes, the 5-bit boundary-scan TAP beside it, and two MEM-APs:
 * <ul>
 * <li>AP0, the Cortex-M7's AHB-AP onto the system bus (flash, FLASH registers, DBGMCU at 0x5C00_1000, the core's PPB),
 * with the Cortex-M7 ROM table;</li>
 * <li>AP2, an APB-AP onto the debug APB (APB-D): the DBGMCU at 0xE00E_1000 (the same registers as the system-bus view,
 * and the only view that answers while NRST is held low), the SWO unit at 0xE00E_3000, the SWO trace funnel SWTF at
 * 0xE00E_4000 and the TPIU at 0xE00F_5000 - what OpenOCD's {@code stm32h7x.cfg} touches (its examine-end handler
 * writes DBGMCU_CR and SWTF_CTRL through AP2; {@code swo create} and {@code tpiu create} name the SWO and TPIU). The
 * trace components are plain registers: nothing in the simulated silicon traces.</li>
 * </ul>
 * Other APSELs (1, and the dual-core parts' AP3 with the Cortex-M4) are not modelled: their IDR reads 0. Values that
 * no fact source gives are named parameters ({@link #assumptions()}).
 */
public final class Stm32H7DebugPort {

    /**
     * JTAG-DP IDCODE of the STM32H7's SWJ-DP (Cortex-M7 r1, DPv2): what {@code target/stm32h7x.cfg} expects of the CPU
     * TAP ({@code _CPUTAPID 0x6ba00477} when using JTAG).
     */
    public static final int DP_IDCODE_JTAG = 0x6BA0_0477;
    /** DPIDR over SWD ({@code target/stm32h7x.cfg}: {@code 0x6ba02477}). */
    public static final int DP_IDCODE_SWD = 0x6BA0_2477;

    /** APSEL of the Cortex-M7's AHB-AP (system bus) and of the APB-AP onto the debug APB ({@code stm32h7x.cfg}). */
    public static final int AP_SYSTEM = 0, AP_DEBUG_APB = 2;

    /**
     * SWO unit, SWO trace funnel (SWTF) and TPIU on the debug APB, where {@code stm32h7x.cfg} addresses them (RM0433 §60
     * debug infrastructure).
     */
    public static final long SWO_BASE = 0xE00E_3000L, SWTF_BASE = 0xE00E_4000L, TPIU_BASE = 0xE00F_5000L;

    /**
     * AP0 IDR: AHB3-AP of the Cortex-M7 r1 (revision 0x8, JEP106 ARM 0x23B, class MEM-AP, type AHB3). UNCONFIRMED:
     * the value debuggers report for STM32H7 parts; RM0433 §60 was not read for it.
     */
    public static final long AP0_IDR = 0x8477_0001L;
    /** AP2 IDR: an ARM APB-AP (revision 0x5, class MEM-AP, type APB). UNCONFIRMED, as AP0_IDR. */
    public static final long AP2_IDR = 0x5477_0002L;

    private Stm32H7DebugPort() {
    }

    /** The DP IDCODE the SWJ-DP shows over {@code protocol}. */
    public static int dpIdcode(WireProtocol protocol) {
        return protocol == WireProtocol.SWD ? DP_IDCODE_SWD : DP_IDCODE_JTAG;
    }

    /**
     * IDCODE of the boundary-scan TAP: ST's pattern 0x06 | DEV_ID | 0x041 (version 0, part number 0x6 DEV_ID,
     * manufacturer ST 0x020 with the mandatory bit 0), 0x0645_0041 on the H74x/H75x. UNCONFIRMED: the BSDL file of the
     * part was not read; {@code stm32h7x.cfg} declares the TAP without an expected ID.
     */
    public static int boundaryScanIdcode(Stm32H7Line line) {
        return 0x0600_0041 | line.devId() << 12;
    }

    /**
     * The topology of a board whose system bus is {@code systemBus}: AP0 onto it, AP2 onto a debug APB whose DBGMCU
     * window is the board's own APB-D view of DBGMCU ({@link Stm32H7Registers#DBGMCU_APB_D_BASE}, which the board
     * answers under reset too).
     */
    public static DebugTopology topology(DebugBus systemBus) {
        DebugApb apbD = DebugApb.builder()
                .mirror("DBGMCU", Stm32H7Registers.DBGMCU_APB_D_BASE, 0x1000, systemBus,
                        Stm32H7Registers.DBGMCU_APB_D_BASE)
                .component("SWO", SWO_BASE, 0x1000)
                .component("SWTF", SWTF_BASE, 0x1000)
                .component("TPIU", TPIU_BASE, 0x1000)
                .build();
        return new DebugTopology(DebugTopology.STM32_BOUNDARY_SCAN_IR_LENGTH, List.of(
                DebugTopology.AccessPort.systemBus(AP_SYSTEM, AP0_IDR, systemBus, DebugTopology.RomTable.ARMV7M),
                DebugTopology.AccessPort.debugApb(AP_DEBUG_APB, AP2_IDR, apbD)));
    }

    /** The named assumptions of this debug model, for the board's report. */
    public static List<ModelParameter<?>> assumptions(Stm32H7Line line) {
        ParameterStatus u = ParameterStatus.UNCONFIRMED;
        return List.of(
                new ModelParameter<>("sim.boundaryScanIdcode", String.format("0x%08X", boundaryScanIdcode(line)), u,
                        "ST pattern 0x06 | DEV_ID | 0x041 (as on other ST Cortex-M7 parts); the part's BSDL file was "
                                + "not read"),
                new ModelParameter<>("sim.ap0Idr", String.format("0x%08X", AP0_IDR), u,
                        "Cortex-M7 r1 AHB3-AP as debuggers report it; RM0433 §60 not read"),
                new ModelParameter<>("sim.ap2Idr", String.format("0x%08X", AP2_IDR), u,
                        "ARM APB-AP; RM0433 §60 not read"),
                new ModelParameter<>("sim.ap0RomTable", "ARMv7-M table at 0xE00F_F000 (SCS, DWT, FPB, ITM)", u,
                        "RM0433 §60 not read: the silicon's AP0 BASE points to the Cortex-M7 ROM table; no flash tool"
                                + " walks it"));
    }
}
