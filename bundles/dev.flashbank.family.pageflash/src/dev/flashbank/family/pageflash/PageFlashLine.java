package dev.flashbank.family.pageflash;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.ProductLine;

/**
 * The lines of the STM32 page-flash controller Flashbank knows, one per DBGMCU_IDCODE.DEV_ID, and the facts that differ
 * between them. One controller design (as OpenOCD's stm32l4x driver draws it): register layouts are built from these
 * facts by {@link PageFlashRegisters}, page layouts per bank mode by the geometry.
 * <p>
 * Widths of PNB, WRP and PCROP fields are the CMSIS device headers' (stm32g474xx.h, stm32g431xx.h, stm32g491xx.h,
 * stm32l476xx.h, stm32l496xx.h, stm32l4r5xx.h, stm32g0b1xx.h).
 */
public enum PageFlashLine implements ProductLine {

    /**
     * RM0440 category 3: 512 KiB (xE), 256 KiB (xC), 128 KiB (xB); DBANK = 1 (factory) two banks of 2 KiB pages with
     * bank 2 always at 0x0804_0000 (a gap below it on the smaller parts), DBANK = 0 one bank of 4 KiB pages.
     */
    G47X_G48X(0x469, "STM32G471/G473/G474/G483/G484", Series.G4,
            List.of("STM32G471", "STM32G473", "STM32G474", "STM32G483", "STM32G484"), List.of(128, 256, 512),
            2048, 4096, 7, 11, 7, 15, 19, 21, true,
            Map.of(0x1000, "A", 0x2000, "B", 0x2001, "Z")),

    /** RM0440 category 2: one bank of 2 KiB pages, up to 128 KiB; no BKER, no MER2, no bank-2 option registers. */
    G43X_G44X(0x468, "STM32G431/G441", Series.G4, List.of("STM32G431", "STM32G441"), List.of(32, 64, 128),
            2048, 2048, 6, -1, 6, 14, 18, -1, false,
            Map.of(0x1000, "A", 0x2000, "B", 0x2001, "Z")),

    /**
     * RM0440 category 4: one bank of 256 x 2 KiB pages. The CMSIS header gives WRP1AR/WRP1BR 7-bit page fields (pages
     * 0..127 only) although the bank has 256 pages; the model keeps the header's width.
     */
    G49X_G4AX(0x479, "STM32G491/G4A1", Series.G4, List.of("STM32G491", "STM32G4A1"), List.of(256, 512),
            2048, 2048, 8, -1, 7, 15, 19, 21, false,
            Map.of(0x1000, "A")),

    /** RM0351: 1 MiB parts always two banks of 256 x 2 KiB; 512/256 KiB parts by the DUALBANK option. */
    L47X_L48X(0x415, "STM32L471/L475/L476/L486", Series.L4,
            List.of("STM32L471", "STM32L475", "STM32L476", "STM32L486"), List.of(256, 512, 1024),
            2048, 2048, 8, 11, 8, 16, 19, 19, false,
            Map.of(0x1000, "1", 0x1001, "2", 0x1003, "3", 0x1007, "4")),

    /** RM0351: as L47x, plus the nSWBOOT0/nBOOT0 option bits. */
    L49X_L4AX(0x461, "STM32L496/L4A6", Series.L4, List.of("STM32L496", "STM32L4A6"), List.of(512, 1024),
            2048, 2048, 8, 11, 8, 16, 19, 19, false,
            Map.of(0x1000, "A", 0x2000, "B")),

    /**
     * RM0432 (L4+): 2 MiB parts DBANK (bit 22), 1 MiB parts DB1M (bit 21); dual bank = 4 KiB pages, single bank =
     * 8 KiB pages (128-bit reads); fast programming rows of 64 double words.
     */
    L4RX_L4SX(0x470, "STM32L4R5/L4R7/L4R9/L4S5/L4S7/L4S9", Series.L4_PLUS,
            List.of("STM32L4R5", "STM32L4R7", "STM32L4R9", "STM32L4S5", "STM32L4S7", "STM32L4S9"),
            List.of(1024, 2048), 4096, 8192, 8, 11, 8, 17, 20, 21, true,
            Map.of(0x1000, "A", 0x1001, "Z", 0x1003, "Y", 0x100F, "W", 0x101F, "V")),

    /**
     * RM0444: 512/256 KiB parts two banks of 2 KiB pages by DUAL_BANK (factory 1), bank 2 right after bank 1; a bank
     * swap by the nSWAP_BANK option (no run-time swap bit); BKER at bit 13, PNB 10 bits, per-bank busy flags and
     * CFGBSY; DBG block on the APB at 0x4001_5800.
     */
    G0BX_G0CX(0x467, "STM32G0B1/G0C1", Series.G0, List.of("STM32G0B1", "STM32G0C1"), List.of(128, 256, 512),
            2048, 2048, 10, 13, 7, 9, 15, -1, false,
            Map.of(0x1000, "A"));

