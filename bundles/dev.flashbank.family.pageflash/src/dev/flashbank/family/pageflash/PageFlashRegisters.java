package dev.flashbank.family.pageflash;

import static dev.flashbank.core.device.Access.READ_ONLY;
import static dev.flashbank.core.device.Access.READ_WRITE;
import static dev.flashbank.core.device.Access.READ_WRITE_1_TO_CLEAR;
import static dev.flashbank.core.device.Access.WRITE_ONLY;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.RegisterBlock;
import dev.flashbank.core.device.UnknownModelElementException;
import dev.flashbank.family.pageflash.PageFlashLine.Series;

/**
 * The FLASH, SYSCFG and DBGMCU registers of one page-flash line with every field: RM0440 §3.7 "FLASH registers"
 * (G4), RM0351 §3.7 (L4), RM0432 §3.7 (L4+), RM0444 §3.7 (G0); SYSCFG_MEMRMP (L4/G4) or SYSCFG_CFGR1 (G0); DBGMCU
 * (DBG on G0) IDCODE, CR and the watchdog freeze register.
 * <p>
 * Names are the CMSIS device headers' (the reference manuals' without the FLASH_ prefix): STRT, not START; MISERR;
 * PROGEMPTY; IWDG_SW; FB_MODE. One model per line, built once; every register sits at the same offset on every line
 * (OpenOCD's stm32l4x driver uses one offset table for all of them), lines differ in which registers exist and in
 * field widths, taken from {@link PageFlashLine}.
 * <p>
 * Option registers (OPTR, PCROPx, WRPx, SECx) read back the values LOADED at the last option-byte load: writing them
 * changes nothing until OPTSTRT programs them and the next OBL (OBL_LAUNCH, a power-on reset) loads them (RM0444
 * §3.4.2, RM0440 §3.4.2). Their reset values in this model are the factory values.
 */
public final class PageFlashRegisters {

    // ---- base addresses (RM0440 §2.2.2, RM0351 §2.2.2, RM0444 §2.2.2 memory maps) ----
    /** FLASH registers: AHB1 + 0x2000 on L4/G4, AHB + 0x2000 on G0. */
    public static final long FLASH_BASE = 0x4002_2000L;
    /** SYSCFG: MEMRMP (L4/G4) or CFGR1 (G0) at +0. */
    public static final long SYSCFG_BASE = 0x4001_0000L;
    /**
     * G0 only: RCC_APBENR1, whose DBGEN bit clocks the DBG block; IDCODE reads without it, DBG_CR and DBG_APB_FZ1 do
     * not (RM0444 §5.4.15, §40.9).
     */
    public static final long RCC_APBENR1 = 0x4002_103CL;
    /** RCC_APBENR1.DBGEN (G0). */
    public static final int RCC_APBENR1_DBGEN = 1 << 27;

    // ---- keys (RM0440 §3.3.5 / §3.4.2) ----
    /** KEYR: KEY1 then KEY2 clears CR.LOCK; a wrong sequence locks the FLASH_CR until reset (bus error). */
    public static final KeyPair KEYR_KEYS = new KeyPair(0x4567_0123, 0xCDEF_89AB);
    /** OPTKEYR: clears CR.OPTLOCK, only while CR.LOCK is already clear. */
    public static final KeyPair OPTKEYR_KEYS = new KeyPair(0x0819_2A3B, 0x4C5D_6E7F);
    /** PDKEYR (L4/G4): unlocks the write of ACR.RUN_PD. */
    public static final KeyPair PDKEYR_KEYS = new KeyPair(0x0415_2637, 0xFAFB_FCFD);

    /** A two-word unlock key sequence. */
    public record KeyPair(int key1, int key2) {
    }

    // ---- block names ----
    public static final String FLASH = "FLASH", SYSCFG = "SYSCFG", DBGMCU = "DBGMCU", DBG = "DBG";

