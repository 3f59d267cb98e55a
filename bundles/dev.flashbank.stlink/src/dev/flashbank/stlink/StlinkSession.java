package dev.flashbank.stlink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.DebugPortLockedException;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.core.target.TargetTimeoutException;

/**
 * One open ST-Link: version and feature gates, mode handling, clock, SWD entry, memory/debug/core-register access and
 * resets, with status codes mapped to the core's typed exceptions (OpenOCD src/jtag/drivers/stlink_usb.c). Only the V2+
 * command set over SWD is used. Thread-safe (one command at a time, as the probe requires).
 * <p>
 * After a {@link ProbeDisconnectedException} the session is dead: the transport is closed and every later call fails
 * fast with the same exception type.
 */
public final class StlinkSession implements AutoCloseable {

    /** How to attach to the target. */
    public enum ConnectMode {
        /** Enter SWD with the target running. */
        NORMAL,
        /**
         * Hold NRST low while entering SWD (OpenOCD: assert before APIV2_ENTER and again after it,
         * stlink_usb_init_mode).
         */
        UNDER_RESET
    }

    /** NRST line actions of APIV2_DRIVE_NRST (OpenOCD stlink_usb.c). */
    public enum Nrst {
        LOW(StlinkCommands.NRST_LOW), HIGH(StlinkCommands.NRST_HIGH), PULSE(StlinkCommands.NRST_PULSE);

        private final int argument;

        Nrst(int argument) {
            this.argument = argument;
        }

        public int argument() {
            return argument;
        }
    }

    private final StlinkTransport transport;
    private final StlinkSessionOptions options;
    private final StlinkVersion version;
    private final Set<StlinkFeature> features;
    private final TransferPlan.Limits limits;
    private final List<ProbeWarning> warnings = Collections.synchronizedList(new ArrayList<>());
    private boolean connected;
    private boolean enteredDebugMode;
    private boolean dead;
    private boolean closed;
    private int swdKiloHertz = SwdClock.V2_DEFAULT_KHZ;
    private long waitRetriesUsed;
    private long deferredReplays;

    private StlinkSession(StlinkTransport transport, StlinkSessionOptions options, StlinkVersion version) {
        this.transport = transport;
        this.options = options;
        this.version = version;
        this.features = Collections.unmodifiableSet(EnumSet.copyOf(withNone(StlinkFeature.supportedBy(version))));
        this.limits = TransferPlan.Limits.forFeatures(features, options.tarWindow());
        warnings.addAll(FirmwareAdvisories.check(version));
    }

    private static Set<StlinkFeature> withNone(Set<StlinkFeature> s) {
        return s.isEmpty() ? EnumSet.noneOf(StlinkFeature.class) : s;
    }

