package dev.flashbank.sim.bus;

import java.util.List;

/**
 * The debug side of a part as a JTAG or SWD front end builds it, supplied by the simulated family (its
 * {@link DebugBus#debugTopology()}): the instruction-register length of the boundary-scan TAP that sits beside the
 * JTAG-DP in the scan chain, and the MEM-APs behind the debug port with what each reaches. The IDCODEs of the two TAPs
 * come from {@link DebugBus#readDpIdcode} and {@link DebugBus#readBoundaryScanIdcode()}, because they depend on the
 * board's state (RDP level 2, power).
 *
 * @param boundaryScanIrLength IR length of the boundary-scan TAP (STM32 parts: 5, the {@code -irlen} of ST's
 *                             OpenOCD configurations)
 * @param accessPorts          the MEM-APs, each at its APSEL; an APSEL not listed reads IDR = 0 (no AP there)
 */
public record DebugTopology(int boundaryScanIrLength, List<AccessPort> accessPorts) {

    /** IR length of the boundary-scan TAP of STM32 parts (ST BSDL files; {@code jtag newtap ... bs -irlen 5}). */
    public static final int STM32_BOUNDARY_SCAN_IR_LENGTH = 5;

    /**
     * IDR of the Cortex-M7 AHB-AP (revision 0x7, JEP106 ARM 0x23B, class MEM-AP, type AHB3): the value OpenOCD and
     * pyOCD list for Cortex-M7 parts. UNCONFIRMED for a particular silicon; parts that differ say so in their topology.
     */
    public static final long CORTEX_M7_AHB_AP_IDR = 0x7477_0001L;

    public DebugTopology {
        if (boundaryScanIrLength < 2) {
            throw new IllegalArgumentException("a TAP's IR is at least 2 bits long (IEEE 1149.1 capture 0b01)");
        }
        accessPorts = List.copyOf(accessPorts);
        if (accessPorts.stream().map(AccessPort::apsel).distinct().count() != accessPorts.size()) {
            throw new IllegalArgumentException("two access ports at the same APSEL: " + accessPorts);
        }
    }

    /**
     * A single-core Cortex-M7 with ARM's default SWJ-DP configuration: one AHB-AP at APSEL 0 on the system bus
     * {@code systemBus}, serving the Cortex-M7 ROM table; a 5-bit boundary-scan TAP beside it. What a family gets
     * unless its debug bus says otherwise.
     */
    public static DebugTopology cortexM7(MemoryPort systemBus) {
        return new DebugTopology(STM32_BOUNDARY_SCAN_IR_LENGTH,
                List.of(AccessPort.systemBus(0, CORTEX_M7_AHB_AP_IDR, systemBus, RomTable.ARMV7M)));
    }

    /**
     * This topology with what reached {@code from} reaching {@code to} instead: the access ports on {@code from} and
     * the debug APB windows mirroring it ({@link DebugApb#retargeted}); IR length, IDRs, ROM tables and auto-increment
     * blocks stay. For a bus in front of a board's own ({@link ForwardingDebugBus}: a counter, a test's probe) that
     * keeps the board's access ports instead of the default Cortex-M7 topology.
     */
    public DebugTopology retargeted(MemoryPort from, MemoryPort to) {
        return new DebugTopology(boundaryScanIrLength, accessPorts.stream().map(ap -> ap.retargeted(from, to))
                .toList());
    }

    /** The access port at {@code apsel}, or null when there is none. */
    public AccessPort accessPort(int apsel) {
        return accessPorts.stream().filter(a -> a.apsel() == apsel).findFirst().orElse(null);
    }

