package dev.flashbank.family.stm32h7.sim;

import static dev.flashbank.family.stm32h7.Stm32H7SystemRegisters.*;

import java.util.HashMap;
import java.util.Map;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.RegisterBlock;
import dev.flashbank.family.stm32h7.Stm32H7SystemRegisters;
import dev.flashbank.sim.bus.SystemBus;

/**
 * The simulated STM32H74x/H75x's RCC clock tree and PWR supply as start-up code sees them (RM0433 §8 RCC, §6 PWR):
 * the ready flags follow their enables at once (HSIRDY, HSIDIVF, CSIRDY, RC48RDY, HSERDY - with an HSE on the board -
 * PLL1RDY..PLL3RDY; D1CKRDY and D2CKRDY always set), RCC_CFGR.SWS follows SW when the selected source is ready, PWR's
 * VOSRDY and ACTVOSRDY are set (the regulator reaches any VOS at once) and ACTVOS follows D3CR.VOS. PWR_CR3's supply
 * configuration is written once after a power-on reset ({@link Stm32H7RunParameters#supplyConfigurationWriteOnce()}).
 * <p>
 * The core clock is sys_d1cpre_ck = SYSCLK / D1CPRE, the AXI clock (the flash's) that / HPRE (RM0433 §8.5, figure
 * "core and bus clock generation"); SYSCLK is hsi_ck (64 MHz / 2^HSIDIV), csi_ck, the HSE or pll1_p_ck =
 * ref / DIVM1 * (DIVN1 + 1 + FRACN1 / 8192) / (DIVP1 + 1) with ref the PLLSRC clock. Locking and stabilisation delays
 * are not modelled: a flag a driver polls is already set.
 */
final class Stm32H7ClockControl {

    private static final int[] DIVIDERS = { 2, 4, 8, 16, 64, 128, 256, 512 };

    private final RegisterBlock rcc = Stm32H7SystemRegisters.rcc();
    private final RegisterBlock pwr = Stm32H7SystemRegisters.pwr();
    private final Register cr = rcc.register(RCC_CR);
    private final Register cfgr = rcc.register(CFGR);
    private final Register d1cfgr = rcc.register(D1CFGR);
    private final Register pllckselr = rcc.register(PLLCKSELR);
    private final Register pllcfgr = rcc.register(PLLCFGR);
    private final Register pll1divr = rcc.register(PLL1DIVR);
    private final Register pll1fracr = rcc.register(PLL1FRACR);
    private final Register csr1 = pwr.register(PWR_CSR1);
    private final Register cr3 = pwr.register(PWR_CR3);
    private final Register d3cr = pwr.register(D3CR);
    private final Field crHsion = cr.field(HSION);
    private final Field crHsirdy = cr.field(HSIRDY);
    private final Field crHsidiv = cr.field(HSIDIV);
    private final Field crHsidivf = cr.field(HSIDIVF);
    private final Field crCsion = cr.field(CSION);
    private final Field crCsirdy = cr.field(CSIRDY);
    private final Field crRc48on = cr.field(RC48ON);
    private final Field crRc48rdy = cr.field(RC48RDY);
    private final Field crD1ckrdy = cr.field(D1CKRDY);
    private final Field crD2ckrdy = cr.field(D2CKRDY);
    private final Field crHseon = cr.field(HSEON);
    private final Field crHserdy = cr.field(HSERDY);
    private final Field crPll1on = cr.field(PLL1ON);
    private final Field crPll1rdy = cr.field(PLL1RDY);
    private final Field crPll2on = cr.field(PLL2ON);
    private final Field crPll2rdy = cr.field(PLL2RDY);
    private final Field crPll3on = cr.field(PLL3ON);
    private final Field crPll3rdy = cr.field(PLL3RDY);
    private final Field cfgrSw = cfgr.field(SW);
    private final Field cfgrSws = cfgr.field(SWS);
    private final Field d1cfgrD1cpre = d1cfgr.field(D1CPRE);
    private final Field d1cfgrHpre = d1cfgr.field(HPRE);
    private final Field pllckselrPllsrc = pllckselr.field(PLLSRC);
    private final Field pllckselrDivm1 = pllckselr.field(DIVM1);
    private final Field pllcfgrPll1fracen = pllcfgr.field(PLL1FRACEN);
    private final Field pll1divrDivn1 = pll1divr.field(DIVN1);
    private final Field pll1divrDivp1 = pll1divr.field(DIVP1);
    private final Field pll1fracrFracn1 = pll1fracr.field(FRACN1);
    private final Field csr1Actvos = csr1.field(ACTVOS);
    private final Field csr1Actvosrdy = csr1.field(ACTVOSRDY);
    private final Field cr3Bypass = cr3.field(BYPASS);
    private final Field cr3Ldoen = cr3.field(LDOEN);
    private final Field cr3Scuen = cr3.field(SCUEN);
    private final Field d3crVos = d3cr.field(VOS);
    private final Field d3crVosrdy = d3cr.field(VOSRDY);
    private final int supplyMask;
    /** The core clock and the AXI clock, recomputed after every write: the run loop asks for them all the time. */
    private long coreHz;
    private long hclkHz;
    private final Stm32H7RunParameters run;
    private final Map<Long, Integer> values = new HashMap<>();
    /** PWR_CR3 keeps its value across system resets; only a power-on reset restores it. */
    private int cr3Value;

