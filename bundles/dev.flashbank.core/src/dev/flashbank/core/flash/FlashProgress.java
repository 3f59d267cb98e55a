package dev.flashbank.core.flash;

/**
 * Progress and cancellation for long flash operations, in work units (bytes when programming, sectors when erasing).
 * Shaped after Eclipse's SubMonitor so that the UI can adapt it in a few lines: {@link #begin} = setWorkRemaining /
 * beginTask, {@link #worked} = worked, {@link #isCanceled} = isCanceled, {@link #split} = SubMonitor.split.
 * <p>
 * The driver checks {@link #isCanceled()} only BETWEEN units and then throws {@link FlashCanceledException}: a unit
 * in progress (one sector erase, one programmed run) is always completed and checked first, so the target is never
 * left with a half-started operation.
 */
public interface FlashProgress {

    /** No reporting, never canceled. */
    FlashProgress NONE = new FlashProgress() {
        @Override
        public void begin(String task, long totalUnits) {
        }

        @Override
        public void worked(long units) {
        }

        @Override
        public boolean isCanceled() {
            return false;
        }
    };

    /** Starts a task of {@code totalUnits} units. */
    void begin(String task, long totalUnits);

    /** {@code units} more units are done. */
    void worked(long units);

    boolean isCanceled();

    /** A child that maps its own {@link #begin total} onto {@code parentUnits} units of this progress. */
    default FlashProgress split(long parentUnits) {
        return new SubProgress(this, parentUnits);
    }

    /** Child progress: reports to its parent in proportion, passes cancellation through. */
    final class SubProgress implements FlashProgress {
        private final FlashProgress parent;
        private final long parentUnits;
        private long total = 1;
        private long done;
        private long reported;

        SubProgress(FlashProgress parent, long parentUnits) {
            this.parent = parent;
            this.parentUnits = Math.max(0, parentUnits);
        }

        @Override
        public void begin(String task, long totalUnits) {
            total = Math.max(1, totalUnits);
            done = 0;
        }

        @Override
        public void worked(long units) {
            done = Math.min(total, done + Math.max(0, units));
            long target = parentUnits * done / total;
            if (target > reported) {
                parent.worked(target - reported);
                reported = target;
            }
        }

        @Override
        public boolean isCanceled() {
            return parent.isCanceled();
        }
    }
}
