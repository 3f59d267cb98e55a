package dev.flashbank.core.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Does every module's MANIFEST.MF make visible what its sources use? Tycho compiles a bundle against exactly the class
 * space its manifest declares, while the quick loop compiles everything on one flat class path - so an import that only
 * the flat class path satisfies fails in CI alone. This reads the manifests and the sources as text and resolves each
 * {@code import} (and each fully qualified {@code dev.flashbank.}/{@code org.eclipse.}/... name in code) the way the
 * OSGi class space does at compile time:
 * <ul>
 * <li>the module's own packages, and for a fragment ({@code Fragment-Host}) the host's own packages, its
 * {@code Require-Bundle} and {@code Import-Package} (a fragment lives in its host's class space);</li>
 * <li>every {@code Import-Package} package;</li>
 * <li>for every {@code Require-Bundle}: the packages that bundle and its fragments list in {@code Export-Package}
 * ({@code x-internal}/{@code x-friends} included: JDT only warns about those) plus, transitively, those of the bundles it
 * requires with {@code visibility:=reexport};</li>
 * <li>the JDK's exported packages (Tycho's compiler and Equinox's boot delegation make those visible without a
 * header).</li>
 * </ul>
 * Bundles are the reactor's ({@code bundles/*}, {@code tests/*}) and the target platform's: the jars the
 * {@code .target} file pins, read from the local Maven repository where Tycho resolved them (wrapped jars with the
 * {@code instructions} of their location).
 */
final class ManifestVisibility {

    /** One clause of a manifest header: its names (packages or a bundle) and its attributes/directives. */
    record Clause(List<String> names, Map<String, String> params) {
        boolean reexported() {
            return "reexport".equals(params.get("visibility:"));
        }
    }

    /** One bundle or fragment as the resolver sees it. */
    record Bundle(String name, String host, List<Clause> requires, List<Clause> imports, Set<String> exports,
            Set<String> ownPackages, Path dir) {
    }

    /** A use that the manifest does not make visible. */
    record Violation(String where, String use, String reason) {
        @Override
        public String toString() {
            return where + ": " + use + " - " + reason;
        }
    }

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern
            .compile("^[ \\t]*import\\s+(static\\s+)?([\\w.]+?)(\\.\\*)?\\s*;", Pattern.MULTILINE);
    /**
     * Fully qualified names in code (after comments and literals are blanked) under the roots worth checking; a match
     * right after a '.' (a member chain, not a name) is skipped.
     */
    private static final Pattern QUALIFIED = Pattern.compile("\\b((?:dev\\.flashbank|org\\.(?:eclipse|osgi|junit|assertj"
            + "|usb4java)|net\\.fornwall|picocli)(?:\\.[a-z_]\\w*)*)\\.[A-Z]\\w*");

    final Map<String, Bundle> bundles = new TreeMap<>();
    final Map<String, List<Bundle>> fragmentsOf = new HashMap<>();
    final Set<String> jdkPackages = new HashSet<>();
    /** Target platform jars the .target file pins but the local repository does not hold. */
    final List<Path> missingJars = new ArrayList<>();

    /**
     * The same check without JUnit or the rest of the tests (it needs only the JDK), for a quick loop:
     * {@code java tests/dev.flashbank.core.tests/src/dev/flashbank/core/tests/ManifestVisibility.java [repo root]}.
     * Prints one line per violation and exits 1 if there is any.
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "").toAbsolutePath();
        while (root != null && !(Files.isDirectory(root.resolve("bundles")) && Files.isDirectory(root.resolve("tests")))) {
            root = root.getParent();
        }
        if (root == null) {
            throw new IllegalStateException("repository root not found");
        }
        ManifestVisibility v = of(root, root.resolve(TARGET_FILE), localRepository());
        List<String> lines = new ArrayList<>();
        v.missingJars.forEach(j -> lines.add("target platform jar missing: " + j));
        v.check(root).forEach(x -> lines.add(x.toString()));
        lines.forEach(System.out::println);
        System.exit(lines.isEmpty() ? 0 : 1);
    }

    /** The target platform definition the reactor builds against. */
    static final String TARGET_FILE = "releng/dev.flashbank.target/dev.flashbank.target.target";

