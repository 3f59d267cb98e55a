package dev.flashbank.family.pageflash;

import static dev.flashbank.core.device.Access.READ_ONLY;
import static dev.flashbank.core.device.Access.READ_WRITE;
import static dev.flashbank.core.device.Access.WRITE_ONLY;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.RegisterBlock;
import dev.flashbank.family.pageflash.PageFlashLine.Series;

/**
 * The registers of a page-flash part that start-up code touches before {@code main} and that a board running firmware
 * needs beyond the flash tools' model ({@link PageFlashRegisters}): the clock tree (RCC_CR, RCC_CFGR, RCC_PLLCFGR),
 * the power controller's regulator (PWR_CR1.VOS, PWR_SR2.VOSF and on G4 PWR_CR5.R1MODE) and the U(S)ART the NUCLEO
 * board's ST-LINK bridges to its virtual COM port. Addresses, offsets, fields and reset values are RM0440's (G4),
 * RM0351's (L4) and RM0444's (G0) RCC, PWR and U(S)ART register maps; ST's SVDs agree except where
 * PageFlashSystemRegistersSvdTest lists an erratum (the STM32G474 SVD's RCC_CR reset value 0x63 is the L4's: RM0440
 * gives 0x0000_0500, HSI16 on and ready; the STM32G0B1 SVD's 8-bit PLLN, CMSIS 7 bits).
 * Only the fields a simulated board gives behaviour are named; the others are storage.
 * <p>
 * Clock sources and their encodings differ per series: SW/SWS (L4: 00 MSI, 01 HSI16, 10 HSE, 11 PLL; G4: 01 HSI16,
 * 10 HSE, 11 PLL; G0: 000 HSISYS, 001 HSE, 010 PLLRCLK), PLLSRC (01 MSI on L4, 10 HSI16, 11 HSE) and the PLL's
 * dividers (M = PLLM + 1; R = 2 x (PLLR + 1) on L4/G4, PLLR + 1 on G0).
 */
public final class PageFlashSystemRegisters {

    /** RCC (AHB1 on L4/G4, AHB on G0). */
    public static final long RCC_BASE = 0x4002_1000L;
    /** PWR (APB1). */
    public static final long PWR_BASE = 0x4000_7000L;
    /** LPUART1: the NUCLEO-G474RE's virtual COM port (UM2505: PA2/PA3, LPUART1). */
    public static final long LPUART1_BASE = 0x4000_8000L;
    /** USART2: the NUCLEO-L476RG's and NUCLEO-G0B1RE's virtual COM port (UM1724, UM2324: PA2/PA3, USART2). */
    public static final long USART2_BASE = 0x4000_4400L;

    public static final String RCC = "RCC", PWR = "PWR", LPUART1 = "LPUART1", USART2 = "USART2";
    // RCC
    public static final String RCC_CR = "CR", CFGR = "CFGR", PLLCFGR = "PLLCFGR";
    public static final String MSION = "MSION", MSIRDY = "MSIRDY", MSIRGSEL = "MSIRGSEL", MSIRANGE = "MSIRANGE",
            HSION = "HSION", HSIRDY = "HSIRDY", HSIDIV = "HSIDIV", HSEON = "HSEON", HSERDY = "HSERDY",
            HSEBYP = "HSEBYP", PLLON = "PLLON", PLLRDY = "PLLRDY";
    public static final String SW = "SW", SWS = "SWS", HPRE = "HPRE", PPRE = "PPRE", PPRE1 = "PPRE1",
            PPRE2 = "PPRE2";
    public static final String PLLSRC = "PLLSRC", PLLM = "PLLM", PLLN = "PLLN", PLLPEN = "PLLPEN",
            PLLREN = "PLLREN", PLLR = "PLLR";
    // PWR
    public static final String PWR_CR1 = "CR1", PWR_SR2 = "SR2", PWR_CR5 = "CR5";
    public static final String VOS = "VOS", VOSF = "VOSF", R1MODE = "R1MODE";
    // U(S)ART (the names sim.ConsoleUsart expects)
    public static final String USART_CR1 = "CR1", BRR = "BRR", ISR = "ISR", ICR = "ICR", RDR = "RDR", TDR = "TDR";
    public static final String UE = "UE", RE = "RE", TE = "TE", TC = "TC", TXE = "TXE", TEACK = "TEACK",
            REACK = "REACK";

