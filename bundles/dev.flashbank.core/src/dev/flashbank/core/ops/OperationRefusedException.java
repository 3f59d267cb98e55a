package dev.flashbank.core.ops;

import java.util.List;
import java.util.Optional;

import dev.flashbank.core.doctor.DoctorReport;

/**
 * A precondition failed, so the operation refused to start: NOTHING was written to the target. The message says
 * why in the user's terms; {@link #fixes()} says what to do; {@link #doctorReport()} holds the doctor's examination
 * when one was made (erase pre-flight).
 */
public class OperationRefusedException extends OperationException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String reason;
    private final List<String> fixes;
    private final transient DoctorReport doctorReport;

    public OperationRefusedException(String operation, String reason, List<String> fixes, DoctorReport doctorReport) {
        this(operation, reason, fixes, doctorReport, null);
    }

    public OperationRefusedException(String operation, String reason, List<String> fixes, DoctorReport doctorReport,
            Throwable cause) {
        super(operation + " refused: " + reason + (fixes.isEmpty() ? "" : " Fix: " + String.join("; then ", fixes))
                + " Nothing was written.", cause);
        this.operation = operation;
        this.reason = reason;
        this.fixes = List.copyOf(fixes);
        this.doctorReport = doctorReport;
    }

    public OperationRefusedException(String operation, String reason, String fix) {
        this(operation, reason, fix == null || fix.isBlank() ? List.of() : List.of(fix), null);
    }

    /** Why, without the "refused" framing. */
    public String reason() {
        return reason;
    }

    /** The refusal without its fixes ("Erase refused: ... Nothing was written."), for a UI that lists the fixes apart. */
    public String headline() {
        return operation + " refused: " + reason + " Nothing was written.";
    }

    public List<String> fixes() {
        return fixes;
    }

    public Optional<DoctorReport> doctorReport() {
        return Optional.ofNullable(doctorReport);
    }
}
