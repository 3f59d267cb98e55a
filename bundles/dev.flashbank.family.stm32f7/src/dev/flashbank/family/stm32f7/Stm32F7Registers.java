package dev.flashbank.family.stm32f7;

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

/**
 * The FLASH, SYSCFG (MEMRMP) and DBGMCU registers of one STM32F7 line, with every field and reset value
 * (RM0410 FLASH, SYSCFG and DBGMCU registers; CMSIS stm32f7xx masks; ST's SVDs). Register and field names are those of
 * the reference manual / CMSIS header; use the name constants of this class with {@link Register#field(String)}, e.g.
 * {@code regs.cr().field(Stm32F7Registers.SNB)}.
 */
public final class Stm32F7Registers {

    // ---- base addresses (CMSIS stm32f7xx device headers) ----
    /** FLASH interface registers (AHB1PERIPH_BASE + 0x3C00). */
    public static final long FLASH_BASE = 0x4002_3C00L;
    /** SYSCFG (APB2PERIPH_BASE + 0x3800). */
    public static final long SYSCFG_BASE = 0x4001_3800L;
    /** DBGMCU. */
    public static final long DBGMCU_BASE = 0xE004_2000L;
    /** RCC (AHB1PERIPH_BASE + 0x3800); only what the tools touch is modelled. */
    public static final long RCC_BASE = 0x4002_3800L;

    // ---- keys (RM0410 FLASH_KEYR/OPTKEYR; HAL stm32f7xx_hal_flash.h, OpenOCD src/flash/nor/stm32f2x.c, stlink-org
    // stm32flash.h) ----
    /** First and second key written to FLASH_KEYR to clear CR.LOCK. */
    public static final FlashKeys KEYR_KEYS = new FlashKeys(0x4567_0123, 0xCDEF_89AB);
    /** First and second key written to FLASH_OPTKEYR to clear OPTCR.OPTLOCK. */
    public static final FlashKeys OPTKEYR_KEYS = new FlashKeys(0x0819_2A3B, 0x4C5D_6E7F);

    /** A two-word unlock key sequence. */
    public record FlashKeys(int key1, int key2) {
    }

    // ---- block names ----
    public static final String FLASH = "FLASH";
    public static final String RCC = "RCC";
    public static final String SYSCFG = "SYSCFG";
    public static final String DBGMCU = "DBGMCU";

    // ---- FLASH register names ----
    public static final String ACR = "ACR", KEYR = "KEYR", OPTKEYR = "OPTKEYR", SR = "SR", CR = "CR", OPTCR = "OPTCR",
            OPTCR1 = "OPTCR1", OPTCR2 = "OPTCR2";
    // ACR
    public static final String LATENCY = "LATENCY", PRFTEN = "PRFTEN", ARTEN = "ARTEN", ARTRST = "ARTRST";
    // KEYR / OPTKEYR
    public static final String KEY = "KEY", OPTKEY = "OPTKEY";
    // SR
    public static final String EOP = "EOP", OPERR = "OPERR", WRPERR = "WRPERR", PGAERR = "PGAERR", PGPERR = "PGPERR",
            ERSERR = "ERSERR", RDERR = "RDERR", BSY = "BSY";
    // CR
    public static final String PG = "PG", SER = "SER", MER = "MER", SNB = "SNB", PSIZE = "PSIZE", MER2 = "MER2",
            STRT = "STRT", EOPIE = "EOPIE", ERRIE = "ERRIE", RDERRIE = "RDERRIE", LOCK = "LOCK";
    // OPTCR
    public static final String OPTLOCK = "OPTLOCK", OPTSTRT = "OPTSTRT", BOR_LEV = "BOR_LEV", WWDG_SW = "WWDG_SW",
            IWDG_SW = "IWDG_SW", nRST_STOP = "nRST_STOP", nRST_STDBY = "nRST_STDBY", RDP = "RDP", nWRP = "nWRP",
            nDBOOT = "nDBOOT", nDBANK = "nDBANK", IWDG_STDBY = "IWDG_STDBY", IWDG_STOP = "IWDG_STOP";
    // OPTCR1 / OPTCR2
    public static final String BOOT_ADD0 = "BOOT_ADD0", BOOT_ADD1 = "BOOT_ADD1", PCROP = "PCROP",
            PCROP_RDP = "PCROP_RDP";
    // SYSCFG
    public static final String MEMRMP = "MEMRMP", MEM_BOOT = "MEM_BOOT", SWP_FB = "SWP_FB", SWP_FMC = "SWP_FMC";
    // RCC: SYSCFG clock enable, needed before touching SYSCFG_MEMRMP.SWP_FB (RM0410 RCC_APB2ENR bit 14)
    public static final String APB2ENR = "APB2ENR", SYSCFGEN = "SYSCFGEN";
    // DBGMCU
    public static final String IDCODE = "IDCODE", DBG_CR = "CR", APB1_FZ = "APB1_FZ", APB2_FZ = "APB2_FZ",
            DEV_ID = "DEV_ID", REV_ID = "REV_ID", DBG_SLEEP = "DBG_SLEEP", DBG_STOP = "DBG_STOP",
            DBG_STANDBY = "DBG_STANDBY", TRACE_IOEN = "TRACE_IOEN", TRACE_MODE = "TRACE_MODE",
            DBG_WWDG_STOP = "DBG_WWDG_STOP", DBG_IWDG_STOP = "DBG_IWDG_STOP";

