package dev.flashbank.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.flashbank.core.Flashbank;
import dev.flashbank.core.family.Finding;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.flash.FlashOperationException;
import dev.flashbank.core.image.ImageException;
import dev.flashbank.core.ops.ConfirmationRequiredException;
import dev.flashbank.core.ops.OperationCanceledException;
import dev.flashbank.core.ops.OperationException;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.ops.VerificationFailedException;
import dev.flashbank.core.target.TargetException;
import picocli.CommandLine;

/**
 * Every failure of a command reaches the user in one place and one shape: as text, one line on standard error
 * ({@code flashbank <command>: <message>}) plus one {@code fix:} line per fix; with {@code --json}, ONE object on
 * standard output:
 *
 * <pre>
 * {"ok": false, ...result data if any..., "error": {"code": "REFUSED", "message": "...", "fix": ["flashbank ..."],
 *  "exitCode": 3, "findings": [{"severity", "code", "message", "fix", "consequence"}], "log": "/path (INTERNAL only)"}}
 * </pre>
 *
 * A failure nobody foresaw (a bug) never shows a Java stack trace: the trace goes to a log file under
 * {@code $FLASHBANK_HOME/logs/}, the user gets one line naming it, and the exit code is {@link ExitCodes#FAILED}.
 */
public final class CliErrors {

    /** {@code error.code} of an unforeseen failure (a Flashbank bug); the trace is in the log file. */
    public static final String INTERNAL = "INTERNAL";

    private CliErrors() {
    }

