package dev.flashbank.sim.jtag;

import java.util.List;

import dev.flashbank.sim.WallClockPacing;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.DebugTopology;

/**
 * The JTAG scan chain of an STM32 seen from a JTAG adapter's pins: TDI -> boundary-scan TAP -> Cortex-M JTAG-DP TAP ->
 * TDO (the CPU TAP, the first one a debugger declares, is nearest TDO), one shared TAP controller, nTRST and NRST.
 * What differs between parts - the boundary-scan IR length and the access ports behind the DP - is data from the
 * board's {@link DebugBus#debugTopology()}; the IDCODEs are the board's answers to
 * {@link DebugBus#readDpIdcode} and {@link DebugBus#readBoundaryScanIdcode()}.
 * <p>
 * Edge rules (IEEE 1149.1): on the rising TCK edge the controller samples TMS and the state's action happens - a
 * shift in Shift-xR, the parallel load on entering Capture-xR, the update on entering Update-xR (the standard updates
 * on the falling edge in Update-xR; no observer can tell the difference). TDO is the low bit of the last TAP's shift
 * register while shifting, and changes only on rising edges, so an adapter that samples TDO with TCK low before
 * raising it reads the bit that edge shifts out.
 * <p>
 * Not thread-safe: one adapter drives the pins.
 */
public final class JtagChain {

    private final DebugBus bus;
    private final JtagTiming timing;
    private final WallClockPacing pacing;
    private final JtagDebugPort dp;
    private final JtagDpTap cpuTap;
    private final List<Tap> tdiToTdo;
    private final long[] shift;
    private final int[] length;

    private TapState state = TapState.TEST_LOGIC_RESET;
    private boolean tck;
    private boolean tms = true;
    private boolean tdi;
    private boolean trst;
    private long cyclesSinceAccess;

    public JtagChain(DebugBus bus, JtagTiming timing) {
        this.bus = bus;
        this.timing = timing;
        this.pacing = new WallClockPacing(bus, timing.realTimeScale());
        DebugTopology topology = bus.debugTopology();
        this.dp = new JtagDebugPort(bus, topology);
        this.cpuTap = new JtagDpTap(bus, dp);
        this.tdiToTdo = List.of(new BoundaryScanTap(bus, topology.boundaryScanIrLength()), cpuTap);
        this.shift = new long[tdiToTdo.size()];
        this.length = new int[tdiToTdo.size()];
        dp.powerOnReset();
        resetTaps();
    }

    public TapState state() {
        return state;
    }

    /** Total IR length of the chain: the JTAG-DP's 4 bits plus the boundary-scan TAP's (5 on STM32 parts). */
    public int irLength() {
        return tdiToTdo.stream().mapToInt(Tap::irLength).sum();
    }

    /** Drives TCK, TMS and TDI; a rising TCK edge clocks the chain. */
    public void setPins(boolean tckLevel, boolean tmsLevel, boolean tdiLevel) {
        boolean rising = tckLevel && !tck;
        tck = tckLevel;
        tms = tmsLevel;
        tdi = tdiLevel;
        if (rising && !trst) {
            clock();
        }
    }

    /** Current TDO level. */
    public boolean tdo() {
        if (state != TapState.SHIFT_DR && state != TapState.SHIFT_IR) {
            return false;
        }
        return (shift[shift.length - 1] & 1) != 0;
    }

    /** nTRST (asserted = TAP controller held in Test-Logic-Reset) and NRST (system reset pin of the board). */
    public void setResets(boolean trstAsserted, boolean srstAsserted) {
        trst = trstAsserted;
        if (trst) {
            state = TapState.TEST_LOGIC_RESET;
            resetTaps();
        }
        if (bus.isNrstAsserted() != srstAsserted) {
            bus.setNrst(srstAsserted);
        }
    }

    private void clock() {
        cyclesSinceAccess++;
        if (state == TapState.SHIFT_DR || state == TapState.SHIFT_IR) {
            boolean carry = tdi;
            for (int i = 0; i < shift.length; i++) {
                boolean out = (shift[i] & 1) != 0;
                shift[i] = (shift[i] >>> 1) | ((carry ? 1L : 0L) << (length[i] - 1));
                carry = out;
            }
        }
        state = state.next(tms);
        switch (state) {
            case TEST_LOGIC_RESET -> resetTaps();
            case CAPTURE_IR -> {
                for (int i = 0; i < shift.length; i++) {
                    length[i] = tdiToTdo.get(i).irLength();
                    shift[i] = tdiToTdo.get(i).irCapture();
                }
            }
            case UPDATE_IR -> {
                for (int i = 0; i < shift.length; i++) {
                    tdiToTdo.get(i).updateIr(shift[i]);
                }
            }
            case CAPTURE_DR -> {
                for (int i = 0; i < shift.length; i++) {
                    length[i] = tdiToTdo.get(i).drLength();
                    shift[i] = tdiToTdo.get(i).captureDr();
                }
            }
            case UPDATE_DR -> {
                boolean access = cpuTap.isAccessInstruction();
                long entered = 0;
                if (access) {
                    entered = pacing.enter(timing.wireNanos(cyclesSinceAccess));
                    cyclesSinceAccess = 0;
                }
                for (int i = 0; i < shift.length; i++) {
                    tdiToTdo.get(i).updateDr(shift[i]);
                }
                if (access) {
                    // the board computing (its core executing through the elapsed time) is not time the adapter waited
                    pacing.leave(entered);
                }
            }
            default -> {
                // no action
            }
        }
    }

    private void resetTaps() {
        tdiToTdo.forEach(Tap::reset);
    }
}
