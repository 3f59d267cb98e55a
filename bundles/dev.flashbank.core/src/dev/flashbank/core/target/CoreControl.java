package dev.flashbank.core.target;

/**
 * Control of the Cortex-M core through its debug registers (DHCSR 0xE000EDF0, DCRSR/DCRDR, DEMCR 0xE000EDFC,
 * AIRCR 0xE000ED0C; ARMv7-M ARM C1.6, B3.2.6). Implementations may use probe shortcuts (ST-Link
 * FORCEDEBUG, READREG) but must behave as the register procedures describe.
 */
public interface CoreControl {

    /** DHCSR &lt;- DBGKEY|C_DEBUGEN|C_HALT and wait for S_HALT. */
    void halt() throws TargetException;

    /** Clear C_HALT (keeping C_DEBUGEN) so the core runs. */
    void run() throws TargetException;

    boolean isHalted() throws TargetException;

    /** Reset and let the core run. */
    void reset(ResetKind kind) throws TargetException;

    /** DEMCR.VC_CORERESET, reset, wait for S_RESET_ST then S_HALT, restore DEMCR: the core stops at the reset vector. */
    void resetAndHalt(ResetKind kind) throws TargetException;

    /** Read a core register by DCRSR REGSEL number (0-12 r0-r12, 13 SP, 14 LR, 15 PC, 16 xPSR, 17 MSP, 18 PSP). */
    int readCoreRegister(int regsel) throws TargetException;

    void writeCoreRegister(int regsel, int value) throws TargetException;
}
