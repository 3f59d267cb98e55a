package dev.flashbank.integration.tests.stlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import dev.flashbank.cli.sim.ServedStlinkBoard;
import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.integration.tests.jtag.OpenOcd;
import dev.flashbank.stlink.Bytes;
import dev.flashbank.stlink.RecordingTransport;
import dev.flashbank.stlink.RecordingTransport.Exchange;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkDebugTarget;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.tcp.StlinkServer;

/**
 * Issue 18 acceptance: for memory reads (32-bit and 8-bit), a memory write, core halt and run and core register
 * read/write, Flashbank's ST-Link client sends the same command blocks (opcode, sub-opcode, address, length, value)
 * as stock OpenOCD 0.12's hla st-link driver sends for the same request, both recorded by a {@link RecordingTransport}
 * in front of the same emulated probe (OpenOCD over the stlink-server protocol). Where the two legitimately differ the
 * test names the difference (e.g. OpenOCD's DHCSR polls after halt) instead of ignoring it.
 */
class StlinkCommandParityTest {

    static final long RAM = 0x2000_0000L;

    SimulatedBoard board;
    RecordingTransport recorder;
    @AutoClose
    final OpenOcdF7Scenario.Peers peers = new OpenOcdF7Scenario.Peers();
    StlinkServer server;
    OpenOcd ocd;

    /** The command blocks recorded while {@code openOcdCommand} ran. */
    List<Exchange> openOcd(String openOcdCommand) throws Exception {
        recorder.clear();
        ocd.ok(openOcdCommand);
        return recorder.exchanges();
    }

    interface Request {
        void run() throws Exception;
    }

    List<Exchange> flashbank(Request r) throws Exception {
        recorder.clear();
        r.run();
        return recorder.exchanges();
    }

    static List<String> cdbs(List<Exchange> xs, Predicate<Exchange> compared) {
        return xs.stream().filter(compared).map(x -> Bytes.hex(x.cdb())).toList();
    }

    static List<String> all(List<Exchange> xs) {
        return xs.stream().map(Exchange::toString).toList();
    }

    static Predicate<Exchange> debug(int... subs) {
        return x -> {
            for (int s : subs) {
                if (x.isDebug(s)) {
                    return true;
                }
            }
            return false;
        };
    }

