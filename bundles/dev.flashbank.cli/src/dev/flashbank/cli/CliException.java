package dev.flashbank.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.flashbank.core.family.Finding;

/**
 * A failure the CLI reports as one clear message with a specific exit code (see {@link ExitCodes}); with
 * {@code --json} it becomes the error object of {@link CliErrors} ({@code error.code}, {@code message}, {@code fix},
 * {@code exitCode}, {@code findings}).
 */
public final class CliException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;
    private final String code;
    private final List<String> fixes;
    private final transient List<Finding> findings;
    private final transient Map<String, Object> data;

    public CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public CliException(int exitCode, String message, Throwable cause) {
        this(exitCode, ExitCodes.errorCode(exitCode), message, List.of(), List.of(), Map.of(), cause);
    }

    private CliException(int exitCode, String code, String message, List<String> fixes, List<Finding> findings,
            Map<String, Object> data, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.code = code;
        this.fixes = List.copyOf(fixes);
        this.findings = List.copyOf(findings);
        this.data = data;
    }

    /** The same failure with a more specific stable code (e.g. {@code CONFIRMATION_REQUIRED}). */
    public CliException withCode(String newCode) {
        return new CliException(exitCode, newCode, getMessage(), fixes, findings, data, getCause());
    }

    /** The same failure with what the user can do about it, each naming the Flashbank command or IDE action. */
    public CliException withFixes(List<String> newFixes) {
        return new CliException(exitCode, code, getMessage(), newFixes, findings, data, getCause());
    }

    /** The same failure with the doctor findings that caused it. */
    public CliException withFindings(List<Finding> newFindings) {
        return new CliException(exitCode, code, getMessage(), fixes, newFindings, data, getCause());
    }

    /** The same failure with result data that goes next to {@code error} in the JSON object (e.g. a verify report). */
    public CliException withData(Map<String, Object> newData) {
        return new CliException(exitCode, code, getMessage(), fixes, findings,
                Collections.unmodifiableMap(new LinkedHashMap<>(newData)), getCause());
    }

    public int exitCode() {
        return exitCode;
    }

    /** Stable, machine-readable name of the failure (documented in the README). */
    public String code() {
        return code;
    }

    public List<String> fixes() {
        return fixes;
    }

    public List<Finding> findings() {
        return findings;
    }

    public Map<String, Object> data() {
        return data;
    }
}
