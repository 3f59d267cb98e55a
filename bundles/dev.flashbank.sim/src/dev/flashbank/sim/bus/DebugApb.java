package dev.flashbank.sim.bus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.flashbank.core.target.AccessWidth;

/**
 * A debug APB (CoreSight APB-D) behind an APB-AP, as a list of 4 KiB-granular regions: a window onto registers that
 * also appear on the system bus (an MCU's DBGMCU mirror: the same registers, not a copy), or a CoreSight component
 * whose registers are plain storage here (trace funnels, SWO and TPIU units: a debugger configures them, nothing in
 * the simulated silicon uses what it writes). An address in no region answers with an APB slave error, which the AP
 * reports as a transfer fault (STICKYERR), as on silicon.
 * <p>
 * Not thread-safe on its own: front ends reach it under the board's lock, like the rest of the debug bus.
 */
public final class DebugApb implements MemoryPort {

    private final List<Region> regions;

    private DebugApb(List<Region> regions) {
        this.regions = List.copyOf(regions);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The regions, in the order they were declared (for reports and tests). */
    public List<String> regionNames() {
        return regions.stream().map(r -> String.format("%s 0x%08X+0x%X", r.name, r.base, r.size)).toList();
    }

    /**
     * This debug APB with its mirrors of {@code from} onto {@code to} instead (same windows, same offsets); its
     * components are the same ones, their registers shared. See {@link DebugTopology#retargeted}.
     */
    public DebugApb retargeted(MemoryPort from, MemoryPort to) {
        return new DebugApb(regions.stream()
                .map(r -> r.target == from ? new Region(r.name, r.base, r.size, to, r.offset) : r).toList());
    }

    @Override
    public BusResult read(long address, AccessWidth width) {
        Region r = region(address);
        if (r == null) {
            return new BusResult.Fault(address, "no debug APB component at this address");
        }
        return r.read(address, width);
    }

    @Override
    public BusResult write(long address, AccessWidth width, long value) {
        Region r = region(address);
        if (r == null) {
            return new BusResult.Fault(address, "no debug APB component at this address");
        }
        return r.write(address, width, value);
    }

    private Region region(long address) {
        for (Region r : regions) {
            if (address >= r.base && address < r.base + r.size) {
                return r;
            }
        }
        return null;
    }

    public static final class Builder {
        private final List<Region> regions = new ArrayList<>();

        /** {@code size} bytes at {@code base} that are the registers at {@code targetBase} of {@code target}. */
        public Builder mirror(String name, long base, int size, MemoryPort target, long targetBase) {
            return add(new Region(name, base, size, target, targetBase - base));
        }

        /** A component of {@code size} bytes at {@code base} whose registers read back what was written (reset 0). */
        public Builder component(String name, long base, int size) {
            return add(new Region(name, base, size, new Storage(), 0));
        }

        private Builder add(Region r) {
            for (Region o : regions) {
                if (r.base < o.base + o.size && o.base < r.base + r.size) {
                    throw new IllegalArgumentException(r.name + " overlaps " + o.name);
                }
            }
            regions.add(r);
            return this;
        }

        public DebugApb build() {
            return new DebugApb(regions);
        }
    }

    private record Region(String name, long base, int size, MemoryPort target, long offset) {
        Region {
            if ((base & 0xFFF) != 0 || size <= 0 || (size & 0xFFF) != 0) {
                throw new IllegalArgumentException(name + ": debug APB regions are whole 4 KiB blocks");
            }
        }

        BusResult read(long address, AccessWidth width) {
            return target.read(address + offset, width);
        }

        BusResult write(long address, AccessWidth width, long value) {
            return target.write(address + offset, width, value);
        }
    }

    /** Plain registers: words that read back what was last written (word accesses, as an APB-AP performs them). */
    private static final class Storage implements MemoryPort {
        private final Map<Long, Long> words = new HashMap<>();

        @Override
        public BusResult read(long address, AccessWidth width) {
            long word = words.getOrDefault(address & ~3L, 0L);
            long mask = width == AccessWidth.WORD ? 0xFFFF_FFFFL : (1L << (8 * width.bytes())) - 1;
            return BusResult.ok((word >>> ((address & 3) * 8)) & mask);
        }

        @Override
        public BusResult write(long address, AccessWidth width, long value) {
            int shift = (int) (address & 3) * 8;
            long mask = (width == AccessWidth.WORD ? 0xFFFF_FFFFL : (1L << (8 * width.bytes())) - 1) << shift;
            long old = words.getOrDefault(address & ~3L, 0L);
            words.put(address & ~3L, ((old & ~mask) | ((value << shift) & mask)) & 0xFFFF_FFFFL);
            return BusResult.ok();
        }
    }
}
