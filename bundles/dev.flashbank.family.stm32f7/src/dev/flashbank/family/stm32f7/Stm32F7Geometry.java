package dev.flashbank.family.stm32f7;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.UnknownModelElementException;

/**
 * STM32F7 sector layouts (OpenOCD src/flash/nor/stm32f2x.c header comment, HAL stm32f7xx_hal_flash_ex.h sector defines;
 * 1 MiB dual-bank bank 2 at 0x0808_0000 per the STM32CubeProgrammer device database). Every F7 bank follows one shape
 * built from a base sector size u: four sectors of u, one of 4u, then sectors of 8u up to the bank size (u = 16 KiB on
 * F72x and in F76x dual-bank mode, 32 KiB on F74x and in F76x single-bank mode). Bank 2 sectors are numbered from 12
 * and written to SNB as 0x10|(n-12) (CONFIRMED, STM32F7 HAL FLASH_Erase_Sector, OpenOCD stm32f2x.c stm32x_erase). 64
 * KiB value lines: F730 = 4 x 16 KiB (HAL FLASH_SECTOR_TOTAL), F750 = sectors of
 * {@link Stm32F7Parameters#f750SectorSizeKiB()} (UNCONFIRMED, 2 x 32 KiB).
 */
public final class Stm32F7Geometry {

    /** Logical number of the first bank-2 sector (also on 1 MiB parts, whose bank 1 ends at sector 7). */
    public static final int BANK2_FIRST_SECTOR = 12;
    /** SNB bit that selects bank 2 (SNB = 0x10 | (n - 12)). */
    public static final int SNB_BANK2_FLAG = 0x10;
    /** Size of the 64 KiB value lines (F730, F750). */
    public static final int VALUE_LINE_SIZE_KIB = 64;
    /** The flash windows, AXIM first: images are linked for it and the driver programs through it. */
    public static final List<FlashWindow> WINDOWS = List.of(Stm32F7Window.AXIM, Stm32F7Window.ITCM);

    private Stm32F7Geometry() {
    }

    /** FLASH_CR.SNB value for a logical sector number (sectors 12..23 -> 0x10..0x1B). */
    public static int snbFor(int logicalSector) {
        if (logicalSector < 0 || logicalSector > 23) {
            throw new UnknownModelElementException("sector " + logicalSector + " outside 0..23");
        }
        return logicalSector < BANK2_FIRST_SECTOR ? logicalSector
                : SNB_BANK2_FLAG | (logicalSector - BANK2_FIRST_SECTOR);
    }

    /** Logical sector number for an SNB value (inverse of {@link #snbFor}). */
    public static int sectorForSnb(int snb) {
        if ((snb & SNB_BANK2_FLAG) != 0) {
            int n = BANK2_FIRST_SECTOR + (snb & 0x0F);
            if ((snb & ~0x1F) != 0 || n > 23) {
                throw new UnknownModelElementException("SNB 0x" + Integer.toHexString(snb) + " names no sector");
            }
            return n;
        }
        if (snb > 11) {
            throw new UnknownModelElementException("SNB 0x" + Integer.toHexString(snb) + " names no sector");
        }
        return snb;
    }

    /**
     * The sector of {@code geometry} that FLASH_CR.SNB value {@code snb} selects; empty for an SNB that names no
     * sector of this layout (e.g. 0x0C..0x0F, sector 8 on a 1 MiB dual-bank part, or any bank-2 code in single-bank
     * mode). The sector is PHYSICAL: whether SWP_FB changes this is {@link Stm32F7Parameters#bankEraseSelectsPhysicalBank()}.
     */
    public static java.util.Optional<Sector> sectorForSnb(FlashGeometry geometry, int snb) {
        int n;
        try {
            n = sectorForSnb(snb);
        } catch (UnknownModelElementException e) {
            return java.util.Optional.empty();
        }
        return geometry.findSector(n).filter(s -> s.snb() == snb);
    }

    /**
     * The PHYSICAL bank an erase acts on when FLASH_CR names bank {@code namedBank} (SNB bank bit 0x10, or MER = bank 1
     * / MER2 = bank 2). With {@link Stm32F7Parameters#bankEraseSelectsPhysicalBank()} (default, UNCONFIRMED: no RM0410
     * sentence) the named bank is physical; otherwise, in dual-bank mode with SWP_FB = 1, the name follows the address
     * mapping and the other physical bank is erased. This is the one place that decides it: simulator and driver both
     * use it.
     */
    public static int physicalBankErased(FlashGeometry geometry, int namedBank, boolean swpFb, Stm32F7Parameters p) {
        geometry.bank(namedBank);
        if (p.bankEraseSelectsPhysicalBank() || geometry.mode() != BankMode.DUAL || !swpFb) {
            return namedBank;
        }
        return 3 - namedBank;
    }

