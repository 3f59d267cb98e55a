package dev.flashbank.sim.bus;

import java.time.Duration;

import dev.flashbank.core.target.AccessWidth;

/**
 * The simulated board as a debug transport sees it: single bus accesses through the MEM-AP (as an ST-Link, a CMSIS-DAP
 * or a JTAG adapter would perform them), the NRST line, the identity registers of the SWJ-DP and the boundary-scan
 * TAP, and the supply voltage. The {@link dev.flashbank.sim.SimulatedProbe} is one front end of this interface; an
 * ST-Link USB emulator or a JTAG front end are others. It is intentionally lower level than
 * {@link dev.flashbank.core.target.MemoryAccess}: no splitting of blocks, no exceptions, one access = one
 * {@link BusResult}.
 * <p>
 * Semantics every front end relies on:
 * <ul>
 * <li>Every access is a DEBUGGER access (DAP/AHB-AP master): it goes through the SWP_FB remap like the CPU's, and is
 * subject to the RDP level-1 debugger rules.</li>
 * <li>While FLASH_SR.BSY is set, a write into flash, a read of the flash bank being worked on (any flash read in
 * single-bank mode) and a write to a FLASH register other than SR (model parameter writeWhileBusyStallsBus) stall as
 * the AHB does and complete when BSY clears: the board's virtual clock is advanced, the call does not return early.
 * Reading FLASH_SR never stalls, so BSY can be polled.</li>
 * <li>Unaligned accesses are performed as the Cortex-M7 AXI does for normal memory (byte lanes); for flash
 * programming they are what triggers PGAERR.</li>
 * <li>Every call counts as one access for fault injection ("power loss after N accesses").</li>
 * </ul>
 */
public interface DebugBus extends MemoryPort {

    /** One read of {@code width} at {@code address}; the value is zero-extended in {@link BusResult.Ok}. */
    BusResult read(long address, AccessWidth width);

    /** One write of {@code width} (the low bytes of {@code value}) at {@code address}. */
    BusResult write(long address, AccessWidth width, long value);

    /**
     * The DP IDCODE as read over {@code protocol} (values from the model:
     * {@link dev.flashbank.core.device.cortexm.CortexM#DP_IDCODE_SWD_CORTEX_M7} 0x5BA0_2477,
     * {@link dev.flashbank.core.device.cortexm.CortexM#DP_IDCODE_JTAG_CORTEX_M7} 0x5BA0_0477);
     * {@link BusResult.PortLocked} under RDP level 2.
     */
    BusResult readDpIdcode(WireProtocol protocol);

    /** IDCODE of the boundary-scan TAP (second TAP in the JTAG chain; answers even when the DP is locked). */
    BusResult readBoundaryScanIdcode();

    /**
     * The scan chain and access ports a JTAG/SWD front end builds in front of this bus: by default a single-core
     * Cortex-M7 with one AHB-AP on this bus ({@link DebugTopology#cortexM7}); a family whose parts have more access
     * ports (a debug APB, a second core) says so here.
     */
    default DebugTopology debugTopology() {
        return DebugTopology.cortexM7(this);
    }

    /** Drives the NRST pin: {@code true} holds the system in reset, {@code false} releases it (system reset). */
    void setNrst(boolean asserted);

    boolean isNrstAsserted();

    /** Lets {@code time} pass on the board's virtual clock (transport costs, polling delays, waiting for BSY). */
    void elapse(Duration time);

    /** Current virtual time in nanoseconds. */
    long nanoTime();

    /** Supply voltage in millivolts as a probe's VREF input measures it; 0 when the board is unpowered. */
    int targetVoltageMillivolts();
}
