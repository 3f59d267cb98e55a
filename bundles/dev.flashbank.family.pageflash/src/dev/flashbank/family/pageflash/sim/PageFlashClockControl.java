package dev.flashbank.family.pageflash.sim;

import static dev.flashbank.family.pageflash.PageFlashSystemRegisters.*;

import java.util.HashMap;
import java.util.Map;

import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.RegisterBlock;
import dev.flashbank.family.pageflash.PageFlashSystemRegisters;
import dev.flashbank.family.pageflash.PageFlashSystemRegisters.ClockSource;

/**
 * The simulated page-flash part's RCC clock tree and PWR regulator as start-up code sees them
 * ({@link PageFlashSystemRegisters}): the ready flags follow their enables at once (MSIRDY, HSIRDY, HSERDY - with an
 * HSE on the board - and PLLRDY), RCC_CFGR.SWS follows SW when the selected source is ready, PWR_SR2.VOSF never
 * stays set (the regulator reaches a new range at once). HCLK is SYSCLK through the AHB prescaler; SYSCLK is MSI,
 * HSI16 (HSISYS on G0), the HSE or the PLL's R output ({@code input / M * N / R}). Locking and stabilisation delays
 * are not modelled: a flag a driver polls is already set. The other RCC and PWR registers are the board's plain
 * storage.
 */
final class PageFlashClockControl {

    private final PageFlashSystemRegisters model;
    private final Register cr;
    private final Register cfgr;
    private final Register pllcfgr;
    private final RegisterBlock pwr;
    private final long hseHz;
    private final Map<Long, Integer> values = new HashMap<>();
    /** L4: MSIRGSEL was written 1 since the reset (it reads 0: write-only). */
    private boolean msiRangeSelected;

    PageFlashClockControl(PageFlashSystemRegisters model, long hseHz) {
        this.model = model;
        this.cr = model.rcc().register(RCC_CR);
        this.cfgr = model.rcc().register(CFGR);
        this.pllcfgr = model.rcc().register(PLLCFGR);
        this.pwr = model.pwr();
        this.hseHz = hseHz;
        reset();
    }

    /** Every system reset: the reset values (SYSCLK = MSI 4 MHz on L4, HSI16 on G4 and G0). */
    void reset() {
        values.clear();
        for (RegisterBlock b : new RegisterBlock[] { model.rcc(), pwr }) {
            for (Register r : b.registers()) {
                values.put(r.address(), r.resetValue());
            }
        }
        msiRangeSelected = false;
    }

    /** True for the RCC and PWR registers this model keeps. */
    boolean handles(long address) {
        return values.containsKey(address);
    }

    int read(long address) {
        if (address == cr.address()) {
            return readCr();
        }
        return values.getOrDefault(address, 0); // PWR_SR2: VOSF 0, the regulator is in its range
    }

    void write(long address, int value) {
        if (address == cfgr.address()) {
            // SWS is read-only: it follows SW once the selected source runs, else keeps the source running now
            int sw = cfgr.field(SW).extract(value);
            int sws = model.sourceOfSw(sw).filter(this::ready).isPresent() ? sw
                    : cfgr.field(SWS).extract(values.get(address));
            values.put(address, cfgr.field(SWS).insert(value, sws));
            return;
        }
        if (address == cr.address() && cr.hasField(MSIRGSEL)) {
            msiRangeSelected |= cr.field(MSIRGSEL).isSet(value);
            value = cr.field(MSIRGSEL).insert(value, 0);
        }
        if (pwr.registers().stream().anyMatch(r -> r.address() == address && r.name().equals(PWR_SR2))) {
            return; // read-only
        }
        values.put(address, value);
    }

    private int readCr() {
        int v = values.get(cr.address());
        if (cr.hasField(MSIRDY)) {
            v = cr.field(MSIRDY).insert(v, cr.field(MSION).extract(v));
        }
        v = cr.field(HSIRDY).insert(v, cr.field(HSION).extract(v));
        v = cr.field(HSERDY).insert(v, hseHz > 0 && cr.field(HSEON).isSet(v) ? 1 : 0);
        return cr.field(PLLRDY).insert(v, cr.field(PLLON).extract(v));
    }

    /** True when {@code source} runs now (the PLL: locked, with its input running). */
    private boolean ready(ClockSource source) {
        int c = readCr();
        return switch (source) {
            case MSI -> cr.hasField(MSIRDY) && cr.field(MSIRDY).isSet(c);
            case HSI -> cr.field(HSIRDY).isSet(c);
            case HSE -> cr.field(HSERDY).isSet(c);
            case PLL -> cr.field(PLLRDY).isSet(c) && model.pllSource(pllcfgr.field(PLLSRC).extract(
                    values.get(pllcfgr.address()))).filter(s -> s != ClockSource.PLL).filter(this::ready).isPresent();
        };
    }

    /** SYSCLK now: the source SWS reports. */
    long sysclkHz() {
        int sws = cfgr.field(SWS).extract(values.get(cfgr.address()));
        return model.sourceOfSw(sws).map(this::sourceHz).orElse(PageFlashSystemRegisters.HSI16_HZ);
    }

    private long sourceHz(ClockSource s) {
        int c = values.get(cr.address());
        return switch (s) {
            case MSI -> model.msiHz(c, msiRangeSelected);
            case HSI -> model.hsiSystemHz(c);
            case HSE -> hseHz;
            case PLL -> pllHz();
        };
    }

    /** HCLK, the core's clock: SYSCLK through the AHB prescaler. */
    long hclkHz() {
        int hpre = cfgr.field(HPRE).extract(values.get(cfgr.address()));
        return Math.max(1, sysclkHz() / PageFlashSystemRegisters.ahbDivider(hpre));
    }

    private long pllHz() {
        int p = values.get(pllcfgr.address());
        long input = model.pllSource(pllcfgr.field(PLLSRC).extract(p)).map(s -> switch (s) {
            case MSI -> model.msiHz(values.get(cr.address()), msiRangeSelected);
            case HSE -> hseHz;
            default -> PageFlashSystemRegisters.HSI16_HZ; // the PLL takes HSI16 undivided (G0: not HSISYS)
        }).orElse(0L);
        return input / model.pllM(p) * model.pllN(p) / model.pllR(p);
    }
}
