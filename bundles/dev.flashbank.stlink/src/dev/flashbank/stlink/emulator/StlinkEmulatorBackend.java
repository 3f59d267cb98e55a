package dev.flashbank.stlink.emulator;

import java.time.Duration;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.DebugPortLockedException;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.ReadProtectionException;
import dev.flashbank.core.target.TargetException;

/**
 * What the emulated ST-Link needs from the target behind it: single MEM-AP bus accesses, the SWD DP IDCODE, the NRST
 * pin, the supply voltage, and a clock for the time the transport costs. Faults are typed: {@link BusFaultException}
 * (and {@link ReadProtectionException}) become SWD_AP_FAULT with the address in GETLASTRWSTATUS2,
 * {@link DebugPortLockedException} makes the DP silent, {@link ProbeDisconnectedException} means the target lost
 * power or the SWD cable was cut.
 * <p>
 * A simulated board implements this through a small adapter over its debug bus; unit tests use a fake.
 */
public interface StlinkEmulatorBackend {

    /** One read of {@code width} at {@code address}; the value zero-extended. */
    long read(long address, AccessWidth width) throws TargetException;

    /** One write of the low {@code width} bytes of {@code value} at {@code address}. */
    void write(long address, AccessWidth width, long value) throws TargetException;

    /** IDCODE of the SW-DP as READ_IDCODES returns it. */
    long readSwdDpIdcode() throws TargetException;

    /** Drive NRST: {@code true} holds the target in reset. */
    void setNrst(boolean asserted);

    /** Target supply in millivolts as the probe's VREF input sees it (0 = unpowered). */
    int targetVoltageMillivolts();

    /** Lets time pass on the target's clock (USB round trips, SWD wire time, host back-off). */
    default void elapse(Duration time) {
    }

    /** The target's clock in nanoseconds (for host-side polling budgets in emulated sessions). */
    default long nanoTime() {
        return 0;
    }
}