    // ---- FLASH registers ----
    public static final String ACR = "ACR", PDKEYR = "PDKEYR", KEYR = "KEYR", OPTKEYR = "OPTKEYR", SR = "SR",
            CR = "CR", ECCR = "ECCR", ECC2R = "ECC2R", OPTR = "OPTR", SEC1R = "SEC1R", SEC2R = "SEC2R",
            SECR = "SECR";
    // ACR
    public static final String LATENCY = "LATENCY", PRFTEN = "PRFTEN", ICEN = "ICEN", DCEN = "DCEN",
            ICRST = "ICRST", DCRST = "DCRST", RUN_PD = "RUN_PD", SLEEP_PD = "SLEEP_PD", PROGEMPTY = "PROGEMPTY",
            DBG_SWEN = "DBG_SWEN";
    // key registers
    public static final String KEY = "KEY", OPTKEY = "OPTKEY", PDKEY = "PDKEY";
    // SR
    public static final String EOP = "EOP", OPERR = "OPERR", PROGERR = "PROGERR", WRPERR = "WRPERR",
            PGAERR = "PGAERR", SIZERR = "SIZERR", PGSERR = "PGSERR", MISERR = "MISERR", FASTERR = "FASTERR",
            RDERR = "RDERR", OPTVERR = "OPTVERR", BSY = "BSY", BSY1 = "BSY1", BSY2 = "BSY2", PEMPTY = "PEMPTY",
            CFGBSY = "CFGBSY";
    // CR
    public static final String PG = "PG", PER = "PER", MER1 = "MER1", PNB = "PNB", BKER = "BKER", MER2 = "MER2",
            STRT = "STRT", OPTSTRT = "OPTSTRT", FSTPG = "FSTPG", EOPIE = "EOPIE", ERRIE = "ERRIE",
            RDERRIE = "RDERRIE", OBL_LAUNCH = "OBL_LAUNCH", SEC_PROT1 = "SEC_PROT1", SEC_PROT = "SEC_PROT",
            SEC_PROT2 = "SEC_PROT2", OPTLOCK = "OPTLOCK", LOCK = "LOCK";
    // ECCR / ECC2R
    public static final String ADDR_ECC = "ADDR_ECC", BK_ECC = "BK_ECC", SYSF_ECC = "SYSF_ECC", ECCIE = "ECCIE",
            ECCCIE = "ECCCIE", ECCC2 = "ECCC2", ECCD2 = "ECCD2", ECCC = "ECCC", ECCD = "ECCD";
    // OPTR (all series)
    public static final String RDP = "RDP", BOR_LEV = "BOR_LEV", NRST_STOP = "nRST_STOP", NRST_STDBY = "nRST_STDBY",
            NRST_SHDW = "nRST_SHDW", IWDG_SW = "IWDG_SW", IWDG_STOP = "IWDG_STOP", IWDG_STDBY = "IWDG_STDBY",
            WWDG_SW = "WWDG_SW", BFB2 = "BFB2", DUALBANK = "DUALBANK", DB1M = "DB1M", DBANK = "DBANK",
            PB4_PUPEN = "PB4_PUPEN", NBOOT1 = "nBOOT1", SRAM2_PE = "SRAM2_PE", SRAM2_RST = "SRAM2_RST",
            SRAM_PE = "SRAM_PE", CCMSRAM_RST = "CCMSRAM_RST", NSWBOOT0 = "nSWBOOT0", NBOOT0 = "nBOOT0",
            NRST_MODE = "NRST_MODE", IRHEN = "IRHEN";
    // OPTR (G0)
    public static final String BOR_EN = "BOR_EN", BORR_LEV = "BORR_LEV", BORF_LEV = "BORF_LEV",
            NSWAP_BANK = "nSWAP_BANK", DUAL_BANK = "DUAL_BANK", RAM_PARITY_CHECK = "RAM_PARITY_CHECK",
            NBOOT_SEL = "nBOOT_SEL";
    // PCROP / WRP / SEC fields not built from a register name
    public static final String PCROP_RDP = "PCROP_RDP", BOOT_LOCK = "BOOT_LOCK", SEC_SIZE = "SEC_SIZE",
            SEC_SIZE1 = "SEC_SIZE1", SEC_SIZE2 = "SEC_SIZE2";
    // SYSCFG
    public static final String MEMRMP = "MEMRMP", CFGR1 = "CFGR1", MEM_MODE = "MEM_MODE", FB_MODE = "FB_MODE";
    // DBGMCU / DBG
    public static final String IDCODE = "IDCODE", DBG_CR = "CR", APB1FZR1 = "APB1FZR1", APBFZ1 = "APBFZ1",
            DEV_ID = "DEV_ID", REV_ID = "REV_ID", DBG_SLEEP = "DBG_SLEEP", DBG_STOP = "DBG_STOP",
            DBG_STANDBY = "DBG_STANDBY", DBG_WWDG_STOP = "DBG_WWDG_STOP", DBG_IWDG_STOP = "DBG_IWDG_STOP";

    /** SYSCFG_MEMRMP.MEM_MODE / SYSCFG_CFGR1.MEM_MODE: main flash at 0 (the other codes alias other memories). */
    public static final int MEM_MODE_MAIN_FLASH = 0b000;
    /** MEM_MODE: system memory at 0 (after a BFB2 boot it stays so: the application must set VTOR). */
    public static final int MEM_MODE_SYSTEM_FLASH = 0b001;

    /** RDP byte of level 0 and of level 2; every other byte is level 1 (RM0440 §3.5.1). */
    public static final int RDP_LEVEL_0 = 0xAA, RDP_LEVEL_2 = 0xCC;

    private static final Map<PageFlashLine, PageFlashRegisters> MODELS = new EnumMap<>(PageFlashLine.class);

    private final PageFlashLine line;
    private final RegisterBlock flash;
    private final RegisterBlock syscfg;
    private final RegisterBlock debug;

    private PageFlashRegisters(PageFlashLine line) {
        this.line = line;
        this.flash = buildFlash(line);
        this.syscfg = buildSyscfg(line);
        this.debug = buildDebug(line);
    }

