package dev.flashbank.family.stm32h7;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.UnknownModelElementException;

/**
 * Sector layout of the STM32H7 lines (RM0433 §4.3.3 "Flash memory organization", RM0455, RM0468).
 * <p>
 * Sectors are numbered PER BANK from 0: bank 2 is selected by using its own register set (KEYR2/CR2), never by a
 * sector offset, so {@link Sector#number()} and {@link Sector#snb()} are both the FLASH_CRx.SNB value and
 * {@link Sector#bank()} says which bank (unlike controllers with one register set for both banks, which number bank 2's
 * sectors on from bank 1's and select them by an SNB bank bit).
 * <p>
 * Both banks are seen only through the AXI window at 0x0800_0000 (the H7 has no flash-on-ITCM alias): slot 1 at
 * {@link #SLOT1_BASE}, slot 2 ALWAYS at {@link #SLOT2_BASE}, even on 1 MiB parts whose banks are 512 KiB, which
 * leaves a hole 0x0808_0000-0x080F_FFFF. With SWAP_BANK = 1 the slots show the other bank (RM0433 §4.3.13).
 */
public final class Stm32H7Geometry {

    /** Flash window slot 1 (FLASH_BANK1_BASE): bank 1, or bank 2 when SWAP_BANK = 1. */
    public static final long SLOT1_BASE = 0x0800_0000L;
    /** Flash window slot 2 (FLASH_BANK2_BASE): the other bank, whatever the bank size. */
    public static final long SLOT2_BASE = 0x0810_0000L;
    /** The one flash window (AXI): both slots are in it. */
    public static final List<FlashWindow> WINDOWS = List.of(FlashWindow.of("AXI", SLOT1_BASE));

    private Stm32H7Geometry() {
    }

    /** H7 parts have no bank-mode option: dual-bank parts are always dual bank, the others single bank. */
    public static Set<BankMode> bankModes(Stm32H7Line line, int flashSizeKiB) {
        return Set.of(isDualBank(line, flashSizeKiB) ? BankMode.DUAL : BankMode.SINGLE);
    }

    /** True when this variant has two banks (every dual-bank-capable line except its 128 KiB value part). */
    public static boolean isDualBank(Stm32H7Line line, int flashSizeKiB) {
        requireSize(line, flashSizeKiB);
        return line.dualBankCapable() && flashSizeKiB != Stm32H7Line.VALUE_LINE_SIZE_KIB;
    }

    /** The layout of {@code line} at {@code flashSizeKiB}; {@code mode} must be the variant's only mode. */
    public static FlashGeometry of(Stm32H7Line line, int flashSizeKiB, BankMode mode) {
        Set<BankMode> modes = bankModes(line, flashSizeKiB);
        if (!modes.contains(mode)) {
            throw new UnknownModelElementException(line.displayName() + " with " + flashSizeKiB + " KiB has no " + mode
                    + " bank mode (only " + modes + ")");
        }
        long total = flashSizeKiB * 1024L;
        if (mode == BankMode.SINGLE) {
            return new FlashGeometry(mode, List.of(bank(1, total, line.sectorSize())), WINDOWS);
        }
        return new FlashGeometry(mode, List.of(bank(1, total / 2, line.sectorSize()), bank(2, total / 2,
                line.sectorSize())), WINDOWS, SLOT2_BASE - SLOT1_BASE);
    }

    private static Bank bank(int number, long size, int sectorSize) {
        List<Sector> sectors = new ArrayList<>();
        for (int i = 0; i * (long) sectorSize < size; i++) {
            sectors.add(new Sector(number, i, i, (long) i * sectorSize, sectorSize));
        }
        return new Bank(number, size, sectors);
    }

    /** Base address of window slot 1 or 2 (slot 2 is 0x0810_0000 on every dual-bank variant). */
    public static long slotBase(int slot) {
        return switch (slot) {
            case 1 -> SLOT1_BASE;
            case 2 -> SLOT2_BASE;
            default -> throw new UnknownModelElementException("no flash window slot " + slot + " (1 or 2)");
        };
    }

    /** The slot (1 or 2) showing physical bank {@code physicalBank} under SWAP_BANK (RM0433 §4.3.13). */
    public static int slotOf(int physicalBank, boolean swapBank) {
        if (physicalBank != 1 && physicalBank != 2) {
            throw new UnknownModelElementException("no bank " + physicalBank);
        }
        return swapBank ? 3 - physicalBank : physicalBank;
    }

    /** The address range of physical bank {@code physicalBank} in the AXI window under SWAP_BANK. */
    public static AddressRange bankRange(FlashGeometry g, int physicalBank, boolean swapBank) {
        int slot = g.bankCount() == 1 ? 1 : slotOf(physicalBank, swapBank);
        return new AddressRange(slotBase(slot), g.bank(physicalBank).size());
    }

    /** The address range of {@code sector} in the AXI window under SWAP_BANK. */
    public static AddressRange sectorRange(FlashGeometry g, Sector sector, boolean swapBank) {
        return new AddressRange(bankRange(g, sector.bank(), swapBank).start() + sector.offset(), sector.size());
    }

    private static void requireSize(Stm32H7Line line, int flashSizeKiB) {
        if (!line.flashSizesKiB().contains(flashSizeKiB)) {
            throw new UnknownModelElementException(line.displayName() + " has no " + flashSizeKiB + " KiB variant (only "
                    + line.flashSizesKiB() + " KiB)");
        }
    }
}
