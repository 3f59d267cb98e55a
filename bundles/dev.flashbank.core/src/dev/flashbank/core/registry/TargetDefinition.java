package dev.flashbank.core.registry;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import dev.flashbank.core.connect.StlinkServerAddress;
import dev.flashbank.core.connect.TargetAddress;

/**
 * One named target of the {@link TargetRegistry}: what the Targets view lists, a launch's Target tab offers and
 * {@code flashbank --target NAME} opens. The value part is the command line's own target syntax
 * ({@link #spec()}), so a registry line reads as the command a user would type.
 */
public sealed interface TargetDefinition {

    /** Prefix of a simulated board's spec: {@code sim:[<order code>]@<board file>}. */
    String SIM = "sim:";
    /**
     * Prefix of an ST-Link probe's spec: {@code stlink:<serial>}, {@code stlink:*}, or
     * {@code stlink:tcp:<host>:<port>[/<serial>]} for a probe shared through an stlink-server
     * ({@link StlinkServerAddress}).
     */
    String STLINK = "stlink:";
    /** Prefix of a gdbserver's spec: {@code gdb:<host>:<port>}. */
    String GDB = "gdb:";
    /** The serial of "any connected probe" (the only ST-Link on USB when the launch or command runs). */
    String ANY_PROBE = "*";

    /** The name users pick the target by: unique in a registry, compared ignoring case. */
    String name();

    /** The target as the command line's {@code --target} writes it (the registry line's value). */
    String spec();

    /** What the {@link dev.flashbank.core.connect.TargetOpener} opens. */
    TargetAddress address();

    /** The same target under another name. */
    TargetDefinition withName(String newName);

    /**
     * A simulated board kept in its state file.
     *
     * @param part the order code the board file holds, empty = whatever part the file holds
     */
    record SimulatedBoard(String name, Optional<String> part, Path boardFile) implements TargetDefinition {
        public SimulatedBoard {
            requireName(name);
            Objects.requireNonNull(part, "part");
            Objects.requireNonNull(boardFile, "boardFile");
            part = part.map(p -> p.strip().toUpperCase(Locale.ROOT)).filter(p -> !p.isEmpty());
        }

        @Override
        public String spec() {
            return SIM + part.orElse("") + "@" + boardFile;
        }

        @Override
        public TargetAddress address() {
            // a registered board must exist: a deleted file is reported, never silently re-created fresh
            return new TargetAddress.Board(part, boardFile, false);
        }

        @Override
        public SimulatedBoard withName(String newName) {
            return new SimulatedBoard(newName, part, boardFile);
        }
    }

    /**
     * An ST-Link probe on USB, or one shared through an stlink-server.
     *
     * @param serial its serial number (or a unique part of it); empty = any connected probe (the only one on USB);
     *            {@code tcp:<host>:<port>[/<serial>]} = the probe an stlink-server lists ({@link StlinkServerAddress})
     */
    record StlinkProbe(String name, Optional<String> serial) implements TargetDefinition {
        public StlinkProbe {
            requireName(name);
            Objects.requireNonNull(serial, "serial");
            serial = serial.map(String::strip).filter(s -> !s.isEmpty() && !s.equals(ANY_PROBE));
        }

        @Override
        public String spec() {
            return STLINK + serial.orElse(ANY_PROBE);
        }

        @Override
        public TargetAddress address() {
            return new TargetAddress.Stlink(serial.orElse(""));
        }

        @Override
        public StlinkProbe withName(String newName) {
            return new StlinkProbe(newName, serial);
        }
    }

    /** A target behind a running gdbserver (OpenOCD, pyOCD, ST-LINK_gdbserver, J-Link, QEMU). */
    record GdbServer(String name, String host, int port) implements TargetDefinition {
        public GdbServer {
            requireName(name);
            Objects.requireNonNull(host, "host");
            if (host.isBlank() || port < 1 || port > 65535) {
                throw new IllegalArgumentException(problemOf(host + ":" + port));
            }
        }

