package dev.flashbank.stlink;

/**
 * ST-Link command bytes, arguments and protocol limits, defined once for the host side and the emulator
 * (OpenOCD {@code src/jtag/drivers/stlink_usb.c}, stlink-org {@code commands.h}, pyOCD
 * {@code constants.py}). Status codes are in {@link StlinkStatus}, USB identities in {@link StlinkProduct}.
 */
public final class StlinkCommands {

    private StlinkCommands() {
    }

    /** Every V2+ command is a 16-byte command block, unused bytes zero (OpenOCD STLINK_CMD_SIZE_V2). */
    public static final int CDB_SIZE = 16;

    // ---- top-level commands, byte 0 of the CDB (OpenOCD STLINK_*, stlink-org commands.h)
    public static final int GET_VERSION = 0xF1;
    public static final int DEBUG_COMMAND = 0xF2;
    public static final int DFU_COMMAND = 0xF3;
    public static final int SWIM_COMMAND = 0xF4;
    public static final int GET_CURRENT_MODE = 0xF5;
    public static final int GET_TARGET_VOLTAGE = 0xF7;
    public static final int GET_VERSION_EX = 0xFB;

    /** DFU_COMMAND sub-command: leave the DFU (firmware-upgrade) mode; no reply (OpenOCD STLINK_DFU_EXIT). */
    public static final int DFU_EXIT = 0x07;
    /** SWIM_COMMAND sub-command: leave SWIM mode (OpenOCD STLINK_SWIM_EXIT); no reply. */
    public static final int SWIM_EXIT = 0x01;

    /** Reply lengths of the top-level commands (OpenOCD stlink_usb.c, pyOCD stlink.py). */
    public static final int GET_VERSION_REPLY = 6;
    public static final int GET_VERSION_EX_REPLY = 12;
    public static final int GET_CURRENT_MODE_REPLY = 2;
    public static final int GET_TARGET_VOLTAGE_REPLY = 8;

    // ---- GET_CURRENT_MODE reply byte 0 (OpenOCD STLINK_DEV_*_MODE)
    public static final int MODE_DFU = 0;
    public static final int MODE_MASS = 1;
    public static final int MODE_DEBUG = 2;
    public static final int MODE_SWIM = 3;
    public static final int MODE_BOOTLOADER = 4;

    // ---- DEBUG_COMMAND (0xF2) sub-commands, byte 1 of the CDB (OpenOCD STLINK_DEBUG_*, stlink-org commands.h)
    public static final int DEBUG_ENTER_JTAG_RESET = 0x00;
    public static final int DEBUG_READMEM_32BIT = 0x07;
    public static final int DEBUG_WRITEMEM_32BIT = 0x08;
    public static final int DEBUG_READMEM_8BIT = 0x0C;
    public static final int DEBUG_WRITEMEM_8BIT = 0x0D;
    public static final int DEBUG_EXIT = 0x21;
    public static final int DEBUG_APIV2_ENTER = 0x30;
    public static final int DEBUG_APIV2_READ_IDCODES = 0x31;
    public static final int DEBUG_APIV2_RESETSYS = 0x32;
    public static final int DEBUG_APIV2_READREG = 0x33;
    public static final int DEBUG_APIV2_WRITEREG = 0x34;
    public static final int DEBUG_APIV2_WRITEDEBUGREG = 0x35;
    public static final int DEBUG_APIV2_READDEBUGREG = 0x36;
    public static final int DEBUG_APIV2_READALLREGS = 0x3A;
    public static final int DEBUG_APIV2_GETLASTRWSTATUS = 0x3B;
    public static final int DEBUG_APIV2_DRIVE_NRST = 0x3C;
    public static final int DEBUG_APIV2_GETLASTRWSTATUS2 = 0x3E;
    public static final int DEBUG_APIV2_SWD_SET_FREQ = 0x43;
    public static final int DEBUG_APIV2_JTAG_SET_FREQ = 0x44;
    public static final int DEBUG_APIV2_READ_DAP_REG = 0x45;
    public static final int DEBUG_APIV2_WRITE_DAP_REG = 0x46;
    public static final int DEBUG_APIV2_READMEM_16BIT = 0x47;
    public static final int DEBUG_APIV2_WRITEMEM_16BIT = 0x48;
    public static final int DEBUG_APIV2_INIT_AP = 0x4B;
    public static final int DEBUG_APIV2_CLOSE_AP_DBG = 0x4C;
    /** 32-bit write with the address held (AP CSW.AddrInc off): V2J26 / V3 (OpenOCD STLINK_F_HAS_MEM_WR_NO_INC). */
    public static final int DEBUG_WRITEMEM_32BIT_NO_ADDR_INC = 0x50;
    /**
     * A batch of single 32-bit AP accesses (items: ADDRESS, WRITE, READ, APNUM) sent as an OUT data phase; the results
     * come back with RW_MISC_IN: V2J32 / V3J2 (OpenOCD STLINK_F_HAS_RW_MISC, stlink_usb_misc_rw_segment).
     */
    public static final int DEBUG_APIV2_RW_MISC_OUT = 0x51;
    public static final int DEBUG_APIV2_RW_MISC_IN = 0x52;
    /** 32-bit read with the address held: V2J32 / V3J2 (OpenOCD STLINK_F_HAS_MEM_RD_NO_INC). */
    public static final int DEBUG_READMEM_32BIT_NO_ADDR_INC = 0x54;
    public static final int DEBUG_APIV3_SET_COM_FREQ = 0x61;
    public static final int DEBUG_APIV3_GET_COM_FREQ = 0x62;

