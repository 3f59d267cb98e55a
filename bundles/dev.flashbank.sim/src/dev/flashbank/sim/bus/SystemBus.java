package dev.flashbank.sim.bus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;
import java.util.function.LongFunction;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.MemoryRegion;
import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.target.AccessWidth;

/**
 * The part of a simulated Cortex-M board's system bus that decodes the same way on every family: it maps address
 * ranges to regions - the RAMs of the part's memory map with their backing arrays, read-only regions (system memory,
 * the device-information registers) - keeps the plain storage that peripheral and PPB addresses without behaviour
 * have, and does the byte-lane arithmetic of register accesses. The board decodes its own regions (flash windows,
 * OTP, option image, its register blocks) between the RAM fast path and the read-only regions.
 * <p>
 * Not thread safe: the board calls it while holding its own monitor (see {@link dev.flashbank.sim.BenchBoard}).
 */
public final class SystemBus {

    /** A peripheral's register block: 1 KiB boundaries in the STM32 memory maps. */
    public static final long REGISTER_BLOCK_BYTES = 0x400;

    /** A read-only region and its contents (shared, never written). */
    private record ReadOnly(AddressRange range, byte[] content) {
    }

    private final List<MemoryRegion> ramRegions;
    private final List<ReadOnly> readOnly = new ArrayList<>();
    private final Map<Long, Integer> plainRegisters = new HashMap<>();
    /** The RAMs as primitives for the fast path: start, end (exclusive) and backing array of each. */
    private final long[] ramStarts;
    private final long[] ramEnds;
    private final byte[][] ramBytes;
    /** The RAM {@link #ramAt} found last (consecutive accesses mostly hit the same one); its start and end. */
    private byte[] hitBytes;
    private long hitStart;
    private long hitEnd;

    /** A bus with the RAM regions of {@code memoryMap} (the regions of other kinds are the board's to decode). */
    public SystemBus(List<MemoryRegion> memoryMap) {
        this.ramRegions = memoryMap.stream().filter(r -> r.kind() == MemoryRegion.Kind.RAM).toList();
        int n = ramRegions.size();
        ramStarts = new long[n];
        ramEnds = new long[n];
        ramBytes = new byte[n][];
        for (int i = 0; i < n; i++) {
            MemoryRegion r = ramRegions.get(i);
            byte[] b = new byte[(int) r.range().size()];
            ramStarts[i] = r.range().start();
            ramEnds[i] = r.range().start() + b.length;
            ramBytes[i] = b;
        }
    }

    /**
     * Maps {@code content} read-only at {@code start} (system memory, device information); regions mapped earlier
     * win where two overlap.
     */
    public SystemBus mapReadOnly(long start, byte[] content) {
        readOnly.add(new ReadOnly(new AddressRange(start, content.length), content));
        return this;
    }

    public List<MemoryRegion> ramRegions() {
        return ramRegions;
    }

    /** True when {@code address} lies in one of the RAMs. */
    public boolean inRam(long address) {
        return ramRegions.stream().anyMatch(r -> r.range().contains(address));
    }

    // =============================================================================================== power & reset

    /** Power-on: SRAM comes up with pseudo-random content from {@code seed}; plain registers read 0. */
    public void powerOn(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (byte[] r : ramBytes) { // in memory-map order
            rnd.nextBytes(r);
        }
        plainRegisters.clear();
    }

    /** System reset: peripheral registers return to 0; RAM and the PPB (debug domain) keep their contents. */
    public void systemReset() {
        plainRegisters.keySet().removeIf(a -> CortexM.PERIPHERAL_REGION.contains(a));
    }

    // =============================================================================================== accesses

    /**
     * Bus-level refusals before any region is decoded: an access beyond 4 GiB, and with NRST held low anything
     * outside the PPB (the debug domain stays reachable). Null when the access may proceed.
     */
    public static BusResult refused(long address, int n, boolean nrstAsserted) {
        if (address < 0 || address + n > 0x1_0000_0000L) {
            return new BusResult.Fault(address, "address outside the 32-bit bus");
        }
        if (nrstAsserted && !isPrivatePeripheralBus(address)) {
            return new BusResult.Fault(address, "system held in reset (NRST low): only the debug registers answer");
        }
        return null;
    }

