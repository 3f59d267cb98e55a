package dev.flashbank.stlink;

import java.time.Duration;

import dev.flashbank.core.target.TargetException;

/**
 * Time as the probe session sees it: for WAIT back-off and polling budgets. Real probes use the system clock; the
 * emulator supplies one that advances the simulated board's virtual clock, so tests never sleep.
 */
public interface ProbeClock {

    long nanoTime();

    void pause(Duration duration) throws TargetException;

    /** System time; pausing sleeps the calling thread (interruption becomes a typed error). */
    ProbeClock SYSTEM = new ProbeClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void pause(Duration duration) throws TargetException {
            try {
                Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TargetException("interrupted while waiting for the probe", e);
            }
        }
    };
}