    /** The registers of {@code line} (built once per line: they are immutable). */
    public static synchronized PageFlashRegisters of(PageFlashLine line) {
        return MODELS.computeIfAbsent(line, PageFlashRegisters::new);
    }

    private static Field f(String name, int lsb, int width, String description) {
        return new Field(name, lsb, width, READ_WRITE, description);
    }

    private static Field b(String name, int bit, String description) {
        return Field.bit(name, bit, READ_WRITE, description);
    }

    private static Field ro(String name, int lsb, int width, String description) {
        return new Field(name, lsb, width, READ_ONLY, description);
    }

    private static Field w1c(String name, int bit, String description) {
        return Field.bit(name, bit, READ_WRITE_1_TO_CLEAR, description);
    }

    // ------------------------------------------------------------------------------------------------ FLASH

    private static RegisterBlock buildFlash(PageFlashLine line) {
        Series s = line.series();
        boolean g0 = s == Series.G0;
        RegisterBlock.Builder blk = RegisterBlock.builder(FLASH, FLASH_BASE);

        blk.register(ACR, 0x00, acrReset(s), READ_WRITE, "Flash access control register", "", acrFields(s));
        if (!g0) {
            blk.register(PDKEYR, 0x04, 0, WRITE_ONLY, "Flash power-down key register: PDKEY1 then PDKEY2 unlocks"
                    + " ACR.RUN_PD", "", List.of(new Field(PDKEY, 0, 32, WRITE_ONLY, "Power-down unlock key")));
        }
        blk.register(KEYR, 0x08, 0, WRITE_ONLY, "Flash key register: KEY1 then KEY2 clears CR.LOCK", "",
                List.of(new Field(KEY, 0, 32, WRITE_ONLY, "Unlock key")));
        blk.register(OPTKEYR, 0x0C, 0, WRITE_ONLY, "Flash option key register: OPTKEY1 then OPTKEY2 clears"
                + " CR.OPTLOCK (CR.LOCK must be clear)", "",
                List.of(new Field(OPTKEY, 0, 32, WRITE_ONLY, "Option unlock key")));
        blk.register(SR, 0x10, 0, READ_WRITE, "Flash status register (error flags and EOP: write 1 to clear)", "",
                srFields(line));
        blk.register(CR, 0x14, 0xC000_0000, READ_WRITE, "Flash control register", "LOCK and OPTLOCK set",
                crFields(line));
        blk.register(ECCR, 0x18, 0, READ_WRITE, g0 ? "Flash ECC register of bank 1" : "Flash ECC register", "",
                eccFields(line));
        if (g0) {
            blk.register(ECC2R, 0x1C, 0, READ_WRITE, "Flash ECC register of bank 2", "", eccFields(line));
        }
        blk.register(OPTR, 0x20, factoryOptr(line), READ_WRITE, "Flash option register (options loaded at the last"
                + " OBL; written values take effect after OPTSTRT and the next OBL)", FACTORY, optrFields(line));

        int banks = line.dualBankCapable() ? 2 : 1;
        for (int bank = 1; bank <= banks; bank++) {
            long o = (bank - 1) * 0x20L; // bank-2 option registers sit 0x20 above bank 1's (0x44 = 0x24 + 0x20)
            for (String area : pcropAreas(line)) {
                String start = pcropStartName(bank, area);
                String end = pcropEndName(bank, area);
                long so = 0x24 + o + (area.equals("B") ? 0x10 : 0);
                blk.register(start, so, pcropStartFactory(line), READ_WRITE, "PCROP area " + bank + area
                        + " start offset (bank " + bank + ")", FACTORY,
                        List.of(f(pcropStartField(bank, area), 0, line.pcropBits(),
                                "First PCROP granule (offset from the bank base, in " + pcropGranuleText(line)
                                        + "); start > end = no area")));
                List<Field> endFields = new ArrayList<>(List.of(f(pcropEndField(bank, area), 0, line.pcropBits(),
                        "Last PCROP granule (inclusive)")));
                if (bank == 1 && area.equals(pcropAreas(line).get(0))) {
                    endFields.add(b(PCROP_RDP, 31, "1 = the PCROP areas are erased by an RDP level 1 -> 0"
                            + " regression (full mass erase); 0 = kept (partial mass erase)"));
                }
                blk.register(end, so + 4, 0, READ_WRITE, "PCROP area " + bank + area
                        + " end offset (bank " + bank + ")", FACTORY, endFields);
            }
            for (String area : List.of("A", "B")) {
                String name = wrpName(bank, area);
                blk.register(name, 0x2C + o + (area.equals("B") ? 4 : 0), wrpFactory(line), READ_WRITE,
                        "Write protection area " + bank + area + " (pages of bank " + bank + ")", FACTORY,
                        List.of(f(wrpStartField(bank, area), 0, line.wrpBits(), "First write-protected page"
                                        + " (page number in the physical bank)"),
                                f(wrpEndField(bank, area), 16, line.wrpBits(), "Last write-protected page"
                                        + " (inclusive); start > end = no area")));
            }
        }
        if (s == Series.G4) {
            int secBits = line == PageFlashLine.G43X_G44X ? 7 : 8;
            blk.register(SEC1R, 0x70, 0, READ_WRITE, "Securable memory area of bank 1 and boot"
                    + " lock", FACTORY, List.of(
                            f(SEC_SIZE1, 0, secBits, "Pages of the securable area from the first page of bank 1"
                                    + " (0 = none); CR.SEC_PROT1 hides them until the next reset"),
                            b(BOOT_LOCK, 16, "1 = boot forced from the user flash (boot pins and nBOOT0 ignored)")));
            if (line.dualBankCapable()) {
                blk.register(SEC2R, 0x74, 0, READ_WRITE, "Securable memory area of bank 2",
                        FACTORY, List.of(f(SEC_SIZE2, 0, 8, "Pages of the securable area from the first page of"
                                + " bank 2 (0 = none)")));
            }
        } else if (g0) {
            blk.register(SECR, 0x80, 0, READ_WRITE, "Securable memory area and boot lock", FACTORY, List.of(
                    f(SEC_SIZE, 0, 8, "Pages of the securable area from the first page of bank 1 (0 = none)"),
                    b(BOOT_LOCK, 16, "1 = boot entry forced to the main flash"),
                    f(SEC_SIZE2, 20, 8, "Pages of the securable area from the first page of bank 2 (0 = none)")));
        }
        return blk.build();
    }

