package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Listener;

/**
 * A user's mouse and keyboard: events posted to the windowing system with {@link Display#post} (XTest under X11)
 * travel the whole way a real click or keystroke does (focus, key translation, the widget's own editing), unlike
 * {@code setText} or {@code notifyListeners}. UI thread only.
 */
final class RealInput {

    private RealInput() {
    }

    /** Scrolls {@code c} into view and clicks its middle with button 1; waits until it has the keyboard focus. */
    static void click(Control c) {
        Display d = c.getDisplay();
        for (Composite p = c.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrolledComposite sc) {
                sc.showControl(c); // what the user does with the scroll bar first
            }
        }
        c.getShell().forceActive();
        Ui.drain();
        Point size = c.getSize();
        Point at = c.toDisplay(size.x / 2, size.y / 2);
        post(d, SWT.MouseMove, e -> {
            e.x = at.x;
            e.y = at.y;
        });
        Ui.pumpUntil("pointer over " + c, () -> d.getCursorControl() == c);
        post(d, SWT.MouseDown, e -> e.button = 1);
        post(d, SWT.MouseUp, e -> e.button = 1);
        Ui.pumpUntil("keyboard focus in " + c, c::isFocusControl);
    }

    /**
     * Clicks point ({@code x}, {@code y}) of {@code c} (its own coordinates) with button 1, with {@code modifier} key
     * held ({@code 0} for none, e.g. {@link SWT#CTRL}); returns when the release has reached {@code c}.
     */
    static void clickAt(Control c, int x, int y, int modifier) {
        Display d = c.getDisplay();
        for (Composite p = c.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrolledComposite sc) {
                sc.showControl(c);
            }
        }
        c.getShell().forceActive();
        Ui.drain();
        Point at = c.toDisplay(x, y);
        post(d, SWT.MouseMove, e -> {
            e.x = at.x;
            e.y = at.y;
        });
        Ui.pumpUntil("pointer over " + c, () -> d.getCursorControl() == c);
        int[] released = { 0 };
        Listener up = e -> released[0]++;
        c.addListener(SWT.MouseUp, up);
        try {
            if (modifier != 0) {
                post(d, SWT.KeyDown, e -> e.keyCode = modifier);
            }
            post(d, SWT.MouseDown, e -> e.button = 1);
            post(d, SWT.MouseUp, e -> e.button = 1);
            if (modifier != 0) {
                post(d, SWT.KeyUp, e -> e.keyCode = modifier);
            }
            Ui.pumpUntil("click released on " + c, () -> released[0] > 0);
        } finally {
            c.removeListener(SWT.MouseUp, up);
        }
        while (d.readAndDispatch()) {
            // what the click's listeners posted
        }
    }

    /** Types {@code text} key by key (KeyDown, KeyUp), letting the UI process each key before the next. */
    static void type(Display d, String text) {
        for (char ch : text.toCharArray()) {
            key(d, ch, 0);
        }
    }

    /** Empties a focused text field as a user does: End, then Backspace once per character. */
    static void erase(org.eclipse.swt.widgets.Text t) {
        Display d = t.getDisplay();
        key(d, '\0', SWT.END);
        for (int n = t.getText().length(); n > 0; n--) {
            key(d, '\0', SWT.BS);
        }
    }

    /**
     * Presses and releases one key: a character ({@code keyCode} 0), or a key by its code ({@code character} 0):
     * {@link SWT#END}, and also {@link SWT#BS}, {@link SWT#CR}, {@link SWT#TAB}, which GTK's Display.post maps to
     * keys only as key codes.
     */
    static void key(Display d, char character, int keyCode) {
        int[] released = { 0 };
        Listener up = e -> released[0]++;
        d.addFilter(SWT.KeyUp, up);
        try {
            post(d, SWT.KeyDown, e -> {
                e.character = character;
                e.keyCode = keyCode;
            });
            post(d, SWT.KeyUp, e -> {
                e.character = character;
                e.keyCode = keyCode;
            });
            // the key has gone through the X server and back when its release reaches the display (its press may
            // not: Tab's is consumed by the traversal)
            Ui.pumpUntil("key " + (keyCode != 0 ? "code " + keyCode : "'" + character + "'") + " released",
                    () -> released[0] > 0);
        } finally {
            d.removeFilter(SWT.KeyUp, up);
        }
        while (d.readAndDispatch()) {
            // the widget's reaction to the key (Modify listeners and what they post)
        }
    }

    private static void post(Display d, int type, Consumer<Event> setup) {
        Event e = new Event();
        e.type = type;
        setup.accept(e);
        assertThat(d.post(e)).as("Display.post of event type %d (XTest available?)", type).isTrue();
    }
}
