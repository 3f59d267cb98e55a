package dev.flashbank.launch.tests;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.debug.core.IStatusHandler;

import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.launch.OptionConfirmationRequest;

/**
 * Headless stand-in for the IDE's option review dialog (dev.flashbank.launch.ui's OptionReviewPrompter, see
 * fragment.xml): answers an Option Bytes launch's confirmation request with what the test says the user confirmed
 * (null = the user canceled the review) and records every request it was shown.
 */
public final class TestReviewer implements IStatusHandler {

    /** What the "user" confirms in the next reviews; null = cancel. */
    static volatile Confirmation answer;
    static final List<OptionConfirmationRequest> shown = new CopyOnWriteArrayList<>();

    @Override
    public Object handleStatus(IStatus status, Object source) {
        shown.add((OptionConfirmationRequest) source);
        return answer;
    }
}
