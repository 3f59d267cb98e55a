package dev.flashbank.sim.tests.gdb;

import static dev.flashbank.core.device.cortexm.CortexM.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.family.Families;
import dev.flashbank.core.gdb.GdbRemoteTarget;
import dev.flashbank.core.gdb.GdbTargetOptions;
import dev.flashbank.core.gdb.RspChannel;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.family.stm32f7.flash.Stm32F7Family;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.gdb.GdbServer;

/**
 * The GDB RSP server against a halted simulated STM32F767ZI: Flashbank's own GDB client ({@link GdbRemoteTarget}) and
 * raw packets on one side, a second probe on the same board (the bench) on the other, which sees what the server did
 * to the debug registers (FP_COMPn, DWT_COMPn/MASKn/FUNCTIONn, DHCSR), the RAM and the flash.
 */
class GdbServerTest {

    static final long RAM = 0x2000_0100L;

    SimulatedBoard board;
    GdbServer server;
    SimulatedProbe bench;
    MemoryAccess mem;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    Socket socket;

    @BeforeEach
    void start() throws Exception {
        board = SimulatedBoards.create("STM32F767ZI");
        server = GdbServer.start(board, new Families(List.of(new Stm32F7Family())), 0, log::add);
        bench = SimulatedProbe.connect(board);
        mem = bench.memory();
    }

    @AfterEach
    void stop() throws Exception {
        if (socket != null) {
            socket.close();
        }
        server.close();
    }