    /**
     * Reads the firmware version (GET_VERSION, then GET_VERSION_EX on V3, OpenOCD stlink_usb_version), refuses probes
     * we cannot drive (hardware V1, SWIM-only firmware with J = 0) and collects firmware warnings. Does not touch the
     * target.
     */
    public static StlinkSession open(StlinkTransport transport, StlinkSessionOptions options) throws TargetException {
        try {
            byte[] v = transport.exchange(Cdb.of(StlinkCommands.GET_VERSION).bytes(), null,
                    StlinkCommands.GET_VERSION_REPLY, options.commandTimeoutMillis());
            StlinkVersion version = StlinkVersion.decode(v);
            if (version.needsExtendedVersion()) {
                byte[] ex = transport.exchange(Cdb.of(StlinkCommands.GET_VERSION_EX).bytes(), null,
                        StlinkCommands.GET_VERSION_EX_REPLY, options.commandTimeoutMillis());
                version = StlinkVersion.decodeExtended(ex);
            }
            if (version.hardware() < 2) {
                throw new UnsupportedProbeException(
                        "ST-LINK/V1 (" + version + ") uses the SCSI mass-storage protocol, which Flashbank does not support");
            }
            if (version.jtag() == 0) {
                throw new UnsupportedProbeException("probe firmware " + version
                        + " is a SWIM-only (STM8) build without SWD; " + FirmwareAdvisories.UPGRADE_HINT);
            }
            return new StlinkSession(transport, options, version);
        } catch (TargetException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    public StlinkVersion version() {
        return version;
    }

    public StlinkSessionOptions options() {
        return options;
    }

    public Set<StlinkFeature> features() {
        return features;
    }

    public boolean has(StlinkFeature feature) {
        return features.contains(feature);
    }

    public TransferPlan.Limits limits() {
        return limits;
    }

    /** Firmware advisories plus warnings raised while working (e.g. a 16-bit transfer done as 8-bit). */
    public List<ProbeWarning> warnings() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }

    /** Total WAIT retries performed so far (diagnostics). */
    public synchronized long waitRetriesUsed() {
        return waitRetriesUsed;
    }

    public synchronized boolean isConnected() {
        return connected && !dead;
    }

    public String describe() {
        return transport.describe() + " " + version;
    }

    // ------------------------------------------------------------------ mode, voltage, clock

    /** GET_CURRENT_MODE: one of {@code StlinkCommands.MODE_*} (OpenOCD stlink_usb_current_mode). */
    public synchronized int currentMode() throws TargetException {
        return exchange(Cdb.of(StlinkCommands.GET_CURRENT_MODE).bytes(), null, StlinkCommands.GET_CURRENT_MODE_REPLY)[0]
                & 0xFF;
    }

    /**
     * Leaves whatever mode the probe is in so that debug mode can be entered (OpenOCD stlink_usb_mode_leave): DFU →
     * DFU_EXIT, SWIM → SWIM_EXIT, debug → DEBUG_EXIT, mass storage → nothing. None of these has a reply.
     */
    public synchronized void leaveCurrentMode() throws TargetException {
        int mode = currentMode();
        byte[] cdb = switch (mode) {
            case StlinkCommands.MODE_DFU -> Cdb.of(StlinkCommands.DFU_COMMAND).u8(StlinkCommands.DFU_EXIT).bytes();
            case StlinkCommands.MODE_SWIM -> Cdb.of(StlinkCommands.SWIM_COMMAND).u8(StlinkCommands.SWIM_EXIT).bytes();
            case StlinkCommands.MODE_DEBUG -> Cdb.debug(StlinkCommands.DEBUG_EXIT).bytes();
            default -> null;
        };
        if (cdb != null) {
            exchange(cdb, null, 0);
        }
        connected = false;
    }

    /**
     * Target supply in millivolts from GET_TARGET_VOLTAGE: 2400 × a1 / a0 (stlink-org usb.c; OpenOCD
     * stlink_usb_check_voltage); -1 when
     * the firmware cannot measure it (before V2J13) or the reference reading is 0.
     */
    public synchronized int targetVoltageMillivolts() throws TargetException {
        if (!has(StlinkFeature.TARGET_VOLTAGE)) {
            return -1;
        }
        byte[] r = exchange(Cdb.of(StlinkCommands.GET_TARGET_VOLTAGE).bytes(), null,
                StlinkCommands.GET_TARGET_VOLTAGE_REPLY);
        long a0 = Bytes.le32(r, 0) & 0xFFFF_FFFFL;
        long a1 = Bytes.le32(r, 4) & 0xFFFF_FFFFL;
        return a0 == 0 ? -1 : (int) (2400L * a1 / a0);
    }

    /** The SWD clock now in effect, in kHz. */
    public synchronized int swdKiloHertz() {
        return swdKiloHertz;
    }

    /**
     * Sets the SWD clock to the fastest supported value not above {@code kiloHertz} and returns it. V2: divisor table
     * with APIV2_SWD_SET_FREQ (from {@link StlinkFeature#SWD_SET_FREQ}; older firmware keeps its default 1.8 MHz and
     * a warning says so). V3: GET_COM_FREQ then SET_COM_FREQ, which returns the actual value (OpenOCD stlink_speed_v3).
     */
    public synchronized int setSwdFrequency(int kiloHertz) throws TargetException {
        if (has(StlinkFeature.COM_FREQ)) {
            byte[] list = statusCommand("APIV3_GET_COM_FREQ",
                    Cdb.debug(StlinkCommands.DEBUG_APIV3_GET_COM_FREQ).u8(StlinkCommands.COM_FREQ_SWD).bytes(),
                    StlinkCommands.GET_COM_FREQ_REPLY);
            int count = Math.min(list[8] & 0xFF, StlinkCommands.COM_FREQ_MAX_ENTRIES);
            List<Integer> supported = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                supported.add(Bytes.le32(list, 12 + 4 * i));
            }
            if (supported.isEmpty()) {
                throw new StlinkCommandException("APIV3_GET_COM_FREQ (empty frequency list)", list[0] & 0xFF);
            }
            int pick = SwdClock.pick(supported, kiloHertz);
            byte[] r = statusCommand("APIV3_SET_COM_FREQ", Cdb.debug(StlinkCommands.DEBUG_APIV3_SET_COM_FREQ)
                    .u8(StlinkCommands.COM_FREQ_SWD).u8(0).u32(pick).bytes(), StlinkCommands.STATUS_AND_WORD_REPLY);
            swdKiloHertz = Bytes.le32(r, 4);
        } else if (has(StlinkFeature.SWD_SET_FREQ)) {
            SwdClock.Divisor d = SwdClock.v2DivisorFor(kiloHertz);
            statusCommand("APIV2_SWD_SET_FREQ",
                    Cdb.debug(StlinkCommands.DEBUG_APIV2_SWD_SET_FREQ).u16(d.divisor()).bytes(),
                    StlinkCommands.STATUS_REPLY);
            swdKiloHertz = d.kiloHertz();
        } else {
            swdKiloHertz = SwdClock.V2_DEFAULT_KHZ; // gated: FirmwareAdvisories already warns (FW_NO_SWD_FREQ)
        }
        return swdKiloHertz;
    }

