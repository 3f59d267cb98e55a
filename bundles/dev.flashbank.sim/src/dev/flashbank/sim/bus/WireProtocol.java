package dev.flashbank.sim.bus;

/** The two debug wire protocols of the STM32F7 SWJ-DP (the DP IDCODE differs between them, stm32-facts brief). */
public enum WireProtocol {
    SWD,
    JTAG
}
