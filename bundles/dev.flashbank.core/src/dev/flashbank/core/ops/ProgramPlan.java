package dev.flashbank.core.ops;

import java.util.List;
import java.util.Map;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.EraseUnit;
import dev.flashbank.core.device.Sector;

/**
 * The minimal set of sector actions that makes the flash hold the image (decided by reading the sectors back before
 * anything is written).
 *
 * @param swpFb SYSCFG_MEMRMP.SWP_FB the plan was made under (sector addresses depend on it)
 * @param steps one per sector the image (or {@link ProgramOptions#alsoErase()}) touches, lowest address first
 * @param unit what the part's manual calls its sectors (the geometry's {@link EraseUnit}), for the summary
 * @param identicalByTargetCrc how many of the {@link Action#SKIP_IDENTICAL} steps a target-side CRC found identical
 *        (the others were read back)
 */
public record ProgramPlan(boolean swpFb, List<Step> steps, EraseUnit unit, int identicalByTargetCrc) {

    /** A plan over sectors. */
    public ProgramPlan(boolean swpFb, List<Step> steps) {
        this(swpFb, steps, EraseUnit.SECTOR);
    }

    /** A plan whose identical sectors were all found so by reading them back. */
    public ProgramPlan(boolean swpFb, List<Step> steps, EraseUnit unit) {
        this(swpFb, steps, unit, 0);
    }

    /** What happens to one sector. */
    public enum Action {
        /** The sector already holds exactly what it should: not touched. */
        SKIP_IDENTICAL,
        /** The sector is blank (all 0xFF): programmed without an erase. */
        PROGRAM,
        /** The sector holds other data: erased, then programmed. */
        ERASE_AND_PROGRAM,
        /** Outside the image, erase requested ({@link ProgramOptions#alsoErase()}). */
        ERASE_ONLY
    }

    /**
     * @param sector the physical sector
     * @param window where it is visible now (AXIM)
     * @param action what is done to it
     * @param imageBytes bytes of the image inside this sector
     * @param programBytes bytes that are not 0xFF in what will be written (0 for skip/erase only)
     */
    public record Step(Sector sector, AddressRange window, Action action, int imageBytes, int programBytes) {
    }

    public ProgramPlan {
        steps = List.copyOf(steps);
        java.util.Objects.requireNonNull(unit, "unit");
    }

    public List<Step> steps(Action action) {
        return steps.stream().filter(s -> s.action() == action).toList();
    }

    /** Sectors that will be erased. */
    public List<Sector> erased() {
        return steps.stream().filter(s -> s.action() == Action.ERASE_AND_PROGRAM || s.action() == Action.ERASE_ONLY)
                .map(Step::sector).toList();
    }

    /** Sectors that will be written (erased and/or programmed). */
    public List<Sector> touched() {
        return steps.stream().filter(s -> s.action() != Action.SKIP_IDENTICAL).map(Step::sector).toList();
    }

    public String describe() {
        return String.format("%d " + unit.singular() + "(s): %d identical (skipped), %d blank (program only), %d erase+program, "
                + "%d erase only", steps.size(), steps(Action.SKIP_IDENTICAL).size(), steps(Action.PROGRAM).size(),
                steps(Action.ERASE_AND_PROGRAM).size(), steps(Action.ERASE_ONLY).size());
    }

    /**
     * How the skipped sectors were found identical, as users read it, e.g. "4 sector(s) compared by target CRC",
     * "2 page(s) read back and compared" or "3 sector(s) compared by target CRC, 1 read back".
     */
    public String identicalMethod() {
        int skipped = steps(Action.SKIP_IDENTICAL).size();
        int readBack = skipped - identicalByTargetCrc;
        String units = skipped + " " + unit.singular() + "(s) ";
        return identicalByTargetCrc == 0 ? units + "read back and compared"
                : readBack == 0 ? units + "compared by target CRC"
                        : String.format("%d %s(s) compared by target CRC, %d read back", identicalByTargetCrc,
                                unit.singular(), readBack);
    }

    public Map<String, Object> data() {
        return Data.of("swpFb", swpFb, "identicalByTargetCrc", identicalByTargetCrc, "steps", steps.stream()
                .map(s -> Data.of("bank", s.sector().bank(), "sector",
                s.sector().number(), "window", s.window().toString(), "action", s.action().name(), "imageBytes",
                s.imageBytes())).toList());
    }
}
