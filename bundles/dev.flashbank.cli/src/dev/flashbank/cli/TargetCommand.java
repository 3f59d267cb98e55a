package dev.flashbank.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every command that works on one target: opens it (see {@link TargetConnection}), runs, closes it (saving
 * a simulated board's state), and turns a {@link CliException} into one clear line on standard error and its exit
 * code.
 */
public abstract class TargetCommand implements Callable<Integer> {

    @Mixin
    protected TargetOptions targetOptions;

    @Spec
    protected CommandSpec spec;

    /** The open target while {@link #run} runs. */
    protected TargetConnection connection;

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    protected boolean json() {
        return targetOptions.json;
    }

    /** Checks the arguments before anything is opened; throw {@link CliException} with {@link ExitCodes#USAGE}. */
    protected void validate() throws CliException {
        // default: nothing to check
    }

    protected abstract int run(TargetConnection c) throws CliException;

    @Override
    public final Integer call() {
        try {
            validate();
            int rc;
            try (TargetConnection c = TargetConnection.open(targetOptions, err())) {
                connection = c;
                rc = run(c);
            } finally {
                connection = null;
            }
            return rc;
        } catch (CliException e) {
            err().println(spec.qualifiedName() + ": " + e.getMessage());
            err().flush();
            return e.exitCode();
        }
    }
}