    /**
     * The register layout a line's FLASH, SYSCFG and DBGMCU follow: RM0440 (G4), RM0351 (L4), RM0432 (L4+), RM0444
     * (G0).
     */
    public enum Series {
        G4("STM32G4", "RM0440", 0xE004_2000L),
        L4("STM32L4", "RM0351", 0xE004_2000L),
        L4_PLUS("STM32L4+", "RM0432", 0xE004_2000L),
        G0("STM32G0", "RM0444", 0x4001_5800L);

        private final String seriesName;
        private final String referenceManual;
        private final long debugBase;

        Series(String seriesName, String referenceManual, long debugBase) {
            this.seriesName = seriesName;
            this.referenceManual = referenceManual;
            this.debugBase = debugBase;
        }

        /** As users write it: STM32G4, STM32L4, STM32L4+, STM32G0. */
        public String seriesName() {
            return seriesName;
        }

        public String referenceManual() {
            return referenceManual;
        }

        /**
         * Base of the debug MCU block whose first register is IDCODE: DBGMCU at 0xE004_2000 on the Cortex-M4 parts,
         * DBG at 0x4001_5800 on the APB of the Cortex-M0+ G0 (which needs RCC_APBENR1.DBGEN for its other registers).
         */
        public long debugBase() {
            return debugBase;
        }

        /** True where SYSCFG_MEMRMP.FB_MODE swaps the banks at run time (L4, L4+, G4); G0 swaps by nSWAP_BANK. */
        public boolean hasFbMode() {
            return this != G0;
        }
    }

    // ---- addresses every line shares (CMSIS FLASH_BASE, FLASHSIZE_BASE, UID_BASE, PACKAGE_BASE; RM0444 Table 9) ----
    /** Main flash (aliased at 0 when SYSCFG MEM_MODE selects main flash). */
    public static final long MAIN_FLASH = 0x0800_0000L;
    /** 16-bit flash size in KiB (on G0 only the low 10 bits are used: {@link #flashSizeRegisterMask()}). */
    public static final long FLASH_SIZE_REGISTER = 0x1FFF_75E0L;
    /** 96-bit unique device ID. */
    public static final long UNIQUE_ID = 0x1FFF_7590L;
    /** Package data register. */
    public static final long PACKAGE_REGISTER = 0x1FFF_7500L;
    /** OTP area: 1 KiB of write-once double words (never erasable). */
    public static final long OTP_START = 0x1FFF_7000L;
    public static final int OTP_SIZE = 1024;
    /** System memory (ROM bootloader). */
    public static final long SYSTEM_MEMORY = 0x1FFF_0000L;
    /** Program unit: one 64-bit double word plus 8 ECC bits (RM0440 §3.3.7, RM0351 §3.3.7, RM0444 §3.3.7). */
    public static final int DOUBLE_WORD = 8;

    private final int devId;
    private final String displayName;
    private final Series series;
    private final List<String> partNames;
    private final List<Integer> flashSizesKiB;
    private final int dualBankPageSize;
    private final int singleBankPageSize;
    private final int pnbBits;
    private final int bkerBit;
    private final int wrpBits;
    private final int pcropBits;
    private final int eccAddressBits;
    private final int bkEccBit;
    private final boolean secondEccPair;
    private final Map<Integer, String> revisions;

    PageFlashLine(int devId, String displayName, Series series, List<String> partNames, List<Integer> flashSizesKiB,
            int dualBankPageSize, int singleBankPageSize, int pnbBits, int bkerBit, int wrpBits, int pcropBits,
            int eccAddressBits, int bkEccBit, boolean secondEccPair, Map<Integer, String> revisions) {
        this.devId = devId;
        this.displayName = displayName;
        this.series = series;
        this.partNames = partNames;
        this.flashSizesKiB = flashSizesKiB;
        this.dualBankPageSize = dualBankPageSize;
        this.singleBankPageSize = singleBankPageSize;
        this.pnbBits = pnbBits;
        this.bkerBit = bkerBit;
        this.wrpBits = wrpBits;
        this.pcropBits = pcropBits;
        this.eccAddressBits = eccAddressBits;
        this.bkEccBit = bkEccBit;
        this.secondEccPair = secondEccPair;
        this.revisions = revisions;
    }

    /** DBGMCU_IDCODE.DEV_ID (bits 11:0). */
    public int devId() {
        return devId;
    }

    public String displayName() {
        return displayName;
    }

    /**
     * The bits of {@link #FLASH_SIZE_REGISTER} that hold the size: 10 on the G0 (RM0444 "Flash size data register":
     * bits 15:10 are not part of the size, ST's HAL masks them), all 16 elsewhere.
     */
    public int flashSizeRegisterMask() {
        return series == Series.G0 ? 0x3FF : 0xFFFF;
    }

