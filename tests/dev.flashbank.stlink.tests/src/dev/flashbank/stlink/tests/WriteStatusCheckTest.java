package dev.flashbank.stlink.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.stlink.RecordingTransport.Exchange;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.StlinkStatus;
import dev.flashbank.stlink.WriteStatusCheck;
import dev.flashbank.stlink.emulator.EmulatorConfig;

/** When memory writes ask GETLASTRWSTATUS2 (issue 11): per command, or once after a call's block commands. */
class WriteStatusCheckTest {

    private static final long RAM = FakeCortexTarget.RAM;

    private static Rig rig(WriteStatusCheck check) throws Exception {
        // V2J31: the last firmware on which the host splits 32-bit writes at the Cortex-M7's 1 KiB TAR block, so a
        // few KiB are several block commands (from V2J32 one command carries up to 6 KiB)
        Rig rig = Rig.open(EmulatorConfig.v2(31), StlinkSessionOptions.defaults().withWriteStatusCheck(check));
        rig.session().connect(StlinkSession.ConnectMode.NORMAL);
        rig.wire().clear();
        return rig;
    }

    private static byte[] data(int n) {
        byte[] d = new byte[n];
        new Random(n).nextBytes(d);
        return d;
    }

    private static List<Integer> subs(Rig rig) {
        return rig.wire().exchanges().stream().map(Exchange::subCommand).toList();
    }

    @Test
    void defaultIsEndOfWrite() {
        assertThat(StlinkSessionOptions.defaults().writeStatusCheck()).isEqualTo(WriteStatusCheck.END_OF_WRITE);
    }

    @Test
    void everyCommandQueriesTheStatusAfterEachBlock() throws Exception {
        Rig rig = rig(WriteStatusCheck.EVERY_COMMAND);
        rig.session().writeMemory(RAM, data(3072), 0, 3072, AccessWidth.WORD);
        assertThat(subs(rig)).containsExactly(0x08, 0x3E, 0x08, 0x3E, 0x08, 0x3E);
    }

    @Test
    void endOfWriteQueriesOnceAfterTheLastBlock() throws Exception {
        Rig rig = rig(WriteStatusCheck.END_OF_WRITE);
        byte[] d = data(3072);
        rig.session().writeMemory(RAM, d, 0, d.length, AccessWidth.WORD);
        assertThat(subs(rig)).containsExactly(0x08, 0x08, 0x08, 0x3E);
        assertThat(java.util.Arrays.copyOfRange(rig.target().ram, 0, d.length)).isEqualTo(d);
        assertThat(rig.session().deferredStatusReplays()).isZero();
        assertThat(rig.emulator().violations()).isEmpty();
    }

    @Test
    void aFaultThatLastsToTheEndIsReportedAtTheFirstFaultingCommandsAddress() throws Exception {
        Rig rig = rig(WriteStatusCheck.END_OF_WRITE);
        byte[] d = data(4096);
        // runs off the end of RAM: the last of four 1 KiB blocks faults at its first word
        long start = RAM + FakeCortexTarget.RAM_SIZE - 3072;
        long bad = RAM + FakeCortexTarget.RAM_SIZE;
        assertThatThrownBy(() -> rig.session().writeMemory(start, d, 0, d.length, AccessWidth.WORD))
                .isInstanceOfSatisfying(BusFaultException.class, e -> assertThat(e.address()).isEqualTo(bad));
        // one deferred query, then the replay with a query after every command up to the faulting one
        assertThat(subs(rig)).containsExactly(0x08, 0x08, 0x08, 0x08, 0x3E, 0x08, 0x3E, 0x08, 0x3E, 0x08, 0x3E, 0x08,
                0x3E);
        assertThat(rig.session().deferredStatusReplays()).isEqualTo(1);
    }

    @Test
    void aTransientFaultIsStillReportedWhenTheReplaySucceeds() throws Exception {
        Rig rig = rig(WriteStatusCheck.END_OF_WRITE);
        byte[] d = data(2048);
        // the probe answers SWD_AP_FAULT once for each block, then the replay succeeds: the fault is not swallowed
        rig.emulator().injectStatus(StlinkStatus.SWD_AP_FAULT, 2); // both blocks of the next call fault once
        assertThatThrownBy(() -> rig.session().writeMemory(RAM, d, 0, d.length, AccessWidth.WORD))
                .isInstanceOf(BusFaultException.class).hasMessageContaining("SWD_AP_FAULT");
        assertThat(rig.session().deferredStatusReplays()).isEqualTo(1);
    }

    @Test
    void waitAtTheEndIsRetriedCommandByCommand() throws Exception {
        Rig rig = rig(WriteStatusCheck.END_OF_WRITE);
        byte[] d = data(2048);
        rig.emulator().injectStatus(StlinkStatus.SWD_AP_WAIT, 2); // both blocks answer WAIT once
        rig.session().writeMemory(RAM, d, 0, d.length, AccessWidth.WORD);
        assertThat(java.util.Arrays.copyOfRange(rig.target().ram, 0, d.length)).isEqualTo(d);
        assertThat(rig.session().deferredStatusReplays()).isEqualTo(1);
        assertThat(rig.wire().exchanges(e -> e.isDebug(StlinkCommands.DEBUG_WRITEMEM_32BIT))).hasSize(4);
    }

    @Test
    void probesWithoutGetLastRwStatus2CheckEveryCommand() throws Exception {
        Rig rig = Rig.open(EmulatorConfig.v2(14), StlinkSessionOptions.defaults());
        rig.session().connect(StlinkSession.ConnectMode.NORMAL);
        rig.wire().clear();
        rig.session().writeMemory(RAM, data(2048), 0, 2048, AccessWidth.WORD);
        assertThat(subs(rig)).containsExactly(0x08, 0x3B, 0x08, 0x3B);
    }
}
