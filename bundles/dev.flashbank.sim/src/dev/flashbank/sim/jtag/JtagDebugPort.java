package dev.flashbank.sim.jtag;

import dev.flashbank.core.device.cortexm.Adiv5;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.DebugTopology;
import dev.flashbank.sim.bus.WireProtocol;

/**
 * The JTAG-DP of the Cortex-M7 SWJ-DP (ADIv5.2 chapter B3/B2): CTRL/STAT with the power-up handshake and the sticky
 * error flags, SELECT (APSEL, APBANKSEL), RDBUFF, and the MEM-APs the board's {@link DebugTopology} lists behind it. JTAG-DP reads are posted: the
 * data of a DPACC/APACC read is returned by the NEXT scan's capture ({@link #capture()}); reading RDBUFF has no side
 * effects and returns that same pending result once more.
 * <p>
 * The DP never answers WAIT (every bus access completes before the scan that started it ends: the board stalls
 * internally while flash is busy), so there is no overrun to detect and STICKYORUN never sets. A bus error sets
 * STICKYERR; like the hardware, the error is reported in CTRL/STAT (which debuggers read after each batch), not in
 * the ACK of the scan.
 */
final class JtagDebugPort {

    // ADIv5.2 B2.2 DP register addresses (A[3:2])
    static final int DP_DPIDR = Adiv5.DP_DPIDR, DP_CTRL_STAT = Adiv5.DP_CTRL_STAT, DP_SELECT = Adiv5.DP_SELECT,
            DP_RDBUFF = Adiv5.DP_RDBUFF;

    // CTRL/STAT bits (ADIv5.2 B2.2.2)
    static final int ORUNDETECT = Adiv5.CTRL_STAT_ORUNDETECT, STICKYORUN = Adiv5.CTRL_STAT_STICKYORUN,
            STICKYCMP = Adiv5.CTRL_STAT_STICKYCMP, STICKYERR = Adiv5.CTRL_STAT_STICKYERR,
            READOK = Adiv5.CTRL_STAT_READOK;
    static final int CDBGRSTREQ = Adiv5.CTRL_STAT_CDBGRSTREQ, CDBGRSTACK = Adiv5.CTRL_STAT_CDBGRSTACK,
            CDBGPWRUPREQ = Adiv5.CTRL_STAT_CDBGPWRUPREQ, CDBGPWRUPACK = Adiv5.CTRL_STAT_CDBGPWRUPACK,
            CSYSPWRUPREQ = Adiv5.CTRL_STAT_CSYSPWRUPREQ, CSYSPWRUPACK = Adiv5.CTRL_STAT_CSYSPWRUPACK;
    /** JTAG-DP: the sticky flags are cleared by writing 1 to them in CTRL/STAT (ADIv5.2 B2.2.2, "JTAG-DP only"). */
    static final int STICKY_W1C = STICKYORUN | STICKYCMP | STICKYERR;
    /** Read/write control bits of CTRL/STAT: ORUNDETECT, TRNMODE, MASKLANE, TRNCNT and the request bits. */
    static final int CTRL_RW = ORUNDETECT | 0xC | 0xF00 | 0xFFF000 | CDBGRSTREQ | CDBGPWRUPREQ | CSYSPWRUPREQ;

    /** JTAG-DP ACK codes in the three low bits of a DPACC/APACC capture (ADIv5.2 B3.3.2). */
    static final int ACK_OK_FAULT = 0b010, ACK_WAIT = 0b001;

    private final DebugBus bus;
    /** The MEM-APs by APSEL; null where the topology has none. */
    private final MemAp[] accessPorts = new MemAp[256];
    private int ctrl;
    private int stickyFlags;
    private long select;
    /** Result of the last read; captured by the next DPACC/APACC scan. */
    private long pending;

    JtagDebugPort(DebugBus bus, DebugTopology topology) {
        this.bus = bus;
        for (DebugTopology.AccessPort p : topology.accessPorts()) {
            accessPorts[p.apsel()] = new MemAp(p);
        }
    }

    /** Power-on state of the debug domain. */
    void powerOnReset() {
        ctrl = 0;
        stickyFlags = 0;
        select = 0;
        pending = 0;
        resetAccessPorts();
    }

    private void resetAccessPorts() {
        for (MemAp ap : accessPorts) {
            if (ap != null) {
                ap.reset();
            }
        }
    }

