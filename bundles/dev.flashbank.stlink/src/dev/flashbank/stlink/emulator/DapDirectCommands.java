package dev.flashbank.stlink.emulator;

import java.time.Duration;
import java.util.BitSet;
import java.util.Set;
import java.util.function.Supplier;

import dev.flashbank.core.device.cortexm.Adiv5;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.stlink.Bytes;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkFeature;
import dev.flashbank.stlink.StlinkStatus;
import dev.flashbank.stlink.emulator.StlinkEmulator.Reply;

/**
 * The DAP-direct half of the emulated firmware, as OpenOCD's {@code adapter driver st-link} (stlink_dap.c part of
 * {@code stlink_usb.c}) drives it: which APs the host has opened (INIT_AP / CLOSE_AP_DBG), DP and AP registers
 * (READ_DAP_REG / WRITE_DAP_REG, port 0xFFFF = the DP, DP bank in address bits 7:4), batches of single AP accesses
 * (RW_MISC_OUT / RW_MISC_IN), and the AP a memory command names ({@link #transfer}). The DP and APs themselves are the
 * backend's ({@link StlinkEmulatorBackend#readDp} ...), so the emulator keeps no second DAP model.
 * <p>
 * Errors as the firmware gives them: a command the configured firmware does not have answers JTAG_UNKNOWN_CMD; an AP
 * register other than IDR (which OpenOCD reads before opening, to find the APs) or a memory command on an AP the host
 * has not opened answers BAD_AP, as does closing an AP that is not open; a faulted AP access SWD_AP_FAULT, a faulted
 * DP access SWD_DP_FAULT. Each is also recorded as a protocol violation when a correct host would not have caused it.
 */
final class DapDirectCommands {

    /**
     * RW_MISC items per batch (OpenOCD STLINK_V2_RW_MISC_SIZE / STLINK_V3_RW_MISC_SIZE; the firmware reports it through
     * RW_MISC_GET_MAX, which OpenOCD does not send).
     */
    static final int RW_MISC_MAX_ITEMS_V2 = 64;
    static final int RW_MISC_MAX_ITEMS_V3 = 1227;

    private final StlinkEmulator firmware;
    private final StlinkEmulatorBackend backend;
    private final Set<StlinkFeature> features;
    private final int hardware;
    private final Supplier<Duration> swdAccess;
    private final BitSet opened = new BitSet(256);
    /** Results of the last RW_MISC_OUT (values then statuses, LE32 each), sent by RW_MISC_IN; null when none. */
    private byte[] miscResults;

    DapDirectCommands(StlinkEmulator firmware, StlinkEmulatorBackend backend, Set<StlinkFeature> features,
            int hardware, Supplier<Duration> swdAccess) {
        this.firmware = firmware;
        this.backend = backend;
        this.features = features;
        this.hardware = hardware;
        this.swdAccess = swdAccess;
    }

    // ------------------------------------------------------------------ session

    /**
     * APIV2_ENTER: the firmware powers the debug and system domains up (CTRL/STAT CDBGPWRUPREQ | CSYSPWRUPREQ), so
     * that an HLA host, which never sees the DP, can use the AP; a DAP-direct host requests the same again.
     */
    void enter() throws TargetException {
        if (backend.modelsDebugPort()) {
            backend.writeDp(Adiv5.DP_CTRL_STAT, Adiv5.CTRL_STAT_CDBGPWRUPREQ | Adiv5.CTRL_STAT_CSYSPWRUPREQ);
        }
    }

    /** DEBUG_EXIT closes every AP (OpenOCD: "on new FW, calling mode-leave closes all the opened AP"). */
    void exit() {
        opened.clear();
        miscResults = null;
    }

    /** Whether a memory command may use {@code apsel}: opened, or firmware older than INIT_AP (J28) needs none. */
    boolean isOpen(int apsel) {
        return !features.contains(StlinkFeature.INIT_AP) || opened.get(apsel);
    }

    // ------------------------------------------------------------------ INIT_AP / CLOSE_AP_DBG

    /** INIT_AP: byte 2 = AP number, byte 3 = 1 when a Cortex-M core sits behind it (pyOCD), 0 otherwise. */
    Reply openAp(byte[] cdb) {
        if (!firmware.gate(StlinkFeature.INIT_AP, cdb) || !firmware.requireSwd(cdb)) {
            return StlinkEmulator.status(StlinkStatus.JTAG_UNKNOWN_CMD.code(), 0);
        }
        opened.set(cdb[2] & 0xFF);
        return StlinkEmulator.status(StlinkStatus.OK.code(), 0);
    }

    /** CLOSE_AP_DBG: byte 2 = AP number. */
    Reply closeAp(byte[] cdb) {
        if (!firmware.gate(StlinkFeature.INIT_AP, cdb) || !firmware.requireSwd(cdb)) {
            return StlinkEmulator.status(StlinkStatus.JTAG_UNKNOWN_CMD.code(), 0);
        }
        int apsel = cdb[2] & 0xFF;
        if (!opened.get(apsel)) {
            firmware.violation("CLOSE_AP_DBG of AP " + apsel + ", which is not open");
            return StlinkEmulator.status(StlinkStatus.BAD_AP.code(), 0);
        }
        opened.clear(apsel);
        return StlinkEmulator.status(StlinkStatus.OK.code(), 0);
    }

