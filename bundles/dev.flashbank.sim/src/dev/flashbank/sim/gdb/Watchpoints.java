package dev.flashbank.sim.gdb;

import static dev.flashbank.core.device.cortexm.CortexM.DEMCR;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR_TRCENA;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_COMP0_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_COMPARATOR_STRIDE;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_CTRL_ADDRESS;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_CTRL_NUMCOMP;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_MATCHED;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_OFFSET;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_WATCH_ACCESS;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_WATCH_READ;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_FUNCTION_WATCH_WRITE;
import static dev.flashbank.core.device.cortexm.CortexM.DWT_MASK_OFFSET;

import java.util.Optional;

import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;

/**
 * GDB's watchpoints ({@code Z2} write, {@code Z3} read, {@code Z4} access) in the DWT's comparators (ARMv7-M ARM
 * C1.8.17, ARMv6-M ARM C1.8.1): DWT_COMPn holds the address, DWT_MASKn ignores its low bits (the watched block is a
 * naturally aligned power of two), DWT_FUNCTIONn says which accesses halt the core; DEMCR.TRCENA powers the DWT.
 * Which one fired is DWT_FUNCTIONn.MATCHED (cleared by the read).
 */
final class Watchpoints {

    /** The kinds of GDB's Z2/Z3/Z4 packets and the stop-reply word of each (GDB manual E.3). */
    enum Kind {
        WRITE("watch", DWT_FUNCTION_WATCH_WRITE),
        READ("rwatch", DWT_FUNCTION_WATCH_READ),
        ACCESS("awatch", DWT_FUNCTION_WATCH_ACCESS);

        final String stopReason;
        final int function;

        Kind(String stopReason, int function) {
            this.stopReason = stopReason;
            this.function = function;
        }

        /** Z2 -> WRITE, Z3 -> READ, Z4 -> ACCESS. */
        static Kind ofPacketType(int type) {
            return values()[type - 2];
        }
    }

    /** One set watchpoint as GDB asked for it. */
    record Watch(long address, int length, Kind kind) {
    }

    /** DWT_MASKn is 4 bits on ARMv7-M implementations: blocks up to 32 KiB (implementation defined; C1.8.17). */
    static final int MAX_MASK = 15;

    private final MemoryAccess memory;
    private Watch[] used;

    Watchpoints(MemoryAccess memory) {
        this.memory = memory;
    }

    /** DWT_CTRL.NUMCOMP (read once per connection). */
    int comparators() throws TargetException {
        if (used == null) {
            used = new Watch[DWT_CTRL_NUMCOMP.extract(memory.read32(DWT_CTRL_ADDRESS))];
        }
        return used.length;
    }

    /** Sets a watchpoint; false when no comparator is free or the block is too large for one. */
    boolean insert(long address, int length, Kind kind) throws TargetException {
        int mask = maskBits(address, length);
        if (mask > MAX_MASK || length <= 0) {
            return false;
        }
        comparators();
        int free = -1;
        for (int i = 0; i < used.length && free < 0; i++) {
            free = used[i] == null ? i : -1;
        }
        if (free < 0) {
            return false;
        }
        int demcr = memory.read32(DEMCR.address());
        memory.write32(DEMCR.address(), DEMCR_TRCENA.insert(demcr, 1));
        long base = comparator(free);
        memory.write32(base, (int) (address & ~((1L << mask) - 1)));
        memory.write32(base + DWT_MASK_OFFSET, mask);
        memory.write32(base + DWT_FUNCTION_OFFSET, kind.function);
        memory.read32(base + DWT_FUNCTION_OFFSET); // clears a stale MATCHED
        used[free] = new Watch(address, length, kind);
        return true;
    }

    boolean remove(long address, int length, Kind kind) throws TargetException {
        comparators();
        Watch w = new Watch(address, length, kind);
        for (int i = 0; i < used.length; i++) {
            if (w.equals(used[i])) {
                memory.write32(comparator(i) + DWT_FUNCTION_OFFSET, 0);
                used[i] = null;
                return true;
            }
        }
        return false;
    }

    /** The watchpoint whose comparator matched since the last look (MATCHED reads clear it). */
    Optional<Watch> matched() throws TargetException {
        comparators();
        Optional<Watch> hit = Optional.empty();
        for (int i = 0; i < used.length; i++) {
            if (used[i] != null && DWT_FUNCTION_MATCHED.isSet(memory.read32(comparator(i) + DWT_FUNCTION_OFFSET))
                    && hit.isEmpty()) {
                hit = Optional.of(used[i]);
            }
        }
        return hit;
    }

    boolean any() {
        if (used != null) {
            for (Watch w : used) {
                if (w != null) {
                    return true;
                }
            }
        }
        return false;
    }

    void removeAll() throws TargetException {
        if (used == null) {
            return;
        }
        for (int i = 0; i < used.length; i++) {
            if (used[i] != null) {
                memory.write32(comparator(i) + DWT_FUNCTION_OFFSET, 0);
                used[i] = null;
            }
        }
    }

    /** log2 of the smallest naturally aligned block that holds [address, address + length). */
    static int maskBits(long address, int length) {
        int bits = 0;
        while (bits < 32 && (address >>> bits) != ((address + Math.max(1, length) - 1) >>> bits)) {
            bits++;
        }
        return bits;
    }

    static long comparator(int index) {
        return DWT_COMP0_ADDRESS + (long) DWT_COMPARATOR_STRIDE * index;
    }
}
