package dev.flashbank.sim;

import static dev.flashbank.core.device.cortexm.CortexM.*;

import java.time.Duration;
import java.util.Objects;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.CoreControl;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.core.target.TargetTimeoutException;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.WireProtocol;

/**
 * A debug probe attached to a {@link BenchBoard}: the {@link DebugTarget} the Flashbank tools use when the simulator is
 * selected. It works only through the board's {@link DebugBus}, with debugger semantics: every access is a DAP access
 * (subject to bank remapping, RDP and stalls), core control uses the DHCSR/DEMCR/AIRCR/DCRSR procedures of the ARMv7-M
 * ARM (C1.6) as OpenOCD and pyOCD perform them, and every access costs {@link #accessTime()} of virtual time (default
 * {@link #DEFAULT_ACCESS_TIME}: one 32-bit SWD access at 4 MHz), so polling loops see BSY clear after the operation's
 * real duration without wall-clock waiting.
 * <p>
 * Failures are typed: {@link BusFaultException} (incl. {@link dev.flashbank.core.target.ReadProtectionException}),
 * {@link dev.flashbank.core.target.DebugPortLockedException} (RDP level 2), {@link ProbeDisconnectedException} (power
 * loss, dropped link, closed probe), {@link TargetTimeoutException} (a poll that never completes).
 */
public final class SimulatedProbe implements DebugTarget {

    /** How to attach. */
    public enum ConnectMode {
        /** Attach to the running target without resetting it (hot plug). */
        NORMAL,
        /** Hold NRST, enable halting debug with a reset vector catch, release NRST: the core stops at its reset vector. */
        UNDER_RESET
    }

    /**
     * One 32-bit SWD access at 4 MHz is about 46 clocks = 11.5 us (ADIv5 SWD packet: 8 request + 1 turnaround + 3 ACK
     * + 33 data bits + idle cycles; ESTIMATE).
     */
    public static final Duration DEFAULT_ACCESS_TIME = Duration.ofNanos(11_500);

    /** Polls of DHCSR before a core-control step is declared timed out. */
    static final int POLL_LIMIT = 1000;

    private final BenchBoard board;
    private final DebugBus bus;
    private final long accessNanos;
    private final Memory memory = new Memory();
    private final Core core = new Core();
    private boolean closed;

    private SimulatedProbe(BenchBoard board, Duration accessTime) {
        this.board = board;
        this.bus = board.debugBus();
        this.accessNanos = accessTime.toNanos();
    }

    /** Attaches without reset. */
    public static SimulatedProbe connect(BenchBoard board) throws TargetException {
        return connect(board, ConnectMode.NORMAL, DEFAULT_ACCESS_TIME);
    }

    public static SimulatedProbe connect(BenchBoard board, ConnectMode mode) throws TargetException {
        return connect(board, mode, DEFAULT_ACCESS_TIME);
    }

