package dev.flashbank.sim;

import java.util.List;

import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.ParameterStatus;
import dev.flashbank.core.device.Window;
import dev.flashbank.core.device.stm32f7.Stm32F7Registers;

/**
 * Behaviour of the simulated silicon that neither the fact file nor the device model pins down and that only the
 * simulator needs. Like {@link dev.flashbank.core.device.stm32f7.Stm32F7Parameters} (which holds every UNCONFIRMED
 * fact of the device itself and which the simulator honours), each value is named, overridable and listed with its
 * status in {@link #asList()} so that reports can say what a simulated answer assumes.
 *
 * @param rdp1DebugEraseFlag the FLASH_SR flag set when an erase is started while RDP level 1 blocks a connected
 *        debugger from erasing (stm32-facts §1.11: "no read, erase or program access"; the flag is not documented)
 * @param pcropReadBusFault a data read of a PCROP sector (F72x) answers with a bus error in addition to setting RDERR
 *        (§1.10 names only RDERR; whether the read data is zeroed or faulted is not documented)
 * @param invalidSnbFlag the flag set when STRT with SER selects an SNB that names no sector of the current layout
 *        (not documented; the erase does not run)
 * @param singleBankMer2ErasesAll in single-bank mode MER2 alone (or MER|MER2) erases the whole flash like MER
 *        (RM wording not available; HAL sets MER|MER2 for a full-chip erase, §1.5)
 * @param keyWriteWhileUnlockedIsWrongSequence writing KEYR/OPTKEYR while already unlocked counts as a wrong key
 *        sequence (OpenOCD: "otherwise writing on STM32_FLASH_KEYR will fail", §1.5)
 * @param level2NonFlashBootFallback boot address used when BOOT_ADDx selects RAM or system memory while RDP level 2
 *        forbids booting from them (§1.11: "boot from RAM/system memory disabled"; which address is then used is not
 *        documented - the factory BOOT_ADD0 target, flash via ITCM, is assumed)
 * @param systemResetInterruptsFlashOperation a system reset while BSY aborts the running flash operation, leaving it
 *        partly done exactly like a power loss (on silicon the reset domain includes the flash interface)
 * @param hardwareIwdgTimeoutNanos with IWDG_SW = 0 the independent watchdog starts at reset by hardware (§1.5) and
 *        resets the device when nobody refreshes it: reset values PR = /4, RLR = 0xFFF on a ~32 kHz LSI give about
 *        512 ms (reference-manual values, not in the fact file). It cannot be refreshed while the core is halted or
 *        locked up; DBGMCU_APB1_FZ.DBG_IWDG_STOP freezes it while halted (§1.13)
 * @param runningFirmwareRefreshesIwdg while the core runs, its firmware is assumed to refresh the watchdog (the
 *        simulator executes no code, so an image that does not would otherwise reset forever)
 */