    private static final String FACTORY = "factory value; the register shows the option bytes loaded at the last OBL";

    private static int acrReset(Series s) {
        // RM0440 §3.7.1: LATENCY 1 WS and DBG_SWEN at reset; RM0351/RM0444: ICEN + DCEN (G0: ICEN, bit 10 reserved 1)
        return s == Series.G4 ? 0x0004_0601 : 0x0000_0600;
    }

    private static List<Field> acrFields(Series s) {
        List<Field> l = new ArrayList<>();
        // LATENCY: 4 bits on G4 (up to 8 WS at 170 MHz) and L4+ (up to 5 WS at 120 MHz), 3 bits on L4 and G0
        l.add(f(LATENCY, 0, s == Series.G4 || s == Series.L4_PLUS ? 4 : 3, "Read latency in HCLK cycles"
                + " (wait states)"));
        l.add(b(PRFTEN, 8, "Prefetch enable"));
        l.add(b(ICEN, 9, "Instruction cache enable"));
        if (s != Series.G0) {
            l.add(b(DCEN, 10, "Data cache enable"));
        }
        l.add(b(ICRST, 11, "Instruction cache reset (only while ICEN = 0): drops lines fetched before an erase"));
        if (s != Series.G0) {
            l.add(b(DCRST, 12, "Data cache reset (only while DCEN = 0)"));
            l.add(b(RUN_PD, 13, "Flash in power-down in Run/Low-power run mode (write unlocked by PDKEYR)"));
            l.add(b(SLEEP_PD, 14, "Flash in power-down in Sleep/Low-power sleep mode"));
        } else {
            l.add(b(PROGEMPTY, 16, "Main flash empty: set by the OBL when 0x0800_0000 reads erased; a flash boot"
                    + " then starts the bootloader until it is cleared or the next OBL"));
        }
        if (s == Series.G4 || s == Series.G0) {
            l.add(b(DBG_SWEN, 18, "Debug access software enable: 0 = the debugger is cut off"));
        }
        return l;
    }

    /** SR flag bit (RM0440 §3.7.5, RM0351 §3.7.5, RM0444 §3.7.5: the same bits on every line). */
    private static int flagBit(String flag) {
        return switch (flag) {
            case EOP -> 0;
            case OPERR -> 1;
            case PROGERR -> 3;
            case WRPERR -> 4;
            case PGAERR -> 5;
            case SIZERR -> 6;
            case PGSERR -> 7;
            case MISERR -> 8;
            case FASTERR -> 9;
            case RDERR -> 14;
            case OPTVERR -> 15;
            default -> throw new IllegalArgumentException(flag);
        };
    }

    private static String flagText(String flag) {
        return switch (flag) {
            case EOP -> "End of operation: a program or erase completed (with EOPIE)";
            case OPERR -> "Operation error: a program or erase did not complete (with ERRIE)";
            case PROGERR -> "Programming error: the double word was not erased (only all zeros may be written over a"
                    + " programmed double word)";
            case WRPERR -> "Write protection error: the target is in a WRP or PCROP area or a protected securable"
                    + " area, a bank/mass erase met write protection, or an option change at RDP level 2";
            case PGAERR -> "Programming alignment error: the two words are not one aligned double word, or a fast"
                    + " programming row crossed a page";
            case SIZERR -> "Size error: a byte or half-word write while PG or FSTPG is set";
            case PGSERR -> "Programming sequence error: a flash write with PG = FSTPG = 0, an erase with PG/FSTPG/MER"
                    + " also set, or any write after PROGERR/SIZERR/PGAERR/MISERR/FASTERR";
            case MISERR -> "Fast programming data miss: the next double word of the row came too late";
            case FASTERR -> "Fast programming error: the row was not in a freshly erased area";
            case RDERR -> "PCROP read error: a data read of a PCROP area";
            case OPTVERR -> "Option validity error: the option bytes loaded at the last OBL did not match their"
                    + " complements (RDP forced to level 1); set on virgin parts";
            default -> throw new IllegalArgumentException(flag);
        };
    }