    /**
     * Factory value of FLASH_OPTCR on F76x/F77x (DERIVED from the bit layout and a factory dump, kept against the F76x
     * SVD value, which is the F4 one).
     */
    public static final int FACTORY_OPTCR_F76X = 0xFFFF_AAFD;
    /** Factory value of FLASH_OPTCR on F72x/F74x (CONFIRMED, ST's F72x SVD reset value). */
    public static final int FACTORY_OPTCR_F72X_F74X = 0xC0FF_AAFD;
    /**
     * Factory FLASH_OPTCR1: BOOT_ADD1 = 0x0040 (system memory), BOOT_ADD0 = 0x0080 (flash via ITCM) (ST's F72x SVD; HAL
     * stm32f7xx_hal_flash_ex.h OB_BOOTADDR_*).
     */
    public static final int FACTORY_OPTCR1 = 0x0040_0080;

    private static final Map<Stm32F7Line, Stm32F7Registers> CACHE = new EnumMap<>(Stm32F7Line.class);

    private final Stm32F7Line line;
    private final int factoryOptcr2;
    private final RegisterBlock flash;
    private final RegisterBlock syscfg;
    private final RegisterBlock dbgmcu;
    private final RegisterBlock rcc;

    private Stm32F7Registers(Stm32F7Line line, int factoryOptcr2) {
        this.line = line;
        this.factoryOptcr2 = factoryOptcr2;
        this.flash = buildFlash(line, factoryOptcr2);
        this.syscfg = buildSyscfg(line);
        this.dbgmcu = buildDbgmcu();
        this.rcc = RegisterBlock.builder(RCC, RCC_BASE)
                .register(APB2ENR, 0x44, 0, READ_WRITE, "RCC APB2 peripheral clock enable register (partial)", "",
                        List.of(b(SYSCFGEN, 14, "SYSCFG clock enable (needed to read/write SYSCFG_MEMRMP)")))
                .build();
    }

    /** Registers of {@code line} with the default F72x OPTCR2 factory value of {@link Stm32F7Parameters#defaults()}. */
    public static synchronized Stm32F7Registers of(Stm32F7Line line) {
        return CACHE.computeIfAbsent(line,
                l -> new Stm32F7Registers(l, Stm32F7Parameters.defaults().f72xFactoryOptcr2()));
    }

