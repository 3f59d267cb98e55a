package dev.flashbank.core.family;

import java.util.List;

import dev.flashbank.core.device.OptionChange;

/**
 * What an option-byte write did, for any family (the images are the family's {@link OptionImage}s).
 *
 * @param before options read before the write
 * @param requested options written
 * @param after options read back after the option change (F7: FLASH_OPTCR/OPTCR1/OPTCR2; H7: the _CUR registers)
 * @param rdpRegression RDP went from level 1 to 0: the flash interface mass-erased the user flash (RM0410, read
 *        protection)
 * @param changes the changed fields with risk and consequence (from the model's option diff)
 * @param resetRequired some changed option only acts at the next reset (F7: everything except the model's
 *        optionsEffectiveAfterOptstrt)
 * @param bankModeChanged the bank mode changed (F7 nDBANK): after the reset the sector layout is different — reprobe
 *        the geometry
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

    /**
     * True when every option field reads back as requested, by the family's own diff ({@code driver.optionChanges}):
     * bits no field holds do not count - a part may hold them set where the request has them clear (the page-flash
     * parts after an OPTVERR load, whose mismatch values set the reserved bits, which option writes do not reach).
     */
    public boolean readBackMatches(FlashDriver driver) {
        return readBackMatches() || driver.optionChanges(after, requested).isEmpty();
    }
}
