package dev.flashbank.sim.bus;

import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.DebugPortLockedException;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.ReadProtectionException;
import dev.flashbank.core.target.TargetException;

/**
 * Outcome of one access on the simulated {@link DebugBus}. Front ends map it to what their wire reports: the
 * simulated probe to typed {@link TargetException}s ({@link #orThrow()}), an ST-Link emulator to its status codes
 * (OK / SWD_AP_FAULT / SWD_DP_FAULT / ...), a JTAG front end to its ACK codes. Nothing on the bus throws.
 */
public sealed interface BusResult {

    /** The access completed; {@code value} holds the read data zero-extended (0 for writes). */
    record Ok(long value) implements BusResult {
    }

    /** The bus answered with an error response (unmapped address, PCROP read, wrong key sequence, in reset ...). */
    record Fault(long address, String reason) implements BusResult {
    }

    /** The access was refused because RDP level 1 is active with a debugger connected (the part's RDP rules). */
    record ProtectionFault(long address) implements BusResult {
    }

    /** The debug port does not answer at all: RDP level 2 (irreversible, the part's RDP rules). */
    record PortLocked(String reason) implements BusResult {
    }

    /** Nothing answers: the target lost power, or the probe link was cut (fault injection). */
    record Disconnected(String reason) implements BusResult {
    }

    static BusResult ok(long value) {
        return new Ok(value);
    }

    static BusResult ok() {
        return new Ok(0);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The read value, or the typed exception a debugger front end reports for this outcome. */
    default long orThrow() throws TargetException {
        if (this instanceof Ok ok) {
            return ok.value();
        } else if (this instanceof Fault f) {
            throw new BusFaultException(f.address(), f.reason());
        } else if (this instanceof ProtectionFault p) {
            throw new ReadProtectionException(p.address());
        } else if (this instanceof PortLocked l) {
            throw new DebugPortLockedException(l.reason());
        } else {
            throw new ProbeDisconnectedException(((Disconnected) this).reason());
        }
    }
}