    /** Registers of {@code line} with the given parameters (only the F72x OPTCR2 factory value matters here). */
    public static Stm32F7Registers of(Stm32F7Line line, Stm32F7Parameters parameters) {
        if (parameters.f72xFactoryOptcr2() == Stm32F7Parameters.defaults().f72xFactoryOptcr2()) {
            return of(line);
        }
        return new Stm32F7Registers(line, parameters.f72xFactoryOptcr2());
    }

    private static Field f(String name, int lsb, int width, String description) {
        return new Field(name, lsb, width, READ_WRITE, description);
    }

    private static Field b(String name, int bit, String description) {
        return Field.bit(name, bit, READ_WRITE, description);
    }

    private static Field w1c(String name, int bit, String description) {
        return Field.bit(name, bit, READ_WRITE_1_TO_CLEAR, description);
    }

    private static RegisterBlock buildFlash(Stm32F7Line line, int factoryOptcr2) {
        boolean f76 = line.dualBankCapable();
        boolean f72 = line.hasPcrop();
        RegisterBlock.Builder blk = RegisterBlock.builder(FLASH, FLASH_BASE);

        blk.register(ACR, 0x00, 0x0000_0000, READ_WRITE, "Flash access control register", "ST SVD reset value",
                List.of(f(LATENCY, 0, 4, "Wait states (0-15) for flash reads at the current HCLK"),
                        b(PRFTEN, 8, "Prefetch enable"),
                        b(ARTEN, 9, "ART Accelerator enable"),
                        b(ARTRST, 11, "ART Accelerator reset (use while ART is disabled; UNCONFIRMED rule)")));

        blk.register(KEYR, 0x04, 0, WRITE_ONLY, "Flash key register: write KEY1 then KEY2 to clear CR.LOCK", "",
                List.of(new Field(KEY, 0, 32, WRITE_ONLY, "Unlock key")));
        blk.register(OPTKEYR, 0x08, 0, WRITE_ONLY,
                "Flash option key register: write OPTKEY1 then OPTKEY2 to clear OPTCR.OPTLOCK", "",
                List.of(new Field(OPTKEY, 0, 32, WRITE_ONLY, "Option unlock key")));

        List<Field> sr = new ArrayList<>(List.of(
                w1c(EOP, 0, "End of operation (set only when EOPIE = 1 — UNCONFIRMED for F7). Write 1 to clear"),
                w1c(OPERR, 1, "Operation error (F4 name SOP; set only when ERRIE = 1 — UNCONFIRMED). Write 1 to clear"),
                w1c(WRPERR, 4, "Write protection error: program/erase of a write-protected sector"),
                w1c(PGAERR, 5, "Programming alignment error: write crossing the programming row"),
                w1c(PGPERR, 6, "Programming parallelism error: access size differs from PSIZE"),
                w1c(ERSERR, 7, "Erase sequence error (PGSERR on F2/F4 and in the F746/F767 SVD)"),
                Field.bit(BSY, 16, READ_ONLY, "Busy: a flash operation is in progress")));
        if (f72) {
            sr.add(w1c(RDERR, 8, "PCROP read error: read of a PCROP-protected sector (F72x/F73x)"));
        }
        blk.register(SR, 0x0C, 0x0000_0000, READ_WRITE, "Flash status register", "ST SVD reset value", sr);

        List<Field> cr = new ArrayList<>(List.of(
                b(PG, 0, "Programming: flash writes program one PSIZE unit"),
                b(SER, 1, "Sector erase of the sector selected by SNB"),
                b(MER, 2, f76 ? "Mass erase of bank 1 in dual-bank mode / whole flash in single-bank mode (MER1)"
                        : "Mass erase of the whole flash"),
                f(SNB, 3, line.snbWidth(), f76 ? "Sector number; bank-2 sectors 12..23 are encoded 0x10|(n-12)"
                        : "Sector number"),
                f(PSIZE, 8, 2, "Program/erase parallelism: 00 x8, 01 x16, 10 x32, 11 x64"),
                b(STRT, 16, "Start an erase (sector or mass) operation"),
                b(EOPIE, 24, "End-of-operation interrupt enable"),
                b(ERRIE, 25, "Error interrupt enable"),
                b(LOCK, 31, "CR lock: set to lock, cleared only by the KEYR sequence")));
        if (f76) {
            cr.add(b(MER2, 15, "Mass erase of bank 2 (dual-bank mode); MER|MER2 erase the whole flash"));
        }
        if (f72) {
            cr.add(b(RDERRIE, 26, "PCROP read error interrupt enable (F72x/F73x)"));
        }
        blk.register(CR, 0x10, 0x8000_0000, READ_WRITE, "Flash control register", "ST SVD reset value (LOCK set)", cr);

        List<Field> optcr = new ArrayList<>(List.of(
                b(OPTLOCK, 0, "Option lock: set to lock, cleared only by the OPTKEYR sequence"),
                b(OPTSTRT, 1, "Start programming the option bytes from OPTCR/OPTCR1" + (f72 ? "/OPTCR2" : "")),
                f(BOR_LEV, 2, 2, "Brown-out reset level"),
                b(WWDG_SW, 4, "1 = window watchdog started by software"),
                b(IWDG_SW, 5, "1 = independent watchdog started by software, 0 = by hardware at reset"),
                b(nRST_STOP, 6, "0 = reset generated when entering Stop mode"),
                b(nRST_STDBY, 7, "0 = reset generated when entering Standby mode"),
                f(RDP, 8, 8, "Read protection level: 0xAA level 0, 0xCC level 2, other values level 1"),
                f(nWRP, 16, line.nWrpWidth(), "Not write protect: bit i = 0 protects sector i"
                        + (f76 ? " (dual bank: sectors 2i and 2i+1)" : "")),
                b(IWDG_STDBY, 30, "0 = IWDG counter frozen in Standby mode"),
                b(IWDG_STOP, 31, "0 = IWDG counter frozen in Stop mode")));
        if (f76) {
            optcr.add(b(nDBOOT, 28, "0 = dual boot enabled"));
            optcr.add(b(nDBANK, 29, "1 = single bank, 0 = dual bank (sector layout changes)"));
        }
        blk.register(OPTCR, 0x14, f76 ? FACTORY_OPTCR_F76X : FACTORY_OPTCR_F72X_F74X, READ_WRITE,
                "Flash option control register", "reflects the option bytes; factory value (ST SVD; F76x derived)", optcr);

        blk.register(OPTCR1, 0x18, FACTORY_OPTCR1, READ_WRITE, "Flash option control register 1",
                "reflects the option bytes; factory value (ST SVD, HAL OB_BOOTADDR_*)",
                List.of(f(BOOT_ADD0, 0, 16, "Boot address (>> 14) used when BOOT0 = 0"),
                        f(BOOT_ADD1, 16, 16, "Boot address (>> 14) used when BOOT0 = 1")));
        if (f72) {
            blk.register(OPTCR2, 0x1C, factoryOptcr2, READ_WRITE, "Flash option control register 2 (PCROP)",
                    "reflects the option bytes; factory value UNCONFIRMED (Stm32F7Parameters.f72xFactoryOptcr2)",
                    List.of(f(PCROP, 0, 8, "1 = sector i is PCROP (execute-only) protected"),
                            b(PCROP_RDP, 31, "1 = PCROP area erased when RDP regresses 1->0 (polarity UNCONFIRMED: "
                                    + "the F72x SVD title reads the opposite)")));
        }
        return blk.build();
    }

