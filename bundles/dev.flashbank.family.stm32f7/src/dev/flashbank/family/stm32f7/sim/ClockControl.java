package dev.flashbank.family.stm32f7.sim;

import static dev.flashbank.family.stm32f7.Stm32F7SystemRegisters.*;

import java.util.HashMap;
import java.util.Map;

import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.RegisterBlock;
import dev.flashbank.family.stm32f7.Stm32F7SystemRegisters;

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

    private static final int[] AHB_DIVIDERS = { 2, 4, 8, 16, 64, 128, 256, 512 };

    private final RegisterBlock rcc = Stm32F7SystemRegisters.rcc();
    private final RegisterBlock pwr = Stm32F7SystemRegisters.pwr();
    private final Register cr = rcc.register(RCC_CR);
    private final Register pllcfgr = rcc.register(PLLCFGR);
    private final Register cfgr = rcc.register(CFGR);
    private final Register pwrCr1 = pwr.register(PWR_CR1);
    private final Register pwrCsr1 = pwr.register(PWR_CSR1);
    /** The board's HSE (the ST-LINK's 8 MHz MCO on a Nucleo), 0 without one: HSERDY never rises. */
    private final long hseHz;
    private final Map<Long, Integer> values = new HashMap<>();
    private final dev.flashbank.sim.VirtualClock clock;
    /** Board time at which PLLON was last set. */
    private long pllOnAt;

    ClockControl(long hseHz, dev.flashbank.sim.VirtualClock clock) {
        this.hseHz = hseHz;
        this.clock = clock;
        reset();
    }

    /** Every system reset: the reset values (HSI on, the PLL off, SYSCLK = HSI 16 MHz). */
    void reset() {
        values.clear();
        for (RegisterBlock b : new RegisterBlock[] { rcc, pwr }) {
            for (Register r : b.registers()) {
                values.put(r.address(), r.resetValue());
            }
        }
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
        if (address == cr.address()) {
            return readCr();
        }
        if (address == pwrCsr1.address()) {
            int c = values.get(pwrCr1.address());
            int v = 0;
            v = pwrCsr1.field(VOSRDY).insert(v, pllOn() ? 1 : 0);
            v = pwrCsr1.field(ODRDY).insert(v, pwrCr1.field(ODEN).extract(c));
            return pwrCsr1.field(ODSWRDY).insert(v, pwrCr1.field(ODSWEN).extract(c));
        }
        return values.getOrDefault(address, 0);
    }

    void write(long address, int value) {
        if (address == cfgr.address()) {
            // SWS is read-only: it follows SW once the selected source runs, else keeps the source running now
            int sw = cfgr.field(SW).extract(value);
            int sws = ready(sw) ? sw : cfgr.field(SWS).extract(values.get(address));
            values.put(address, cfgr.field(SWS).insert(value, sws));
            return;
        }
        if (address == cr.address() && cr.field(PLLON).isSet(value) && !pllOn()) {
            pllOnAt = clock.nanos();
        }
        values.put(address, value);
    }

    private int readCr() {
        int v = values.get(cr.address());
        v = cr.field(HSIRDY).insert(v, cr.field(HSION).extract(v));
        v = cr.field(HSERDY).insert(v, hseHz > 0 && cr.field(HSEON).isSet(v) ? 1 : 0);
        v = cr.field(PLLRDY).insert(v, pllOn() && clock.nanos() - pllOnAt >= PLL_LOCK_NANOS ? 1 : 0);
        v = cr.field(PLLI2SRDY).insert(v, cr.field(PLLI2SON).extract(v));
        return cr.field(PLLSAIRDY).insert(v, cr.field(PLLSAION).extract(v));
    }

    private boolean pllOn() {
        return cr.field(PLLON).isSet(values.get(cr.address()));
    }

    /** True when clock source {@code sw} (SW encoding) is running. */
    private boolean ready(int sw) {
        int c = readCr();
        return switch (sw) {
            case SYSCLK_HSI -> cr.field(HSIRDY).isSet(c);
            case SYSCLK_HSE -> cr.field(HSERDY).isSet(c);
            case SYSCLK_PLL -> cr.field(PLLRDY).isSet(c) && pllInputReady();
            default -> false;
        };
    }

    private boolean pllInputReady() {
        return ready(pllcfgr.field(PLLSRC).isSet(values.get(pllcfgr.address())) ? SYSCLK_HSE : SYSCLK_HSI);
    }

    /** SYSCLK now: the source SWS reports (RM0410 §5.2). */
    long sysclkHz() {
        int sws = cfgr.field(SWS).extract(values.get(cfgr.address()));
        return switch (sws) {
            case SYSCLK_HSE -> hseHz;
            case SYSCLK_PLL -> pllHz();
            default -> HSI_HZ;
        };
    }

    /** HCLK, the core's clock: SYSCLK through the AHB prescaler (HPRE 0xxx = /1, 1000 = /2 ... 1111 = /512). */
    long hclkHz() {
        int hpre = cfgr.field(HPRE).extract(values.get(cfgr.address()));
        long sys = sysclkHz();
        return Math.max(1, (hpre & 8) == 0 ? sys : sys / AHB_DIVIDERS[hpre & 7]);
    }

    private long pllHz() {
        int p = values.get(pllcfgr.address());
        long input = pllcfgr.field(PLLSRC).isSet(p) ? hseHz : HSI_HZ;
        int m = Math.max(2, pllcfgr.field(PLLM).extract(p)); // PLLM 0 and 1 are wrong configurations (RM0410)
        int n = pllcfgr.field(PLLN).extract(p);
        int div = 2 * (pllcfgr.field(PLLP).extract(p) + 1);
        return input / m * n / div;
    }
}