    /**
     * Attaches: reads the SWD DP IDCODE ({@link dev.flashbank.core.target.DebugPortLockedException} under RDP level 2,
     * {@link ProbeDisconnectedException} without power) and, for {@link ConnectMode#UNDER_RESET}, performs pyOCD's
     * connect-under-reset (its safe_reset_and_halt for STM32 targets): NRST low, DEMCR.VC_CORERESET, DHCSR =
     * DBGKEY|C_DEBUGEN|C_HALT, NRST high, wait for S_HALT, restore DEMCR.
     */
    public static SimulatedProbe connect(BenchBoard board, ConnectMode mode, Duration accessTime)
            throws TargetException {
        Objects.requireNonNull(board, "board");
        if (accessTime.isNegative()) {
            throw new IllegalArgumentException("negative access time");
        }
        SimulatedProbe p = new SimulatedProbe(board, accessTime);
        if (mode == ConnectMode.UNDER_RESET) {
            p.bus.setNrst(true);
            p.tick();
            p.bus.readDpIdcode(WireProtocol.SWD).orThrow();
            int demcr = p.memory.read32(DEMCR.address());
            p.memory.write32(DEMCR.address(), DEMCR_VC_CORERESET.insert(demcr, 1));
            p.memory.write32(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN, DHCSR_C_HALT));
            p.bus.setNrst(false);
            p.core.waitFor(DHCSR_S_HALT.mask(), "the core to halt at the reset vector");
            p.memory.write32(DEMCR.address(), demcr);
        } else {
            p.tick();
            p.bus.readDpIdcode(WireProtocol.SWD).orThrow();
        }
        return p;
    }

    public BenchBoard board() {
        return board;
    }

    /** The raw bus this probe uses. */
    public DebugBus bus() {
        return bus;
    }

    public Duration accessTime() {
        return Duration.ofNanos(accessNanos);
    }

    /** Lets virtual time pass (what a real tool does by sleeping between polls). */
    public void elapse(Duration time) throws TargetException {
        checkOpen();
        bus.elapse(time);
    }

    @Override
    public MemoryAccess memory() {
        return memory;
    }

    @Override
    public CoreControl core() {
        return core;
    }

    @Override
    public int targetVoltageMillivolts() throws TargetException {
        checkOpen();
        return bus.targetVoltageMillivolts();
    }

    @Override
    public String describe() {
        return "simulated " + board.partName() + " (probe " + board.serial() + ")";
    }

    @Override
    public boolean supportsStreamingFlashWrites() {
        return true;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() throws ProbeDisconnectedException {
        if (closed) {
            throw new ProbeDisconnectedException("simulated probe was closed");
        }
    }

    private void tick() {
        if (accessNanos > 0) {
            bus.elapse(Duration.ofNanos(accessNanos));
        }
    }

    private long access(boolean write, long address, AccessWidth width, long value) throws TargetException {
        checkOpen();
        tick();
        BusResult r = write ? bus.write(address, width, value) : bus.read(address, width);
        return r.orThrow();
    }

    // =============================================================================================== memory

    private final class Memory implements MemoryAccess {

        private void check(long address, byte[] buffer, int offset, int length, AccessWidth width)
                throws BusFaultException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (!width.isAligned(address) || length % width.bytes() != 0) {
                throw new BusFaultException(address, String.format(
                        "unaligned %s transfer of %d bytes: address and length must be multiples of %d", width, length,
                        width.bytes()));
            }
        }

        @Override
        public void read(long address, byte[] buffer, int offset, int length, AccessWidth width) throws TargetException {
            check(address, buffer, offset, length, width);
            int n = width.bytes();
            for (int i = 0; i < length; i += n) {
                long v = access(false, address + i, width, 0);
                for (int k = 0; k < n; k++) {
                    buffer[offset + i + k] = (byte) (v >>> (8 * k));
                }
            }
        }

        @Override
        public void write(long address, byte[] data, int offset, int length, AccessWidth width) throws TargetException {
            check(address, data, offset, length, width);
            int n = width.bytes();
            for (int i = 0; i < length; i += n) {
                long v = 0;
                for (int k = 0; k < n; k++) {
                    v |= (long) (data[offset + i + k] & 0xFF) << (8 * k);
                }
                access(true, address + i, width, v);
            }
        }
    }

    // =============================================================================================== core

    private final class Core implements CoreControl {

        private int dhcsr() throws TargetException {
            return memory.read32(DHCSR.address());
        }

        /** Polls DHCSR until all bits of {@code mask} read 1. */
        int waitFor(int mask, String what) throws TargetException {
            for (int i = 0; i < POLL_LIMIT; i++) {
                int v = dhcsr();
                if ((v & mask) == mask) {
                    return v;
                }
            }
            throw new TargetTimeoutException("timed out waiting for " + what + " (" + POLL_LIMIT + " polls of DHCSR)");
        }

        @Override
        public void halt() throws TargetException {
            memory.write32(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN, DHCSR_C_HALT));
            waitFor(DHCSR_S_HALT.mask(), "the core to halt");
        }

        @Override
        public void run() throws TargetException {
            memory.write32(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN));
        }

        @Override
        public boolean isHalted() throws TargetException {
            return DHCSR_S_HALT.isSet(dhcsr());
        }

        private void requestReset(ResetKind kind) throws TargetException {
            if (kind == ResetKind.SYSTEM) {
                memory.write32(AIRCR.address(), aircrSysResetRequest());
            } else {
                checkOpen();
                tick();
                bus.setNrst(true);
                tick();
                bus.setNrst(false);
            }
        }

        @Override
        public void reset(ResetKind kind) throws TargetException {
            int demcr = memory.read32(DEMCR.address());
            memory.write32(DEMCR.address(), DEMCR_VC_CORERESET.insert(demcr, 0));
            memory.write32(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN)); // clear C_HALT: the core must run
            requestReset(kind);
            waitFor(DHCSR_S_RESET_ST.mask(), "the reset");
            memory.write32(DEMCR.address(), demcr);
        }

        @Override
        public void resetAndHalt(ResetKind kind) throws TargetException {
            int demcr = memory.read32(DEMCR.address());
            memory.write32(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN));
            memory.write32(DEMCR.address(), DEMCR_VC_CORERESET.insert(demcr, 1));
            requestReset(kind);
            boolean sawReset = false;
            for (int i = 0; i < POLL_LIMIT; i++) {
                int v = dhcsr();
                sawReset |= DHCSR_S_RESET_ST.isSet(v);
                if (sawReset && DHCSR_S_HALT.isSet(v)) {
                    memory.write32(DEMCR.address(), demcr);
                    return;
                }
            }
            throw new TargetTimeoutException("timed out waiting for S_RESET_ST then S_HALT after the reset");
        }

        @Override
        public int readCoreRegister(int regsel) throws TargetException {
            requireHalted();
            memory.write32(DCRSR.address(), DCRSR_REGSEL.encode(regsel));
            waitFor(DHCSR_S_REGRDY.mask(), "DCRSR transfer");
            return memory.read32(DCRDR.address());
        }

        @Override
        public void writeCoreRegister(int regsel, int value) throws TargetException {
            requireHalted();
            memory.write32(DCRDR.address(), value);
            memory.write32(DCRSR.address(), DCRSR_REGWnR.insert(DCRSR_REGSEL.encode(regsel), 1));
            waitFor(DHCSR_S_REGRDY.mask(), "DCRSR transfer");
        }

        private void requireHalted() throws TargetException {
            if (!isHalted()) {
                throw new TargetException("core registers can only be accessed while the core is halted (DHCSR.S_HALT = 0)");
            }
        }
    }
}
