package dev.flashbank.core.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sector layout of one flash size in one bank mode, and the mapping between PHYSICAL banks and the CPU/debug
 * address windows.
 * <p>
 * Window mapping (stm32-facts §1.7, CONFIRMED from hal_f7): the window is split in two slots, slot 1 at window
 * offset 0 and slot 2 at window offset {@code size(bank 1)} (0x0810_0000 on 2 MiB parts, 0x0808_0000 on 1 MiB
 * parts, §10). With SWP_FB = 0 slot 1 shows physical bank 1 and slot 2 physical bank 2; with SWP_FB = 1 they are
 * exchanged. In single-bank mode there is one bank and SWP_FB is ignored here (what the silicon does with SWP_FB
 * while nDBANK = 1 is not documented in the facts; dual-bank is the only mode in which swapping is meaningful).
 */
public record FlashGeometry(BankMode mode, List<Bank> banks) {

    public FlashGeometry {
        banks = List.copyOf(banks);
        if (banks.isEmpty() || banks.size() > 2) {
            throw new IllegalArgumentException("1 or 2 banks expected");
        }
        if (mode == BankMode.SINGLE && banks.size() != 1) {
            throw new IllegalArgumentException("single-bank geometry with " + banks.size() + " banks");
        }
        if (mode == BankMode.DUAL && (banks.size() != 2 || banks.get(0).size() != banks.get(1).size())) {
            // Equal bank sizes make the swapped mapping a pure exchange of the two slots.
            throw new IllegalArgumentException("dual-bank geometry needs two banks of equal size");
        }
        for (int i = 0; i < banks.size(); i++) {
            if (banks.get(i).number() != i + 1) {
                throw new IllegalArgumentException("banks must be numbered 1, 2");
            }
        }
    }

    /** Total flash size in bytes. */
    public long totalSize() {
        long total = 0; // a loop, not a stream: the simulator asks this on every flash access
        for (Bank b : banks) {
            total += b.size();
        }
        return total;
    }

    public int bankCount() {
        return banks.size();
    }

    public Bank bank(int physicalBank) {
        if (physicalBank < 1 || physicalBank > banks.size()) {
            throw new UnknownModelElementException("no bank " + physicalBank + " in " + mode + " mode");
        }
        return banks.get(physicalBank - 1);
    }

    /** All sectors, bank 1 first, in logical-number order. */
    public List<Sector> sectors() {
        List<Sector> all = new ArrayList<>();
        banks.forEach(b -> all.addAll(b.sectors()));
        return List.copyOf(all);
    }

    public Optional<Sector> findSector(int logicalNumber) {
        return sectors().stream().filter(s -> s.number() == logicalNumber).findFirst();
    }

    public Sector sector(int logicalNumber) {
        return findSector(logicalNumber).orElseThrow(
                () -> new UnknownModelElementException("no sector " + logicalNumber + " in " + mode + " bank mode"));
    }

    /** The address range covered by the flash in {@code window}. */
    public AddressRange windowRange(Window window) {
        return new AddressRange(window.base(), totalSize());
    }

    /** Which window contains {@code address}, if any. */
    public Optional<Window> windowOf(long address) {
        for (Window w : Window.values()) {
            if (windowRange(w).contains(address)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    private int slotShowing(int physicalBank, boolean swpFb) {
        return swpFb && mode == BankMode.DUAL ? 3 - physicalBank : physicalBank;
    }

    private long slotStart(int slot) {
        return slot == 1 ? 0 : banks.get(0).size();
    }

    /**
     * Physical bank and offset behind a CPU/debug address in either window, given the current SWP_FB.
     * Empty when the address is not in flash.
     */
    public Optional<BankOffset> physicalBankAt(long address, boolean swpFb) {
        Optional<Window> w = windowOf(address);
        if (w.isEmpty()) {
            return Optional.empty();
        }
        long windowOffset = address - w.get().base();
        int slot = (banks.size() == 2 && windowOffset >= banks.get(0).size()) ? 2 : 1;
        int physical = slotShowing(slot, swpFb); // the exchange is its own inverse
        return Optional.of(new BankOffset(physical, windowOffset - slotStart(slot)));
    }

    /** The sector behind a CPU/debug address, honouring SWP_FB. */
    public Optional<Sector> sectorAt(long address, boolean swpFb) {
        return physicalBankAt(address, swpFb).map(bo -> bank(bo.bank()).sectorAtOffset(bo.offset()));
    }

    /** The CPU/debug address at which {@code offset} of physical bank {@code physicalBank} is visible. */
    public long windowAddress(int physicalBank, long offset, boolean swpFb, Window window) {
        Bank b = bank(physicalBank);
        if (offset < 0 || offset >= b.size()) {
            throw new UnknownModelElementException("offset 0x" + Long.toHexString(offset) + " outside bank " + physicalBank);
        }
        return window.base() + slotStart(slotShowing(physicalBank, swpFb)) + offset;
    }

    /** Address range where {@code sector} is visible in {@code window} under SWP_FB. */
    public AddressRange sectorRange(Sector sector, boolean swpFb, Window window) {
        return new AddressRange(windowAddress(sector.bank(), sector.offset(), swpFb, window), sector.size());
    }

    /** Address range where physical bank {@code physicalBank} is visible in {@code window} under SWP_FB. */
    public AddressRange bankRange(int physicalBank, boolean swpFb, Window window) {
        return new AddressRange(windowAddress(physicalBank, 0, swpFb, window), bank(physicalBank).size());
    }
}