    // ------------------------------------------------------------------ connect

    /**
     * Enters SWD debug mode (OpenOCD stlink_usb_init_mode order): leave the current mode, set the clock, optionally
     * assert NRST, APIV2_ENTER SWD, assert NRST again when connecting under reset, INIT_AP on firmware that requires
     * it (V2J28+, OpenOCD STLINK_F_HAS_AP_INIT), then READ_IDCODES. Returns the DP IDCODE. Under reset NRST stays low;
     * release it with {@link #driveNrst(Nrst)} once the core is set up to halt.
     */
    public synchronized long connect(ConnectMode mode) throws TargetException {
        leaveCurrentMode();
        setSwdFrequency(options.swdKiloHertz());
        if (mode == ConnectMode.UNDER_RESET) {
            driveNrst(Nrst.LOW);
        }
        byte[] r = transportStatusCommand("APIV2_ENTER",
                Cdb.debug(StlinkCommands.DEBUG_APIV2_ENTER).u8(StlinkCommands.ENTER_SWD_NO_RESET).bytes(),
                StlinkCommands.STATUS_REPLY, false);
        requireOk("APIV2_ENTER (SWD)", r[0] & 0xFF, false, 0);
        enteredDebugMode = true;
        if (mode == ConnectMode.UNDER_RESET) {
            driveNrst(Nrst.LOW);
        }
        if (has(StlinkFeature.INIT_AP)) {
            statusCommand("INIT_AP", Cdb.debug(StlinkCommands.DEBUG_APIV2_INIT_AP).u8(0)
                    .u8(StlinkCommands.INIT_AP_CORTEX_M).bytes(), StlinkCommands.STATUS_REPLY);
        }
        long idcode = readDpIdcodeInternal();
        connected = true;
        return idcode;
    }

    /** APIV2_READ_IDCODES: the SWD DP IDCODE (LE32 at reply offset 4, OpenOCD stlink_usb.c). */
    public synchronized long readDpIdcode() throws TargetException {
        return readDpIdcodeInternal();
    }