    /** The reactor's modules under {@code root} plus the bundles of its target platform. */
    static ManifestVisibility of(Path root, Path targetFile, Path localRepository) throws IOException {
        ManifestVisibility v = new ManifestVisibility();
        v.addJdk();
        if (targetFile != null) {
            v.addTargetPlatform(targetFile, localRepository);
        }
        for (Path dir : modules(root)) {
            v.add(fromManifest(manifest(dir.resolve("META-INF/MANIFEST.MF")), dir));
        }
        return v;
    }

    /** The local Maven repository: {@code maven.repo.local} (the build passes it to tests), else ~/.m2/repository. */
    static Path localRepository() {
        String p = System.getProperty("maven.repo.local");
        return p != null && !p.isBlank() ? Path.of(p) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    static List<Path> modules(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String group : List.of("bundles", "tests")) {
            try (Stream<Path> s = Files.list(root.resolve(group))) {
                s.filter(p -> Files.isRegularFile(p.resolve("META-INF/MANIFEST.MF"))).sorted().forEach(out::add);
            }
        }
        return out;
    }

    void add(Bundle b) {
        bundles.putIfAbsent(b.name(), b);
        if (b.host() != null) {
            fragmentsOf.computeIfAbsent(b.host(), h -> new ArrayList<>()).add(b);
        }
    }

    private void addJdk() {
        for (Module m : ModuleLayer.boot().modules()) {
            for (ModuleDescriptor.Exports e : m.getDescriptor().exports()) {
                if (!e.isQualified()) {
                    jdkPackages.add(e.source());
                }
            }
        }
    }

    // ---- manifests -------------------------------------------------------------------------------------------------