    private static RegisterBlock buildSyscfg(Stm32F7Line line) {
        List<Field> memrmp = new ArrayList<>(List.of(
                Field.bit(MEM_BOOT, 0, READ_ONLY, "0 = booted from BOOT_ADD0, 1 = from BOOT_ADD1"),
                f(SWP_FMC, 10, 2, "FMC memory mapping swap: 00 none, 01 NOR/RAM <-> SDRAM")));
        if (line.dualBankCapable()) {
            memrmp.add(b(SWP_FB, 8, "Flash bank swap: 1 = bank 2 at 0x0800_0000/0x0020_0000 (volatile, reset 0)"));
        }
        return RegisterBlock.builder(SYSCFG, SYSCFG_BASE)
                .register(MEMRMP, 0x00, 0x0000_0000, READ_WRITE, "SYSCFG memory remap register",
                        "MEM_BOOT reflects the BOOT0 pin at reset", memrmp)
                .build();
    }

    private static RegisterBlock buildDbgmcu() {
        return RegisterBlock.builder(DBGMCU, DBGMCU_BASE)
                .register(IDCODE, 0x00, 0, READ_ONLY, "MCU device ID code", "device-specific",
                        List.of(new Field(DEV_ID, 0, 12, READ_ONLY, "Device identifier"),
                                new Field(REV_ID, 16, 16, READ_ONLY, "Revision identifier")))
                .register(DBG_CR, 0x04, 0, READ_WRITE, "Debug MCU configuration register", "",
                        List.of(b(DBG_SLEEP, 0, "Keep debug clock in Sleep mode"),
                                b(DBG_STOP, 1, "Keep debug clock in Stop mode"),
                                b(DBG_STANDBY, 2, "Keep debug clock in Standby mode"),
                                b(TRACE_IOEN, 5, "Trace pin assignment enable"),
                                f(TRACE_MODE, 6, 2, "Trace pin mode")))
                .register(APB1_FZ, 0x08, 0, READ_WRITE, "Debug MCU APB1 freeze register", "",
                        List.of(b(DBG_WWDG_STOP, 11, "Window watchdog stopped while the core is halted"),
                                b(DBG_IWDG_STOP, 12, "Independent watchdog stopped while the core is halted")))
                .register(APB2_FZ, 0x0C, 0, READ_WRITE,
                        "Debug MCU APB2 freeze register (timer freeze bits; not used by Flashbank)", "", List.of())
                .build();
    }