    // ---- arguments
    /** APIV2_ENTER argument: SWD without reset (OpenOCD STLINK_DEBUG_ENTER_SWD_NO_RESET). */
    public static final int ENTER_SWD_NO_RESET = 0xA3;
    /**
     * APIV2_ENTER argument: JTAG without reset; OpenOCD's value, pyOCD's 0xA3 is taken as a copy error (UNCONFIRMED).
     */
    public static final int ENTER_JTAG_NO_RESET = 0xA4;
    /** DRIVE_NRST arguments (OpenOCD STLINK_DEBUG_APIV2_DRIVE_NRST_*). */
    public static final int NRST_LOW = 0x00;
    public static final int NRST_HIGH = 0x01;
    public static final int NRST_PULSE = 0x02;
    /** INIT_AP argument: the AP has a Cortex-M core behind it (OpenOCD STLINK_DEBUG_APIV2_INIT_AP). */
    public static final int INIT_AP_CORTEX_M = 0x01;
    /** APIV3 GET/SET_COM_FREQ byte 2: which wire protocol (OpenOCD stlink_speed_v3). */
    public static final int COM_FREQ_SWD = 0x00;
    public static final int COM_FREQ_JTAG = 0x01;

    /** READ_DAP_REG / WRITE_DAP_REG port (CDB bytes 2-3) that names the debug port instead of an AP number. */
    public static final int DAP_PORT_DP = 0xFFFF;
    /** Memory commands from V2J32 / V3J2: CDB byte 8 is the AP number, bytes 9-11 carry CSW bits 31:8 (OpenOCD). */
    public static final int MEMORY_CDB_AP = 8;
    public static final int MEMORY_CDB_CSW = 9;
    /** RW_MISC_OUT item codes, one byte each before the item values (OpenOCD RW_MISC_CMD_*). */
    public static final int RW_MISC_ADDRESS = 1;
    public static final int RW_MISC_WRITE = 2;
    public static final int RW_MISC_READ = 3;
    public static final int RW_MISC_APNUM = 5;

    // ---- reply sizes of debug commands (OpenOCD stlink_usb.c, pyOCD stlink.py)
    public static final int STATUS_REPLY = 2;
    public static final int STATUS_AND_WORD_REPLY = 8;
    public static final int READ_IDCODES_REPLY = 12;
    public static final int GETLASTRWSTATUS2_REPLY = 12;
    public static final int READALLREGS_REPLY = 88;
    public static final int GET_COM_FREQ_REPLY = 52;
    /** GET_COM_FREQ lists at most this many frequencies (OpenOCD STLINK_V3_MAX_FREQ_NB). */
    public static final int COM_FREQ_MAX_ENTRIES = 10;

    // ---- transfer limits (OpenOCD STLINK_MAX_RW8, STLINKV3_MAX_RW8, STLINK_MAX_RW16_32)
    /** 16/32-bit transfers: the probe's internal buffer (OpenOCD STLINK_DATA_SIZE / STLINK_MAX_RW16_32). */
    public static final int MAX_RW16_32 = 6144;
    /** 8-bit transfers on full-speed probes (V1/V2/V2-1): one 64-byte bulk packet (OpenOCD STLINK_MAX_RW8). */
    public static final int MAX_RW8_FULL_SPEED = 64;
    /** 8-bit transfers on STLINK-V3 from V3J6 (OpenOCD STLINKV3_MAX_RW8, flag HAS_RW8_512BYTES). */
    public static final int MAX_RW8_V3 = 512;
    /**
     * TAR auto-increment window used to split 16/32-bit transfers: ADIv5 only guarantees 1 KiB; OpenOCD uses 4 KiB
     * only when CPUID shows Cortex-M3/M4, so a Cortex-M7 gets 1 KiB (OpenOCD stlink_max_block_size).
     */
    public static final int TAR_AUTOINCREMENT_WINDOW_DEFAULT = 1024;
    /** Larger TAR window OpenOCD trusts on Cortex-M3/M4 (stlink_max_block_size). */
    public static final int TAR_AUTOINCREMENT_WINDOW_CM3_CM4 = 4096;
}
