package dev.flashbank.sim;

import java.util.Optional;

import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.family.OptionImage;

/**
 * How to build a simulated board: bench settings (BOOT0 pin, supply voltage), identity (seed, unique ID, probe
 * serial), the model's parameters and timings (overridable, e.g. to simulate a variant of an UNCONFIRMED fact or the
 * datasheet maxima), the simulator's own assumptions, and optionally option bytes other than the factory ones.
 * Settings that only one family understands (its model parameters, its simulator's assumptions, its option image) are
 * held as that family's own types; the family that builds the board takes the ones it knows and refuses others
 * ({@link #familyValue}), so a setting meant for one family is never silently ignored by another.
 *
 * @param boot0 level of the BOOT0 pin (sampled at reset; on parts with boot-address options it selects BOOT_ADD0 or
 *        BOOT_ADD1)
 * @param voltageMillivolts supply voltage reported to the probe
 * @param seed seeds everything pseudo-random: unique ID and serial (unless given), RAM power-up contents, the
 *        undefined bits of an interrupted programming
 * @param uniqueId the 96-bit UID (12 bytes) or empty to derive it from the seed
 * @param serial probe serial number or empty to derive it from the seed
 * @param revId DBGMCU_IDCODE.REV_ID to report (0x1001 = revision Z)
 * @param parameters the family model's named UNCONFIRMED facts, as the family's own parameter record (empty = model
 *        defaults)
 * @param timings operation durations (empty = the model's table for the line)
 * @param timingBound whether operations take the typical or the maximum time of the table
 * @param optionBytes option bytes (the family's option image) to program into the option area before the first
 *        power-up (empty = factory)
 * @param sim the simulator's own assumptions that hold for every family
 * @param familySim the family simulator's own assumptions, as the family's own record (empty = its defaults)
 */
public record BoardOptions(boolean boot0, int voltageMillivolts, long seed, Optional<byte[]> uniqueId, Optional<String> serial,
        int revId, Optional<Object> parameters, Optional<FlashTimings> timings, FlashTimings.Bound timingBound,
        Optional<OptionImage> optionBytes, SimParameters sim, Optional<Object> familySim) {

    /** Default supply voltage: 3.3 V. */
    public static final int DEFAULT_VOLTAGE_MV = 3300;
    /** REV_ID 0x1001 = revision Z (OpenOCD src/flash/nor/stm32f2x.c revision table). */
    public static final int REV_Z = 0x1001;

    public BoardOptions {
        uniqueId = uniqueId.map(byte[]::clone);
        if (uniqueId.isPresent() && uniqueId.get().length != BoardSnapshot.UNIQUE_ID_BYTES) {
            throw new IllegalArgumentException("unique ID must be 12 bytes");
        }
        if (voltageMillivolts < 0) {
            throw new IllegalArgumentException("negative voltage");
        }
    }

    /** BOOT0 low, 3.3 V, seed 1, factory options, model defaults, typical timings. */
    public static BoardOptions defaults() {
        return new BoardOptions(false, DEFAULT_VOLTAGE_MV, 1, Optional.empty(), Optional.empty(), REV_Z, Optional.empty(),
                Optional.empty(), FlashTimings.Bound.TYPICAL, Optional.empty(), SimParameters.defaults(), Optional.empty());
    }

    /**
     * A family-specific setting ({@link #parameters()}, {@link #familySim()}, {@link #optionBytes()}) as the type the
     * building family understands: empty when none was given, {@link BoardConfigurationException} naming the part
     * when one of another family's type was given.
     */
    public static <T> Optional<T> familyValue(Optional<?> value, Class<T> type, String what, String partName)
            throws BoardConfigurationException {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!type.isInstance(value.get())) {
            throw new BoardConfigurationException(what + " of another family (" + value.get().getClass().getSimpleName()
                    + ") were given for the " + partName, false);
        }
        return Optional.of(type.cast(value.get()));
    }

    public BoardOptions withBoot0(boolean v) {
        return new BoardOptions(v, voltageMillivolts, seed, uniqueId, serial, revId, parameters, timings, timingBound,
                optionBytes, sim, familySim);
    }

    public BoardOptions withVoltageMillivolts(int v) {
        return new BoardOptions(boot0, v, seed, uniqueId, serial, revId, parameters, timings, timingBound, optionBytes, sim,
                familySim);
    }

    public BoardOptions withSeed(long v) {
        return new BoardOptions(boot0, voltageMillivolts, v, uniqueId, serial, revId, parameters, timings, timingBound,
                optionBytes, sim, familySim);
    }

    public BoardOptions withUniqueId(byte[] v) {
        return new BoardOptions(boot0, voltageMillivolts, seed, Optional.of(v), serial, revId, parameters, timings,
                timingBound, optionBytes, sim, familySim);
    }

    /**
     * A board of its own: a random 96-bit unique ID (and the probe serial derived from it) and a random seed, so that
     * two boards made with these options never share a UID or a serial (tools key backups and journals by UID).
     */
    public BoardOptions withFreshIdentity() {
        java.security.SecureRandom r = new java.security.SecureRandom();
        byte[] uid = new byte[BoardSnapshot.UNIQUE_ID_BYTES];
        r.nextBytes(uid);
        return withSeed(r.nextLong()).withUniqueId(uid);
    }

    public BoardOptions withSerial(String v) {
        return new BoardOptions(boot0, voltageMillivolts, seed, uniqueId, Optional.of(v), revId, parameters, timings,
                timingBound, optionBytes, sim, familySim);
    }

    public BoardOptions withRevId(int v) {
        return new BoardOptions(boot0, voltageMillivolts, seed, uniqueId, serial, v, parameters, timings, timingBound,
                optionBytes, sim, familySim);
    }

    /** The family model's parameters (its own record type, from the family's device model). */
    public BoardOptions withParameters(Object v) {
        return new BoardOptions(boot0, voltageMillivolts, seed, uniqueId, serial, revId, Optional.of(v), timings,
                timingBound, optionBytes, sim, familySim);
    }

    public BoardOptions withTimings(FlashTimings v) {
        return new BoardOptions(boot0, voltageMillivolts, seed, uniqueId, serial, revId, parameters, Optional.of(v),
                timingBound, optionBytes, sim, familySim);
    }

    public BoardOptions withTimingBound(FlashTimings.Bound v) {
        return new BoardOptions(boot0, voltageMillivolts, seed, uniqueId, serial, revId, parameters, timings, v,
                optionBytes, sim, familySim);
    }

    public BoardOptions withOptionBytes(OptionImage v) {
        return new BoardOptions(boot0, voltageMillivolts, seed, uniqueId, serial, revId, parameters, timings, timingBound,
                Optional.of(v), sim, familySim);
    }

    public BoardOptions withSim(SimParameters v) {
        return new BoardOptions(boot0, voltageMillivolts, seed, uniqueId, serial, revId, parameters, timings, timingBound,
                optionBytes, v, familySim);
    }

    /** The family simulator's own assumptions (its own record type). */
    public BoardOptions withFamilySim(Object v) {
        return new BoardOptions(boot0, voltageMillivolts, seed, uniqueId, serial, revId, parameters, timings, timingBound,
                optionBytes, sim, Optional.of(v));
    }
}
