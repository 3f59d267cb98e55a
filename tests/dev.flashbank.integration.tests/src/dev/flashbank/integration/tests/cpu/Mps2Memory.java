package dev.flashbank.integration.tests.cpu;

import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.Segment;
import dev.flashbank.sim.cpu.BusFault;
import dev.flashbank.sim.cpu.CpuBus;

/**
 * The memory QEMU's MPS2 boards (mps2-an500, mps2-an386) give the corpus, as the simulated core's bus: ZBT SSRAM1
 * at 0x0000_0000 and ZBT SSRAM2/3 at 0x2000_0000, 4 MiB each (QEMU hw/arm/mps2.c; "info mtree"). Anything else
 * answers with a bus error, as unmapped space does on QEMU. Records the stores of the current instruction so the
 * stepped comparison can read the same bytes back from QEMU.
 */
final class Mps2Memory implements CpuBus {

    static final int SSRAM1 = 0x0000_0000;
    static final int SSRAM23 = 0x2000_0000;
    static final int SIZE = 4 << 20;

    private final byte[] ssram1 = new byte[SIZE];
    private final byte[] ssram23 = new byte[SIZE];
    /** Stores since {@link #clearWrites}: address, width pairs. */
    private final int[] writes = new int[512];
    private int writeCount;

    Mps2Memory(FirmwareImage image) {
        for (Segment s : image.segments()) {
            byte[] data = s.data();
            for (int i = 0; i < data.length; i++) {
                int a = (int) s.address() + i;
                backing(a, false)[offset(a)] = data[i];
            }
        }
    }

    private byte[] backing(int address, boolean write) {
        if (Integer.compareUnsigned(address - SSRAM1, SIZE) < 0) {
            return ssram1;
        }
        if (Integer.compareUnsigned(address - SSRAM23, SIZE) < 0) {
            return ssram23;
        }
        throw new BusFault(address, write, "nothing mapped at 0x" + Integer.toHexString(address) + " on MPS2");
    }

    private static int offset(int address) {
        return address & (SIZE - 1);
    }

    @Override
    public int read8(int address) {
        return backing(address, false)[offset(address)] & 0xFF;
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
        backing(address, true)[offset(address)] = (byte) value;
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
