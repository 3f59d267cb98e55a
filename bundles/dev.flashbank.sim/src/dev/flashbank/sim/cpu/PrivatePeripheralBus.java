package dev.flashbank.sim.cpu;

import java.util.HashMap;
import java.util.Map;

/**
 * The core's own decode in front of the board's bus (ARMv7-M ARM B3.1): the internal private peripheral bus
 * 0xE000_0000-0xE003_FFFF (ITM, DWT, FPB, the system control space) is answered here; everything else, including
 * the external PPB from 0xE004_0000 (TPIU, ETM, the part's DBGMCU), goes to the board. The same registers serve the
 * executing firmware ({@link CpuBus}, privileged accesses only) and a debugger ({@link #debugRead} /
 * {@link #debugWrite}, which the board's debug bus calls for PPB addresses).
 * <p>
 * On the way it applies what the default memory map says about instruction fetches (execute-never regions, B3.1
 * table B3-1: Peripheral, Device and System are XN, a fetch there is a MemManage IACCVIOL) and shows data accesses
 * to the DWT's watchpoint comparators.
 */
public final class PrivatePeripheralBus implements CpuBus {

    /** Per 512 MiB region of the address map (bits 31:29): 1 = execute-never in the default memory map. */
    private static final int EXECUTE_NEVER_REGIONS = 0b1110_0100;
    private static final int ITM_BASE = 0xE000_0000, ITM_STIMULUS_END = 0xE000_0080;

    private final CortexMCore core;
    private final CpuBus board;
    private final Dwt dwt;
    /** The board's windows of plain memory, served here without a call to the board (empty for a bus without). */
    final MemoryWindows windows;
    /** PPB registers nobody models (ITM control, reserved blocks): read back what was written. */
    private final Map<Integer, Integer> storage = new HashMap<>();

    PrivatePeripheralBus(CortexMCore core, CpuBus board) {
        this.core = core;
        this.board = board;
        this.dwt = core.dwt;
        MemoryWindows w = board.windows();
        this.windows = w != null ? w : new MemoryWindows();
    }

    CpuBus board() {
        return board;
    }

    /** The internal PPB (0xE000_0000-0xE003_FFFF), answered by the core rather than the board. */
    public static boolean internal(long address) {
        return (address & 0xFFFF_FFFFL & 0xFFFC_0000L) == 0xE000_0000L;
    }

    // ================================================================ the debugger's side

    /** The word at {@code address} (word aligned, internal PPB) as a debugger reads it. */
    public int debugRead(long address) {
        return readWord((int) address & ~3, true);
    }

    /** What a debugger's AIRCR write asks the board to do (SYSRESETREQ: a system reset; VECTRESET: the core only). */
    public enum ResetRequest {
        NONE, SYSTEM, CORE
    }

    /**
     * A debugger's write of the bytes {@code byteMask} selects of {@code value} to the word at {@code address};
     * returns the reset it requests of the board.
     */
    public ResetRequest debugWrite(long address, int value, int byteMask) {
        writeWord((int) address & ~3, value, byteMask, true);
        return core.scb.takeResetRequest();
    }

    // ================================================================ the core's side

    @Override
    public int read8(int address) {
        if (internal(address)) {
            return readWord(privileged(address, false) & ~3, false) >>> 8 * (address & 3) & 0xFF;
        }
        watch(address, 1, false);
        long v = windows.read(address, 1);
        return v >= 0 ? (int) v : board.read8(address);
    }

    @Override
    public int read16(int address) {
        if (internal(address)) {
            return readWord(privileged(address, false) & ~3, false) >>> 8 * (address & 2) & 0xFFFF;
        }
        watch(address, 2, false);
        long v = windows.read(address, 2);
        return v >= 0 ? (int) v : board.read16(address);
    }

    @Override
    public int read32(int address) {
        if (internal(address)) {
            return readWord(privileged(address, false) & ~3, false);
        }
        watch(address, 4, false);
        long v = windows.read(address, 4);
        return v >= 0 ? (int) v : board.read32(address);
    }

