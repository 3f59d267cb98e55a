package dev.flashbank.cli;

import java.nio.file.Path;
import java.util.Optional;

import dev.flashbank.core.connect.StlinkServerAddress;
import dev.flashbank.core.connect.TargetAddress;
import dev.flashbank.core.io.FlashbankHome;
import dev.flashbank.core.registry.TargetDefinition;
import dev.flashbank.core.registry.TargetRegistry;
import dev.flashbank.core.registry.TargetRegistryException;
import dev.flashbank.families.InstalledFamilies;

/**
 * Which target a command works on: a simulated board ({@code sim:<part>[@state-file]}) or an ST-Link probe
 * ({@code --probe SERIAL}, full or any unique part; {@code --probe tcp:host:port[/SERIAL]} through an stlink-server).
 * With nothing given, the simulated {@link #defaultPart()} stored in
 * the default state file — so a new user can try everything safely. A board in a default state file is created on first
 * use; a named state file must exist, and hold the part named ({@code part} is null for {@code sim:@file}: any part).
 */
public record TargetSpec(Kind kind, String part, Optional<Path> stateFile, String probeSerial) {

    public enum Kind {
        SIMULATED, STLINK,
        /** A running gdbserver (OpenOCD, pyOCD, ST-LINK_gdbserver, J-Link, QEMU); {@code probeSerial} holds host:port. */
        GDB
    }

    /** The part of the installed families' default simulated board: the board a new user gets. */
    public static String defaultPart() {
        return InstalledFamilies.simulated().defaultPart()
                .orElseThrow(() -> new IllegalStateException("no installed family offers a default simulated board"));
    }

    /** {@code $FLASHBANK_HOME} or {@code ~/.flashbank} ({@link FlashbankHome}): boards, backups, journals, logs. */
    public static Path home() {
        return FlashbankHome.root();
    }

    /** The state file used for a simulated part when none is named. */
    public static Path defaultStateFile(String part) {
        return FlashbankHome.boards().resolve(part + ".fbboard");
    }

    public static TargetSpec defaultTarget() {
        return new TargetSpec(Kind.SIMULATED, defaultPart(), Optional.empty(), null);
    }

    /** Parses {@code --target}/{@code --probe}; both null = the default simulated board. */
    public static TargetSpec parse(String target, String probe) throws CliException {
        if (target != null && probe != null) {
            throw new CliException(ExitCodes.USAGE, "give either --target or --probe, not both");
        }
        if (probe != null) {
            if (probe.isBlank()) {
                throw new CliException(ExitCodes.USAGE, "--probe needs a serial number (or a unique part of it)");
            }
            if (StlinkServerAddress.isServerForm(probe)) {
                // a probe shared through an stlink-server: checked here, so a typo is a usage error before connecting
                try {
                    return new TargetSpec(Kind.STLINK, null, Optional.empty(),
                            StlinkServerAddress.parse(probe).text());
                } catch (IllegalArgumentException e) {
                    throw new CliException(ExitCodes.USAGE, "--probe: " + e.getMessage(), e);
                }
            }
            return new TargetSpec(Kind.STLINK, null, Optional.empty(), probe.strip());
        }
        if (target == null) {
            return defaultTarget();
        }
        if (target.startsWith("gdb:")) {
            return parseGdb(target);
        }
        if (target.startsWith("stlink:")) {
            return parse(null, target.substring("stlink:".length()));
        }
        if (!target.startsWith("sim:")) {
            throw new CliException(ExitCodes.USAGE, "unknown target '" + target
                    + "': use sim:<part>[@state-file] (e.g. sim:<order code>@board.fbboard), gdb:<host>:<port> or "
                    + "--probe SERIAL");
        }
        String rest = target.substring(4);
        int at = rest.indexOf('@');
        String part = (at < 0 ? rest : rest.substring(0, at)).strip();
        if (at >= 0 && rest.substring(at + 1).isBlank()) {
            throw new CliException(ExitCodes.USAGE, "empty state file name in '" + target + "'");
        }
        Optional<Path> file;
        try {
            file = at < 0 ? Optional.empty() : Optional.of(Path.of(rest.substring(at + 1)));
        } catch (java.nio.file.InvalidPathException e) {
            throw new CliException(ExitCodes.USAGE, "bad state file name in '" + target + "': " + e.getMessage(), e);
        }
        if (part.isEmpty()) {
            // "sim:@file" takes whatever part the file holds; "sim:" alone is the default board
            return new TargetSpec(Kind.SIMULATED, file.isPresent() ? null : defaultPart(), file, null);
        }
        return new TargetSpec(Kind.SIMULATED, part.toUpperCase(java.util.Locale.ROOT), file, null);
    }

