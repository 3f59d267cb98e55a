package dev.flashbank.ui.tests;

import org.eclipse.core.runtime.IProgressMonitor;

import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.ui.jobs.TargetJob;
import dev.flashbank.ui.model.FlashbankTarget;
import dev.flashbank.ui.model.SimulatedTarget;

/** What the user did before a firmware test: a sample programmed into a simulated board's flash. */
final class FirmwareSetup {

    private FirmwareSetup() {
    }

    /**
     * Puts {@code image} into the flash of {@code t} and resets the board so that it boots it, as one job holding the
     * board (scheduled; join it).
     */
    static TargetJob programAndReset(SimulatedTarget t, FirmwareImage image) {
        TargetJob job = new TargetJob("Programming the sample", t, null) {
            @Override
            protected String work(IProgressMonitor monitor) throws TargetException {
                FlashbankTarget.Connection c = t.connect();
                for (Segment s : image.segments()) {
                    c.driver().program(s.address(), s.data(), FlashProgress.NONE);
                }
                t.board().reset(ResetKind.HARDWARE);
                return "programmed";
            }
        };
        job.schedule();
        return job;
    }
}
