package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
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
     * Moves the pointer to {@code shell}'s bottom-left corner: a row's tooltip popping up under a resting pointer would
     * take the next keys (on an X server without a window manager the keyboard follows the pointer), and a pointer
     * waiting for "over the control" saw the tooltip instead.
     */
    static void pointerAway(Shell shell) {
        Display d = shell.getDisplay();
        // the client area, not getBounds(): without a window manager GTK's SWT adds an estimated title bar and
        // border to the bounds, and a pointer at their corner is outside the window - where the X server then sends
        // the keys (the keyboard follows the pointer), so every later key was lost
        Rectangle area = shell.getClientArea();
        Point corner = shell.toDisplay(area.x + 2, area.y + area.height - 2);
        Event e = new Event();
        e.type = SWT.MouseMove;
        e.x = corner.x;
        e.y = corner.y;
        if (!d.post(e)) {
            throw new AssertionError("the X server refused a pointer move");
        }
        Ui.pumpUntil("pointer in the corner", () -> d.getCursorLocation().x == e.x && d.getCursorLocation().y == e.y);
    }

    /**
     * Clicks the row of {@code table} whose data is {@code data} (scrolled into view first, as a user scrolls to it),
     * then moves the pointer away so no row tooltip covers the table; returns the row.
     */
    static org.eclipse.swt.widgets.TableItem clickRow(org.eclipse.swt.widgets.Table table, Object data) {
        org.eclipse.swt.widgets.TableItem row = java.util.Arrays.stream(table.getItems()).filter(i -> i.getData() == data)
                .findFirst().orElseThrow(() -> new AssertionError("no row of " + data + " in " + table));
        table.showItem(row);
        Ui.drain();
        Rectangle r = row.getBounds(0);
        clickAt(table, r.x + Math.min(r.width / 2, 60), r.y + r.height / 2, 0);
        Ui.pumpUntil("the row of " + data + " selected", () -> table.getSelectionCount() == 1
                && table.getSelection()[0] == row);
        pointerAway(table.getShell());
        return row;
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

    /**
     * Chooses the entry of read-only combo {@code c} whose text contains {@code text} as a user does: clicks the combo,
     * and in its list that opens goes to the first entry (Home), down to the entry (one Down a step) and takes it
     * (Enter); returns once the list has closed and the combo's Selection has been handled.
     */
    static void choose(org.eclipse.swt.widgets.Combo c, String text) {
        int target = -1;
        for (int i = 0; i < c.getItemCount() && target < 0; i++) {
            target = c.getItem(i).contains(text) ? i : -1;
        }
        if (target < 0) {
            throw new AssertionError("no entry containing \"" + text + "\" in " + java.util.List.of(c.getItems()));
        }
        Display d = c.getDisplay();
        int from = c.getSelectionIndex();
        int[] selections = { 0 };
        Listener selected = e -> selections[0]++; // after the combo's own listeners: runs once they have returned
        c.addListener(SWT.Selection, selected);
        try {
            pointTo(c, c.getSize().x / 2, c.getSize().y / 2);
            try (PointerCoordinates p = new PointerCoordinates(d)) {
                button(d, SWT.MouseDown);
                button(d, SWT.MouseUp);
                Ui.pumpUntil("the list of " + c + " open", c::getListVisible);
            }
            // the open list has the keyboard (GTK's menu grabs it): its keys reach no SWT listener to wait for
            java.util.List<Integer> keys = new java.util.ArrayList<>(java.util.List.of(SWT.HOME));
            for (int i = 0; i < target; i++) {
                keys.add(SWT.ARROW_DOWN);
            }
            keys.add((int) SWT.CR);
            for (int k : keys) {
                post(d, SWT.KeyDown, e -> e.keyCode = k);
                post(d, SWT.KeyUp, e -> e.keyCode = k);
            }
            Ui.pumpUntil("the list of " + c + " closed", () -> !c.getListVisible());
            if (from != target) {
                Ui.pumpUntil("the entry taken in " + c, () -> selections[0] > 0);
            }
        } finally {
            c.removeListener(SWT.Selection, selected);
        }
        assertThat(c.getSelectionIndex()).as("the entry chosen in %s", java.util.List.of(c.getItems())).isEqualTo(target);
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

    /**
     * Presses tool item {@code item} (a view toolbar's command) with the mouse; returns when its Selection has been
     * handled - also when the command opened a modal dialog (answered with {@link #answerDialog}).
     */
    static void press(org.eclipse.swt.widgets.ToolItem item) {
        org.eclipse.swt.widgets.ToolBar bar = item.getParent();
        Display d = bar.getDisplay();
        org.eclipse.swt.graphics.Rectangle r = item.getBounds();
        pointTo(bar, r.x + r.width / 2, r.y + r.height / 2);
        boolean[] selected = { false };
        Listener l = e -> selected[0] = true; // after the item's own listener: runs once the command returned
        item.addListener(SWT.Selection, l);
        try (PointerCoordinates p = new PointerCoordinates(d)) {
            button(d, SWT.MouseDown);
            button(d, SWT.MouseUp);
            Ui.pumpUntil("tool item '" + item.getText() + "' pressed", () -> selected[0] || item.isDisposed());
        }
        if (!item.isDisposed()) {
            item.removeListener(SWT.Selection, l);
        }
    }

    /**
     * Right-clicks point ({@code x}, {@code y}) of {@code c} (its own coordinates) as a user opens a context menu;
     * returns the menu once it is shown.
     */
    static org.eclipse.swt.widgets.Menu contextMenu(Control c, int x, int y) {
        Display d = c.getDisplay();
        pointTo(c, x, y);
        org.eclipse.swt.widgets.Menu[] shown = { null };
        Listener show = e -> {
            if (e.widget instanceof org.eclipse.swt.widgets.Menu m) {
                shown[0] = m;
            }
        };
        d.addFilter(SWT.Show, show);
        try (PointerCoordinates p = new PointerCoordinates(d)) {
            post(d, SWT.MouseDown, e -> e.button = 3);
            post(d, SWT.MouseUp, e -> e.button = 3);
            Ui.pumpUntil("context menu of " + c, () -> shown[0] != null && shown[0].isVisible());
        } finally {
            d.removeFilter(SWT.Show, show);
        }
        return shown[0];
    }

    /** The item of {@code menu} labelled {@code label} (without mnemonic and key binding); null when none. */
    static org.eclipse.swt.widgets.MenuItem item(org.eclipse.swt.widgets.Menu menu, String label) {
        for (org.eclipse.swt.widgets.MenuItem it : menu.getItems()) {
            String text = it.getText().replace("&", "");
            int tab = text.indexOf('\t');
            if ((tab < 0 ? text : text.substring(0, tab)).equals(label)) {
                return it;
            }
        }
        return null;
    }

    /** Closes an open context menu with Escape. */
    static void dismiss(org.eclipse.swt.widgets.Menu menu) {
        Display d = menu.getDisplay();
        post(d, SWT.KeyDown, e -> e.keyCode = SWT.ESC);
        post(d, SWT.KeyUp, e -> e.keyCode = SWT.ESC);
        Ui.pumpUntil("menu closed", () -> menu.isDisposed() || !menu.isVisible());
    }

    /**
     * Presses {@code modifier}+{@code character} (e.g. Ctrl+1, Quick Fix) when the shortcut opens a modal dialog: the
     * four key events are posted and this returns without waiting for them - the dialog's own event loop takes them,
     * and the key release may go to the dialog, not to a filter waiting here. The caller waits for the dialog (armed
     * before, e.g. {@link #answerDialog}) and for what answering it did.
     */
    static void shortcutOpeningADialog(Display d, int modifier, char character) {
        post(d, SWT.KeyDown, e -> e.keyCode = modifier);
        post(d, SWT.KeyDown, e -> e.character = character);
        post(d, SWT.KeyUp, e -> e.character = character);
        post(d, SWT.KeyUp, e -> e.keyCode = modifier);
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