    // ------------------------------------------------------------------ READ_DAP_REG / WRITE_DAP_REG

    /** READ_DAP_REG: port LE16 at byte 2 (0xFFFF = DP), register address LE16 at byte 4; reply status + LE32 value. */
    Reply readRegister(byte[] cdb) {
        byte[] r = new byte[StlinkCommands.STATUS_AND_WORD_REPLY];
        int check = checkRegisterCommand(cdb);
        if (check != StlinkStatus.OK.code()) {
            r[0] = (byte) check;
            return new Reply(r, 0);
        }
        Integer injected = firmware.takeInjected();
        if (injected != null) {
            r[0] = injected.byteValue();
            return new Reply(r, 1);
        }
        int port = Bytes.le16(cdb, 2);
        int address = Bytes.le16(cdb, 4);
        try {
            backend.elapse(swdAccess.get());
            long value = port == StlinkCommands.DAP_PORT_DP ? backend.readDp(address) : backend.readAp(port, address);
            Bytes.putLe32(r, 4, (int) value);
            r[0] = (byte) StlinkStatus.OK.code();
        } catch (TargetException e) {
            r[0] = (byte) registerFaultStatus(port, e);
        }
        return new Reply(r, 0);
    }

    /** WRITE_DAP_REG: port LE16 at byte 2, register address LE16 at byte 4, value LE32 at byte 6; reply status. */
    Reply writeRegister(byte[] cdb) {
        int check = checkRegisterCommand(cdb);
        if (check != StlinkStatus.OK.code()) {
            return StlinkEmulator.status(check, 0);
        }
        Integer injected = firmware.takeInjected();
        if (injected != null) {
            return StlinkEmulator.status(injected, 1);
        }
        int port = Bytes.le16(cdb, 2);
        int address = Bytes.le16(cdb, 4);
        long value = Bytes.le32(cdb, 6) & 0xFFFF_FFFFL;
        if (port == StlinkCommands.DAP_PORT_DP && (address & 0xC) == Adiv5.DP_CTRL_STAT && (address & 0xF0) == 0
                && (value & Adiv5.CTRL_STAT_ORUNDETECT) != 0) {
            // overrun detection makes every later transaction of the firmware's own pipelining fail; OpenOCD strips
            // the bit ("ST-Link does not like that we set CORUNDETECT", stlink_dap_dp_write)
            firmware.violation(String.format("CTRL/STAT written with ORUNDETECT set (0x%08X)", value));
        }
        try {
            backend.elapse(swdAccess.get());
            if (port == StlinkCommands.DAP_PORT_DP) {
                backend.writeDp(address, value);
            } else {
                backend.writeAp(port, address, value);
            }
            return StlinkEmulator.status(StlinkStatus.OK.code(), 0);
        } catch (TargetException e) {
            return StlinkEmulator.status(registerFaultStatus(port, e), 0);
        }
    }

    private int checkRegisterCommand(byte[] cdb) {
        if (!firmware.gate(StlinkFeature.DAP_REGISTERS, cdb)) {
            return StlinkStatus.JTAG_UNKNOWN_CMD.code();
        }
        if (!firmware.requireSwd(cdb)) {
            return StlinkStatus.CMD_ERROR.code();
        }
        if (!backend.modelsDebugPort()) {
            // a fake target without DP registers: the emulator cannot answer, which is no host error
            return StlinkStatus.JTAG_UNKNOWN_CMD.code();
        }
        int port = Bytes.le16(cdb, 2);
        int address = Bytes.le16(cdb, 4);
        if (port == StlinkCommands.DAP_PORT_DP) {
            if ((address & 0xF0) != 0 && !features.contains(StlinkFeature.AP_AND_CSW_IN_MEMORY_COMMANDS)) {
                // OpenOCD refuses banked DP registers itself before V2J32/V3J2 ("not supported in current STLink FW")
                firmware.violation(String.format("banked DP register 0x%02X on firmware without DP bank select: %s",
                        address, Bytes.hex(cdb)));
                return StlinkStatus.CMD_ERROR.code();
            }
            return StlinkStatus.OK.code();
        }
        if (port > 0xFF || address > 0xFC || (address & 3) != 0) {
            firmware.violation(String.format("AP register access to port 0x%04X register 0x%X: %s", port, address,
                    Bytes.hex(cdb)));
            return StlinkStatus.BAD_AP.code();
        }
        if (address != Adiv5.AP_IDR && !isOpen(port)) {
            firmware.violation(String.format("AP %d register 0x%02X accessed before INIT_AP: %s", port, address,
                    Bytes.hex(cdb)));
            return StlinkStatus.BAD_AP.code();
        }
        return StlinkStatus.OK.code();
    }

