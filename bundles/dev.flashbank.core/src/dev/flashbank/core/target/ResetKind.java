package dev.flashbank.core.target;

/** How a reset is requested. */
public enum ResetKind {
    /** AIRCR.SYSRESETREQ (VECTKEY 0x05FA): resets the whole system except the debug logic. */
    SYSTEM,
    /** NRST pin driven low by the probe: resets everything, including what SYSRESETREQ keeps. */
    HARDWARE
}
