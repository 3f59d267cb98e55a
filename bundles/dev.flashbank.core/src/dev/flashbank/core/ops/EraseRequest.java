package dev.flashbank.core.ops;

import java.util.List;

import dev.flashbank.core.device.AddressRange;

/** What to erase. Banks and sector numbers are PHYSICAL (as FLASH_CR.MER/MER2/SNB name them, stm32-facts §1.7). */
public sealed interface EraseRequest {

    /**
     * The sectors visible at {@code range} (AXIM or ITCM, through the SWP_FB remap now in effect). Erase works on
     * whole sectors: a range that does not start and end on sector boundaries is refused unless {@code widen}.
     */
    record Range(AddressRange range, boolean widen) implements EraseRequest {
    }

    /** Sectors by their logical number as the reference manual numbers them (0-11 bank 1, 12-23 bank 2 in dual-bank mode). */
    record Sectors(List<Integer> numbers) implements EraseRequest {
        public Sectors {
            numbers = List.copyOf(numbers);
        }
    }

    /** A whole PHYSICAL bank (1 or 2), wherever SWP_FB maps it now. */
    record Bank(int physicalBank) implements EraseRequest {
    }

    /** The whole flash (MER, or MER|MER2 in dual-bank mode). */
    record Mass() implements EraseRequest {
    }

    static EraseRequest range(AddressRange range, boolean widen) {
        return new Range(range, widen);
    }

    static EraseRequest sectors(List<Integer> numbers) {
        return new Sectors(numbers);
    }

    static EraseRequest bank(int physicalBank) {
        return new Bank(physicalBank);
    }

    static EraseRequest mass() {
        return new Mass();
    }
}
