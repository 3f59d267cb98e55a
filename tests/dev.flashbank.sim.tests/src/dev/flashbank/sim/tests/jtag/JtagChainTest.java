package dev.flashbank.sim.tests.jtag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugApb;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.DebugTopology;
import dev.flashbank.sim.bus.ForwardingDebugBus;
import dev.flashbank.sim.jtag.JtagChain;
import dev.flashbank.sim.jtag.JtagTiming;
import dev.flashbank.sim.jtag.RemoteBitbangServer;
import dev.flashbank.sim.jtag.TapState;

/**
 * The simulated STM32F7 JTAG chain driven by a scripted bit stream, as an adapter drives the pins: TAP controller,
 * chain order and IR captures, JTAG-DP posted reads and the power-up handshake, AHB-AP CSW/TAR/DRW/banked
 * registers/IDR/BASE, the ROM table, sticky errors - and the same over the remote_bitbang TCP wire.
 */
class JtagChainTest {

    // IR values: CPU TAP (ADIv5 JTAG-DP) and boundary-scan TAP; chain IR = cpu | bs << 4 (CPU TAP nearest TDO)
    static final int DPACC = 0xA, APACC = 0xB, ABORT = 0x8, CPU_IDCODE = 0xE, BS_BYPASS = 0x1F;
    static final int ACK_OK = 0b010;
    static final int CTRL_STAT = 0x4, SELECT = 0x8, RDBUFF = 0xC;
    static final int CSW = 0x0, TAR = 0x4, DRW = 0xC;
    static final long STICKYERR = 1 << 5;

    SimulatedBoard board;
    JtagChain chain;

    @BeforeEach
    void setUp() {
        board = SimulatedBoards.createFactoryFresh();
        chain = new JtagChain(board.debugBus(), JtagTiming.REAL_TIME);
        resetToIdle();
    }

    // ------------------------------------------------------------------------------------------------ pin script

    boolean clock(boolean tms, boolean tdi) {
        chain.setPins(false, tms, tdi);
        boolean tdo = chain.tdo(); // sampled with TCK low, before the rising edge shifts it out
        chain.setPins(true, tms, tdi);
        return tdo;
    }

    void resetToIdle() {
        for (int i = 0; i < 5; i++) {
            clock(true, false);
        }
        clock(false, false);
        assertThat(chain.state()).isEqualTo(TapState.RUN_TEST_IDLE);
    }

    /** From Run-Test/Idle through Shift-xR (LSB first, TMS on the last bit) and Update back to Idle. */
    long scan(boolean ir, long value, int bits) {
        clock(true, false); // Select-DR
        if (ir) {
            clock(true, false); // Select-IR
        }
        clock(false, false); // Capture
        clock(false, false); // Shift
        assertThat(chain.state()).isEqualTo(ir ? TapState.SHIFT_IR : TapState.SHIFT_DR);
        long captured = 0;
        for (int i = 0; i < bits; i++) {
            boolean out = clock(i == bits - 1, ((value >>> i) & 1) != 0);
            captured |= (out ? 1L : 0L) << i;
        }
        clock(true, false); // Update
        clock(false, false); // Idle
        return captured;
    }

    void ir(int cpu) {
        scan(true, cpu | (BS_BYPASS << 4), 9);
    }

    /** One DPACC/APACC scan (boundary-scan TAP in BYPASS adds one bit); returns the 35-bit capture. */
    long access(int address, boolean read, long data) {
        long v = (data << 3) | ((address >> 2) << 1) | (read ? 1 : 0);
        return scan(false, v, 36) & ((1L << 35) - 1);
    }

    long dpRead(int address) {
        ir(DPACC);
        access(address, true, 0);
        long c = access(RDBUFF, true, 0);
        assertThat(c & 7).as("ACK").isEqualTo(ACK_OK);
        return c >>> 3;
    }

