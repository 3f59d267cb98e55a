package dev.flashbank.cli.tests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import dev.flashbank.cli.FlashbankCli;

/**
 * Runs {@code flashbank} as a user does: a separate JVM on a plain class path (no OSGi), with the same jars the CLI
 * distribution ships, taken from the bundles of this test runtime. Output and exit code are captured.
 */
public final class CliProcess {

    /** Bundles whose jars/class folders make up the CLI class path (as in releng/dev.flashbank.cli.dist). */
    static final List<String> CLASSPATH_BUNDLES = List.of("dev.flashbank.core", "dev.flashbank.sim",
            "dev.flashbank.stlink", "dev.flashbank.families", "dev.flashbank.cli", "picocli", "net.fornwall.jelf",
            "org.usb4java", "org.usb4java.natives.linux.x86_64", "org.apache.commons.lang3");
    /** Every installed family bundle is on the CLI's class path too (as in the CLI distribution). */
    static final String FAMILY_BUNDLE_PREFIX = "dev.flashbank.family.";

    public record Result(int exitCode, String out, String err, String command) {
    }

    private final Path home;

    public CliProcess(Path home) {
        this.home = home;
    }

    /** A CLI with its own {@code FLASHBANK_HOME} under {@code tmp} (created). */
    public static CliProcess in(Path tmp) throws IOException {
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        return new CliProcess(home);
    }

    /** The committed sample firmware (built by arm-none-eabi-gcc; see its src/build.sh). */
    public static Path sampleImages() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve(dev.flashbank.family.stm32f7.sim.SampleImages.REPOSITORY_FOLDER))) {
            p = p.getParent();
            if (p == null) {
                throw new IllegalStateException("sample images not found above the working directory");
            }
        }
        return p.resolve(dev.flashbank.family.stm32f7.sim.SampleImages.REPOSITORY_FOLDER);
    }

    public Result run(String... args) throws IOException, InterruptedException {
        return runIn(null, args);
    }

    /** As {@link #run}, with {@code cwd} as the working directory (null: this JVM's). */
    public Result runIn(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> cmd = command();
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(home.getParent(), "cli", ".out");
        Path err = Files.createTempFile(home.getParent(), "cli", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("flashbank " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), String.join(" ", cmd));
    }

    /** The command line that starts {@code flashbank} (append its arguments), for tests that drive the process. */
    public List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // JVM tuning only (no behaviour of the command depends on it): the serial GC as the launcher uses it, and
        // the client compiler alone - the test commands are short, and C2 compiling them costs a third of their CPU
        // time on the build machine, where several of these processes run at once (ConcurrentCommandsTest: 80)
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add("-Dflashbank.home=" + home);
        cmd.add(FlashbankCli.class.getName());
        return cmd;
    }

    static String classpath() {
        Map<String, String> entries = new TreeMap<>();
        Bundle self = FrameworkUtil.getBundle(FlashbankCli.class);
        if (self == null) {
            // outside OSGi (a plain class path, e.g. the JUnit console launcher): the test's own class path has it all
            return System.getProperty("java.class.path");
        }
        for (Bundle b : self.getBundleContext().getBundles()) {
            if (CLASSPATH_BUNDLES.contains(b.getSymbolicName())
                    || b.getSymbolicName() != null && b.getSymbolicName().startsWith(FAMILY_BUNDLE_PREFIX)
                            && !b.getSymbolicName().endsWith(".tests")) {
                entries.put(b.getSymbolicName(), pathOf(b));
            }
        }
        for (String required : CLASSPATH_BUNDLES) {
            if (!entries.containsKey(required) && !required.contains("natives")) {
                throw new IllegalStateException("bundle " + required + " missing from the test runtime");
            }
        }
        return String.join(File.pathSeparator, entries.values());
    }

    /** A bundle's location as a class-path entry: its jar, or its class folder for a bundle built in this reactor. */
    static String pathOf(Bundle b) {
        String loc = b.getLocation();
        int i = loc.indexOf("file:");
        if (i < 0) {
            throw new IllegalStateException("cannot make a class path entry of " + loc);
        }
        // "reference:file:/abs/x.jar" (a plain path after "file:", not a URI: it may contain spaces)
        String raw = java.net.URLDecoder.decode(loc.substring(i + "file:".length()), StandardCharsets.UTF_8);
        Path p = Path.of(raw);
        if (!p.isAbsolute()) {
            // relative locations (how Tycho references reactor bundles) are relative to the configuration area
            for (String base : List.of("osgi.configuration.area", "osgi.install.area", "user.dir")) {
                String v = System.getProperty(base);
                if (v == null) {
                    continue;
                }
                Path dir = v.startsWith("file:") ? Path.of(java.net.URI.create(v.replace(" ", "%20"))) : Path.of(v);
                Path candidate = dir.resolve(raw).normalize();
                if (Files.exists(candidate)) {
                    p = candidate;
                    break;
                }
            }
        }
        if (!Files.exists(p)) {
            throw new IllegalStateException("bundle " + b.getSymbolicName() + " not found at " + loc);
        }
        if (Files.isDirectory(p) && Files.isDirectory(p.resolve("target/classes"))) {
            p = p.resolve("target/classes");
        }
        return p.toString();
    }
}
