package dev.flashbank.family.stm32f7;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.FlashTimings.Bound;
import dev.flashbank.core.device.Parallelism;

/**
 * The STM32F7 flash timing table under the {@link FlashTimings} parameter names: program unit per PSIZE, sector erase for the 16/32/64/128/256 KiB
 * sectors of the F7 lines, bank/mass erase per MiB, option programming.
 * <p>
 * WHERE THE VALUES COME FROM: the STM32F4 datasheets' "Flash memory programming" table (same flash IP), with the
 * 32 KiB and 256 KiB rows scaled by sector size. The F7 datasheets' own table (DS11532 STM32F765/767/768/769,
 * DS10916 STM32F745/746, DS11853 STM32F722/723/732/733, section "Flash memory programming") has NOT been read or
 * transcribed; until it is, every value here is UNCONFIRMED for F7 and {@link #SOURCE} says so in every report
 * (bench output, model parameter lists). Transcribing it means replacing the rows below with its typ/max columns and
 * citing the table and line next to each row.
 */
public final class Stm32F7Timings {

    /** Label of the table; reports print it. */
    public static final String SOURCE = "STM32F4 datasheet values, UNCONFIRMED for F7";

    private Stm32F7Timings() {
    }

    /**
     * The STM32F4 datasheet flash timing table (32 KiB and 256 KiB rows scaled) with the RM0410 correction:
     * the 256 KiB x8 maximum is 4 s (Zephyr F7 driver: "maximum erase time of 4s for a 256K sector"), not the
     * scaled 8 s. The table has no x64 column: x64 uses the x32 values (noted). Option programming = erasing
     * one 16 KiB sector (STM32F4 datasheet values); the mass erase on an RDP 1->0 regression is added by the caller.
     */
    public static FlashTimings defaults() {
        Map<String, Long> m = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (Parallelism par : Parallelism.values()) {
            m.put(FlashTimings.programUnitKey(par, Bound.TYPICAL), 16L);
            m.put(FlashTimings.programUnitKey(par, Bound.MAXIMUM), 100L);
        }
        // rows: size KiB -> {x8 typ, x8 max, x16 typ, x16 max, x32 typ, x32 max} in ms (STM32F4 datasheet values,
        // 32/256 KiB rows scaled)
        long[][] erase = {
                { 16, 400, 800, 300, 600, 250, 500 },
                { 32, 500, 1000, 400, 800, 300, 600 },
                { 64, 1200, 2400, 700, 1400, 550, 1100 },
                { 128, 2000, 4000, 1300, 2600, 1000, 2000 },
                { 256, 4000, 4000, 2600, 5200, 2000, 4000 }, // x8 max 4 s, not 8 s (Zephyr's F7 flash driver)
        };
        for (long[] row : erase) {
            int kib = (int) row[0];
            putColumns(m, kib, Parallelism.X8, row[1], row[2]);
            putColumns(m, kib, Parallelism.X16, row[3], row[4]);
            putColumns(m, kib, Parallelism.X32, row[5], row[6]);
            putColumns(m, kib, Parallelism.X64, row[5], row[6]);
        }
        long[][] bank = { { 16, 32 }, { 11, 22 }, { 8, 16 }, { 8, 16 } }; // seconds per MiB, x8 x16 x32 (x64=x32)
        for (Parallelism par : Parallelism.values()) {
            m.put(FlashTimings.bankEraseKey(par, Bound.TYPICAL), bank[par.ordinal()][0] * 1_000_000L);
            m.put(FlashTimings.bankEraseKey(par, Bound.MAXIMUM), bank[par.ordinal()][1] * 1_000_000L);
        }
        m.put(FlashTimings.optionProgramKey(Bound.TYPICAL),
                m.get(FlashTimings.sectorEraseKey(16, Parallelism.X32, Bound.TYPICAL)));
        m.put(FlashTimings.optionProgramKey(Bound.MAXIMUM),
                m.get(FlashTimings.sectorEraseKey(16, Parallelism.X32, Bound.MAXIMUM)));
        notes.add("corrected: erase.sector.256K.x8.max = 4 s (the F4 value scaled to 256 KiB, 8 s, was about twice too "
                + "high; Zephyr's F7 flash driver allows 4 s)");
        notes.add("no x64 column in the F4 datasheet table: x64 values are the x32 values");
        notes.add("option.program = erase of one 16 KiB sector (x32); RDP 1->0 regression adds a mass erase");
        return FlashTimings.of(SOURCE, m, notes);
    }

    private static void putColumns(Map<String, Long> m, int kib, Parallelism par, long typMs, long maxMs) {
        m.put(FlashTimings.sectorEraseKey(kib, par, Bound.TYPICAL), typMs * 1000);
        m.put(FlashTimings.sectorEraseKey(kib, par, Bound.MAXIMUM), maxMs * 1000);
    }
}
