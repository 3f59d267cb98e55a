package dev.flashbank.launch.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Listener;

/**
 * A user's keyboard (and the click that focuses a field) for the launch dialog tests: events posted with
 * {@link Display#post} go through the X server, GTK and SWT as real input does (focus, key translation, the text
 * widget's own editing), unlike {@code setText}. dev.flashbank.ui.tests' RealInput does the same for the views; a
 * fragment of another host cannot see it, and this needs only the keyboard part. UI thread only.
 */
final class RealKeys {

    private static final long TIMEOUT_MILLIS = 30_000;

    private RealKeys() {
    }

    /**
     * Clicks the middle of text field {@code c} with button 1 and waits until it has the keyboard focus. (A posted
     * button on GTK3 carries no pointer coordinates; a text field does not look at them, so no correction is needed
     * here - see RealInput.PointerCoordinates for controls that do.)
     */
    static void clickInto(Control c) {
        Display d = c.getDisplay();
        c.getShell().forceActive();
        Point at = c.toDisplay(c.getSize().x / 2, c.getSize().y / 2);
        post(d, SWT.MouseMove, e -> {
            e.x = at.x;
            e.y = at.y;
        });
        pumpUntil(d, "pointer over " + c, () -> d.getCursorControl() == c);
        post(d, SWT.MouseDown, e -> e.button = 1);
        post(d, SWT.MouseUp, e -> e.button = 1);
        pumpUntil(d, "keyboard focus in " + c, c::isFocusControl);
    }

    /**
     * Presses and releases the key of {@code character}; returns once its release has come back from the X server
     * and the widget's reaction (Modify listeners and what they posted) has run.
     */
    static void type(Display d, char character) {
        int[] released = { 0 };
        Listener up = e -> released[0]++;
        d.addFilter(SWT.KeyUp, up);
        try {
            post(d, SWT.KeyDown, e -> e.character = character);
            post(d, SWT.KeyUp, e -> e.character = character);
            pumpUntil(d, "key '" + character + "' released", () -> released[0] > 0);
        } finally {
            d.removeFilter(SWT.KeyUp, up);
        }
        while (d.readAndDispatch()) {
            // the widget's reaction to the key
        }
    }

    private static void pumpUntil(Display d, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
        Runnable wake = new Runnable() {
            @Override
            public void run() {
                if (!d.isDisposed()) {
                    d.timerExec(50, this); // d.sleep() returns at least this often to look at the deadline
                }
            }
        };
        d.timerExec(50, wake);
        try {
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out waiting for " + what);
                }
                if (!d.readAndDispatch()) {
                    d.sleep();
                }
            }
        } finally {
            d.timerExec(-1, wake);
        }
    }

    private static void post(Display d, int type, Consumer<Event> setup) {
        Event e = new Event();
        e.type = type;
        setup.accept(e);
        assertThat(d.post(e)).as("Display.post of event type %d (XTest available?)", type).isTrue();
    }
}
