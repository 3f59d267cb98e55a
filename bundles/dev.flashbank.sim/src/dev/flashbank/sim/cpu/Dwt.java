package dev.flashbank.sim.cpu;

import static dev.flashbank.core.device.cortexm.CortexM.DWT_COMP0_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_COMPARATOR_STRIDE;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_CTRL_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_CTRL_CYCCNTENA;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_CTRL_NUMCOMP;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_CYCCNT_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_FUNCTION;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_MATCHED;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_OFFSET;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_WATCH_ACCESS;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_WATCH_PC;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_WATCH_READ;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_WATCH_WRITE;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_MASK_MASK;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_MASK_OFFSET;

/**
 * The Data Watchpoint and Trace unit (ARMv7-M ARM C1.8; ARMv6-M ARM C1.8.1) as far as a debugger uses it: DWT_CTRL
 * (NUMCOMP, CYCCNTENA), the cycle counter (counts while CYCCNTENA and DEMCR.TRCENA), and the comparators
 * COMPn/MASKn/FUNCTIONn for data-address watchpoints (read, write, either) and PC match, with FUNCTION.MATCHED set on a
 * match and cleared by reading. A match makes a watchpoint debug event the core acts on after the instruction
 * (imprecise, as on silicon). Trace packets, the profiling counters and data-value matching are not modelled: their
 * registers keep what is written. ARMv6-M has no cycle counter (CTRL.NOCYCCNT). Debug domain: reset at power-on only.
 * <p>
 * The cycle counter is not incremented per instruction: while it counts it is an offset from the core's cycles.
 */
final class Dwt {

    private static final int NOCYCCNT = 1 << 25, NOPRFCNT = 1 << 24, NOEXTTRIG = 1 << 26, NOTRCPKT = 1 << 27;
    private static final int COMPARATORS_END = (int) DWT_COMP0_ADDRESS + 16 * 16;

    private final CortexMCore core;
    private final int comparators;
    private final boolean cycleCounter;
    private final int[] comp, mask, function;
    private final boolean[] matched;
    private int ctrl;
    /** CYCCNT while it holds; while it counts ({@link #cyccntCounting}) it is {@link #cyccntOffset} + the cycles. */
    private int cyccnt;
    private boolean cyccntCounting;
    private long cyccntOffset;
    /** TRCENA from DEMCR: without it the DWT does nothing. */
    boolean traceEnabled;
    /** A data comparator is enabled: loads and stores are checked. */
    boolean watchingData;
    /** A PC comparator is enabled. */
    boolean watchingPc;
    /** A comparator matched since the core last looked. */
    boolean hit;
    /** Other DWT registers (profiling counters, PCSR...): plain storage. */
    private final java.util.Map<Integer, Integer> other = new java.util.HashMap<>();

    Dwt(CortexMCore core) {
        CoreProfile profile = core.profile;
        this.core = core;
        this.comparators = profile.watchpointComparators();
        this.cycleCounter = profile.armv7m();
        comp = new int[comparators];
        mask = new int[comparators];
        function = new int[comparators];
        matched = new boolean[comparators];
    }

    void powerOnReset() {
        java.util.Arrays.fill(comp, 0);
        java.util.Arrays.fill(mask, 0);
        java.util.Arrays.fill(function, 0);
        java.util.Arrays.fill(matched, false);
        ctrl = 0;
        setCyccnt(0);
        other.clear();
        hit = false;
        rearm();
    }

    /** CYCCNT counts while CYCCNTENA and DEMCR.TRCENA are set. */
    private boolean counting() {
        return traceEnabled && DWT_CTRL_CYCCNTENA.isSet(ctrl);
    }

    private int cyccnt() {
        return cyccntCounting ? (int) (cyccntOffset + core.cycles) : cyccnt;
    }

    private void setCyccnt(int value) {
        cyccnt = value;
        cyccntOffset = value - core.cycles;
        cyccntCounting = counting();
    }

    /** A data access of {@code size} bytes at {@code address}. */
    void access(int address, int size, boolean write) {
        for (int i = 0; i < comparators; i++) {
            int f = DWT_FUNCTION_FUNCTION.extract(function[i]);
            boolean kind = f == DWT_FUNCTION_WATCH_ACCESS
                    || f == (write ? DWT_FUNCTION_WATCH_WRITE : DWT_FUNCTION_WATCH_READ);
            if (kind && covers(i, address, size)) {
                matched[i] = true;
                hit = true;
            }
        }
    }

