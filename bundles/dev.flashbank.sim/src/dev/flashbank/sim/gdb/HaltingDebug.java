package dev.flashbank.sim.gdb;

import static dev.flashbank.core.device.cortexm.CortexM.*;

import java.time.Duration;

import dev.flashbank.core.target.CoreControl;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.core.target.TargetTimeoutException;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.cpu.CoreProfile;

/**
 * The debugger's side of halting debug (ARMv7-M ARM C1.6; ARMv6-M ARM C1.6): halt, single step and resume through
 * DHCSR, registers through DCRSR/DCRDR, the debug event of a halt from DFSR - every access a bus access of the
 * simulated probe, the same registers OpenOCD's cortex_m target uses. While the core runs, polling DHCSR and letting
 * the probe's time pass is what advances the board (its clock runs the core).
 */
final class HaltingDebug {

    /** Polls of DHCSR after a single step before it is declared hung (the step retires one instruction). */
    static final int STEP_POLLS = 1000;

    private final SimulatedProbe probe;
    private final MemoryAccess memory;
    private final CoreControl core;

    HaltingDebug(SimulatedProbe probe) {
        this.probe = probe;
        this.memory = probe.memory();
        this.core = probe.core();
    }

    MemoryAccess memory() {
        return memory;
    }

    CoreControl core() {
        return core;
    }

    /**
     * The core as a debugger identifies it: CPUID.PARTNO names the processor, MVFR0 says whether the FPU does double
     * precision (a Cortex-M7 chooses; ARMv7-M ARM B4.1.2). Both read over the bus.
     */
    CoreProfile profile() throws TargetException {
        int partno = CPUID_PARTNO.extract(memory.read32(CPUID.address()));
        return switch (partno) {
            case PARTNO_CORTEX_M0_PLUS -> CoreProfile.CORTEX_M0_PLUS;
            case PARTNO_CORTEX_M4 -> CoreProfile.CORTEX_M4F;
            case PARTNO_CORTEX_M7 -> MVFR0_DOUBLE_PRECISION.extract(memory.read32(MVFR0_ADDRESS)) != 0
                    ? CoreProfile.CORTEX_M7_DP : CoreProfile.CORTEX_M7_SP;
            default -> throw new TargetException(
                    "the GDB server knows no " + coreName(partno) + " (CPUID.PARTNO 0x" + Integer.toHexString(partno) + ")");
        };
    }

    boolean isHalted() throws TargetException {
        return DHCSR_S_HALT.isSet(status());
    }

    /** DHCSR as read: S_HALT, S_LOCKUP, S_SLEEP and the sticky S_RETIRE_ST / S_RESET_ST (cleared by this read). */
    int status() throws TargetException {
        return memory.read32(DHCSR.address());
    }

    void halt() throws TargetException {
        core.halt();
    }

    /** C_HALT cleared, C_DEBUGEN kept: the core runs and halts again at a breakpoint or watchpoint. */
    void resume() throws TargetException {
        clearDebugEvents();
        core.run();
    }

    /**
     * One instruction with interrupts masked (C_MASKINTS, changed only while halted as C1.6.2 requires, as OpenOCD's
     * default "maskisr auto" does), then halted again.
     */
    void step() throws TargetException {
        clearDebugEvents();
        memory.write32(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN, DHCSR_C_HALT, DHCSR_C_MASKINTS));
        memory.write32(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN, DHCSR_C_MASKINTS, DHCSR_C_STEP));
        for (int i = 0; i < STEP_POLLS; i++) {
            if (isHalted()) {
                memory.write32(DHCSR.address(), dhcsrWrite(DHCSR_C_DEBUGEN, DHCSR_C_HALT));
                return;
            }
        }
        throw new TargetTimeoutException("the core did not halt after a single step (" + STEP_POLLS + " polls of DHCSR)");
    }

    /** Lets {@code time} of board time pass (the core runs meanwhile unless halted). */
    void elapse(Duration time) throws TargetException {
        probe.elapse(time);
    }

    /** DFSR: why the core halted (HALTED, BKPT, DWTTRAP, VCATCH, EXTERNAL bits). */
    int debugEvents() throws TargetException {
        return memory.read32(DFSR.address());
    }

    /** DFSR is write-1-to-clear: cleared before a resume so the next halt's cause stands alone. */
    void clearDebugEvents() throws TargetException {
        memory.write32(DFSR.address(), DFSR_HALTED.mask() | DFSR_BKPT.mask() | DFSR_DWTTRAP.mask()
                | DFSR_VCATCH.mask() | DFSR_EXTERNAL.mask());
    }

    /** The register's bytes, little-endian as the RSP sends them. */
    byte[] read(GdbRegisters.Register r) throws TargetException {
        return switch (r.kind()) {
            case CORE -> le(core.readCoreRegister(r.selector()), 4);
            case SPECIAL -> le((core.readCoreRegister(r.selector()) >>> r.shift()) & 0xFF, 4);
            case DOUBLE -> {
                byte[] b = new byte[8];
                System.arraycopy(le(core.readCoreRegister(r.selector()), 4), 0, b, 0, 4);
                System.arraycopy(le(core.readCoreRegister(r.selector() + 1), 4), 0, b, 4, 4);
                yield b;
            }
        };
    }

    /** Writes the register from little-endian {@code bytes} at {@code offset}. */
    void write(GdbRegisters.Register r, byte[] bytes, int offset) throws TargetException {
        switch (r.kind()) {
            case CORE -> core.writeCoreRegister(r.selector(), word(bytes, offset));
            case SPECIAL -> {
                int all = core.readCoreRegister(r.selector());
                int merged = (all & ~(0xFF << r.shift())) | (word(bytes, offset) & 0xFF) << r.shift();
                core.writeCoreRegister(r.selector(), merged);
            }
            case DOUBLE -> {
                core.writeCoreRegister(r.selector(), word(bytes, offset));
                core.writeCoreRegister(r.selector() + 1, word(bytes, offset + 4));
            }
        }
    }

    static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    static int word(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }
}
