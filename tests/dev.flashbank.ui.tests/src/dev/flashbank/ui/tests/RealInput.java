package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * A user's mouse and keyboard: events posted with {@link Display#post} (SWT on GTK3 moves the pointer on the X server
 * and puts keys and buttons into GDK's event queue) travel the way a real click or keystroke does through GTK and SWT
 * (focus, key translation, the widget's own editing), unlike {@code setText} or {@code notifyListeners}. UI thread
 * only.
 */
final class RealInput {

    private RealInput() {
    }

    /** Scrolls {@code c} into view and clicks its middle with button 1; waits until it has the keyboard focus. */
    static void click(Control c) {
        Display d = c.getDisplay();
        pointTo(c, c.getSize().x / 2, c.getSize().y / 2);
        try (PointerCoordinates p = new PointerCoordinates(d)) {
            button(d, SWT.MouseDown);
            button(d, SWT.MouseUp);
            Ui.pumpUntil("keyboard focus in " + c, c::isFocusControl);
        }
    }

    /**
     * Moves the pointer to point ({@code x}, {@code y}) of {@code c} (its own coordinates) as a user does: scrolls it
     * into view, brings its window to the front; returns once {@code c} is under the pointer.
     */
    private static void pointTo(Control c, int x, int y) {
        Display d = c.getDisplay();
        for (Composite p = c.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrolledComposite sc) {
                sc.showControl(c); // what the user does with the scroll bar first
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
    }

    /**
     * Clicks point ({@code x}, {@code y}) of {@code c} (its own coordinates) with button 1, with {@code modifier} key
     * held ({@code 0} for none, e.g. {@link SWT#CTRL}); returns when the release has reached {@code c}.
     */
    static void clickAt(Control c, int x, int y, int modifier) {
        Display d = c.getDisplay();
        pointTo(c, x, y);
        int[] released = { 0 };
        Listener up = e -> released[0]++;
        c.addListener(SWT.MouseUp, up);
        try (PointerCoordinates p = new PointerCoordinates(d)) {
            if (modifier != 0) {
                post(d, SWT.KeyDown, e -> e.keyCode = modifier);
            }
            button(d, SWT.MouseDown);
            button(d, SWT.MouseUp);
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

    /**
     * Presses push button {@code b} with the mouse; returns when its Selection has been handled - also when the
     * handler opened a modal dialog (answered with {@link #answerDialog}) or closed the button's shell.
     */
    static void press(Button b) {
        Display d = b.getDisplay();
        pointTo(b, b.getSize().x / 2, b.getSize().y / 2);
        boolean[] selected = { false };
        // added after the button's own listener: it runs once that one has returned (dialogs it opened closed)
        Listener l = e -> selected[0] = true;
        b.addListener(SWT.Selection, l);
        try (PointerCoordinates p = new PointerCoordinates(d)) {
            button(d, SWT.MouseDown);
            button(d, SWT.MouseUp);
            Ui.pumpUntil("button '" + b.getText() + "' pressed", () -> selected[0] || b.isDisposed());
        }
        if (!b.isDisposed()) {
            b.removeListener(SWT.Selection, l);
        }
    }

    /**
     * Arms an answer to the next dialog titled {@code title}: once it shows, its button {@code button} (the label
     * without mnemonic) is pressed with the mouse from inside the dialog's own event loop. Returns the list the
     * dialog's texts are added to (labels, texts, table rows as "cell | cell"; for assertions once it is answered).
     */
    static java.util.List<String> answerDialog(Display d, String title, String button) {
        java.util.List<String> seen = new java.util.ArrayList<>();
        Listener[] filter = new Listener[1];
        filter[0] = e -> {
            if (e.widget instanceof Shell s && title.equals(s.getText())) {
                d.removeFilter(SWT.Show, filter[0]);
                d.asyncExec(() -> {
                    for (Control c : all(s)) {
                        if (c instanceof Label l && !l.getText().isBlank()) {
                            seen.add(l.getText());
                        } else if (c instanceof Text t && !t.getText().isBlank()) {
                            seen.add(t.getText()); // read-only texts: a review's consequences and twin preview
                        } else if (c instanceof org.eclipse.swt.widgets.Table table) {
                            for (org.eclipse.swt.widgets.TableItem it : table.getItems()) {
                                String[] cells = new String[Math.max(1, table.getColumnCount())];
                                for (int i = 0; i < cells.length; i++) {
                                    cells[i] = it.getText(i);
                                }
                                seen.add(String.join(" | ", cells)); // a row of a review's change list
                            }
                        }
                    }
                    Button b = all(s).stream().filter(c -> c instanceof Button x && x.getText().replace("&", "")
                            .equals(button)).map(Button.class::cast).findFirst().orElseThrow(() -> new AssertionError(
                                    "no button '" + button + "' in the dialog '" + title + "'"));
                    press(b);
                });
            }
        };
        d.addFilter(SWT.Show, filter[0]);
        return seen;
    }

    private static java.util.List<Control> all(Composite c) {
        java.util.List<Control> out = new java.util.ArrayList<>();
        for (Control x : c.getChildren()) {
            out.add(x);
            if (x instanceof Composite cc) {
                out.addAll(all(cc));
            }
        }
        return out;
    }

    /**
     * Replaces the text of field {@code t} as a user does: clicks into it, empties it key by key, types {@code text}
     * key by key (no Enter: the caller presses it, or looks at the half-typed state first).
     */
    static void retype(Text t, String text) {
        click(t);
        erase(t);
        type(t.getDisplay(), text);
    }

    /** Types {@code text} key by key (KeyDown, KeyUp), letting the UI process each key before the next. */
    static void type(Display d, String text) {
        for (char ch : text.toCharArray()) {
            key(d, ch, 0);
        }
    }

    /** Empties a focused text field as a user does: End, then Backspace once per character. */
    static void erase(Text t) {
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

    /**
     * Presses and releases one key as {@link #key} does, with modifier key {@code modifier} ({@link SWT#CTRL},
     * {@link SWT#SHIFT}) held down around it, e.g. Ctrl+A, Ctrl+Home, Shift+Tab.
     */
    static void keyWith(Display d, int modifier, char character, int keyCode) {
        post(d, SWT.KeyDown, e -> e.keyCode = modifier);
        try {
            key(d, character, keyCode);
        } finally {
            post(d, SWT.KeyUp, e -> e.keyCode = modifier);
            int[] released = { 0 };
            Listener up = e -> released[0] += e.keyCode == modifier ? 1 : 0;
            d.addFilter(SWT.KeyUp, up);
            try {
                Ui.pumpUntil("modifier " + modifier + " released", () -> released[0] > 0);
            } finally {
                d.removeFilter(SWT.KeyUp, up);
            }
        }
    }

    /** Presses or releases button 1 where the pointer is. */
    private static void button(Display d, int type) {
        post(d, type, e -> e.button = 1);
    }

    /**
     * While open, mouse button events carry the pointer's position. SWT on GTK3 posts a button as a GDK event put into
     * GTK's queue for the window under the pointer, but leaves its root coordinates at 0, which SWT's own handler then
     * reads: the widget under the pointer gets the press with coordinates relative to the screen's corner (a click on
     * the sector map arrived at (-53, -590) and toggled nothing; text fields and push buttons never look at them). A
     * mouse's event, which comes from the X server, carries the pointer's position: a display filter puts it back,
     * before any listener sees the event.
     */
    private static final class PointerCoordinates implements AutoCloseable {
        private final Display d;
        private final Listener fix;

        PointerCoordinates(Display d) {
            this.d = d;
            this.fix = e -> {
                if (e.widget instanceof Control c && !c.isDisposed()) {
                    Point p = c.toControl(d.getCursorLocation());
                    e.x = p.x;
                    e.y = p.y;
                }
            };
            d.addFilter(SWT.MouseDown, fix);
            d.addFilter(SWT.MouseUp, fix);
        }

        @Override
        public void close() {
            d.removeFilter(SWT.MouseDown, fix);
            d.removeFilter(SWT.MouseUp, fix);
        }
    }

    private static void post(Display d, int type, Consumer<Event> setup) {
        Event e = new Event();
        e.type = type;
        setup.accept(e);
        assertThat(d.post(e)).as("Display.post of event type %d (XTest available?)", type).isTrue();
    }
}
