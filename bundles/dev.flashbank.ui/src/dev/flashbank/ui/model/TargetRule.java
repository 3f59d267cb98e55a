package dev.flashbank.ui.model;

import org.eclipse.core.runtime.jobs.ISchedulingRule;

/** One rule per probe/board: no two Flashbank jobs touch the same target at once; jobs on different targets run in parallel. */
public final class TargetRule implements ISchedulingRule {

    private final String target;

    TargetRule(String target) {
        this.target = target;
    }

    @Override
    public boolean contains(ISchedulingRule rule) {
        return rule == this;
    }

    @Override
    public boolean isConflicting(ISchedulingRule rule) {
        return rule == this;
    }

    @Override
    public String toString() {
        return "TargetRule[" + target + "]";
    }
}
