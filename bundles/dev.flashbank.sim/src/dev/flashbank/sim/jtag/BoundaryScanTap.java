package dev.flashbank.sim.jtag;

import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;

/**
 * The boundary-scan TAP of an STM32 (nearest TDI in the chain). Only IDCODE and BYPASS are modelled: debuggers use it
 * to recognise the part (the ID is the board's {@link DebugBus#readBoundaryScanIdcode()}, e.g. what OpenOCD's target
 * configuration for the part expects); every other instruction selects a one-bit bypass register, which is what an
 * EXTEST-free debug session needs. The IR length comes from the board's debug topology (5 on STM32 parts).
 */
final class BoundaryScanTap implements Tap {

    /** IDCODE is 0b0..01 (IEEE 1149.1 7.2: the IDCODE instruction of ST's TAPs), BYPASS all ones. */
    static final long IR_IDCODE = 0b00001;

    private final DebugBus bus;
    private final int irLength;
    private long ir = IR_IDCODE;

    BoundaryScanTap(DebugBus bus, int irLength) {
        this.bus = bus;
        this.irLength = irLength;
    }

    @Override
    public int irLength() {
        return irLength;
    }

    @Override
    public long irCapture() {
        return 0b00001;
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
        return ir == IR_IDCODE ? 32 : 1;
    }

    @Override
    public long captureDr() {
        if (ir != IR_IDCODE) {
            return 0;
        }
        BusResult r = bus.readBoundaryScanIdcode();
        return r instanceof BusResult.Ok ok ? ok.value() : 0; // unpowered: the scan reads zeros
    }

    @Override
    public void updateDr(long value) {
        // IDCODE and BYPASS have no update action
    }
}
