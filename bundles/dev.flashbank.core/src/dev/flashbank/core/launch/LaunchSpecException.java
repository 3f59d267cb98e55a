package dev.flashbank.core.launch;

import java.util.List;

/**
 * A launch configuration that cannot run as it stands: every problem found, each one sentence the launch dialog shows
 * as its error message and the CLI prints. Nothing was opened or written when this is thrown.
 */
public class LaunchSpecException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;
    private final boolean storedConfirmation;

    public LaunchSpecException(List<String> problems) {
        this(problems, false);
    }

    /**
     * @param storedConfirmation one of the problems is a stored confirmation: the configuration is refused as a matter
     *            of safety, not merely invalid (the CLI exits with 3)
     */
    public LaunchSpecException(List<String> problems, boolean storedConfirmation) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
        this.storedConfirmation = storedConfirmation;
    }

    public LaunchSpecException(String problem) {
        this(List.of(problem));
    }

    public LaunchSpecException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
        this.storedConfirmation = false;
    }

    /** True when the configuration (or its option profile) stores a confirmation and is refused for that. */
    public boolean storedConfirmation() {
        return storedConfirmation;
    }

    /** The problems, first the most basic one (what the dialog shows). */
    public List<String> problems() {
        return problems;
    }
}