    private long readDpIdcodeInternal() throws TargetException {
        byte[] r = transportStatusCommand("APIV2_READ_IDCODES",
                Cdb.debug(StlinkCommands.DEBUG_APIV2_READ_IDCODES).bytes(), StlinkCommands.READ_IDCODES_REPLY, false);
        requireOk("APIV2_READ_IDCODES", r[0] & 0xFF, false, 0);
        return Bytes.le32(r, 4) & 0xFFFF_FFFFL;
    }

    // ------------------------------------------------------------------ memory

    /** Reads {@code length} bytes with accesses of {@code width}; address and length aligned to the width. */
    public synchronized void readMemory(long address, byte[] buffer, int offset, int length, AccessWidth width)
            throws TargetException {
        noteFallback(width);
        runPlan(TransferPlan.plan(address, length, width, limits), address, buffer, offset, false);
    }

    /** Convenience: reads into a new array. */
    public byte[] readMemory(long address, int length, AccessWidth width) throws TargetException {
        byte[] b = new byte[length];
        readMemory(address, b, 0, length, width);
        return b;
    }

    /** Writes {@code length} bytes with accesses of {@code width}; address and length aligned to the width. */
    public synchronized void writeMemory(long address, byte[] data, int offset, int length, AccessWidth width)
            throws TargetException {
        noteFallback(width);
        runPlan(TransferPlan.plan(address, length, width, limits), address, data, offset, true);
    }

    /** Byte-granular read of any address and length: 8-bit head and tail, 32-bit middle (OpenOCD stlink_usb.c). */
    public synchronized void readBytes(long address, byte[] buffer, int offset, int length) throws TargetException {
        runPlan(TransferPlan.planBytes(address, length, limits), address, buffer, offset, false);
    }

    /** Byte-granular write of any address and length: 8-bit head and tail, 32-bit middle (OpenOCD stlink_usb.c). */
    public synchronized void writeBytes(long address, byte[] data, int offset, int length) throws TargetException {
        runPlan(TransferPlan.planBytes(address, length, limits), address, data, offset, true);
    }

    private void noteFallback(AccessWidth width) {
        if (width == AccessWidth.HALFWORD && !limits.has16Bit()) {
            ProbeWarning w = new ProbeWarning("FALLBACK_16_TO_8", version + " has no 16-bit memory access (needs V2J"
                    + StlinkFeature.MEMORY_16BIT.minimumV2() + "); a 16-bit transfer was done as 8-bit accesses; "
                    + FirmwareAdvisories.UPGRADE_HINT + ".");
            synchronized (warnings) {
                if (!warnings.contains(w)) {
                    warnings.add(w);
                }
            }
        }
    }

    private void runPlan(List<TransferPlan.Chunk> plan, long start, byte[] buf, int offset, boolean write)
            throws TargetException {
        if (write && deferStatus(plan)) {
            // WriteStatusCheck.END_OF_WRITE: block commands back to back, one status query after the last of them
            // (and before any 8-bit command, which keeps its own query: its status would replace theirs)
            boolean pending = false;
            for (TransferPlan.Chunk c : plan) {
                int at = offset + (int) (c.address() - start);
                if (c.width() == AccessWidth.BYTE) {
                    if (pending && !deferredStatusOk(plan, start, buf, offset)) {
                        return;
                    }
                    pending = false;
                    transferChunk(c, buf, at, true);
                } else {
                    exchange(memoryCdb(c, true), Arrays.copyOfRange(buf, at, at + c.length()), 0);
                    pending = true;
                }
            }
            if (pending) {
                deferredStatusOk(plan, start, buf, offset);
            }
            return;
        }
        for (TransferPlan.Chunk c : plan) {
            int at = offset + (int) (c.address() - start);
            transferChunk(c, buf, at, write);
        }
    }