    private static int registerFaultStatus(int port, TargetException e) {
        if (e instanceof BusFaultException) {
            return port == StlinkCommands.DAP_PORT_DP ? StlinkStatus.SWD_DP_FAULT.code()
                    : StlinkStatus.SWD_AP_FAULT.code();
        }
        return StlinkEmulator.silentDpStatus(e);
    }

    // ------------------------------------------------------------------ memory commands on an AP

    /** The accesses of one memory command on {@code apsel} with the host's CSW bits 31:8. */
    MemApTransfer transfer(int apsel, int cswHigh, AccessWidth width, boolean increment) {
        return new MemApTransfer(backend, apsel, cswHigh, width, increment, swdAccess.get());
    }

    // ------------------------------------------------------------------ RW_MISC

    /** Length of RW_MISC_OUT's data phase: the item codes padded to 4 bytes, then one LE32 value per item. */
    static int miscOutLength(byte[] cdb) {
        int items = Bytes.le32(cdb, 2);
        return ((items + 3) & ~3) + 4 * items;
    }

    /**
     * RW_MISC_OUT: performs the batch at once (as the firmware does before the host asks for the results) and keeps
     * one value and one status per item for RW_MISC_IN. No reply of its own.
     */
    Reply miscOut(byte[] cdb, byte[] out) {
        miscResults = null;
        if (!firmware.gate(StlinkFeature.AP_AND_CSW_IN_MEMORY_COMMANDS, cdb) || !firmware.requireSwd(cdb)) {
            return Reply.none();
        }
        int items = Bytes.le32(cdb, 2);
        int max = hardware >= 3 ? RW_MISC_MAX_ITEMS_V3 : RW_MISC_MAX_ITEMS_V2;
        if (items <= 0 || items > max || out.length != miscOutLength(cdb)) {
            firmware.violation(String.format("RW_MISC_OUT of %d items (limit %d) with %d data bytes: %s", items, max,
                    out.length, Bytes.hex(cdb)));
            return Reply.none();
        }
        byte[] results = new byte[8 * items];
        int valueBase = (items + 3) & ~3;
        int apsel = -1;
        MemApTransfer transfer = null;
        long address = 0;
        for (int i = 0; i < items; i++) {
            int code = out[i] & 0xFF;
            long value = Bytes.le32(out, valueBase + 4 * i) & 0xFFFF_FFFFL;
            int status = StlinkStatus.OK.code();
            long readValue = 0;
            try {
                switch (code) {
                    case StlinkCommands.RW_MISC_APNUM -> {
                        apsel = (int) value;
                        transfer = null;
                        if (apsel > 0xFF || !isOpen(apsel)) {
                            firmware.violation("RW_MISC on AP " + apsel + ", which is not open");
                            status = StlinkStatus.BAD_AP.code();
                            apsel = -1;
                        }
                    }
                    case StlinkCommands.RW_MISC_ADDRESS -> address = value;
                    case StlinkCommands.RW_MISC_WRITE, StlinkCommands.RW_MISC_READ -> {
                        if (apsel < 0) {
                            firmware.violation("RW_MISC access without an AP (APNUM item first): " + Bytes.hex(cdb));
                            status = StlinkStatus.BAD_AP.code();
                        } else {
                            if (transfer == null) {
                                transfer = transfer(apsel, 0, AccessWidth.WORD, true);
                            }
                            if (code == StlinkCommands.RW_MISC_WRITE) {
                                checkAligned(address);
                                transfer.write(address, value);
                            } else {
                                checkAligned(value);
                                readValue = transfer.read(value);
                            }
                        }
                    }
                    default -> {
                        firmware.violation(String.format("RW_MISC item code %d: %s", code, Bytes.hex(cdb)));
                        status = StlinkStatus.CMD_ERROR.code();
                    }
                }
            } catch (TargetException e) {
                status = StlinkEmulator.faultStatus(e);
                if (transfer != null) {
                    transfer.clearStickyError();
                }
            }
            Bytes.putLe32(results, 4 * i, (int) readValue);
            Bytes.putLe32(results, 4 * items + 4 * i, status);
        }
        miscResults = results;
        return Reply.none();
    }

    private void checkAligned(long address) {
        if ((address & 3) != 0) {
            firmware.violation(String.format("RW_MISC word access at unaligned address 0x%08X", address));
        }
    }

    /** RW_MISC_IN: the values and statuses of the last RW_MISC_OUT (8 bytes per item, no status byte). */
    Reply miscIn(byte[] cdb) {
        if (!firmware.gate(StlinkFeature.AP_AND_CSW_IN_MEMORY_COMMANDS, cdb)) {
            return Reply.none();
        }
        if (miscResults == null) {
            firmware.violation("RW_MISC_IN without a preceding RW_MISC_OUT");
            return Reply.none();
        }
        byte[] r = miscResults;
        miscResults = null;
        return new Reply(r, 0);
    }
}