    Stm32H7ClockControl(Stm32H7RunParameters run) {
        this.run = run;
        this.supplyMask = cr3Bypass.mask() | cr3Ldoen.mask() | cr3Scuen.mask();
        powerOnReset();
    }

    /** Power-on reset: the supply configuration may be written again, then a system reset. */
    void powerOnReset() {
        cr3Value = cr3.resetValue();
        reset();
    }

    /** Every system reset: the reset values (HSI on, the PLLs off, SYSCLK = HSI 64 MHz). */
    void reset() {
        values.clear();
        for (RegisterBlock b : new RegisterBlock[] { rcc, pwr }) {
            for (Register r : b.registers()) {
                values.put(r.address(), r.resetValue());
            }
        }
        recompute();
    }

    /** True when {@code address} is in the RCC or PWR block. */
    static boolean handles(long address) {
        return SystemBus.inBlock(RCC_BASE, address) || SystemBus.inBlock(PWR_BASE, address);
    }

    int read(long address) {
        if (address == cr.address()) {
            return readCr();
        }
        if (address == cr3.address()) {
            return cr3Value;
        }
        if (address == csr1.address()) {
            int vos = d3crVos.extract(values.get(d3cr.address()));
            return csr1Actvos.insert(csr1Actvosrdy.insert(0, 1), vos);
        }
        if (address == d3cr.address()) {
            return d3crVosrdy.insert(values.get(address), 1);
        }
        return values.getOrDefault(address, 0);
    }

    void write(long address, int value) {
        store(address, value);
        recompute();
    }

    private void store(long address, int value) {
        if (address == cfgr.address()) {
            // SWS is read-only: it follows SW once the selected source runs, else keeps the source running now
            int sw = cfgrSw.extract(value);
            int sws = ready(sw) ? sw : cfgrSws.extract(values.get(address));
            values.put(address, cfgrSws.insert(value, sws));
            return;
        }
        if (address == cr3.address()) {
            boolean locked = run.supplyConfigurationWriteOnce() && !cr3Scuen.isSet(cr3Value);
            int keep = locked ? supplyMask : 0;
            cr3Value = (cr3Value & keep) | (value & ~keep);
            return;
        }
        if (address == d3cr.address() || address == csr1.address()) {
            values.put(address, address == d3cr.address() ? d3crVosrdy.insert(value, 0)
                    : values.get(address));
            return;
        }
        values.put(address, value);
    }

