package dev.flashbank.stlink;

import java.util.Optional;

/**
 * Status codes the probe firmware returns in byte 0 of debug-command replies and from GETLASTRWSTATUS(2)
 * (OpenOCD STLINK_* defines and stlink_usb_error_check, pyOCD {@code Status}). {@link #kind()} says how the host treats
 * it.
 */
public enum StlinkStatus {
    OK(0x80, Kind.OK, "success"),
    DEBUG_ERR_FAULT(0x81, Kind.FAULT, "SWD fault"),
    UNKNOWN_ERROR(0x01, Kind.ERROR, "unknown error"),
    SPI_ERROR(0x02, Kind.ERROR, "SPI error"),
    DMA_ERROR(0x03, Kind.ERROR, "DMA error"),
    UNKNOWN_JTAG_CHAIN(0x04, Kind.NO_TARGET, "unknown JTAG chain"),
    NO_DEVICE_CONNECTED(0x05, Kind.NO_TARGET, "no device connected"),
    INTERNAL_ERROR(0x06, Kind.ERROR, "internal error"),
    CMD_WAIT(0x07, Kind.WAIT, "command wait"),
    CMD_ERROR(0x08, Kind.ERROR, "command error"),
    GET_IDCODE_ERROR(0x09, Kind.NO_TARGET, "cannot read the IDCODE"),
    ALIGNMENT_ERROR(0x0A, Kind.ERROR, "alignment error"),
    DBG_POWER_ERROR(0x0B, Kind.NO_TARGET, "debug power error"),
    WRITE_ERROR(0x0C, Kind.ERROR, "write error"),
    /** OpenOCD logs and ignores it ("Write verify error, ignoring"). */
    WRITE_VERIF_ERROR(0x0D, Kind.IGNORED, "write verify error"),
    ALREADY_OPENED_IN_OTHER_MODE(0x0E, Kind.ERROR, "already opened in another mode"),
    SWD_AP_WAIT(0x10, Kind.WAIT, "SWD AP wait"),
    SWD_AP_FAULT(0x11, Kind.FAULT, "SWD AP fault"),
    SWD_AP_ERROR(0x12, Kind.ERROR, "SWD AP error"),
    SWD_AP_PARITY_ERROR(0x13, Kind.ERROR, "SWD AP parity error"),
    SWD_DP_WAIT(0x14, Kind.WAIT, "SWD DP wait"),
    SWD_DP_FAULT(0x15, Kind.FAULT, "SWD DP fault"),
    SWD_DP_ERROR(0x16, Kind.NO_TARGET, "SWD DP error"),
    SWD_DP_PARITY_ERROR(0x17, Kind.ERROR, "SWD DP parity error"),
    SWD_AP_WDATA_ERROR(0x18, Kind.FAULT, "SWD AP write-data error"),
    SWD_AP_STICKY_ERROR(0x19, Kind.FAULT, "SWD AP sticky error"),
    SWD_AP_STICKYORUN_ERROR(0x1A, Kind.FAULT, "SWD AP sticky overrun error"),
    BAD_AP(0x1D, Kind.ERROR, "bad AP"),
    SWV_NOT_AVAILABLE(0x20, Kind.ERROR, "SWV not available"),
    JTAG_CONF_CHANGED(0x40, Kind.ERROR, "JTAG configuration changed"),
    JTAG_FREQ_NOT_SUPPORTED(0x41, Kind.ERROR, "frequency not supported"),
    JTAG_UNKNOWN_CMD(0x42, Kind.ERROR, "unknown command");

    /** How the host reacts to a status. */
    public enum Kind {
        /** Success. */
        OK,
        /** Retry the command with back-off (OpenOCD: 8 retries, exponential from 1 ms). */
        WAIT,
        /** The bus/AP answered with a fault: a bus fault at the GETLASTRWSTATUS2 address. */
        FAULT,
        /** The debug port does not answer (no target, no power, wrong wiring, RDP level 2). */
        NO_TARGET,
        /** Logged, then treated as success (WRITE_VERIF_ERROR, as OpenOCD does). */
        IGNORED,
        /** Any other failure. */
        ERROR
    }

    private final int code;
    private final Kind kind;
    private final String description;

    StlinkStatus(int code, Kind kind, String description) {
        this.code = code;
        this.kind = kind;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    /** The status with this code, or empty for a code the reference does not list. */
    public static Optional<StlinkStatus> fromCode(int code) {
        for (StlinkStatus s : values()) {
            if (s.code == (code & 0xFF)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** "SWD_AP_FAULT (0x11, SWD AP fault)", or "status 0x5A (not in the reference)". */
    public static String describe(int code) {
        return fromCode(code).map(s -> String.format("%s (0x%02X, %s)", s.name(), s.code, s.description))
                .orElse(String.format("status 0x%02X (not in the reference)", code & 0xFF));
    }
}
