package dev.flashbank.family.stm32f7.flash;

import static dev.flashbank.family.stm32f7.Stm32F7SystemRegisters.*;

import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.RegisterBlock;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32f7.Stm32F7Registers;
import dev.flashbank.family.stm32f7.Stm32F7SystemRegisters;

/**
 * A faster core clock for the target-side CRC ({@link TargetCrc}) while the core is halted (issue 18): the DMA that
 * feeds the CRC unit runs on HCLK, and a halted, unconfigured F7 runs on the 16 MHz HSI. {@link #raise} switches
 * SYSCLK to the main PLL fed by the HSI at {@link #RAISED_HZ} and {@link #restore} puts back RCC_CR, RCC_PLLCFGR,
 * RCC_CFGR and FLASH_ACR exactly as they were read.
 * <p>
 * Only from the reset clock configuration (SYSCLK = HSI switched and running, AHB/APB prescalers /1, the main PLL,
 * PLLI2S and PLLSAI off - their shared PLLM is rewritten): anything else was set up by firmware and is left alone.
 * 144 MHz needs no over-drive and is allowed in every regulator scale (scale 3 allows up to 144 MHz, RM0410 §4.1.4
 * PWR voltage regulator), so PWR is neither read nor written. Wait states: {@link #RAISED_LATENCY}, the FLASH_ACR
 * value RM0410 §3.3.2 (read access latency: wait states according to the CPU clock frequency) asks for at 144 MHz in the
 * lowest supply range (1.8-2.1 V); it is also enough at higher supplies. Order (RM0410 §3.3.2, "increasing / decreasing
 * the CPU frequency"; §5.3 RCC registers): the PLL configured and locked, LATENCY raised and read back, then the APB
 * prescalers (APB1 ≤ 54 MHz, APB2 ≤ 108 MHz) and SW in one CFGR write and SWS waited for; back: CFGR (SW = HSI)
 * and SWS waited for, PLL off and PLLRDY waited for, PLLCFGR, then FLASH_ACR.
 */
final class ChecksumClock {

    /** SYSCLK = HCLK while the checksum runs: HSI 16 MHz / PLLM 8 * PLLN 144 / PLLP 2 (VCO 288 MHz). */
    static final long RAISED_HZ = 144_000_000L;
    static final int PLLM_VALUE = 8, PLLN_VALUE = 144, PLLP_DIV2 = 0b00, PLLQ_VALUE = 6;
    /** FLASH_ACR.LATENCY at 144 MHz for any supply voltage (RM0410 §3.3.2, wait states by HCLK: 1.8-2.1 V, 140-160 MHz). */
    static final int RAISED_LATENCY = 7;
    /** APB1 /4 (36 MHz) and APB2 /2 (72 MHz) while raised (RCC_CFGR PPREx: 101 = /4, 100 = /2). */
    static final int PPRE1_DIV4 = 0b101, PPRE2_DIV2 = 0b100;
    /** Host wait for the PLL to lock before the first poll (datasheet tLOCK: up to 300 us). */
    static final long LOCK_WAIT_NANOS = 300_000;
    /** Budget for PLLRDY and for each SWS switch before giving up. */
    static final long BUDGET_NANOS = 20_000_000;

    private static final RegisterBlock RCC = Stm32F7SystemRegisters.rcc();
    private static final Register CR = RCC.register(RCC_CR), PLL = RCC.register(PLLCFGR), CF = RCC.register(CFGR);

    private final MemoryAccess mem;
    private final PollClock clock;
    private final Register acr;
    private final int savedCr, savedPllcfgr, savedCfgr, savedAcr;

    private ChecksumClock(MemoryAccess mem, PollClock clock, Register acr, int cr, int pllcfgr, int cfgr, int acrValue) {
        this.mem = mem;
        this.clock = clock;
        this.acr = acr;
        this.savedCr = cr;
        this.savedPllcfgr = pllcfgr;
        this.savedCfgr = cfgr;
        this.savedAcr = acrValue;
    }

    /** Whether RCC_CR and RCC_CFGR show the reset clock configuration this class may change. */
    static boolean isResetHsi(int cr, int cfgr) {
        return CR.field(HSIRDY).isSet(cr) && !CR.field(PLLON).isSet(cr) && !CR.field(PLLRDY).isSet(cr)
                && !CR.field(PLLI2SON).isSet(cr) && !CR.field(PLLSAION).isSet(cr)
                && CF.field(SW).extract(cfgr) == SYSCLK_HSI && CF.field(SWS).extract(cfgr) == SYSCLK_HSI
                && CF.field(HPRE).extract(cfgr) == 0 && CF.field(PPRE1).extract(cfgr) == 0
                && CF.field(PPRE2).extract(cfgr) == 0;
    }