    /**
     * The one status query of {@link WriteStatusCheck#END_OF_WRITE}. Not OK (fault, WAIT, anything): the whole call
     * is replayed with a check after every command, so the error names the first command that fails and WAIT gets
     * its retries (memory writes are idempotent); a fault that does not repeat is still reported, at the address the
     * probe named. Returns false when the replay completed the call.
     */
    private boolean deferredStatusOk(List<TransferPlan.Chunk> plan, long start, byte[] buf, int offset)
            throws TargetException {
        RwStatus st = lastRwStatus();
        if (st.status() == StlinkStatus.OK.code()) {
            return true;
        }
        deferredReplays++;
        for (TransferPlan.Chunk c : plan) {
            transferChunk(c, buf, offset + (int) (c.address() - start), true);
        }
        StlinkStatus known = StlinkStatus.fromCode(st.status()).orElse(null);
        if (known == null || known.kind() != StlinkStatus.Kind.WAIT) {
            TransferPlan.Chunk last = plan.get(plan.size() - 1);
            requireOk(String.format("WRITEMEM 0x%08X+%d (status read after the block commands)", start,
                    last.address() + last.length() - start), st.status(), true,
                    st.faultAddress() >= 0 ? st.faultAddress() : start);
        }
        return false;
    }

    /** END_OF_WRITE applies to writes of more than one command on probes with GETLASTRWSTATUS2 (fault address). */
    private boolean deferStatus(List<TransferPlan.Chunk> plan) {
        return options.writeStatusCheck() == WriteStatusCheck.END_OF_WRITE && plan.size() > 1
                && has(StlinkFeature.GETLASTRWSTATUS2);
    }

    /** Write calls whose deferred status was not OK and that were replayed command by command (diagnostics). */
    public synchronized long deferredStatusReplays() {
        return deferredReplays;
    }

    private static byte[] memoryCdb(TransferPlan.Chunk c, boolean write) {
        int sub = switch (c.width()) {
            case BYTE -> write ? StlinkCommands.DEBUG_WRITEMEM_8BIT : StlinkCommands.DEBUG_READMEM_8BIT;
            case HALFWORD -> write ? StlinkCommands.DEBUG_APIV2_WRITEMEM_16BIT : StlinkCommands.DEBUG_APIV2_READMEM_16BIT;
            case WORD -> write ? StlinkCommands.DEBUG_WRITEMEM_32BIT : StlinkCommands.DEBUG_READMEM_32BIT;
        };
        return Cdb.debug(sub).u32(c.address()).u16(c.length()).bytes();
    }

    private void transferChunk(TransferPlan.Chunk c, byte[] buf, int at, boolean write) throws TargetException {
        String name = (write ? "WRITEMEM_" : "READMEM_") + (c.width().bytes() * 8) + "BIT";
        byte[] cdb = memoryCdb(c, write);
        for (int attempt = 0;; attempt++) {
            byte[] in;
            if (write) {
                exchange(cdb, Arrays.copyOfRange(buf, at, at + c.length()), 0);
                in = null;
            } else {
                // OpenOCD reads 2 bytes when an 8-bit read asks for 1 (stlink_usb_read_mem8): the probe sends at least
                // 2
                int inLength = c.width() == AccessWidth.BYTE && c.length() == 1 ? 2 : c.length();
                in = exchange(cdb, null, inLength);
            }
            RwStatus st = lastRwStatus();
            StlinkStatus known = StlinkStatus.fromCode(st.status()).orElse(null);
            if (known != null && known.kind() == StlinkStatus.Kind.WAIT && attempt < options.waitRetries()) {
                backOff(attempt);
                continue;
            }
            requireOk(name + String.format(" 0x%08X+%d", c.address(), c.length()), st.status(), true,
                    st.faultAddress() >= 0 ? st.faultAddress() : c.address());
            if (!write) {
                System.arraycopy(in, 0, buf, at, c.length());
            }
            return;
        }
    }

    private record RwStatus(int status, long faultAddress) {
    }