    /** The internal 16 MHz RC oscillator (HSI16). */
    public static final long HSI16_HZ = 16_000_000L;
    /** MSI frequencies by MSIRANGE (RM0351 RCC_CR); MSISRANGE in RCC_CSR resets to range 6, 4 MHz. */
    private static final long[] MSI_RANGES_HZ = { 100_000, 200_000, 400_000, 800_000, 1_000_000, 2_000_000,
            4_000_000, 8_000_000, 16_000_000, 24_000_000, 32_000_000, 48_000_000 };
    /** The MSI range after a reset (RCC_CSR.MSISRANGE = 6: 4 MHz). */
    public static final int MSI_RESET_RANGE = 6;

    /** A system clock source (what SW selects and SWS reports). */
    public enum ClockSource {
        MSI, HSI, HSE, PLL
    }

    private static final Map<Series, PageFlashSystemRegisters> MODELS = new EnumMap<>(Series.class);

    private final Series series;
    private final RegisterBlock rcc;
    private final RegisterBlock pwr;
    private final RegisterBlock usart;
    private final Map<ClockSource, Integer> swCodes;
    private final Map<ClockSource, Integer> pllSourceCodes;

    private PageFlashSystemRegisters(Series series) {
        this.series = series;
        this.rcc = rcc(series);
        this.pwr = pwr(series);
        this.usart = usart(series);
        this.swCodes = switch (series) {
            case L4, L4_PLUS -> Map.of(ClockSource.MSI, 0, ClockSource.HSI, 1, ClockSource.HSE, 2, ClockSource.PLL, 3);
            case G4 -> Map.of(ClockSource.HSI, 1, ClockSource.HSE, 2, ClockSource.PLL, 3);
            case G0 -> Map.of(ClockSource.HSI, 0, ClockSource.HSE, 1, ClockSource.PLL, 2);
        };
        this.pllSourceCodes = series == Series.G0 || series == Series.G4
                ? Map.of(ClockSource.HSI, 2, ClockSource.HSE, 3)
                : Map.of(ClockSource.MSI, 1, ClockSource.HSI, 2, ClockSource.HSE, 3);
    }

    /** The model of {@code line}'s series. */
    public static synchronized PageFlashSystemRegisters of(PageFlashLine line) {
        return MODELS.computeIfAbsent(line.series(), PageFlashSystemRegisters::new);
    }

    public Series series() {
        return series;
    }

    /** RCC_CR, RCC_CFGR and RCC_PLLCFGR; the clock-enable registers are storage. */
    public RegisterBlock rcc() {
        return rcc;
    }

    /** PWR_CR1 (VOS), PWR_SR2 (VOSF) and on G4 PWR_CR5 (R1MODE). */
    public RegisterBlock pwr() {
        return pwr;
    }

    /** The NUCLEO board's virtual COM port U(S)ART (LPUART1 on NUCLEO-G474RE, USART2 on L476RG and G0B1RE). */
    public RegisterBlock consoleUsart() {
        return usart;
    }

    /** The SW/SWS code of a source, empty when the series cannot select it. */
    public Optional<Integer> swCode(ClockSource source) {
        return Optional.ofNullable(swCodes.get(source));
    }

    /** The source an SW/SWS code selects; empty for reserved codes (and LSI/LSE on G0, not modelled). */
    public Optional<ClockSource> sourceOfSw(int code) {
        return swCodes.entrySet().stream().filter(e -> e.getValue() == code).map(Map.Entry::getKey).findFirst();
    }

    /** The PLL input a PLLSRC code selects; empty for "no clock". */
    public Optional<ClockSource> pllSource(int code) {
        return pllSourceCodes.entrySet().stream().filter(e -> e.getValue() == code).map(Map.Entry::getKey)
                .findFirst();
    }

    /** The PLL's input divider from a PLLCFGR value: PLLM + 1. */
    public int pllM(int pllcfgr) {
        return rcc.register(PLLCFGR).field(PLLM).extract(pllcfgr) + 1;
    }

    /** The VCO multiplier from a PLLCFGR value. */
    public int pllN(int pllcfgr) {
        return rcc.register(PLLCFGR).field(PLLN).extract(pllcfgr);
    }

    /** The system clock divider R from a PLLCFGR value: 2 x (PLLR + 1) on L4/G4, PLLR + 1 on G0. */
    public int pllR(int pllcfgr) {
        int v = rcc.register(PLLCFGR).field(PLLR).extract(pllcfgr);
        return series == Series.G0 ? Math.max(2, v + 1) : 2 * (v + 1); // G0: PLLR 000 is reserved
    }

