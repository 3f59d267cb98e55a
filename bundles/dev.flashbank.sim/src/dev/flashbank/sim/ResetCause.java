package dev.flashbank.sim;

/** Why the simulated device last reset (what the RCC_CSR reset flags report on silicon). */
public enum ResetCause {
    /** Power-on (or power restored after a loss). */
    POWER_ON,
    /** NRST pin driven low (probe or bench). */
    PIN,
    /** AIRCR.SYSRESETREQ. */
    SOFTWARE,
    /** The hardware-started independent watchdog (IWDG_SW = 0) expired. */
    INDEPENDENT_WATCHDOG
}
