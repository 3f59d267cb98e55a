package dev.flashbank.family.stm32f7.sim;

import static dev.flashbank.family.stm32f7.Stm32F7SystemRegisters.*;

import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.RegisterBlock;
import dev.flashbank.family.stm32f7.Stm32F7SystemRegisters;
import dev.flashbank.sim.ClockRegisterFile;
import dev.flashbank.sim.ReadyFlag;
import dev.flashbank.sim.VirtualClock;

/**
 * The simulated STM32F7's RCC clock tree and PWR regulator as start-up code sees them (RM0410 §5 RCC, §4 PWR): the
 * ready flags follow their enables at once (HSIRDY, HSERDY - with an HSE on the board - PLLRDY, PLLI2SRDY, PLLSAIRDY;
 * PWR's VOSRDY once the PLL runs, ODRDY and ODSWRDY following ODEN and ODSWEN), and RCC_CFGR.SWS follows SW when the
 * selected source is ready. The core clock (HCLK) is SYSCLK through the AHB prescaler, SYSCLK the HSI, the HSE or the
 * main PLL's P output ({@code input / PLLM * PLLN / PLLP}). The main PLL locks {@link #PLL_LOCK_NANOS} of board
 * time after PLLON is set (PLLRDY and a switch to it wait for that); the other stabilisation delays are not
 * modelled: those flags are set at once.
 */
final class ClockControl {

    /**
     * Main PLL lock time tLOCK (STM32F76xxx datasheet, main PLL characteristics: 75-200 us at a 100 MHz VCO, up to
     * 300 us at 432 MHz): 100 us modelled. ESTIMATE (between the datasheet's figures).
     */
    static final long PLL_LOCK_NANOS = 100_000;

    private final RegisterBlock rcc = Stm32F7SystemRegisters.rcc();
    private final RegisterBlock pwr = Stm32F7SystemRegisters.pwr();
    private final Register cr = rcc.register(RCC_CR);
    private final Register pllcfgr = rcc.register(PLLCFGR);
    private final Register cfgr = rcc.register(CFGR);
    private final Register pwrCr1 = pwr.register(PWR_CR1);
    private final Register pwrCsr1 = pwr.register(PWR_CSR1);
    /** The board's HSE (the ST-LINK's 8 MHz MCO on a Nucleo), 0 without one: HSERDY never rises. */
    private final long hseHz;
    private final ClockRegisterFile registers;

    ClockControl(long hseHz, VirtualClock clock) {
        this.hseHz = hseHz;
        this.registers = ClockRegisterFile.of(rcc, pwr).clock(clock::nanos)
                .flags(ReadyFlag.follows(cr, HSIRDY, HSION),
                        ReadyFlag.follows(cr, HSERDY, HSEON).when(hseHz > 0),
                        ReadyFlag.follows(cr, PLLRDY, PLLON).after(PLL_LOCK_NANOS),
                        ReadyFlag.follows(cr, PLLI2SRDY, PLLI2SON),
                        ReadyFlag.follows(cr, PLLSAIRDY, PLLSAION),
                        ReadyFlag.follows(pwrCsr1, VOSRDY, cr, PLLON),
                        ReadyFlag.follows(pwrCsr1, ODRDY, pwrCr1, ODEN),
                        ReadyFlag.follows(pwrCsr1, ODSWRDY, pwrCr1, ODSWEN))
                .systemClockSwitch(cfgr, SW, SWS, this::ready).build();
    }

    /** Every system reset: the reset values (HSI on, the PLL off, SYSCLK = HSI 16 MHz). */
    void reset() {
        registers.reset();
    }

    /** True when {@code address} is an RCC register this model keeps (not APB2ENR, the board's) or PWR's block. */
    static boolean handles(long address, long apb2enr) {
        return address != apb2enr && (inBlock(Stm32F7SystemRegisters.rcc(), address)
                || inBlock(Stm32F7SystemRegisters.pwr(), address));
    }

    private static boolean inBlock(RegisterBlock b, long a) {
        return dev.flashbank.sim.bus.SystemBus.inBlock(b.base(), a);
    }

    int read(long address) {
        return registers.read(address);
    }

    void write(long address, int value) {
        registers.write(address, value);
    }

    /** True when clock source {@code sw} (SW encoding) is running. */
    private boolean ready(int sw) {
        int c = registers.read(cr.address());
        return switch (sw) {
            case SYSCLK_HSI -> cr.field(HSIRDY).isSet(c);
            case SYSCLK_HSE -> cr.field(HSERDY).isSet(c);
            case SYSCLK_PLL -> cr.field(PLLRDY).isSet(c) && pllInputReady();
            default -> false;
        };
    }

    private boolean pllInputReady() {
        return ready(pllcfgr.field(PLLSRC).isSet(registers.stored(pllcfgr)) ? SYSCLK_HSE : SYSCLK_HSI);
    }

    /** SYSCLK now: the source SWS reports (RM0410 §5.2). */
    long sysclkHz() {
        int sws = cfgr.field(SWS).extract(registers.stored(cfgr));
        return switch (sws) {
            case SYSCLK_HSE -> hseHz;
            case SYSCLK_PLL -> pllHz();
            default -> HSI_HZ;
        };
    }

    /** HCLK, the core's clock: SYSCLK through the AHB prescaler (HPRE 0xxx = /1, 1000 = /2 ... 1111 = /512). */
    long hclkHz() {
        return Math.max(1, ClockRegisterFile.ahbPrescaled(sysclkHz(), cfgr.field(HPRE).extract(registers.stored(cfgr))));
    }

    private long pllHz() {
        int p = registers.stored(pllcfgr);
        long input = pllcfgr.field(PLLSRC).isSet(p) ? hseHz : HSI_HZ;
        int m = Math.max(2, pllcfgr.field(PLLM).extract(p)); // PLLM 0 and 1 are wrong configurations (RM0410)
        int n = pllcfgr.field(PLLN).extract(p);
        int div = 2 * (pllcfgr.field(PLLP).extract(p) + 1);
        return input / m * n / div;
    }
}
