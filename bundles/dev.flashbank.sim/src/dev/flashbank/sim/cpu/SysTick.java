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
 * <p>
 * Counted lazily: the counter, COUNTFLAG and the reference-clock prescaler are kept as of core cycle {@link #base} and
 * brought up to the core's cycles ({@link #sync}) when a register is read or written. With TICKINT the core's
 * {@link CortexMCore#sysTickDeadline} holds the cycle at which the counter next reaches 0: the instruction whose
 * cycles cross it calls {@link #expire}, which pends the exception - the same instruction that would have taken the
 * counter to 0 had it counted every cycle.
 */
final class SysTick {

    private final CortexMCore core;
    private final Nvic nvic;
    private final int referenceDivider;
    private int csr;
    private int reload;
    private int current;
    private boolean countFlag;
    /** Processor cycles not yet turned into reference-clock ticks (CLKSOURCE = 0). */
    private int prescale;
    /** The core cycle at which {@link #current}, {@link #countFlag} and {@link #prescale} are valid. */
    private long base;

    SysTick(CortexMCore core, Nvic nvic, int referenceDivider) {
        this.core = core;
        this.nvic = nvic;
        this.referenceDivider = referenceDivider;
    }

    void reset() {
        csr = 0;
        reload = 0;
        current = 0;
        countFlag = false;
        prescale = 0;
        base = core.cycles;
        core.sysTickDeadline = Long.MAX_VALUE;
    }

    boolean enabled() {
        return SYST_CSR_ENABLE.isSet(csr);
    }

    /** Reaching 0 pends the SysTick exception (TICKINT). */
    boolean interrupts() {
        return SYST_CSR_TICKINT.isSet(csr);
    }

    /** The core's cycles reached {@link CortexMCore#sysTickDeadline}: count up to them (pending the exception). */
    void expire() {
        sync();
        schedule();
    }

    /** Counts the processor cycles since {@link #base}. */
    private void sync() {
        long cycles = core.cycles - base;
        base = core.cycles;
        if (cycles <= 0 || !enabled()) {
            return; // a disabled counter holds, its prescaler too
        }
        long ticks = cycles;
        if (!SYST_CSR_CLKSOURCE.isSet(csr)) {
            long total = prescale + cycles;
            ticks = total / referenceDivider;
            prescale = (int) (total % referenceDivider);
        }
        if (ticks == 0) {
            return;
        }
        if (current > 0) {
            if (ticks < current) {
                current -= (int) ticks; // the common case: counting down, not reaching 0
                return;
            }
            ticks -= current;
            current = 0;
            reachedZero();
        }
        if (ticks == 0 || reload == 0) {
            return; // at 0; RVR = 0: the counter stays at 0 and never fires
        }
        // from 0, each period of RVR + 1 clocks is a reload and RVR clocks down to 0
        long period = reload + 1L;
        if (ticks >= period) {
            reachedZero();
        }
        long k = ticks % period;
        current = k == 0 ? 0 : (int) (period - k);
    }

    private void reachedZero() {
        countFlag = true;
        if (SYST_CSR_TICKINT.isSet(csr)) {
            nvic.setPending(Nvic.SYSTICK);
        }
    }

    /** The core's deadline: the cycle at which the counter next reaches 0 with TICKINT set (else never). */
    private void schedule() {
        long toZero = interrupts() ? cyclesToZero() : -1;
        core.sysTickDeadline = toZero > 0 ? base + toZero : Long.MAX_VALUE;
    }

    /** Processor cycles until the counter next reaches 0 (for skipping a sleep), or -1 when it never will. */
    long cyclesToZero() {
        sync();
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
        sync();
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
        sync();
        if (address == (int) SYST_CSR.address()) {
            csr = value & (SYST_CSR_ENABLE.mask() | SYST_CSR_TICKINT.mask() | SYST_CSR_CLKSOURCE.mask());
        } else if (address == (int) SYST_RVR.address()) {
            reload = value & SYST_RVR_RELOAD.mask();
        } else if (address == (int) SYST_CVR.address()) {
            current = 0; // any write clears the counter and COUNTFLAG (B3.3.4)
            countFlag = false;
        }
        schedule();
    }
}
