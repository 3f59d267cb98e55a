package dev.flashbank.core.device;

/**
 * One erase sector. {@code bank} is the PHYSICAL bank (1 or 2), {@code number} the logical sector number used
 * by the reference manual and HAL (0..23 on F76x dual bank), {@code snb} the value written to FLASH_CR.SNB for it
 * (bank-2 sectors 12..23 are encoded 0x10|(n-12), stm32-facts §1.3), {@code offset} the offset within its bank.
 */
public record Sector(int bank, int number, int snb, long offset, int size) {

    public Sector {
        if (bank < 1 || number < 0 || snb < 0 || offset < 0 || size <= 0) {
            throw new IllegalArgumentException("bad sector " + bank + "/" + number);
        }
    }

    public long end() {
        return offset + size;
    }

    /** Size in KiB, for messages. */
    public int sizeKiB() {
        return size / 1024;
    }

    @Override
    public String toString() {
        return String.format("sector %d (bank %d +0x%06X, %d KiB)", number, bank, offset, sizeKiB());
    }
}
