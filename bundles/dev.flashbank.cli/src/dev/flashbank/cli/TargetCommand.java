package dev.flashbank.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every command that works on one target: opens it (see {@link TargetConnection}), runs, closes it (saving
 * a simulated board's state). Failures leave as {@link CliException}s (or core exceptions) for {@link CliErrors},
 * which prints them as one clear line or, with {@code --json}, one JSON error object.
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
    public final Integer call() throws CliException {
        validate();
        try (TargetConnection c = TargetConnection.open(targetOptions, err())) {
            connection = c;
            return run(c);
        } finally {
            connection = null;
        }
    }
}