    /**
     * Whether {@code --target} names a registry target rather than an address: anything that does not start like
     * one ({@code sim:}, {@code gdb:}, {@code stlink:}, or any other {@code word:} that is then refused as unknown).
     */
    public static boolean isRegistryName(String target) {
        return !target.strip().matches("(?s)[a-z]+:.*");
    }

    /**
     * The target named {@code name} in the registry {@code file} (the IDE's Targets view writes it).
     *
     * @throws CliException (usage) the file has a bad line (file:line: reason) or no target of that name
     */
    public static TargetSpec fromRegistry(String name, Path file) throws CliException {
        TargetRegistry registry;
        try {
            registry = TargetRegistry.read(file);
        } catch (TargetRegistryException e) {
            throw new CliException(ExitCodes.USAGE, "target registry " + e.getMessage(), e);
        }
        TargetDefinition d = registry.find(name).orElseThrow(() -> new CliException(ExitCodes.USAGE,
                "no target named '" + name + "' in " + file + (registry.targets().isEmpty()
                        ? " (it defines none" + (java.nio.file.Files.exists(file) ? "" : ": there is no such file")
                                + "; --target-registry or $" + TargetRegistry.ENV + " names another)"
                        : " (it defines: " + String.join(", ", registry.names()) + ")")
                        + "; or give an address: sim:<part>[@state-file], gdb:<host>:<port> or --probe SERIAL"));
        if (d instanceof TargetDefinition.SimulatedBoard b) {
            return new TargetSpec(Kind.SIMULATED, b.part().orElse(null), Optional.of(b.boardFile()), null);
        }
        if (d instanceof TargetDefinition.StlinkProbe p) {
            // an empty serial: the only ST-Link connected ("any connected probe")
            return new TargetSpec(Kind.STLINK, null, Optional.empty(), p.serial().orElse(""));
        }
        TargetDefinition.GdbServer g = (TargetDefinition.GdbServer) d;
        return new TargetSpec(Kind.GDB, null, Optional.empty(), g.host() + ":" + g.port());
    }

    /** {@code gdb:<host>:<port>} (host may be empty for 127.0.0.1). */
    private static TargetSpec parseGdb(String target) throws CliException {
        String rest = target.substring("gdb:".length());
        int colon = rest.lastIndexOf(':');
        String host = colon < 0 ? "" : rest.substring(0, colon).strip();
        int port;
        try {
            port = Integer.parseInt(rest.substring(colon + 1).strip());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new CliException(ExitCodes.USAGE, "bad gdbserver address in '" + target
                    + "': use gdb:<host>:<port>, e.g. gdb:localhost:3333");
        }
        return new TargetSpec(Kind.GDB, null, Optional.empty(), (host.isEmpty() ? "127.0.0.1" : host) + ":" + port);
    }

    /** Host of a {@link Kind#GDB} target. */
    public String gdbHost() {
        return probeSerial.substring(0, probeSerial.lastIndexOf(':'));
    }

    /** Port of a {@link Kind#GDB} target. */
    public int gdbPort() {
        return Integer.parseInt(probeSerial.substring(probeSerial.lastIndexOf(':') + 1));
    }

    /** What the {@link dev.flashbank.core.connect.TargetOpener} opens. */
    public TargetAddress address() {
        return switch (kind) {
            case STLINK -> new TargetAddress.Stlink(probeSerial);
            case GDB -> new TargetAddress.GdbServer(gdbHost(), gdbPort());
            case SIMULATED -> new TargetAddress.Board(Optional.ofNullable(part), resolvedStateFile(), stateFile.isEmpty());
        };
    }

    /** The state file of a simulated target (named or default). */
    public Path resolvedStateFile() {
        return stateFile.orElseGet(() -> defaultStateFile(part));
    }

    public String describe() {
        return switch (kind) {
            case STLINK -> StlinkServerAddress.isServerForm(probeSerial)
                    ? StlinkServerAddress.parse(probeSerial).describe()
                    : probeSerial.isEmpty() ? "the connected ST-Link probe" : "ST-Link probe " + probeSerial;
            case GDB -> "gdbserver " + probeSerial;
            case SIMULATED -> "simulated " + (part == null ? "board" : part) + " (" + resolvedStateFile() + ")";
        };
    }
}