    /** The instruction at {@code pc} matches a PC comparator. */
    boolean pcMatch(int pc) {
        boolean any = false;
        for (int i = 0; i < comparators; i++) {
            if (DWT_FUNCTION_FUNCTION.extract(function[i]) == DWT_FUNCTION_WATCH_PC && covers(i, pc, 2)) {
                matched[i] = true;
                any = true;
            }
        }
        return any;
    }

    /** COMPn masked by MASKn (the low MASK address bits ignored) falls inside the accessed bytes. */
    private boolean covers(int i, int address, int size) {
        int ignore = (int) ((1L << DWT_MASK_MASK.extract(mask[i])) - 1);
        int c = comp[i] & ~ignore;
        for (int b = 0; b < size; b++) {
            if (((address + b) & ~ignore) == c) {
                return true;
            }
        }
        return false;
    }

    private void rearm() {
        watchingData = false;
        watchingPc = false;
        for (int i = 0; i < comparators; i++) {
            int f = DWT_FUNCTION_FUNCTION.extract(function[i]);
            watchingData |= f == DWT_FUNCTION_WATCH_READ || f == DWT_FUNCTION_WATCH_WRITE
                    || f == DWT_FUNCTION_WATCH_ACCESS;
            watchingPc |= f == DWT_FUNCTION_WATCH_PC;
        }
        watchingData &= traceEnabled;
        watchingPc &= traceEnabled;
    }

    void setTraceEnabled(boolean on) {
        int count = cyccnt();
        traceEnabled = on;
        setCyccnt(count);
        rearm();
    }

    boolean handles(int address) {
        return address >= (int) DWT_CTRL_ADDRESS && address < (int) DWT_CTRL_ADDRESS + 0x1000;
    }

    int read(int address) {
        if (address == (int) DWT_CTRL_ADDRESS) {
            int v = DWT_CTRL_NUMCOMP.insert(ctrl, comparators);
            return cycleCounter ? v : v | NOCYCCNT | NOPRFCNT | NOEXTTRIG | NOTRCPKT;
        }
        if (address == (int) DWT_CYCCNT_ADDRESS) {
            return cycleCounter ? cyccnt() : 0;
        }
        int i = comparator(address);
        if (i >= 0) {
            int reg = (address - (int) DWT_COMP0_ADDRESS) % DWT_COMPARATOR_STRIDE;
            if (reg == 0) {
                return comp[i];
            }
            if (reg == DWT_MASK_OFFSET) {
                return mask[i];
            }
            if (reg == DWT_FUNCTION_OFFSET) {
                int v = function[i] | (matched[i] ? DWT_FUNCTION_MATCHED.mask() : 0);
                matched[i] = false; // MATCHED clears on read (C1.8.17)
                return v;
            }
        }
        return other.getOrDefault(address, 0);
    }

    void write(int address, int value) {
        if (address == (int) DWT_CTRL_ADDRESS) {
            int count = cyccnt();
            ctrl = cycleCounter ? value & ~DWT_CTRL_NUMCOMP.mask() : 0;
            setCyccnt(count);
            return;
        }
        if (address == (int) DWT_CYCCNT_ADDRESS) {
            setCyccnt(cycleCounter ? value : 0);
            return;
        }
        int i = comparator(address);
        if (i >= 0) {
            int reg = (address - (int) DWT_COMP0_ADDRESS) % DWT_COMPARATOR_STRIDE;
            if (reg == 0) {
                comp[i] = value;
            } else if (reg == DWT_MASK_OFFSET) {
                mask[i] = value & DWT_MASK_MASK.mask();
            } else if (reg == DWT_FUNCTION_OFFSET) {
                function[i] = value & ~DWT_FUNCTION_MATCHED.mask();
                rearm();
            }
            return;
        }
        other.put(address, value);
    }

    private int comparator(int address) {
        if (address < (int) DWT_COMP0_ADDRESS || address >= COMPARATORS_END) {
            return -1;
        }
        int i = (address - (int) DWT_COMP0_ADDRESS) / DWT_COMPARATOR_STRIDE;
        return i < comparators ? i : -1;
    }
}