    /**
     * The MSI frequency (L4) for an RCC_CR value: the range MSIRANGE selects once MSIRGSEL was set (HAL's
     * __HAL_RCC_MSI_RANGE_CONFIG sets both), RCC_CSR.MSISRANGE's reset range (4 MHz) before that.
     */
    public long msiHz(int cr, boolean rangeSelected) {
        int range = rangeSelected ? rcc.register(RCC_CR).field(MSIRANGE).extract(cr) : MSI_RESET_RANGE;
        return range < MSI_RANGES_HZ.length ? MSI_RANGES_HZ[range] : MSI_RANGES_HZ[MSI_RESET_RANGE];
    }

    /** The HSI as a system clock: HSI16, divided by 2^HSIDIV on G0 (HSISYS, RM0444 §5.2.3). */
    public long hsiSystemHz(int cr) {
        return series == Series.G0 ? HSI16_HZ >> rcc.register(RCC_CR).field(HSIDIV).extract(cr) : HSI16_HZ;
    }

    /**
     * The HSE on the line's NUCLEO board: the NUCLEO-G474RE's 24 MHz crystal (UM2505), the ST-LINK's 8 MHz MCO on
     * NUCLEO-L476RG (UM1724, bypass); none on NUCLEO-G0B1RE (UM2324, X2 not fitted: HSERDY never rises). Recalled
     * from the user manuals: UNCONFIRMED.
     */
    public long nucleoHseHz() {
        return switch (series) {
            case G4 -> 24_000_000L;
            case L4, L4_PLUS -> 8_000_000L;
            case G0 -> 0L;
        };
    }

    // =============================================================================================== blocks

    private static RegisterBlock rcc(Series s) {
        List<Field> cr = new ArrayList<>();
        if (s == Series.L4 || s == Series.L4_PLUS) {
            cr.add(b(MSION, 0, "MSI clock enable"));
            cr.add(ro(MSIRDY, 1, "MSI clock ready"));
            cr.add(Field.bit(MSIRGSEL, 3, WRITE_ONLY, "MSI range from MSIRANGE (1) or RCC_CSR.MSISRANGE (0)"));
            cr.add(f(MSIRANGE, 4, 4, "MSI range (0 100 kHz ... 6 4 MHz ... 11 48 MHz)"));
        }
        cr.add(b(HSION, 8, "HSI16 clock enable"));
        cr.add(ro(HSIRDY, 10, "HSI16 clock ready"));
        if (s == Series.G0) {
            cr.add(f(HSIDIV, 11, 3, "HSI16 division for HSISYS: 2^HSIDIV"));
        }
        cr.add(b(HSEON, 16, "HSE clock enable"));
        cr.add(ro(HSERDY, 17, "HSE clock ready"));
        cr.add(b(HSEBYP, 18, "HSE bypassed by an external clock"));
        cr.add(b(PLLON, 24, "Main PLL enable"));
        cr.add(ro(PLLRDY, 25, "Main PLL locked"));
        List<Field> cfgr = s == Series.G0
                ? List.of(f(SW, 0, 3, "System clock switch: 000 HSISYS, 001 HSE, 010 PLLRCLK"),
                        new Field(SWS, 3, 3, READ_ONLY, "System clock switch status"),
                        f(HPRE, 8, 4, "AHB prescaler: 0xxx /1, 1000 /2 ... 1111 /512"),
                        f(PPRE, 12, 3, "APB prescaler"))
                : List.of(f(SW, 0, 2, s == Series.G4 ? "System clock switch: 01 HSI16, 10 HSE, 11 PLL"
                        : "System clock switch: 00 MSI, 01 HSI16, 10 HSE, 11 PLL"),
                        new Field(SWS, 2, 2, READ_ONLY, "System clock switch status"),
                        f(HPRE, 4, 4, "AHB prescaler: 0xxx /1, 1000 /2 ... 1111 /512"),
                        f(PPRE1, 8, 3, "APB1 prescaler"), f(PPRE2, 11, 3, "APB2 prescaler"));
        List<Field> pll = new ArrayList<>();
        pll.add(f(PLLSRC, 0, 2, s == Series.L4 || s == Series.L4_PLUS ? "PLL input: 01 MSI, 10 HSI16, 11 HSE"
                : "PLL input: 10 HSI16, 11 HSE"));
        pll.add(f(PLLM, 4, s == Series.G4 ? 4 : 3, "Input division: PLLM + 1"));
        pll.add(f(PLLN, 8, 7, "VCO multiplication factor"));
        pll.add(b(PLLPEN, 16, "PLL P output enable"));
        if (s == Series.G0) {
            pll.add(b(PLLREN, 28, "PLL R output (PLLRCLK, the system clock) enable"));
            pll.add(f(PLLR, 29, 3, "R division: PLLR + 1 (000 reserved)"));
        } else {
            pll.add(b(PLLREN, 24, "PLL R output (PLLCLK, the system clock) enable"));
            pll.add(f(PLLR, 25, 2, "R division: 00 /2, 01 /4, 10 /6, 11 /8"));
        }
        String rm = s.referenceManual();
        return RegisterBlock.builder(RCC, RCC_BASE)
                .register(RCC_CR, 0x00, s == Series.L4 || s == Series.L4_PLUS ? 0x0000_0063 : 0x0000_0500,
                        READ_WRITE, "RCC clock control register", rm + (s == Series.L4 || s == Series.L4_PLUS
                                ? " (MSI on at 4 MHz, ready)" : " (HSI16 on and ready)"), cr)
                .register(CFGR, 0x08, s == Series.G4 ? 0x0000_0005 : 0, READ_WRITE,
                        "RCC clock configuration register", rm + (s == Series.G4 ? " (SYSCLK = HSI16)"
                                : s == Series.G0 ? " (SYSCLK = HSISYS)" : " (SYSCLK = MSI)"), cfgr)
                .register(PLLCFGR, 0x0C, 0x0000_1000, READ_WRITE, "RCC PLL configuration register", rm, pll)
                .build();
    }

