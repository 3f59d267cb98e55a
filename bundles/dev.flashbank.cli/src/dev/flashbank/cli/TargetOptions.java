package dev.flashbank.cli;

import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.registry.TargetRegistry;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** Target selection and output options shared by every command that talks to a target. */
public final class TargetOptions {

    @Option(names = "--target", paramLabel = "SPEC",
            description = { "sim:<part>[@state-file] — a simulated board (state kept in the file across commands;",
                    "  default file: $FLASHBANK_HOME/boards/<part>.fbboard, FLASHBANK_HOME defaults to ~/.flashbank)",
                    "gdb:<host>:<port> — any running gdbserver (OpenOCD, pyOCD, ST-LINK_gdbserver, J-Link, QEMU)",
                    "<name> — a target of the registry the IDE's Targets view keeps (see --target-registry)",
                    "Default: the installed families' default simulated part in its default state file." })
    String target;

    @Option(names = "--target-registry", paramLabel = "FILE",
            description = { "The target registry --target <name> looks in: the IDE's",
                    "  <workspace>/.metadata/.plugins/dev.flashbank.ui/targets.fbtargets or one of your own.",
                    "Default: $FLASHBANK_TARGET_REGISTRY, else $FLASHBANK_HOME/targets.fbtargets." })
    java.nio.file.Path targetRegistry;

    @Option(names = "--probe", paramLabel = "SERIAL",
            description = { "An ST-Link probe on USB, by serial number or any unique part of it (see 'flashbank probes').",
                    "tcp:<host>:<port>[/<serial>] — a probe shared through an stlink-server (ST's, which STM32CubeIDE",
                    "  uses, default port 7184; or 'flashbank sim serve --stlink-port'); no serial: the only probe it lists." })
    String probe;

    @Option(names = "--swd-khz", paramLabel = "KHZ",
            description = "SWD clock for an ST-Link probe in kHz (the probe picks the nearest it supports; default 1800).")
    int swdKHz;

    @Option(names = "--psize", paramLabel = "x8|x16|x32|x64", converter = PsizeConverter.class,
            description = { "For flash controllers with a parallelism setting (FLASH_CR.PSIZE): program/erase",
                    "parallelism instead of the one the measured supply allows (or the controller's default).",
                    "A gdbserver cannot measure the supply: without --psize such a controller programs at its",
                    "narrowest, valid at any supply; the reference manual gives the supply each width needs.",
                    "Controllers without such a setting (fixed 64-bit double words, say) ignore it ('info' says)." })
    Parallelism psize;

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

    /** A target already resolved by a command that builds these options by hand ({@code flashbank launch}). */
    TargetSpec given;

    /** Set by commands that build these options by hand ("flashbank sim serve"). */
    String holderName;

    /** What holds a board while this command runs, as another writer is told: "flashbank program". */
    String holder() {
        return holderName != null ? holderName : command != null ? command.qualifiedName() : "flashbank";
    }

    public TargetSpec spec() throws CliException {
        if (given != null) {
            return given;
        }
        if (target != null && probe == null && TargetSpec.isRegistryName(target)) {
            return TargetSpec.fromRegistry(target.strip(), registryFile());
        }
        return TargetSpec.parse(target, probe);
    }

    /** The registry file {@code --target <name>} is looked up in ({@link TargetRegistry#commandLineFile}). */
    java.nio.file.Path registryFile() {
        return TargetRegistry.commandLineFile(java.util.Optional.ofNullable(targetRegistry), System.getenv());
    }

    /** The flash driver settings these options ask for: {@code --psize} fixes the parallelism. */
    public FlashDriverSettings driverSettings() {
        return psize == null ? FlashDriverSettings.defaults() : FlashDriverSettings.defaults().withParallelism(psize);
    }

    /** {@code --psize} takes the RM's names of the parallelism: x8, x16, x32, x64. */
    static final class PsizeConverter implements ITypeConverter<Parallelism> {
        @Override
        public Parallelism convert(String value) {
            Parallelism p = Parallelism.parse(value);
            if (p == null) {
                throw new TypeConversionException("'" + value + "' is not a parallelism: x8, x16, x32 or x64");
            }
            return p;
        }
    }
}
