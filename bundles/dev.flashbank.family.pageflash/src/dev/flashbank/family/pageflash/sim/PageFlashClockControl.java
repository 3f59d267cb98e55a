package dev.flashbank.family.pageflash.sim;

import static dev.flashbank.family.pageflash.PageFlashSystemRegisters.*;

import java.util.ArrayList;
import java.util.List;

import dev.flashbank.core.device.Register;
import dev.flashbank.family.pageflash.PageFlashSystemRegisters;
import dev.flashbank.family.pageflash.PageFlashSystemRegisters.ClockSource;
import dev.flashbank.sim.ClockRegisterFile;
import dev.flashbank.sim.ReadyFlag;

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
    private final long hseHz;
    private final ClockRegisterFile registers;
    /** L4: MSIRGSEL was written 1 since the reset (it reads 0: write-only). */
    private boolean msiRangeSelected;

    PageFlashClockControl(PageFlashSystemRegisters model, long hseHz) {
        this.model = model;
        this.cr = model.rcc().register(RCC_CR);
        this.cfgr = model.rcc().register(CFGR);
        this.pllcfgr = model.rcc().register(PLLCFGR);
        this.hseHz = hseHz;
        List<ReadyFlag> flags = new ArrayList<>();
        if (cr.hasField(MSIRDY)) {
            flags.add(ReadyFlag.follows(cr, MSIRDY, MSION));
        }
        flags.add(ReadyFlag.follows(cr, HSIRDY, HSION));
        flags.add(ReadyFlag.follows(cr, HSERDY, HSEON).when(hseHz > 0));
        flags.add(ReadyFlag.follows(cr, PLLRDY, PLLON));
        this.registers = ClockRegisterFile.of(model.rcc(), model.pwr()).flags(flags.toArray(ReadyFlag[]::new))
                .systemClockSwitch(cfgr, SW, SWS, sw -> model.sourceOfSw(sw).filter(this::ready).isPresent())
                .build();
        reset();
    }

    /** Every system reset: the reset values (SYSCLK = MSI 4 MHz on L4, HSI16 on G4 and G0). */
    void reset() {
        registers.reset();
        msiRangeSelected = false;
    }

    /** True for the RCC and PWR registers this model keeps. */
    boolean handles(long address) {
        return registers.holds(address);
    }

    int read(long address) {
        return registers.read(address); // PWR_SR2: VOSF 0, the regulator is in its range
    }

    void write(long address, int value) {
        if (address == cr.address() && cr.hasField(MSIRGSEL)) {
            msiRangeSelected |= cr.field(MSIRGSEL).isSet(value);
        }
        registers.write(address, value); // MSIRGSEL reads 0 (write-only), PWR_SR2 is read-only
    }

    /** True when {@code source} runs now (the PLL: locked, with its input running). */
    private boolean ready(ClockSource source) {
        int c = registers.read(cr.address());
        return switch (source) {
            case MSI -> cr.hasField(MSIRDY) && cr.field(MSIRDY).isSet(c);
            case HSI -> cr.field(HSIRDY).isSet(c);
            case HSE -> cr.field(HSERDY).isSet(c);
            case PLL -> cr.field(PLLRDY).isSet(c) && model.pllSource(pllcfgr.field(PLLSRC).extract(
                    registers.stored(pllcfgr))).filter(s -> s != ClockSource.PLL).filter(this::ready).isPresent();
        };
    }

    /** SYSCLK now: the source SWS reports. */
    long sysclkHz() {
        int sws = cfgr.field(SWS).extract(registers.stored(cfgr));
        return model.sourceOfSw(sws).map(this::sourceHz).orElse(PageFlashSystemRegisters.HSI16_HZ);
    }

    private long sourceHz(ClockSource s) {
        int c = registers.stored(cr);
        return switch (s) {
            case MSI -> model.msiHz(c, msiRangeSelected);
            case HSI -> model.hsiSystemHz(c);
            case HSE -> hseHz;
            case PLL -> pllHz();
        };
    }

    /** HCLK, the core's clock: SYSCLK through the AHB prescaler. */
    long hclkHz() {
        int hpre = cfgr.field(HPRE).extract(registers.stored(cfgr));
        return Math.max(1, ClockRegisterFile.ahbPrescaled(sysclkHz(), hpre));
    }

    private long pllHz() {
        int p = registers.stored(pllcfgr);
        long input = model.pllSource(pllcfgr.field(PLLSRC).extract(p)).map(s -> switch (s) {
            case MSI -> model.msiHz(registers.stored(cr), msiRangeSelected);
            case HSE -> hseHz;
            default -> PageFlashSystemRegisters.HSI16_HZ; // the PLL takes HSI16 undivided (G0: not HSISYS)
        }).orElse(0L);
        return input / model.pllM(p) * model.pllN(p) / model.pllR(p);
    }
}
