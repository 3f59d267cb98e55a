package dev.flashbank.integration.tests.cpu;

import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.Segment;
import dev.flashbank.sim.cpu.BusFault;
import dev.flashbank.sim.cpu.CpuBus;

/**
 * The memory QEMU's boards give the corpus, as the simulated core's bus: a code window at 0x0000_0000 and a data
 * window at 0x2000_0000. MPS2 (mps2-an500, mps2-an386): ZBT SSRAM1 and SSRAM2/3, 4 MiB each (QEMU hw/arm/mps2.c;
 * "info mtree"); microbit (nRF51822): 256 KiB flash and 16 KiB SRAM (QEMU hw/arm/nrf51_soc.c). Anything else
 * answers with a bus error, as unmapped space does on QEMU. Records the stores of the current instruction so the
 * stepped comparison can read the same bytes back from QEMU.
 */
final class CorpusMemory implements CpuBus {

    static final int CODE = 0x0000_0000;
    static final int DATA = 0x2000_0000;

    private final byte[] code;
    private final byte[] data;
    /** Stores since {@link #clearWrites}: address, width pairs. */
    private final int[] writes = new int[512];
    private int writeCount;

    /** Windows of {@code codeSize} and {@code dataSize} bytes (powers of two) with the image's segments loaded. */
    CorpusMemory(FirmwareImage image, int codeSize, int dataSize) {
        this.code = new byte[codeSize];
        this.data = new byte[dataSize];
        for (Segment s : image.segments()) {
            byte[] bytes = s.data();
            for (int i = 0; i < bytes.length; i++) {
                int a = (int) s.address() + i;
                byte[] b = backing(a, false);
                b[a & (b.length - 1)] = bytes[i];
            }
        }
    }

    private byte[] backing(int address, boolean write) {
        if (Integer.compareUnsigned(address - CODE, code.length) < 0) {
            return code;
        }
        if (Integer.compareUnsigned(address - DATA, data.length) < 0) {
            return data;
        }
        throw new BusFault(address, write, "nothing mapped at 0x" + Integer.toHexString(address) + " on QEMU's board");
    }

    @Override
    public int read8(int address) {
        byte[] b = backing(address, false);
        return b[address & (b.length - 1)] & 0xFF;
    }

    @Override
    public int read16(int address) {
        return read8(address) | read8(address + 1) << 8;
    }

    @Override
    public int read32(int address) {
        return read16(address) | read16(address + 2) << 16;
    }

    @Override
    public void write8(int address, int value) {
        byte[] b = backing(address, true);
        b[address & (b.length - 1)] = (byte) value;
        record(address, 1);
    }

    @Override
    public void write16(int address, int value) {
        backing(address, true);
        backing(address + 1, true);
        write8(address, value);
        write8(address + 1, value >>> 8);
    }

    @Override
    public void write32(int address, int value) {
        backing(address, true);
        backing(address + 3, true);
        write16(address, value);
        write16(address + 2, value >>> 16);
    }

    private void record(int address, int width) {
        if (writeCount > 0 && writes[2 * writeCount - 2] + writes[2 * writeCount - 1] == address) {
            writes[2 * writeCount - 1] += width; // contiguous with the last: one range
        } else if (writeCount < writes.length / 2) {
            writes[2 * writeCount] = address;
            writes[2 * writeCount + 1] = width;
            writeCount++;
        }
    }

    void clearWrites() {
        writeCount = 0;
    }

    int writeCount() {
        return writeCount;
    }

    int writeAddress(int i) {
        return writes[2 * i];
    }

    int writeLength(int i) {
        return writes[2 * i + 1];
    }

    byte[] bytes(int address, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) read8(address + i);
        }
        return b;
    }
}
