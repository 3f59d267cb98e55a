package dev.flashbank.core.flash;

import java.time.Duration;
import java.util.Optional;

import dev.flashbank.core.device.Parallelism;

/**
 * Tunables of the flash driver.
 *
 * @param safetyFactor multiplier on the timing table's maxima for every BSY wait ({@link FlashTimeouts})
 * @param slack fixed extra time per wait for transport latency
 * @param externalVpp the board supplies VPP, which allows x64 at 2.7-3.6 V (RM0410 §3.3, table "Program/erase
 *        parallelism")
 * @param parallelismOverride force a PSIZE instead of deriving it from the measured voltage (only ever narrower is
 *        safe; wider than the supply allows is out of specification)
 * @param writeMode how program data is written ({@link WriteMode#AUTO}: per
 *        {@link dev.flashbank.core.target.DebugTarget#supportsStreamingFlashWrites()})
 * @param runBytes the largest run written by one block write (streaming) and the unit of progress and cancellation
 *        when programming; runs never cross a sector
 */
public record FlashDriverSettings(double safetyFactor, Duration slack, boolean externalVpp,
        Optional<Parallelism> parallelismOverride, WriteMode writeMode, int runBytes) {

    /** How programming writes reach the flash. */
    public enum WriteMode {
        /** Ask the transport. */
        AUTO,
        /** One block write per run with PG held; the flash stalls the bus while BSY (RM0090 note; F7 UNCONFIRMED). */
        STREAMING,
        /** One unit per write, BSY polled after each (for transports that cannot ride out a bus stall). */
        WORD_WISE
    }

    /**
     * Default run size: 16 KiB, the smallest F7 sector (RM0410, flash memory organisation), so a small sector is one
     * run and a 128 KiB sector 8 progress steps (~0.1 s each on a full-speed ST-Link). Each run costs one FLASH_SR
     * check and one probe status query: with 4 KiB runs that overhead was ~3 % of streamed programming on an ST-LINK/V2
     * (issue 11).
     */
    public static final int DEFAULT_RUN_BYTES = 16 * 1024;

    public FlashDriverSettings {
        if (runBytes < 8 || Integer.bitCount(runBytes) != 1) {
            throw new IllegalArgumentException("runBytes must be a power of two >= 8");
        }
        if (safetyFactor < 1.0) {
            throw new IllegalArgumentException("safetyFactor must be >= 1");
        }
    }

    public static FlashDriverSettings defaults() {
        return new FlashDriverSettings(FlashTimeouts.DEFAULT_SAFETY_FACTOR, FlashTimeouts.DEFAULT_SLACK, false,
                Optional.empty(), WriteMode.AUTO, DEFAULT_RUN_BYTES);
    }

    public FlashDriverSettings withWriteMode(WriteMode mode) {
        return new FlashDriverSettings(safetyFactor, slack, externalVpp, parallelismOverride, mode, runBytes);
    }

    public FlashDriverSettings withParallelism(Parallelism p) {
        return new FlashDriverSettings(safetyFactor, slack, externalVpp, Optional.of(p), writeMode, runBytes);
    }

    public FlashDriverSettings withExternalVpp(boolean v) {
        return new FlashDriverSettings(safetyFactor, slack, v, parallelismOverride, writeMode, runBytes);
    }

    public FlashDriverSettings withRunBytes(int bytes) {
        return new FlashDriverSettings(safetyFactor, slack, externalVpp, parallelismOverride, writeMode, bytes);
    }

    public FlashDriverSettings withSafetyFactor(double f) {
        return new FlashDriverSettings(f, slack, externalVpp, parallelismOverride, writeMode, runBytes);
    }
}
