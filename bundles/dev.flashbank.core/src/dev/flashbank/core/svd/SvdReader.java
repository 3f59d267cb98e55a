package dev.flashbank.core.svd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A small CMSIS-SVD reader on the JDK's DOM parser: device, peripherals (with {@code derivedFrom}), registers
 * ({@code addressOffset}, {@code size}, {@code resetValue}, {@code access} with device → peripheral → register
 * inheritance) and fields in all three SVD forms ({@code bitOffset}/{@code bitWidth}, {@code lsb}/{@code msb},
 * {@code bitRange} "[msb:lsb]"). Registers inside {@code cluster}s and {@code dim} arrays are not expanded (ST's F7
 * files use neither); a {@code dim} element is refused rather than silently misread.
 */
public final class SvdReader {

    private static final Pattern BIT_RANGE = Pattern.compile("\\[\\s*(\\d+)\\s*:\\s*(\\d+)\\s*]");

    private SvdReader() {
    }

    public static SvdDevice read(Path file) throws IOException, SvdFormatException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static SvdDevice read(InputStream in, String sourceName) throws IOException, SvdFormatException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            doc = b.parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new SvdFormatException(sourceName + ": not well-formed SVD XML: " + e.getMessage(), e);
        }
        Element device = doc.getDocumentElement();
        if (!"device".equals(device.getTagName())) {
            throw new SvdFormatException(sourceName + ": root element is <" + device.getTagName() + ">, not <device>");
        }
        Defaults deviceDefaults = Defaults.of(device, new Defaults(32, 0, "read-write"));
        String cpuName = null;
        String cpuRevision = null;
        Element cpu = child(device, "cpu");
        if (cpu != null) {
            cpuName = text(cpu, "name");
            cpuRevision = text(cpu, "revision");
        }
        Element peripheralsEl = child(device, "peripherals");
        if (peripheralsEl == null) {
            throw new SvdFormatException(sourceName + ": no <peripherals>");
        }
        Map<String, Element> byName = new LinkedHashMap<>();
        for (Element p : children(peripheralsEl, "peripheral")) {
            byName.put(required(p, "name", sourceName), p);
        }
        List<SvdPeripheral> peripherals = new ArrayList<>();
        for (Element p : byName.values()) {
            peripherals.add(peripheral(p, byName, deviceDefaults, sourceName));
        }
        return new SvdDevice(required(device, "name", sourceName), cpuName, cpuRevision, peripherals);
    }

    private static SvdPeripheral peripheral(Element p, Map<String, Element> byName, Defaults deviceDefaults,
            String src) throws SvdFormatException {
        String name = required(p, "name", src);
        String derivedFrom = p.hasAttribute("derivedFrom") ? p.getAttribute("derivedFrom") : null;
        Element base = null;
        if (derivedFrom != null) {
            base = byName.get(derivedFrom);
            if (base == null) {
                throw new SvdFormatException(src + ": peripheral " + name + " derivedFrom unknown " + derivedFrom);
            }
            if (base.hasAttribute("derivedFrom")) {
                throw new SvdFormatException(src + ": peripheral " + name + " derives from derived " + derivedFrom);
            }
        }
        String baseAddressText = text(p, "baseAddress");
        if (baseAddressText == null && base != null) {
            baseAddressText = text(base, "baseAddress");
        }
        if (baseAddressText == null) {
            throw new SvdFormatException(src + ": peripheral " + name + " has no baseAddress");
        }
        long baseAddress = number(baseAddressText, src, name + ".baseAddress");
        Element regsEl = child(p, "registers");
        Element defaultsSource = p;
        if (regsEl == null && base != null) {
            regsEl = child(base, "registers");
            defaultsSource = base;
        }
        Defaults pd = Defaults.of(defaultsSource, deviceDefaults);
        List<SvdRegister> regs = new ArrayList<>();
        if (regsEl != null) {
            if (!children(regsEl, "cluster").isEmpty()) {
                throw new SvdFormatException(src + ": peripheral " + name + " uses <cluster>, not supported");
            }
            Map<String, SvdRegister> regByName = new LinkedHashMap<>();
            for (Element r : children(regsEl, "register")) {
                SvdRegister reg = register(r, pd, regByName, src, name);
                regByName.put(reg.name(), reg);
                regs.add(reg);
            }
        }
        String description = normalise(text(p, "description"));
        if (description == null && base != null) {
            description = normalise(text(base, "description"));
        }
        return new SvdPeripheral(name, baseAddress, derivedFrom, description, regs);
    }

    private static SvdRegister register(Element r, Defaults pd, Map<String, SvdRegister> earlier, String src,
            String peripheral) throws SvdFormatException {
        String name = required(r, "name", src);
        String where = peripheral + "." + name;
        if (child(r, "dim") != null) {
            throw new SvdFormatException(src + ": register " + where + " uses <dim>, not supported");
        }
        SvdRegister base = null;
        if (r.hasAttribute("derivedFrom")) {
            base = earlier.get(r.getAttribute("derivedFrom"));
            if (base == null) {
                throw new SvdFormatException(src + ": register " + where + " derivedFrom unknown " + r.getAttribute("derivedFrom"));
            }
        }
        Defaults rd = Defaults.of(r, base == null ? pd : new Defaults(base.size(), base.resetValue(), base.access()));
        String offsetText = text(r, "addressOffset");
        long offset;
        if (offsetText != null) {
            offset = number(offsetText, src, where + ".addressOffset");
        } else if (base != null) {
            offset = base.addressOffset();
        } else {
            throw new SvdFormatException(src + ": register " + where + " has no addressOffset");
        }
        List<SvdField> fields = new ArrayList<>();
        Element fieldsEl = child(r, "fields");
        if (fieldsEl != null) {
            for (Element f : children(fieldsEl, "field")) {
                fields.add(field(f, src, where));
            }
        } else if (base != null) {
            fields.addAll(base.fields());
        }
        String description = normalise(text(r, "description"));
        return new SvdRegister(name, offset, rd.size, rd.resetValue, rd.access, description, fields);
    }

    private static SvdField field(Element f, String src, String register) throws SvdFormatException {
        String name = required(f, "name", src);
        String where = register + "." + name;
        int lsb;
        int width;
        String bitOffset = text(f, "bitOffset");
        String lsbText = text(f, "lsb");
        String bitRange = text(f, "bitRange");
        if (bitOffset != null) {
            lsb = (int) number(bitOffset, src, where + ".bitOffset");
            String w = text(f, "bitWidth");
            width = w == null ? 1 : (int) number(w, src, where + ".bitWidth");
        } else if (lsbText != null) {
            lsb = (int) number(lsbText, src, where + ".lsb");
            String msb = text(f, "msb");
            if (msb == null) {
                throw new SvdFormatException(src + ": field " + where + " has <lsb> but no <msb>");
            }
            width = (int) number(msb, src, where + ".msb") - lsb + 1;
        } else if (bitRange != null) {
            Matcher m = BIT_RANGE.matcher(bitRange);
            if (!m.matches()) {
                throw new SvdFormatException(src + ": field " + where + " bad bitRange " + bitRange);
            }
            int msb = Integer.parseInt(m.group(1));
            lsb = Integer.parseInt(m.group(2));
            width = msb - lsb + 1;
        } else {
            throw new SvdFormatException(src + ": field " + where + " has no bit position");
        }
        if (lsb < 0 || width < 1 || lsb + width > 64) {
            throw new SvdFormatException(src + ": field " + where + " has impossible bits " + lsb + "+" + width);
        }
        return new SvdField(name, lsb, width, text(f, "access"), normalise(text(f, "description")));
    }

    /** SVD scaledNonNegativeInteger: decimal, 0x hex, # binary, optional k/M/G/T multiplier. */
    static long number(String text, String src, String what) throws SvdFormatException {
        String t = text.trim();
        try {
            if (t.startsWith("+")) {
                t = t.substring(1);
            }
            long mult = 1;
            char last = Character.toLowerCase(t.charAt(t.length() - 1));
            boolean hex = t.startsWith("0x") || t.startsWith("0X");
            if (!hex && "kmgt".indexOf(last) >= 0) {
                mult = switch (last) {
                    case 'k' -> 1L << 10;
                    case 'm' -> 1L << 20;
                    case 'g' -> 1L << 30;
                    default -> 1L << 40;
                };
                t = t.substring(0, t.length() - 1);
            }
            long v;
            if (hex) {
                v = Long.parseUnsignedLong(t.substring(2), 16);
            } else if (t.startsWith("#")) {
                v = Long.parseUnsignedLong(t.substring(1).toLowerCase(Locale.ROOT).replace('x', '0'), 2);
            } else {
                v = Long.parseUnsignedLong(t);
            }
            return v * mult;
        } catch (RuntimeException e) {
            throw new SvdFormatException(src + ": " + what + " is not a number: \"" + text + "\"", e);
        }
    }

    private record Defaults(int size, long resetValue, String access) {
        static Defaults of(Element e, Defaults parent) throws SvdFormatException {
            String s = text(e, "size");
            String r = text(e, "resetValue");
            String a = text(e, "access");
            return new Defaults(s == null ? parent.size : (int) number(s, "", "size"),
                    r == null ? parent.resetValue : number(r, "", "resetValue"), a == null ? parent.access : a);
        }
    }

    private static String normalise(String s) {
        return s == null ? null : s.replaceAll("\\s+", " ").trim();
    }

    private static String required(Element e, String tag, String src) throws SvdFormatException {
        String t = text(e, tag);
        if (t == null) {
            throw new SvdFormatException(src + ": <" + e.getTagName() + "> without <" + tag + ">");
        }
        return t;
    }

    /** Trimmed text of the direct child {@code tag}, or null. */
    private static String text(Element e, String tag) {
        Element c = child(e, tag);
        return c == null ? null : c.getTextContent().trim();
    }

    private static Element child(Element e, String tag) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && el.getTagName().equals(tag)) {
                return el;
            }
        }
        return null;
    }

    private static List<Element> children(Element e, String tag) {
        List<Element> l = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && el.getTagName().equals(tag)) {
                l.add(el);
            }
        }
        return l;
    }
}
