package dev.flashbank.family.stm32h7;

import static dev.flashbank.core.device.Access.READ_ONLY;
import static dev.flashbank.core.device.Access.READ_WRITE;
import static dev.flashbank.core.device.Access.WRITE_ONLY;

import java.util.List;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.RegisterBlock;

/**
 * The STM32H74x/H75x registers that start-up code touches before {@code main} and that a board running firmware needs
 * beyond the flash tools' model ({@link Stm32H7Registers}): the clock tree (RCC_CR, RCC_CFGR, RCC_D1CFGR..D3CFGR,
 * RCC_PLLCKSELR, RCC_PLLCFGR, RCC_PLL1DIVR, RCC_PLL1FRACR, the clock enables CubeIDE's code sets), the power
 * controller's supply configuration and voltage scaling (PWR_CR3 LDOEN/SCUEN, PWR_D3CR VOS/VOSRDY, PWR_CSR1
 * ACTVOSRDY) and USART3, the U(S)ART a NUCLEO-H743ZI's ST-LINK bridges to its virtual COM port. Addresses, offsets,
 * fields and reset values are RM0433's (§8.7 RCC registers, §6.8 PWR registers, §48.7 USART registers; ST's
 * STM32H743/H753 SVDs agree). Only the fields a simulated board gives behaviour are named; the others are storage.
 */
public final class Stm32H7SystemRegisters {

    // ---- base addresses (RM0433 §2.3.2 memory map) ----
    /** RCC on the D3 AHB4 bus. */
    public static final long RCC_BASE = 0x5802_4400L;
    /** PWR on the D3 AHB4 bus. */
    public static final long PWR_BASE = 0x5802_4800L;
    /** USART3 on the D2 APB1 bus. */
    public static final long USART3_BASE = 0x4000_4800L;

    public static final String RCC = "RCC", PWR = "PWR", USART3 = "USART3";
    // RCC (RM0433 §8.7)
    public static final String RCC_CR = "CR", CFGR = "CFGR", D1CFGR = "D1CFGR", D2CFGR = "D2CFGR", D3CFGR = "D3CFGR",
            PLLCKSELR = "PLLCKSELR", PLLCFGR = "PLLCFGR", PLL1DIVR = "PLL1DIVR", PLL1FRACR = "PLL1FRACR",
            AHB4ENR = "AHB4ENR", APB1LENR = "APB1LENR", APB4ENR = "APB4ENR";
    public static final String HSION = "HSION", HSIRDY = "HSIRDY", HSIDIV = "HSIDIV", HSIDIVF = "HSIDIVF",
            CSION = "CSION", CSIRDY = "CSIRDY", RC48ON = "RC48ON", RC48RDY = "RC48RDY", D1CKRDY = "D1CKRDY",
            D2CKRDY = "D2CKRDY", HSEON = "HSEON", HSERDY = "HSERDY", HSEBYP = "HSEBYP", PLL1ON = "PLL1ON",
            PLL1RDY = "PLL1RDY", PLL2ON = "PLL2ON", PLL2RDY = "PLL2RDY", PLL3ON = "PLL3ON", PLL3RDY = "PLL3RDY";
    public static final String SW = "SW", SWS = "SWS";
    public static final String HPRE = "HPRE", D1PPRE = "D1PPRE", D1CPRE = "D1CPRE", D2PPRE1 = "D2PPRE1",
            D2PPRE2 = "D2PPRE2", D3PPRE = "D3PPRE";
    public static final String PLLSRC = "PLLSRC", DIVM1 = "DIVM1", DIVM2 = "DIVM2", DIVM3 = "DIVM3";
    public static final String PLL1FRACEN = "PLL1FRACEN", PLL1VCOSEL = "PLL1VCOSEL", PLL1RGE = "PLL1RGE",
            DIVP1EN = "DIVP1EN", DIVQ1EN = "DIVQ1EN", DIVR1EN = "DIVR1EN";
    public static final String DIVN1 = "DIVN1", DIVP1 = "DIVP1", DIVQ1 = "DIVQ1", DIVR1 = "DIVR1", FRACN1 = "FRACN1";
    // PWR (RM0433 §6.8)
    public static final String PWR_CR1 = "CR1", PWR_CSR1 = "CSR1", PWR_CR3 = "CR3", D3CR = "D3CR";
    public static final String ACTVOSRDY = "ACTVOSRDY", ACTVOS = "ACTVOS", BYPASS = "BYPASS", LDOEN = "LDOEN",
            SCUEN = "SCUEN", VOSRDY = "VOSRDY", VOS = "VOS";
    // USART (RM0433 §48.7; the field names ConsoleUsart reads)
    public static final String USART_CR1 = "CR1", BRR = "BRR", ISR = "ISR", ICR = "ICR", RDR = "RDR", TDR = "TDR";
    public static final String UE = "UE", RE = "RE", TE = "TE", TC = "TC", TXE = "TXE", TEACK = "TEACK",
            REACK = "REACK";

