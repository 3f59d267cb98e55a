package dev.flashbank.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Target selection and output options shared by every command that talks to a target. */
public final class TargetOptions {

    @Option(names = "--target", paramLabel = "SPEC",
            description = { "sim:<part>[@state-file] — a simulated board (state kept in the file across commands;",
                    "  default file: $FLASHBANK_HOME/boards/<part>.fbboard, FLASHBANK_HOME defaults to ~/.flashbank)",
                    "gdb:<host>:<port> — any running gdbserver (OpenOCD, pyOCD, ST-LINK_gdbserver, J-Link, QEMU)",
                    "Default: the simulated STM32F767ZI in its default state file." })
    String target;

    @Option(names = "--probe", paramLabel = "SERIAL",
            description = "An ST-Link probe on USB, by serial number or any unique part of it (see 'flashbank probes').")
    String probe;

    @Option(names = "--swd-khz", paramLabel = "KHZ",
            description = "SWD clock for an ST-Link probe in kHz (the probe picks the nearest it supports; default 1800).")
    int swdKHz;

    @Option(names = "--connect-under-reset", description = "Hold NRST while attaching (for firmware that disables SWD or sleeps).")
    boolean underReset;

    @Option(names = "--json", description = "Machine-readable JSON on standard output instead of text.")
    boolean json;

    @Option(names = "--no-wait", description = { "If another Flashbank command, launch or the IDE is using the board file,"
            + " fail at once (exit 5, naming who holds it) instead of waiting for it." })
    boolean noWait;

    /** The command these options belong to (null when built by hand, e.g. by {@code flashbank launch}). */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Set by commands that build these options by hand ("flashbank sim serve"). */
    String holderName;

    /** What holds a board while this command runs, as another writer is told: "flashbank program". */
    String holder() {
        return holderName != null ? holderName : command != null ? command.qualifiedName() : "flashbank";
    }

    public TargetSpec spec() throws CliException {
        return TargetSpec.parse(target, probe);
    }
}
