package dev.flashbank.core.flash;

import java.util.ArrayList;
import java.util.List;

import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.stm32f7.OptionBytes;
import dev.flashbank.core.device.stm32f7.Stm32F7Parameters;
import dev.flashbank.core.family.OptionImage;

/**
 * What an option-byte write did, for any family (the images are the family's {@link OptionImage}s).
 *
 * @param before options read before the write
 * @param requested options written
 * @param after options read back after the option change (F7: FLASH_OPTCR/OPTCR1/OPTCR2; H7: the _CUR registers)
 * @param rdpRegression RDP went from level 1 to 0: the flash interface mass-erased the user flash (§1.11)
 * @param changes the changed fields with risk and consequence (from the model's option diff)
 * @param resetRequired some changed option only acts at the next reset (everything except
 *        {@link Stm32F7Parameters#optionsEffectiveAfterOptstrt()})
 * @param bankModeChanged nDBANK changed: after the reset the sector layout is different — reprobe the geometry
 */
public record OptionWriteResult(OptionImage before, OptionImage requested, OptionImage after, boolean rdpRegression,
        List<OptionChange> changes, boolean resetRequired, boolean bankModeChanged) {

    public OptionWriteResult {
        changes = List.copyOf(changes);
    }

    /** True when the registers read back what was requested. */
    public boolean readBackMatches() {
        return after.equals(requested);
    }

    static OptionWriteResult of(OptionBytes before, OptionBytes requested, OptionBytes after, boolean regression,
            Stm32F7Parameters p) {
        List<OptionChange> changes = new ArrayList<>(before.diff(requested));
        boolean reset = false;
        for (OptionChange c : changes) {
            String base = baseName(c);
            if (!p.optionsEffectiveAfterOptstrt().contains(base)) {
                reset = true;
            }
        }
        return new OptionWriteResult(before, requested, after, regression, changes, reset,
                before.bankMode() != requested.bankMode());
    }

    /** "nWRP3" -> "nWRP", "PCROP2" -> "PCROP": per-sector fields share their register field's name. */
    private static String baseName(OptionChange c) {
        return c.option().replaceAll("\\d+$", "");
    }
}
