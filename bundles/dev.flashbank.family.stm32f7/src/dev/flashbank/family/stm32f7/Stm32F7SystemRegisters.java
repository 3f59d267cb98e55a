package dev.flashbank.family.stm32f7;

import static dev.flashbank.core.device.Access.READ_ONLY;
import static dev.flashbank.core.device.Access.READ_WRITE;
import static dev.flashbank.core.device.Access.WRITE_ONLY;

import java.util.List;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.RegisterBlock;

/**
 * The STM32F7 registers that start-up code touches before {@code main} and that a board running firmware needs
 * beyond the flash tools' model ({@link Stm32F7Registers}): the clock tree (RCC_CR, RCC_PLLCFGR, RCC_CFGR, the bus
 * clock enables), the power controller's regulator and over-drive (PWR_CR1, PWR_CSR1), and USART3, the U(S)ART a
 * NUCLEO-F7 board's ST-LINK bridges to its virtual COM port. Addresses, offsets and reset values are RM0410's
 * (RCC, PWR and USART register maps; ST's STM32F7 SVDs agree), identical on F72x/F74x/F76x. Only the fields a
 * simulated board gives behaviour are named; the others are storage.
 */
public final class Stm32F7SystemRegisters {

    public static final long PWR_BASE = 0x4000_7000L;
    public static final long USART3_BASE = 0x4000_4800L;

    public static final String PWR = "PWR", USART3 = "USART3";
    // RCC
    public static final String RCC_CR = "CR", PLLCFGR = "PLLCFGR", CFGR = "CFGR", AHB1ENR = "AHB1ENR",
            APB1ENR = "APB1ENR";
    public static final String HSION = "HSION", HSIRDY = "HSIRDY", HSEON = "HSEON", HSERDY = "HSERDY",
            HSEBYP = "HSEBYP", PLLON = "PLLON", PLLRDY = "PLLRDY", PLLI2SON = "PLLI2SON", PLLI2SRDY = "PLLI2SRDY",
            PLLSAION = "PLLSAION", PLLSAIRDY = "PLLSAIRDY";
    public static final String PLLM = "PLLM", PLLN = "PLLN", PLLP = "PLLP", PLLSRC = "PLLSRC", PLLQ = "PLLQ";
    public static final String SW = "SW", SWS = "SWS", HPRE = "HPRE", PPRE1 = "PPRE1", PPRE2 = "PPRE2";
    // PWR
    public static final String PWR_CR1 = "CR1", PWR_CSR1 = "CSR1";
    public static final String VOS = "VOS", ODEN = "ODEN", ODSWEN = "ODSWEN", VOSRDY = "VOSRDY", ODRDY = "ODRDY",
            ODSWRDY = "ODSWRDY";
    // USART
    public static final String USART_CR1 = "CR1", BRR = "BRR", ISR = "ISR", ICR = "ICR", RDR = "RDR", TDR = "TDR";
    public static final String UE = "UE", RE = "RE", TE = "TE", TC = "TC", TXE = "TXE", TEACK = "TEACK",
            REACK = "REACK";

    /** SYSCLK source SW/SWS values (RM0410 RCC_CFGR). */
    public static final int SYSCLK_HSI = 0, SYSCLK_HSE = 1, SYSCLK_PLL = 2;
    /** The internal RC oscillator's frequency, the system clock after every reset (RM0410 §5.2.2). */
    public static final long HSI_HZ = 16_000_000L;

