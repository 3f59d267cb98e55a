package dev.flashbank.sim.tests.cpu;

import dev.flashbank.sim.cpu.BusFault;
import dev.flashbank.sim.cpu.CpuBus;

/**
 * A {@link CpuBus} over one block of little-endian RAM, for tests of the core: every access outside the block
 * throws {@link BusFault}, as a bus with nothing behind an address does.
 */
public final class RamBus implements CpuBus {

    private final int base;
    private final byte[] bytes;

    public RamBus(int base, int size) {
        this.base = base;
        this.bytes = new byte[size];
    }

    private int index(int address, int width, boolean write) {
        long offset = (address - base) & 0xFFFF_FFFFL;
        if (offset + width > bytes.length) {
            throw new BusFault(address, write, String.format("no memory at 0x%08X", address));
        }
        return (int) offset;
    }

    @Override
    public int read8(int address) {
        return bytes[index(address, 1, false)] & 0xFF;
    }

    @Override
    public int read16(int address) {
        int i = index(address, 2, false);
        return bytes[i] & 0xFF | (bytes[i + 1] & 0xFF) << 8;
    }

    @Override
    public int read32(int address) {
        int i = index(address, 4, false);
        return bytes[i] & 0xFF | (bytes[i + 1] & 0xFF) << 8 | (bytes[i + 2] & 0xFF) << 16 | (bytes[i + 3] & 0xFF) << 24;
    }

    @Override
    public void write8(int address, int value) {
        bytes[index(address, 1, true)] = (byte) value;
    }

    @Override
    public void write16(int address, int value) {
        int i = index(address, 2, true);
        bytes[i] = (byte) value;
        bytes[i + 1] = (byte) (value >>> 8);
    }

    @Override
    public void write32(int address, int value) {
        int i = index(address, 4, true);
        bytes[i] = (byte) value;
        bytes[i + 1] = (byte) (value >>> 8);
        bytes[i + 2] = (byte) (value >>> 16);
        bytes[i + 3] = (byte) (value >>> 24);
    }

    /** Stores Thumb halfwords (as arm-none-eabi-objdump prints them) from {@code address} on. */
    public void load(int address, int... halfwords) {
        for (int i = 0; i < halfwords.length; i++) {
            write16(address + 2 * i, halfwords[i]);
        }
    }
}
