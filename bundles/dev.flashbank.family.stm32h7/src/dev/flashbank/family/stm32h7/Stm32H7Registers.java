package dev.flashbank.family.stm32h7;

import static dev.flashbank.core.device.Access.READ_ONLY;
import static dev.flashbank.core.device.Access.READ_WRITE;
import static dev.flashbank.core.device.Access.WRITE_ONLY;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.RegisterBlock;
import dev.flashbank.core.device.UnknownModelElementException;

/**
 * The FLASH, SYSCFG (option mirrors UR0..UR17, package) and DBGMCU registers of one STM32H7 line, with every field
 * and reset value (RM0433 §4.9 "FLASH registers", §12 SYSCFG, §60 DBGMCU; RM0455/RM0468 for the other lines).
 * <p>
 * Names: registers as the reference manual names them (KEYR1, CR2, WPSN_CUR1R, BOOT_CURR, CRCSADD1R, ECC_FA2R ...).
 * Fields of the per-bank registers carry the CMSIS names without the bank digit the RM appends (LOCK, not LOCK1 /
 * LOCK2): one field list serves both banks, so {@code regs.cr(bank).field(Stm32H7Registers.PG)} works for either.
 * <p>
 * Shared registers (ACR, OPTKEYR, OPTCR, OPTSR_CUR/PRG, OPTCCR, BOOT_CURR/PRGR, CRCDATAR) are also visible at
 * +0x100; the alias is the SAME register, not a copy (an unlock through 0x108 unlocks 0x008): see {@link #aliasOf}.
 */
public final class Stm32H7Registers {

    // ---- base addresses (RM0433 §2.3.2 memory map) ----
    /** FLASH interface registers on the D1 AHB3 bus. */
    public static final long FLASH_BASE = 0x5200_2000L;
    /** SYSCFG on the D3 APB4 bus. */
    public static final long SYSCFG_BASE = 0x5800_0400L;
    /** DBGMCU as seen on the system bus (AP0). */
    public static final long DBGMCU_BASE = 0x5C00_1000L;
    /**
     * DBGMCU as seen through the debug APB (AP2), reachable while NRST is held low, when the AXI view at
     * {@link #DBGMCU_BASE} is not (RM0433 §60.5.8).
     */
    public static final long DBGMCU_APB_D_BASE = 0xE00E_1000L;
    /** Offset of the bank-2 register set (KEYR2 = KEYR1 + 0x100 ...) and of the shared registers' aliases. */
    public static final long BANK2_OFFSET = 0x100;

    // ---- keys (RM0433 §4.5.1 / §4.4.3) ----
    /** First and second key written to FLASH_KEYRx to clear CRx.LOCK (one key register per bank). */
    public static final KeyPair KEYR_KEYS = new KeyPair(0x4567_0123, 0xCDEF_89AB);
    /** First and second key written to FLASH_OPTKEYR to clear OPTCR.OPTLOCK. */
    public static final KeyPair OPTKEYR_KEYS = new KeyPair(0x0819_2A3B, 0x4C5D_6E7F);

    /** A two-word unlock key sequence. */
    public record KeyPair(int key1, int key2) {
    }

    // ---- block names ----
    public static final String FLASH = "FLASH", SYSCFG = "SYSCFG", DBGMCU = "DBGMCU";

