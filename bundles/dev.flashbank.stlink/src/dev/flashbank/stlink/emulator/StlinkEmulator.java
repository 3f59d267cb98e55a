package dev.flashbank.stlink.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.DebugPortLockedException;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.stlink.Bytes;
import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkFeature;
import dev.flashbank.stlink.StlinkStatus;
import dev.flashbank.stlink.StlinkTransport;
import dev.flashbank.stlink.SwdClock;

/**
 * A simulated ST-Link: decodes the same 16-byte command blocks a real probe receives and answers as its firmware does
 * (as OpenOCD {@code stlink_usb.c} and pyOCD {@code stlink.py} drive it), over an {@link StlinkEmulatorBackend}. It is
 * a {@link StlinkTransport}, so every layer above is tested byte for byte without USB.
 * <p>
 * Modelled: GET_VERSION / GET_VERSION_EX per generation and configured firmware; modes (DFU, mass storage, debug)
 * and their exits; target voltage; V2 divisor and V3 COM_FREQ clocks; SWD entry and READ_IDCODES; 8/16/32-bit memory
 * commands with the 64/512-byte and 6144-byte limits and alignment rules; GETLASTRWSTATUS and GETLASTRWSTATUS2 with
 * the fault address; debug-register and core-register access (READREG/WRITEREG go through DCRSR/DCRDR on the bus as
 * the firmware does); RESETSYS (AIRCR.SYSRESETREQ) and DRIVE_NRST; commands gated by firmware version answered with
 * JTAG_UNKNOWN_CMD. The DAP-direct commands of OpenOCD's {@code adapter driver st-link} (INIT_AP / CLOSE_AP_DBG,
 * READ_DAP_REG / WRITE_DAP_REG, RW_MISC, memory commands on the AP and with the CSW bits they name, the NO_ADDR_INC
 * variants) are answered by {@link DapDirectCommands} over the backend's DP model. Fault injection:
 * {@link #injectStatus} (e.g. SWD_AP_WAIT), {@link #unplugAfter}.
 * <p>
 * Anything a correct host never does (a limit exceeded, a gated command sent, a reply length that does not match, a
 * TAR window crossed) is recorded in {@link #violations()} — the protocol tests assert that list stays empty.
 */
public final class StlinkEmulator implements StlinkTransport {

    private final EmulatorConfig config;
    private final StlinkEmulatorBackend backend;
    private final Set<StlinkFeature> features;
    private final List<String> violations = new ArrayList<>();

    private int mode;
    private boolean swdEntered;
    private final DapDirectCommands dap;
    private int swdKiloHertz = SwdClock.V2_DEFAULT_KHZ;
    private int lastRwStatus = StlinkStatus.OK.code();
    private long lastFaultAddress;
    private StlinkStatus injected;
    private int injectedCount;
    private int unplugCountdown = -1;
    private boolean unplugged;
    private boolean closed;
    private long exchanges;

    public StlinkEmulator(EmulatorConfig config, StlinkEmulatorBackend backend) {
        this.config = config;
        this.backend = backend;
        this.features = StlinkFeature.supportedBy(config.firmware());
        this.mode = config.initialMode();
        this.dap = new DapDirectCommands(this, backend, features, config.firmware().hardware(), this::swdAccessTime);
        if (config.firmware().hardware() >= 3) {
            swdKiloHertz = config.v3SwdFrequencies().get(0);
        }
    }

    public EmulatorConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ fault injection and inspection

    /**
     * The next {@code count} target operations (memory commands, debug/core register commands, READ_IDCODES) are not
     * performed and report {@code status} instead, as a stalled or faulting SWD link would (e.g. SWD_AP_WAIT).
     */
    public synchronized void injectStatus(StlinkStatus status, int count) {
        this.injected = status;
        this.injectedCount = count;
    }

    /** After {@code exchanges} more exchanges the probe vanishes from USB: that exchange and all later ones fail. */
    public synchronized void unplugAfter(int exchanges) {
        this.unplugCountdown = exchanges;
    }

    public synchronized boolean isUnplugged() {
        return unplugged;
    }

    /** Host behaviour a real probe would not tolerate. */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    public synchronized int mode() {
        return mode;
    }

    public synchronized int swdKiloHertz() {
        return swdKiloHertz;
    }