    /**
     * Raises HCLK to {@link #RAISED_HZ}; null when the clock set-up is not the reset one (nothing written) or the PLL
     * did not lock / SYSCLK did not switch (everything written is restored first). The caller must
     * {@link #restore()} a non-null result in a finally block. The core must be halted.
     */
    static ChecksumClock raise(MemoryAccess mem, PollClock clock, Register acr) throws TargetException {
        byte[] rcc = mem.read(CR.address(), 12, dev.flashbank.core.target.AccessWidth.WORD); // CR, PLLCFGR, CFGR
        java.nio.IntBuffer w = java.nio.ByteBuffer.wrap(rcc).order(java.nio.ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        int cr = w.get(0), pllcfgr = w.get(1), cfgr = w.get(2);
        if (!isResetHsi(cr, cfgr)) {
            return null;
        }
        ChecksumClock c = new ChecksumClock(mem, clock, acr, cr, pllcfgr, cfgr, mem.read32(acr.address()));
        boolean raised = false;
        try {
            raised = c.switchUp();
            return raised ? c : null;
        } finally {
            if (!raised) {
                c.restore();
            }
        }
    }

    private boolean switchUp() throws TargetException {
        int p = savedPllcfgr;
        p = PLL.field(PLLM).insert(p, PLLM_VALUE);
        p = PLL.field(PLLN).insert(p, PLLN_VALUE);
        p = PLL.field(PLLP).insert(p, PLLP_DIV2);
        p = PLL.field(PLLSRC).insert(p, 0); // HSI
        p = PLL.field(PLLQ).insert(p, PLLQ_VALUE);
        mem.write32(PLL.address(), p);
        mem.write32(CR.address(), savedCr | CR.field(PLLON).mask());
        clock.pause(LOCK_WAIT_NANOS);
        if (!waitFor(CR, CR.field(PLLRDY).mask(), CR.field(PLLRDY).mask())) {
            return false;
        }
        Register a = acr;
        int raisedAcr = a.field(Stm32F7Registers.LATENCY).insert(savedAcr,
                Math.max(RAISED_LATENCY, a.field(Stm32F7Registers.LATENCY).extract(savedAcr)));
        mem.write32(a.address(), raisedAcr);
        if (mem.read32(a.address()) != raisedAcr) {
            return false;
        }
        int cfgr = CF.field(PPRE1).insert(savedCfgr, PPRE1_DIV4);
        cfgr = CF.field(PPRE2).insert(cfgr, PPRE2_DIV2);
        cfgr = CF.field(SW).insert(cfgr, SYSCLK_PLL);
        mem.write32(CF.address(), cfgr);
        return waitFor(CF, CF.field(SWS).mask(), CF.field(SWS).encode(SYSCLK_PLL));
    }

    /**
     * Puts RCC_CFGR, RCC_CR, RCC_PLLCFGR and FLASH_ACR back to the values read in {@link #raise}, in that order.
     * Throws (leaving the wait states high, the safe side) when SYSCLK does not return to the HSI.
     */
    void restore() throws TargetException {
        mem.write32(CF.address(), savedCfgr);
        if (!waitFor(CF, CF.field(SWS).mask(), savedCfgr & CF.field(SWS).mask())) {
            throw new TargetException("SYSCLK did not switch back to the HSI after the target-side CRC; "
                    + "RCC_CFGR and FLASH_ACR left raised");
        }
        mem.write32(CR.address(), savedCr);
        if (!waitFor(CR, CR.field(PLLRDY).mask(), 0)) {
            throw new TargetException("the main PLL did not stop after the target-side CRC");
        }
        mem.write32(PLL.address(), savedPllcfgr);
        mem.write32(acr.address(), savedAcr);
    }

    private boolean waitFor(Register r, int mask, int value) throws TargetException {
        long deadline = clock.nanoTime() + BUDGET_NANOS;
        while ((mem.read32(r.address()) & mask) != value) {
            if (clock.nanoTime() > deadline) {
                return false;
            }
            clock.pause(LOCK_WAIT_NANOS);
        }
        return true;
    }
}
