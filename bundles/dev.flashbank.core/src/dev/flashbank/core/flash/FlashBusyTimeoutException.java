package dev.flashbank.core.flash;

import dev.flashbank.core.device.Sector;

/**
 * FLASH_SR.BSY did not clear within the operation's budget ({@link OperationTimeout}, derived from the timing
 * table's maxima). The flash may still finish the operation: a tool timeout shorter than the real erase time is a
 * known cause of "failed" erases that actually succeeded (a bank erase takes up to the DS11532 "Flash memory
 * programming" maximum; OpenOCD src/flash/nor/stm32f2x.c waits a fixed 10 s / 33 s).
 */
public class FlashBusyTimeoutException extends FlashOperationException {
    private static final long serialVersionUID = 1L;

    private final OperationTimeout budget;
    private final long elapsedNanos;

    public FlashBusyTimeoutException(FlashOperation operation, OperationTimeout budget, long elapsedNanos, Sector sector,
            Long address, String message) {
        super(operation, FailureCause.TIMEOUT, sector, address, message,
                "check the supply voltage (low VDD forces x8 parallelism, which is slower) and read FLASH_SR again: "
                        + "the operation may still complete; if the timing table is too optimistic for this part, "
                        + "raise the safety factor",
                null);
        this.budget = budget;
        this.elapsedNanos = elapsedNanos;
    }

    public OperationTimeout budget() {
        return budget;
    }

    public long elapsedNanos() {
        return elapsedNanos;
    }
}