    public synchronized long exchangeCount() {
        return exchanges;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** A clock on the backend's time base, for sessions over this emulator (back-off advances virtual time). */
    public PollClock clock() {
        return new PollClock() {
            @Override
            public long nanoTime() {
                return backend.nanoTime();
            }

            @Override
            public void pause(long nanos) {
                backend.elapse(Duration.ofNanos(nanos));
            }
        };
    }

    @Override
    public String describe() {
        return "emulated " + config.product().displayName();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    // ------------------------------------------------------------------ the wire

    @Override
    public synchronized byte[] exchange(byte[] cdb, byte[] dataOut, int inLength, int timeoutMillis)
            throws TargetException {
        byte[] reply = respond(cdb, dataOut);
        if (reply.length != inLength) {
            violation(String.format("%s: host expects %d IN bytes, probe sends %d", Bytes.hex(cdb), inLength,
                    reply.length));
            byte[] adjusted = new byte[inLength];
            System.arraycopy(reply, 0, adjusted, 0, Math.min(inLength, reply.length));
            return adjusted;
        }
        return reply;
    }

    /**
     * The probe side of one exchange as the USB wire sees it: the IN bytes the firmware sends for this command block and
     * OUT data (empty when it sends nothing). Used by {@link #exchange} and by tests that put the emulator behind a fake
     * USB bulk channel.
     */
    public synchronized byte[] respond(byte[] cdb, byte[] dataOut) throws TargetException {
        if (closed) {
            throw new ProbeDisconnectedException("emulated ST-Link: transport already closed");
        }
        if (unplugged) {
            throw new ProbeDisconnectedException("emulated ST-Link unplugged (LIBUSB_ERROR_NO_DEVICE)");
        }
        if (unplugCountdown == 0) {
            unplugged = true;
            throw new ProbeDisconnectedException("emulated ST-Link unplugged during the exchange (LIBUSB_ERROR_NO_DEVICE)");
        }
        if (unplugCountdown > 0) {
            unplugCountdown--;
        }
        exchanges++;
        if (cdb == null || cdb.length != StlinkCommands.CDB_SIZE) {
            violation("command block of " + (cdb == null ? 0 : cdb.length) + " bytes, must be 16");
            return new byte[0];
        }
        Reply reply = dispatch(cdb, dataOut == null ? new byte[0] : dataOut);
        int outLength = dataOut == null ? 0 : dataOut.length;
        backend.elapse(config.timing().cost(StlinkCommands.CDB_SIZE + outLength + reply.bytes.length,
                reply.accesses, swdKiloHertz));
        return reply.bytes;
    }

    /** Length of the OUT data phase that follows this command block (write commands only), as the firmware reads it. */
    public static int dataOutLength(byte[] cdb) {
        if ((cdb[0] & 0xFF) != StlinkCommands.DEBUG_COMMAND) {
            return 0;
        }
        return switch (cdb[1] & 0xFF) {
            case StlinkCommands.DEBUG_WRITEMEM_8BIT, StlinkCommands.DEBUG_WRITEMEM_32BIT,
                    StlinkCommands.DEBUG_APIV2_WRITEMEM_16BIT, StlinkCommands.DEBUG_WRITEMEM_32BIT_NO_ADDR_INC ->
                Bytes.le16(cdb, 6);
            case StlinkCommands.DEBUG_APIV2_RW_MISC_OUT -> DapDirectCommands.miscOutLength(cdb);
            default -> 0;
        };
    }

    /**
     * SWD wire time of one MEM-AP access at the current clock, charged BEFORE the bus access of memory commands: the
     * target's clock then reaches the access's completion first, and a write stalled by FLASH_SR.BSY only adds the
     * part of the busy time the wire did not already cover (the DP answers WAIT and the probe retries, as OpenOCD's
     * SWD_AP_WAIT handling expects). Streaming programming therefore costs max(wire, t_prog) per unit, as on silicon.
     */
    private Duration swdAccessTime() {
        return config.timing().swdAccess(swdKiloHertz);
    }

    /** @param accesses SWD accesses not yet charged to the clock (memory commands charge theirs as they go) */
    record Reply(byte[] bytes, int accesses) {
        static Reply none() {
            return new Reply(new byte[0], 0);
        }
    }

    private Reply dispatch(byte[] cdb, byte[] out) {
        int cmd = cdb[0] & 0xFF;
        switch (cmd) {
            case StlinkCommands.GET_VERSION:
                return new Reply(versionReply(), 0);
            case StlinkCommands.GET_VERSION_EX:
                if (config.firmware().hardware() < 3) {
                    violation("GET_VERSION_EX sent to a V2 probe");
                    return Reply.none();
                }
                return new Reply(versionExReply(), 0);
            case StlinkCommands.GET_CURRENT_MODE:
                return new Reply(new byte[] { (byte) mode, 0 }, 0);
            case StlinkCommands.GET_TARGET_VOLTAGE:
                return new Reply(voltageReply(), 0);
            case StlinkCommands.DFU_COMMAND:
                if ((cdb[1] & 0xFF) == StlinkCommands.DFU_EXIT && mode == StlinkCommands.MODE_DFU) {
                    mode = StlinkCommands.MODE_MASS;
                } else {
                    violation("DFU command " + Bytes.hex(cdb) + " in mode " + mode);
                }
                return Reply.none();
            case StlinkCommands.SWIM_COMMAND:
                if ((cdb[1] & 0xFF) == StlinkCommands.SWIM_EXIT && mode == StlinkCommands.MODE_SWIM) {
                    mode = StlinkCommands.MODE_MASS;
                } else {
                    violation("SWIM command " + Bytes.hex(cdb) + " in mode " + mode);
                }
                return Reply.none();
            case StlinkCommands.DEBUG_COMMAND:
                return debug(cdb, out);
            default:
                violation("unknown command " + Bytes.hex(cdb));
                return Reply.none();
        }
    }

    private byte[] versionReply() {
        var v = config.firmware();
        byte[] r = new byte[StlinkCommands.GET_VERSION_REPLY];
        // V3 reports J = S = 0 here; the real numbers come from GET_VERSION_EX (OpenOCD stlink_usb_version)
        int jtag = v.hardware() >= 3 ? 0 : v.jtag();
        int low = v.hardware() >= 3 ? 0 : (v.msd() > 0 ? v.msd() : v.swim());
        int word = (v.hardware() & 0xF) << 12 | (jtag & 0x3F) << 6 | (low & 0x3F);
        r[0] = (byte) (word >> 8);
        r[1] = (byte) word;
        Bytes.putLe16(r, 2, v.vendorId());
        Bytes.putLe16(r, 4, v.productId());
        return r;
    }

    private byte[] versionExReply() {
        var v = config.firmware();
        byte[] r = new byte[StlinkCommands.GET_VERSION_EX_REPLY];
        r[0] = (byte) v.hardware();
        r[1] = (byte) v.swim();
        r[2] = (byte) v.jtag();
        r[3] = (byte) v.msd();
        r[4] = (byte) v.bridge();
        r[5] = (byte) v.power();
        Bytes.putLe16(r, 8, v.vendorId());
        Bytes.putLe16(r, 10, v.productId());
        return r;
    }

    /**
     * GET_TARGET_VOLTAGE: two ADC readings with Vtarget = 2400 × a1 / a0 mV (stlink-org usb.c). a0 is an emulator
     * parameter (the reference gives only the formula); 1600 keeps whole-millivolt supplies divisible by 3 exact.
     */
    static final int VOLTAGE_REFERENCE_READING = 1600;

    private byte[] voltageReply() {
        byte[] r = new byte[StlinkCommands.GET_TARGET_VOLTAGE_REPLY];
        if (!features.contains(StlinkFeature.TARGET_VOLTAGE)) {
            violation("GET_TARGET_VOLTAGE needs V2J13");
            return r;
        }
        Bytes.putLe32(r, 0, VOLTAGE_REFERENCE_READING);
        Bytes.putLe32(r, 4, (int) Math.round(backend.targetVoltageMillivolts() * (double) VOLTAGE_REFERENCE_READING / 2400));
        return r;
    }

    // ------------------------------------------------------------------ DEBUG_COMMAND

    private Reply debug(byte[] cdb, byte[] out) {
        int sub = cdb[1] & 0xFF;
        switch (sub) {
            case StlinkCommands.DEBUG_EXIT:
                mode = StlinkCommands.MODE_MASS;
                swdEntered = false;
                dap.exit();
                return Reply.none();
            case StlinkCommands.DEBUG_APIV2_ENTER:
                return status(enter(cdb[2] & 0xFF), 1);
            case StlinkCommands.DEBUG_APIV2_GETLASTRWSTATUS:
                return status(lastRwStatus, 0);
            case StlinkCommands.DEBUG_APIV2_GETLASTRWSTATUS2: {
                if (!gate(StlinkFeature.GETLASTRWSTATUS2, cdb)) {
                    return status(StlinkStatus.JTAG_UNKNOWN_CMD.code(), 0);
                }
                byte[] r = new byte[StlinkCommands.GETLASTRWSTATUS2_REPLY];
                Bytes.putLe16(r, 0, lastRwStatus);
                Bytes.putLe32(r, 4, (int) lastFaultAddress);
                return new Reply(r, 0);
            }
            case StlinkCommands.DEBUG_APIV2_DRIVE_NRST:
                return drivenNrst(cdb[2] & 0xFF);
            case StlinkCommands.DEBUG_APIV2_SWD_SET_FREQ:
                return swdSetFreq(cdb);
            case StlinkCommands.DEBUG_APIV3_GET_COM_FREQ:
                return getComFreq(cdb);
            case StlinkCommands.DEBUG_APIV3_SET_COM_FREQ:
                return setComFreq(cdb);
            case StlinkCommands.DEBUG_APIV2_INIT_AP:
                return dap.openAp(cdb);
            case StlinkCommands.DEBUG_APIV2_CLOSE_AP_DBG:
                return dap.closeAp(cdb);
            case StlinkCommands.DEBUG_APIV2_READ_DAP_REG:
                return dap.readRegister(cdb);
            case StlinkCommands.DEBUG_APIV2_WRITE_DAP_REG:
                return dap.writeRegister(cdb);
            case StlinkCommands.DEBUG_APIV2_RW_MISC_OUT:
                return dap.miscOut(cdb, out);
            case StlinkCommands.DEBUG_APIV2_RW_MISC_IN:
                return dap.miscIn(cdb);
            case StlinkCommands.DEBUG_APIV2_READ_IDCODES:
                return readIdcodes(cdb);
            case StlinkCommands.DEBUG_READMEM_8BIT:
            case StlinkCommands.DEBUG_APIV2_READMEM_16BIT:
            case StlinkCommands.DEBUG_READMEM_32BIT:
            case StlinkCommands.DEBUG_READMEM_32BIT_NO_ADDR_INC:
                return readMemory(cdb, sub);
            case StlinkCommands.DEBUG_WRITEMEM_8BIT:
            case StlinkCommands.DEBUG_APIV2_WRITEMEM_16BIT:
            case StlinkCommands.DEBUG_WRITEMEM_32BIT:
            case StlinkCommands.DEBUG_WRITEMEM_32BIT_NO_ADDR_INC:
                return writeMemory(cdb, sub, out);
            case StlinkCommands.DEBUG_APIV2_READDEBUGREG:
            case StlinkCommands.DEBUG_APIV2_WRITEDEBUGREG:
            case StlinkCommands.DEBUG_APIV2_READREG:
            case StlinkCommands.DEBUG_APIV2_WRITEREG:
            case StlinkCommands.DEBUG_APIV2_RESETSYS:
                return targetOperation(cdb, sub);
            default:
                violation("debug sub-command not emulated: " + Bytes.hex(cdb));
                return status(StlinkStatus.JTAG_UNKNOWN_CMD.code(), 0);
        }
    }

    private int enter(int arg) {
        if (arg != StlinkCommands.ENTER_SWD_NO_RESET) {
            violation(String.format("APIV2_ENTER 0x%02X: only SWD (0xA3) is emulated", arg));
            return StlinkStatus.CMD_ERROR.code();
        }
        if (mode == StlinkCommands.MODE_DFU) {
            violation("APIV2_ENTER while the probe is in DFU mode (send DFU_EXIT first)");
            return StlinkStatus.CMD_ERROR.code();
        }
        try {
            backend.readSwdDpIdcode();
            dap.enter();
        } catch (TargetException e) {
            return silentDpStatus(e);
        }
        mode = StlinkCommands.MODE_DEBUG;
        swdEntered = true;
        return StlinkStatus.OK.code();
    }

    /**
     * Emulator choice (the reference does not say which status a silent DP produces): a locked DP reads as
     * GET_IDCODE_ERROR, an unpowered or cut target as NO_DEVICE_CONNECTED. Both are "no answer" to the host.
     */
    static int silentDpStatus(TargetException e) {
        return e instanceof DebugPortLockedException ? StlinkStatus.GET_IDCODE_ERROR.code()
                : StlinkStatus.NO_DEVICE_CONNECTED.code();
    }

    private Reply readIdcodes(byte[] cdb) {
        byte[] r = new byte[StlinkCommands.READ_IDCODES_REPLY];
        if (!requireSwd(cdb)) {
            r[0] = (byte) StlinkStatus.CMD_ERROR.code();
            return new Reply(r, 0);
        }
        Integer inj = takeInjected();
        if (inj != null) {
            r[0] = inj.byteValue();
            return new Reply(r, 1);
        }
        try {
            long id = backend.readSwdDpIdcode();
            r[0] = (byte) StlinkStatus.OK.code();
            Bytes.putLe32(r, 4, (int) id);
        } catch (TargetException e) {
            r[0] = (byte) silentDpStatus(e);
        }
        return new Reply(r, 1);
    }

    private Reply drivenNrst(int arg) {
        switch (arg) {
            case StlinkCommands.NRST_LOW -> backend.setNrst(true);
            case StlinkCommands.NRST_HIGH -> backend.setNrst(false);
            case StlinkCommands.NRST_PULSE -> {
                backend.setNrst(true);
                backend.setNrst(false);
            }
            default -> {
                violation("DRIVE_NRST argument " + arg);
                return status(StlinkStatus.CMD_ERROR.code(), 0);
            }
        }
        return status(StlinkStatus.OK.code(), 0);
    }

    private Reply swdSetFreq(byte[] cdb) {
        if (!gate(StlinkFeature.SWD_SET_FREQ, cdb)) {
            return status(StlinkStatus.JTAG_UNKNOWN_CMD.code(), 0);
        }
        int divisor = Bytes.le16(cdb, 2);
        for (SwdClock.Divisor d : SwdClock.V2_SWD_DIVISORS) {
            if (d.divisor() == divisor) {
                swdKiloHertz = d.kiloHertz();
                return status(StlinkStatus.OK.code(), 0);
            }
        }
        violation("SWD divisor not in the table: " + divisor);
        return status(StlinkStatus.JTAG_FREQ_NOT_SUPPORTED.code(), 0);
    }

    private Reply getComFreq(byte[] cdb) {
        byte[] r = new byte[StlinkCommands.GET_COM_FREQ_REPLY];
        if (!gate(StlinkFeature.COM_FREQ, cdb)) {
            r[0] = (byte) StlinkStatus.JTAG_UNKNOWN_CMD.code();
            return new Reply(r, 0);
        }
        if ((cdb[2] & 0xFF) != StlinkCommands.COM_FREQ_SWD) {
            violation("GET_COM_FREQ for JTAG is not emulated");
        }
        List<Integer> f = config.v3SwdFrequencies();
        r[0] = (byte) StlinkStatus.OK.code();
        r[8] = (byte) f.size();
        for (int i = 0; i < f.size(); i++) {
            Bytes.putLe32(r, 12 + 4 * i, f.get(i));
        }
        return new Reply(r, 0);
    }

    private Reply setComFreq(byte[] cdb) {
        byte[] r = new byte[StlinkCommands.STATUS_AND_WORD_REPLY];
        if (!gate(StlinkFeature.COM_FREQ, cdb)) {
            r[0] = (byte) StlinkStatus.JTAG_UNKNOWN_CMD.code();
            return new Reply(r, 0);
        }
        int khz = Bytes.le32(cdb, 4);
        // the firmware picks the nearest supported frequency not above the request and reports it (OpenOCD
        // stlink_speed_v3)
        swdKiloHertz = SwdClock.pick(config.v3SwdFrequencies(), khz);
        r[0] = (byte) StlinkStatus.OK.code();
        Bytes.putLe32(r, 4, swdKiloHertz);
        return new Reply(r, 0);
    }

    // ------------------------------------------------------------------ memory

    private static AccessWidth widthOf(int sub) {
        return switch (sub) {
            case StlinkCommands.DEBUG_READMEM_8BIT, StlinkCommands.DEBUG_WRITEMEM_8BIT -> AccessWidth.BYTE;
            case StlinkCommands.DEBUG_APIV2_READMEM_16BIT, StlinkCommands.DEBUG_APIV2_WRITEMEM_16BIT -> AccessWidth.HALFWORD;
            default -> AccessWidth.WORD;
        };
    }

    /** The held-address commands: 32-bit, TAR not incremented (CSW.AddrInc off). */
    private static boolean holdsAddress(int sub) {
        return sub == StlinkCommands.DEBUG_READMEM_32BIT_NO_ADDR_INC
                || sub == StlinkCommands.DEBUG_WRITEMEM_32BIT_NO_ADDR_INC;
    }

    /** The AP a memory command names: CDB byte 8 from V2J32/V3J2, AP 0 before. */
    private int apOf(byte[] cdb) {
        return features.contains(StlinkFeature.AP_AND_CSW_IN_MEMORY_COMMANDS)
                ? cdb[StlinkCommands.MEMORY_CDB_AP] & 0xFF : 0;
    }

    /** CSW bits 31:8 a memory command names (CDB bytes 9-11 from V2J32/V3J2), in place; 0 before. */
    private int cswOf(byte[] cdb) {
        return features.contains(StlinkFeature.AP_AND_CSW_IN_MEMORY_COMMANDS)
                ? (cdb[StlinkCommands.MEMORY_CDB_CSW] & 0xFF) << 8
                        | (cdb[StlinkCommands.MEMORY_CDB_CSW + 1] & 0xFF) << 16
                        | (cdb[StlinkCommands.MEMORY_CDB_CSW + 2] & 0xFF) << 24
                : 0;
    }

    /** Checks a memory command against the limits of OpenOCD stlink_usb.c; returns a status to report, or OK. */
    private int checkMemoryCommand(byte[] cdb, AccessWidth width, long address, int length) {
        if (!requireSwd(cdb)) {
            return StlinkStatus.CMD_ERROR.code();
        }
        int sub = cdb[1] & 0xFF;
        if (width == AccessWidth.HALFWORD && !gate(StlinkFeature.MEMORY_16BIT, cdb)) {
            return StlinkStatus.JTAG_UNKNOWN_CMD.code();
        }
        if (sub == StlinkCommands.DEBUG_WRITEMEM_32BIT_NO_ADDR_INC && !gate(StlinkFeature.MEMORY_16BIT, cdb)
                || sub == StlinkCommands.DEBUG_READMEM_32BIT_NO_ADDR_INC
                        && !gate(StlinkFeature.AP_AND_CSW_IN_MEMORY_COMMANDS, cdb)) {
            return StlinkStatus.JTAG_UNKNOWN_CMD.code();
        }
        if (!dap.isOpen(apOf(cdb))) {
            violation("memory access on AP " + apOf(cdb) + " before INIT_AP on firmware that requires it (V2J28+/V3): "
                    + Bytes.hex(cdb));
            return StlinkStatus.BAD_AP.code();
        }
        if (!features.contains(StlinkFeature.AP_AND_CSW_IN_MEMORY_COMMANDS)
                && ((cdb[8] | cdb[9] | cdb[10] | cdb[11]) != 0)) {
            violation("AP/CSW bytes set on firmware older than V2J32/V3J2: " + Bytes.hex(cdb));
        }
        int max = width == AccessWidth.BYTE
                ? (features.contains(StlinkFeature.RW8_512_BYTES) ? StlinkCommands.MAX_RW8_V3
                        : StlinkCommands.MAX_RW8_FULL_SPEED)
                : StlinkCommands.MAX_RW16_32;
        if (length == 0 || length > max) {
            violation(String.format("%d-bit transfer of %d bytes (limit %d): %s", width.bytes() * 8, length, max,
                    Bytes.hex(cdb)));
            return StlinkStatus.CMD_ERROR.code();
        }
        if (!width.isAligned(address) || length % width.bytes() != 0) {
            violation(String.format("%d-bit transfer not aligned: 0x%08X + %d", width.bytes() * 8, address, length));
            return StlinkStatus.ALIGNMENT_ERROR.code();
        }
        // From V2J32/V3J2 the firmware reloads TAR itself where auto-increment ends (MemApTransfer does too): OpenOCD
        // 0.12's DAP-direct driver merges a Cortex-M7's DRW accesses across 1 KiB blocks into one 6 KiB command
        // (stlink_usb_count_buf_rw_queue), which works on real probes only so. Older firmware needs the host to split.
        if (width != AccessWidth.BYTE && !holdsAddress(sub)
                && !features.contains(StlinkFeature.AP_AND_CSW_IN_MEMORY_COMMANDS)) {
            long window = config.tarWindow();
            if ((address / window) != ((address + length - 1) / window)) {
                violation(String.format("%d-bit transfer 0x%08X + %d crosses a %d-byte TAR auto-increment window",
                        width.bytes() * 8, address, length, window));
            }
        }
        return StlinkStatus.OK.code();
    }

    private Reply readMemory(byte[] cdb, int sub) {
        AccessWidth width = widthOf(sub);
        long address = Bytes.le32(cdb, 2) & 0xFFFF_FFFFL;
        int length = Bytes.le16(cdb, 6);
        // OpenOCD reads 2 bytes for a 1-byte 8-bit read (stlink_usb_read_mem8); the emulated firmware sends them
        byte[] data = new byte[width == AccessWidth.BYTE && length == 1 ? 2 : length];
        int check = checkMemoryCommand(cdb, width, address, length);
        if (check != StlinkStatus.OK.code()) {
            setRw(check, address);
            return new Reply(data, 0);
        }
        Integer inj = takeInjected();
        if (inj != null) {
            setRw(inj, address);
            return new Reply(data, 1);
        }
        boolean increment = !holdsAddress(sub);
        MemApTransfer transfer = dap.transfer(apOf(cdb), cswOf(cdb), width, increment);
        for (int i = 0; i < length; i += width.bytes()) {
            long at = increment ? address + i : address;
            try {
                long v = transfer.read(at); // wire time charged before the access: a BSY stall overlaps it
                for (int b = 0; b < width.bytes(); b++) {
                    data[i + b] = (byte) (v >>> (8 * b));
                }
            } catch (TargetException e) {
                transfer.clearStickyError();
                setRw(faultStatus(e), faultAddress(e, at));
                return new Reply(data, 0);
            }
        }
        setRw(StlinkStatus.OK.code(), 0);
        return new Reply(data, 0);
    }

    private Reply writeMemory(byte[] cdb, int sub, byte[] out) {
        AccessWidth width = widthOf(sub);
        long address = Bytes.le32(cdb, 2) & 0xFFFF_FFFFL;
        int length = Bytes.le16(cdb, 6);
        if (out.length != length) {
            violation(String.format("write announces %d bytes but the data phase has %d", length, out.length));
        }
        int check = checkMemoryCommand(cdb, width, address, length);
        if (check != StlinkStatus.OK.code()) {
            setRw(check, address);
            return Reply.none();
        }
        Integer inj = takeInjected();
        if (inj != null) {
            setRw(inj, address);
            return new Reply(new byte[0], 1);
        }
        boolean increment = !holdsAddress(sub);
        MemApTransfer transfer = dap.transfer(apOf(cdb), cswOf(cdb), width, increment);
        for (int i = 0; i + width.bytes() <= Math.min(length, out.length); i += width.bytes()) {
            long v = 0;
            for (int b = 0; b < width.bytes(); b++) {
                v |= (long) (out[i + b] & 0xFF) << (8 * b);
            }
            long at = increment ? address + i : address;
            try {
                transfer.write(at, v);
            } catch (TargetException e) {
                transfer.clearStickyError();
                setRw(faultStatus(e), faultAddress(e, at));
                return new Reply(new byte[0], 0);
            }
        }
        setRw(StlinkStatus.OK.code(), 0);
        return new Reply(new byte[0], 0);
    }

    private void setRw(int status, long faultAddress) {
        lastRwStatus = status;
        lastFaultAddress = faultAddress;
    }

    /** Bus faults (including RDP level-1 refusals, which the silicon reports as bus errors) → SWD_AP_FAULT. */
    static int faultStatus(TargetException e) {
        if (e instanceof BusFaultException) {
            return StlinkStatus.SWD_AP_FAULT.code();
        }
        return silentDpStatus(e);
    }

    private static long faultAddress(TargetException e, long fallback) {
        return e instanceof BusFaultException b ? b.address() : fallback;
    }

    // ------------------------------------------------------------------ registers and reset

    private Reply targetOperation(byte[] cdb, int sub) {
        int replyLength = switch (sub) {
            case StlinkCommands.DEBUG_APIV2_READDEBUGREG, StlinkCommands.DEBUG_APIV2_READREG ->
                StlinkCommands.STATUS_AND_WORD_REPLY;
            default -> StlinkCommands.STATUS_REPLY;
        };
        byte[] r = new byte[replyLength];
        if (!requireSwd(cdb)) {
            r[0] = (byte) StlinkStatus.CMD_ERROR.code();
            return new Reply(r, 0);
        }
        Integer inj = takeInjected();
        if (inj != null) {
            r[0] = inj.byteValue();
            return new Reply(r, 1);
        }
        int[] accesses = { 0 };
        try {
            switch (sub) {
                case StlinkCommands.DEBUG_APIV2_READDEBUGREG -> {
                    accesses[0]++;
                    Bytes.putLe32(r, 4, (int) backend.read(Bytes.le32(cdb, 2) & 0xFFFF_FFFFL, AccessWidth.WORD));
                }
                case StlinkCommands.DEBUG_APIV2_WRITEDEBUGREG -> {
                    accesses[0]++;
                    backend.write(Bytes.le32(cdb, 2) & 0xFFFF_FFFFL, AccessWidth.WORD, Bytes.le32(cdb, 6) & 0xFFFF_FFFFL);
                }
                case StlinkCommands.DEBUG_APIV2_READREG -> Bytes.putLe32(r, 4, readCoreRegister(cdb[2] & 0xFF, accesses));
                case StlinkCommands.DEBUG_APIV2_WRITEREG -> writeCoreRegister(cdb[2] & 0xFF, Bytes.le32(cdb, 3), accesses);
                default -> {
                    // RESETSYS: the firmware requests a system reset through AIRCR (ARMv7-M ARM B3.2.6)
                    accesses[0]++;
                    backend.write(CortexM.AIRCR.address(), AccessWidth.WORD,
                            CortexM.aircrSysResetRequest() & 0xFFFF_FFFFL);
                }
            }
            r[0] = (byte) StlinkStatus.OK.code();
        } catch (TargetException e) {
            r[0] = (byte) (e instanceof RegisterNotReady ? StlinkStatus.SWD_AP_WAIT.code()
                    : e instanceof BusFaultException ? StlinkStatus.SWD_AP_FAULT.code() : silentDpStatus(e));
        }
        return new Reply(r, accesses[0]);
    }

    /**
     * Polls of DHCSR.S_REGRDY the emulated firmware makes before giving up with SWD_AP_WAIT; emulator parameter (the
     * firmware's real budget is not in the reference).
     */
    static final int REGRDY_POLLS = 16;

    /** DCRSR ← regsel; poll DHCSR.S_REGRDY; read DCRDR (ARMv7-M ARM C1.6.3). */
    private int readCoreRegister(int regsel, int[] accesses) throws TargetException {
        accesses[0]++;
        backend.write(CortexM.DCRSR.address(), AccessWidth.WORD, CortexM.DCRSR_REGSEL.encode(regsel & 0x7F));
        awaitRegisterReady(accesses);
        accesses[0]++;
        return (int) backend.read(CortexM.DCRDR.address(), AccessWidth.WORD);
    }

    /** DCRDR ← value; DCRSR ← REGWnR | regsel; poll DHCSR.S_REGRDY (ARMv7-M ARM C1.6.3). */
    private void writeCoreRegister(int regsel, int value, int[] accesses) throws TargetException {
        accesses[0] += 2;
        backend.write(CortexM.DCRDR.address(), AccessWidth.WORD, value & 0xFFFF_FFFFL);
        backend.write(CortexM.DCRSR.address(), AccessWidth.WORD, (CortexM.DCRSR_REGWnR.mask() | (CortexM.DCRSR_REGSEL.encode(regsel & 0x7F))) & 0xFFFF_FFFFL);
        awaitRegisterReady(accesses);
    }

    private void awaitRegisterReady(int[] accesses) throws TargetException {
        for (int i = 0; i < REGRDY_POLLS; i++) {
            accesses[0]++;
            if ((backend.read(CortexM.DHCSR.address(), AccessWidth.WORD) & CortexM.DHCSR_S_REGRDY.mask()) != 0) {
                return;
            }
        }
        throw new RegisterNotReady();
    }

    /** DHCSR.S_REGRDY never came (core not halted?): reported as SWD_AP_WAIT, so the host retries, then times out. */
    private static final class RegisterNotReady extends TargetException {
        private static final long serialVersionUID = 1L;

        RegisterNotReady() {
            super("S_REGRDY not set");
        }
    }

    // ------------------------------------------------------------------ helpers

    static Reply status(int code, int accesses) {
        return new Reply(new byte[] { (byte) code, 0 }, accesses);
    }

    boolean gate(StlinkFeature feature, byte[] cdb) {
        if (!features.contains(feature)) {
            violation(String.format("%s sent to firmware %s, which does not have %s", Bytes.hex(cdb),
                    config.firmware(), feature));
            return false;
        }
        return true;
    }

    boolean requireSwd(byte[] cdb) {
        if (!swdEntered) {
            violation("target command before APIV2_ENTER SWD: " + Bytes.hex(cdb));
            return false;
        }
        return true;
    }

    Integer takeInjected() {
        if (injected != null && injectedCount > 0) {
            injectedCount--;
            return injected.code();
        }
        return null;
    }

    void violation(String text) {
        violations.add(text);
    }
}