    @Override
    public void write8(int address, int value) {
        if (internal(address)) {
            int shift = 8 * (address & 3);
            writeWord(privileged(address, true) & ~3, value << shift, 0xFF << shift, false);
            return;
        }
        watch(address, 1, true);
        if (!windows.write(address, 1, value)) {
            board.write8(address, value);
        }
    }

    @Override
    public void write16(int address, int value) {
        if (internal(address)) {
            int shift = 8 * (address & 2);
            writeWord(privileged(address, true) & ~3, value << shift, 0xFFFF << shift, false);
            return;
        }
        watch(address, 2, true);
        if (!windows.write(address, 2, value)) {
            board.write16(address, value);
        }
    }

    @Override
    public void write32(int address, int value) {
        if (internal(address)) {
            writeWord(privileged(address, true) & ~3, value, -1, false);
            return;
        }
        watch(address, 4, true);
        if (!windows.write(address, 4, value)) {
            board.write32(address, value);
        }
    }

    @Override
    public int fetch16(int address) {
        MemoryWindows w = windows;
        if (w.fetchable(address)) {
            return w.fetch16(address); // a code window lies outside the execute-never regions: opened by a fetch
        }
        if ((EXECUTE_NEVER_REGIONS >>> (address >>> 29) & 1) != 0) {
            throw new CpuFault(CpuFault.Kind.IACCVIOL);
        }
        return board.fetch16(address);
    }

    private void watch(int address, int size, boolean write) {
        if (dwt.watchingData) {
            dwt.access(address, size, write);
            if (dwt.hit) {
                core.attention |= CortexMCore.ATTENTION_WATCHPOINT;
            }
        }
    }

    /** Unprivileged firmware may not touch the PPB (B3.2.1; STIR with CCR.USERSETMPEND aside): a BusFault. */
    private int privileged(int address, boolean write) {
        if (!core.privileged() && address != (int) dev.flashbank.core.device.cortexm.CortexM.STIR.address()) {
            throw new BusFault(address, write, "unprivileged access to the private peripheral bus");
        }
        return address;
    }

    // ================================================================ decode

    private int readWord(int a, boolean debugger) {
        int id = ComponentIds.read(core.profile, a);
        if (id >= 0) {
            return id;
        }
        if (a >= 0xE000_E000 && a < 0xE000_F000) {
            return core.scb.read(a, debugger);
        }
        if (core.dwt.handles(a)) {
            return core.dwt.read(a);
        }
        if (core.fpb.handles(a)) {
            return core.fpb.read(a);
        }
        if (a >= ITM_BASE && a < ITM_STIMULUS_END) {
            return 1; // stimulus port FIFO ready: firmware printing over ITM does not wait forever
        }
        return storage.getOrDefault(a, 0);
    }

    private void writeWord(int a, int value, int byteMask, boolean debugger) {
        writeRegister(a, value, byteMask, debugger);
        core.recheck(); // a debug, SysTick or DWT register may change what the core checks between instructions
    }

    private void writeRegister(int a, int value, int byteMask, boolean debugger) {
        if (ComponentIds.read(core.profile, a) >= 0) {
            return; // identification registers are read-only
        }
        if (a >= 0xE000_E000 && a < 0xE000_F000) {
            core.scb.write(a, value, byteMask, debugger);
            return;
        }
        if (byteMask != -1) {
            value = readWord(a, debugger) & ~byteMask | value & byteMask;
        }
        if (core.dwt.handles(a)) {
            core.dwt.write(a, value);
        } else if (core.fpb.handles(a)) {
            core.fpb.write(a, value);
        } else if (a >= ITM_BASE && a < ITM_STIMULUS_END) {
            return; // stimulus writes: trace output nobody collects
        } else {
            storage.put(a, value);
        }
    }
}
