package dev.flashbank.core.connect;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Which target to open: a simulated board in a state file, an ST-Link probe, or a target behind a gdbserver. */
public sealed interface TargetAddress {

    /** Kinds of targets; each is opened by the {@link TargetProvider} of that kind. */
    enum Kind {
        BOARD, STLINK, GDB
    }

    Kind kind();

    /**
     * Stable identity: two openers with the same key work on the same physical target (see
     * {@link dev.flashbank.core.ops.OperationTarget#key()}).
     */
    String key();

    /** What users read: "simulated &lt;order code&gt; (/home/u/board.fbboard)", "ST-Link probe 0038FF...". */
    String describe();

    /**
     * A simulated board kept in a state file.
     *
     * @param part the order code the user named, or empty when any part the file holds will do
     * @param file the board state file
     * @param createIfMissing true only for a documented default board, which is created on first use; any other
     *            missing file is refused (a mistyped path must not silently become a fresh board)
     */
    record Board(Optional<String> part, Path file, boolean createIfMissing) implements TargetAddress {
        public Board {
            Objects.requireNonNull(part, "part");
            Objects.requireNonNull(file, "file");
        }

        @Override
        public Kind kind() {
            return Kind.BOARD;
        }

        @Override
        public String key() {
            return "sim:" + file.toAbsolutePath().normalize();
        }

        @Override
        public String describe() {
            return "simulated " + part.orElse("board") + " (" + file + ")";
        }
    }

    /** An ST-Link probe on USB, by serial number or any unique part of it; blank: the only ST-Link connected. */
    record Stlink(String serial) implements TargetAddress {
        public Stlink {
            Objects.requireNonNull(serial, "serial");
        }

        @Override
        public Kind kind() {
            return Kind.STLINK;
        }

        @Override
        public String key() {
            return "stlink:" + serial;
        }

        @Override
        public String describe() {
            return serial.isBlank() ? "the ST-Link probe" : "ST-Link probe " + serial;
        }
    }

    /** A running gdbserver (OpenOCD, pyOCD, ST-LINK_gdbserver, J-Link, QEMU). */
    record GdbServer(String host, int port) implements TargetAddress {
        public GdbServer {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not 1-65535");
            }
        }

        @Override
        public Kind kind() {
            return Kind.GDB;
        }

        @Override
        public String key() {
            return "gdb:" + host + ":" + port;
        }

        @Override
        public String describe() {
            return "gdbserver " + host + ":" + port;
        }
    }
}