    /** System clock sources, RCC_CFGR SW / SWS encoding (RM0433 §8.7, RCC_CFGR). */
    public static final int SYSCLK_HSI = 0, SYSCLK_CSI = 1, SYSCLK_HSE = 2, SYSCLK_PLL1 = 3;
    /** PLL reference sources, RCC_PLLCKSELR PLLSRC encoding (RM0433 §8.7, RCC_PLLCKSELR); 3 = no clock. */
    public static final int PLLSRC_HSI = 0, PLLSRC_CSI = 1, PLLSRC_HSE = 2;
    /** The HSI RC oscillator before HSIDIV (hsi_ck = 64 MHz / 2^HSIDIV), the system clock after reset (RM0433 §8.5). */
    public static final long HSI_HZ = 64_000_000L;
    /** The CSI RC oscillator (RM0433 §8.5). */
    public static final long CSI_HZ = 4_000_000L;

    private static final RegisterBlock RCC_BLOCK = RegisterBlock.builder(RCC, RCC_BASE)
            .register(RCC_CR, 0x00, 0x0000_0083, READ_WRITE, "RCC source control register", "RM0433 §8.7",
                    List.of(b(HSION, 0, "HSI clock enable"), ro(HSIRDY, 2, "HSI clock ready"),
                            f(HSIDIV, 3, 2, "HSI divider: hsi_ck = 64 MHz / 2^HSIDIV"),
                            ro(HSIDIVF, 5, "HSI divider flag (the new division ratio is applied)"),
                            b(CSION, 7, "CSI clock enable"), ro(CSIRDY, 8, "CSI clock ready"),
                            b(RC48ON, 12, "RC48 clock enable"), ro(RC48RDY, 13, "RC48 clock ready"),
                            ro(D1CKRDY, 14, "D1 domain clocks ready"), ro(D2CKRDY, 15, "D2 domain clocks ready"),
                            b(HSEON, 16, "HSE clock enable"), ro(HSERDY, 17, "HSE clock ready"),
                            b(HSEBYP, 18, "HSE bypassed by an external clock (the ST-LINK's MCO on a Nucleo)"),
                            b(PLL1ON, 24, "PLL1 enable"), ro(PLL1RDY, 25, "PLL1 clock ready"),
                            b(PLL2ON, 26, "PLL2 enable"), ro(PLL2RDY, 27, "PLL2 clock ready"),
                            b(PLL3ON, 28, "PLL3 enable"), ro(PLL3RDY, 29, "PLL3 clock ready")))
            .register(CFGR, 0x10, 0, READ_WRITE, "RCC clock configuration register", "RM0433 §8.7",
                    List.of(f(SW, 0, 3, "System clock switch: 000 HSI, 001 CSI, 010 HSE, 011 PLL1"),
                            new Field(SWS, 3, 3, READ_ONLY, "System clock switch status")))
            .register(D1CFGR, 0x18, 0, READ_WRITE, "RCC domain 1 clock configuration register", "RM0433 §8.7",
                    List.of(f(HPRE, 0, 4, "D1 domain AHB prescaler: 0xxx /1, 1000 /2 ... 1111 /512"),
                            f(D1PPRE, 4, 3, "D1 domain APB3 prescaler"),
                            f(D1CPRE, 8, 4, "D1 domain core prescaler: 0xxx /1, 1000 /2 ... 1111 /512")))
            .register(D2CFGR, 0x1C, 0, READ_WRITE, "RCC domain 2 clock configuration register", "RM0433 §8.7",
                    List.of(f(D2PPRE1, 4, 3, "D2 domain APB1 prescaler"), f(D2PPRE2, 8, 3, "D2 domain APB2 prescaler")))
            .register(D3CFGR, 0x20, 0, READ_WRITE, "RCC domain 3 clock configuration register", "RM0433 §8.7",
                    List.of(f(D3PPRE, 4, 3, "D3 domain APB4 prescaler")))
            .register(PLLCKSELR, 0x28, 0x0202_0200, READ_WRITE, "RCC PLLs clock source selection register",
                    "RM0433 §8.7",
                    List.of(f(PLLSRC, 0, 2, "PLL reference: 00 HSI, 01 CSI, 10 HSE, 11 none"),
                            f(DIVM1, 4, 6, "PLL1 reference prescaler (0: disabled)"),
                            f(DIVM2, 12, 6, "PLL2 reference prescaler"), f(DIVM3, 20, 6, "PLL3 reference prescaler")))
            .register(PLLCFGR, 0x2C, 0x01FF_0000, READ_WRITE, "RCC PLLs configuration register", "RM0433 §8.7",
                    List.of(b(PLL1FRACEN, 0, "PLL1 fractional latch enable"),
                            b(PLL1VCOSEL, 1, "PLL1 VCO selection: 0 wide, 1 medium"),
                            f(PLL1RGE, 2, 2, "PLL1 input frequency range"),
                            b(DIVP1EN, 16, "PLL1 DIVP output enable"), b(DIVQ1EN, 17, "PLL1 DIVQ output enable"),
                            b(DIVR1EN, 18, "PLL1 DIVR output enable")))
            .register(PLL1DIVR, 0x30, 0x0101_0280, READ_WRITE, "RCC PLL1 dividers configuration register",
                    "RM0433 §8.7",
                    List.of(f(DIVN1, 0, 9, "VCO multiplication factor minus one"),
                            f(DIVP1, 9, 7, "pll1_p_ck division factor minus one"),
                            f(DIVQ1, 16, 7, "pll1_q_ck division factor minus one"),
                            f(DIVR1, 24, 7, "pll1_r_ck division factor minus one")))
            .register(PLL1FRACR, 0x34, 0, READ_WRITE, "RCC PLL1 fractional divider register", "RM0433 §8.7",
                    List.of(f(FRACN1, 3, 13, "fractional part of the multiplication factor (/8192)")))
            .register(AHB4ENR, 0xE0, 0, READ_WRITE, "RCC AHB4 clock register (GPIO enables)", "RM0433 §8.7",
                    List.of())
            .register(APB1LENR, 0xE8, 0, READ_WRITE, "RCC APB1 clock register (USART3EN bit 18)", "RM0433 §8.7",
                    List.of())
            .register(APB4ENR, 0xF4, 0, READ_WRITE, "RCC APB4 clock register (SYSCFGEN bit 1)", "RM0433 §8.7",
                    List.of())
            .build();

