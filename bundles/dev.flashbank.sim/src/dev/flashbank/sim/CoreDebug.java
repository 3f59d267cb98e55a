package dev.flashbank.sim;

import static dev.flashbank.core.device.cortexm.CortexM.*;

import java.util.Optional;

import dev.flashbank.sim.cpu.CortexMCore;
import dev.flashbank.sim.cpu.PrivatePeripheralBus;

/**
 * The Cortex-M7 debug registers of the simulated board (ARMv7-M ARM C1.6; OpenOCD src/target/cortex_m.h): DHCSR with
 * DBGKEY, S_HALT, S_REGRDY, sticky S_RESET_ST / S_RETIRE_ST (cleared by reading), DEMCR (VC_CORERESET), DFSR, AIRCR
 * (VECTKEY, SYSRESETREQ, VECTRESET), DCRSR/DCRDR core-register transfers and CPUID. Addresses and bits come from
 * {@link dev.flashbank.core.device.cortexm.CortexM}. Built from a CPUID alone there is no instruction execution: a
 * "running" core only retires instructions in name (S_RETIRE_ST), or sits in lockup when its vector table was
 * invalid.
 * <p>
 * Reset domains: DHCSR control bits, DEMCR and DFSR belong to the debug domain and survive system resets (SYSRESETREQ,
 * NRST) - that is what lets a debugger catch the reset vector; only a power-on reset clears them.
 * <p>
 * A board whose core executes builds this over its {@link CortexMCore} ({@link #CoreDebug(CortexMCore)}): then every
 * internal PPB address (SCS, NVIC, SysTick, DWT, FPB, ITM) is the core's, halting, stepping and register transfers
 * act on the executing core, and the reset calls below are its reset.
 */
public final class CoreDebug {

    /** What a register write asks the board to do. */
    public enum Action {
        NONE, SYSTEM_RESET, CORE_RESET
    }

    private static final int REGISTER_FILE = 128; // DCRSR.REGSEL is 7 bits
    private static final int VECTKEYSTAT = 0xFA05; // AIRCR reads back the key inverted (ARMv7-M B3.2.6)

    private final int cpuid;
    private boolean debugEn;
    private boolean haltRequested;
    private boolean step;
    private boolean maskInts;
    private boolean halted;
    private boolean lockup;
    private boolean resetSticky;
    private boolean retireSticky;
    private boolean regReady;
    private boolean heldInReset;
    /** The vector table of the last reset was unusable: letting the core run from the reset vector locks it up. */
    private boolean lockupOnRun;
    private int demcr;
    private int dfsr;
    private int dcrdr;
    private final int[] registers = new int[REGISTER_FILE];
    /** The executing core this is the debug view of; null on a board that does not execute. */
    private final CortexMCore cpu;

    public CoreDebug(int cpuid) {
        this.cpuid = cpuid;
        this.cpu = null;
    }

    /** The debug registers of an executing core: reads, writes and resets go to {@code cpu}. */
    public CoreDebug(CortexMCore cpu) {
        this.cpu = cpu;
        this.cpuid = cpu.privatePeripheralBus().debugRead(CPUID.address());
    }

    /** The executing core, when the board has one. */
    public Optional<CortexMCore> cpu() {
        return Optional.ofNullable(cpu);
    }

    /** Power-on reset: the debug domain starts cleared. */
    public void powerOnReset() {
        if (cpu != null) {
            cpu.powerOnReset();
            return;
        }
        debugEn = false;
        haltRequested = false;
        step = false;
        maskInts = false;
        demcr = 0;
        dfsr = 0;
        dcrdr = 0;
        halted = false;
        lockup = false;
        regReady = false;
    }

    /** NRST held low: the core is in reset (neither halted nor running). */
    public void holdInReset(boolean held) {
        if (cpu != null) {
            cpu.holdInReset(held);
            return;
        }
        heldInReset = held;
        if (held) {
            halted = false;
            lockup = false;
            resetSticky = true;
        }
    }

