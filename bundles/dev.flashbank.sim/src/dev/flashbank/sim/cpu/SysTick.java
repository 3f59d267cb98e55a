package dev.flashbank.sim.cpu;

import static dev.flashbank.core.device.cortexm.CortexM.SYST_CALIB;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_CALIB_SKEW;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_CSR;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_CSR_CLKSOURCE;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_CSR_COUNTFLAG;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_CSR_ENABLE;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_CSR_TICKINT;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_CVR;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_RVR;
import static dev.flashbank.core.device.cortexm.CortexM.SYST_RVR_RELOAD;

/**
 * The SysTick timer (ARMv7-M ARM B3.3): a 24-bit down counter clocked by the processor clock (CLKSOURCE = 1) or the
 * part's reference clock (CLKSOURCE = 0; STM32: HCLK / 8, RM0410 §5.2 "SysTick"), counted here on the core's cycles.
 * Reaching 0 sets COUNTFLAG (cleared by reading CSR) and, with TICKINT, pends the SysTick exception; the next clock
 * reloads RVR.
 */
final class SysTick {

    private final Nvic nvic;
    private final int referenceDivider;
    private int csr;
    private int reload;
    private int current;
    private boolean countFlag;
    /** Processor cycles not yet turned into reference-clock ticks (CLKSOURCE = 0). */
    private int prescale;
    /** ENABLE and CLKSOURCE = 1: {@link #advance}'s fast path counts cycles directly. */
    private boolean onProcessorClock;

    SysTick(Nvic nvic, int referenceDivider) {
        this.nvic = nvic;
        this.referenceDivider = referenceDivider;
    }

    void reset() {
        csr = 0;
        reload = 0;
        current = 0;
        countFlag = false;
        prescale = 0;
        onProcessorClock = false;
    }

    boolean enabled() {
        return SYST_CSR_ENABLE.isSet(csr);
    }

    /** Reaching 0 pends the SysTick exception (TICKINT). */
    boolean interrupts() {
        return SYST_CSR_TICKINT.isSet(csr);
    }

    /** Counts {@code cycles} processor cycles. */
    void advance(long cycles) {
        if (onProcessorClock && current > cycles) {
            current -= (int) cycles; // the common case: counting down on the processor clock, not reaching 0
            return;
        }
        if (!enabled()) {
            return;
        }
        long ticks = cycles;
        if (!SYST_CSR_CLKSOURCE.isSet(csr)) {
            long total = prescale + cycles;
            ticks = total / referenceDivider;
            prescale = (int) (total % referenceDivider);
        }
        while (ticks > 0) {
            if (current == 0) {
                current = reload; // the clock after reaching 0 (or after a CVR write) reloads
                ticks--;
                if (reload == 0) {
                    return; // RVR = 0: the counter stays at 0 and never fires
                }
                continue;
            }
            long n = Math.min(ticks, current);
            current -= (int) n;
            ticks -= n;
            if (current == 0) {
                countFlag = true;
                if (SYST_CSR_TICKINT.isSet(csr)) {
                    nvic.setPending(Nvic.SYSTICK);
                }
            }
        }
    }

    /** Processor cycles until the counter next reaches 0 (for skipping a sleep), or -1 when it never will. */
    long cyclesToZero() {
        if (!enabled() || reload == 0 && current == 0) {
            return -1;
        }
        long ticks = current == 0 ? reload + 1L : current;
        return SYST_CSR_CLKSOURCE.isSet(csr) ? ticks : ticks * referenceDivider - prescale;
    }

    boolean handles(int address) {
        return address >= SYST_CSR.address() && address <= SYST_CALIB.address();
    }

    int read(int address) {
        if (address == (int) SYST_CSR.address()) {
            int v = csr | (countFlag ? SYST_CSR_COUNTFLAG.mask() : 0);
            countFlag = false;
            return v;
        }
        if (address == (int) SYST_RVR.address()) {
            return reload;
        }
        if (address == (int) SYST_CVR.address()) {
            return current;
        }
        // CALIB: no exact 10 ms value is given (TENMS = 0, SKEW = 1); the reference clock exists (NOREF = 0)
        return SYST_CALIB_SKEW.mask();
    }

    void write(int address, int value) {
        if (address == (int) SYST_CSR.address()) {
            csr = value & (SYST_CSR_ENABLE.mask() | SYST_CSR_TICKINT.mask() | SYST_CSR_CLKSOURCE.mask());
            onProcessorClock = enabled() && SYST_CSR_CLKSOURCE.isSet(csr);
        } else if (address == (int) SYST_RVR.address()) {
            reload = value & SYST_RVR_RELOAD.mask();
        } else if (address == (int) SYST_CVR.address()) {
            current = 0; // any write clears the counter and COUNTFLAG (B3.3.4)
            countFlag = false;
        }
    }
}
