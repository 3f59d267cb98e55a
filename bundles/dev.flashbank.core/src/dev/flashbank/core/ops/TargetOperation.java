package dev.flashbank.core.ops;

import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.target.TargetException;

/**
 * An operation against one target as a plain object (EGit "op" style): it holds its inputs, validates EVERYTHING
 * before its first write (a failed precondition throws {@link OperationRefusedException} and nothing is written),
 * reports through {@link FlashProgress} (adapted to an Eclipse SubMonitor or a terminal progress bar) and honours
 * cancellation only between whole units (sectors, bank steps), throwing {@link OperationCanceledException} with
 * what is done. Target access failures stay typed {@link TargetException}s.
 *
 * @param <R> the result value
 */
public interface TargetOperation<R extends OperationResult> {

    /** Short name for job titles and logs ("Erase", "Program", "Bank update"). */
    String name();

    /** The target identity, for scheduling rules. */
    OperationTarget target();

    R run(FlashProgress progress) throws OperationException, TargetException;
}