    private static final RegisterBlock RCC_BLOCK = RegisterBlock.builder(Stm32F7Registers.RCC, Stm32F7Registers.RCC_BASE)
            .register(RCC_CR, 0x00, 0x0000_0083, READ_WRITE, "RCC clock control register", "RM0410 (HSITRIM = 16)",
                    List.of(b(HSION, 0, "Internal high-speed clock enable"),
                            ro(HSIRDY, 1, "HSI ready"),
                            b(HSEON, 16, "HSE clock enable"), ro(HSERDY, 17, "HSE ready"),
                            b(HSEBYP, 18, "HSE bypassed by an external clock (the ST-LINK's MCO on a Nucleo)"),
                            b(PLLON, 24, "Main PLL enable"), ro(PLLRDY, 25, "Main PLL locked"),
                            b(PLLI2SON, 26, "PLLI2S enable"), ro(PLLI2SRDY, 27, "PLLI2S locked"),
                            b(PLLSAION, 28, "PLLSAI enable"), ro(PLLSAIRDY, 29, "PLLSAI locked")))
            .register(PLLCFGR, 0x04, 0x2400_3010, READ_WRITE, "RCC PLL configuration register", "RM0410",
                    List.of(f(PLLM, 0, 6, "Input division factor (2..63)"),
                            f(PLLN, 6, 9, "VCO multiplication factor (50..432)"),
                            f(PLLP, 16, 2, "SYSCLK division: 00 /2, 01 /4, 10 /6, 11 /8"),
                            b(PLLSRC, 22, "PLL input: 0 HSI, 1 HSE"),
                            f(PLLQ, 24, 4, "48 MHz clock division")))
            .register(CFGR, 0x08, 0, READ_WRITE, "RCC clock configuration register", "RM0410",
                    List.of(f(SW, 0, 2, "System clock switch: 00 HSI, 01 HSE, 10 PLL"),
                            new Field(SWS, 2, 2, READ_ONLY, "System clock switch status"),
                            f(HPRE, 4, 4, "AHB prescaler: 0xxx /1, 1000 /2 ... 1111 /512"),
                            f(PPRE1, 10, 3, "APB1 prescaler"), f(PPRE2, 13, 3, "APB2 prescaler")))
            .register(AHB1ENR, 0x30, 0x0010_0000, READ_WRITE, "RCC AHB1 peripheral clock enable register",
                    "RM0410 (DTCMRAMEN set)", List.of())
            .register(APB1ENR, 0x40, 0, READ_WRITE, "RCC APB1 peripheral clock enable register", "RM0410", List.of())
            .build();

    private static final RegisterBlock PWR_BLOCK = RegisterBlock.builder(PWR, PWR_BASE)
            .register(PWR_CR1, 0x00, 0x0000_C000, READ_WRITE, "PWR power control register 1", "RM0410 (VOS = scale 1)",
                    List.of(f(VOS, 14, 2, "Regulator voltage scaling output selection"),
                            b(ODEN, 16, "Over-drive enable"), b(ODSWEN, 17, "Over-drive switching enable")))
            .register(PWR_CSR1, 0x04, 0, READ_ONLY, "PWR power control/status register 1", "RM0410",
                    List.of(ro(VOSRDY, 14, "Regulator voltage scaling output selection ready"),
                            ro(ODRDY, 16, "Over-drive mode ready"), ro(ODSWRDY, 17, "Over-drive mode switching ready")))
            .build();

    private static final RegisterBlock USART3_BLOCK = RegisterBlock.builder(USART3, USART3_BASE)
            .register(USART_CR1, 0x00, 0, READ_WRITE, "USART control register 1", "RM0410",
                    List.of(b(UE, 0, "USART enable"), b(RE, 2, "Receiver enable"), b(TE, 3, "Transmitter enable")))
            .register(BRR, 0x0C, 0, READ_WRITE, "USART baud rate register", "RM0410", List.of())
            .register(ISR, 0x1C, 0x0000_00C0, READ_ONLY, "USART interrupt and status register", "RM0410",
                    List.of(ro(TC, 6, "Transmission complete"), ro(TXE, 7, "Transmit data register empty"),
                            ro(TEACK, 21, "Transmit enable acknowledge"), ro(REACK, 22, "Receive enable acknowledge")))
            .register(ICR, 0x20, 0, WRITE_ONLY, "USART interrupt flag clear register", "RM0410", List.of())
            .register(RDR, 0x24, 0, READ_ONLY, "USART receive data register", "RM0410", List.of())
            .register(TDR, 0x28, 0, READ_WRITE, "USART transmit data register", "RM0410",
                    List.of(f(TDR, 0, 9, "Transmit data value")))
            .build();

    private Stm32F7SystemRegisters() {
    }

    /** RCC: the clock tree (APB2ENR, which the flash tools need for SYSCFG, is {@link Stm32F7Registers#apb2enr()}). */
    public static RegisterBlock rcc() {
        return RCC_BLOCK;
    }

    public static RegisterBlock pwr() {
        return PWR_BLOCK;
    }

    /** USART3: the NUCLEO-F7 boards' ST-LINK virtual COM port (UM1974, "USART3 ... connected to ST-LINK"). */
    public static RegisterBlock consoleUsart() {
        return USART3_BLOCK;
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