    static Manifest manifest(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new Manifest(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Bundle fromManifest(Manifest mf, Path dir) throws IOException {
        Attributes a = mf.getMainAttributes();
        Set<String> own = new TreeSet<>();
        if (dir != null) {
            for (Path src : sourceDirs(dir)) {
                own.addAll(sourcePackages(src));
            }
        }
        return bundle(a::getValue, own, dir);
    }

    /** The module's source folders: every {@code source.*} entry of its build.properties (Tycho's), else src/. */
    static List<Path> sourceDirs(Path dir) throws IOException {
        Path bp = dir.resolve("build.properties");
        List<Path> out = new ArrayList<>();
        if (Files.isRegularFile(bp)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(bp)) {
                p.load(in);
            }
            for (String key : new TreeSet<>(p.stringPropertyNames())) {
                if (key.startsWith("source.")) {
                    for (String folder : p.getProperty(key).split(",")) {
                        if (!folder.isBlank()) {
                            out.add(dir.resolve(folder.trim()).normalize());
                        }
                    }
                }
            }
        }
        return out.isEmpty() ? List.of(dir.resolve("src")) : out;
    }

    interface Headers {
        String get(String name);
    }

    static Bundle bundle(Headers h, Set<String> ownPackages, Path dir) {
        String name = parse(h.get("Bundle-SymbolicName")).get(0).names().get(0);
        List<Clause> host = parse(h.get("Fragment-Host"));
        Set<String> exports = new LinkedHashSet<>();
        parse(h.get("Export-Package")).forEach(c -> exports.addAll(c.names()));
        return new Bundle(name, host.isEmpty() ? null : host.get(0).names().get(0), parse(h.get("Require-Bundle")),
                parse(h.get("Import-Package")), exports, ownPackages, dir);
    }

    /**
     * An OSGi header's clauses: split at commas and semicolons outside quotes; a part with {@code =} is an attribute
     * ({@code :=} a directive, kept as {@code "name:"}), the others are the clause's names.
     */
    static List<Clause> parse(String header) {
        List<Clause> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String clause : splitOutsideQuotes(header, ',')) {
            List<String> names = new ArrayList<>();
            Map<String, String> params = new LinkedHashMap<>();
            for (String part : splitOutsideQuotes(clause, ';')) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    if (!p.isEmpty()) {
                        names.add(p);
                    }
                } else {
                    String key = p.substring(0, eq).trim();
                    String value = p.substring(eq + 1).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    params.put(key, value);
                }
            }
            if (!names.isEmpty()) {
                out.add(new Clause(names, params));
            }
        }
        return out;
    }

    private static List<String> splitOutsideQuotes(String s, char sep) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == sep && !quoted) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    // ---- target platform -------------------------------------------------------------------------------------------

    /** The jars of every Maven location of {@code targetFile}, as bundles (wrapped ones by their instructions). */
    void addTargetPlatform(Path targetFile, Path repo) throws IOException {
        Element root;
        try (InputStream in = Files.newInputStream(targetFile)) {
            root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getDocumentElement();
        } catch (Exception e) {
            throw new IOException("cannot read " + targetFile, e);
        }
        NodeList locations = root.getElementsByTagName("location");
        for (int i = 0; i < locations.getLength(); i++) {
            Element loc = (Element) locations.item(i);
            Map<String, Map<String, String>> instructions = new HashMap<>();
            NodeList ins = loc.getElementsByTagName("instructions");
            for (int j = 0; j < ins.getLength(); j++) {
                Element in = (Element) ins.item(j);
                instructions.put(in.getAttribute("reference"), bndHeaders(in.getTextContent()));
            }
            NodeList deps = loc.getElementsByTagName("dependency");
            for (int j = 0; j < deps.getLength(); j++) {
                Element d = (Element) deps.item(j);
                String g = text(d, "groupId");
                String a = text(d, "artifactId");
                String ver = text(d, "version");
                String cl = text(d, "classifier");
                Path jar = repo.resolve(g.replace('.', '/')).resolve(a).resolve(ver)
                        .resolve(a + "-" + ver + (cl.isEmpty() ? "" : "-" + cl) + ".jar");
                if (!Files.isRegularFile(jar)) {
                    missingJars.add(jar);
                    continue;
                }
                Map<String, String> wrap = instructions.getOrDefault(g + ":" + a + ":" + cl + ":" + ver,
                        instructions.get(""));
                add(jarBundle(jar, wrap, Map.of("${mvnGroupId}", g, "${mvnArtifactId}", a)));
            }
        }
    }

    private static String text(Element e, String tag) {
        NodeList l = e.getElementsByTagName(tag);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().trim();
    }

    /** bnd instructions ("Header: value" lines) as headers; variables other than the Maven coordinates stay. */
    static Map<String, String> bndHeaders(String text) {
        Map<String, String> h = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith(" ") && !line.startsWith("-")) {
                h.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return h;
    }

    static Bundle jarBundle(Path jar, Map<String, String> wrap, Map<String, String> vars) throws IOException {
        try (JarFile jf = new JarFile(jar.toFile(), false)) {
            Manifest mf = jf.getManifest();
            if (mf != null && mf.getMainAttributes().getValue("Bundle-SymbolicName") != null) {
                return fromManifest(mf, null);
            }
            if (wrap == null) {
                throw new IOException(jar + " has no OSGi manifest and its target location no instructions");
            }
            // a wrapped jar: Tycho generates the manifest with bnd; Export-Package patterns over the jar's packages
            Set<String> jarPackages = new TreeSet<>();
            jf.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class") && n.indexOf('/') > 0)
                    .forEach(n -> jarPackages.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.')));
            Map<String, String> h = new HashMap<>(wrap);
            h.replaceAll((k, v) -> substitute(v, vars));
            Set<String> exports = new LinkedHashSet<>();
            for (Clause c : parse(h.get("Export-Package"))) {
                for (String pattern : c.names()) {
                    for (String p : jarPackages) {
                        if (pattern.equals("*") || pattern.equals(p)
                                || pattern.endsWith(".*") && (p + ".").startsWith(pattern.substring(0, pattern.length() - 1))
                                || pattern.endsWith(".*") && p.equals(pattern.substring(0, pattern.length() - 2))) {
                            exports.add(p);
                        }
                    }
                }
            }
            h.put("Export-Package", String.join(",", exports));
            return bundle(h::get, Set.of(), null);
        }
    }

    private static String substitute(String v, Map<String, String> vars) {
        for (var e : vars.entrySet()) {
            v = v.replace(e.getKey(), e.getValue());
        }
        return v;
    }

    // ---- sources ---------------------------------------------------------------------------------------------------

    static Set<String> sourcePackages(Path src) throws IOException {
        Set<String> out = new TreeSet<>();
        for (Path f : javaFiles(src)) {
            Matcher m = PACKAGE.matcher(Java.code(Files.readString(f)));
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    static List<Path> javaFiles(Path src) throws IOException {
        if (!Files.isDirectory(src)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(src)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** A use of a package in a source file: line number, the text used, the package. */
    record Use(int line, String text, String pkg) {
    }

    /** The imports (static and on demand included) and qualified names in code of one source text. */
    static List<Use> uses(String source) {
        String code = Java.code(source);
        int[] breaks = lineBreaks(code);
        List<Use> out = new ArrayList<>();
        StringBuilder blanked = new StringBuilder(code);
        Matcher m = IMPORT.matcher(code);
        while (m.find()) {
            boolean isStatic = m.group(1) != null;
            boolean onDemand = m.group(3) != null;
            String name = m.group(2);
            String pkg = packageOf(name, isStatic || !onDemand);
            out.add(new Use(line(breaks, m.start(2)), "import " + (isStatic ? "static " : "") + name
                    + (onDemand ? ".*" : ""), pkg));
            blank(blanked, m.start(), m.end());
        }
        Matcher p = PACKAGE.matcher(code);
        if (p.find()) {
            blank(blanked, p.start(), p.end());
        }
        Matcher q = QUALIFIED.matcher(blanked);
        while (q.find()) {
            if (q.start() > 0 && blanked.charAt(q.start() - 1) == '.') {
                continue;
            }
            out.add(new Use(line(breaks, q.start()), q.group(), q.group(1)));
        }
        return out;
    }

    /**
     * The package of an imported name: the segments before the first capitalised one (a type); for an on-demand
     * import of a package ({@code import a.b.*;}) the whole name.
     */
    static String packageOf(String name, boolean namesAType) {
        String[] seg = name.split("\\.");
        StringBuilder pkg = new StringBuilder();
        for (String s : seg) {
            if (!s.isEmpty() && Character.isUpperCase(s.charAt(0))) {
                return pkg.toString();
            }
            if (pkg.length() > 0) {
                pkg.append('.');
            }
            pkg.append(s);
        }
        // all lower case: a package (on demand) or, for a single-type import, drop the last segment
        return namesAType && name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    }

    /** The 1-based line of {@code offset}, given the offsets of the text's line breaks in order. */
    private static int line(int[] breaks, int offset) {
        int i = java.util.Arrays.binarySearch(breaks, offset);
        return (i < 0 ? -i - 1 : i) + 1;
    }

    private static int[] lineBreaks(String s) {
        return java.util.stream.IntStream.range(0, s.length()).filter(i -> s.charAt(i) == '\n').toArray();
    }

    private static void blank(StringBuilder b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b.charAt(i) != '\n') {
                b.setCharAt(i, ' ');
            }
        }
    }

    // ---- resolution ------------------------------------------------------------------------------------------------

    /** Packages visible to {@code b}'s sources, each with the header that makes it visible (for messages). */
    Set<String> visible(Bundle b) {
        Set<String> out = new HashSet<>(b.ownPackages());
        List<Clause> requires = new ArrayList<>(b.requires());
        List<Clause> imports = new ArrayList<>(b.imports());
        Bundle host = b.host() == null ? null : bundles.get(b.host());
        if (host != null) {
            out.addAll(host.ownPackages());
            requires.addAll(host.requires());
            imports.addAll(host.imports());
        }
        imports.forEach(c -> out.addAll(c.names()));
        for (Clause c : requires) {
            c.names().forEach(n -> exportedThrough(n, out, new HashSet<>()));
        }
        return out;
    }

    /** What requiring {@code name} gives: its and its fragments' exports, and its re-exported bundles' ones. */
    private void exportedThrough(String name, Set<String> out, Set<String> seen) {
        if (!seen.add(name)) {
            return;
        }
        Bundle r = bundles.get(name);
        if (r == null) {
            return;
        }
        out.addAll(r.exports());
        for (Bundle f : fragmentsOf.getOrDefault(name, List.of())) {
            out.addAll(f.exports());
        }
        for (Clause c : r.requires()) {
            if (c.reexported()) {
                c.names().forEach(n -> exportedThrough(n, out, seen));
            }
        }
    }

    /** Every use in every reactor module's sources that its manifest does not make visible. */
    List<Violation> check(Path root) throws IOException {
        List<Violation> out = new ArrayList<>();
        for (Bundle b : bundles.values()) {
            if (b.dir() == null) {
                continue;
            }
            String mf = root.relativize(b.dir().resolve("META-INF/MANIFEST.MF")).toString();
            if (b.host() != null && !bundles.containsKey(b.host())) {
                out.add(new Violation(mf, "Fragment-Host: " + b.host(), "no such bundle in the reactor or target platform"));
            }
            List<Clause> required = new ArrayList<>(b.requires());
            for (Clause c : required) {
                for (String n : c.names()) {
                    if (!bundles.containsKey(n)) {
                        out.add(new Violation(mf, "Require-Bundle: " + n, "no such bundle in the reactor or target platform"
                                + (missingJars.isEmpty() ? "" : " (" + missingJars.size() + " pinned jars not in "
                                        + "the local Maven repository, e.g. " + missingJars.get(0) + ")")));
                    }
                }
            }
            Set<String> visible = visible(b);
            List<Path> files = new ArrayList<>();
            for (Path src : sourceDirs(b.dir())) {
                files.addAll(javaFiles(src));
            }
            for (Path f : files) {
                for (Use u : uses(Files.readString(f))) {
                    if (visible.contains(u.pkg()) || jdkPackages.contains(u.pkg())) {
                        continue;
                    }
                    out.add(new Violation(root.relativize(f) + ":" + u.line(), u.text(), reason(b, mf, u.pkg())));
                }
            }
        }
        return out;
    }

    private String reason(Bundle b, String mf, String pkg) {
        List<String> exporters = new ArrayList<>();
        List<String> holders = new ArrayList<>();
        for (Bundle o : bundles.values()) {
            if (o.exports().contains(pkg)) {
                exporters.add(o.host() != null && bundles.containsKey(o.host()) ? o.host() : o.name());
            } else if (o.ownPackages().contains(pkg) && o.host() == null) {
                holders.add(o.name());
            }
        }
        String who = b.name() + (b.host() != null ? ", fragment of " + b.host() : "");
        if (!exporters.isEmpty()) {
            Set<String> by = new TreeSet<>(exporters);
            return "not visible through " + mf + " (" + who + "): missing Require-Bundle: "
                    + String.join(" | ", by) + " (or Import-Package: " + pkg + ") - package " + pkg
                    + " is exported by " + String.join(", ", by);
        }
        if (!holders.isEmpty()) {
            return "package " + pkg + " of " + String.join(", ", holders) + " is not in its Export-Package";
        }
        return "no bundle of the reactor or the target platform exports package " + pkg + " (nor does the JDK)";
    }

    /** Java source with comments, string/char literals and text blocks blanked (line breaks kept). */
    static final class Java {
        private Java() {
        }

        static String code(String s) {
            StringBuilder b = new StringBuilder(s);
            int i = 0;
            int n = s.length();
            while (i < n) {
                char c = s.charAt(i);
                int end;
                if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                    end = s.indexOf('\n', i);
                    end = end < 0 ? n : end;
                } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                    end = s.indexOf("*/", i + 2);
                    end = end < 0 ? n : end + 2;
                } else if (s.startsWith("\"\"\"", i)) {
                    end = i + 3;
                    while (end < n && !s.startsWith("\"\"\"", end)) {
                        end += s.charAt(end) == '\\' ? 2 : 1;
                    }
                    end = Math.min(n, end + 3);
                } else if (c == '"' || c == '\'') {
                    end = i + 1;
                    while (end < n && s.charAt(end) != c && s.charAt(end) != '\n') {
                        end += s.charAt(end) == '\\' ? 2 : 1;
                    }
                    end = Math.min(n, end + 1);
                } else {
                    i++;
                    continue;
                }
                for (int k = i; k < end; k++) {
                    if (b.charAt(k) != '\n') {
                        b.setCharAt(k, ' ');
                    }
                }
                i = end;
            }
            return b.toString();
        }
    }
}