    public Series series() {
        return series;
    }

    public String referenceManual() {
        return series.referenceManual();
    }

    /** Series names of the parts (order codes start with one of them). */
    public List<String> partNames() {
        return partNames;
    }

    /** Flash sizes the line is sold with (KiB), ascending. */
    public List<Integer> flashSizesKiB() {
        return flashSizesKiB;
    }

    /** IDCODE address: DBGMCU_IDCODE 0xE004_2000 (L4/L4+/G4) or DBG_IDCODE 0x4001_5800 (G0). */
    public long idcodeAddress() {
        return series.debugBase();
    }

    /** True when the line can run with two banks (bank-2 option registers, MER2, BKER). */
    public boolean dualBankCapable() {
        return bkerBit >= 0;
    }

    /** Page size in dual-bank mode (the erase unit), or the only page size of a single-bank line. */
    public int dualBankPageSize() {
        return dualBankPageSize;
    }

    /** Page size in single-bank mode: 4 KiB on G4 category 3 (DBANK = 0), 8 KiB on L4+; else 2 KiB. */
    public int singleBankPageSize() {
        return singleBankPageSize;
    }

    /** Width of FLASH_CR.PNB (page number within the bank) from bit 3. */
    public int pnbBits() {
        return pnbBits;
    }

    /** FLASH_CR.BKER position: 11 (L4, L4+, G4 category 3), 13 (G0B1); empty on single-bank lines. */
    public Optional<Integer> bkerBit() {
        return bkerBit < 0 ? Optional.empty() : Optional.of(bkerBit);
    }

    /** Width of the page fields WRPxy_STRT / WRPxy_END. */
    public int wrpBits() {
        return wrpBits;
    }

    /** Width of the PCROP start/end offset fields (granules of 64 or 128 bits, 512 bytes on G0). */
    public int pcropBits() {
        return pcropBits;
    }

    /** Width of FLASH_ECCR.ADDR_ECC. */
    public int eccAddressBits() {
        return eccAddressBits;
    }

    /** Position of FLASH_ECCR.BK_ECC (bank of the ECC error), empty where the line has none. */
    public Optional<Integer> bkEccBit() {
        return bkEccBit < 0 ? Optional.empty() : Optional.of(bkEccBit);
    }

    /** True where ECCR has ECCC2/ECCD2 for the second half of a 128-bit single-bank read (G4 cat 3, L4+). */
    public boolean secondEccPair() {
        return secondEccPair;
    }

    /** Fast programming row in double words: 32 (256 bytes), 64 on L4+ (512 bytes) (RM0432 §3.3.7). */
    public int fastRowDoubleWords() {
        return series == Series.L4_PLUS ? 64 : 32;
    }

    /**
     * SRAM seen contiguously from 0x2000_0000 (SRAM1, then SRAM2 - and on G4 the CCM SRAM - through their aliases), in
     * KiB, of the largest part of the line: the range in which the ROM bootloader's dual-bank boot accepts an initial
     * stack pointer, and a work area for tools. Datasheet memory maps (DS12288, DS12589, DS12712, DS10198, DS11585,
     * DS12023, DS13560), recalled: UNCONFIRMED.
     */
    public int sramKiB() {
        return switch (this) {
            case G47X_G48X -> 128;
            case G43X_G44X -> 32;
            case G49X_G4AX -> 112;
            case L47X_L48X -> 128;
            case L49X_L4AX -> 320;
            case L4RX_L4SX -> 640;
            case G0BX_G0CX -> 144;
        };
    }

    /**
     * The highest initial stack pointer (exclusive end of the accepted SRAM, from 0x2000_0000) the ROM bootloader's
     * dual-bank boot accepts when it checks a bank (BFB2): SRAM1 + SRAM2 without the CCM SRAM alias on G4 (an image
     * whose stack ends at 128 KiB was rejected on a G474, 96 KiB works), 0x2004_0000 on L496 (ST community), the
     * SRAM1 (+ contiguous SRAM2) size elsewhere. Third-party observations and recalled memory maps: UNCONFIRMED.
     */
    public long bootloaderStackLimit() {
        long kib = switch (this) {
            case G47X_G48X, G49X_G4AX -> 96;
            case G43X_G44X -> 22;
            case L47X_L48X -> 96;
            case L49X_L4AX -> 256;
            case L4RX_L4SX -> 192;
            case G0BX_G0CX -> 144;
        };
        return 0x2000_0000L + kib * 1024;
    }

    /** REV_ID -> revision name (as OpenOCD's stm32l4x revision tables print them). */
    public Map<Integer, String> revisions() {
        return revisions;
    }

    public static Optional<PageFlashLine> byDevId(int devId) {
        for (PageFlashLine l : values()) {
            if (l.devId == devId) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
