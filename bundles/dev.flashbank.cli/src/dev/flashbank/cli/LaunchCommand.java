package dev.flashbank.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.launch.LaunchAttributes;
import dev.flashbank.core.launch.LaunchFile;
import dev.flashbank.core.launch.LaunchResult;
import dev.flashbank.core.launch.LaunchRunner;
import dev.flashbank.core.launch.LaunchSpec;
import dev.flashbank.core.launch.LaunchSpecException;
import dev.flashbank.core.launch.LaunchVariables;
import dev.flashbank.core.launch.RegistryTarget;
import dev.flashbank.core.registry.TargetRegistry;
import dev.flashbank.core.registry.TargetRegistryException;
import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.core.ops.OperationCanceledException;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.ops.TerminalProgress;
import dev.flashbank.core.ops.VerificationFailedException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.families.InstalledFamilies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flashbank launch FILE.launch}: runs a Flashbank launch configuration saved by the IDE (Bank Update, Swap
 * Banks, Option Bytes) exactly as the IDE runs it - the core's {@link LaunchSpec} validation and {@link LaunchRunner} -
 * so CI and the IDE share one definition. The target is the one the file names (simulated board file or probe).
 * Exit codes as the other commands: 2 invalid configuration, 3 refused (nothing written), 4 verify differences,
 * 5 no target, 1 other failures.
 */
@Command(name = "launch", header = "Run an Eclipse .launch file (Flashbank launch types) headless.", mixinStandardHelpOptions = true,
        description = { "Run a Flashbank launch configuration (.launch file saved by Eclipse/STM32CubeIDE). "
                + "An option change that erases flash needs --erase-all-flash, an irreversible one --confirm PART, "
                + "given here: a launch file that stores a confirmation is refused (exit code 3). "
                + "Relative paths are relative to the file's folder; ${env_var:X} and, with --workspace, "
                + "${workspace_loc:/project/path} are expanded." })
