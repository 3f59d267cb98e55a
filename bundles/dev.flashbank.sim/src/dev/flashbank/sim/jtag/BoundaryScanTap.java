package dev.flashbank.sim.jtag;

import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;

/**
 * The STM32F7 boundary-scan TAP (nearest TDI in the chain). Only IDCODE and BYPASS are modelled: debuggers use it
 * to recognise the part ({@code stm32f7x.cfg} expects the ID {@link dev.flashbank.core.device.stm32f7.Stm32F7Line#boundaryScanIdcode()}
 * via {@link DebugBus#readBoundaryScanIdcode()}); every other instruction selects a one-bit bypass register, which
 * is what an EXTEST-free debug session needs.
 */
final class BoundaryScanTap implements Tap {

    /** IR length of the STM32F7 boundary-scan TAP ({@code stm32f7x.cfg}: {@code -irlen 5}). */
    static final int IR_LENGTH = 5;
    static final long IR_IDCODE = 0b00001;
    static final long IR_BYPASS = 0b11111;

    private final DebugBus bus;
    private long ir = IR_IDCODE;

    BoundaryScanTap(DebugBus bus) {
        this.bus = bus;
    }

    @Override
    public int irLength() {
        return IR_LENGTH;
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
