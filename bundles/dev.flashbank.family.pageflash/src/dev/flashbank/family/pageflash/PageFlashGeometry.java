package dev.flashbank.family.pageflash;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.EraseUnit;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.device.UnknownModelElementException;
import dev.flashbank.family.pageflash.PageFlashLine.Series;

/**
 * Page layout of the page-flash lines per flash size and bank mode (RM0440 §3.3.1 "Flash memory organization",
 * RM0351 §3.3.1, RM0432 §3.3.1, RM0444 §3.3.1).
 * <p>
 * One window at 0x0800_0000. Dual bank: two banks of half the flash each; bank 2 starts right after bank 1 (L4, L4+,
 * G0B1) except on G4 category 3, where it is always at 0x0804_0000, which leaves a gap below it on the 256/128 KiB
 * parts (RM0440 Table 7; OpenOCD "dual bank WITH gap"). With FB_MODE = 1 (L4/G4) or nSWAP_BANK = 0 (G0B1) the two
 * slots show the other bank.
 * <p>
 * A page's {@link Sector#snb()} is its FLASH_CR.PNB value, the page within its PHYSICAL bank ({@link Sector#bank()} is
 * what BKER selects, whatever the mapping); {@link Sector#number()} is the page number the reference manual uses: on
 * L4, L4+ and G0B1 the pages of bank 2 are numbered from 256 (RM0351 §3.3.1 "page 256", RM0444 §3.3.1), on G4 each
 * bank counts from 0 (RM0440 §3.3.1).
 */
public final class PageFlashGeometry {

    /** The one flash window: the main flash on the Cortex-M system bus. */
    public static final FlashWindow WINDOW = FlashWindow.of("FLASH", PageFlashLine.MAIN_FLASH);
    /** RM page number of the first page of bank 2 on L4, L4+ and G0B1 in dual-bank mode. */
    public static final int BANK2_FIRST_PAGE_NUMBER = 256;
    /** G4 category 3 in dual-bank mode: bank 2 at 0x0804_0000 whatever the flash size. */
    public static final long G4_BANK2_OFFSET = 0x4_0000L;

    private PageFlashGeometry() {
    }

    /**
     * The option bit that selects the bank mode of a variant, as the reference manual names it: DBANK (G4 category 3,
     * L4+ 2 MiB), DB1M (L4+ 1 MiB), DUALBANK (L4 512/256 KiB), DUAL_BANK (G0B1 512/256 KiB); empty where the bank mode
     * is fixed (L4 1 MiB always dual, single-bank lines, G0B1 128 KiB).
     */
    public static Optional<String> bankModeOption(PageFlashLine line, int flashSizeKiB) {
        requireSize(line, flashSizeKiB);
        return switch (line) {
            case G47X_G48X -> Optional.of(PageFlashRegisters.DBANK);
            case L47X_L48X, L49X_L4AX -> flashSizeKiB == line.maxFlashSizeKiB() ? Optional.empty()
                    : Optional.of(PageFlashRegisters.DUALBANK);
            case L4RX_L4SX -> Optional.of(flashSizeKiB == 2048 ? PageFlashRegisters.DBANK : PageFlashRegisters.DB1M);
            case G0BX_G0CX -> flashSizeKiB == 128 ? Optional.empty() : Optional.of(PageFlashRegisters.DUAL_BANK);
            default -> Optional.empty();
        };
    }

    /** Bank modes of a variant. */
    public static Set<BankMode> bankModes(PageFlashLine line, int flashSizeKiB) {
        if (bankModeOption(line, flashSizeKiB).isPresent()) {
            return EnumSet.of(BankMode.SINGLE, BankMode.DUAL);
        }
        boolean alwaysDual = line.dualBankCapable() && line.series() == Series.L4;
        return EnumSet.of(alwaysDual ? BankMode.DUAL : BankMode.SINGLE);
    }

    /** The bank mode an OPTR value selects on a variant (bit = 1 means dual bank for every bank-mode option). */
    public static BankMode bankMode(PageFlashLine line, int flashSizeKiB, int optr) {
        Optional<String> option = bankModeOption(line, flashSizeKiB);
        if (option.isEmpty()) {
            return bankModes(line, flashSizeKiB).iterator().next();
        }
        return PageFlashRegisters.of(line).optr().field(option.get()).isSet(optr) ? BankMode.DUAL : BankMode.SINGLE;
    }

    /** Page size of the line in {@code mode}. */
    public static int pageSize(PageFlashLine line, BankMode mode) {
        return mode == BankMode.DUAL ? line.dualBankPageSize() : line.singleBankPageSize();
    }

    /** Offset of bank 2 from 0x0800_0000 in dual-bank mode (the gap of the smaller G4 category 3 parts included). */
    public static long bank2Offset(PageFlashLine line, int flashSizeKiB) {
        return line == PageFlashLine.G47X_G48X ? G4_BANK2_OFFSET : flashSizeKiB * 1024L / 2;
    }

    /** RM page number of page {@code pnb} of physical bank {@code bank} in {@code mode}. */
    public static int pageNumber(PageFlashLine line, BankMode mode, int bank, int pnb) {
        if (bank == 2 && mode == BankMode.DUAL && line.series() != Series.G4) {
            return BANK2_FIRST_PAGE_NUMBER + pnb;
        }
        return pnb;
    }

    /** What every line's manual (RM0440, RM0351, RM0432, RM0444) calls the erase unit. */
    public static final EraseUnit UNIT = EraseUnit.PAGE;

    /** The layout of {@code line} at {@code flashSizeKiB} in {@code mode}. */
    public static FlashGeometry of(PageFlashLine line, int flashSizeKiB, BankMode mode) {
        Set<BankMode> modes = bankModes(line, flashSizeKiB);
        if (!modes.contains(mode)) {
            throw new UnknownModelElementException(line.displayName() + " with " + flashSizeKiB + " KiB has no "
                    + mode.toString().toLowerCase(java.util.Locale.ROOT) + "-bank mode (only " + modes + ")");
        }
        long total = flashSizeKiB * 1024L;
        int page = pageSize(line, mode);
        if (mode == BankMode.SINGLE) {
            return new FlashGeometry(mode, List.of(bank(line, mode, 1, total, page)), List.of(WINDOW))
                    .withEraseUnit(UNIT);
        }
        return new FlashGeometry(mode, List.of(bank(line, mode, 1, total / 2, page),
                bank(line, mode, 2, total / 2, page)), List.of(WINDOW), bank2Offset(line, flashSizeKiB), UNIT);
    }

    private static Bank bank(PageFlashLine line, BankMode mode, int number, long size, int pageSize) {
        List<Sector> pages = new ArrayList<>();
        for (int pnb = 0; (long) pnb * pageSize < size; pnb++) {
            if (pnb > (1 << line.pnbBits()) - 1) {
                throw new IllegalStateException(line + ": page " + pnb + " does not fit PNB");
            }
            pages.add(new Sector(number, pageNumber(line, mode, number, pnb), pnb, (long) pnb * pageSize, pageSize));
        }
        return new Bank(number, size, pages);
    }

    private static void requireSize(PageFlashLine line, int flashSizeKiB) {
        if (!line.flashSizesKiB().contains(flashSizeKiB)) {
            throw new UnknownModelElementException(line.displayName() + " has no " + flashSizeKiB
                    + " KiB variant (only " + line.flashSizesKiB() + " KiB)");
        }
    }
}
