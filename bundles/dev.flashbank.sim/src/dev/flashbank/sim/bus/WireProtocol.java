package dev.flashbank.sim.bus;

/** The two debug wire protocols of an SWJ-DP (ADIv5: the SW-DP and the JTAG-DP report different DP IDCODEs). */
public enum WireProtocol {
    SWD,
    JTAG
}