    /**
     * The core leaves reset: registers from the vector table (SP_main = word 0 with bits 1:0 cleared, PC = word 1
     * with bit 0 cleared, xPSR.T = bit 0 of word 1, LR = 0xFFFF_FFFF) and halts at the reset vector when
     * DEMCR.VC_CORERESET (or a pending C_HALT) is set with C_DEBUGEN; otherwise it runs, or locks up when the
     * vectors are unusable.
     */
    public void leaveReset(int initialSp, int resetVector, boolean vectorsUsable) {
        if (cpu != null) {
            cpu.takeReset(0, initialSp, resetVector); // unusable vectors fault into lockup when the core runs
            return;
        }
        heldInReset = false;
        java.util.Arrays.fill(registers, 0);
        registers[REGSEL_MSP] = initialSp & ~3;
        registers[REGSEL_PC] = resetVector & ~1;
        registers[REGSEL_XPSR] = (resetVector & 1) << 24;
        registers[REGSEL_LR] = 0xFFFF_FFFF;
        resetSticky = true;
        regReady = false;
        lockupOnRun = !vectorsUsable;
        boolean vectorCatch = debugEn && DEMCR_VC_CORERESET.isSet(demcr);
        if (vectorCatch || (debugEn && haltRequested)) {
            halted = true;
            lockup = false;
            dfsr |= vectorCatch ? DFSR_VCATCH.mask() : DFSR_HALTED.mask();
        } else {
            halted = false;
            lockup = !vectorsUsable;
        }
    }

    /**
     * The core leaves reset with its vector table at {@code vectorTable} (the boot address; VTOR resets to it): the
     * executing core's TakeReset reads SP and PC there. Only for a board with a core.
     */
    public void leaveReset(int vectorTable) {
        if (cpu == null) {
            throw new IllegalStateException("no executing core: use leaveReset(initialSp, resetVector, usable)");
        }
        cpu.takeReset(vectorTable);
    }

    public boolean isHalted() {
        return cpu != null ? cpu.isHalted() : halted;
    }

    public boolean isHeldInReset() {
        return cpu != null ? cpu.isHeldInReset() : heldInReset;
    }

    public boolean isLockedUp() {
        return cpu != null ? cpu.isLockedUp() : lockup;
    }

    public boolean handles(long address) {
        if (cpu != null) {
            return PrivatePeripheralBus.internal(address);
        }
        return address == CPUID.address() || address == AIRCR.address() || address == DHCSR.address()
                || address == DCRSR.address() || address == DCRDR.address() || address == DEMCR.address()
                || address == DFSR.address() || address == CFSR.address() || address == HFSR.address();
    }

    public int read(long address) {
        if (cpu != null) {
            return cpu.privatePeripheralBus().debugRead(address);
        }
        if (address == CPUID.address()) {
            return cpuid;
        }
        if (address == AIRCR.address()) {
            return AIRCR_VECTKEY.encode(VECTKEYSTAT);
        }
        if (address == DHCSR.address()) {
            return readDhcsr();
        }
        if (address == DCRDR.address()) {
            return dcrdr;
        }
        if (address == DEMCR.address()) {
            return demcr;
        }
        if (address == DFSR.address()) {
            return dfsr;
        }
        return 0; // DCRSR is write-only; CFSR/HFSR: no faults without execution
    }

    private int readDhcsr() {
        int v = 0;
        v = DHCSR_C_DEBUGEN.insert(v, debugEn ? 1 : 0);
        v = DHCSR_C_HALT.insert(v, haltRequested ? 1 : 0);
        v = DHCSR_C_STEP.insert(v, step ? 1 : 0);
        v = DHCSR_C_MASKINTS.insert(v, maskInts ? 1 : 0);
        v = DHCSR_S_REGRDY.insert(v, regReady ? 1 : 0);
        v = DHCSR_S_HALT.insert(v, halted ? 1 : 0);
        v = DHCSR_S_LOCKUP.insert(v, lockup ? 1 : 0);
        boolean running = !halted && !heldInReset && !lockup;
        v = DHCSR_S_RETIRE_ST.insert(v, retireSticky || running ? 1 : 0);
        v = DHCSR_S_RESET_ST.insert(v, resetSticky || heldInReset ? 1 : 0);
        // sticky bits clear on read (ARMv7-M ARM C1.6.2 DHCSR); while held in reset S_RESET_ST keeps reading 1
        resetSticky = false;
        retireSticky = false;
        return v;
    }