    /**
     * One MEM-AP (ADIv5.2 C2).
     *
     * @param apsel        SELECT.APSEL of the port
     * @param idr          its IDR (revision, designer, class, type: AHB3 = 1, APB2/3 = 2, AXI = 4)
     * @param bus          what its transfers reach
     * @param subWordSizes whether CSW.Size accepts byte and halfword transfers (AHB-AP: yes; an APB-AP only moves
     *                     words: its Size field reads back 0b010 whatever is written)
     * @param romTable     the ROM table the AP's BASE register points to, served by the AP (the system bus behind it
     *                     does not model it), or null when BASE says "no debug entries"
     * @param autoIncrementBlock the block inside which TAR auto-increment wraps ({@link #AUTO_INCREMENT_1K}; the
     *                     Cortex-M3/M4 AHB-AP increments across 4 KiB, which OpenOCD relies on for those cores:
     *                     its cortex_m flag TAR_AUTOINCR_BLOCK_4K)
     */
    public record AccessPort(int apsel, long idr, MemoryPort bus, boolean subWordSizes, RomTable romTable,
            int autoIncrementBlock) {

        /** ADIv5.2 C2.2.2: auto-increment is guaranteed within 1 KiB only; ARM's APs wrap there. */
        public static final int AUTO_INCREMENT_1K = dev.flashbank.core.device.cortexm.Adiv5.TAR_AUTOINCREMENT_BLOCK;

        public AccessPort {
            if (apsel < 0 || apsel > 255 || bus == null) {
                throw new IllegalArgumentException("APSEL 0..255 with a bus");
            }
            if (autoIncrementBlock < AUTO_INCREMENT_1K || Integer.bitCount(autoIncrementBlock) != 1) {
                throw new IllegalArgumentException("auto-increment block must be a power of two >= 1 KiB");
            }
        }

        /** This port reaching {@code to} where it reached {@code from} (its bus, or mirrors of it on a debug APB). */
        public AccessPort retargeted(MemoryPort from, MemoryPort to) {
            MemoryPort reached = bus == from ? to : bus instanceof DebugApb apb ? apb.retargeted(from, to) : bus;
            return reached == bus ? this : new AccessPort(apsel, idr, reached, subWordSizes, romTable,
                    autoIncrementBlock);
        }

        /** An AHB-AP on a system bus (byte, halfword and word transfers). */
        public static AccessPort systemBus(int apsel, long idr, MemoryPort bus, RomTable romTable) {
            return new AccessPort(apsel, idr, bus, true, romTable, AUTO_INCREMENT_1K);
        }

        /** An AHB-AP on a system bus whose TAR auto-increment wraps inside {@code autoIncrementBlock} bytes. */
        public static AccessPort systemBus(int apsel, long idr, MemoryPort bus, RomTable romTable,
                int autoIncrementBlock) {
            return new AccessPort(apsel, idr, bus, true, romTable, autoIncrementBlock);
        }

        /** An APB-AP on a debug APB (word transfers only), without a ROM table of its own. */
        public static AccessPort debugApb(int apsel, long idr, MemoryPort bus) {
            return new AccessPort(apsel, idr, bus, false, null, AUTO_INCREMENT_1K);
        }
    }

    /**
     * A ROM table (ARMv7-M C1.2.3, CoreSight): 32-bit entries at {@code base}, each an offset from the table with bits
     * 1:0 = 0b11 (present, 32-bit format), ended by a zero word; MEMTYPE says system memory is present; the component
     * ID registers carry class 0x1 (ROM table).
     *
     * @param base    4 KiB-aligned address of the table
     * @param entries the entries, without the terminating zero
     */
    public record RomTable(long base, List<Long> entries) {

        /**
         * The ARMv7-M ROM table at 0xE00F_F000 (ARMv7-M ARM C1.2.3 table C1-2): SCS, DWT, FPB, ITM. A Cortex-M7's own
         * table carries further entries (TPIU, ETM, cache) that no flash tool walks.
         */
        public static final RomTable ARMV7M = new RomTable(0xE00F_F000L,
                List.of(0xFFF0_F003L, 0xFFF0_2003L, 0xFFF0_3003L, 0xFFF0_1003L));

        public RomTable {
            if ((base & 0xFFF) != 0 || entries.size() > 0x3F0 / 4) {
                throw new IllegalArgumentException("a ROM table is 4 KiB aligned with at most 252 entries");
            }
            entries = List.copyOf(entries);
        }
    }
}
