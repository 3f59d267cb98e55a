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

    /**
     * Whether this backend models the SWJ-DP at register level ({@link #readDp}, {@link #writeDp}, {@link #readAp},
     * {@link #writeAp}). Without it the emulator answers the DAP-direct commands (READ_DAP_REG, WRITE_DAP_REG,
     * RW_MISC) as unsupported and performs memory commands as single bus accesses on AP 0.
     */
    default boolean modelsDebugPort() {
        return false;
    }

    /**
     * Read of SW-DP register {@code address} (A[3:2], with the DP bank in bits 7:4 as READ_DAP_REG carries it).
     * Only called when {@link #modelsDebugPort()}.
     */
    default long readDp(int address) throws TargetException {
        throw new UnsupportedOperationException("this backend models no debug port");
    }

    /** Write of SW-DP register {@code address}; only called when {@link #modelsDebugPort()}. */
    default void writeDp(int address, long value) throws TargetException {
        throw new UnsupportedOperationException("this backend models no debug port");
    }

    /**
     * Read of register {@code register} (ADIv5 offset 0x00..0xFC) of the access port at {@code apsel}, as the probe
     * firmware delivers it (posted result already collected); a faulted transaction throws its typed exception.
     * Only called when {@link #modelsDebugPort()}.
     */
    default long readAp(int apsel, int register) throws TargetException {
        throw new UnsupportedOperationException("this backend models no debug port");
    }

    /** Write of register {@code register} of the access port at {@code apsel}; see {@link #readAp}. */
    default void writeAp(int apsel, int register, long value) throws TargetException {
        throw new UnsupportedOperationException("this backend models no debug port");
    }

    /** Lets time pass on the target's clock (USB round trips, SWD wire time, host back-off). */
    default void elapse(Duration time) {
    }

    /** The target's clock in nanoseconds (for host-side polling budgets in emulated sessions). */
    default long nanoTime() {
        return 0;
    }
}
