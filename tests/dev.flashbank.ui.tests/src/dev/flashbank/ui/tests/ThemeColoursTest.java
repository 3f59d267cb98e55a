package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import dev.flashbank.ui.theme.FlashbankColors;

/**
 * Issue 16 finding 6 / build 6: the widgets' colours come from the theme's colour registry, with a light value
 * (plugin.xml colorDefinition) and a dark one (the e4 dark theme's stylesheet) for every key, and every text or frame
 * colour stays readable on what it is drawn on in both: a WCAG 2 contrast ratio of at least 3:1 (relative luminance).
 * The definitions are read as the workbench reads them, from the installed bundle.
 */
class ThemeColoursTest {

    private static final String DARK_THEME = "org.eclipse.e4.ui.css.theme.e4_dark";
    private static final double MIN_CONTRAST = 3.0;

    private static Bundle ui() {
        return Platform.getBundle("dev.flashbank.ui");
    }

    private static String read(String path) throws Exception {
        URL url = ui().getEntry(path);
        assertThat(url).as(path + " in dev.flashbank.ui").isNotNull();
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every colour key FlashbankColors defines. */
    private static List<String> keys() throws Exception {
        List<String> keys = new ArrayList<>();
        for (Field f : FlashbankColors.class.getFields()) {
            if (f.getType() == String.class && Modifier.isStatic(f.getModifiers())) {
                keys.add((String) f.get(null));
            }
        }
        return keys;
    }

    /** The light values: colorDefinitions of org.eclipse.ui.themes in plugin.xml. */
    private static Map<String, RGB> light() throws Exception {
        Map<String, RGB> m = new LinkedHashMap<>();
        try (InputStream in = ui().getEntry("plugin.xml").openStream()) {
            NodeList defs = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
                    .getElementsByTagName("colorDefinition");
            for (int i = 0; i < defs.getLength(); i++) {
                Element e = (Element) defs.item(i);
                String[] v = e.getAttribute("value").split(",");
                m.put(e.getAttribute("id"), new RGB(Integer.parseInt(v[0].trim()), Integer.parseInt(v[1].trim()),
                        Integer.parseInt(v[2].trim())));
            }
        }
        return m;
    }

    /** The dark values: ColorDefinition rules of the stylesheet contributed for the e4 dark theme. */
    private static Map<String, RGB> dark() throws Exception {
        String uri = null;
        for (IConfigurationElement e : Platform.getExtensionRegistry()
                .getConfigurationElementsFor("org.eclipse.e4.ui.css.swt.theme")) {
            if (e.getName().equals("stylesheet") && e.getContributor().getName().equals("dev.flashbank.ui")) {
                for (IConfigurationElement t : e.getChildren("themeid")) {
                    if (DARK_THEME.equals(t.getAttribute("refid"))) {
                        uri = e.getAttribute("uri");
                    }
                }
            }
        }
        assertThat(uri).as("a stylesheet of dev.flashbank.ui for " + DARK_THEME).isNotNull();
        Map<String, RGB> m = new LinkedHashMap<>();
        Matcher r = Pattern.compile("ColorDefinition#([\\w-]+)\\s*\\{\\s*color:\\s*#([0-9A-Fa-f]{6})\\s*;?\\s*}")
                .matcher(read(uri));
        while (r.find()) {
            int v = Integer.parseInt(r.group(2), 16);
            m.put(r.group(1).replace('-', '.'), new RGB(v >> 16, (v >> 8) & 0xFF, v & 0xFF));
        }
        return m;
    }

    /** WCAG 2 relative luminance of an sRGB colour. */
    static double luminance(RGB c) {
        return 0.2126 * channel(c.red) + 0.7152 * channel(c.green) + 0.0722 * channel(c.blue);
    }

    private static double channel(int v) {
        double s = v / 255.0;
        return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }

    static double contrast(RGB a, RGB b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    @Test
    void contrastFormulaIsWcags() {
        assertThat(contrast(new RGB(0, 0, 0), new RGB(255, 255, 255))).isCloseTo(21.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(contrast(new RGB(0x77, 0x77, 0x77), new RGB(255, 255, 255))).isCloseTo(4.48, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void everyKeyHasALightAndADarkValue() throws Exception {
        Map<String, RGB> light = light();
        Map<String, RGB> dark = dark();
        assertThat(keys()).isNotEmpty().allSatisfy(k -> {
            assertThat(light).as("light colorDefinition").containsKey(k);
            assertThat(dark).as("dark ColorDefinition rule").containsKey(k);
        });
    }

    @Test
    void everyPairIsReadableInTheLightAndTheDarkTheme() throws Exception {
        List<String> tooLow = new ArrayList<>();
        for (Map.Entry<String, Map<String, RGB>> theme : Map.of("light", light(), "dark", dark()).entrySet()) {
            for (FlashbankColors.Pair p : FlashbankColors.READABLE_PAIRS) {
                double ratio = contrast(theme.getValue().get(p.foreground()), theme.getValue().get(p.background()));
                if (ratio < MIN_CONTRAST) {
                    tooLow.add(String.format("%s: %s on %s = %.2f", theme.getKey(), p.foreground(), p.background(),
                            ratio));
                }
            }
        }
        assertThat(tooLow).as("pairs below %.1f:1", MIN_CONTRAST).isEmpty();
    }

    @Test
    void theWorkbenchsRegistryHasTheDefinedValuesAndTheSectorMapPaintsWithThem() throws Exception {
        Map<String, RGB> light = light();
        Map<String, RGB> dark = dark();
        for (String k : keys()) {
            assertThat(FlashbankColors.get(k).getRGB()).as(k).isIn(light.get(k), dark.get(k));
        }
        try (SectorMapBench b = SectorMapBench.of("STM32F767ZI")) {
            b.show(b.protection.withWriteProtection(b.sector(1, 5), true));
            org.eclipse.swt.graphics.Point size = b.map.getSize();
            Image image = new Image(b.map.getDisplay(), size.x, size.y);
            GC gc = new GC(image);
            ImageData d;
            try {
                b.map.print(gc);
                d = image.getImageData();
            } finally {
                gc.dispose();
                image.dispose();
            }
            Rectangle free = b.map.boundsOf(6);
            Rectangle wrp = b.map.boundsOf(5);
            assertThat(d.palette.getRGB(d.getPixel(free.x + 4, free.y + free.height / 2)))
                    .isEqualTo(FlashbankColors.get(FlashbankColors.SECTOR_FREE).getRGB());
            assertThat(d.palette.getRGB(d.getPixel(wrp.x + 4, wrp.y + wrp.height / 2)))
                    .isEqualTo(FlashbankColors.get(FlashbankColors.SECTOR_WRITE_PROTECTED).getRGB());
            assertThat(d.palette.getRGB(d.getPixel(size.x - 6, 2)))
                    .isEqualTo(FlashbankColors.get(FlashbankColors.MAP_BACKGROUND).getRGB());
        }
    }

    /**
     * The widgets drawn with the dark values (put into the registry as the dark theme's stylesheet does, then put
     * back): screenshots to look at; protected sectors and the selection keep their contrast.
     */
    @Test
    void screenshotsWithTheDarkValues() throws Exception {
        org.eclipse.jface.resource.ColorRegistry registry = PlatformUI.getWorkbench().getThemeManager()
                .getCurrentTheme().getColorRegistry();
        Map<String, RGB> before = new LinkedHashMap<>();
        for (String k : keys()) {
            before.put(k, FlashbankColors.get(k).getRGB());
        }
        try {
            dark().forEach(registry::put);
            try (SectorMapBench b = SectorMapBench.of("STM32F767ZI")) {
                b.show(b.protection.withWriteProtection(b.sector(1, 5), true));
                b.shell.setBackground(b.shell.getDisplay().getSystemColor(org.eclipse.swt.SWT.COLOR_BLACK));
                b.screenshot("theme-dark-sectormap");
            }
            try (dev.flashbank.ui.banks.BankWidgetsBench b = dev.flashbank.ui.banks.BankWidgetsBench.ofDefaultBoard()) {
                RealInput.click(b.before);
                RealInput.key(b.shell.getDisplay(), '\0', org.eclipse.swt.SWT.TAB);
                RealInput.key(b.shell.getDisplay(), '\0', org.eclipse.swt.SWT.CR);
                Screenshots.save(b.shell, "theme-dark-bankstrip");
            }
        } finally {
            before.forEach(registry::put);
        }
    }
}
