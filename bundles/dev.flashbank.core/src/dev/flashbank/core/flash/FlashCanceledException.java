package dev.flashbank.core.flash;

/**
 * The user canceled. Cancellation is only honoured BETWEEN work units, so the target is left consistent: every
 * unit before {@link #unitsDone()} was completed (whole sectors erased, whole runs programmed and checked), nothing
 * after it was started. A canceled program leaves the flash partially programmed in whole runs; a canceled erase
 * leaves whole sectors erased.
 */
public class FlashCanceledException extends FlashOperationException {
    private static final long serialVersionUID = 1L;

    private final long unitsDone;
    private final long unitsTotal;

    public FlashCanceledException(FlashOperation operation, long unitsDone, long unitsTotal, String whatIsDone) {
        super(operation, FailureCause.CANCELED, null, null,
                operation.text() + " canceled after " + unitsDone + " of " + unitsTotal + " units: " + whatIsDone,
                "run the operation again to complete it", null);
        this.unitsDone = unitsDone;
        this.unitsTotal = unitsTotal;
    }

    public long unitsDone() {
        return unitsDone;
    }

    public long unitsTotal() {
        return unitsTotal;
    }
}
