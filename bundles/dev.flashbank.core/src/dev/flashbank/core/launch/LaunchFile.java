package dev.flashbank.core.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * An Eclipse {@code .launch} file read without Eclipse (JDK DOM): its type id and its attributes as the same map
 * {@code ILaunchConfiguration.getAttributes()} returns - {@code stringAttribute} as String, {@code booleanAttribute}
 * as Boolean, {@code intAttribute} as Integer, {@code listAttribute} as List, {@code setAttribute} as Set,
 * {@code mapAttribute} as Map (the element names of org.eclipse.debug.core's LaunchConfigurationInfo).
 *
 * @param file where it was read from
 * @param type the launch configuration type id
 * @param attributes the attributes
 */
public record LaunchFile(Path file, String type, Map<String, Object> attributes) {

    public LaunchFile {
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The configuration's name, as Eclipse shows it: the file name without ".launch". */
    public String name() {
        String n = file.getFileName().toString();
        return n.endsWith(".launch") ? n.substring(0, n.length() - ".launch".length()) : n;
    }

    public static LaunchFile read(Path file) throws LaunchSpecException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(file, in);
        } catch (IOException e) {
            throw new LaunchSpecException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static LaunchFile parse(Path file, InputStream in) throws LaunchSpecException {
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // a launch file never needs a DTD or external entities; refuse them (XXE)
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            root = b.parse(in).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new LaunchSpecException(file + " is not a launch configuration file: " + e.getMessage(), e);
        }
        if (!"launchConfiguration".equals(root.getTagName())) {
            throw new LaunchSpecException(file + " is not a launch configuration file: its root element is <"
                    + root.getTagName() + ">, not <launchConfiguration>");
        }
        String type = root.getAttribute("type");
        if (type.isBlank()) {
            throw new LaunchSpecException(file + ": <launchConfiguration> has no type attribute");
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        for (Element e : children(root)) {
            String key = e.getAttribute("key");
            if (key.isEmpty()) {
                throw new LaunchSpecException(file + ": <" + e.getTagName() + "> without a key");
            }
            String value = e.getAttribute("value");
            switch (e.getTagName()) {
                case "stringAttribute" -> attrs.put(key, value);
                case "booleanAttribute" -> attrs.put(key, Boolean.valueOf(value));
                case "intAttribute" -> {
                    try {
                        attrs.put(key, Integer.valueOf(value.strip()));
                    } catch (NumberFormatException ex) {
                        throw new LaunchSpecException(file + ": intAttribute " + key + " = '" + value
                                + "' is not a number");
                    }
                }
                case "listAttribute", "setAttribute" -> {
                    List<String> l = new ArrayList<>();
                    for (Element c : children(e)) {
                        l.add(c.getAttribute("value"));
                    }
                    attrs.put(key, "setAttribute".equals(e.getTagName()) ? (Set<String>) new LinkedHashSet<>(l) : l);
                }
                case "mapAttribute" -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    for (Element c : children(e)) {
                        m.put(c.getAttribute("key"), c.getAttribute("value"));
                    }
                    attrs.put(key, m);
                }
                default -> throw new LaunchSpecException(file + ": unknown element <" + e.getTagName() + ">");
            }
        }
        return new LaunchFile(file, type, attrs);
    }

    private static List<Element> children(Element e) {
        List<Element> l = new ArrayList<>();
        NodeList nl = e.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            if (nl.item(i).getNodeType() == Node.ELEMENT_NODE) {
                l.add((Element) nl.item(i));
            }
        }
        return l;
    }
}