    // ---- FLASH registers (per-bank names take the bank number: KEYR1 / KEYR2 ...) ----
    public static final String ACR = "ACR", OPTKEYR = "OPTKEYR", OPTCR = "OPTCR", OPTSR_CUR = "OPTSR_CUR",
            OPTSR_PRG = "OPTSR_PRG", OPTCCR = "OPTCCR", BOOT_CURR = "BOOT_CURR", BOOT_PRGR = "BOOT_PRGR",
            CRCDATAR = "CRCDATAR", OPTSR2_CUR = "OPTSR2_CUR", OPTSR2_PRG = "OPTSR2_PRG", OTPBL_CUR = "OTPBL_CUR",
            OTPBL_PRG = "OTPBL_PRG";
    // ACR
    public static final String LATENCY = "LATENCY", WRHIGHFREQ = "WRHIGHFREQ";
    // KEYRx / OPTKEYR
    public static final String KEY = "KEY", OPTKEY = "OPTKEY";
    // CRx
    public static final String LOCK = "LOCK", PG = "PG", SER = "SER", BER = "BER", PSIZE = "PSIZE", FW = "FW",
            START = "START", SNB = "SNB", CRC_EN = "CRC_EN", EOPIE = "EOPIE", WRPERRIE = "WRPERRIE",
            PGSERRIE = "PGSERRIE", STRBERRIE = "STRBERRIE", INCERRIE = "INCERRIE", OPERRIE = "OPERRIE",
            RDPERRIE = "RDPERRIE", RDSERRIE = "RDSERRIE", SNECCERRIE = "SNECCERRIE", DBECCERRIE = "DBECCERRIE",
            CRCENDIE = "CRCENDIE", CRCRDERRIE = "CRCRDERRIE";
    // SRx (CCRx: CLR_ + flag)
    public static final String BSY = "BSY", WBNE = "WBNE", QW = "QW", CRC_BUSY = "CRC_BUSY", EOP = "EOP",
            WRPERR = "WRPERR", PGSERR = "PGSERR", STRBERR = "STRBERR", INCERR = "INCERR", OPERR = "OPERR",
            RDPERR = "RDPERR", RDSERR = "RDSERR", SNECCERR = "SNECCERR", DBECCERR = "DBECCERR", CRCEND = "CRCEND",
            CRCRDERR = "CRCRDERR", CLR_PREFIX = "CLR_";
    // OPTCR
    public static final String OPTLOCK = "OPTLOCK", OPTSTART = "OPTSTART", MER = "MER", PG_OTP = "PG_OTP",
            OPTCHANGEERRIE = "OPTCHANGEERRIE", SWAP_BANK = "SWAP_BANK";
    // OPTSR_CUR / OPTSR_PRG
    public static final String OPT_BUSY = "OPT_BUSY", BOR_LEV = "BOR_LEV", IWDG1_SW = "IWDG1_SW",
            NRST_STOP_D1 = "NRST_STOP_D1", NRST_STBY_D1 = "NRST_STBY_D1", RDP = "RDP",
            VDDMMC_HSLV = "VDDMMC_HSLV", FZ_IWDG_STOP = "FZ_IWDG_STOP", FZ_IWDG_SDBY = "FZ_IWDG_SDBY",
            ST_RAM_SIZE = "ST_RAM_SIZE", SECURITY = "SECURITY", NRST_STOP_D2 = "NRST_STOP_D2",
            NRST_STBY_D2 = "NRST_STBY_D2", IO_HSLV = "IO_HSLV", OPTCHANGEERR = "OPTCHANGEERR",
            SWAP_BANK_OPT = "SWAP_BANK_OPT", CLR_OPTCHANGEERR = "CLR_OPTCHANGEERR";
    // OPTSR2 (H72x/H73x)
    public static final String TCM_AXI_SHARED = "TCM_AXI_SHARED", CPUFREQ_BOOST = "CPUFREQ_BOOST";
    // OTPBL (H7A/B)
    public static final String LOCKBL = "LOCKBL";
    // PRARx / SCARx / WPSNx / BOOT
    public static final String PROT_AREA_START = "PROT_AREA_START", PROT_AREA_END = "PROT_AREA_END", DMEP = "DMEP",
            SEC_AREA_START = "SEC_AREA_START", SEC_AREA_END = "SEC_AREA_END", DMES = "DMES", WRPSN = "WRPSN",
            BOOT_ADD0 = "BOOT_ADD0", BOOT_ADD1 = "BOOT_ADD1";
    // CRCCRx / CRCSADDxR / CRCEADDxR / CRCDATAR / ECC_FAxR
    public static final String CRC_SECT = "CRC_SECT", ALL_BANK = "ALL_BANK", CRC_BY_SECT = "CRC_BY_SECT",
            ADD_SECT = "ADD_SECT", CLEAN_SECT = "CLEAN_SECT", START_CRC = "START_CRC", CLEAN_CRC = "CLEAN_CRC",
            CRC_BURST = "CRC_BURST", CRC_START_ADDR = "CRC_START_ADDR", CRC_END_ADDR = "CRC_END_ADDR",
            CRC_DATA = "CRC_DATA", FAIL_ECC_ADDR = "FAIL_ECC_ADDR", OTP_FAIL_ECC = "OTP_FAIL_ECC";
    // SYSCFG
    public static final String PKGR = "PKGR", PKG = "PKG", UR_PREFIX = "UR";
    // DBGMCU
    public static final String IDCODE = "IDCODE", DBG_CR = "CR", APB3FZ1 = "APB3FZ1", APB1LFZ1 = "APB1LFZ1",
            APB2FZ1 = "APB2FZ1", APB4FZ1 = "APB4FZ1", DEV_ID = "DEV_ID", REV_ID = "REV_ID",
            DBG_SLEEPD1 = "DBG_SLEEPD1", DBG_STOPD1 = "DBG_STOPD1", DBG_STANDBYD1 = "DBG_STANDBYD1",
            DBG_SLEEPD2 = "DBG_SLEEPD2", DBG_STOPD2 = "DBG_STOPD2", DBG_STANDBYD2 = "DBG_STANDBYD2",
            DBG_TRACECKEN = "DBG_TRACECKEN", DBG_CKD1EN = "DBG_CKD1EN", DBG_CKD3EN = "DBG_CKD3EN",
            DBG_TRGOEN = "DBG_TRGOEN", DBG_WWDG1 = "DBG_WWDG1", DBG_WDGLSD1 = "DBG_WDGLSD1";

    /** The option registers that come in _CUR/_PRG pairs per bank (the bank number is appended). */
    public static final List<String> BANK_OPTION_REGISTERS = List.of("PRAR_CUR", "PRAR_PRG", "SCAR_CUR", "SCAR_PRG",
            "WPSN_CUR", "WPSN_PRG");

    private static final Map<Stm32H7Line, Stm32H7Registers> DEFAULTS = new java.util.EnumMap<>(Stm32H7Line.class);

    private final Stm32H7Line line;
    private final Stm32H7Parameters parameters;
    private final RegisterBlock flash;
    private final RegisterBlock syscfg;
    private final RegisterBlock dbgmcu;
    private final Map<Long, Register> aliases;

    private Stm32H7Registers(Stm32H7Line line, Stm32H7Parameters parameters) {
        this.line = line;
        this.parameters = parameters;
        this.flash = buildFlash(line, parameters);
        this.syscfg = buildSyscfg(line, parameters);
        this.dbgmcu = buildDbgmcu();
        Map<Long, Register> a = new LinkedHashMap<>();
        if (line.dualBankCapable()) {
            for (String shared : List.of(ACR, OPTKEYR, OPTCR, OPTSR_CUR, OPTSR_PRG, OPTCCR, BOOT_CURR, BOOT_PRGR,
                    CRCDATAR)) {
                Register r = flash.register(shared);
                a.put(r.address() + BANK2_OFFSET, r);
            }
        }
        this.aliases = Collections.unmodifiableMap(a);
    }

