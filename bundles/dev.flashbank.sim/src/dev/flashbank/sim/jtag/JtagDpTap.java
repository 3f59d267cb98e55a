package dev.flashbank.sim.jtag;

import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.WireProtocol;

/**
 * The Cortex-M7 JTAG-DP TAP (nearest TDO): IR length 4 with ABORT, DPACC, APACC, IDCODE and BYPASS (ADIv5.2 B3.2).
 * DPACC/APACC/ABORT select the 35-bit access register: bit 0 RnW, bits 2:1 A[3:2], bits 34:3 data in; the capture
 * holds the ACK in bits 2:0 and the posted read result in bits 34:3.
 */
final class JtagDpTap implements Tap {

    static final int IR_LENGTH = 4;
    static final long IR_ABORT = 0x8, IR_DPACC = 0xA, IR_APACC = 0xB, IR_IDCODE = 0xE, IR_BYPASS = 0xF;
    static final int ACCESS_DR_LENGTH = 35;

    private final DebugBus bus;
    private final JtagDebugPort dp;
    private long ir = IR_IDCODE;

    JtagDpTap(DebugBus bus, JtagDebugPort dp) {
        this.bus = bus;
        this.dp = dp;
    }

    @Override
    public int irLength() {
        return IR_LENGTH;
    }

    @Override
    public long irCapture() {
        return 0b0001; // ADIv5.2 B3.2: the JTAG-DP IR captures 0b0001
    }

    @Override
    public void reset() {
        ir = IR_IDCODE;
    }

    @Override
    public void updateIr(long instruction) {
        ir = instruction;
    }

    @Override
    public int drLength() {
        if (ir == IR_IDCODE) {
            return 32;
        }
        return ir == IR_ABORT || ir == IR_DPACC || ir == IR_APACC ? ACCESS_DR_LENGTH : 1;
    }

    @Override
    public long captureDr() {
        if (ir == IR_IDCODE) {
            BusResult r = bus.readDpIdcode(WireProtocol.JTAG);
            return r instanceof BusResult.Ok ok ? ok.value() : 0; // RDP level 2 / unpowered: nothing answers
        }
        if (ir == IR_DPACC || ir == IR_APACC || ir == IR_ABORT) {
            return dp.capture();
        }
        return 0;
    }

    @Override
    public void updateDr(long value) {
        boolean read = (value & 1) != 0;
        int address = (int) (value >>> 1 & 0x3) << 2;
        long data = value >>> 3 & 0xFFFF_FFFFL;
        if (ir == IR_DPACC) {
            dp.dpAccess(address, read, data);
        } else if (ir == IR_APACC) {
            dp.apAccess(address, read, data);
        } else if (ir == IR_ABORT) {
            dp.abort(data);
        }
    }

    /** Whether the last Update-DR was a debug-port transaction (time accounting). */
    boolean isAccessInstruction() {
        return ir == IR_DPACC || ir == IR_APACC;
    }
}
