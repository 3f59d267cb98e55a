package dev.flashbank.core.device.cortexm;

/**
 * The ARM Debug Interface v5.2 registers a Cortex-M debugger reaches through its SWJ-DP: the debug port's registers
 * (ADIv5.2 B2.2) and the MEM-AP's (ADIv5.2 C2.6). Defined once here for the simulator's debug port and access ports
 * and the ST-Link emulator's DAP-direct commands.
 */
public final class Adiv5 {

    private Adiv5() {
    }

    // ---- DP registers by A[3:2] (ADIv5.2 B2.2); the DP bank (SELECT.DPBANKSEL) in bits 7:4 where a tool encodes it
    /** SW-DP write: ABORT; read: DPIDR. */
    public static final int DP_ABORT = 0x0;
    public static final int DP_DPIDR = 0x0;
    public static final int DP_CTRL_STAT = 0x4;
    /** SW-DP read of 0x8: RESEND (the last read result again); write: SELECT. */
    public static final int DP_RESEND = 0x8;
    public static final int DP_SELECT = 0x8;
    public static final int DP_RDBUFF = 0xC;

    // ---- ABORT (ADIv5.2 B2.2.1)
    public static final int ABORT_DAPABORT = 1;
    public static final int ABORT_STKCMPCLR = 1 << 1;
    public static final int ABORT_STKERRCLR = 1 << 2;
    public static final int ABORT_WDERRCLR = 1 << 3;
    public static final int ABORT_ORUNERRCLR = 1 << 4;

    // ---- CTRL/STAT (ADIv5.2 B2.2.2)
    public static final int CTRL_STAT_ORUNDETECT = 1;
    public static final int CTRL_STAT_STICKYORUN = 1 << 1;
    public static final int CTRL_STAT_STICKYCMP = 1 << 4;
    public static final int CTRL_STAT_STICKYERR = 1 << 5;
    public static final int CTRL_STAT_READOK = 1 << 6;
    public static final int CTRL_STAT_CDBGRSTREQ = 1 << 26;
    public static final int CTRL_STAT_CDBGRSTACK = 1 << 27;
    public static final int CTRL_STAT_CDBGPWRUPREQ = 1 << 28;
    public static final int CTRL_STAT_CDBGPWRUPACK = 1 << 29;
    public static final int CTRL_STAT_CSYSPWRUPREQ = 1 << 30;
    public static final int CTRL_STAT_CSYSPWRUPACK = 1 << 31;

    // ---- MEM-AP register offsets (ADIv5.2 C2.6): bank = SELECT.APBANKSEL (bits 7:4), A[3:2]
    public static final int AP_CSW = 0x00;
    public static final int AP_TAR = 0x04;
    public static final int AP_DRW = 0x0C;
    public static final int AP_BD0 = 0x10;
    public static final int AP_BD3 = 0x1C;
    public static final int AP_CFG = 0xF4;
    public static final int AP_BASE = 0xF8;
    public static final int AP_IDR = 0xFC;

    // ---- CSW (ADIv5.2 C2.6.4)
    /** Size: 0 byte, 1 halfword, 2 word. */
    public static final int CSW_SIZE_MASK = 0x7;
    public static final int CSW_SIZE_BYTE = 0x0;
    public static final int CSW_SIZE_HALFWORD = 0x1;
    public static final int CSW_SIZE_WORD = 0x2;
    public static final int CSW_ADDRINC_SHIFT = 4;
    /** AddrInc: 00 off, 01 single, 10 packed. */
    public static final int CSW_ADDRINC_MASK = 0x3 << CSW_ADDRINC_SHIFT;
    public static final int CSW_ADDRINC_OFF = 0;
    public static final int CSW_ADDRINC_SINGLE = 0x1 << CSW_ADDRINC_SHIFT;
    public static final int CSW_DEVICE_EN = 1 << 6;
    public static final int CSW_TR_IN_PROG = 1 << 7;

    /**
     * ADIv5.2 C2.2.2: TAR auto-increment is guaranteed only inside a 1 KiB block; a transfer that goes on past it must
     * write TAR again.
     */
    public static final int TAR_AUTOINCREMENT_BLOCK = 1024;

    /** The MEM-AP CSW.Size code of an access {@code bytes} wide (1, 2 or 4). */
    public static int cswSize(int bytes) {
        return switch (bytes) {
            case 1 -> CSW_SIZE_BYTE;
            case 2 -> CSW_SIZE_HALFWORD;
            case 4 -> CSW_SIZE_WORD;
            default -> throw new IllegalArgumentException("MEM-AP transfers are 1, 2 or 4 bytes wide: " + bytes);
        };
    }
}