    private static final List<String> ERROR_FLAGS = List.of(OPERR, PROGERR, WRPERR, PGAERR, SIZERR, PGSERR, MISERR,
            FASTERR, RDERR, OPTVERR);

    private static List<Field> srFields(PageFlashLine line) {
        List<Field> l = new ArrayList<>();
        l.add(w1c(EOP, flagBit(EOP), flagText(EOP)));
        for (String flag : ERROR_FLAGS) {
            l.add(w1c(flag, flagBit(flag), flagText(flag)));
        }
        switch (line.series()) {
            case G0 -> {
                l.add(ro(BSY1, 16, 1, "Bank 1 busy: a program or erase of bank 1 is executing"));
                l.add(ro(BSY2, 17, 1, "Bank 2 busy: a program or erase of bank 2 is executing"));
                l.add(ro(CFGBSY, 18, 1, "Programming or erase configuration busy: wait for 0 before changing CR"));
            }
            case L4_PLUS -> {
                l.add(ro(BSY, 16, 1, "Busy: a program, erase or option operation is executing"));
                l.add(b(PEMPTY, 17, "Program empty: set by the OBL when 0x0800_0000 reads erased"));
            }
            default -> l.add(ro(BSY, 16, 1, "Busy: a program, erase or option operation is executing"));
        }
        return l;
    }

    private static List<Field> crFields(PageFlashLine line) {
        boolean g0 = line.series() == Series.G0;
        List<Field> l = new ArrayList<>(List.of(
                b(PG, 0, "Programming: the next two 32-bit writes form one double word"),
                b(PER, 1, "Page erase of the page PNB in the bank BKER"),
                b(MER1, 2, "Mass erase of PHYSICAL bank 1 (with MER2: the whole flash)"),
                f(PNB, 3, line.pnbBits(), "Page number within the bank selected by BKER")));
        line.bkerBit().ifPresent(bit -> {
            l.add(b(BKER, bit, "Bank of the page erase: 0 = PHYSICAL bank 1, 1 = PHYSICAL bank 2, whatever"
                    + " FB_MODE / nSWAP_BANK maps where"));
            l.add(b(MER2, 15, "Mass erase of PHYSICAL bank 2"));
        });
        l.addAll(List.of(
                b(STRT, 16, "Starts the erase selected by PER or MER1/MER2"),
                b(OPTSTRT, 17, "Starts the option change: OPTR/PCROP/WRP/SEC registers are programmed into the"
                        + " option bytes (in force after the next OBL)"),
                b(FSTPG, 18, "Fast programming of a row of " + line.fastRowDoubleWords() + " double words"),
                b(EOPIE, 24, "End of operation interrupt enable"),
                b(ERRIE, 25, "Error interrupt enable (OPERR)"),
                b(RDERRIE, 26, "PCROP read error interrupt enable"),
                b(OBL_LAUNCH, 27, "Forces the option byte load: generates a SYSTEM RESET (the debug connection"
                        + " drops)")));
        if (line.series() == Series.G4 || g0) {
            l.add(b(g0 ? SEC_PROT : SEC_PROT1, 28, "Securable area of bank 1 hidden until the next system reset"
                    + " (set only)"));
            if (line.dualBankCapable()) {
                l.add(b(SEC_PROT2, 29, "Securable area of bank 2 hidden until the next system reset (set only)"));
            }
        }
        l.add(b(OPTLOCK, 30, "Option lock: set by writing 1 (or with LOCK), cleared by the OPTKEYR sequence"));
        l.add(b(LOCK, 31, "CR lock: set by writing 1 (also sets OPTLOCK), cleared by the KEYR sequence"));
        return l;
    }

    private static List<Field> eccFields(PageFlashLine line) {
        Series s = line.series();
        List<Field> l = new ArrayList<>();
        l.add(ro(ADDR_ECC, 0, line.eccAddressBits(), "Address of the double word with the last ECC error"));
        line.bkEccBit().ifPresent(bit -> l.add(ro(BK_ECC, bit, 1, "Bank of the ECC error (PHYSICAL bank - 1)")));
        l.add(ro(SYSF_ECC, s == Series.L4 || s == Series.G0 ? 20 : 22, 1, "The ECC error was in system memory or"
                + " OTP"));
        l.add(b(s == Series.G0 ? ECCCIE : ECCIE, 24, "ECC correction interrupt enable"));
        if (line.secondEccPair()) {
            l.add(w1c(ECCC2, 28, "ECC correction on the upper double word of a 128-bit single-bank read"));
            l.add(w1c(ECCD2, 29, "ECC detection on the upper double word of a 128-bit single-bank read"));
        }
        l.add(w1c(ECCC, 30, "ECC correction: one bit corrected"));
        l.add(w1c(ECCD, 31, "ECC detection: two bits wrong, NMI (a half-programmed double word reads so)"));
        return l;
    }