    private static RegisterBlock pwr(Series s) {
        RegisterBlock.Builder b = RegisterBlock.builder(PWR, PWR_BASE)
                .register(PWR_CR1, 0x00, s == Series.G0 ? 0x0000_0208 : 0x0000_0200, READ_WRITE,
                        "PWR power control register 1", s.referenceManual() + " (VOS = range 1)",
                        List.of(f(VOS, 9, 2, "Voltage scaling range: 01 range 1, 10 range 2")))
                .register(PWR_SR2, 0x14, 0, READ_ONLY, "PWR status register 2", s.referenceManual(),
                        List.of(ro(VOSF, 10, "Voltage scaling flag: the regulator is changing range")));
        if (s == Series.G4) {
            b.register(PWR_CR5, 0x80, 0x0000_0100, READ_WRITE, "PWR power control register 5", "RM0440",
                    List.of(b(R1MODE, 8, "Range 1 mode: 0 boost (170 MHz), 1 normal")));
        }
        return b.build();
    }

    private static RegisterBlock usart(Series s) {
        boolean lpuart = s == Series.G4;
        int isrReset = s == Series.L4 || s == Series.L4_PLUS ? 0x0200_00C0 : 0x0000_00C0;
        String rm = s.referenceManual();
        return RegisterBlock.builder(lpuart ? LPUART1 : USART2, lpuart ? LPUART1_BASE : USART2_BASE)
                .register(USART_CR1, 0x00, 0, READ_WRITE, "U(S)ART control register 1", rm,
                        List.of(b(UE, 0, "U(S)ART enable"), b(RE, 2, "Receiver enable"), b(TE, 3, "Transmitter enable")))
                .register(BRR, 0x0C, 0, READ_WRITE, "U(S)ART baud rate register", rm, List.of())
                .register(ISR, 0x1C, isrReset, READ_ONLY, "U(S)ART interrupt and status register",
                        rm + (s == Series.G0 ? " (FIFO disabled)" : ""),
                        List.of(ro(TC, 6, "Transmission complete"), ro(TXE, 7, "Transmit data register empty"),
                                ro(TEACK, 21, "Transmit enable acknowledge"),
                                ro(REACK, 22, "Receive enable acknowledge")))
                .register(ICR, 0x20, 0, WRITE_ONLY, "U(S)ART interrupt flag clear register", rm, List.of())
                .register(RDR, 0x24, 0, READ_ONLY, "U(S)ART receive data register", rm, List.of())
                .register(TDR, 0x28, 0, READ_WRITE, "U(S)ART transmit data register", rm,
                        List.of(f(TDR, 0, 9, "Transmit data value")))
                .build();
    }

    private static Field f(String name, int lsb, int width, String description) {
        return new Field(name, lsb, width, READ_WRITE, description);
    }

    private static Field b(String name, int bit, String description) {
        return Field.bit(name, bit, READ_WRITE, description);
    }

    private static Field ro(String name, int bit, String description) {
        return Field.bit(name, bit, READ_ONLY, description);
    }
}