    /**
     * The CLI failure for an exception from the core: refusals (nothing written) exit 3 with their fixes and the
     * doctor findings behind them, verify differences 4, bad input files 6, target failures and cancels 1.
     */
    public static CliException from(Exception e) {
        if (e instanceof CliException c) {
            return c;
        }
        if (e instanceof ConfirmationRequiredException c) {
            return new CliException(ExitCodes.REFUSED, c.getMessage(), c).withCode("CONFIRMATION_REQUIRED")
                    .withFixes(List.of("run the same command again with --confirm " + c.expected()
                            + " (IDE: type the part name in the option-byte review dialog)"));
        }
        if (e instanceof OperationRefusedException r) {
            List<Finding> causes = r.doctorReport().map(d -> d.findings().stream()
                    .filter(f -> f.severity() != Severity.INFO).toList()).orElse(List.of());
            return new CliException(ExitCodes.REFUSED, r.headline(), r).withFixes(r.fixes()).withFindings(causes);
        }
        if (e instanceof VerificationFailedException v) {
            return new CliException(ExitCodes.VERIFY_MISMATCH, v.getMessage(), v).withData(v.report().data());
        }
        if (e instanceof OperationCanceledException c) {
            return new CliException(ExitCodes.FAILED, c.getMessage(), c).withCode("CANCELED");
        }
        if (e instanceof ImageException) {
            return new CliException(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
        if (e instanceof OperationException || e instanceof FlashOperationException) {
            return new CliException(ExitCodes.FAILED, e.getMessage(), e);
        }
        if (e instanceof TargetException) {
            return new CliException(ExitCodes.FAILED, "target error: " + e.getMessage(), e);
        }
        return null;
    }

    /** Prints {@code e} for the user (text on stderr, or the JSON error object on stdout); returns its exit code. */
    public static int report(CommandLine cl, CliException e, boolean json) {
        String command = cl.getCommandSpec().qualifiedName();
        if (json) {
            Map<String, Object> o = Json.object();
            o.put("ok", false);
            e.data().forEach((k, v) -> {
                if (!k.equals("ok") && !k.equals("error")) {
                    o.put(k, v);
                }
            });
            o.put("error", errorJson(e, null));
            cl.getOut().println(Json.render(o));
            cl.getOut().flush();
        } else {
            PrintWriter err = cl.getErr();
            err.println(command + ": " + e.getMessage());
            for (String f : e.fixes()) {
                err.println("  fix: " + f);
            }
            err.flush();
        }
        return e.exitCode();
    }

    /** The {@code error} member of the JSON object. */
    static Map<String, Object> errorJson(CliException e, Path log) {
        Map<String, Object> o = Json.object();
        o.put("code", e.code());
        o.put("message", e.getMessage());
        o.put("fix", e.fixes());
        o.put("exitCode", e.exitCode());
        o.put("findings", e.findings().stream().map(CliErrors::findingJson).toList());
        if (log != null) {
            o.put("log", log.toString());
        }
        return o;
    }

    /** A doctor finding as JSON (also the elements of {@code flashbank doctor --json}). */
    static Map<String, Object> findingJson(Finding f) {
        Map<String, Object> m = Json.object();
        m.put("severity", f.severity());
        m.put("code", f.code());
        m.put("message", f.message());
        m.put("fix", f.fix());
        m.put("consequence", f.consequence());
        return m;
    }

    /**
     * An unforeseen failure: its trace goes to a log file, the user gets one line (or the JSON error object) that
     * names the file. Exit code {@link ExitCodes#FAILED}.
     */
    public static int internal(CommandLine cl, Throwable t, boolean json, List<String> args) {
        Path log = null;
        String logProblem = null;
        try {
            log = writeLog(t, args);
        } catch (IOException | RuntimeException e) {
            logProblem = e.getMessage();
        }
        String what = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        String message = "internal error (" + what + ") - this is a Flashbank bug; "
                + (log != null ? "the details are in " + log : "no log could be written (" + logProblem + ")");
        CliException e = new CliException(ExitCodes.FAILED, message).withCode(INTERNAL)
                .withFixes(List.of("report it with the log file attached; check the target with flashbank doctor "
                        + "before writing to it again"));
        if (json) {
            Map<String, Object> o = Json.object();
            o.put("ok", false);
            o.put("error", errorJson(e, log));
            cl.getOut().println(Json.render(o));
            cl.getOut().flush();
        } else {
            cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": " + message);
            cl.getErr().flush();
        }
        return ExitCodes.FAILED;
    }

    private static Path writeLog(Throwable t, List<String> args) throws IOException {
        Path dir = dev.flashbank.core.io.FlashbankHome.logs();
        Files.createDirectories(dir);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Path log = dir.resolve("flashbank-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(now) + "-"
                + ProcessHandle.current().pid() + "-" + Integer.toHexString(System.identityHashCode(t)) + ".log");
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        List<String> lines = new ArrayList<>();
        lines.add(Flashbank.NAME + " " + Flashbank.VERSION + " internal error at " + now);
        lines.add("Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name"));
        lines.add("arguments: " + String.join(" ", args));
        lines.add("");
        lines.add(trace.toString());
        Files.write(log, lines, StandardCharsets.UTF_8);
        return log;
    }

    /** Whether the command line asks for JSON output (options end at "--"). */
    static boolean jsonRequested(List<String> args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--json")) {
                return true;
            }
        }
        return false;
    }

    /** The picocli handlers that route parse errors and failures of the commands through this class. */
    static void install(CommandLine cl) {
        cl.setParameterExceptionHandler(CliErrors::usage);
        cl.setExecutionExceptionHandler((ex, sub, parseResult) -> {
            boolean json = jsonRequested(parseResult.originalArgs());
            CliException c = from(ex);
            return c != null ? report(sub, c, json) : internal(sub, ex, json, parseResult.originalArgs());
        });
    }

    /** A usage error found by picocli: the reason, a suggestion if picocli has one, and where the help is. */
    private static int usage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        StringBuilder m = new StringBuilder(ex.getMessage() == null ? "invalid command line" : ex.getMessage());
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            m.append(" (did you mean ").append(String.join(" or ", u.getSuggestions())).append("?)");
        }
        String help = cl.getCommandSpec().qualifiedName() + " --help";
        CliException e = new CliException(ExitCodes.USAGE, m.toString())
                .withFixes(List.of(help + " lists the options and arguments"));
        return report(cl, e, jsonRequested(List.of(args)));
    }
}