    private static List<Field> optrFields(PageFlashLine line) {
        Series s = line.series();
        List<Field> l = new ArrayList<>();
        l.add(f(RDP, 0, 8, "Readout protection: 0xAA level 0, 0xCC level 2 (irreversible), any other value level 1"));
        if (s == Series.G0) {
            l.add(b(BOR_EN, 8, "1 = brown-out reset thresholds from BORR_LEV/BORF_LEV, 0 = power-on reset only"));
            l.add(f(BORR_LEV, 9, 2, "BOR rising threshold: 0 ~2.1 V, 1 ~2.3 V, 2 ~2.6 V, 3 ~2.9 V"));
            l.add(f(BORF_LEV, 11, 2, "BOR falling threshold: 0 ~2.0 V, 1 ~2.2 V, 2 ~2.5 V, 3 ~2.8 V"));
        } else {
            l.add(f(BOR_LEV, 8, 3, "BOR reset level: 0 ~1.7 V, 1 ~2.0 V, 2 ~2.2 V, 3 ~2.5 V, 4 ~2.8 V"));
        }
        int r = s == Series.G0 ? 13 : 12;
        l.add(b(NRST_STOP, r, "0 = reset generated on entering Stop mode"));
        l.add(b(NRST_STDBY, r + 1, "0 = reset generated on entering Standby mode"));
        l.add(b(NRST_SHDW, r + 2, "0 = reset generated on entering Shutdown mode"));
        l.add(b(IWDG_SW, 16, "1 = IWDG started by software, 0 = by hardware at reset"));
        l.add(b(IWDG_STOP, 17, "0 = IWDG counter frozen in Stop mode"));
        l.add(b(IWDG_STDBY, 18, "0 = IWDG counter frozen in Standby mode"));
        l.add(b(WWDG_SW, 19, "1 = WWDG started by software, 0 = by hardware at reset"));
        switch (line) {
            case G47X_G48X -> {
                l.add(b(BFB2, 20, "1 = dual-bank boot: the bootloader starts the bank whose stack pointer is valid,"
                        + " bank 2 first, and maps it at 0x0800_0000 (FB_MODE)"));
                l.add(b(DBANK, 22, "1 = dual bank, 2 KiB pages, 64-bit reads; 0 = single bank, 4 KiB pages, 128-bit"
                        + " reads (flash contents must be erased after a change)"));
            }
            case G49X_G4AX -> l.add(b(PB4_PUPEN, 22, "1 = PB4 pull-up enabled"));
            case L47X_L48X, L49X_L4AX -> {
                l.add(b(BFB2, 20, "1 = dual-bank boot: the bootloader starts the bank whose stack pointer is valid,"
                        + " bank 2 first, and maps it at 0x0800_0000 (FB_MODE)"));
                l.add(b(DUALBANK, 21, "1 = dual bank on 512/256 KiB parts (1 MiB parts are always dual bank)"));
            }
            case L4RX_L4SX -> {
                l.add(b(BFB2, 20, "1 = dual-bank boot: the bootloader starts the bank whose stack pointer is valid,"
                        + " bank 2 first, and maps it at 0x0800_0000 (FB_MODE)"));
                l.add(b(DB1M, 21, "1 MiB parts: 1 = dual bank, 4 KiB pages; 0 = single bank, 8 KiB pages"));
                l.add(b(DBANK, 22, "2 MiB parts: 1 = dual bank, 4 KiB pages, 64-bit reads; 0 = single bank, 8 KiB"
                        + " pages, 128-bit reads"));
            }
            case G0BX_G0CX -> {
                l.add(b(NSWAP_BANK, 20, "0 = banks swapped after the next OBL (bank 2 at 0x0800_0000), 1 = not"
                        + " swapped"));
                l.add(b(DUAL_BANK, 21, "1 = dual bank (256/512 KiB parts), 0 = single bank"));
                l.add(b(RAM_PARITY_CHECK, 22, "0 = SRAM parity check enabled"));
            }
            default -> {
                // G43x/G44x: bits 20-22 reserved
            }
        }
        if (s == Series.G0) {
            l.add(b(NBOOT_SEL, 24, "1 = BOOT0 taken from nBOOT0, 0 = from the PA14-BOOT0 pin"));
            l.add(b(NBOOT1, 25, "With BOOT0 = 1: 1 = system memory, 0 = SRAM"));
            l.add(b(NBOOT0, 26, "nBOOT0 = 1 means BOOT0 = 0 (when nBOOT_SEL = 1)"));
            l.add(f(NRST_MODE, 27, 2, "NRST pin: 1 reset input only, 2 GPIO, 3 bidirectional reset"));
            l.add(b(IRHEN, 29, "Internal reset holder"));
            return l;
        }
        l.add(b(NBOOT1, 23, "With BOOT0 = 1: 1 = system memory, 0 = SRAM1"));
        if (s == Series.G4) {
            l.add(b(SRAM_PE, 24, "0 = SRAM1/CCM SRAM parity check enabled"));
            l.add(b(CCMSRAM_RST, 25, "0 = CCM SRAM erased on system reset"));
        } else {
            l.add(b(SRAM2_PE, 24, "0 = SRAM2 parity check enabled"));
            l.add(b(SRAM2_RST, 25, "0 = SRAM2 erased on system reset"));
        }
        if (line != PageFlashLine.L47X_L48X) { // RM0351: L47x/L48x have no software BOOT0
            l.add(b(NSWBOOT0, 26, "0 = BOOT0 taken from nBOOT0, 1 = from the BOOT0 pin"));
            l.add(b(NBOOT0, 27, "nBOOT0 = 1 means BOOT0 = 0 (when nSWBOOT0 = 0)"));
        }
        if (s == Series.G4) {
            l.add(f(NRST_MODE, 28, 2, "NRST pin: 1 reset input only, 2 GPIO, 3 bidirectional reset"));
            l.add(b(IRHEN, 30, "1 = internal reset holder enabled"));
        }
        return l;
    }