    private int readCr() {
        int v = values.get(cr.address());
        v = crHsirdy.insert(v, crHsion.extract(v));
        v = crHsidivf.insert(v, 1);
        v = crCsirdy.insert(v, crCsion.extract(v));
        v = crRc48rdy.insert(v, crRc48on.extract(v));
        v = crD1ckrdy.insert(v, 1);
        v = crD2ckrdy.insert(v, 1);
        v = crHserdy.insert(v, run.hseHz() > 0 && crHseon.isSet(v) ? 1 : 0);
        v = crPll1rdy.insert(v, crPll1on.extract(v));
        v = crPll2rdy.insert(v, crPll2on.extract(v));
        return crPll3rdy.insert(v, crPll3on.extract(v));
    }

    /** True when clock source {@code sw} (SW encoding) is running. */
    private boolean ready(int sw) {
        int c = readCr();
        return switch (sw) {
            case SYSCLK_HSI -> crHsirdy.isSet(c);
            case SYSCLK_CSI -> crCsirdy.isSet(c);
            case SYSCLK_HSE -> crHserdy.isSet(c);
            case SYSCLK_PLL1 -> crPll1rdy.isSet(c) && pllReferenceHz() > 0;
            default -> false;
        };
    }

    private long hsiHz() {
        return HSI_HZ >> crHsidiv.extract(values.get(cr.address()));
    }

    /** The PLLs' reference clock after DIVM1, 0 when none runs. */
    private long pllReferenceHz() {
        int sel = values.get(pllckselr.address());
        int m = pllckselrDivm1.extract(sel);
        int c = readCr();
        long src = switch (pllckselrPllsrc.extract(sel)) {
            case PLLSRC_HSI -> crHsirdy.isSet(c) ? hsiHz() : 0;
            case PLLSRC_CSI -> crCsirdy.isSet(c) ? CSI_HZ : 0;
            case PLLSRC_HSE -> crHserdy.isSet(c) ? run.hseHz() : 0;
            default -> 0;
        };
        return m == 0 ? 0 : src / m;
    }

    private long pll1PHz() {
        int div = values.get(pll1divr.address());
        long n8192 = (pll1divrDivn1.extract(div) + 1L) * 8192L;
        if (pllcfgrPll1fracen.isSet(values.get(pllcfgr.address()))) {
            n8192 += pll1fracrFracn1.extract(values.get(pll1fracr.address()));
        }
        long vco = pllReferenceHz() * n8192 / 8192L;
        return vco / (pll1divrDivp1.extract(div) + 1);
    }

    /** SYSCLK now: the source SWS reports. */
    long sysclkHz() {
        int sws = cfgrSws.extract(values.get(cfgr.address()));
        return switch (sws) {
            case SYSCLK_CSI -> CSI_HZ;
            case SYSCLK_HSE -> run.hseHz();
            case SYSCLK_PLL1 -> pll1PHz();
            default -> hsiHz();
        };
    }

    private void recompute() {
        coreHz = Math.max(1, divide(sysclkHz(), d1cfgrD1cpre.extract(values.get(d1cfgr.address()))));
        hclkHz = Math.max(1, divide(coreHz, d1cfgrHpre.extract(values.get(d1cfgr.address()))));
    }

    /** sys_d1cpre_ck, the Cortex-M7's clock (and SysTick's): SYSCLK through D1CPRE. */
    long coreHz() {
        return coreHz;
    }

    /** The D1 domain's AXI/AHB clock (rcc_hclk3, the flash interface's): the core clock through HPRE. */
    long hclkHz() {
        return hclkHz;
    }

    /** A 4-bit prescaler: 0xxx = /1, 1000 = /2 ... 1111 = /512. */
    private static long divide(long hz, int prescaler) {
        return (prescaler & 8) == 0 ? hz : hz / DIVIDERS[prescaler & 7];
    }
}
