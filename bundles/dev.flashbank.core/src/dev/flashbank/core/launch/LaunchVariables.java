package dev.flashbank.core.launch;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the path texts of a launch configuration into files. Eclipse stores paths with string variables
 * ({@code ${workspace_loc:/app/Debug/app.elf}}, {@code ${project_loc}}, {@code ${env_var:HOME}}); inside the IDE the
 * delegate expands them with Eclipse's variable manager, outside it (the CLI) this class expands the variables whose
 * meaning does not depend on a running workspace, and refuses the others with a message that says what to do.
 */
@FunctionalInterface
public interface LaunchVariables {

    /** The file named by {@code text} (variables expanded, relative paths resolved). */
    Path path(String text) throws LaunchSpecException;

    Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?}");

    /**
     * Expansion without Eclipse: {@code ${env_var:NAME}}, {@code ${system_property:NAME}}, and
     * {@code ${workspace_loc[:/path]}} when a workspace folder is known; relative results are resolved against
     * {@code baseDir} (the folder of the .launch file).
     */
    static LaunchVariables plain(Path baseDir, Map<String, String> env, Optional<Path> workspace) {
        return text -> {
            Matcher m = VARIABLE.matcher(text);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String arg = m.group(2);
                String value = switch (name) {
                    case "env_var" -> arg == null ? null : env.get(arg);
                    case "system_property" -> arg == null ? null : System.getProperty(arg);
                    case "workspace_loc" -> workspace.map(w -> arg == null || arg.isBlank() ? w.toString()
                            : w.resolve(arg.replaceFirst("^/+", "")).toString()).orElse(null);
                    default -> null;
                };
                if (value == null) {
                    throw new LaunchSpecException("'" + text + "' uses ${" + name + (arg == null ? "" : ":" + arg)
                            + "}, which cannot be expanded outside Eclipse"
                            + ("workspace_loc".equals(name) ? " without a workspace folder (--workspace DIR)"
                                    : "; use a plain path"));
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            m.appendTail(sb);
            Path p = Path.of(sb.toString());
            return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
        };
    }
}
