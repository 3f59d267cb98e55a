package dev.flashbank.launch.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Shell;

/**
 * A user's keyboard, and the clicks into fields and on push buttons, for the launch dialog tests: events posted with
 * {@link Display#post} go through the X server, GTK and SWT as real input does (focus, key translation, the text
 * widget's own editing), unlike {@code setText}. dev.flashbank.ui.tests' RealInput does the same for the views; a
 * fragment of another host cannot see it, and this needs no click at a point (fields and push buttons ignore the
 * coordinates GTK3's posted buttons lack). UI thread only.
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

    /**
     * Presses push button {@code b} with the mouse; returns when its Selection has been handled - also when the
     * handler opened a modal dialog (answered with {@link #answerDialog}) or closed the button's shell.
     */
    static void press(Button b) {
        Display d = b.getDisplay();
        b.getShell().forceActive();
        Point at = b.toDisplay(b.getSize().x / 2, b.getSize().y / 2);
        post(d, SWT.MouseMove, e -> {
            e.x = at.x;
            e.y = at.y;
        });
        pumpUntil(d, "pointer over " + b, () -> d.getCursorControl() == b);
        boolean[] selected = { false };
        // added after the button's own listener: it runs once that one has returned (dialogs it opened closed)
        Listener l = e -> selected[0] = true;
        b.addListener(SWT.Selection, l);
        post(d, SWT.MouseDown, e -> e.button = 1);
        post(d, SWT.MouseUp, e -> e.button = 1);
        pumpUntil(d, "button '" + b.getText() + "' pressed", () -> selected[0] || b.isDisposed());
        if (!b.isDisposed()) {
            b.removeListener(SWT.Selection, l);
        }
    }

    /**
     * Arms an answer to the next dialog titled {@code title}: once it shows, {@code typed} is typed into its focused
     * field and its button {@code button} (label without mnemonic) pressed with the mouse, from inside the dialog's
     * own event loop.
     */
    static void answerDialog(Display d, String title, String typed, String button) {
        Listener[] filter = new Listener[1];
        filter[0] = e -> {
            if (e.widget instanceof Shell s && title.equals(s.getText())) {
                d.removeFilter(SWT.Show, filter[0]);
                d.asyncExec(() -> {
                    for (char ch : typed.toCharArray()) {
                        type(d, ch);
                    }
                    Button b = LaunchDialogTest.all(s).stream().filter(c -> c instanceof Button x
                            && x.getText().replace("&", "").equals(button)).map(Button.class::cast).findFirst()
                            .orElseThrow(() -> new AssertionError("no button '" + button + "' in '" + title + "'"));
                    press(b);
                });
            }
        };
        d.addFilter(SWT.Show, filter[0]);
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
