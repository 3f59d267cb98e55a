package dev.flashbank.sim.cpu;

import static dev.flashbank.core.device.cortexm.CortexM.DBGKEY;
import static dev.flashbank.core.device.cortexm.CortexM.DCRDR;
import static dev.flashbank.core.device.cortexm.CortexM.DCRSR;
import static dev.flashbank.core.device.cortexm.CortexM.DCRSR_REGSEL;
import static dev.flashbank.core.device.cortexm.CortexM.DCRSR_REGWnR;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR_TRCENA;
import static dev.flashbank.core.device.cortexm.CortexM.DEMCR_VC_CORERESET;
import static dev.flashbank.core.device.cortexm.CortexM.DFSR;
import static dev.flashbank.core.device.cortexm.CortexM.DFSR_HALTED;
import static dev.flashbank.core.device.cortexm.CortexM.DFSR_VCATCH;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_C_DEBUGEN;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_C_HALT;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_C_MASKINTS;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_C_STEP;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_DBGKEY;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_S_HALT;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_S_LOCKUP;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_S_REGRDY;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_S_RESET_ST;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_S_RETIRE_ST;
import static dev.flashbank.core.device.cortexm.CortexM.DHCSR_S_SLEEP;
import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_PC;

import dev.flashbank.core.device.Field;

/**
 * Halting debug (ARMv7-M ARM C1.5, C1.6.2-C1.6.5): DHCSR (DBGKEY, C_DEBUGEN, C_HALT, C_STEP, C_MASKINTS and the
 * status bits, S_RESET_ST and S_RETIRE_ST sticky until read), DCRSR/DCRDR register transfers while halted, DEMCR
 * (vector catch, TRCENA) and DFSR (write 1 to clear). The debug domain: survives system resets, cleared at power-on.
 * <p>
 * Writes come from a debugger (through the board's debug bus) or from the firmware itself: software cannot change
 * C_DEBUGEN and its C_HALT/C_STEP/C_MASKINTS writes count only while C_DEBUGEN is already set (C1.6.2).
 */
final class HaltingDebug {

    private final CortexMCore core;
    boolean debugEnabled;
    boolean halted;
    /** C_HALT written by the firmware itself: the core halts at the next instruction boundary. */
    boolean haltRequest;
    boolean stepping;
    boolean maskInts;
    private boolean cHalt;
    private boolean cStep;
    private boolean regReady;
    boolean resetSticky;
    int demcr;
    int dfsr;
    private int dcrdr;

    HaltingDebug(CortexMCore core) {
        this.core = core;
    }

    void powerOnReset() {
        debugEnabled = halted = haltRequest = stepping = maskInts = cHalt = cStep = regReady = false;
        resetSticky = true;
        demcr = 0;
        dfsr = 0;
        dcrdr = 0;
        core.dwt.setTraceEnabled(false);
    }

    /** After TakeReset: S_RESET_ST, and the reset vector catch (or a pending C_HALT) halts at the first instruction. */
    void afterReset() {
        resetSticky = true;
        regReady = false;
        stepping = false;
        halted = false;
        if (catches(DEMCR_VC_CORERESET)) {
            core.enterDebugState(DFSR_VCATCH);
        } else if (debugEnabled && cHalt) {
            core.enterDebugState(DFSR_HALTED);
        }
    }

    /** Vector catch {@code vc} is armed: DEMCR has it and halting debug is enabled. */
    boolean catches(Field vc) {
        return debugEnabled && vc.isSet(demcr);
    }

    void enter(Field cause) {
        halted = true;
        haltRequest = false;
        stepping = false;
        regReady = false;
        cHalt = true; // in debug state C_HALT reads 1 until the debugger clears it to resume
        dfsr |= cause.mask();
    }

    boolean handles(int address) {
        return address >= (int) DHCSR.address() && address <= (int) DEMCR.address();
    }

    int read(int address) {
        if (address == (int) DHCSR.address()) {
            return readDhcsr();
        }
        if (address == (int) DCRDR.address()) {
            return dcrdr;
        }
        if (address == (int) DEMCR.address()) {
            return demcr;
        }
        return 0; // DCRSR is write-only
    }

    private int readDhcsr() {
        int v = 0;
        v = DHCSR_C_DEBUGEN.insert(v, debugEnabled ? 1 : 0);
        v = DHCSR_C_HALT.insert(v, cHalt ? 1 : 0);
        v = DHCSR_C_STEP.insert(v, cStep ? 1 : 0);
        v = DHCSR_C_MASKINTS.insert(v, maskInts ? 1 : 0);
        v = DHCSR_S_REGRDY.insert(v, regReady ? 1 : 0);
        v = DHCSR_S_HALT.insert(v, halted ? 1 : 0);
        v = DHCSR_S_SLEEP.insert(v, core.sleeping && !halted ? 1 : 0);
        v = DHCSR_S_LOCKUP.insert(v, core.lockedUp ? 1 : 0);
        v = DHCSR_S_RETIRE_ST.insert(v, core.retired ? 1 : 0);
        v = DHCSR_S_RESET_ST.insert(v, resetSticky || core.heldInReset ? 1 : 0);
        resetSticky = false; // sticky bits clear on read (C1.6.2); held in reset, S_RESET_ST keeps reading 1
        core.retired = false;
        return v;
    }

    void write(int address, int value, boolean debugger) {
        if (address == (int) DHCSR.address()) {
            writeDhcsr(value, debugger);
        } else if (address == (int) DCRSR.address()) {
            transfer(value);
        } else if (address == (int) DCRDR.address()) {
            dcrdr = value;
        } else if (address == (int) DEMCR.address()) {
            demcr = value & DEMCR.definedBits();
            core.dwt.setTraceEnabled(DEMCR_TRCENA.isSet(demcr));
        } else if (address == (int) DFSR.address()) {
            dfsr &= ~value;
        }
    }

    int readDfsr() {
        return dfsr;
    }

    private void writeDhcsr(int value, boolean debugger) {
        if (DHCSR_DBGKEY.extract(value) != DBGKEY) {
            return; // writes without DBGKEY are ignored (C1.6.2)
        }
        if (debugger) {
            debugEnabled = DHCSR_C_DEBUGEN.isSet(value);
        } else if (!debugEnabled) {
            return;
        }
        boolean halt = debugEnabled && DHCSR_C_HALT.isSet(value);
        cStep = debugEnabled && DHCSR_C_STEP.isSet(value);
        maskInts = debugEnabled && DHCSR_C_MASKINTS.isSet(value);
        cHalt = halt;
        if (core.heldInReset) {
            return; // takes effect when the core leaves reset
        }
        if (halt && !halted) {
            if (debugger) {
                core.enterDebugState(DFSR_HALTED); // a debugger's request halts at once (the core is between steps)
            } else {
                haltRequest = true; // the firmware's own C_HALT: after this instruction
            }
        } else if (!halt && halted) {
            halted = false;
            regReady = false;
            if (cStep) {
                stepping = true;
                core.step(); // one instruction (or one exception entry), then debug state again
            }
        }
    }

    /** DCRSR write: only in debug state does the transfer happen and S_REGRDY rise (C1.6.3). */
    private void transfer(int value) {
        if (!halted) {
            regReady = false;
            return;
        }
        int sel = DCRSR_REGSEL.extract(value);
        if (DCRSR_REGWnR.isSet(value)) {
            core.regs.writeRegsel(sel, dcrdr);
            if (sel == REGSEL_PC) {
                core.lockedUp = false; // the debugger chose where the core resumes
            }
        } else {
            dcrdr = core.regs.readRegsel(sel);
        }
        regReady = true;
    }
}