    /** GETLASTRWSTATUS2 (status LE16 + fault address, V2J15+/V3) or GETLASTRWSTATUS (OpenOCD stlink_usb.c). */
    private RwStatus lastRwStatus() throws TargetException {
        if (has(StlinkFeature.GETLASTRWSTATUS2)) {
            byte[] r = exchange(Cdb.debug(StlinkCommands.DEBUG_APIV2_GETLASTRWSTATUS2).bytes(), null,
                    StlinkCommands.GETLASTRWSTATUS2_REPLY);
            return new RwStatus(Bytes.le16(r, 0) & 0xFF, Bytes.le32(r, 4) & 0xFFFF_FFFFL);
        }
        byte[] r = exchange(Cdb.debug(StlinkCommands.DEBUG_APIV2_GETLASTRWSTATUS).bytes(), null,
                StlinkCommands.STATUS_REPLY);
        return new RwStatus(r[0] & 0xFF, -1);
    }

    // ------------------------------------------------------------------ debug and core registers

    /** APIV2_READDEBUGREG: one 32-bit read of a debug register (e.g. DHCSR), value at reply offset 4. */
    public synchronized int readDebugRegister(long address) throws TargetException {
        byte[] r = statusCommand("APIV2_READDEBUGREG",
                Cdb.debug(StlinkCommands.DEBUG_APIV2_READDEBUGREG).u32(address).bytes(),
                StlinkCommands.STATUS_AND_WORD_REPLY, address);
        return Bytes.le32(r, 4);
    }

    /** APIV2_WRITEDEBUGREG: one 32-bit write of a debug register. */
    public synchronized void writeDebugRegister(long address, int value) throws TargetException {
        statusCommand("APIV2_WRITEDEBUGREG",
                Cdb.debug(StlinkCommands.DEBUG_APIV2_WRITEDEBUGREG).u32(address).u32(value).bytes(),
                StlinkCommands.STATUS_REPLY, address);
    }

    /** APIV2_READREG with a DCRSR REGSEL number (core halted); value at reply offset 4 (OpenOCD stlink_usb.c). */
    public synchronized int readCoreRegister(int regsel) throws TargetException {
        byte[] r = statusCommand("APIV2_READREG", Cdb.debug(StlinkCommands.DEBUG_APIV2_READREG).u8(regsel).bytes(),
                StlinkCommands.STATUS_AND_WORD_REPLY);
        return Bytes.le32(r, 4);
    }

    /** APIV2_WRITEREG with a DCRSR REGSEL number (core halted). */
    public synchronized void writeCoreRegister(int regsel, int value) throws TargetException {
        statusCommand("APIV2_WRITEREG",
                Cdb.debug(StlinkCommands.DEBUG_APIV2_WRITEREG).u8(regsel).u32(value).bytes(),
                StlinkCommands.STATUS_REPLY);
    }

    // ------------------------------------------------------------------ reset

    /** APIV2_RESETSYS: system reset done by the probe firmware (OpenOCD stlink_usb.c). */
    public synchronized void resetSystem() throws TargetException {
        statusCommand("APIV2_RESETSYS", Cdb.debug(StlinkCommands.DEBUG_APIV2_RESETSYS).bytes(),
                StlinkCommands.STATUS_REPLY);
    }

    /** APIV2_DRIVE_NRST low, high or pulse (OpenOCD stlink_usb.c). */
    public synchronized void driveNrst(Nrst action) throws TargetException {
        statusCommand("APIV2_DRIVE_NRST", Cdb.debug(StlinkCommands.DEBUG_APIV2_DRIVE_NRST).u8(action.argument()).bytes(),
                StlinkCommands.STATUS_REPLY);
    }

    // ------------------------------------------------------------------ plumbing

    private byte[] statusCommand(String name, byte[] cdb, int replyLength) throws TargetException {
        return statusCommand(name, cdb, replyLength, -1);
    }

    /**
     * A command whose reply starts with a status byte: retries on WAIT, then maps the status (OpenOCD
     * stlink_usb_error_check).
     */
    private byte[] statusCommand(String name, byte[] cdb, int replyLength, long address) throws TargetException {
        byte[] r = transportStatusCommand(name, cdb, replyLength, true);
        requireOk(name, r[0] & 0xFF, connected, address);
        return r;
    }

