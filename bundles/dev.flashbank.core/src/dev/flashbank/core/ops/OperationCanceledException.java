package dev.flashbank.core.ops;

/**
 * The user canceled between two whole units; {@link #whatIsDone()} says in which consistent state the target was
 * left (e.g. "sectors 0-3 programmed and verified, sectors 4-7 untouched").
 */
public class OperationCanceledException extends OperationException {
    private static final long serialVersionUID = 1L;

    private final String whatIsDone;

    public OperationCanceledException(String operation, String whatIsDone) {
        super(operation + " canceled: " + whatIsDone);
        this.whatIsDone = whatIsDone;
    }

    public OperationCanceledException(String operation, String whatIsDone, Throwable cause) {
        super(operation + " canceled: " + whatIsDone, cause);
        this.whatIsDone = whatIsDone;
    }

    public String whatIsDone() {
        return whatIsDone;
    }
}
