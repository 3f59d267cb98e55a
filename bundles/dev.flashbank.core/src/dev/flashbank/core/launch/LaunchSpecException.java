package dev.flashbank.core.launch;

import java.util.List;

/**
 * A launch configuration that cannot run as it stands: every problem found, each one sentence the launch dialog shows
 * as its error message and the CLI prints. Nothing was opened or written when this is thrown.
 */
public class LaunchSpecException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public LaunchSpecException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public LaunchSpecException(String problem) {
        this(List.of(problem));
    }

    public LaunchSpecException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    /** The problems, first the most basic one (what the dialog shows). */
    public List<String> problems() {
        return problems;
    }
}