    private byte[] transportStatusCommand(String name, byte[] cdb, int replyLength, boolean retryWait)
            throws TargetException {
        for (int attempt = 0;; attempt++) {
            byte[] r = exchange(cdb, null, replyLength);
            StlinkStatus s = StlinkStatus.fromCode(r[0] & 0xFF).orElse(null);
            if (retryWait && s != null && s.kind() == StlinkStatus.Kind.WAIT && attempt < options.waitRetries()) {
                backOff(attempt);
                continue;
            }
            return r;
        }
    }

    private void backOff(int attempt) throws TargetException {
        waitRetriesUsed++;
        options.clock().pause(options.firstWaitBackoff().multipliedBy(1L << Math.min(attempt, 20)).toNanos());
    }

    /**
     * Maps a status to the core's exception types: WAIT left after retries → {@link TargetTimeoutException}; FAULT →
     * {@link BusFaultException} at {@code address}; no answer from the DP → {@link DebugPortLockedException} before
     * the session is connected and {@link ProbeDisconnectedException} ("target stopped answering") after; anything
     * else → {@link StlinkCommandException}. WRITE_VERIF_ERROR is ignored like OpenOCD does.
     */
    private void requireOk(String what, int status, boolean afterConnect, long address) throws TargetException {
        StlinkStatus s = StlinkStatus.fromCode(status).orElse(null);
        if (s == null) {
            throw new StlinkCommandException(what, status);
        }
        switch (s.kind()) {
            case OK, IGNORED -> {
            }
            case WAIT -> throw new TargetTimeoutException(String.format(
                    "%s: the target kept answering %s after %d retries (bus stalled, e.g. flash busy or core in a "
                            + "low-power mode without DBGMCU debug clocks)",
                    what, s.name(), options.waitRetries()));
            case FAULT -> throw new BusFaultException(address < 0 ? 0 : address,
                    what + " answered " + StlinkStatus.describe(status));
            case NO_TARGET -> {
                if (afterConnect && connected) {
                    throw new ProbeDisconnectedException(what + ": the target stopped answering on SWD ("
                            + StlinkStatus.describe(status) + "); check target power, the SWD cable and NRST");
                }
                throw new DebugPortLockedException(what + ": the debug port does not answer ("
                        + StlinkStatus.describe(status) + "); check target power and SWD wiring (SWDIO, SWCLK, GND). "
                        + "A target with read protection level 2 also looks like this");
            }
            default -> throw new StlinkCommandException(what, status);
        }
    }

    private byte[] exchange(byte[] cdb, byte[] out, int inLength) throws TargetException {
        if (dead) {
            throw new ProbeDisconnectedException("the ST-Link was disconnected earlier in this session: " + describe());
        }
        if (closed) {
            throw new ProbeDisconnectedException("the ST-Link session is closed");
        }
        try {
            return transport.exchange(cdb, out, inLength, options.commandTimeoutMillis());
        } catch (ProbeDisconnectedException e) {
            dead = true;
            connected = false;
            transport.close();
            throw e;
        }
    }

    /**
     * Leaves debug mode (DEBUG_EXIT, best effort, only if this session entered it) and releases the transport. Idempotent; never throws, so it can be
     * used after a disconnect.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            if (!dead && enteredDebugMode) {
                exchange(Cdb.debug(StlinkCommands.DEBUG_EXIT).bytes(), null, 0);
            }
        } catch (TargetException e) {
            // the probe may already be gone; releasing the transport is what matters
        } finally {
            closed = true;
            connected = false;
            transport.close();
        }
    }

    /** Exponential back-off total for diagnostics: the longest the session waits on WAIT for one command. */
    public Duration maximumWaitBackoff() {
        return options.firstWaitBackoff().multipliedBy((1L << options.waitRetries()) - 1);
    }
}
