package dev.flashbank.ui.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * "Nothing clipped, nothing invisible" on a screenshot, widget by widget, for every visible Label, CLabel, Link,
 * Button, Text, Combo and Table cell under a root control, and any other leaf widget its parents cut off:
 * <ul>
 * <li>clipped: the widget (as far as its parents show it) is smaller than the size it asks for
 * ({@code computeSize}; wrapping labels at their width; single-line texts only in height, as their text scrolls; a
 * combo narrower than the choice it shows), or a table cell narrower than its text;</li>
 * <li>invisible: in the screenshot's pixels where the widget's text is drawn, no pixel stands out from the background
 * by a contrast ratio of at least {@link #MIN_TEXT_CONTRAST} (WCAG's formula): white on pale green, black on dark
 * grey. Judged on the pixels, not on getForeground/getBackground, because GTK and the theme's CSS decide what is
 * drawn.</li>
 * </ul>
 * Each problem names the widget's text and its class.
 */
public final class Legibility {

    /**
     * Below this the strongest pixel of the text hardly differs from its background. Anti-aliased glyph stems of a
     * normal font reach the text colour, so legible text (also GTK's greyed, disabled text, about 3:1) passes.
     */
    public static final double MIN_TEXT_CONTRAST = 2.0;

    private Legibility() {
    }

    /** The problems of the widgets under {@code root} (a part's control, a dialog, a tab) in {@code shot}. */
    public static List<String> problems(Control root, ShellShot shot) {
        List<String> problems = new ArrayList<>();
        for (Control c : all(root)) {
            if (!c.isVisible() || c.getShell() != shot.shell()) {
                continue;
            }
            String text = textOf(c);
            if (c instanceof Table t) {
                problems.addAll(tableCells(t));
            }
            Rectangle shown = shownOnDisplay(c);
            if (text == null || text.isBlank()) {
                boolean leaf = !(c instanceof Composite box) || box.getChildren().length == 0; // combo, canvas...
                if (leaf && shown.width > 0 && shown.height > 0
                        && (shown.width < c.getSize().x || shown.height < c.getSize().y)) {
                    problems.add("clipped: " + describe(c) + " cut off by its parent: shows " + shown.width + "x"
                            + shown.height + " px of its " + c.getSize().x + "x" + c.getSize().y);
                }
                continue;
            }
            String clipped = clipped(c, shown);
            if (clipped != null) {
                problems.add("clipped: '" + text + "' (" + describe(c) + ") " + clipped);
            }
            Rectangle onScreen = onScreen(c);
            if (onScreen.width > 0 && onScreen.height > 0) {
                String invisible = invisible(c, text, onScreen, shot);
                if (invisible != null) {
                    problems.add("invisible: '" + text + "' (" + describe(c) + ") " + invisible);
                }
            }
        }
        return problems;
    }

    static String textOf(Control c) {
        if (c instanceof Label l) {
            return l.getText().replace("&", "");
        } else if (c instanceof CLabel l) {
            return l.getText();
        } else if (c instanceof Button b) {
            return b.getText().replace("&", "");
        } else if (c instanceof Link l) {
            return l.getText().replaceAll("</?a[^>]*>", "");
        } else if (c instanceof Text t) {
            return t.getText();
        } else if (c instanceof Combo combo) {
            return combo.getText();
        }
        return null;
    }

    /**
     * The part of {@code c} its parents show, in display coordinates: its bounds cut by each parent's client area up
     * to the shell, or up to a vertically scrolled composite (whose content the user scrolls down to).
     */
    static Rectangle shownOnDisplay(Control c) {
        Rectangle r = c.getDisplay().map(c.getParent(), null, c.getBounds());
        for (Composite p = c.getParent(); p != null; p = p.getParent()) {
            Rectangle area = c.getDisplay().map(p, null, p.getClientArea());
            if (p instanceof ScrolledComposite sc && showsBar(sc.getVerticalBar())) {
                // the user scrolls down to the rest; sideways scrolling (GTK's overlay bar, seen only under the
                // pointer) is no way to read a form or a launch tab: what is right of the viewport is cut off
                return r.intersection(new Rectangle(area.x, r.y, area.width, r.height));
            }
            r = r.intersection(area);
            if (p instanceof Shell) {
                break;
            }
        }
        return r;
    }

    /** The part of {@code c} on screen now: cut by every parent up to the shell (scrolled-away parts too). */
    static Rectangle onScreen(Control c) {
        Rectangle r = c.getDisplay().map(c.getParent(), null, c.getBounds());
        for (Composite p = c.getParent(); p != null; p = p.getParent()) {
            r = r.intersection(c.getDisplay().map(p, null, p.getClientArea()));
            if (p instanceof Shell) {
                break;
            }
        }
        return r;
    }

    private static boolean showsBar(org.eclipse.swt.widgets.ScrollBar bar) {
        return bar != null && bar.getVisible();
    }

    private static String clipped(Control c, Rectangle shown) {
        boolean wraps = (c.getStyle() & SWT.WRAP) != 0;
        if (c instanceof Text t) {
            if ((t.getStyle() & SWT.MULTI) != 0) {
                return null; // scrolls
            }
            Point needs = c.computeSize(SWT.DEFAULT, SWT.DEFAULT);
            return shown.height < needs.y ? "is " + shown.height + " px high, its text needs " + needs.y : null;
        }
        Point needs = wraps ? c.computeSize(c.getSize().x, SWT.DEFAULT) : c.computeSize(SWT.DEFAULT, SWT.DEFAULT);
        if (c instanceof Combo combo) {
            // the choice it shows, with the combo's own frame and button (its list shows the other choices in full)
            int widest = 0;
            int shownText;
            GC gc = new GC(combo);
            try {
                for (String item : combo.getItems()) {
                    widest = Math.max(widest, gc.textExtent(item).x);
                }
                shownText = gc.textExtent(combo.getText()).x;
            } finally {
                gc.dispose();
            }
            needs = new Point(needs.x - Math.max(widest, shownText) + shownText, needs.y);
        }
        if (wraps ? shown.height < needs.y || shown.width < c.getSize().x
                : shown.width < needs.x || shown.height < needs.y) {
            return "shows " + shown.width + "x" + shown.height + " px of the " + needs.x + "x" + needs.y + " it needs";
        }
        return null;
    }

    /**
     * The item data key under which the Targets view keeps the name it drew in the first column
     * (dev.flashbank.ui.views.TargetNames.SHOWN: a name wider than its cell is drawn cut in the middle).
     */
    private static final String DRAWN_NAME_KEY = "dev.flashbank.ui.views.TargetNames.shown";

    private static List<String> tableCells(Table t) {
        List<String> problems = new ArrayList<>();
        if (t.getItemCount() == 0) {
            return problems;
        }
        GC gc = new GC(t);
        try {
            int columns = Math.max(1, t.getColumnCount());
            Rectangle area = t.getClientArea();
            for (TableItem item : t.getItems()) {
                for (int i = 0; i < columns; i++) {
                    String text = item.getText(i);
                    Rectangle cell = item.getTextBounds(i);
                    if (text.isBlank() || !cell.intersects(area)) {
                        continue;
                    }
                    // an owner-drawn cell that keeps the text it drew is judged on that text: the Targets view's
                    // names, drawn cut in the middle where the cell is narrower (its start and its end show)
                    if (i == 0 && item.getData(DRAWN_NAME_KEY) instanceof String drawn) {
                        text = drawn;
                    }
                    gc.setFont(item.getFont(i));
                    int needs = gc.textExtent(text).x;
                    if (cell.width < needs) {
                        problems.add("clipped: table cell '" + text + "' (" + describe(t) + " column " + i + ") is "
                                + cell.width + " px wide, its text needs " + needs);
                    }
                }
            }
        } finally {
            gc.dispose();
        }
        return problems;
    }

    /** Null if some pixel of the text's area stands out from the area's commonest colour (its background). */
    private static String invisible(Control c, String text, Rectangle shown, ShellShot shot) {
        Rectangle area = textArea(c, text).intersection(shown);
        area.x -= shot.bounds().x;
        area.y -= shot.bounds().y;
        area = area.intersection(new Rectangle(0, 0, shot.pixels().width, shot.pixels().height));
        if (area.width <= 0 || area.height <= 0) {
            return null;
        }
        Map<Integer, Integer> histogram = new HashMap<>();
        for (int y = area.y; y < area.y + area.height; y++) {
            for (int x = area.x; x < area.x + area.width; x++) {
                histogram.merge(shot.pixels().getPixel(x, y), 1, Integer::sum);
            }
        }
        int background = histogram.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        RGB bg = shot.pixels().palette.getRGB(background);
        double best = 1;
        RGB strongest = bg;
        for (int pixel : histogram.keySet()) {
            RGB rgb = shot.pixels().palette.getRGB(pixel);
            double contrast = contrast(rgb, bg);
            if (contrast > best) {
                best = contrast;
                strongest = rgb;
            }
        }
        if (best >= MIN_TEXT_CONTRAST) {
            return null;
        }
        return String.format("drawn with contrast %.2f:1 (strongest pixel %s on %s; foreground %s, background %s)",
                best, hex(strongest), hex(bg), hex(c.getForeground().getRGB()), hex(c.getBackground().getRGB()));
    }

    /**
     * Where the text is drawn, in display coordinates: the text's extent placed as the widget places it (a push
     * button centres it, a check box or radio puts it right of its indicator, labels by their alignment), inside a
     * text field's frame, so borders and indicators do not count as text.
     */
    private static Rectangle textArea(Control c, String text) {
        Rectangle b = c.getDisplay().map(c.getParent(), null, c.getBounds());
        GC gc = new GC(c);
        Point extent;
        try {
            gc.setFont(c.getFont());
            extent = gc.textExtent(text, SWT.DRAW_DELIMITER | SWT.DRAW_TAB);
        } finally {
            gc.dispose();
        }
        int w = Math.min(b.width, extent.x);
        int style = c.getStyle();
        if (c instanceof Button) {
            if ((style & (SWT.CHECK | SWT.RADIO)) != 0) {
                int needs = c.computeSize(SWT.DEFAULT, SWT.DEFAULT).x;
                return new Rectangle(b.x + Math.max(0, Math.min(b.width, needs) - w - 2), b.y, w + 2, b.height);
            }
            return new Rectangle(b.x + (b.width - w) / 2, b.y + 2, w, b.height - 4);
        }
        if (c instanceof Text || c instanceof Combo) {
            return new Rectangle(b.x + 4, b.y + 4, Math.max(0, Math.min(b.width - 8, extent.x + 2)),
                    Math.max(0, b.height - 8));
        }
        if ((style & SWT.WRAP) != 0) {
            return b;
        }
        if ((style & SWT.CENTER) != 0) {
            return new Rectangle(b.x + (b.width - w) / 2, b.y, w, b.height);
        }
        if ((style & SWT.RIGHT) != 0) {
            return new Rectangle(b.x + b.width - w, b.y, w, b.height);
        }
        return new Rectangle(b.x, b.y, w + 2, b.height);
    }

    /** WCAG 2 contrast ratio of two colours, 1 (same) to 21 (black on white). */
    public static double contrast(RGB a, RGB b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** WCAG 2 relative luminance, 0 (black) to 1 (white). */
    public static double luminance(RGB c) {
        return 0.2126 * channel(c.red) + 0.7152 * channel(c.green) + 0.0722 * channel(c.blue);
    }

    private static double channel(int v) {
        double s = v / 255.0;
        return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }

    private static String hex(RGB c) {
        return String.format("#%02x%02x%02x", c.red, c.green, c.blue);
    }

    private static String describe(Control c) {
        String where = c.getParent() == null ? "" : " in " + c.getParent().getClass().getSimpleName();
        return c.getClass().getSimpleName() + where;
    }

    public static List<Control> all(Control c) {
        List<Control> l = new ArrayList<>();
        l.add(c);
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                l.addAll(all(child));
            }
        }
        return l;
    }
}
