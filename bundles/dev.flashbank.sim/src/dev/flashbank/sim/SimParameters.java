package dev.flashbank.sim;

import java.util.List;

import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.ParameterStatus;

/**
 * Behaviour of a simulated board that neither the reference manuals nor the device model pin down, that only the
 * simulator needs and that is the same for every family (a family's own simulator assumptions live in its bundle). Each
 * value is named, overridable and listed with its status in {@link #asList()} so that reports can say what a simulated
 * answer assumes.
 *
 * @param systemResetInterruptsFlashOperation a system reset while BSY aborts the running flash operation, leaving it
 *        partly done exactly like a power loss (on silicon the reset domain includes the flash interface)
 * @param hardwareIwdgTimeoutNanos with the hardware watchdog option (IWDG_SW = 0) the independent watchdog starts at
 *        reset by hardware and resets the device when nobody refreshes it: reset values PR = /4, RLR = 0xFFF on a
 *        ~32 kHz LSI give about 512 ms (the reference manuals' IWDG reset values; the LSI frequency is a datasheet
 *        typical value). It cannot be refreshed while the core is halted or locked up; the DBGMCU freeze bit stops it
 *        while halted
 * @param runningFirmwareRefreshesIwdg while the core runs, its firmware is assumed to refresh the watchdog (the
 *        simulator executes no code, so an image that does not would otherwise reset forever)
 */
public record SimParameters(boolean systemResetInterruptsFlashOperation, long hardwareIwdgTimeoutNanos,
        boolean runningFirmwareRefreshesIwdg) {

    /** The simulator's defaults. */
    public static SimParameters defaults() {
        return new SimParameters(true, 512_000_000L, true);
    }

    public SimParameters withHardwareIwdgTimeoutNanos(long v) {
        return new SimParameters(systemResetInterruptsFlashOperation, v, runningFirmwareRefreshesIwdg);
    }

    public SimParameters withRunningFirmwareRefreshesIwdg(boolean v) {
        return new SimParameters(systemResetInterruptsFlashOperation, hardwareIwdgTimeoutNanos, v);
    }

    public SimParameters withSystemResetInterruptsFlashOperation(boolean v) {
        return new SimParameters(v, hardwareIwdgTimeoutNanos, runningFirmwareRefreshesIwdg);
    }

    /** All parameters with status and source, for reports. */
    public List<ModelParameter<?>> asList() {
        ParameterStatus u = ParameterStatus.UNCONFIRMED;
        return List.of(
                new ModelParameter<>("sim.systemResetInterruptsFlashOperation", systemResetInterruptsFlashOperation, u,
                        "simulator assumption"),
                new ModelParameter<>("sim.hardwareIwdgTimeoutNanos", hardwareIwdgTimeoutNanos, u,
                        "IWDG_PR/IWDG_RLR reset values (reference manual IWDG chapter), LSI ~32 kHz (datasheet)"),
                new ModelParameter<>("sim.runningFirmwareRefreshesIwdg", runningFirmwareRefreshesIwdg, u,
                        "simulator assumption (no code execution)"));
    }
}