    public Action write(long address, int value) {
        if (cpu != null) {
            return switch (cpu.privatePeripheralBus().debugWrite(address, value, -1)) {
                case SYSTEM -> Action.SYSTEM_RESET;
                case CORE -> Action.CORE_RESET;
                case NONE -> Action.NONE;
            };
        }
        if (address == DHCSR.address()) {
            writeDhcsr(value);
        } else if (address == DCRSR.address()) {
            transfer(value);
        } else if (address == DCRDR.address()) {
            dcrdr = value;
        } else if (address == DEMCR.address()) {
            demcr = value & DEMCR.definedBits();
        } else if (address == DFSR.address()) {
            dfsr &= ~value; // write 1 to clear
        } else if (address == AIRCR.address()) {
            if (AIRCR_VECTKEY.extract(value) != VECTKEY) {
                return Action.NONE; // writes without VECTKEY are ignored
            }
            if (AIRCR_SYSRESETREQ.isSet(value)) {
                return Action.SYSTEM_RESET;
            }
            if (AIRCR_VECTRESET.isSet(value)) {
                return Action.CORE_RESET;
            }
        }
        return Action.NONE;
    }

    private void writeDhcsr(int value) {
        if (DHCSR_DBGKEY.extract(value) != DBGKEY) {
            return; // writes without DBGKEY are ignored (ARMv7-M C1.6.2)
        }
        debugEn = DHCSR_C_DEBUGEN.isSet(value);
        haltRequested = debugEn && DHCSR_C_HALT.isSet(value);
        step = debugEn && DHCSR_C_STEP.isSet(value);
        maskInts = debugEn && DHCSR_C_MASKINTS.isSet(value);
        if (heldInReset) {
            return; // takes effect when the core leaves reset
        }
        if (haltRequested && !halted) {
            halted = true;
            lockup = false; // a halt request takes the core out of lockup into debug state
            dfsr |= DFSR_HALTED.mask();
            regReady = false;
        } else if (!haltRequested && halted) {
            regReady = false;
            dfsr |= step ? DFSR_HALTED.mask() : 0;
            if (step) {
                return; // no execution: a single step retires nothing and the core is halted again at once
            }
            halted = false;
            lockup = lockupOnRun; // resuming at an unusable reset vector faults straight into lockup
            retireSticky = !lockup;
        }
    }

    /** DCRSR write: only while halted does the transfer happen and S_REGRDY rise (ARMv7-M ARM C1.6.3 DCRSR). */
    private void transfer(int value) {
        if (!halted) {
            regReady = false;
            return;
        }
        int sel = DCRSR_REGSEL.extract(value);
        boolean write = DCRSR_REGWnR.isSet(value);
        int index = sel == REGSEL_SP ? currentSp() : sel;
        if (write) {
            registers[index] = value(sel, dcrdr);
            if (sel == REGSEL_PC) {
                lockupOnRun = false; // the debugger chose where the core resumes
            }
        } else {
            dcrdr = registers[index];
        }
        regReady = true;
    }

    /** REGSEL 13 is the current stack pointer: MSP, or PSP when CONTROL.SPSEL (CONTROL bit 1) is set. */
    private int currentSp() {
        int control = registers[REGSEL_CONTROL_PRIMASK] >>> 24;
        return (control & 2) != 0 ? REGSEL_PSP : REGSEL_MSP;
    }

    private static int value(int sel, int v) {
        return sel == REGSEL_MSP || sel == REGSEL_PSP || sel == REGSEL_SP ? v & ~3 : v;
    }

    /** Register value for bench views (reports after a reset-and-halt). */
    public int register(int regsel) {
        if (cpu != null) {
            return cpu.registers().readRegsel(regsel);
        }
        return registers[regsel == REGSEL_SP ? currentSp() : regsel];
    }
}
