package dev.flashbank.core.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.io.AtomicFiles;
import dev.flashbank.core.io.FlashbankHome;

/**
 * The named targets, as one immutable list in the order the user made them. Read from and written to one text file,
 * one target per line ({@code <name> = <target>}, the target in the command line's syntax, {@link TargetDefinition});
 * lines starting with {@code #} and blank lines are comments. Writing replaces the file atomically (temp file +
 * rename, {@link AtomicFiles}) after the previous version was copied to {@code <file>.bak}, so a crash leaves the old
 * or the new list, and a wrong edit can be undone by hand.
 *
 * @param targets the definitions, names unique ignoring case
 */
public record TargetRegistry(List<TargetDefinition> targets) {

    /** File name of a registry, in the IDE's workspace and in the Flashbank home. */
    public static final String FILE_NAME = "targets.fbtargets";

    /** Environment variable that names the registry file the command line reads (below {@code --target-registry}). */
    public static final String ENV = "FLASHBANK_TARGET_REGISTRY";

    /** Where the IDE keeps the registry of a workspace: the Flashbank UI bundle's state folder. */
    public static final String IDE_STATE_FOLDER = ".metadata/.plugins/dev.flashbank.ui";

    private static final String HEADER = """
            # Flashbank targets: one per line, <name> = <target>
            #   sim:[<order code>]@<board file>   a simulated board (relative files are relative to this file)
            #   stlink:<serial>                   an ST-Link probe by serial number (or a unique part of it)
            #   stlink:*                          any connected ST-Link probe (the only one on USB)
            #   gdb:<host>:<port>                 a running gdbserver
            # Written by the Flashbank IDE (Targets view); the command line reads it: flashbank --target <name>
            """;

    public TargetRegistry {
        targets = List.copyOf(targets);
        for (int i = 0; i < targets.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (sameName(targets.get(i).name(), targets.get(j).name())) {
                    throw new IllegalArgumentException("two targets are named '" + targets.get(i).name() + "'");
                }
            }
        }
    }

    public static TargetRegistry empty() {
        return new TargetRegistry(List.of());
    }

    /** The registry file of the workspace at {@code workspace} (what the IDE's views and launches share). */
    public static Path inWorkspace(Path workspace) {
        return workspace.resolve(IDE_STATE_FOLDER).resolve(FILE_NAME);
    }

    /**
     * The registry file the command line reads: {@code --target-registry} when given, else {@code $}{@value #ENV},
     * else {@code targets.fbtargets} in the Flashbank home.
     */
    public static Path commandLineFile(Optional<Path> option, Map<String, String> env) {
        if (option.isPresent()) {
            return option.get();
        }
        String e = env.get(ENV);
        return e != null && !e.isBlank() ? Path.of(e) : FlashbankHome.root().resolve(FILE_NAME);
    }

    private static boolean sameName(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    /** The target of that name (ignoring case). */
    public Optional<TargetDefinition> find(String name) {
        return targets.stream().filter(t -> sameName(t.name(), name.strip())).findFirst();
    }

    /** The names, in order. */
    public List<String> names() {
        return targets.stream().map(TargetDefinition::name).toList();
    }

    /** This registry with {@code t} added at the end, or replacing the target of the same name in place. */
    public TargetRegistry with(TargetDefinition t) {
        List<TargetDefinition> l = new ArrayList<>(targets);
        for (int i = 0; i < l.size(); i++) {
            if (sameName(l.get(i).name(), t.name())) {
                l.set(i, t);
                return new TargetRegistry(l);
            }
        }
        l.add(t);
        return new TargetRegistry(l);
    }

    /** This registry without the target of that name (unchanged when there is none). */
    public TargetRegistry without(String name) {
        return new TargetRegistry(targets.stream().filter(t -> !sameName(t.name(), name)).toList());
    }

    /**
     * This registry with a target renamed in place.
     *
     * @throws IllegalArgumentException no target is named {@code from}, another one is named {@code to}, or {@code to}
     *             cannot be a name (the message says why)
     */
    public TargetRegistry renamed(String from, String to) {
        TargetDefinition old = find(from).orElseThrow(() -> new IllegalArgumentException("no target is named '" + from + "'"));
        String problem = renameProblem(from, to);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        List<TargetDefinition> l = new ArrayList<>(targets);
        l.set(l.indexOf(old), old.withName(to.strip()));
        return new TargetRegistry(l);
    }

    /** What stops renaming {@code from} to {@code to}, or null (for a dialog's validator). */
    public String renameProblem(String from, String to) {
        String problem = TargetDefinition.nameProblem(to);
        if (problem != null) {
            return problem;
        }
        Optional<TargetDefinition> other = find(to);
        return other.isPresent() && !sameName(other.get().name(), from) ? "another target is named '" + to.strip() + "'"
                : null;
    }

    /** A name not used yet: {@code base}, else {@code base (2)}, {@code base (3)}, ... */
    public String freeName(String base) {
        String n = base;
        for (int i = 2; find(n).isPresent(); i++) {
            n = base + " (" + i + ")";
        }
        return n;
    }

    /**
     * Reads a registry file; a file that does not exist is an empty registry (nothing defined yet).
     *
     * @throws TargetRegistryException naming the file, the line and the reason of the first bad line (nothing of the
     *             file is taken then: half a list would silently drop targets on the next write)
     */
    public static TargetRegistry read(Path file) throws TargetRegistryException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            throw new TargetRegistryException(file, 0, "cannot read: " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        List<TargetDefinition> list = new ArrayList<>();
        List<Integer> lineOf = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new TargetRegistryException(file, i + 1, "'" + line + "' is not '<name> = <target>'");
            }
            String name = line.substring(0, eq).strip();
            String nameProblem = TargetDefinition.nameProblem(name);
            if (nameProblem != null) {
                throw new TargetRegistryException(file, i + 1, "'" + name + "': " + nameProblem);
            }
            TargetDefinition t;
            try {
                t = TargetDefinition.parse(name, line.substring(eq + 1), dir);
            } catch (IllegalArgumentException e) {
                throw new TargetRegistryException(file, i + 1, "target '" + name + "': " + e.getMessage(), e);
            }
            for (int j = 0; j < list.size(); j++) {
                if (sameName(list.get(j).name(), name)) {
                    throw new TargetRegistryException(file, i + 1, "'" + name + "' is already defined on line "
                            + lineOf.get(j));
                }
            }
            list.add(t);
            lineOf.add(i + 1);
        }
        return new TargetRegistry(list);
    }

    /** The file's text: a header that explains the format, then one line per target. */
    public String render() {
        StringBuilder b = new StringBuilder(HEADER);
        for (TargetDefinition t : targets) {
            b.append(t.name()).append(" = ").append(t.spec()).append('\n');
        }
        return b.toString();
    }

    /**
     * Writes the registry: the previous file is copied to {@code <file>.bak} first, then the file is replaced
     * atomically (a reader - the command line, another workbench - sees the old or the new list, never half of one).
     */
    public void write(Path file) throws TargetRegistryException {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            if (Files.isRegularFile(file)) {
                Files.copy(file, backupOf(file), StandardCopyOption.REPLACE_EXISTING);
            }
            byte[] text = render().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(file, out -> out.write(text));
        } catch (IOException e) {
            throw new TargetRegistryException(file, 0, "cannot write: " + e.getMessage(), e);
        }
    }

    /** The copy of the previous version that {@link #write} keeps. */
    public static Path backupOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".bak");
    }
}