    /** PCROP areas per bank: one on L4/G4, A and B on G0 (RM0444 §3.5.2). */
    private static List<String> pcropAreas(PageFlashLine line) {
        return line.series() == Series.G0 ? List.of("A", "B") : List.of("");
    }

    private static String pcropGranuleText(PageFlashLine line) {
        return switch (line.series()) {
            case G0 -> "512-byte units";
            case L4 -> "double words";
            default -> "double words in dual-bank mode, 128-bit words in single-bank mode";
        };
    }

    // ---- factory option values (RM defaults as ST's option-erase algorithms write them) ----

    /**
     * OPTR as shipped: RDP level 0, BOR level 0, no resets in low-power modes, software watchdogs, dual bank where the
     * line has a bank-mode bit, no swap (L4/G4 0xFFEF_F8AA as OpenOCD's doc and Keil's G4 algorithm show; G0
     * 0xFFFF_FEAA as Black Magic's option erase writes).
     */
    public static int factoryOptr(PageFlashLine line) {
        return line.series() == Series.G0 ? 0xFFFF_FEAA : 0xFFEF_F8AA;
    }

    /** PCROPxSR with no area: start = all ones (above any end). */
    private static int pcropStartFactory(PageFlashLine line) {
        return fieldMask(line.pcropBits());
    }

    /** WRPxyR with no area: start = all ones, end = 0 (start > end). */
    private static int wrpFactory(PageFlashLine line) {
        return fieldMask(line.wrpBits());
    }

    private static int fieldMask(int bits) {
        return (int) ((1L << bits) - 1);
    }

    // ---- option register names (CMSIS) ----

    /** PCROP start register: PCROP1SR (L4/G4), PCROP1ASR / PCROP1BSR (G0). */
    public static String pcropStartName(int bank, String area) {
        return "PCROP" + bank + area + "SR";
    }

    public static String pcropEndName(int bank, String area) {
        return "PCROP" + bank + area + "ER";
    }

    public static String pcropStartField(int bank, String area) {
        return "PCROP" + bank + area + "_STRT";
    }

    public static String pcropEndField(int bank, String area) {
        return "PCROP" + bank + area + "_END";
    }

    /** WRP1AR, WRP1BR, WRP2AR, WRP2BR. */
    public static String wrpName(int bank, String area) {
        return "WRP" + bank + area + "R";
    }

    public static String wrpStartField(int bank, String area) {
        return "WRP" + bank + area + "_STRT";
    }

    public static String wrpEndField(int bank, String area) {
        return "WRP" + bank + area + "_END";
    }

    // ------------------------------------------------------------------------------------------------ SYSCFG, DBG

    private static RegisterBlock buildSyscfg(PageFlashLine line) {
        RegisterBlock.Builder blk = RegisterBlock.builder(SYSCFG, SYSCFG_BASE);
        if (line.series() == Series.G0) {
            return blk.register(CFGR1, 0x00, 0, READ_WRITE, "SYSCFG configuration register 1 (only the memory"
                    + " remap is modelled)", "MEM_MODE follows the boot configuration",
                    List.of(f(MEM_MODE, 0, 2, "Memory at address 0: 00 main flash, 01 system memory, 11 SRAM"))).build();
        }
        return blk.register(MEMRMP, 0x00, 0, READ_WRITE, "SYSCFG memory remap register",
                "MEM_MODE follows the boot configuration; FB_MODE 0 after every reset",
                List.of(f(MEM_MODE, 0, 3, "Memory at address 0: 000 main flash, 001 system memory, 010 FMC, 011 SRAM1,"
                        + " 110 QUADSPI"),
                        b(FB_MODE, 8, "Flash bank mode: 1 = PHYSICAL bank 2 at 0x0800_0000 and bank 1 above it; set"
                                + " by the bootloader after a BFB2 boot, 0 after reset")))
                .build();
    }