    private static final RegisterBlock PWR_BLOCK = RegisterBlock.builder(PWR, PWR_BASE)
            .register(PWR_CR1, 0x00, 0xF000_C000, READ_WRITE, "PWR control register 1", "RM0433 §6.8", List.of())
            .register(PWR_CSR1, 0x04, 0x0000_4000, READ_ONLY, "PWR control status register 1", "RM0433 §6.8",
                    List.of(ro(ACTVOSRDY, 13, "VOS currently applied to VCORE is ready"),
                            new Field(ACTVOS, 14, 2, READ_ONLY, "VOS currently applied to VCORE")))
            .register(PWR_CR3, 0x0C, 0x0000_0006, READ_WRITE, "PWR control register 3", "RM0433 §6.8",
                    List.of(b(BYPASS, 0, "Power management unit bypass"), b(LDOEN, 1, "Low drop-out regulator enable"),
                            b(SCUEN, 2, "Supply configuration update enable")))
            .register(D3CR, 0x18, 0x0000_4000, READ_WRITE, "PWR D3 domain control register", "RM0433 §6.8",
                    List.of(ro(VOSRDY, 13, "VOS ready"),
                            f(VOS, 14, 2, "Voltage scaling selection: 01 scale 3 ... 11 scale 1")))
            .build();

    private static final RegisterBlock USART3_BLOCK = RegisterBlock.builder(USART3, USART3_BASE)
            .register(USART_CR1, 0x00, 0, READ_WRITE, "USART control register 1", "RM0433 §48.7",
                    List.of(b(UE, 0, "USART enable"), b(RE, 2, "Receiver enable"), b(TE, 3, "Transmitter enable")))
            .register(BRR, 0x0C, 0, READ_WRITE, "USART baud rate register", "RM0433 §48.7", List.of())
            .register(ISR, 0x1C, 0x0000_00C0, READ_ONLY, "USART interrupt and status register", "RM0433 §48.7",
                    List.of(ro(TC, 6, "Transmission complete"),
                            ro(TXE, 7, "Transmit data register empty (TXFNF with the FIFO enabled)"),
                            ro(TEACK, 21, "Transmit enable acknowledge"), ro(REACK, 22, "Receive enable acknowledge")))
            .register(ICR, 0x20, 0, WRITE_ONLY, "USART interrupt flag clear register", "RM0433 §48.7", List.of())
            .register(RDR, 0x24, 0, READ_ONLY, "USART receive data register", "RM0433 §48.7", List.of())
            .register(TDR, 0x28, 0, READ_WRITE, "USART transmit data register", "RM0433 §48.7",
                    List.of(f(TDR, 0, 9, "Transmit data value")))
            .build();

    private Stm32H7SystemRegisters() {
    }

    /** RCC: the clock tree. */
    public static RegisterBlock rcc() {
        return RCC_BLOCK;
    }

    /** PWR: supply configuration and voltage scaling. */
    public static RegisterBlock pwr() {
        return PWR_BLOCK;
    }

    /** USART3: the NUCLEO-H743ZI's ST-LINK virtual COM port (UM2407, "USART3 ... connected to ST-LINK"). */
    public static RegisterBlock consoleUsart() {
        return USART3_BLOCK;
    }

    /** The blocks of this class, for register lookups and model comparisons. */
    public static List<RegisterBlock> blocks() {
        return List.of(RCC_BLOCK, PWR_BLOCK, USART3_BLOCK);
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