        @Override
        public String spec() {
            return GDB + host + ":" + port;
        }

        @Override
        public TargetAddress address() {
            return new TargetAddress.GdbServer(host, port);
        }

        @Override
        public GdbServer withName(String newName) {
            return new GdbServer(newName, host, port);
        }

        /** What is wrong with a typed "host:port", or null when it is fine. */
        public static String problemOf(String hostPort) {
            int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
            if (colon <= 0 || hostPort.substring(0, colon).isBlank()) {
                return "write it as host:port, e.g. 127.0.0.1:3333";
            }
            try {
                int p = Integer.parseInt(hostPort.substring(colon + 1).strip());
                return p >= 1 && p <= 65535 ? null : "the port is 1-65535";
            } catch (NumberFormatException e) {
                return "the port is a number, e.g. 3333";
            }
        }

        /** Parses a "host:port" that {@link #problemOf} accepts. */
        public static GdbServer of(String name, String hostPort) {
            String problem = problemOf(hostPort);
            if (problem != null) {
                throw new IllegalArgumentException("'" + hostPort + "': " + problem);
            }
            int colon = hostPort.lastIndexOf(':');
            return new GdbServer(name, hostPort.substring(0, colon).strip(),
                    Integer.parseInt(hostPort.substring(colon + 1).strip()));
        }
    }

    /** What is wrong with a name, or null when it can name a target. */
    static String nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "a target needs a name";
        }
        if (name.contains("=") || name.contains("\n") || name.contains("\r")) {
            return "a target name cannot hold '=' or a line break";
        }
        String lower = name.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith(SIM) || lower.startsWith(STLINK) || lower.startsWith(GDB) || lower.startsWith("#")) {
            // --target reads those prefixes as an address, and '#' starts a comment line
            return "a target name cannot start with sim:, stlink:, gdb: or #";
        }
        return null;
    }

    private static void requireName(String name) {
        String problem = nameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException("'" + name + "': " + problem);
        }
        if (!name.equals(name.strip())) {
            throw new IllegalArgumentException("'" + name + "': a target name has no leading or trailing blanks");
        }
    }

    /**
     * Parses a registry line's value.
     *
     * @param dir the registry file's folder: a relative board file is relative to it
     * @throws IllegalArgumentException with the reason (the caller adds file and line)
     */
    static TargetDefinition parse(String name, String spec, Path dir) {
        String s = spec.strip();
        if (s.startsWith(SIM)) {
            String rest = s.substring(SIM.length());
            int at = rest.indexOf('@');
            if (at < 0 || rest.substring(at + 1).isBlank()) {
                throw new IllegalArgumentException("a simulated board needs its board file: sim:[<order code>]@<file>");
            }
            Path file;
            try {
                file = dir.resolve(rest.substring(at + 1).strip());
            } catch (java.nio.file.InvalidPathException e) {
                throw new IllegalArgumentException("bad board file name: " + e.getMessage());
            }
            return new SimulatedBoard(name, Optional.of(rest.substring(0, at)), file);
        }
        if (s.startsWith(STLINK)) {
            String serial = s.substring(STLINK.length()).strip();
            if (serial.isEmpty()) {
                throw new IllegalArgumentException("an ST-Link probe needs its serial number, or "
                        + STLINK + ANY_PROBE + " for any connected probe");
            }
            if (StlinkServerAddress.isServerForm(serial)) {
                serial = StlinkServerAddress.parse(serial).text(); // the reason names the form it expects
            }
            return new StlinkProbe(name, Optional.of(serial));
        }
        if (s.startsWith(GDB)) {
            return GdbServer.of(name, s.substring(GDB.length()));
        }
        throw new IllegalArgumentException("'" + s + "' is not a target: write sim:[<order code>]@<board file>, "
                + STLINK + "<serial>, " + STLINK + ANY_PROBE + ", " + STLINK + StlinkServerAddress.PREFIX
                + "<host>:<port>[/<serial>] or " + GDB + "<host>:<port>");
    }
}
