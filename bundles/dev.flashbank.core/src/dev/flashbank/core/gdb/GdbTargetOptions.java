package dev.flashbank.core.gdb;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link GdbRemoteTarget} talks to a particular gdbserver.
 *
 * @param timeout           longest wait for any single reply (a flash erase done by the server itself may take
 *                          seconds; Flashbank's own erases poll in short requests)
 * @param resetRunCommand   monitor command for a reset that lets the core run ({@code reset run} on OpenOCD and
 *                          pyOCD; {@code reset} on J-Link and ST-LINK_gdbserver; {@code system_reset} on QEMU)
 * @param resetHaltCommand  monitor command for a reset that halts at the reset vector ({@code reset halt} on OpenOCD
 *                          and pyOCD)
 */
public record GdbTargetOptions(Duration timeout, String resetRunCommand, String resetHaltCommand) {

    public GdbTargetOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(resetRunCommand, "resetRunCommand");
        Objects.requireNonNull(resetHaltCommand, "resetHaltCommand");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** OpenOCD / pyOCD monitor commands, 10 s per reply. */
    public static GdbTargetOptions defaults() {
        return new GdbTargetOptions(Duration.ofSeconds(10), "reset run", "reset halt");
    }

    public GdbTargetOptions withTimeout(Duration t) {
        return new GdbTargetOptions(t, resetRunCommand, resetHaltCommand);
    }

    public GdbTargetOptions withResetCommands(String run, String halt) {
        return new GdbTargetOptions(timeout, run, halt);
    }
}
