package dev.flashbank.core.device;

import java.util.List;

/** A physical flash bank (1 or 2) and its sectors, in address order. */
public record Bank(int number, long size, List<Sector> sectors) {

    public Bank {
        sectors = List.copyOf(sectors);
        long total = 0;
        for (Sector s : sectors) {
            if (s.bank() != number || s.offset() != total) {
                throw new IllegalArgumentException("bank " + number + ": sector " + s.number() + " not contiguous");
            }
            total += s.size();
        }
        if (total != size) {
            throw new IllegalArgumentException("bank " + number + ": sectors sum to " + total + " not " + size);
        }
    }

    public Sector sectorAtOffset(long offset) {
        for (Sector s : sectors) {
            if (offset >= s.offset() && offset < s.end()) {
                return s;
            }
        }
        throw new UnknownModelElementException("offset 0x" + Long.toHexString(offset) + " outside bank " + number);
    }
}
