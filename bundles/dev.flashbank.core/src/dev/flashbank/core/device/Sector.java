package dev.flashbank.core.device;

/**
 * One erase unit (a sector; a page on L4/G4/G0). {@code bank} is the PHYSICAL bank (1 or 2), {@code number} the
 * sector number used by the reference manual and HAL (F7: 0..23 on F76x dual bank; H7: 0..7 per bank), {@code snb}
 * the controller-specific selector the family's driver writes to erase it (F7: the FLASH_CR.SNB value, bank-2
 * sectors 12..23 encoded 0x10|(n-12), RM0410 §3.3.2; H7: FLASH_CRx.SNB of the bank's own register set; L4/G4: PNB
 * with BKER), {@code offset} the offset within its bank.
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

    /** "sector 5 (bank 1 +0x040000, 256 KiB)"; in the part's own word: {@link EraseUnit#name(Sector)}. */
    @Override
    public String toString() {
        return EraseUnit.SECTOR.name(this);
    }
}
