package dev.flashbank.cli.bench;

import java.time.Duration;

import dev.flashbank.core.target.TargetException;
import dev.flashbank.stlink.StlinkTransport;
import dev.flashbank.stlink.emulator.StlinkEmulatorBackend;

/**
 * An emulated probe served to another program (OpenOCD) for the bench: every command is charged by the emulator's
 * cost model as for Flashbank's own client, and a pause of the client between two commands that is at least
 * {@link #SLEEP_THRESHOLD} long is charged to the board as well - that is the client waiting on purpose (OpenOCD's
 * stm32f2x driver sleeps 1 ms between FLASH_SR polls and counts the polls, not the time), which costs the same on a
 * real probe. Shorter gaps are the client's and this machine's processing and are not charged: a slow host must not
 * make the other tool look slow. The charged sleep time is reported.
 */
final class HostSleepCharging implements StlinkTransport {

    /** Gaps at least this long are the client sleeping (OpenOCD: alive_sleep(1) = 1 ms); below it, host processing. */
    static final long SLEEP_THRESHOLD = 500_000;

    private final StlinkTransport inner;
    private final StlinkEmulatorBackend board;
    private long lastEnd = -1;
    private long charged;

    HostSleepCharging(StlinkTransport inner, StlinkEmulatorBackend board) {
        this.inner = inner;
        this.board = board;
    }

    @Override
    public synchronized byte[] exchange(byte[] cdb, byte[] dataOut, int inLength, int timeoutMillis)
            throws TargetException {
        long now = System.nanoTime();
        if (lastEnd >= 0 && now - lastEnd >= SLEEP_THRESHOLD) {
            board.elapse(Duration.ofNanos(now - lastEnd));
            charged += now - lastEnd;
        }
        try {
            return inner.exchange(cdb, dataOut, inLength, timeoutMillis);
        } finally {
            lastEnd = System.nanoTime();
        }
    }

    /** Client sleep charged to the board so far. */
    synchronized long chargedNanos() {
        return charged;
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
