package dev.flashbank.core.ops;

import dev.flashbank.core.flash.FlashProgress;

/** Progress helpers for operations. */
final class Progress {

    private Progress() {
    }

    /**
     * Reports to {@code p} but never asks the driver to cancel: used for one unit of an operation (a sector erase and
     * its programming, a bank step), so that cancellation is honoured only between the operation's own units.
     */
    static FlashProgress uncancelable(FlashProgress p) {
        return new FlashProgress() {
            @Override
            public void begin(String task, long totalUnits) {
                p.begin(task, totalUnits);
            }

            @Override
            public void worked(long units) {
                p.worked(units);
            }

            @Override
            public boolean isCanceled() {
                return false;
            }
        };
    }
}