public final class LaunchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.launch")
    Path file;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace folder for ${workspace_loc:...}.")
    Path workspace;

    @Option(names = "--json", description = "Machine-readable JSON on standard output instead of text.")
    boolean json;

    @Option(names = "--target-registry", paramLabel = "FILE", description = { "Target registry in which a launch's "
            + "registry target is looked up", "(default $FLASHBANK_TARGET_REGISTRY, else $FLASHBANK_HOME/targets.fbtargets;",
            "a name it does not define runs on the target the file saved with it)." })
    Path targetRegistry;

    @Option(names = "--erase-all-flash", description = "Allow an option change that erases flash (Option Bytes launch).")
    boolean eraseAllFlash;

    @Option(names = "--confirm", paramLabel = "PART", description = "The part name, typed exactly, to allow an irreversible option change.")
    String confirm;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws CliException {
        // failures go to CliErrors (one line, or one JSON object with --json)
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * The file's attributes with its registry target resolved in the command line's registry; a name that registry
     * does not define (the IDE's registry lives in its workspace) runs on the target the file saved beside the name.
     */
    private Map<String, Object> registryResolved(LaunchFile lf, PrintWriter err) throws LaunchSpecException {
        Map<String, Object> a = new java.util.HashMap<>(lf.attributes());
        String name = RegistryTarget.nameOf(a);
        if (name == null) {
            return a;
        }
        Path rf = TargetRegistry.commandLineFile(Optional.ofNullable(targetRegistry), System.getenv());
        try {
            TargetRegistry r = TargetRegistry.read(rf);
            if (r.find(name).isPresent()) {
                err.println("flashbank launch: target '" + name + "' from the target registry " + rf);
                return RegistryTarget.resolve(a, r, rf);
            }
        } catch (TargetRegistryException e) {
            throw new LaunchSpecException("target registry " + e.getMessage(), e);
        }
        if (targetRegistry != null) {
            return RegistryTarget.resolve(a, TargetRegistry.empty(), rf); // asked for that registry: refused
        }
        err.println("flashbank launch: target '" + name + "' is not in " + rf + "; using the target saved in the file");
        return a;
    }

    private int run(PrintWriter out, PrintWriter err) throws CliException {
        LaunchSpec ls;
        LaunchFile lf;
        try {
            lf = LaunchFile.read(file);
            Path dir = file.toAbsolutePath().getParent();
            ls = LaunchSpec.from(lf.type(), registryResolved(lf, err),
                    LaunchVariables.plain(dir, System.getenv(), Optional.ofNullable(workspace)),
                    InstalledFamilies.families());
        } catch (LaunchSpecException e) {
            // a stored confirmation is refused (3), not merely invalid: the file asks for something never allowed
            throw new CliException(e.storedConfirmation() ? ExitCodes.REFUSED : ExitCodes.USAGE,
                    file + ": " + String.join("\n  ", e.problems()), e);
        }
        if ((eraseAllFlash || confirm != null) && !LaunchAttributes.TYPE_OPTION_BYTES.equals(ls.type())) {
            throw new CliException(ExitCodes.USAGE, "--erase-all-flash and --confirm apply only to an Option Bytes "
                    + "launch; " + file + " is a " + lf.type() + " launch");
        }
        TargetOptions to = new TargetOptions();
        if (ls.target().kind() == LaunchSpec.TargetKind.STLINK) {
            to.probe = ls.target().probeSerial();
            if (to.probe.isEmpty()) { // any connected probe
                to.probe = null;
                to.given = new TargetSpec(TargetSpec.Kind.STLINK, null, Optional.empty(), "");
            }
        } else if (ls.target().kind() == LaunchSpec.TargetKind.GDB) {
            to.target = "gdb:" + ls.target().probeSerial();
        } else {
            to.target = "sim:" + (ls.target().part() == null ? "" : ls.target().part()) + "@" + ls.target().stateFile();
        }
        to.underReset = ls.target().underReset();
        to.swdKHz = ls.target().swdKHz();
        to.json = json;
        LaunchRunner runner = new LaunchRunner(ls, InstalledFamilies.families(), dev.flashbank.core.io.FlashbankHome.backups(), line -> {
            err.println("flashbank launch: " + line);
            err.flush();
        }).confirmingWith(Confirmation.of(eraseAllFlash, confirm).asSource());
        err.println("flashbank launch: '" + lf.name() + "' (" + lf.type() + ")");
        try (TargetConnection c = TargetConnection.open(to, err)) {
            PollClock clock = c.pollClock();
            OperationContext ctx;
            try {
                ctx = OperationContext.open(InstalledFamilies.families(),
                        new OperationTarget(c.spec().describe(), c.target().describe()),
                        c.target(), clock, FlashDriverSettings.defaults()).withOptionWriteGuard(BoardJournals.guard(c, err));
            } catch (TargetException e) {
                throw new CliException(ExitCodes.NO_TARGET, "cannot identify the part: " + e.getMessage(), e);
            }
            String part = c.board() != null ? c.board().partName() : c.identity().device().name();
            TerminalProgress bar = FlashbankCli.progress(spec, json, 0);
            try {
                LaunchResult r = runner.run(ctx, part, bar != null ? bar : FlashProgress.NONE);
                if (json) {
                    Map<String, Object> o = Json.object();
                    o.put("ok", true);
                    o.putAll(r.data());
                    out.println(Json.render(o));
                } else {
                    out.println(r.summary());
                }
                return ExitCodes.OK;
            } catch (LaunchSpecException e) {
                throw new CliException(ExitCodes.USAGE, String.join("\n  ", e.problems()), e);
            } catch (OperationRefusedException e) {
                throw new CliException(ExitCodes.REFUSED, LaunchRunner.Failure.of(e, Optional.empty(), InstalledFamilies.families()).render(), e);
            } catch (VerificationFailedException e) {
                throw new CliException(ExitCodes.VERIFY_MISMATCH, e.getMessage(), e);
            } catch (OperationCanceledException e) {
                throw new CliException(Interruption.requested() ? ExitCodes.INTERRUPTED : ExitCodes.FAILED,
                        (Interruption.requested() ? "interrupted (Ctrl-C), stopped between two units: " : "")
                                + e.getMessage(), e).withCode("CANCELED")
                        .withFixes(java.util.List.of("flashbank doctor shows the state of the target; run the same "
                                + "flashbank launch again to finish"));
            } catch (Exception e) {
                throw new CliException(ExitCodes.FAILED,
                        LaunchRunner.Failure.of(e, Optional.of(c.target()), InstalledFamilies.families()).render(), e);
            } finally {
                if (bar != null) {
                    bar.done();
                }
            }
        }
    }
}