    @Test
    void flashbanksClientSendsTheCommandBlocksOpenOcdSends() throws Exception {
        board = SimulatedBoards.createDefault();
        ServedStlinkBoard served = ServedStlinkBoard.of(board, ServedStlinkBoard.DEFAULT_PROBE, 100);
        recorder = new RecordingTransport(served.emulator());
        StlinkServer.ServedProbe p = served.served();
        server = peers.serve(StlinkServer.start(
                List.of(new StlinkServer.ServedProbe(p.serial(), p.vendorId(), p.productId(), recorder, p.lock())),
                StlinkServer.DEFAULT_VERSION, 0, line -> {
                }));
        ocd = peers.connect(OpenOcd.start(OpenOcdStlinkTcpTest.hlaOverTcp(server.port(), board.serial()), List.of(),
                false, OpenOcd.Target.STM32F7));
        ocd.ok("poll off"); // OpenOCD's background poll would interleave its DHCSR reads with every request

        List<Exchange> oHalt = openOcd("halt");
        List<Exchange> oRead32 = openOcd(String.format("mdw 0x%08X 16", RAM));
        List<Exchange> oRead8 = openOcd(String.format("mdb 0x%08X 3", RAM + 1));
        List<Exchange> oWrite32 = openOcd(String.format("mww 0x%08X 0x12345678", RAM + 0x40));
        List<Exchange> oReadReg = openOcd("reg r0 force");
        List<Exchange> oWriteRegAndRun = openOcd("reg r0 0x11223344");
        oWriteRegAndRun = new ArrayList<>(oWriteRegAndRun); // OpenOCD writes a dirty register on resume
        oWriteRegAndRun.addAll(openOcd("resume"));
        peers.closeOpenOcd();

        StlinkSession session = StlinkSession.open(recorder, StlinkSessionOptions.defaults());
        StlinkDebugTarget target = StlinkDebugTarget.attach(session, StlinkSession.ConnectMode.NORMAL);
        List<Exchange> fHalt = flashbank(() -> target.core().halt());
        List<Exchange> fRead32 = flashbank(() -> session.readMemory(RAM, 64, AccessWidth.WORD));
        List<Exchange> fRead8 = flashbank(() -> session.readMemory(RAM + 1, 3, AccessWidth.BYTE));
        byte[] word = new byte[4];
        Bytes.putLe32(word, 0, 0x12345678);
        List<Exchange> fWrite32 = flashbank(() -> session.writeMemory(RAM + 0x40, word, 0, 4, AccessWidth.WORD));
        List<Exchange> fWord = flashbank(() -> {
            target.memory().write32(RAM + 0x40, 0x12345678);
            target.memory().read32(RAM);
        });
        List<Exchange> fReadReg = flashbank(() -> target.core().readCoreRegister(0));
        List<Exchange> fWriteRegAndRun = flashbank(() -> {
            target.core().writeCoreRegister(0, 0x11223344);
            target.core().run();
        });
        target.close();

        // the same blocks, IN/OUT lengths included
        assertThat(all(fRead32)).as("mdw 16 words: READMEM_32BIT + GETLASTRWSTATUS2").isEqualTo(all(oRead32));
        assertThat(all(fRead8)).as("mdb 3 bytes: READMEM_8BIT + GETLASTRWSTATUS2").isEqualTo(all(oRead8));
        assertThat(all(fWrite32)).as("mww: WRITEMEM_32BIT + GETLASTRWSTATUS2").isEqualTo(all(oWrite32));
        assertThat(all(fReadReg)).as("reg r0: APIV2_READREG 0").isEqualTo(all(oReadReg));

        // named difference: one aligned word through StlinkDebugTarget's MemoryAccess (register traffic: flash setup,
        // FLASH_SR polls) is ONE command carrying its status, APIV2_WRITEDEBUGREG / READDEBUGREG (stlink-org's
        // write_debug32/read_debug32), where OpenOCD's mww sends WRITEMEM_32BIT + GETLASTRWSTATUS2: same address and
        // value
        assertThat(fWord).hasSize(2);
        assertThat(fWord.get(0).isDebug(StlinkCommands.DEBUG_APIV2_WRITEDEBUGREG)).isTrue();
        assertThat(fWord.get(0).address()).isEqualTo(oWrite32.get(0).address());
        assertThat(Arrays.copyOfRange(fWord.get(0).cdb(), 6, 10)).isEqualTo(oWrite32.get(0).dataOut());
        assertThat(fWord.get(1).isDebug(StlinkCommands.DEBUG_APIV2_READDEBUGREG)).isTrue();
        assertThat(fWord.get(1).address()).isEqualTo(oRead32.get(0).address());

        // halt: both write DHCSR = DBGKEY|C_HALT|C_DEBUGEN and read DHCSR until S_HALT. Named difference: OpenOCD's
        // debug entry (cortex_m/hla debug_entry) then saves DCRDR (READMEM_32BIT + status), fills its register cache
        // (APIV2_READREG r0..xPSR, MSP/PSP, CONTROL/PRIMASK...) and writes DEMCR; Flashbank reads a register when asked
        Predicate<Exchange> debugEntry = x -> x.isDebug(StlinkCommands.DEBUG_READMEM_32BIT)
                && x.address() == CortexM.DCRDR.address() || x.isDebug(StlinkCommands.DEBUG_APIV2_GETLASTRWSTATUS2)
                || x.isDebug(StlinkCommands.DEBUG_APIV2_READREG)
                || x.isDebug(StlinkCommands.DEBUG_APIV2_WRITEDEBUGREG) && x.address() == CortexM.DEMCR.address();
        assertThat(cdbs(oHalt, debugEntry)).as("OpenOCD's debug entry").hasSizeGreaterThan(16);
        assertThat(all(fHalt)).as("halt").isEqualTo(all(oHalt.stream().filter(debugEntry.negate()).toList()));
        assertThat(fHalt.get(0).isDebug(StlinkCommands.DEBUG_APIV2_WRITEDEBUGREG)).isTrue();

        // r0 written, then run: APIV2_WRITEREG 0 then DHCSR = DBGKEY|C_DEBUGEN in both. Named difference: OpenOCD's
        // resume first restores what its debug entry saved (DEMCR and DCRDR by WRITEMEM_32BIT + status)
        Predicate<Exchange> restore = x -> x.isDebug(StlinkCommands.DEBUG_WRITEMEM_32BIT)
                && (x.address() == CortexM.DEMCR.address() || x.address() == CortexM.DCRDR.address())
                || x.isDebug(StlinkCommands.DEBUG_APIV2_GETLASTRWSTATUS2);
        assertThat(cdbs(oWriteRegAndRun, restore)).as("OpenOCD's restore of DEMCR/DCRDR").hasSize(4);
        assertThat(all(fWriteRegAndRun)).as("reg r0 0x11223344 + resume")
                .isEqualTo(all(oWriteRegAndRun.stream().filter(restore.negate()).toList()));
        assertThat(board.coreHalted()).isFalse();
    }
}