    private static RegisterBlock buildDebug(PageFlashLine line) {
        boolean g0 = line.series() == Series.G0;
        List<Field> cr = new ArrayList<>();
        if (!g0) {
            cr.add(b(DBG_SLEEP, 0, "Debug in Sleep mode"));
        }
        cr.add(b(DBG_STOP, 1, "Debug in Stop mode"));
        cr.add(b(DBG_STANDBY, 2, "Debug in Standby mode"));
        return RegisterBlock.builder(g0 ? DBG : DBGMCU, line.series().debugBase())
                .register(IDCODE, 0x00, 0, READ_ONLY, "MCU device ID code", "device-specific",
                        List.of(ro(DEV_ID, 0, 12, "Device identifier"), ro(REV_ID, 16, 16, "Revision identifier")))
                .register(DBG_CR, 0x04, 0, READ_WRITE, "Debug MCU configuration register", "", cr)
                .register(g0 ? APBFZ1 : APB1FZR1, 0x08, 0, READ_WRITE, "Debug MCU APB freeze register 1 (only the"
                        + " watchdog freeze bits are modelled)", "",
                        List.of(b(DBG_WWDG_STOP, 11, "WWDG stopped while the core is halted"),
                                b(DBG_IWDG_STOP, 12, "IWDG stopped while the core is halted")))
                .build();
    }

    // ------------------------------------------------------------------------------------------------ access

    public PageFlashLine line() {
        return line;
    }

    public RegisterBlock flash() {
        return flash;
    }

    public RegisterBlock syscfg() {
        return syscfg;
    }

    /** DBGMCU (L4/L4+/G4) or DBG (G0). */
    public RegisterBlock debug() {
        return debug;
    }

    public List<RegisterBlock> blocks() {
        return List.of(flash, syscfg, debug);
    }

    /** The register at {@code address} in any block. */
    public Optional<Register> registerAt(long address) {
        for (RegisterBlock blk : blocks()) {
            Optional<Register> r = blk.registerAt(address);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    public Register acr() {
        return flash.register(ACR);
    }

    public Register keyr() {
        return flash.register(KEYR);
    }

    public Register optkeyr() {
        return flash.register(OPTKEYR);
    }

    public Register sr() {
        return flash.register(SR);
    }

    public Register cr() {
        return flash.register(CR);
    }

    /** ECCR of the line; on G0B1 bank 2 has its own ECC2R. */
    public Register eccr(int bank) {
        if (bank == 2 && line.series() == Series.G0) {
            return flash.register(ECC2R);
        }
        return flash.register(ECCR);
    }

    public Register optr() {
        return flash.register(OPTR);
    }

    /** WRP area {@code area} ("A" / "B") of {@code bank}. */
    public Register wrp(int bank, String area) {
        return flash.register(wrpName(checkBank(bank), area));
    }

    /** PCROP areas per bank: [""] on L4/G4, ["A", "B"] on G0. */
    public List<String> pcropAreas() {
        return pcropAreas(line);
    }

    public Register pcropStart(int bank, String area) {
        return flash.register(pcropStartName(checkBank(bank), area));
    }

    public Register pcropEnd(int bank, String area) {
        return flash.register(pcropEndName(checkBank(bank), area));
    }

    /** The SYSCFG register holding MEM_MODE (and FB_MODE on L4/G4). */
    public Register memoryRemap() {
        return syscfg.register(line.series() == Series.G0 ? CFGR1 : MEMRMP);
    }

    /** SYSCFG_MEMRMP.FB_MODE, empty on G0 (no run-time swap). */
    public Optional<Field> fbMode() {
        return memoryRemap().findField(FB_MODE);
    }

    public Register idcode() {
        return debug.register(IDCODE);
    }

    private int checkBank(int bank) {
        if (bank < 1 || bank > (line.dualBankCapable() ? 2 : 1)) {
            throw new UnknownModelElementException(line.displayName() + " has no bank-" + bank + " option registers");
        }
        return bank;
    }

    /**
     * The option registers an OPTSTRT programs, in address order: OPTR, PCROP, WRP and SEC registers of the line (the
     * option image as named registers).
     */
    public List<Register> optionRegisters() {
        return flash.registers().stream().filter(r -> r.offset() >= 0x20).toList();
    }

    /** All SR error flags of the line (what to clear before an operation; EOP and busy flags excluded). */
    public int srErrorMask() {
        int m = 0;
        for (String flag : ERROR_FLAGS) {
            m |= 1 << flagBit(flag);
        }
        return m;
    }

    /** The SR error flag names in bit order. */
    public List<String> errorFlagNames() {
        return ERROR_FLAGS;
    }

    /** SR busy mask: BSY, or BSY1 | BSY2 on G0B1 (CFGBSY is separate: {@link #CFGBSY}). */
    public int srBusyMask() {
        Register sr = sr();
        return line.series() == Series.G0 ? sr.field(BSY1).mask() | sr.field(BSY2).mask() : sr.field(BSY).mask();
    }
}