    /**
     * The fast path (issue 11: >= 5 M accesses/s): a read of {@code n} bytes that lies inside one RAM, without any
     * further decoding; null when it does not.
     */
    public BusResult readRam(long address, int n) {
        long v = ramRead(address, n);
        return v < 0 ? null : BusResult.ok(v);
    }

    /** The write side of {@link #readRam}: null when the access does not lie inside one RAM. */
    public BusResult writeRam(long address, int n, long value) {
        return ramWrite(address, n, value) ? BusResult.ok() : null;
    }

    /**
     * {@link #readRam} without a result object, for a core's port (issue 19: the simulated core's loads): the value
     * of the {@code n} bytes (1..4) from {@code address}, or -1 when they do not lie inside one RAM.
     */
    public long ramRead(long address, int n) {
        byte[] sram = ramAt(address, n);
        if (sram == null) {
            return -1;
        }
        int o = (int) (address - hitStart);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (sram[o + i] & 0xFF) << (8 * i);
        }
        return v;
    }

    /** {@link #writeRam} without a result object: false (and nothing written) when not inside one RAM. */
    public boolean ramWrite(long address, int n, long value) {
        byte[] sram = ramAt(address, n);
        if (sram == null) {
            return false;
        }
        int o = (int) (address - hitStart);
        for (int i = 0; i < n; i++) {
            sram[o + i] = (byte) (value >>> (8 * i));
        }
        return true;
    }

    /**
     * A read the board did not decode itself, byte by byte from RAM and the read-only regions (an access that
     * crosses from one into the next is performed); faults at the first byte where nothing is mapped.
     */
    public BusResult readMapped(long address, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            OptionalInt b = byteAt(address + i);
            if (b.isEmpty()) {
                return new BusResult.Fault(address + i, "no memory or peripheral at this address");
            }
            v |= (long) b.getAsInt() << (8 * i);
        }
        return BusResult.ok(v);
    }

    /** A write the board did not decode itself: crossing the end of a RAM, into a read-only region, or unmapped. */
    public BusResult unmappedWrite(long address) {
        if (inRam(address)) {
            return crossing(address);
        }
        if (byteAt(address).isPresent()) {
            return new BusResult.Fault(address, "read-only memory (system memory / device information)");
        }
        return new BusResult.Fault(address, "no memory or peripheral at this address");
    }

    /** Byte of RAM or of a read-only region (a bench read: not counted); empty where nothing is mapped. */
    public OptionalInt byteAt(long a) {
        for (int i = 0; i < ramBytes.length; i++) {
            if (a >= ramStarts[i] && a < ramEnds[i]) {
                return OptionalInt.of(ramBytes[i][(int) (a - ramStarts[i])] & 0xFF);
            }
        }
        for (ReadOnly r : readOnly) {
            if (r.range().contains(a)) {
                return OptionalInt.of(r.content()[(int) (a - r.range().start())] & 0xFF);
            }
        }
        return OptionalInt.empty();
    }

    /** The index of the RAM that holds {@code address} (for {@link #ramStart} and {@link #ramBytes}), -1: none. */
    public int ramIndex(long address) {
        for (int i = 0; i < ramStarts.length; i++) {
            if (address >= ramStarts[i] && address < ramEnds[i]) {
                return i;
            }
        }
        return -1;
    }

    /** The bus address of RAM {@code i} ({@link #ramIndex}). */
    public long ramStart(int i) {
        return ramStarts[i];
    }

    /** The live backing array of RAM {@code i} ({@link #ramIndex}): a core's memory window onto it, never a copy. */
    public byte[] ramBytes(int i) {
        return ramBytes[i];
    }

    /** The backing array when [address, address + n) lies inside one RAM, else null. */
    private byte[] ramAt(long address, int n) {
        if (address >= hitStart && address + n <= hitEnd && hitBytes != null) {
            return hitBytes;
        }
        return ramScan(address, n);
    }

    /** {@link #ramAt} when the last hit does not hold the access (kept apart: the hit check inlines). */
    private byte[] ramScan(long address, int n) {
        for (int i = 0; i < ramStarts.length; i++) {
            if (address >= ramStarts[i] && address + n <= ramEnds[i]) {
                hitStart = ramStarts[i];
                hitEnd = ramEnds[i];
                hitBytes = ramBytes[i];
                return hitBytes;
            }
        }
        return null;
    }

    /** True when all {@code n} bytes from {@code address} lie in {@code r}. */
    public static boolean within(AddressRange r, long address, int n) {
        return r.contains(address) && r.contains(address + n - 1);
    }

    public static BusResult crossing(long address) {
        return new BusResult.Fault(address, "access crosses the end of a memory region");
    }

    public static boolean isPrivatePeripheralBus(long a) {
        return CortexM.PRIVATE_PERIPHERAL_BUS.contains(a);
    }

    public static boolean isPeripheral(long a) {
        return CortexM.PERIPHERAL_REGION.contains(a);
    }

    /** True when {@code a} lies in the register block starting at {@code base}. */
    public static boolean inBlock(long base, long a) {
        return a >= base && a < base + REGISTER_BLOCK_BYTES;
    }

    // =============================================================================================== registers

    /**
     * A register read of {@code width} at {@code address}: the byte lanes of the 32-bit word {@code wordAt} gives for
     * the aligned address; empty when no register answers there.
     */
    public static Optional<Long> readRegister(long address, AccessWidth width, LongFunction<Optional<Integer>> wordAt) {
        Optional<Integer> word = wordAt.apply(address & ~3L);
        if (word.isEmpty()) {
            return Optional.empty();
        }
        int shift = (int) (address & 3) * 8;
        long mask = width == AccessWidth.WORD ? 0xFFFF_FFFFL : (1L << (8 * width.bytes())) - 1;
        return Optional.of(((word.get() & 0xFFFF_FFFFL) >>> shift) & mask);
    }

    /**
     * A register write as the 32-bit word it changes: the aligned {@code address}, the byte lanes written
     * ({@code mask}) and the value in those lanes.
     */
    public record WordWrite(long address, int mask, int value, boolean wholeWord) {

        public static WordWrite of(long address, AccessWidth width, long value) {
            int shift = (int) (address & 3) * 8;
            int mask = width == AccessWidth.WORD ? -1 : (int) (((1L << (8 * width.bytes())) - 1) << shift);
            return new WordWrite(address & ~3L, mask, (int) (value << shift), width == AccessWidth.WORD);
        }

        /** {@code old} with the written lanes replaced. */
        public int merge(int old) {
            return (old & ~mask) | (value & mask);
        }

        /**
         * The register's new value: the written word, or for a narrower write the lanes merged into {@code old} -
         * read only then, since reading some registers has side effects (DHCSR.S_RESET_ST clears on read).
         */
        public int merge(IntSupplier old) {
            return wholeWord ? value : merge(old.getAsInt());
        }
    }

    /** A register without behaviour: plain storage, 0 until written. */
    public int plain(long a) {
        return plainRegisters.getOrDefault(a, 0);
    }

    public void storePlain(WordWrite w) {
        plainRegisters.put(w.address(), w.merge(plain(w.address())));
    }

    // =============================================================================================== system memory

    /**
     * A stand-in for the ROM bootloader (the real one is not distributed): a valid vector table at its start
     * ({@code stackTop}, the reset handler at +0x400 of {@code start} with the Thumb bit), a reset handler that waits
     * for a host forever ({@code b .}, 0xE7FE) and BKPT instructions (0xBE00) elsewhere, so that booting it behaves
     * like booting the bootloader: the core runs and answers nothing.
     */
    public static byte[] syntheticSystemMemory(int size, long start, long stackTop) {
        byte[] m = new byte[size];
        for (int i = 0; i + 1 < m.length; i += 2) {
            m[i] = 0x00;
            m[i + 1] = (byte) 0xBE;
        }
        putWord(m, 0, (int) stackTop);
        putWord(m, 4, (int) ((start + 0x400) | 1));
        m[0x400] = (byte) 0xFE;
        m[0x401] = (byte) 0xE7;
        return m;
    }

    private static void putWord(byte[] m, int off, int v) {
        for (int i = 0; i < 4; i++) {
            m[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
