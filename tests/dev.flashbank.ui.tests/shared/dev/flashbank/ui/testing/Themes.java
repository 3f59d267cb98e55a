package dev.flashbank.ui.testing;

import org.eclipse.e4.ui.css.swt.theme.ITheme;
import org.eclipse.e4.ui.css.swt.theme.IThemeEngine;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;

/**
 * Switches the running workbench between Eclipse's Light and Dark themes (contributed by org.eclipse.ui.themes, part
 * of the test runtime) as Window > Preferences > Appearance does, without persisting the choice, and waits until the
 * CSS has restyled the workbench window. UI thread only.
 */
public final class Themes {

    /** "Light" on Linux (GTK); the theme a new Eclipse IDE starts with. */
    public static final String LIGHT = "org.eclipse.e4.ui.css.theme.e4_default";
    public static final String DARK = "org.eclipse.e4.ui.css.theme.e4_dark";

    private Themes() {
    }

    public static void light() {
        use(LIGHT, false);
    }

    public static void dark() {
        use(DARK, true);
    }

    /** The active theme's id, or "" without one. */
    public static String active() {
        ITheme t = engine().getActiveTheme();
        return t == null ? "" : t.getId();
    }

    private static void use(String id, boolean dark) {
        IThemeEngine engine = engine();
        if (engine.getThemes().stream().noneMatch(t -> t.getId().equals(id))) {
            throw new AssertionError("theme " + id + " is not installed (org.eclipse.ui.themes in the test runtime?); "
                    + "installed: " + engine.getThemes().stream().map(ITheme::getId).toList());
        }
        engine.setTheme(id, false);
        Shell window = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        EventLoop.until("the " + id + " theme on the workbench window",
                () -> id.equals(active()) && isDark(window.getBackground()) == dark);
        window.redraw();
        window.update();
        EventLoop.drain();
    }

    /** Whether a background is dark (relative luminance below middle grey), as a dark theme's are. */
    public static boolean isDark(Color c) {
        return Legibility.luminance(c.getRGB()) < 0.18;
    }

    private static IThemeEngine engine() {
        IThemeEngine engine = PlatformUI.getWorkbench().getService(IThemeEngine.class);
        if (engine == null) {
            throw new AssertionError("no IThemeEngine in the workbench (org.eclipse.e4.ui.css.swt.theme started?)");
        }
        return engine;
    }
}
