package dev.flashbank.ui.options;

import java.util.List;

import dev.flashbank.core.family.OptionImage;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.twin.TwinPreview;
import dev.flashbank.sim.twin.TwinSource;
import dev.flashbank.ui.model.FlashbankTarget;
import dev.flashbank.ui.model.SimulatedTarget;

/**
 * The simulated twin's preview of the next reset for the option review dialog: what a change from {@code from} to
 * {@code to} does on a copy of the target (a simulated board's own state, or a real part's options on a fresh twin).
 * Every option change the IDE writes is reviewed with it (Option Bytes editor, Swap, Rollback).
 */
public final class OptionTwinPreview {

    private OptionTwinPreview() {
    }

    /** The preview's lines; a line saying why when no installed family simulates the part's option load. */
    public static List<String> lines(FlashbankTarget t, FlashbankTarget.Connection c, OptionImage from,
            OptionImage to) {
        try {
            TwinSource source = t instanceof SimulatedTarget s ? TwinSource.of(s.board())
                    : TwinSource.ofRealPart(from, c.identity().descriptor(), c.driver().flashSizeKiB(),
                            c.identity().memBoot(), InstalledFamilies.simulated());
            return TwinPreview.preview(source, to, InstalledFamilies.families()).lines();
        } catch (BoardConfigurationException e) {
            // the change is reviewed without it
            return List.of("No simulated twin preview for " + from.lineName() + ": " + e.getMessage()
                    + ". Review the changes below.");
        }
    }
}