    public Stm32F7Line line() {
        return line;
    }

    public int factoryOptcr2() {
        return factoryOptcr2;
    }

    public RegisterBlock flash() {
        return flash;
    }

    public RegisterBlock syscfg() {
        return syscfg;
    }

    public RegisterBlock dbgmcu() {
        return dbgmcu;
    }

    /** RCC (only APB2ENR.SYSCFGEN is modelled). */
    public RegisterBlock rcc() {
        return rcc;
    }

    public List<RegisterBlock> blocks() {
        return List.of(flash, syscfg, dbgmcu, rcc);
    }

    public Register apb2enr() {
        return rcc.register(APB2ENR);
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

    public Register optcr() {
        return flash.register(OPTCR);
    }

    public Register optcr1() {
        return flash.register(OPTCR1);
    }

    /** FLASH_OPTCR2, present on F72x/F73x only. */
    public Optional<Register> optcr2() {
        return flash.findRegister(OPTCR2);
    }

    public Register memrmp() {
        return syscfg.register(MEMRMP);
    }

    public Register idcode() {
        return dbgmcu.register(IDCODE);
    }

    public Register dbgmcuCr() {
        return dbgmcu.register(DBG_CR);
    }

    public Register apb1Fz() {
        return dbgmcu.register(APB1_FZ);
    }

    public Register apb2Fz() {
        return dbgmcu.register(APB2_FZ);
    }

    /** All SR error flags of this line (everything write-1-to-clear except EOP): the mask to clear before work. */
    public int srErrorMask() {
        int m = 0;
        for (Field fl : sr().fields()) {
            if (fl.access() == READ_WRITE_1_TO_CLEAR && !fl.name().equals(EOP)) {
                m |= fl.mask();
            }
        }
        return m;
    }
}
