package dev.flashbank.stlink;

import java.time.Duration;

import dev.flashbank.core.flash.PollClock;

/**
 * Tunables of a probe session; every default cites where it comes from.
 *
 * @param commandTimeoutMillis per USB phase; OpenOCD uses 1000 ms for ST-Link reads and writes (STLINK_READ_TIMEOUT)
 * @param waitRetries          retries after SWD_AP_WAIT / SWD_DP_WAIT (OpenOCD stlink_usb.c: 8)
 * @param firstWaitBackoff     first back-off, doubled on each retry (OpenOCD stlink_usb.c: 1 ms)
 * @param tarWindow            TAR auto-increment window for 16/32-bit splits (Cortex-M7: 1 KiB, OpenOCD
 *                             stlink_max_block_size) on firmware before V2J32/V3J2; later firmware reloads TAR
 *                             itself ({@link TransferPlan.Limits#forFeatures})
 * @param swdKiloHertz         requested SWD clock; the probe picks the nearest lower supported one (OpenOCD
 *                             stlink_usb.c). The default is the ST-LINK/V2's own default of 1.8 MHz
 * @param clock                time source for back-off and polling (the flash driver's clock type, so one clock
 *                             serves both; the emulator's advances the simulated board's virtual time)
 * @param writeStatusCheck     when memory writes query GETLASTRWSTATUS2 ({@link WriteStatusCheck}; default
 *                             {@link WriteStatusCheck#DEFAULT}, see there why)
 */
public record StlinkSessionOptions(int commandTimeoutMillis, int waitRetries, Duration firstWaitBackoff, int tarWindow,
        int swdKiloHertz, PollClock clock, WriteStatusCheck writeStatusCheck) {

    public StlinkSessionOptions {
        java.util.Objects.requireNonNull(writeStatusCheck, "writeStatusCheck");
    }

    /** Without an explicit write-status policy: {@link WriteStatusCheck#DEFAULT}. */
    public StlinkSessionOptions(int commandTimeoutMillis, int waitRetries, Duration firstWaitBackoff, int tarWindow,
            int swdKiloHertz, PollClock clock) {
        this(commandTimeoutMillis, waitRetries, firstWaitBackoff, tarWindow, swdKiloHertz, clock,
                WriteStatusCheck.DEFAULT);
    }

    public static final int DEFAULT_COMMAND_TIMEOUT_MILLIS = 1000;
    public static final int DEFAULT_WAIT_RETRIES = 8;
    public static final Duration DEFAULT_FIRST_WAIT_BACKOFF = Duration.ofMillis(1);
    public static final int DEFAULT_SWD_KHZ = 1800;

    public static StlinkSessionOptions defaults() {
        return new StlinkSessionOptions(DEFAULT_COMMAND_TIMEOUT_MILLIS, DEFAULT_WAIT_RETRIES,
                DEFAULT_FIRST_WAIT_BACKOFF, StlinkCommands.TAR_AUTOINCREMENT_WINDOW_DEFAULT, DEFAULT_SWD_KHZ,
                PollClock.system());
    }

    public StlinkSessionOptions withClock(PollClock c) {
        return new StlinkSessionOptions(commandTimeoutMillis, waitRetries, firstWaitBackoff, tarWindow, swdKiloHertz, c, writeStatusCheck);
    }

    public StlinkSessionOptions withSwdKiloHertz(int khz) {
        return new StlinkSessionOptions(commandTimeoutMillis, waitRetries, firstWaitBackoff, tarWindow, khz, clock, writeStatusCheck);
    }

    public StlinkSessionOptions withTarWindow(int window) {
        return new StlinkSessionOptions(commandTimeoutMillis, waitRetries, firstWaitBackoff, window, swdKiloHertz, clock, writeStatusCheck);
    }

    public StlinkSessionOptions withWaitRetries(int retries) {
        return new StlinkSessionOptions(commandTimeoutMillis, retries, firstWaitBackoff, tarWindow, swdKiloHertz, clock, writeStatusCheck);
    }

    public StlinkSessionOptions withWriteStatusCheck(WriteStatusCheck check) {
        return new StlinkSessionOptions(commandTimeoutMillis, waitRetries, firstWaitBackoff, tarWindow, swdKiloHertz,
                clock, check);
    }
}