    /** A raw RSP connection (the framing of Flashbank's client), for packets its DebugTarget view does not send. */
    RspChannel raw() throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(20_000);
        return new RspChannel(socket.getInputStream(), socket.getOutputStream(), "test server");
    }

    /** A register value as the RSP carries it: little-endian hex. */
    static String le(int value) {
        return String.format("%08x", Integer.reverseBytes(value));
    }

    static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    static String xfer(RspChannel rsp, String object) throws Exception {
        StringBuilder doc = new StringBuilder();
        while (true) {
            String r = rsp.request(String.format("qXfer:%s:%x,%x", object, doc.length(), 0x200));
            assertThat(r).matches("(?s)[ml].*");
            doc.append(r.substring(1));
            if (r.startsWith("l")) {
                return doc.toString();
            }
        }
    }

    @Test
    void attachingHaltsTheCoreAndFlashbanksClientWorksThroughIt() throws Exception {
        try (GdbRemoteTarget gdb = GdbRemoteTarget.connect("127.0.0.1", server.port(), GdbTargetOptions.defaults())) {
            assertThat(gdb.supportedFeatures()).contains("PacketSize=4000").contains("qXfer:features:read+")
                    .contains("qXfer:memory-map:read+").contains("swbreak+").contains("hwbreak+");
            assertThat(gdb.lastStopReply()).startsWith("T05thread:1;");
            assertThat(board.coreHalted()).isTrue();
            // identification reads through the server equal the bench's
            assertThat(gdb.memory().read32(CPUID.address())).isEqualTo(mem.read32(CPUID.address()));
            assertThat(gdb.memory().read32(0x0800_0004L)).isEqualTo(mem.read32(0x0800_0004L));

            // every byte value (incl. $ # } * which X packets escape), in more than one packet
            byte[] data = new byte[20_000];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 31 + i / 256);
            }
            gdb.memory().write(RAM, data, 0, data.length, AccessWidth.WORD);
            assertThat(mem.read(RAM, data.length, AccessWidth.WORD)).isEqualTo(data);
            mem.write32(RAM, 0xCAFE_F00D);
            assertThat(gdb.memory().read32(RAM)).isEqualTo(0xCAFE_F00D);
            gdb.memory().write8(RAM + 5, 0x5A);
            assertThat(mem.read8(RAM + 5)).isEqualTo(0x5A);

            // core registers by their names in the server's target description, DCRSR underneath
            gdb.core().writeCoreRegister(0, 0x1234_5678);
            gdb.core().writeCoreRegister(REGSEL_PC, 0x0800_0100);
            assertThat(board.coreRegister(0)).isEqualTo(0x1234_5678);
            assertThat(board.coreRegister(REGSEL_PC)).isEqualTo(0x0800_0100);
            assertThat(gdb.core().readCoreRegister(REGSEL_MSP)).isEqualTo(board.coreRegister(REGSEL_MSP));
            assertThat(gdb.core().readCoreRegister(REGSEL_XPSR)).isEqualTo(board.coreRegister(REGSEL_XPSR));
        }
        // the client's close detaches: the core runs again, as with OpenOCD
        assertThat(board.coreHalted()).isFalse();
    }

    @Test
    void targetDescriptionAndGPacketFollowTheCore() throws Exception {
        RspChannel rsp = raw();
        rsp.request("qSupported:swbreak+;hwbreak+;xmlRegisters=arm");
        String xml = xfer(rsp, "features:read:target.xml");
        assertThat(xml).contains("<architecture>arm</architecture>")
                .contains("<feature name=\"org.gnu.gdb.arm.m-profile\">")
                .contains("<feature name=\"org.gnu.gdb.arm.m-system\">")
                .contains("<reg name=\"xpsr\" bitsize=\"32\" regnum=\"16\"")
                .contains("<reg name=\"basepri\"").contains("<reg name=\"faultmask\"")
                // Cortex-M7 (CPUID.PARTNO 0xC27): FPv5, D0-D15 over the S registers and FPSCR
                .contains("<feature name=\"org.gnu.gdb.arm.vfp\">").contains("<reg name=\"d15\" bitsize=\"64\"")
                .contains("<reg name=\"fpscr\"");
        // 'g': r0-r12 sp lr pc xpsr msp psp primask basepri faultmask control (4 bytes each), d0-d15 (8), fpscr (4)
        String g = rsp.request("g");
        assertThat(g).hasSize(2 * (23 * 4 + 16 * 8 + 4));
        int pc = (int) Long.parseLong(g.substring(15 * 8, 16 * 8), 16);
        assertThat(Integer.reverseBytes(pc)).isEqualTo(board.coreRegister(REGSEL_PC));
        // P on a special register: one byte of the DCRSR selector-20 word; p reads it back
        assertThat(rsp.request("P13=01000000")).isEqualTo("OK"); // 0x13 = primask
        assertThat(board.coreRegister(REGSEL_CONTROL_PRIMASK) & 0xFF).isEqualTo(1);
        assertThat(rsp.request("p13")).isEqualTo("01000000");
        // a double register: S1:S0
        assertThat(rsp.request("P17=0000000000000840")).isEqualTo("OK"); // d0 = 3.0
        assertThat(board.coreRegister(REGSEL_S0)).isZero();
        assertThat(board.coreRegister(REGSEL_S0 + 1)).isEqualTo(0x4008_0000);
        assertThat(rsp.request("p99")).isEqualTo("E01");
    }

    @Test
    void memoryMapShowsTheFlashWithItsEraseUnits() throws Exception {
        RspChannel rsp = raw();
        rsp.request("qSupported:swbreak+;hwbreak+");
        String map = xfer(rsp, "memory-map:read:");
        // factory F767ZI: single-bank mode, sectors of 32 KiB x4, 128 KiB, then 256 KiB (RM0410 3.3.1)
        assertThat(map).contains("<memory type=\"flash\" start=\"0x8000000\" length=\"0x20000\">\n"
                + "    <property name=\"blocksize\">0x8000</property>")
                .contains("<memory type=\"flash\" start=\"0x8020000\" length=\"0x20000\">\n"
                        + "    <property name=\"blocksize\">0x20000</property>")
                .contains("<memory type=\"flash\" start=\"0x8040000\" length=\"0x1c0000\">\n"
                        + "    <property name=\"blocksize\">0x40000</property>")
                // the ITCM window shows the same cells: read-only for GDB
                .contains("<memory type=\"rom\" start=\"0x200000\" length=\"0x200000\"/>")
                .contains("<memory type=\"ram\" start=\"0x8200000\"").contains("<memory type=\"ram\" start=\"0x0\"");
    }

    @Test
    void loadErasesAndProgramsFlashThroughThePartsDriver() throws Exception {
        RspChannel rsp = raw();
        rsp.request("qSupported:swbreak+;hwbreak+");
        byte[] first = new byte[3000];
        byte[] second = new byte[3000];
        for (int i = 0; i < first.length; i++) {
            first[i] = (byte) (i ^ 0x5A ^ i >> 8);
            second[i] = (byte) ~first[i]; // every bit 0 in one of the two: the second load needs the erase
        }
        byte[] sector0 = mem.read(0x0800_0000L, 64, AccessWidth.WORD);
        for (byte[] image : List.of(first, second)) {
            assertThat(rsp.request("vFlashErase:08008000,8000")).isEqualTo("OK");
            assertThat(mem.read(0x0800_8000L, 16, AccessWidth.WORD)).containsOnly((byte) 0xFF);
            for (int off = 0; off < image.length; off += 1024) {
                int n = Math.min(1024, image.length - off);
                java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
                p.writeBytes(String.format("vFlashWrite:%x:", 0x0800_8000L + off).getBytes(StandardCharsets.ISO_8859_1));
                p.writeBytes(RspChannel.escapeBinary(image, off, n));
                rsp.send(p.toByteArray());
                assertThat(rsp.receiveReply()).isEqualTo("OK");
            }
            assertThat(rsp.request("vFlashDone")).isEqualTo("OK");
            assertThat(mem.read(0x0800_8000L, image.length, AccessWidth.WORD)).isEqualTo(image);
            assertThat(mem.read(0x0800_8000L + image.length, 8, AccessWidth.WORD)).containsOnly((byte) 0xFF);
        }
        // sector 0 was not touched
        assertThat(mem.read(0x0800_0000L, 64, AccessWidth.WORD)).isEqualTo(sector0);
        assertThat(log).filteredOn(l -> l.contains("load programmed and verified 3000 bytes")).hasSize(2);
        // an erase outside the flash is refused, and nothing is written
        assertThat(rsp.request("vFlashErase:20000000,8000")).isEqualTo("E01");
        assertThat(log).anyMatch(l -> l.contains("vFlashErase:20000000,8000") && l.contains("failed"));
    }

    @Test
    void hardwareBreakpointsGoIntoFpbComparatorsAndSoftwareOnesIntoRam() throws Exception {
        RspChannel rsp = raw();
        rsp.request("qSupported:swbreak+;hwbreak+");
        // Z1 in flash: FP_COMP0 = address | ENABLE (FPB v2 of the Cortex-M7), FP_CTRL enabled
        assertThat(rsp.request("Z1,8000042,2")).isEqualTo("OK");
        assertThat(mem.read32(FP_COMP0_ADDRESS)).isEqualTo(0x0800_0042 | 1);
        assertThat(FP_CTRL_ENABLE.isSet(mem.read32(FP_CTRL_ADDRESS))).isTrue();
        // Z0 in flash cannot be a BKPT in the cells: the next comparator, and FLASH_SR untouched
        assertThat(rsp.request("Z0,8000060,2")).isEqualTo("OK");
        assertThat(mem.read32(FP_COMP0_ADDRESS + 4)).isEqualTo(0x0800_0060 | 1);
        assertThat(mem.read32(board.descriptor().registers().sr().address())).isZero();
        // Z0 in RAM: BKPT #0 over the instruction, the original back on z0
        mem.write16(RAM, 0x4770); // BX LR
        assertThat(rsp.request("Z0," + Long.toHexString(RAM) + ",2")).isEqualTo("OK");
        assertThat(mem.read16(RAM)).isEqualTo(0xBE00);
        assertThat(rsp.request("z0," + Long.toHexString(RAM) + ",2")).isEqualTo("OK");
        assertThat(mem.read16(RAM)).isEqualTo(0x4770);
        // z1 frees the comparator
        assertThat(rsp.request("z1,8000042,2")).isEqualTo("OK");
        assertThat(mem.read32(FP_COMP0_ADDRESS)).isZero();
        // all 8 comparators in use: the ninth is refused, not silently dropped
        for (int i = 0; i < 7; i++) {
            assertThat(rsp.request(String.format("Z1,%x,2", 0x0800_0100 + 2 * i))).isEqualTo("OK");
        }
        assertThat(rsp.request("Z1,8000200,2")).isEqualTo("E01");
        // detach clears every comparator
        assertThat(rsp.request("D")).isEqualTo("OK");
        for (int i = 0; i < 8; i++) {
            assertThat(mem.read32(FP_COMP0_ADDRESS + 4L * i)).as("FP_COMP%d", i).isZero();
        }
    }

    @Test
    void watchpointsGoIntoDwtComparators() throws Exception {
        RspChannel rsp = raw();
        rsp.request("qSupported:swbreak+;hwbreak+");
        assertThat(rsp.request("Z2,20000000,4")).isEqualTo("OK");
        assertThat(mem.read32(DWT_COMP0_ADDRESS)).isEqualTo(0x2000_0000);
        assertThat(mem.read32(DWT_COMP0_ADDRESS + DWT_MASK_OFFSET)).isEqualTo(2);
        assertThat(mem.read32(DWT_COMP0_ADDRESS + DWT_FUNCTION_OFFSET) & 0xF).isEqualTo(DWT_FUNCTION_WATCH_WRITE);
        assertThat(DEMCR_TRCENA.isSet(mem.read32(DEMCR.address()))).isTrue();
        // a read watchpoint on a byte in the next comparator; an unaligned pair needs the aligned 4-byte block
        assertThat(rsp.request("Z3,20000011,1")).isEqualTo("OK");
        assertThat(mem.read32(DWT_COMP0_ADDRESS + DWT_COMPARATOR_STRIDE + DWT_FUNCTION_OFFSET) & 0xF)
                .isEqualTo(DWT_FUNCTION_WATCH_READ);
        assertThat(rsp.request("Z4,20000023,2")).isEqualTo("OK");
        assertThat(mem.read32(DWT_COMP0_ADDRESS + 2 * DWT_COMPARATOR_STRIDE)).isEqualTo(0x2000_0020);
        assertThat(mem.read32(DWT_COMP0_ADDRESS + 2 * DWT_COMPARATOR_STRIDE + DWT_MASK_OFFSET)).isEqualTo(3);
        assertThat(rsp.request("z2,20000000,4")).isEqualTo("OK");
        assertThat(mem.read32(DWT_COMP0_ADDRESS + DWT_FUNCTION_OFFSET) & 0xF).isZero();
    }

    @Test
    void continueRunsUntilInterruptedAndStepHaltsAgain() throws Exception {
        RspChannel rsp = raw();
        rsp.request("qSupported:swbreak+;hwbreak+");
        assertThat(rsp.request("vCont?")).isEqualTo("vCont;c;C;s;S;t");
        // a two-instruction program in RAM: MOVS r0, #7 then B . (the core spins there until interrupted)
        mem.write32(RAM, 0xE7FE_2007);
        assertThat(rsp.request("P10=" + le(0x0100_0000))).isEqualTo("OK"); // xpsr: Thumb state
        assertThat(rsp.request("Pf=" + le((int) RAM))).isEqualTo("OK");
        assertThat(rsp.requestStop("vCont;s:1")).isEqualTo("T05thread:1;");
        assertThat(board.coreHalted()).isTrue();
        assertThat(board.coreRegister(0)).isEqualTo(7);
        assertThat(board.coreRegister(REGSEL_PC)).isEqualTo((int) RAM + 2);
        long before = board.clock().nanos();
        rsp.send("c");
        // the server lets board time pass while the core runs; it stops on the interrupt byte
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (board.clock().nanos() < before + 5_000_000L) {
            assertThat(System.nanoTime()).as("board time passes while the core runs").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(board.coreHalted()).isFalse();
        rsp.interrupt();
        assertThat(rsp.receiveString()).isEqualTo("T02thread:1;");
        assertThat(board.coreHalted()).isTrue();
        assertThat(rsp.requestStop("?")).isEqualTo("T02thread:1;");
    }

    @Test
    void aDebuggerKilledWhileTheCoreRunsIsNoticedAndTheNextOneIsServed() throws Exception {
        RspChannel rsp = raw();
        rsp.request("qSupported:swbreak+;hwbreak+");
        mem.write32(RAM, 0xE7FE_E7FE); // B . : the core spins until someone halts it
        assertThat(rsp.request("P10=" + le(0x0100_0000))).isEqualTo("OK");
        assertThat(rsp.request("Pf=" + le((int) RAM))).isEqualTo("OK");
        long before = board.clock().nanos();
        rsp.send("c");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (board.clock().nanos() < before + 1_000_000L) {
            assertThat(System.nanoTime()).as("board time passes while the core runs").isLessThan(deadline);
            Thread.onSpinWait();
        }
        // gdb is killed: its socket closes without a Ctrl-C or a 'D'
        socket.close();
        // the server notices, halts the core and serves the next debugger (before the fix: the session polled
        // available() for ever and this connection was never accepted, so '?' went unanswered)
        Socket second = new Socket(InetAddress.getLoopbackAddress(), server.port());
        try (second) {
            second.setSoTimeout(10_000);
            RspChannel next = new RspChannel(second.getInputStream(), second.getOutputStream(), "second client");
            assertThat(next.requestStop("?")).isEqualTo("T05thread:1;");
            assertThat(board.coreHalted()).isTrue();
            assertThat(board.coreRegister(REGSEL_PC)).isEqualTo((int) RAM);
        }
        assertThat(log).anyMatch(l -> l.contains("closed the connection while the core ran"));
    }

    @Test
    void aCoreThatLocksUpIsHaltedAndReportedAsASegmentationFault() throws Exception {
        // the board's flash is blank: its reset vector reads 0xFFFF_FFFF, the core has nowhere to run (B1.5.15)
        RspChannel rsp = raw();
        rsp.request("qSupported:swbreak+;hwbreak+");
        assertThat(rsp.requestStop("c")).isEqualTo("T0bthread:1;");
        assertThat(board.coreHalted()).isTrue();
        assertThat(DHCSR_S_LOCKUP.isSet(mem.read32(DHCSR.address()))).isFalse();
    }

    @Test
    void monitorResetHaltStopsAtTheResetVector() throws Exception {
        try (GdbRemoteTarget gdb = GdbRemoteTarget.connect("127.0.0.1", server.port(), GdbTargetOptions.defaults())) {
            gdb.core().writeCoreRegister(REGSEL_PC, 0x2000_0000);
            String out = gdb.monitor("reset halt");
            int resetVector = mem.read32(0x0800_0004L) & ~1;
            assertThat(out).contains(String.format("pc 0x%08x", resetVector));
            assertThat(gdb.core().readCoreRegister(REGSEL_PC)).isEqualTo(resetVector);
            assertThat(gdb.monitor("help")).contains("reset");
            assertThat(log).noneMatch(l -> l.contains("failed"));
        }
        RspChannel rsp = raw();
        rsp.request("qSupported");
        rsp.send("qRcmd," + hex("format c:"));
        assertThat(rsp.receiveString()).startsWith("O");
        assertThat(rsp.receiveString()).isEqualTo("E01");
    }
}
