package dev.flashbank.ui.theme;

import java.util.List;

import org.eclipse.jface.resource.ColorRegistry;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.util.IPropertyChangeListener;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.themes.ITheme;
import org.eclipse.ui.themes.IThemeManager;

/**
 * The colours the sector map, bank strip and hex view paint with, as keys of the current theme's colour registry. The
 * values are defined once, outside the code: light defaults by {@code colorDefinition}s in plugin.xml (so Window >
 * Preferences > General > Appearance > Colors and Fonts lists them under "Flashbank"), dark ones by
 * {@code ColorDefinition#...} rules of css/e4-dark_flashbank.css, which the e4 dark theme applies
 * ({@code org.eclipse.e4.ui.css.swt.theme} stylesheet for {@code org.eclipse.e4.ui.css.theme.e4_dark}).
 * {@link #READABLE_PAIRS} lists every text or frame colour with the fill it is drawn on, so a test can hold both
 * themes to a minimum contrast.
 */
public final class FlashbankColors {

    private static final String P = "dev.flashbank.ui.";

    /** Background of the sector map, the bank strip and their labels' text. */
    public static final String MAP_BACKGROUND = P + "mapBackground";
    public static final String MAP_TEXT = P + "mapText";
    /** Sector map: a sector without protection, and the text on it (also on erased / not read strip boxes). */
    public static final String SECTOR_FREE = P + "sectorFree";
    public static final String SECTOR_TEXT = P + "sectorText";
    /** Write-protected (nWRP/WPSN = 0) and secure-only sectors, and the text on them. */
    public static final String SECTOR_WRITE_PROTECTED = P + "sectorWriteProtected";
    public static final String SECTOR_SECURE = P + "sectorSecure";
    public static final String SECTOR_PROTECTED_TEXT = P + "sectorProtectedText";
    /** Execute-only (PCROP) sectors and the text on them. */
    public static final String SECTOR_PCROP = P + "sectorPcrop";
    public static final String SECTOR_PCROP_TEXT = P + "sectorPcropText";
    /** The frame of a sector changed but not applied. */
    public static final String SECTOR_CHANGED = P + "sectorChanged";
    /** Bank strip: sector states, the frame of a protected sector, the selection, differing ranges. */
    public static final String STRIP_ERASED = P + "stripErased";
    public static final String STRIP_UNKNOWN = P + "stripUnknown";
    public static final String STRIP_PROGRAMMED = P + "stripProgrammed";
    public static final String STRIP_PROGRAMMED_TEXT = P + "stripProgrammedText";
    public static final String STRIP_PROTECTED_FRAME = P + "stripProtectedFrame";
    public static final String STRIP_SELECTION = P + "stripSelection";
    public static final String STRIP_DIFFERENCE = P + "stripDifference";
    /** Hex view: background, text, differing bytes and the selection (both under the text). */
    public static final String HEX_BACKGROUND = P + "hexBackground";
    public static final String HEX_TEXT = P + "hexText";
    public static final String HEX_DIFFERENCE = P + "hexDifference";
    public static final String HEX_SELECTION = P + "hexSelection";
    /** Text that warns (the review dialog's erase and irreversibility notes), on a dialog's background. */
    public static final String WARNING_TEXT = P + "warningText";

    /** A colour drawn on another one: text on a fill, or a frame on what surrounds it. */
    public record Pair(String foreground, String background) {
    }

    /** Every foreground/background combination the widgets draw (each must stay readable in every theme). */
    public static final List<Pair> READABLE_PAIRS = List.of(
            new Pair(MAP_TEXT, MAP_BACKGROUND),
            new Pair(SECTOR_TEXT, SECTOR_FREE),
            new Pair(SECTOR_PROTECTED_TEXT, SECTOR_WRITE_PROTECTED),
            new Pair(SECTOR_PROTECTED_TEXT, SECTOR_SECURE),
            new Pair(SECTOR_PCROP_TEXT, SECTOR_PCROP),
            new Pair(SECTOR_CHANGED, MAP_BACKGROUND),
            new Pair(SECTOR_CHANGED, SECTOR_FREE),
            new Pair(SECTOR_TEXT, STRIP_ERASED),
            new Pair(SECTOR_TEXT, STRIP_UNKNOWN),
            new Pair(STRIP_PROGRAMMED_TEXT, STRIP_PROGRAMMED),
            new Pair(STRIP_PROTECTED_FRAME, MAP_BACKGROUND),
            new Pair(STRIP_PROTECTED_FRAME, STRIP_ERASED),
            new Pair(STRIP_SELECTION, STRIP_ERASED),
            new Pair(STRIP_SELECTION, STRIP_PROGRAMMED),
            new Pair(STRIP_DIFFERENCE, MAP_BACKGROUND),
            new Pair(HEX_TEXT, HEX_BACKGROUND),
            new Pair(HEX_TEXT, HEX_DIFFERENCE),
            new Pair(HEX_TEXT, HEX_SELECTION),
            new Pair(WARNING_TEXT, MAP_BACKGROUND));

    private FlashbankColors() {
    }

    /**
     * The colour of {@code key} in the current theme (owned by the registry: never dispose it); the list
     * foreground if the key is not defined (a bundle loaded without its plugin.xml).
     */
    public static Color get(String key) {
        ColorRegistry registry = registry();
        Color c = registry.get(key);
        return c != null ? c : org.eclipse.swt.widgets.Display.getCurrent().getSystemColor(SWT.COLOR_LIST_FOREGROUND);
    }

    private static ColorRegistry registry() {
        if (PlatformUI.isWorkbenchRunning()) {
            ITheme theme = PlatformUI.getWorkbench().getThemeManager().getCurrentTheme();
            return theme.getColorRegistry();
        }
        return JFaceResources.getColorRegistry();
    }

    /** Repaints {@code c} when the theme or one of its colours changes, until {@code c} is disposed. */
    public static void redrawOnChange(Control c) {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        IThemeManager themes = PlatformUI.getWorkbench().getThemeManager();
        IPropertyChangeListener l = e -> c.getDisplay().asyncExec(() -> {
            if (!c.isDisposed()) {
                c.redraw();
            }
        });
        themes.addPropertyChangeListener(l);
        themes.getCurrentTheme().getColorRegistry().addListener(l);
        c.addListener(SWT.Dispose, e -> {
            themes.removePropertyChangeListener(l);
            themes.getCurrentTheme().getColorRegistry().removeListener(l);
        });
    }
}
