package dev.flashbank.core.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Erase-unit layout of one flash size in one bank mode, and the memory map of the flash: the CPU/debug address
 * {@link #windows() windows} it is visible in (data, first = the window images are linked for) and where the two
 * bank slots lie in each window.
 * <p>
 * Slot mapping: a window is split in two slots, slot 1 at window offset 0 and slot 2 at window offset
 * {@link #slot2Offset()} (F7: {@code size(bank 1)}, 0x0810_0000 on 2 MiB parts, 0x0808_0000 on 1 MiB parts, RM0410
 * §3.3.2; H7: always 0x10_0000, even on parts whose banks are 512 KiB, which leaves a hole, RM0433 §4.3.3). With the
 * banks not swapped slot 1 shows physical bank 1 and slot 2 physical bank 2; swapped (F7 SWP_FB, H7 SWAP_BANK) they
 * are exchanged. In single-bank mode there is one bank and the swap is ignored here (dual-bank is the only mode in
 * which swapping is meaningful).
 *
 * @param mode the bank mode
 * @param banks bank 1 (and 2), with their erase units
 * @param windows the address windows, first = the one images are linked for
 * @param slot2Offset window offset of slot 2 (dual bank; equals bank 1's size in single-bank mode)
 * @param eraseUnit what the family's reference manual calls the erase units ({@link EraseUnit#SECTOR} unless the
 *        family says otherwise, e.g. pages), for every message, label and option that names them
 */
public record FlashGeometry(BankMode mode, List<Bank> banks, List<FlashWindow> windows, long slot2Offset,
        EraseUnit eraseUnit) {

    public FlashGeometry {
        java.util.Objects.requireNonNull(eraseUnit, "eraseUnit");
        banks = List.copyOf(banks);
        windows = List.copyOf(windows);
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
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("a flash is visible in at least one window");
        }
        if (slot2Offset < banks.get(0).size()) {
            throw new IllegalArgumentException("slot 2 overlaps bank 1");
        }
    }

    /** Units called sectors. */
    public FlashGeometry(BankMode mode, List<Bank> banks, List<FlashWindow> windows, long slot2Offset) {
        this(mode, banks, windows, slot2Offset, EraseUnit.SECTOR);
    }

    /** Slot 2 right after bank 1 (no hole), as on F7; units called sectors. */
    public FlashGeometry(BankMode mode, List<Bank> banks, List<FlashWindow> windows) {
        this(mode, banks, windows, banks.isEmpty() ? 0 : banks.get(0).size());
    }

    /** This layout with its erase units called {@code unit} (a family whose manual calls them pages). */
    public FlashGeometry withEraseUnit(EraseUnit unit) {
        return new FlashGeometry(mode, banks, windows, slot2Offset, unit);
    }

    /** The window images are linked for and the drivers program through (F7: AXIM; H7: AXI). */
    public FlashWindow linkWindow() {
        return windows.get(0);
    }

    /**
     * The windows as "NAME range" joined by {@code separator}, e.g. "AXIM [0x08000000, 0x08200000) or ITCM [...]",
     * for messages that list where the flash is.
     */
    public String windowsText(String separator) {
        StringBuilder b = new StringBuilder();
        for (FlashWindow w : windows) {
            b.append(b.length() == 0 ? "" : separator).append(w.name()).append(' ').append(windowRange(w));
        }
        return b.toString();
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
                () -> new UnknownModelElementException("no " + eraseUnit.singular() + " " + logicalNumber + " in "
                        + mode + " bank mode"));
    }

    /** Bytes from a window's base to the end of the last slot (the total size, plus the hole between the slots). */
    public long windowSpan() {
        return banks.size() == 2 ? slot2Offset + banks.get(1).size() : totalSize();
    }

    /** The address range covered by the flash in {@code window} (a hole between the slots included). */
    public AddressRange windowRange(FlashWindow window) {
        return new AddressRange(window.base(), windowSpan());
    }

    /** Which window contains {@code address}, if any. */
    public Optional<FlashWindow> windowOf(long address) {
        for (FlashWindow w : windows) {
            if (windowRange(w).contains(address)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    private int slotShowing(int physicalBank, boolean swapped) {
        return swapped && mode == BankMode.DUAL ? 3 - physicalBank : physicalBank;
    }

    private long slotStart(int slot) {
        return slot == 1 ? 0 : slot2Offset;
    }

    /**
     * Physical bank and offset behind a CPU/debug address in any window, given whether the banks are swapped now.
     * Empty when the address is not in flash (also in the hole between the slots).
     */
    public Optional<BankOffset> physicalBankAt(long address, boolean swapped) {
        Optional<FlashWindow> w = windowOf(address);
        if (w.isEmpty()) {
            return Optional.empty();
        }
        long windowOffset = address - w.get().base();
        int slot = (banks.size() == 2 && windowOffset >= slot2Offset) ? 2 : 1;
        int physical = slotShowing(slot, swapped); // the exchange is its own inverse
        long offset = windowOffset - slotStart(slot);
        if (offset >= banks.get(physical - 1).size()) {
            return Optional.empty(); // the hole after bank 1's slot
        }
        return Optional.of(new BankOffset(physical, offset));
    }

    /** The sector behind a CPU/debug address, honouring the swap. */
    public Optional<Sector> sectorAt(long address, boolean swapped) {
        return physicalBankAt(address, swapped).map(bo -> bank(bo.bank()).sectorAtOffset(bo.offset()));
    }

    /** The CPU/debug address at which {@code offset} of physical bank {@code physicalBank} is visible. */
    public long windowAddress(int physicalBank, long offset, boolean swapped, FlashWindow window) {
        Bank b = bank(physicalBank);
        if (offset < 0 || offset >= b.size()) {
            throw new UnknownModelElementException("offset 0x" + Long.toHexString(offset) + " outside bank " + physicalBank);
        }
        return window.base() + slotStart(slotShowing(physicalBank, swapped)) + offset;
    }

    /** Address range where {@code sector} is visible in {@code window} under the swap. */
    public AddressRange sectorRange(Sector sector, boolean swapped, FlashWindow window) {
        return new AddressRange(windowAddress(sector.bank(), sector.offset(), swapped, window), sector.size());
    }

    /** Address range where physical bank {@code physicalBank} is visible in {@code window} under the swap. */
    public AddressRange bankRange(int physicalBank, boolean swapped, FlashWindow window) {
        return new AddressRange(windowAddress(physicalBank, 0, swapped, window), bank(physicalBank).size());
    }
}
