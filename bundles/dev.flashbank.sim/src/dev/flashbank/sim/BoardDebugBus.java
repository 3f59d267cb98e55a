package dev.flashbank.sim;

import java.time.Duration;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.DebugTopology;
import dev.flashbank.sim.bus.WireProtocol;

/**
 * A {@link PoweredBoard} as debug transports see it ({@link PoweredBoard#debugBus()}): what every family's board
 * answers alike, under the board's lock. A MEM-AP access and a DP IDCODE read pass the board's {@link
 * PoweredBoard#gate() gate} first; the boundary-scan TAP answers whatever the RDP level (it is not behind the DP);
 * NRST, virtual time and the VREF the probe measures follow the board's supply. The family's board says the rest: its
 * decode ({@link PoweredBoard#decodeRead}, {@link PoweredBoard#decodeWrite}), its IDCODEs and its debug topology.
 */
final class BoardDebugBus implements DebugBus {

    private final PoweredBoard board;

    BoardDebugBus(PoweredBoard board) {
        this.board = board;
    }

    @Override
    public BusResult read(long address, AccessWidth width) {
        synchronized (board) {
            BusResult g = board.gate();
            if (g != null) {
                return g;
            }
            return board.decodeRead(address, width);
        }
    }

    @Override
    public BusResult write(long address, AccessWidth width, long value) {
        synchronized (board) {
            BusResult g = board.gate();
            if (g != null) {
                return g;
            }
            return board.decodeWrite(address, width, value);
        }
    }

    @Override
    public BusResult readDpIdcode(WireProtocol protocol) {
        synchronized (board) {
            BusResult g = board.gate();
            if (g != null) {
                return g;
            }
            return BusResult.ok(board.dpIdcode(protocol) & 0xFFFF_FFFFL);
        }
    }

    @Override
    public BusResult readBoundaryScanIdcode() {
        synchronized (board) {
            if (!board.powered) {
                return new BusResult.Disconnected("target has no power");
            }
            if (board.faults.linkDownBeforeAccess()) {
                return new BusResult.Disconnected("probe link dropped (fault injection)");
            }
            board.faults.countAccess();
            return BusResult.ok(board.boundaryScanIdcode() & 0xFFFF_FFFFL);
        }
    }

    @Override
    public DebugTopology debugTopology() {
        return board.debugTopology(this);
    }

    @Override
    public void setNrst(boolean asserted) {
        synchronized (board) {
            if (board.powered) {
                board.setNrstInternal(asserted);
            }
        }
    }

    @Override
    public boolean isNrstAsserted() {
        synchronized (board) {
            return board.nrst;
        }
    }

    @Override
    public void elapse(Duration time) {
        synchronized (board) {
            if (time.isNegative()) {
                throw new IllegalArgumentException("negative duration");
            }
            if (board.powered && board.faults.powerLossDueBeforeAccess()) {
                board.powerLoss(); // "after N accesses" = right after the N-th one, before more time passes
            } else if (board.powered) {
                board.advanceTo(board.clock.nanos() + time.toNanos());
            } else {
                board.clock.advance(time.toNanos());
            }
        }
    }

    @Override
    public long nanoTime() {
        synchronized (board) {
            return board.clock.nanos();
        }
    }

    @Override
    public int targetVoltageMillivolts() {
        synchronized (board) {
            return board.powered ? board.voltageMillivolts : 0;
        }
    }
}
