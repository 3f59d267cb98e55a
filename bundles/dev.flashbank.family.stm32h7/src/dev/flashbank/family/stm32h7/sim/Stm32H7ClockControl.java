package dev.flashbank.family.stm32h7.sim;

import static dev.flashbank.family.stm32h7.Stm32H7SystemRegisters.*;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.RegisterBlock;
import dev.flashbank.family.stm32h7.Stm32H7SystemRegisters;
import dev.flashbank.sim.ClockRegisterFile;
import dev.flashbank.sim.ReadyFlag;
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
    private final Field crHsirdy = cr.field(HSIRDY);
    private final Field crHsidiv = cr.field(HSIDIV);
    private final Field crCsirdy = cr.field(CSIRDY);
    private final Field crHserdy = cr.field(HSERDY);
    private final Field crPll1rdy = cr.field(PLL1RDY);
    private final Field cfgrSws = cfgr.field(SWS);
    private final Field d1cfgrD1cpre = d1cfgr.field(D1CPRE);
    private final Field d1cfgrHpre = d1cfgr.field(HPRE);
    private final Field pllckselrPllsrc = pllckselr.field(PLLSRC);
    private final Field pllckselrDivm1 = pllckselr.field(DIVM1);
    private final Field pllcfgrPll1fracen = pllcfgr.field(PLL1FRACEN);
    private final Field pll1divrDivn1 = pll1divr.field(DIVN1);
    private final Field pll1divrDivp1 = pll1divr.field(DIVP1);
    private final Field pll1fracrFracn1 = pll1fracr.field(FRACN1);
    private final Field cr3Bypass = cr3.field(BYPASS);
    private final Field cr3Ldoen = cr3.field(LDOEN);
    private final Field cr3Scuen = cr3.field(SCUEN);
    private final int supplyMask;
    /** The core clock and the AXI clock, recomputed after every write: the run loop asks for them all the time. */
    private long coreHz;
    private long hclkHz;
    private final Stm32H7RunParameters run;
    private final ClockRegisterFile registers;
    /** PWR_CR3 keeps its value across system resets; only a power-on reset restores it. */
    private int cr3Value;

    Stm32H7ClockControl(Stm32H7RunParameters run) {
        this.run = run;
        this.supplyMask = cr3Bypass.mask() | cr3Ldoen.mask() | cr3Scuen.mask();
        this.registers = ClockRegisterFile.of(rcc, pwr)
                .flags(ReadyFlag.follows(cr, HSIRDY, HSION),
                        ReadyFlag.always(cr, HSIDIVF),
                        ReadyFlag.follows(cr, CSIRDY, CSION),
                        ReadyFlag.follows(cr, RC48RDY, RC48ON),
                        ReadyFlag.always(cr, D1CKRDY),
                        ReadyFlag.always(cr, D2CKRDY),
                        ReadyFlag.follows(cr, HSERDY, HSEON).when(run.hseHz() > 0),
                        ReadyFlag.follows(cr, PLL1RDY, PLL1ON),
                        ReadyFlag.follows(cr, PLL2RDY, PLL2ON),
                        ReadyFlag.follows(cr, PLL3RDY, PLL3ON),
                        ReadyFlag.always(csr1, ACTVOSRDY),
                        ReadyFlag.follows(csr1, ACTVOS, d3cr, VOS),
                        ReadyFlag.always(d3cr, VOSRDY))
                .systemClockSwitch(cfgr, SW, SWS, this::ready).build();
        powerOnReset();
    }

    /** Power-on reset: the supply configuration may be written again, then a system reset. */
    void powerOnReset() {
        cr3Value = cr3.resetValue();
        reset();
    }

    /** Every system reset: the reset values (HSI on, the PLLs off, SYSCLK = HSI 64 MHz). */
    void reset() {
        registers.reset();
        recompute();
    }

    /** True when {@code address} is in the RCC or PWR block. */
    static boolean handles(long address) {
        return SystemBus.inBlock(RCC_BASE, address) || SystemBus.inBlock(PWR_BASE, address);
    }

    int read(long address) {
        return address == cr3.address() ? cr3Value : registers.read(address);
    }

    void write(long address, int value) {
        if (address == cr3.address()) {
            boolean locked = run.supplyConfigurationWriteOnce() && !cr3Scuen.isSet(cr3Value);
            int keep = locked ? supplyMask : 0;
            cr3Value = (cr3Value & keep) | (value & ~keep);
        } else {
            registers.write(address, value);
        }
        recompute();
    }

    /** True when clock source {@code sw} (SW encoding) is running. */
    private boolean ready(int sw) {
        int c = registers.read(cr.address());
        return switch (sw) {
            case SYSCLK_HSI -> crHsirdy.isSet(c);
            case SYSCLK_CSI -> crCsirdy.isSet(c);
            case SYSCLK_HSE -> crHserdy.isSet(c);
            case SYSCLK_PLL1 -> crPll1rdy.isSet(c) && pllReferenceHz() > 0;
            default -> false;
        };
    }

    private long hsiHz() {
        return HSI_HZ >> crHsidiv.extract(registers.stored(cr));
    }

    /** The PLLs' reference clock after DIVM1, 0 when none runs. */
    private long pllReferenceHz() {
        int sel = registers.stored(pllckselr);
        int m = pllckselrDivm1.extract(sel);
        int c = registers.read(cr.address());
        long src = switch (pllckselrPllsrc.extract(sel)) {
            case PLLSRC_HSI -> crHsirdy.isSet(c) ? hsiHz() : 0;
            case PLLSRC_CSI -> crCsirdy.isSet(c) ? CSI_HZ : 0;
            case PLLSRC_HSE -> crHserdy.isSet(c) ? run.hseHz() : 0;
            default -> 0;
        };
        return m == 0 ? 0 : src / m;
    }

    private long pll1PHz() {
        int div = registers.stored(pll1divr);
        long n8192 = (pll1divrDivn1.extract(div) + 1L) * 8192L;
        if (pllcfgrPll1fracen.isSet(registers.stored(pllcfgr))) {
            n8192 += pll1fracrFracn1.extract(registers.stored(pll1fracr));
        }
        long vco = pllReferenceHz() * n8192 / 8192L;
        return vco / (pll1divrDivp1.extract(div) + 1);
    }

    /** SYSCLK now: the source SWS reports. */
    long sysclkHz() {
        int sws = cfgrSws.extract(registers.stored(cfgr));
        return switch (sws) {
            case SYSCLK_CSI -> CSI_HZ;
            case SYSCLK_HSE -> run.hseHz();
            case SYSCLK_PLL1 -> pll1PHz();
            default -> hsiHz();
        };
    }

    private void recompute() {
        int d1 = registers.stored(d1cfgr);
        coreHz = Math.max(1, ClockRegisterFile.ahbPrescaled(sysclkHz(), d1cfgrD1cpre.extract(d1)));
        hclkHz = Math.max(1, ClockRegisterFile.ahbPrescaled(coreHz, d1cfgrHpre.extract(d1)));
    }

    /** sys_d1cpre_ck, the Cortex-M7's clock (and SysTick's): SYSCLK through D1CPRE. */
    long coreHz() {
        return coreHz;
    }

    /** The D1 domain's AXI/AHB clock (rcc_hclk3, the flash interface's): the core clock through HPRE. */
    long hclkHz() {
        return hclkHz;
    }
}
