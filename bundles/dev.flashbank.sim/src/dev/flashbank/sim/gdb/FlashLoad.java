package dev.flashbank.sim.gdb;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.target.TargetException;

/**
 * GDB's {@code load} into flash (GDB manual E.2 vFlashErase, vFlashWrite, vFlashDone): the erase runs at once through
 * the part's own flash driver, the writes are collected and programmed, then verified, at {@code vFlashDone}, when GDB
 * says the image is complete - the order the protocol promises (erase before the writes of a region).
 */
final class FlashLoad {

    /** A run of contiguous bytes GDB wrote. */
    private record Block(long address, ByteArrayOutputStream data) {
        long end() {
            return address + data.size();
        }
    }

    private final FlashDriver driver;
    private final List<Block> blocks = new ArrayList<>();

    FlashLoad(FlashDriver driver) {
        this.driver = driver;
    }

    void erase(long address, long length) throws TargetException {
        driver.eraseRange(new AddressRange(address, length), FlashProgress.NONE);
    }

    void write(long address, byte[] data) {
        Block last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
        if (last == null || last.end() != address) {
            last = new Block(address, new ByteArrayOutputStream());
            blocks.add(last);
        }
        last.data().writeBytes(data);
    }

    /** Programs and verifies everything written since the last {@code vFlashDone}; returns the bytes programmed. */
    long done() throws TargetException {
        long total = 0;
        try {
            for (Block b : blocks) {
                byte[] data = b.data().toByteArray();
                driver.programAndVerify(b.address(), data, FlashProgress.NONE);
                total += data.length;
            }
        } finally {
            blocks.clear();
        }
        return total;
    }
}
