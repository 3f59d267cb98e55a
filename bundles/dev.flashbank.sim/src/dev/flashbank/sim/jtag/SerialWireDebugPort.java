package dev.flashbank.sim.jtag;

import static dev.flashbank.core.device.cortexm.Adiv5.ABORT_ORUNERRCLR;
import static dev.flashbank.core.device.cortexm.Adiv5.ABORT_STKCMPCLR;
import static dev.flashbank.core.device.cortexm.Adiv5.ABORT_STKERRCLR;
import static dev.flashbank.core.device.cortexm.Adiv5.DP_ABORT;
import static dev.flashbank.core.device.cortexm.Adiv5.DP_CTRL_STAT;
import static dev.flashbank.core.device.cortexm.Adiv5.DP_DPIDR;
import static dev.flashbank.core.device.cortexm.Adiv5.DP_SELECT;

import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.WireProtocol;

/**
 * The same SWJ-DP as {@link JtagChain} drives, seen through its SW-DP (ADIv5.2 B2.2) at register level, as a probe
 * whose firmware runs the wire protocol (an ST-Link's READ_DAP_REG / WRITE_DAP_REG) hands it to its host: CTRL/STAT
 * with the power-up handshake, SELECT, RDBUFF, ABORT, and the MEM-APs of the board's
 * {@link dev.flashbank.sim.bus.DebugTopology} with their CSW, TAR, DRW, BASE and IDR. One DP model serves both wires;
 * this class only adds what differs on SWD:
 * <ul>
 * <li>an AP read returns its own data (the probe firmware collects the posted result through RDBUFF);</li>
 * <li>the sticky flags are cleared through ABORT (STKCMPCLR, STKERRCLR, ORUNERRCLR), CTRL/STAT writes leave them
 * alone (on the JTAG-DP they are write-one-to-clear);</li>
 * <li>address 0x0 reads DPIDR and writes ABORT; 0x8 reads RESEND (the last read result again) and writes SELECT;
 * 0xC reads RDBUFF (a write there is TARGETSEL, meaningful only on a multi-drop bus, so ignored).</li>
 * </ul>
 * Register addresses and bits are {@link dev.flashbank.core.device.cortexm.Adiv5}'s. DP register addresses carry
 * the DP bank in bits 7:4 (ADIv5.2 B2.2: DPBANKSEL chooses what address 0x4 reads on a DPv1/DPv2 SW-DP): bank 0 is
 * CTRL/STAT; the other banks of 0x4 (DLCR, TARGETID, DLPIDR, EVENTSTAT) read 0, because
 * no flash tool needs them and the reference gives no TARGETID for these parts. Results are {@link BusResult}s: a
 * faulted AP transaction comes back as the bus's outcome and sets STICKYERR, as on the wire.
 */
public final class SerialWireDebugPort {

    private final DebugBus bus;
    private final JtagDebugPort dp;

    public SerialWireDebugPort(DebugBus bus) {
        this.bus = bus;
        this.dp = new JtagDebugPort(bus, bus.debugTopology());
        dp.powerOnReset();
    }

    /** Read of DP register {@code address} (bank in bits 7:4). */
    public BusResult readDp(int address) {
        int bank = (address >>> 4) & 0xF;
        return switch (address & 0xC) {
            case DP_DPIDR -> {
                BusResult id = bus.readDpIdcode(WireProtocol.SWD);
                dp.dpAccess(JtagDebugPort.DP_DPIDR, true, 0);
                yield id;
            }
            case DP_CTRL_STAT -> {
                if (bank != 0) {
                    yield BusResult.ok(); // DLCR, TARGETID, DLPIDR, EVENTSTAT: see the class comment
                }
                dp.dpAccess(JtagDebugPort.DP_CTRL_STAT, true, 0);
                yield BusResult.ok(dp.postedResult());
            }
            default -> BusResult.ok(dp.postedResult()); // RESEND and RDBUFF: no side effects
        };
    }

    /** Write of DP register {@code address} (bank in bits 7:4). */
    public BusResult writeDp(int address, long value) {
        int bank = (address >>> 4) & 0xF;
        switch (address & 0xC) {
            case DP_ABORT -> {
                int mask = 0;
                mask |= (value & ABORT_STKCMPCLR) != 0 ? JtagDebugPort.STICKYCMP : 0;
                mask |= (value & ABORT_STKERRCLR) != 0 ? JtagDebugPort.STICKYERR : 0;
                mask |= (value & ABORT_ORUNERRCLR) != 0 ? JtagDebugPort.STICKYORUN : 0;
                dp.clearStickyFlags(mask); // DAPABORT: nothing is ever in flight (see JtagDebugPort)
            }
            case DP_CTRL_STAT -> {
                if (bank == 0) {
                    // the sticky flags are read-only in a SW-DP's CTRL/STAT: mask them so the shared model keeps them
                    dp.dpAccess(JtagDebugPort.DP_CTRL_STAT, false, value & ~JtagDebugPort.STICKY_W1C);
                }
            }
            case DP_SELECT -> dp.dpAccess(JtagDebugPort.DP_SELECT, false, value);
            default -> {
                // TARGETSEL: multi-drop only
            }
        }
        return BusResult.ok();
    }

    /** Read of register {@code register} of the AP at {@code apsel}: SELECT, then the APACC read. */
    public BusResult readAp(int apsel, int register) {
        select(apsel, register);
        return dp.apAccess(register & 0xC, true, 0);
    }

    /** Write of register {@code register} of the AP at {@code apsel}: SELECT, then the APACC write. */
    public BusResult writeAp(int apsel, int register, long value) {
        select(apsel, register);
        return dp.apAccess(register & 0xC, false, value & 0xFFFF_FFFFL);
    }

    private void select(int apsel, int register) {
        dp.dpAccess(JtagDebugPort.DP_SELECT, false, ((long) (apsel & 0xFF) << 24) | (register & 0xF0));
    }
}
