package dev.flashbank.core.flash;

import java.util.concurrent.locks.LockSupport;

import dev.flashbank.core.target.TargetException;

/**
 * Time as the flash driver sees it while polling FLASH_SR.BSY: a monotonic clock and a way to let time pass between
 * polls. Real probes use {@link #system()}; the simulator passes its virtual clock (pausing = letting virtual time
 * elapse), so a 30 s mass erase is waited for without 30 s of wall-clock time and timeouts are exact.
 */
public interface PollClock {

    /** Monotonic time in nanoseconds (only differences matter). */
    long nanoTime() throws TargetException;

    /** Lets about {@code nanos} pass before the next poll. */
    void pause(long nanos) throws TargetException;

    /** Wall-clock time for real hardware. */
    static PollClock system() {
        return new PollClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void pause(long nanos) throws TargetException {
                if (nanos > 0) {
                    LockSupport.parkNanos(nanos);
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new TargetException("interrupted while waiting for the flash");
                }
            }
        };
    }
}
