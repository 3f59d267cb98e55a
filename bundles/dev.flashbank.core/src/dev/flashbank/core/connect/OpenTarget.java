package dev.flashbank.core.connect;

import java.util.Optional;

import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.target.DebugTarget;

/**
 * A target open for one command, launch or IDE job. Closing it ends the work: the transport is closed and, for a
 * simulated board, its state file is saved when (and only when) its non-volatile state changed, and the board is
 * released for the next writer.
 */
public interface OpenTarget extends AutoCloseable {

    TargetAddress address();

    /** The transport. */
    DebugTarget target();

    /** The clock flash polls wait on: the board's own time for a simulated board, the wall clock otherwise. */
    PollClock pollClock();

    /** The part as the user names it when the target knows it without identification (a simulated board's order code). */
    Optional<String> knownPart();

    /** Who {@link dev.flashbank.core.ops.OperationContext} says it works on. */
    default OperationTarget operationTarget() {
        return new OperationTarget(address().key(), target().describe());
    }

    /**
     * The object behind this target when it is of {@code type} (e.g. the simulated board, for views and commands that
     * show the bench state); empty otherwise.
     */
    <T> Optional<T> unwrap(Class<T> type);

    /** Closes the transport, saves a changed board and releases it; a failure to save is reported, not swallowed. */
    @Override
    void close() throws TargetOpenException;
}