    /** Registers of {@code line} with the default parameters (built once per line: they are immutable). */
    public static synchronized Stm32H7Registers of(Stm32H7Line line) {
        return DEFAULTS.computeIfAbsent(line, l -> new Stm32H7Registers(l, Stm32H7Parameters.defaults()));
    }

    /** Registers of {@code line} with {@code parameters} (reset values and a few widths depend on them). */
    public static Stm32H7Registers of(Stm32H7Line line, Stm32H7Parameters parameters) {
        // identity first: the record's generated equals costs start-up time (its bootstrap) on the usual path
        Stm32H7Parameters d = Stm32H7Parameters.defaults();
        return parameters == d || parameters.equals(d) ? of(line) : new Stm32H7Registers(line, parameters);
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

    /** Register name of a per-bank register: KEYR + 1 = KEYR1; the WPSN pair takes the RM's trailing R (WPSN_CUR1R). */
    public static String banked(String base, int bank) {
        if (bank != 1 && bank != 2) {
            throw new UnknownModelElementException("no bank register set " + bank + " (1 or 2)");
        }
        return switch (base) {
            case "WPSN_CUR", "WPSN_PRG", "CRCSADD", "CRCEADD", "ECC_FA" -> base + bank + "R";
            default -> base + bank;
        };
    }

    /** The SR error flags of the line in bit order (everything CCR can clear except EOP). */
    private static List<String> errorFlags(Stm32H7Line line) {
        List<String> l = new ArrayList<>(List.of(WRPERR, PGSERR, STRBERR, INCERR));
        if (line.hasPsize()) {
            l.add(OPERR); // absent on H7A/B (RM0455)
        }
        l.addAll(List.of(RDPERR, RDSERR, SNECCERR, DBECCERR, CRCRDERR));
        return l;
    }

    /** Bit of each SR flag / CR interrupt enable / CCR clear bit (RM0433 §4.9.5-4.9.7): the same in all three. */
    private static int flagBit(String flag) {
        return switch (flag) {
            case EOP -> 16;
            case WRPERR -> 17;
            case PGSERR -> 18;
            case STRBERR -> 19;
            case INCERR -> 21;
            case OPERR -> 22;
            case RDPERR -> 23;
            case RDSERR -> 24;
            case SNECCERR -> 25;
            case DBECCERR -> 26;
            case CRCEND -> 27;
            case CRCRDERR -> 28;
            default -> throw new IllegalArgumentException(flag);
        };
    }

    private static String flagText(String flag) {
        return switch (flag) {
            case EOP -> "End of operation: a program or erase completed";
            case WRPERR -> "Write protection error: program/erase of a WPSN-protected sector (or bank erase of a bank"
                    + " with one)";
            case PGSERR -> "Programming sequence error: e.g. a data write while PG = 0 (the data is dropped, no bus"
                    + " error)";
            case STRBERR -> "Strobe error: the same byte of the write buffer was written twice";
            case INCERR -> "Inconsistency error: a write to another flash word while the write buffer was partly"
                    + " filled";
            case OPERR -> "Write/erase error";
            case RDPERR -> "Read protection error: read of a PCROP or RDP-protected area";
            case RDSERR -> "Secure error: read of a secure-only area from outside secure access mode";
            case SNECCERR -> "ECC single error: one bit corrected on a read (address in ECC_FAx)";
            case DBECCERR -> "ECC double error: uncorrectable word read, bus error to the reader (address in ECC_FAx)";
            case CRCEND -> "CRC computation complete";
            case CRCRDERR -> "CRC read error: the CRC met a PCROP/secure word (valid with CRCEND)";
            default -> throw new IllegalArgumentException(flag);
        };
    }

    private static List<String> flagsWithEndFlags(Stm32H7Line line) {
        List<String> l = new ArrayList<>(errorFlags(line));
        l.add(0, EOP);
        l.add(l.size() - 1, CRCEND);
        return l;
    }

    private static RegisterBlock buildFlash(Stm32H7Line line, Stm32H7Parameters p) {
        boolean dual = line.dualBankCapable();
        boolean psize = line.hasPsize();
        RegisterBlock.Builder blk = RegisterBlock.builder(FLASH, FLASH_BASE);

        blk.register(ACR, 0x000, psize ? 0x0000_0037 : p.h7abAcrResetValue(), READ_WRITE,
                "Flash access control register", psize ? "" : "UNCONFIRMED (parameter h7abAcrResetValue)",
                List.of(f(LATENCY, 0, 4, "Read latency in AXI clock cycles (wait states)"),
                        f(WRHIGHFREQ, 4, 2, "Flash signal delay for programming; depends on the AXI clock")));

        List<Field> cr = new ArrayList<>(List.of(
                b(LOCK, 0, "CRx lock: set by writing 1, cleared only by the KEYRx sequence"),
                b(PG, 1, "Enables the write buffer: flash writes collect into the flash word addressed"),
                b(SER, 2, "Sector erase of the sector selected by SNB"),
                b(BER, 3, "Bank erase (user flash of this bank); has priority over SER")));
        if (psize) {
            cr.addAll(List.of(f(PSIZE, 4, 2, "Program/erase parallelism: 00 x8, 01 x16, 10 x32, 11 x64"),
                    b(FW, 6, "Force write of a partly filled write buffer (missing bytes become 0xFF)"),
                    b(START, 7, "Starts the sector or bank erase selected by SER/BER"),
                    f(SNB, 8, 3, "Sector number (0..7) within this bank")));
        } else {
            cr.addAll(List.of(b(FW, 4, "Force write of a partly filled write buffer (missing bytes become 0xFF)"),
                    b(START, 5, "Starts the sector or bank erase selected by SER/BER"),
                    f(SNB, 6, 7, "Sector number (0..127) within this bank")));
        }
        cr.add(b(CRC_EN, 15, "Enables the CRC engine configuration of this bank"));
        for (String flag : flagsWithEndFlags(line)) {
            String ie = flag.equals(EOP) ? EOPIE : flag + "IE";
            cr.add(b(ie, flagBit(flag), "Interrupt enable: " + flagText(flag).split(":")[0]));
        }

        List<Field> sr = new ArrayList<>(List.of(
                ro(BSY, 0, 1, "Busy: a write, erase or option change step is executing"),
                ro(WBNE, 1, 1, "Write buffer not empty: waiting for the rest of the flash word"),
                ro(QW, 2, 1, "Wait queue: an operation is pending or executing (the completion poll)"),
                ro(CRC_BUSY, 3, 1, "CRC computation ongoing")));
        List<Field> ccr = new ArrayList<>();
        for (String flag : flagsWithEndFlags(line)) {
            sr.add(ro(flag, flagBit(flag), 1, flagText(flag) + ". Cleared through CCRx"));
            ccr.add(Field.bit(CLR_PREFIX + flag, flagBit(flag), WRITE_ONLY, "Write 1 to clear SRx." + flag));
        }

        List<Field> optcr = new ArrayList<>(List.of(
                b(OPTLOCK, 0, "Option lock: set by writing 1, cleared only by the OPTKEYR sequence"),
                b(OPTSTART, 1, "Starts the option change: _PRG values are programmed and loaded into _CUR")));
        if (dual) {
            optcr.add(b(MER, 4, "Mass erase of both banks"));
        }
        if (!psize) {
            optcr.add(b(PG_OTP, 5, "OTP program enable"));
        }
        optcr.add(b(OPTCHANGEERRIE, 30, "Option change error interrupt enable"));
        if (dual) {
            optcr.add(ro(SWAP_BANK, 31, 1, "Bank swap in force: loaded from SWAP_BANK_OPT at system reset / POR"));
        }

        List<Field> optsrPrg = optsrFields(line, false);
        List<Field> optsrCur = optsrFields(line, true);

        String factory = "factory option value; the register shows the option bytes loaded at reset";
        String unconfirmedFactory = factory + " (UNCONFIRMED, parameter %s)";
        String optcrNote = "UNCONFIRMED (parameter optcrResetValue); SWAP_BANK shows the swap in force";
        String crNote = "CR2's reset value; CR1's assumed equal (UNCONFIRMED, parameter crResetValue)";

        int banks = dual ? 2 : 1;
        for (int bank = 1; bank <= banks; bank++) {
            long o = (bank - 1) * BANK2_OFFSET;
            blk.register(banked("KEYR", bank), o + 0x004, 0, WRITE_ONLY,
                    "Flash key register of bank " + bank + ": KEY1 then KEY2 clears CR" + bank + ".LOCK", "",
                    List.of(new Field(KEY, 0, 32, WRITE_ONLY, "Unlock key")));
            if (bank == 1) {
                blk.register(OPTKEYR, 0x008, 0, WRITE_ONLY,
                        "Flash option key register: OPTKEY1 then OPTKEY2 clears OPTCR.OPTLOCK", "",
                        List.of(new Field(OPTKEY, 0, 32, WRITE_ONLY, "Option unlock key")));
            }
            blk.register(banked("CR", bank), o + 0x00C, p.crResetValue(), READ_WRITE,
                    "Flash control register of bank " + bank, crNote, cr);
            blk.register(banked("SR", bank), o + 0x010, 0, READ_ONLY, "Flash status register of bank " + bank, "", sr);
            blk.register(banked("CCR", bank), o + 0x014, 0, WRITE_ONLY, "Flash clear control register of bank " + bank,
                    "", ccr);
            if (bank == 1) {
                blk.register(OPTCR, 0x018, p.optcrResetValue(), READ_WRITE, "Flash option control register",
                        optcrNote, optcr);
                blk.register(OPTSR_CUR, 0x01C, p.factoryOptsr(line), READ_ONLY, "Flash option status register"
                        + " (options in force)", String.format(unconfirmedFactory, "factoryOptsr"), optsrCur);
                blk.register(OPTSR_PRG, 0x020, p.factoryOptsr(line), READ_WRITE, "Flash option status register"
                        + " (options to program at OPTSTART)", String.format(unconfirmedFactory, "factoryOptsr"),
                        optsrPrg);
                blk.register(OPTCCR, 0x024, 0, WRITE_ONLY, "Flash option clear control register", "",
                        List.of(Field.bit(CLR_OPTCHANGEERR, 30, WRITE_ONLY, "Write 1 to clear OPTSR_CUR.OPTCHANGEERR")));
            }
            for (String pair : List.of("PRAR", "SCAR", "WPSN")) {
                for (String kind : List.of("_CUR", "_PRG")) {
                    boolean cur = kind.equals("_CUR");
                    String name = banked(pair + kind, bank);
                    long off = o + switch (pair) {
                        case "PRAR" -> 0x028;
                        case "SCAR" -> 0x030;
                        default -> 0x038;
                    } + (cur ? 0 : 4);
                    blk.register(name, off, factoryBankOption(pair, line, p), cur ? READ_ONLY : READ_WRITE,
                            optionRegisterText(pair, bank, cur), String.format(unconfirmedFactory,
                                    pair.equals("WPSN") ? "none: all sectors unprotected" : "factory" + pair),
                            bankOptionFields(pair, line, cur));
                }
            }
            if (bank == 1) {
                for (String name : List.of(BOOT_CURR, BOOT_PRGR)) {
                    boolean cur = name.equals(BOOT_CURR);
                    blk.register(name, cur ? 0x040 : 0x044, p.factoryBoot(), cur ? READ_ONLY : READ_WRITE,
                            "Flash boot address register (" + (cur ? "in force" : "to program at OPTSTART") + ")",
                            String.format(unconfirmedFactory, "factoryBoot"),
                            List.of(access(f(BOOT_ADD0, 0, 16, "Boot address >> 16 used when BOOT0 = 0"), cur),
                                    access(f(BOOT_ADD1, 16, 16, "Boot address >> 16 used when BOOT0 = 1"), cur)));
                }
            }
            List<Field> crccr = new ArrayList<>(List.of(
                    f(CRC_SECT, 0, psize ? 3 : p.h7abCrcSectWidth(), "Sector number added to the CRC sector list"),
                    b(CRC_BY_SECT, 8, "1 = CRC over the sector list, 0 = over CRCSADD..CRCEADD"),
                    b(ADD_SECT, 9, "Add CRC_SECT to the sector list"),
                    b(CLEAN_SECT, 10, "Clear the sector list"),
                    b(START_CRC, 16, "Start the CRC computation"),
                    b(CLEAN_CRC, 17, "Clear CRCDATAR"),
                    f(CRC_BURST, 20, 2, "Flash words read per burst: 00 4, 01 16, 10 64, 11 256"),
                    b(ALL_BANK, 22, "CRC over the whole bank")));
            blk.register(banked("CRCCR", bank), o + 0x050, 0, READ_WRITE, "Flash CRC control register of bank " + bank,
                    "", crccr);
            blk.register(banked("CRCSADD", bank), o + 0x054, 0, READ_WRITE, "Flash CRC start address of bank " + bank,
                    "", List.of(f(CRC_START_ADDR, 2, 18, "Start offset within the bank, 4-byte aligned")));
            blk.register(banked("CRCEADD", bank), o + 0x058, 0, READ_WRITE, "Flash CRC end address of bank " + bank,
                    "", List.of(f(CRC_END_ADDR, 2, 18, "End offset within the bank, 4-byte aligned")));
            if (bank == 1) {
                blk.register(CRCDATAR, 0x05C, 0, READ_ONLY, "Flash CRC data register (both banks)", "",
                        List.of(ro(CRC_DATA, 0, 32, "CRC result")));
            }
            List<Field> ecc = new ArrayList<>(List.of(ro(FAIL_ECC_ADDR, 0, psize ? 15 : 16,
                    "Index of the flash word of the first ECC error (address = index x flash word + bank base)")));
            if (!psize) {
                ecc.add(ro(OTP_FAIL_ECC, 31, 1, "The ECC error was in the OTP area"));
            }
            blk.register(banked("ECC_FA", bank), o + 0x060, 0, READ_ONLY, "Flash ECC fail address of bank " + bank,
                    "", ecc);
        }
        if (!psize) {
            for (String name : List.of(OTPBL_CUR, OTPBL_PRG)) {
                boolean cur = name.equals(OTPBL_CUR);
                blk.register(name, cur ? 0x068 : 0x06C, 0, cur ? READ_ONLY : READ_WRITE, "Flash OTP block lock",
                        "factory: no OTP block locked (DERIVED)",
                        List.of(access(f(LOCKBL, 0, 16, "Bit i = 1 locks OTP block i (32 half-words)"), cur)));
            }
        }
        if (line == Stm32H7Line.H72X_H73X) {
            for (String name : List.of(OPTSR2_CUR, OPTSR2_PRG)) {
                boolean cur = name.equals(OPTSR2_CUR);
                blk.register(name, cur ? 0x070 : 0x074, 0, cur ? READ_ONLY : READ_WRITE, "Flash option status register 2",
                        "factory value 0 (UNCONFIRMED)",
                        List.of(access(f(TCM_AXI_SHARED, 0, 2, "ITCM/AXI RAM split: 00 64/320 KiB, 01 128/256, 10 "
                                + "192/192, 11 256/128"), cur),
                                access(b(CPUFREQ_BOOST, 2, "CPU frequency boost"), cur)));
            }
        }
        return blk.build();
    }

    private static Field access(Field field, boolean readOnly) {
        return readOnly ? new Field(field.name(), field.lsb(), field.width(), READ_ONLY, field.description()) : field;
    }

    private static List<Field> optsrFields(Stm32H7Line line, boolean cur) {
        List<Field> l = new ArrayList<>();
        if (cur) {
            l.add(ro(OPT_BUSY, 0, 1, "Option change in progress"));
        }
        l.add(f(BOR_LEV, 2, 2, "Brown-out reset level: 00 off (POR/PDR), 01 2.1 V, 10 2.4 V, 11 2.7 V"));
        l.add(b(IWDG1_SW, 4, "1 = IWDG1 started by software, 0 = by hardware at reset"));
        l.add(b(NRST_STOP_D1, 6, "0 = reset generated when D1 enters Stop mode"));
        l.add(b(NRST_STBY_D1, 7, "0 = reset generated when D1 enters Standby mode"));
        l.add(f(RDP, 8, 8, "Readout protection: 0xAA level 0, 0xCC level 2, other values level 1"));
        if (line == Stm32H7Line.H7AX_H7BX) {
            l.add(b(VDDMMC_HSLV, 16, "VDDMMC I/O high speed at low voltage"));
        }
        l.add(b(FZ_IWDG_STOP, 17, "0 = IWDG frozen in Stop mode"));
        l.add(b(FZ_IWDG_SDBY, 18, "0 = IWDG frozen in Standby mode"));
        l.add(f(ST_RAM_SIZE, 19, 2, "DTCM reserved for ST secure code: 00 2, 01 4, 10 8, 11 16 KiB"));
        l.add(b(SECURITY, 21, "1 = security (secure access mode) enabled"));
        if (line == Stm32H7Line.H72X_H73X) {
            l.add(b(NRST_STOP_D2, 24, "0 = reset generated when D2 enters Stop mode"));
            l.add(b(NRST_STBY_D2, 25, "0 = reset generated when D2 enters Standby mode"));
        }
        l.add(b(IO_HSLV, 29, "I/O high speed at low voltage (only for VDD below 2.5 V)"));
        if (cur) {
            l.add(ro(OPTCHANGEERR, 30, 1, "The last option change failed; cleared through OPTCCR"));
        }
        if (line.dualBankCapable()) {
            l.add(b(SWAP_BANK_OPT, 31, "1 = banks swapped after the next system reset"));
        }
        return cur ? l.stream().map(x -> access(x, true)).toList() : l;
    }

    private static int factoryBankOption(String pair, Stm32H7Line line, Stm32H7Parameters p) {
        return switch (pair) {
            case "PRAR" -> p.factoryPrar();
            case "SCAR" -> p.factoryScar();
            default -> line.hasPsize() ? 0x0000_00FF : 0xFFFF_FFFF; // every WRPSN bit 1 = no sector protected
        };
    }

    private static String optionRegisterText(String pair, int bank, boolean cur) {
        String what = switch (pair) {
            case "PRAR" -> "Flash protection address (PCROP area)";
            case "SCAR" -> "Flash secure address (secure-only area)";
            default -> "Flash write sector protection";
        };
        return what + " of bank " + bank + " (" + (cur ? "in force" : "to program at OPTSTART") + ")";
    }

    private static List<Field> bankOptionFields(String pair, Stm32H7Line line, boolean cur) {
        List<Field> l = switch (pair) {
            case "PRAR" -> List.of(
                    f(PROT_AREA_START, 0, 12, "First 256-byte block of the PCROP area (bank offset >> 8)"),
                    f(PROT_AREA_END, 16, 12, "Last 256-byte block of the PCROP area (inclusive); START > END = none"),
                    b(DMEP, 31, "1 = PCROP area erased by an RDP 1->0 regression or a bank erase with protection"
                            + " removal"));
            case "SCAR" -> List.of(
                    f(SEC_AREA_START, 0, 12, "First 256-byte block of the secure-only area (bank offset >> 8)"),
                    f(SEC_AREA_END, 16, 12, "Last 256-byte block of the secure-only area (inclusive); START > END = none"),
                    b(DMES, 31, "1 = secure-only area erased by an RDP 1->0 regression or a bank erase with"
                            + " protection removal"));
            default -> List.of(f(WRPSN, 0, line.hasPsize() ? 8 : 32, line.hasPsize()
                    ? "Bit i = 0: sector i of this bank write-protected"
                    : "Bit i = 0: sectors 4i..4i+3 of this bank write-protected"));
        };
        return cur ? l.stream().map(x -> access(x, true)).toList() : l;
    }

    private static RegisterBlock buildSyscfg(Stm32H7Line line, Stm32H7Parameters p) {
        RegisterBlock.Builder blk = RegisterBlock.builder(SYSCFG, SYSCFG_BASE);
        blk.register(PKGR, 0x124, 0, READ_ONLY, "SYSCFG package register", "device-specific (package code)",
                List.of(ro(PKG, 0, 4, "Package")));
        if (line != Stm32H7Line.H74X_H75X) {
            return blk.build(); // the UR mirrors of RM0455/RM0468 are not modelled
        }
        // User register mirrors of the loaded option bytes (RM0433 §12.3.20 ff.). UR1 (BCM4/BCM7) exists on the
        // dual-core parts only and is not modelled.
        String note = "mirror of the option bytes loaded at reset";
        ur(blk, 0, note, ro("BKS", 0, 1, "Bank swap in force (SWAP_BANK)"), ro("RDP", 16, 8, "Readout protection"));
        ur(blk, 2, note, ro("BORH", 0, 2, "Brown-out reset level (BOR_LEV)"), ro(BOOT_ADD0, 16, 16, "Boot address 0"));
        ur(blk, 3, note + "; BOOT_ADD1 position UNCONFIRMED (parameter ur3BootAdd1Lsb)",
                ro(BOOT_ADD1, p.ur3BootAdd1Lsb(), 16, "Boot address 1"));
        ur(blk, 4, note, ro("MEPAD_1", 16, 1, "DMEP of bank 1"));
        ur(blk, 5, note, ro("MESAD_1", 0, 1, "DMES of bank 1"), ro("WRPN_1", 16, 8, "WRPSN of bank 1"));
        ur(blk, 6, note, ro("PA_BEG_1", 0, 12, "PCROP area start, bank 1"), ro("PA_END_1", 16, 12,
                "PCROP area end, bank 1"));
        ur(blk, 7, note, ro("SA_BEG_1", 0, 12, "Secure area start, bank 1"), ro("SA_END_1", 16, 12,
                "Secure area end, bank 1"));
        ur(blk, 8, note, ro("MEPAD_2", 0, 1, "DMEP of bank 2"), ro("MESAD_2", 16, 1, "DMES of bank 2"));
        ur(blk, 9, note, ro("WRPN_2", 0, 8, "WRPSN of bank 2"), ro("PA_BEG_2", 16, 12, "PCROP area start, bank 2"));
        ur(blk, 10, note, ro("PA_END_2", 0, 12, "PCROP area end, bank 2"), ro("SA_BEG_2", 16, 12,
                "Secure area start, bank 2"));
        ur(blk, 11, note, ro("SA_END_2", 0, 12, "Secure area end, bank 2"), ro("IWDG1M", 16, 1,
                "IWDG1 software/hardware (IWDG1_SW)"));
        ur(blk, 12, note, ro("SECURE", 16, 1, "Security enabled (SECURITY)"));
        ur(blk, 13, note, ro("SDRS", 0, 2, "Secured DTCM RAM size (ST_RAM_SIZE)"), ro("D1SBRST", 16, 1,
                "D1 Standby reset (NRST_STBY_D1)"));
        ur(blk, 14, note, ro("D1STPRST", 0, 1, "D1 Stop reset (NRST_STOP_D1)"));
        ur(blk, 15, note, ro("FZIWDGSTB", 16, 1, "IWDG freeze in Standby (FZ_IWDG_SDBY)"));
        ur(blk, 16, note, ro("FZIWDGSTP", 0, 1, "IWDG freeze in Stop (FZ_IWDG_STOP)"), ro("PKP", 16, 1,
                "Private key programmed"));
        ur(blk, 17, note, ro(IO_HSLV, 0, 1, "I/O high speed at low voltage (IO_HSLV)"));
        return blk.build();
    }

    private static void ur(RegisterBlock.Builder blk, int n, String note, Field... fields) {
        blk.register(UR_PREFIX + n, 0x300 + 4L * n, 0, READ_ONLY, "SYSCFG user register " + n, note, List.of(fields));
    }

    private static RegisterBlock buildDbgmcu() {
        return RegisterBlock.builder(DBGMCU, DBGMCU_BASE)
                .register(IDCODE, 0x00, 0, READ_ONLY, "MCU device ID code", "device-specific",
                        List.of(ro(DEV_ID, 0, 12, "Device identifier"), ro(REV_ID, 16, 16, "Revision identifier")))
                .register(DBG_CR, 0x04, 0, READ_WRITE, "Debug MCU configuration register", "",
                        List.of(b(DBG_SLEEPD1, 0, "D1 debug in Sleep mode"),
                                b(DBG_STOPD1, 1, "D1 debug in Stop mode"),
                                b(DBG_STANDBYD1, 2, "D1 debug in Standby mode"),
                                b(DBG_SLEEPD2, 3, "D2 debug in Sleep mode"),
                                b(DBG_STOPD2, 4, "D2 debug in Stop mode"),
                                b(DBG_STANDBYD2, 5, "D2 debug in Standby mode"),
                                b(DBG_TRACECKEN, 20, "Trace port clock enable"),
                                b(DBG_CKD1EN, 21, "D1 debug clock enable"),
                                b(DBG_CKD3EN, 22, "D3 debug clock enable"),
                                b(DBG_TRGOEN, 28, "External trigger output enable")))
                .register(APB3FZ1, 0x34, 0, READ_WRITE, "Debug MCU APB3 freeze register (D1)", "",
                        List.of(b(DBG_WWDG1, 6, "WWDG1 stopped while the core is halted")))
                .register(APB1LFZ1, 0x3C, 0, READ_WRITE,
                        "Debug MCU APB1L freeze register (timer/I2C freeze bits; not used by Flashbank)", "", List.of())
                .register(APB2FZ1, 0x4C, 0, READ_WRITE,
                        "Debug MCU APB2 freeze register (timer freeze bits; not used by Flashbank)", "", List.of())
                .register(APB4FZ1, 0x54, 0, READ_WRITE, "Debug MCU APB4 freeze register (D3)", "",
                        List.of(b(DBG_WDGLSD1, 18, "IWDG1 stopped while the core is halted")))
                .build();
    }

    public Stm32H7Line line() {
        return line;
    }

    public Stm32H7Parameters parameters() {
        return parameters;
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

    public List<RegisterBlock> blocks() {
        return List.of(flash, syscfg, dbgmcu);
    }

    /** Number of bank register sets (2 on dual-bank lines). */
    public int bankRegisterSets() {
        return line.dualBankCapable() ? 2 : 1;
    }

    /**
     * The register an address at +0x100 is an alias of (ACR, OPTKEYR, OPTCR, OPTSR_CUR/PRG, OPTCCR, BOOT_CURR/PRGR,
     * CRCDATAR): the same storage, not a copy. Empty for any other address.
     */
    public Optional<Register> aliasOf(long address) {
        return Optional.ofNullable(aliases.get(address));
    }

    /** All alias addresses and the registers they show. */
    public Map<Long, Register> aliases() {
        return aliases;
    }

    /** The register at {@code address}, directly or through its +0x100 alias. */
    public Optional<Register> registerAt(long address) {
        for (RegisterBlock blk : blocks()) {
            Optional<Register> r = blk.registerAt(address);
            if (r.isPresent()) {
                return r;
            }
        }
        return aliasOf(address);
    }

    private Register bankRegister(String base, int bank) {
        if (bank > bankRegisterSets()) {
            throw new UnknownModelElementException(line.displayName() + " has no bank " + bank + " register set");
        }
        return flash.register(banked(base, bank));
    }

    public Register acr() {
        return flash.register(ACR);
    }

    public Register keyr(int bank) {
        return bankRegister("KEYR", bank);
    }

    public Register cr(int bank) {
        return bankRegister("CR", bank);
    }

    public Register sr(int bank) {
        return bankRegister("SR", bank);
    }

    public Register ccr(int bank) {
        return bankRegister("CCR", bank);
    }

    public Register optkeyr() {
        return flash.register(OPTKEYR);
    }

    public Register optcr() {
        return flash.register(OPTCR);
    }

    public Register optsrCur() {
        return flash.register(OPTSR_CUR);
    }

    public Register optsrPrg() {
        return flash.register(OPTSR_PRG);
    }

    public Register optccr() {
        return flash.register(OPTCCR);
    }

    public Register prarCur(int bank) {
        return bankRegister("PRAR_CUR", bank);
    }

    public Register prarPrg(int bank) {
        return bankRegister("PRAR_PRG", bank);
    }

    public Register scarCur(int bank) {
        return bankRegister("SCAR_CUR", bank);
    }

    public Register scarPrg(int bank) {
        return bankRegister("SCAR_PRG", bank);
    }

    public Register wpsnCur(int bank) {
        return bankRegister("WPSN_CUR", bank);
    }

    public Register wpsnPrg(int bank) {
        return bankRegister("WPSN_PRG", bank);
    }

    public Register bootCur() {
        return flash.register(BOOT_CURR);
    }

    public Register bootPrg() {
        return flash.register(BOOT_PRGR);
    }

    public Register crccr(int bank) {
        return bankRegister("CRCCR", bank);
    }

    public Register crcsadd(int bank) {
        return bankRegister("CRCSADD", bank);
    }

    public Register crceadd(int bank) {
        return bankRegister("CRCEADD", bank);
    }

    public Register crcdata() {
        return flash.register(CRCDATAR);
    }

    public Register eccFa(int bank) {
        return bankRegister("ECC_FA", bank);
    }

    /**
     * One SYSCFG_URx field and the option field whose loaded value it shows (RM0433 §12.3.20 ff.): {@code ur} =
     * SYSCFG register (UR0...), {@code urField}, {@code optionRegister} = the _CUR register, {@code optionField}.
     */
    public record UserRegisterMirror(String ur, String urField, String optionRegister, String optionField) {
    }

    /** Which option each SYSCFG_URx field mirrors (H74x/H75x; empty on the other lines). PKP has no option. */
    public List<UserRegisterMirror> userRegisterMirrors() {
        if (line != Stm32H7Line.H74X_H75X) {
            return List.of();
        }
        String[][] rows = {
                { "UR0", "BKS", OPTSR_CUR, SWAP_BANK_OPT }, { "UR0", "RDP", OPTSR_CUR, RDP },
                { "UR2", "BORH", OPTSR_CUR, BOR_LEV }, { "UR2", BOOT_ADD0, BOOT_CURR, BOOT_ADD0 },
                { "UR3", BOOT_ADD1, BOOT_CURR, BOOT_ADD1 }, { "UR4", "MEPAD_1", "PRAR_CUR1", DMEP },
                { "UR5", "MESAD_1", "SCAR_CUR1", DMES }, { "UR5", "WRPN_1", "WPSN_CUR1R", WRPSN },
                { "UR6", "PA_BEG_1", "PRAR_CUR1", PROT_AREA_START }, { "UR6", "PA_END_1", "PRAR_CUR1", PROT_AREA_END },
                { "UR7", "SA_BEG_1", "SCAR_CUR1", SEC_AREA_START }, { "UR7", "SA_END_1", "SCAR_CUR1", SEC_AREA_END },
                { "UR8", "MEPAD_2", "PRAR_CUR2", DMEP }, { "UR8", "MESAD_2", "SCAR_CUR2", DMES },
                { "UR9", "WRPN_2", "WPSN_CUR2R", WRPSN }, { "UR9", "PA_BEG_2", "PRAR_CUR2", PROT_AREA_START },
                { "UR10", "PA_END_2", "PRAR_CUR2", PROT_AREA_END }, { "UR10", "SA_BEG_2", "SCAR_CUR2", SEC_AREA_START },
                { "UR11", "SA_END_2", "SCAR_CUR2", SEC_AREA_END }, { "UR11", "IWDG1M", OPTSR_CUR, IWDG1_SW },
                { "UR12", "SECURE", OPTSR_CUR, SECURITY }, { "UR13", "SDRS", OPTSR_CUR, ST_RAM_SIZE },
                { "UR13", "D1SBRST", OPTSR_CUR, NRST_STBY_D1 }, { "UR14", "D1STPRST", OPTSR_CUR, NRST_STOP_D1 },
                { "UR15", "FZIWDGSTB", OPTSR_CUR, FZ_IWDG_SDBY }, { "UR16", "FZIWDGSTP", OPTSR_CUR, FZ_IWDG_STOP },
                { "UR17", IO_HSLV, OPTSR_CUR, IO_HSLV } };
        List<UserRegisterMirror> l = new ArrayList<>();
        for (String[] r : rows) {
            l.add(new UserRegisterMirror(r[0], r[1], r[2], r[3]));
        }
        return List.copyOf(l);
    }

    /** SYSCFG user register n (H74x/H75x only). */
    public Register ur(int n) {
        return syscfg.register(UR_PREFIX + n);
    }

    public Register idcode() {
        return dbgmcu.register(IDCODE);
    }

    public Register dbgmcuCr() {
        return dbgmcu.register(DBG_CR);
    }

    /**
     * The _PRG registers an option change programs, in address order (OPTSR_PRG, PRAR/SCAR/WPSN_PRGx, BOOT_PRGR,
     * and OPTSR2_PRG / OTPBL_PRG where the line has them): the option image as named registers.
     */
    public List<Register> programRegisters() {
        return flash.registers().stream().filter(r -> r.name().contains("_PRG")).toList();
    }

    /** The _CUR register showing the value in force of a _PRG register (OPTSR_PRG -> OPTSR_CUR ...). */
    public Register currentOf(Register prg) {
        String name = prg.name().equals(BOOT_PRGR) ? BOOT_CURR : prg.name().replace("_PRG", "_CUR");
        return flash.register(name);
    }

    /** All SRx error flags of this line (the CCRx bits to clear before work, EOP and CRCEND excluded). */
    public int srErrorMask() {
        int m = 0;
        for (String flag : errorFlags(line)) {
            m |= 1 << flagBit(flag);
        }
        return m;
    }

    /** The names of the SRx error flags of this line, in bit order. */
    public List<String> errorFlagNames() {
        return List.copyOf(errorFlags(line));
    }
}