    /** The 35-bit DPACC/APACC capture: the posted read data above the ACK. */
    long capture() {
        return (pending << 3) | ACK_OK_FAULT;
    }

    /** Update-DR of a DPACC scan. */
    void dpAccess(int address, boolean read, long data) {
        if (read) {
            switch (address) {
                case DP_DPIDR -> pending = dpidr();
                case DP_CTRL_STAT -> pending = ctrlStat();
                case DP_SELECT -> pending = select;
                default -> {
                    // RDBUFF: no side effects, the pending result stays what it was
                }
            }
            return;
        }
        switch (address) {
            case DP_CTRL_STAT -> {
                stickyFlags &= ~((int) data & STICKY_W1C);
                boolean wasPowered = (ctrl & CDBGPWRUPREQ) != 0;
                ctrl = (int) data & CTRL_RW;
                if (wasPowered && (ctrl & CDBGPWRUPREQ) == 0) {
                    resetAccessPorts(); // powering the debug domain down resets the APs
                }
            }
            case DP_SELECT -> select = data & 0xFFFF_FFFFL;
            default -> {
                // DPIDR and RDBUFF ignore writes
            }
        }
    }

    /**
     * Update-DR of an APACC scan: register = SELECT.APBANKSEL with A[3:2]. Returns the transaction's outcome (the JTAG
     * front end ignores it: its debugger learns of errors from CTRL/STAT; the SW-DP front end reports it).
     */
    BusResult apAccess(int address, boolean read, long data) {
        int apsel = (int) (select >>> 24) & 0xFF;
        int reg = (int) (select & 0xF0) | address;
        MemAp ap = accessPorts[apsel];
        if (ap == null) {
            pending = 0; // no AP there: IDR reads 0, which ends a debugger's AP scan
            return BusResult.ok();
        }
        if ((ctrl & CDBGPWRUPREQ) == 0 || (stickyFlags & STICKYERR) != 0) {
            // without debug power the AP does not answer; with STICKYERR set further AP transactions are
            // discarded until the flag is cleared (ADIv5.2 B2.2.2 / B3.3.3, pushed-transaction and error rules)
            stickyFlags |= STICKYERR;
            pending = 0;
            return new BusResult.Fault(0, (ctrl & CDBGPWRUPREQ) == 0
                    ? "AP access without debug power (CDBGPWRUPREQ = 0)"
                    : "AP access discarded while CTRL/STAT.STICKYERR is set");
        }
        BusResult r = read ? ap.read(reg) : ap.write(reg, data);
        if (r instanceof BusResult.Ok ok) {
            if (read) {
                pending = ok.value();
            }
        } else {
            stickyFlags |= STICKYERR;
            if (read) {
                pending = 0;
            }
        }
        return r;
    }

    /** The result of the last read, which RDBUFF (and the SW-DP's RESEND) return without side effects. */
    long postedResult() {
        return pending;
    }

    /** Clears the sticky flags in {@code mask}: the SW-DP does it through ABORT (ADIv5.2 B2.2.1), not CTRL/STAT. */
    void clearStickyFlags(int mask) {
        stickyFlags &= ~mask;
    }

    /** ABORT scan: DAPABORT (bit 0) cancels an outstanding transaction; none is ever outstanding here. */
    void abort(long data) {
        // nothing is in flight: every transaction completed within its own scan
    }

    private long ctrlStat() {
        int v = ctrl | stickyFlags;
        // the power domains acknowledge at once: the model's debug and system domains are always on while powered
        if (bus.targetVoltageMillivolts() > 0) {
            v |= (ctrl & CDBGPWRUPREQ) != 0 ? CDBGPWRUPACK : 0;
            v |= (ctrl & CSYSPWRUPREQ) != 0 ? CSYSPWRUPACK : 0;
            v |= (ctrl & CDBGRSTREQ) != 0 ? CDBGRSTACK : 0;
        }
        return v & 0xFFFF_FFFFL;
    }

    /**
     * DPACC address 0 reads DPIDR on a DPv1/DPv2 JTAG-DP (ADIv5.2 B2.2.5); the SWJ-DP has one DPIDR whichever wire
     * protocol reads it, which the board reports as the SWD DP IDCODE.
     */
    private long dpidr() {
        BusResult r = bus.readDpIdcode(WireProtocol.SWD);
        return r instanceof BusResult.Ok ok ? ok.value() : 0;
    }
}