    /** The sector physically erased by SER with {@code snb} under SWP_FB (see {@link #physicalBankErased}). */
    public static java.util.Optional<Sector> sectorErasedBySnb(FlashGeometry geometry, int snb, boolean swpFb,
            Stm32F7Parameters p) {
        return sectorForSnb(geometry, snb).map(named -> {
            int bank = physicalBankErased(geometry, named.bank(), swpFb, p);
            if (bank == named.bank()) {
                return named;
            }
            int index = geometry.bank(named.bank()).sectors().indexOf(named);
            return geometry.bank(bank).sectors().get(index);
        });
    }

    /** The SNB value that erases PHYSICAL sector {@code physical} under SWP_FB (inverse of {@link #sectorErasedBySnb}). */
    public static int snbToErase(FlashGeometry geometry, Sector physical, boolean swpFb, Stm32F7Parameters p) {
        int named = physicalBankErased(geometry, physical.bank(), swpFb, p); // the mapping is its own inverse
        if (named == physical.bank()) {
            return physical.snb();
        }
        int index = geometry.bank(physical.bank()).sectors().indexOf(physical);
        return geometry.bank(named).sectors().get(index).snb();
    }

    /** The sector protected by OPTCR2.PCROP bit {@code bit} on F72x (bit i = sector i), if it exists. */
    public static java.util.Optional<Sector> sectorOfPcropBit(FlashGeometry geometry, int bit) {
        return geometry.findSector(bit).filter(s -> s.bank() == 1);
    }

    /** Bank modes of a line at a flash size: F76x single and dual, others single only. */
    public static Set<BankMode> bankModes(Stm32F7Line line, int flashSizeKiB) {
        requireSize(line, flashSizeKiB);
        return line.dualBankCapable() ? EnumSet.of(BankMode.SINGLE, BankMode.DUAL) : EnumSet.of(BankMode.SINGLE);
    }

    private static void requireSize(Stm32F7Line line, int flashSizeKiB) {
        if (!line.flashSizesKiB().contains(flashSizeKiB)) {
            throw new UnknownModelElementException(line.displayName() + " has no " + flashSizeKiB + " KiB variant");
        }
    }

    /** The layout for a line, flash size and bank mode. */
    public static FlashGeometry of(Stm32F7Line line, int flashSizeKiB, BankMode mode, Stm32F7Parameters p) {
        if (!bankModes(line, flashSizeKiB).contains(mode)) {
            throw new UnknownModelElementException(line.displayName() + " has no " + mode + " bank mode");
        }
        long size = flashSizeKiB * 1024L;
        if (mode == BankMode.SINGLE) {
            int unit = line.singleBankBaseSectorSize();
            if (line == Stm32F7Line.F74X_F75X && flashSizeKiB == VALUE_LINE_SIZE_KIB) {
                unit = p.f750SectorSizeKiB() * 1024; // UNCONFIRMED, derived from the F74x layout and FLASH_END
            }
            return new FlashGeometry(mode, List.of(bank(1, 0, size, unit)), WINDOWS);
        }
        long half = size / 2;
        int unit = 16 * 1024; // dual-bank shape: 4x16, 1x64, then 128 KiB sectors (OpenOCD src/flash/nor/stm32f2x.c)
        return new FlashGeometry(mode, List.of(bank(1, 0, half, unit), bank(2, BANK2_FIRST_SECTOR, half, unit)),
                WINDOWS); // slot 2 right after bank 1: 0x0810_0000 on 2 MiB parts, 0x0808_0000 on 1 MiB parts
    }

    private static Bank bank(int number, int firstSector, long size, int unit) {
        List<Sector> sectors = new ArrayList<>();
        long offset = 0;
        int n = firstSector;
        int index = 0;
        while (offset < size) {
            int s = index < 4 ? unit : index == 4 ? 4 * unit : 8 * unit;
            if (offset + s > size) {
                throw new IllegalStateException("bank size " + size + " does not fit the F7 sector shape");
            }
            sectors.add(new Sector(number, n, snbFor(n), offset, s));
            offset += s;
            n++;
            index++;
        }
        return new Bank(number, size, sectors);
    }

    /**
     * FLASH_OPTCR.nWRP bit that protects a sector: bit i = sector i in single-bank mode; on F76x in dual-bank mode
     * bit i covers sectors 2i and 2i+1, i.e. bit = n / 2 (bank-2 sectors 12..23 -> bits 6..11) (HAL
     * stm32f7xx_hal_flash_ex.h OB_WRP_DB_SECTOR_x).
     */
    public static int nWrpBit(int logicalSector, BankMode mode) {
        return mode == BankMode.DUAL ? logicalSector / 2 : logicalSector;
    }

    /** The sectors of {@code geometry} protected by nWRP bit {@code bit} (empty when the bit covers none). */
    public static List<Sector> sectorsOfNwrpBit(FlashGeometry geometry, int bit) {
        return geometry.sectors().stream().filter(s -> nWrpBit(s.number(), geometry.mode()) == bit).toList();
    }
}