public record SimParameters(String rdp1DebugEraseFlag, boolean pcropReadBusFault, String invalidSnbFlag,
        boolean singleBankMer2ErasesAll, boolean keyWriteWhileUnlockedIsWrongSequence, long level2NonFlashBootFallback,
        boolean systemResetInterruptsFlashOperation, long hardwareIwdgTimeoutNanos, boolean runningFirmwareRefreshesIwdg) {

    /** The simulator's defaults. */
    public static SimParameters defaults() {
        return new SimParameters(Stm32F7Registers.WRPERR, true, Stm32F7Registers.ERSERR, true, true, Window.ITCM.base(), true,
                512_000_000L, true);
    }

    public SimParameters withHardwareIwdgTimeoutNanos(long v) {
        return new SimParameters(rdp1DebugEraseFlag, pcropReadBusFault, invalidSnbFlag, singleBankMer2ErasesAll,
                keyWriteWhileUnlockedIsWrongSequence, level2NonFlashBootFallback, systemResetInterruptsFlashOperation, v,
                runningFirmwareRefreshesIwdg);
    }

    public SimParameters withRunningFirmwareRefreshesIwdg(boolean v) {
        return new SimParameters(rdp1DebugEraseFlag, pcropReadBusFault, invalidSnbFlag, singleBankMer2ErasesAll,
                keyWriteWhileUnlockedIsWrongSequence, level2NonFlashBootFallback, systemResetInterruptsFlashOperation,
                hardwareIwdgTimeoutNanos, v);
    }

    public SimParameters withRdp1DebugEraseFlag(String flag) {
        return new SimParameters(flag, pcropReadBusFault, invalidSnbFlag, singleBankMer2ErasesAll,
                keyWriteWhileUnlockedIsWrongSequence, level2NonFlashBootFallback, systemResetInterruptsFlashOperation,
                hardwareIwdgTimeoutNanos, runningFirmwareRefreshesIwdg);
    }

    public SimParameters withPcropReadBusFault(boolean v) {
        return new SimParameters(rdp1DebugEraseFlag, v, invalidSnbFlag, singleBankMer2ErasesAll,
                keyWriteWhileUnlockedIsWrongSequence, level2NonFlashBootFallback, systemResetInterruptsFlashOperation,
                hardwareIwdgTimeoutNanos, runningFirmwareRefreshesIwdg);
    }

    public SimParameters withKeyWriteWhileUnlockedIsWrongSequence(boolean v) {
        return new SimParameters(rdp1DebugEraseFlag, pcropReadBusFault, invalidSnbFlag, singleBankMer2ErasesAll, v,
                level2NonFlashBootFallback, systemResetInterruptsFlashOperation,
                hardwareIwdgTimeoutNanos, runningFirmwareRefreshesIwdg);
    }

    public SimParameters withSystemResetInterruptsFlashOperation(boolean v) {
        return new SimParameters(rdp1DebugEraseFlag, pcropReadBusFault, invalidSnbFlag, singleBankMer2ErasesAll,
                keyWriteWhileUnlockedIsWrongSequence, level2NonFlashBootFallback, v, hardwareIwdgTimeoutNanos,
                runningFirmwareRefreshesIwdg);
    }

    /** All parameters with status and source, for reports. */
    public List<ModelParameter<?>> asList() {
        ParameterStatus u = ParameterStatus.UNCONFIRMED;
        return List.of(
                new ModelParameter<>("sim.rdp1DebugEraseFlag", rdp1DebugEraseFlag, u, "stm32-facts §1.11 (flag undocumented)"),
                new ModelParameter<>("sim.pcropReadBusFault", pcropReadBusFault, u, "stm32-facts §1.10"),
                new ModelParameter<>("sim.invalidSnbFlag", invalidSnbFlag, u, "not documented"),
                new ModelParameter<>("sim.singleBankMer2ErasesAll", singleBankMer2ErasesAll, u, "stm32-facts §1.5"),
                new ModelParameter<>("sim.keyWriteWhileUnlockedIsWrongSequence", keyWriteWhileUnlockedIsWrongSequence, u,
                        "stm32-facts §1.5 (ocd_f2x comment)"),
                new ModelParameter<>("sim.level2NonFlashBootFallback", String.format("0x%08X", level2NonFlashBootFallback),
                        u, "stm32-facts §1.11"),
                new ModelParameter<>("sim.systemResetInterruptsFlashOperation", systemResetInterruptsFlashOperation, u,
                        "simulator assumption"),
                new ModelParameter<>("sim.hardwareIwdgTimeoutNanos", hardwareIwdgTimeoutNanos, u,
                        "IWDG reset values (RM), LSI ~32 kHz; stm32-facts §1.5, §1.13"),
                new ModelParameter<>("sim.runningFirmwareRefreshesIwdg", runningFirmwareRefreshesIwdg, u,
                        "simulator assumption (no code execution)"));
    }
}
