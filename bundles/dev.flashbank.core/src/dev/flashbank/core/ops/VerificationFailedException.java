package dev.flashbank.core.ops;

/** Programming finished but the read-back differs; {@link #report()} lists the mismatching ranges. */
public class VerificationFailedException extends OperationException {
    private static final long serialVersionUID = 1L;

    private final transient VerifyReport report;

    public VerificationFailedException(String operation, VerifyReport report, String hint) {
        super(operation + ": " + report.summary() + (hint == null || hint.isBlank() ? "" : " " + hint));
        this.report = report;
    }

    public VerifyReport report() {
        return report;
    }
}