    void dpWrite(int address, long value) {
        ir(DPACC);
        assertThat(access(address, false, value) & 7).isEqualTo(ACK_OK);
    }

    void apWrite(int reg, long value) {
        dpWrite(SELECT, reg & 0xF0);
        ir(APACC);
        access(reg & 0xC, false, value);
    }

    long apRead(int reg) {
        dpWrite(SELECT, reg & 0xF0);
        ir(APACC);
        access(reg & 0xC, true, 0);
        ir(DPACC);
        return access(RDBUFF, true, 0) >>> 3;
    }

    void powerUp() {
        dpWrite(CTRL_STAT, 0x5000_0000L);
        assertThat(dpRead(CTRL_STAT) & 0xF000_0000L).isEqualTo(0xF000_0000L);
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void afterResetBothTapsShiftTheirIdcodeNearestTdoFirst() {
        long both = scan(false, 0, 64);
        assertThat(both & 0xFFFF_FFFFL).isEqualTo(CortexM.DP_IDCODE_JTAG_CORTEX_M7 & 0xFFFF_FFFFL);
        assertThat(both >>> 32).isEqualTo(board.line().boundaryScanIdcode() & 0xFFFF_FFFFL);
        assertThat(chain.irLength()).isEqualTo(9);
    }

    @Test
    void irCaptureIs0001OnTheCpuTapAndEndsIn01OnTheBoundaryScanTap() {
        assertThat(scan(true, 0x1FF, 9)).isEqualTo(0b00001_0001L);
        // all ones = BYPASS in both: a 2-bit DR path, zeros captured
        assertThat(scan(false, 0b11, 2)).isZero();
        ir(CPU_IDCODE);
        assertThat(scan(false, 0, 33) & 0xFFFF_FFFFL).isEqualTo(CortexM.DP_IDCODE_JTAG_CORTEX_M7 & 0xFFFF_FFFFL);
    }

    @Test
    void dpReadsArePostedAndRdbuffHasNoSideEffects() {
        dpWrite(CTRL_STAT, 0x5000_0000L);
        ir(DPACC);
        access(CTRL_STAT, true, 0); // result comes with the NEXT capture
        long first = access(RDBUFF, true, 0);
        long again = access(RDBUFF, true, 0);
        assertThat(first >>> 3).isEqualTo(0xF000_0000L);
        assertThat(again).isEqualTo(first);
        dpWrite(SELECT, 0xF0);
        assertThat(dpRead(SELECT)).isEqualTo(0xF0);
    }

    @Test
    void withoutDebugPowerApAccessesFailSticky() {
        assertThat(apRead(0xFC)).isZero();
        assertThat(dpRead(CTRL_STAT) & STICKYERR).isNotZero();
        dpWrite(CTRL_STAT, 0x5000_0000L | STICKYERR); // JTAG-DP: write 1 to clear
        assertThat(dpRead(CTRL_STAT) & STICKYERR).isZero();
    }

    @Test
    void ahbApIdentificationAndRomTable() {
        powerUp();
        assertThat(apRead(0xFC)).as("IDR").isEqualTo(0x7477_0001L);
        long base = apRead(0xF8);
        assertThat(base & 3).isEqualTo(3);
        long rom = base & ~0xFFFL;
        apWrite(CSW, 0x2); // word, no increment
        apWrite(TAR, rom);
        long scs = apRead(DRW);
        assertThat((rom + (scs & ~0xFFFL)) & 0xFFFF_FFFFL).isEqualTo(0xE000_E000L);
        apWrite(TAR, rom + 0xFF0);
        assertThat(apRead(DRW)).isEqualTo(0x0D);
        apWrite(TAR, rom + 0xFF4);
        assertThat(apRead(DRW) >>> 4).as("component class ROM table").isEqualTo(1);
    }

    @Test
    void drwAutoIncrementsWithinOneKibAndBankedRegistersMapTar() {
        powerUp();
        board.debugBus().write(0x2000_0400L, AccessWidth.WORD, 0x5555_AAAAL); // RAM powers up with noise
        apWrite(CSW, 0x12); // word, single increment
        apWrite(TAR, 0x2000_03FCL);
        apWrite(DRW, 0x1111_1111L);
        apWrite(DRW, 0x2222_2222L); // TAR wrapped to 0x2000_0000, not 0x2000_0400
        assertThat(apRead(TAR)).isEqualTo(0x2000_0004L);
        assertThat(board.debugBus().read(0x2000_03FCL, AccessWidth.WORD)).isEqualTo(BusResult.ok(0x1111_1111L));
        assertThat(board.debugBus().read(0x2000_0000L, AccessWidth.WORD)).isEqualTo(BusResult.ok(0x2222_2222L));
        assertThat(board.debugBus().read(0x2000_0400L, AccessWidth.WORD)).isEqualTo(BusResult.ok(0x5555_AAAAL));

        apWrite(TAR, 0x2000_0008L); // BD0..BD3 address TAR[31:4] + 0x0..0xC, without changing TAR
        apWrite(0x14, 0xABCD_0123L);
        assertThat(board.debugBus().read(0x2000_0004L, AccessWidth.WORD)).isEqualTo(BusResult.ok(0xABCD_0123L));
        assertThat(apRead(0x10)).isEqualTo(0x2222_2222L);
        assertThat(apRead(TAR)).isEqualTo(0x2000_0008L);
    }

    @Test
    void byteAndHalfwordAccessesUseTheirByteLanes() {
        powerUp();
        board.debugBus().write(0x2000_0010L, AccessWidth.WORD, 0x4433_2211L);
        apWrite(CSW, 0x10); // byte, increment
        apWrite(TAR, 0x2000_0011L);
        assertThat(apRead(DRW)).isEqualTo(0x0000_2200L);
        apWrite(DRW, 0x00AB_0000L); // TAR = ...12: lane 2
        assertThat(board.debugBus().read(0x2000_0010L, AccessWidth.WORD)).isEqualTo(BusResult.ok(0x44AB_2211L));
        apWrite(CSW, 0x11); // halfword
        apWrite(TAR, 0x2000_0012L);
        assertThat(apRead(DRW)).isEqualTo(0x44AB_0000L);
        assertThat(apRead(CSW) & 0x37).isEqualTo(0x11);
        apWrite(CSW, 0x22); // packed increment is not implemented: reads back as "off"
        assertThat(apRead(CSW) & 0x30).isZero();
    }

    @Test
    void aBusFaultSetsStickyErrAndTheDebuggerClearsIt() {
        powerUp();
        apWrite(CSW, 0x2);
        apWrite(TAR, 0xA000_0000L); // no memory there on the F767 model: the bus answers with an error
        apRead(DRW);
        assertThat(dpRead(CTRL_STAT) & STICKYERR).isNotZero();
        apWrite(TAR, 0x2000_0000L); // discarded while STICKYERR is set
        dpWrite(CTRL_STAT, 0x5000_0000L | STICKYERR);
        assertThat(dpRead(CTRL_STAT) & STICKYERR).isZero();
        ir(ABORT);
        access(0, false, 1); // DAPABORT: nothing in flight, harmless
        assertThat(apRead(0xFC)).isEqualTo(0x7477_0001L);
    }

    @Test
    void remoteBitbangWireAnswersEveryReadWithTdo() throws Exception {
        try (RemoteBitbangServer server = RemoteBitbangServer.start(board, 0, JtagTiming.REAL_TIME, s -> { });
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            StringBuilder cmds = new StringBuilder("Br");
            // Test-Logic-Reset, Idle, Select-DR, Capture-DR, Shift-DR: '0'..'7' = TCK<<2 | TMS<<1 | TDI
            for (int tms : new int[] { 1, 1, 1, 1, 1, 0, 1, 0, 0 }) {
                cmds.append((char) ('0' + (tms << 1))).append((char) ('4' + (tms << 1)));
            }
            for (int i = 0; i < 32; i++) { // sample, then clock the bit out
                cmds.append('0').append('R').append('4');
            }
            cmds.append("bQ");
            OutputStream out = s.getOutputStream();
            out.write(cmds.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            long id = 0;
            for (int i = 0; i < 32; i++) {
                int c = in.read();
                assertThat(c).isIn((int) '0', (int) '1');
                id |= (long) (c - '0') << i;
            }
            assertThat(id).isEqualTo(CortexM.DP_IDCODE_JTAG_CORTEX_M7 & 0xFFFF_FFFFL);
            assertThat(in.read()).as("'Q' ends the session").isEqualTo(-1);
        }
    }

    @Test
    void srstDrivesTheBoardsNrst() throws Exception {
        chain.setResets(false, true);
        assertThat(board.debugBus().isNrstAsserted()).isTrue();
        chain.setResets(true, false);
        assertThat(board.debugBus().isNrstAsserted()).isFalse();
        assertThat(chain.state()).isEqualTo(TapState.TEST_LOGIC_RESET);
    }
    // ---------------------------------------------------------------------------- topology supplied by the family

    static final long APB_IDR = 0x5477_0002L, AP0_IDR = 0x8477_0001L;
    static final long MIRROR = 0xE00E_1000L, COMPONENT = 0xE00E_4000L;

    /**
     * The board's bus with a two-port topology as a family declares it: AP0 on the system bus (another IDR), AP2 an
     * APB-AP on a debug APB that mirrors SRAM at {@link #MIRROR} and holds a plain component at {@link #COMPONENT}.
     */
    DebugBus twoPortBus(int boundaryScanIrLength) {
        return new ForwardingDebugBus(board.debugBus()) {
            @Override
            public DebugTopology debugTopology() {
                DebugApb apb = DebugApb.builder().mirror("SRAM mirror", MIRROR, 0x1000, this, 0x2000_0000L)
                        .component("funnel", COMPONENT, 0x1000).build();
                return new DebugTopology(boundaryScanIrLength,
                        List.of(DebugTopology.AccessPort.systemBus(0, AP0_IDR, this, DebugTopology.RomTable.ARMV7M),
                                DebugTopology.AccessPort.debugApb(2, APB_IDR, apb)));
            }
        };
    }

    long apRead(int apsel, int reg) {
        dpWrite(SELECT, (long) apsel << 24 | (reg & 0xF0));
        ir(APACC);
        access(reg & 0xC, true, 0);
        ir(DPACC);
        return access(RDBUFF, true, 0) >>> 3;
    }

    void apWrite(int apsel, int reg, long value) {
        dpWrite(SELECT, (long) apsel << 24 | (reg & 0xF0));
        ir(APACC);
        access(reg & 0xC, false, value);
    }

    @Test
    void theBoardsTopologyDecidesWhichAccessPortsAnswerAndWhatTheyReach() {
        chain = new JtagChain(twoPortBus(5), JtagTiming.REAL_TIME);
        resetToIdle();
        powerUp();
        assertThat(apRead(0, 0xFC)).as("AP0 IDR from the topology").isEqualTo(AP0_IDR);
        assertThat(apRead(1, 0xFC)).as("no AP at APSEL 1").isZero();
        assertThat(apRead(2, 0xFC)).as("AP2 IDR").isEqualTo(APB_IDR);
        assertThat(apRead(2, 0xF8)).as("AP2 BASE: ADIv5 format, no debug entries").isEqualTo(0b10);
        assertThat(apRead(0, 0xF8)).isEqualTo(0xE00F_F003L);

        // the APB-AP moves words only: a byte size written to CSW reads back as word
        apWrite(2, CSW, 0x10);
        assertThat(apRead(2, CSW) & 0x37).isEqualTo(0x12);
        // the mirror is the system bus's SRAM itself, both ways
        board.debugBus().write(0x2000_0020L, AccessWidth.WORD, 0xCAFE_F00DL);
        apWrite(2, TAR, MIRROR + 0x20);
        assertThat(apRead(2, DRW)).isEqualTo(0xCAFE_F00DL);
        apWrite(2, DRW, 0x1234_5678L); // TAR incremented to +0x24
        assertThat(board.debugBus().read(0x2000_0024L, AccessWidth.WORD)).isEqualTo(BusResult.ok(0x1234_5678L));
        // a component's registers hold what the debugger wrote; AP0's CSW is not AP2's
        apWrite(2, TAR, COMPONENT);
        apWrite(2, DRW, 0x3);
        apWrite(2, TAR, COMPONENT);
        assertThat(apRead(2, DRW)).isEqualTo(0x3);
        assertThat(apRead(0, CSW) & 0x37).as("AP0 CSW untouched").isEqualTo(0x02);
        assertThat(dpRead(CTRL_STAT) & STICKYERR).isZero();
        // an address with no component: APB slave error, STICKYERR as for any bus fault
        apWrite(2, TAR, 0xE00E_2000L);
        apRead(2, DRW);
        assertThat(dpRead(CTRL_STAT) & STICKYERR).isNotZero();
    }

    /**
     * A bus in front of the board's (a test's counter) keeps the board's topology - IR length, IDRs, AP2's debug APB -
     * and every access of AP0 and of AP2's mirror goes through it; a component's registers are not on it.
     */
    @Test
    void aForwardingBusKeepsTheTopologyBehindItWithItsAccessesOnItself() {
        List<String> seen = new ArrayList<>();
        DebugBus watched = new ForwardingDebugBus(twoPortBus(5)) {
            @Override
            public BusResult read(long address, AccessWidth width) {
                seen.add(String.format("R %08X", address));
                return super.read(address, width);
            }

            @Override
            public BusResult write(long address, AccessWidth width, long value) {
                seen.add(String.format("W %08X", address));
                return super.write(address, width, value);
            }
        };
        chain = new JtagChain(watched, JtagTiming.REAL_TIME);
        resetToIdle();
        assertThat(chain.irLength()).isEqualTo(9);
        powerUp();
        assertThat(apRead(0, 0xFC)).as("AP0 IDR from the topology behind").isEqualTo(AP0_IDR);
        assertThat(apRead(2, 0xFC)).as("AP2 IDR").isEqualTo(APB_IDR);
        seen.clear();
        apWrite(0, TAR, 0x2000_0020L);
        apWrite(0, DRW, 0xCAFE_F00DL);
        apWrite(2, TAR, MIRROR + 0x20);
        assertThat(apRead(2, DRW)).isEqualTo(0xCAFE_F00DL);
        apWrite(2, TAR, COMPONENT);
        apWrite(2, DRW, 0x3);
        assertThat(seen).containsExactly("W 20000020", "R 20000020");

        // the auto-increment block and the ROM table stay; only the bus changes
        DebugBus other = board.debugBus();
        DebugTopology m4 = new DebugTopology(5, List.of(DebugTopology.AccessPort.systemBus(0, AP0_IDR, watched,
                DebugTopology.RomTable.ARMV7M, 4096))).retargeted(watched, other);
        assertThat(m4.accessPort(0)).isEqualTo(DebugTopology.AccessPort.systemBus(0, AP0_IDR, other,
                DebugTopology.RomTable.ARMV7M, 4096));
    }

    @Test
    void theBoundaryScanIrLengthComesFromTheTopology() {
        chain = new JtagChain(twoPortBus(8), JtagTiming.REAL_TIME);
        resetToIdle();
        assertThat(chain.irLength()).isEqualTo(12);
        assertThat(scan(true, 0xFFF, 12)).as("captures: 0b0001 (DP) then 0b00000001 (BS)").isEqualTo(0b00000001_0001L);
    }
}
