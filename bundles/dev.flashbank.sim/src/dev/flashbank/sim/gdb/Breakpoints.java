package dev.flashbank.sim.gdb;

import static dev.flashbank.core.device.cortexm.CortexM.FP_COMP0_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.FP_COMP_ENABLE;
import static dev.flashbank.core.device.cortexm.CortexM.FP_COMP_REPLACE;
import static dev.flashbank.core.device.cortexm.CortexM.FP_CTRL_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.FP_CTRL_ENABLE;
import static dev.flashbank.core.device.cortexm.CortexM.FP_CTRL_KEY;
import static dev.flashbank.core.device.cortexm.CortexM.FP_CTRL_REV;
import static dev.flashbank.core.device.cortexm.CortexM.fpbCodeComparators;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;

/**
 * GDB's breakpoints on a Cortex-M: hardware ones ({@code Z1}) in the Flash Patch and Breakpoint unit's code
 * comparators (ARMv7-M ARM C1.11; FPB version 2 on the Cortex-M7 compares the whole halfword address, version 1 on
 * the Cortex-M3/M4/M0+ compares COMP[28:2] in the code region and selects the halfword with REPLACE), software ones
 * ({@code Z0}) as a {@code BKPT #0} written over the instruction where memory takes it (RAM), and in an FPB
 * comparator where it does not (flash: a bus write there would reach the flash controller, not the cell).
 */
final class Breakpoints {

    /** BKPT #0 (Thumb encoding T1, ARMv7-M ARM A7.7.17): halts the core in debug state. */
    static final int BKPT_0 = 0xBE00;
    /** FPB version 1 comparators match the code region only (below 0x2000_0000). */
    static final long FPB_V1_LIMIT = 0x2000_0000L;

    private final MemoryAccess memory;
    /** Addresses where writing a BKPT is not what a debugger does (the flash windows). */
    private final LongPredicate flash;
    private int comparators = -1;
    private int revision;
    /** comparator index -> address; null when free. */
    private Long[] used = new Long[0];
    /** Patched address -> the halfword the BKPT replaced. */
    private final Map<Long, Integer> patched = new HashMap<>();
    /** Addresses GDB inserted as software breakpoints (Z0), wherever they are kept. */
    private final Set<Long> software = new HashSet<>();

    Breakpoints(MemoryAccess memory, LongPredicate flash) {
        this.memory = memory;
        this.flash = flash;
    }

    /** FP_CTRL.NUM_CODE (read once per connection); 0 when the core reports no FPB. */
    int comparators() throws TargetException {
        if (comparators < 0) {
            int ctrl = memory.read32(FP_CTRL_ADDRESS);
            comparators = fpbCodeComparators(ctrl);
            revision = FP_CTRL_REV.extract(ctrl);
            used = new Long[comparators];
        }
        return comparators;
    }

    /** Inserts a breakpoint; false when no resource is left (GDB then reports it cannot insert it). */
    boolean insert(long address, boolean hardware) throws TargetException {
        address &= ~1L;
        if (!hardware && !flash.test(address) && patch(address)) {
            software.add(address);
            return true;
        }
        if (indexOf(address) >= 0) {
            record(address, hardware);
            return true; // already in a comparator (GDB may insert Z0 and Z1 at one address)
        }
        int free = freeComparator();
        if (free < 0 || revision == 0 && address >= FPB_V1_LIMIT) {
            return false;
        }
        memory.write32(FP_COMP0_ADDRESS + 4L * free, comparatorValue(address));
        memory.write32(FP_CTRL_ADDRESS, FP_CTRL_KEY.mask() | FP_CTRL_ENABLE.mask());
        used[free] = address;
        record(address, hardware);
        return true;
    }

    private void record(long address, boolean hardware) {
        if (!hardware) {
            software.add(address);
        }
    }

    /** Removes the breakpoint GDB inserted at {@code address}; false when there is none. */
    boolean remove(long address, boolean hardware) throws TargetException {
        address &= ~1L;
        if (!hardware) {
            software.remove(address);
        }
        Integer original = patched.remove(address);
        if (original != null) {
            memory.write16(address, original);
            return true;
        }
        int i = indexOf(address);
        if (i < 0) {
            return false;
        }
        memory.write32(FP_COMP0_ADDRESS + 4L * i, 0);
        used[i] = null;
        return true;
    }

    /** True when GDB set a software breakpoint (Z0) at {@code address}: the stop reply says swbreak. */
    boolean isSoftware(long address) {
        return software.contains(address & ~1L);
    }

    /** True when a breakpoint of either kind is set at {@code address}. */
    boolean isSet(long address) {
        long a = address & ~1L;
        return patched.containsKey(a) || indexOf(a) >= 0;
    }

    /** Removes every breakpoint (detach, disconnect): the target is left as it was before the debugger came. */
    void removeAll() throws TargetException {
        for (Map.Entry<Long, Integer> e : Map.copyOf(patched).entrySet()) {
            memory.write16(e.getKey(), e.getValue());
        }
        patched.clear();
        software.clear();
        for (int i = 0; i < used.length; i++) {
            if (used[i] != null) {
                memory.write32(FP_COMP0_ADDRESS + 4L * i, 0);
                used[i] = null;
            }
        }
    }

    /** The FP_COMPn value that breaks at {@code address} (C1.11.5 FP_COMPn, v1 and v2 layouts). */
    int comparatorValue(long address) {
        if (revision == 0) {
            int replace = (address & 2) != 0 ? 0b10 : 0b01;
            return (int) (address & 0x1FFF_FFFCL) | FP_COMP_REPLACE.encode(replace) | FP_COMP_ENABLE.mask();
        }
        return (int) (address & ~1L) | FP_COMP_ENABLE.mask();
    }

    /** BKPT over the instruction, checked by reading it back: memory that did not take it is not RAM. */
    private boolean patch(long address) throws TargetException {
        if (patched.containsKey(address)) {
            return true;
        }
        try {
            int original = memory.read16(address);
            memory.write16(address, BKPT_0);
            if (memory.read16(address) != BKPT_0) {
                memory.write16(address, original);
                return false;
            }
            patched.put(address, original);
            return true;
        } catch (BusFaultException e) {
            return false; // not writable here (ROM, unmapped): a comparator may still break there
        }
    }

    private int indexOf(long address) {
        for (int i = 0; i < used.length; i++) {
            if (used[i] != null && used[i] == address) {
                return i;
            }
        }
        return -1;
    }

    private int freeComparator() throws TargetException {
        comparators();
        for (int i = 0; i < used.length; i++) {
            if (used[i] == null) {
                return i;
            }
        }
        return -1;
    }
}
