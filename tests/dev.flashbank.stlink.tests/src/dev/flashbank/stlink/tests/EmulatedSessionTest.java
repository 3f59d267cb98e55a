package dev.flashbank.stlink.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.DebugPortLockedException;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.TargetTimeoutException;
import dev.flashbank.stlink.Bytes;
import dev.flashbank.stlink.RecordingTransport.Exchange;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkStatus;
import dev.flashbank.stlink.UnsupportedProbeException;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;

/** The session against the emulator: exact bytes on the wire, gating, status mapping, retries, disconnects. */
class EmulatedSessionTest {

    private static String hex(Exchange e) {
        return Bytes.hex(e.cdb());
    }

    @Test
    void v2OpenAndConnectSendTheReferenceSequence() throws Exception {
        Rig rig = Rig.open(EmulatorConfig.v2(37));
        assertThat(rig.session().version().toString()).isEqualTo("V2J37S7");
        long idcode = rig.session().connect(StlinkSession.ConnectMode.NORMAL);
        assertThat(idcode).isEqualTo(FakeCortexTarget.IDCODE);
        List<String> cdbs = rig.wire().exchanges().stream().map(EmulatedSessionTest::hex).toList();
        assertThat(cdbs).containsExactly(
                "F1 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", // GET_VERSION
                "F5 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", // GET_CURRENT_MODE -> DFU
                "F3 07 00 00 00 00 00 00 00 00 00 00 00 00 00 00", // DFU_EXIT
                "F2 43 01 00 00 00 00 00 00 00 00 00 00 00 00 00", // SWD_SET_FREQ divisor 1 = 1800 kHz
                "F2 30 A3 00 00 00 00 00 00 00 00 00 00 00 00 00", // APIV2_ENTER SWD
                "F2 4B 00 01 00 00 00 00 00 00 00 00 00 00 00 00", // INIT_AP 0, Cortex-M
                "F2 31 00 00 00 00 00 00 00 00 00 00 00 00 00 00"); // READ_IDCODES
        assertThat(rig.emulator().mode()).isEqualTo(StlinkCommands.MODE_DEBUG);
        assertThat(rig.emulator().violations()).isEmpty();
        assertThat(rig.session().swdKiloHertz()).isEqualTo(1800);
    }

    @Test
    void v3UsesExtendedVersionAndComFreq() throws Exception {
        Rig rig = Rig.open(EmulatorConfig.v3(7));
        assertThat(rig.session().version().toString()).isEqualTo("V3J7M3B3S1");
        assertThat(rig.wire().exchanges()).extracting(Exchange::command).containsExactly(StlinkCommands.GET_VERSION,
                StlinkCommands.GET_VERSION_EX);
        rig.wire().clear();
        int khz = rig.session().setSwdFrequency(4000);
        assertThat(khz).isEqualTo(3300);
        assertThat(rig.emulator().swdKiloHertz()).isEqualTo(3300);
        assertThat(rig.wire().exchanges()).extracting(EmulatedSessionTest::hex).containsExactly(
                "F2 62 00 00 00 00 00 00 00 00 00 00 00 00 00 00", // GET_COM_FREQ SWD
                "F2 61 00 00 E4 0C 00 00 00 00 00 00 00 00 00 00"); // SET_COM_FREQ 3300 kHz
        assertThat(rig.emulator().violations()).isEmpty();
    }

    @Test
    void targetVoltageIsComputedFromTheTwoAdcReadings() throws Exception {
        Rig rig = Rig.open(EmulatorConfig.v2(37));
        assertThat(rig.session().targetVoltageMillivolts()).isEqualTo(3300);
        rig.target().millivolts = 1800;
        assertThat(rig.session().targetVoltageMillivolts()).isEqualTo(1800);
        Exchange e = rig.wire().exchanges().get(rig.wire().exchanges().size() - 1);
        assertThat(e.command()).isEqualTo(StlinkCommands.GET_TARGET_VOLTAGE);
        assertThat(e.inLength()).isEqualTo(8);
    }

    @Test
    void tenThousandByteUnalignedWriteIsTheRightSequenceOfTransfers() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v2(31)); // before V2J32: the host splits at 1 KiB TAR blocks
        byte[] data = new byte[10_000];
        new Random(5).nextBytes(data);
        rig.session().writeBytes(0x2000_0001L, data, 0, data.length);

        List<Exchange> mem = rig.wire().exchanges(e -> e.command() == StlinkCommands.DEBUG_COMMAND
                && e.subCommand() != StlinkCommands.DEBUG_APIV2_GETLASTRWSTATUS2);
        assertThat(mem).extracting(Exchange::subCommand).containsExactly(0x0D, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08,
                0x08, 0x08, 0x08, 0x08, 0x0D);
        assertThat(hex(mem.get(0))).isEqualTo("F2 0D 01 00 00 20 03 00 00 00 00 00 00 00 00 00");
        assertThat(hex(mem.get(1))).isEqualTo("F2 08 04 00 00 20 FC 03 00 00 00 00 00 00 00 00");
        assertThat(hex(mem.get(2))).isEqualTo("F2 08 00 04 00 20 00 04 00 00 00 00 00 00 00 00");
        assertThat(hex(mem.get(10))).isEqualTo("F2 08 00 24 00 20 10 03 00 00 00 00 00 00 00 00");
        assertThat(hex(mem.get(11))).isEqualTo("F2 0D 10 27 00 20 01 00 00 00 00 00 00 00 00 00");
        assertThat(mem).allSatisfy(e -> assertThat(e.dataOut()).hasSize(e.length()));
        // WriteStatusCheck.END_OF_WRITE (the default, issue 11): each 8-bit command is followed by its own
        // GETLASTRWSTATUS2, the ten 32-bit block commands by ONE after the last of them; the per-command
        // sequence of EVERY_COMMAND is pinned in WriteStatusCheckTest
        List<Integer> subs = rig.wire().exchanges().stream().map(Exchange::subCommand).toList();
        assertThat(subs).containsExactly(0x0D, 0x3E, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x3E,
                0x0D, 0x3E);
        byte[] ram = new byte[10_000];
        System.arraycopy(rig.target().ram, 1, ram, 0, ram.length);
        assertThat(ram).isEqualTo(data);
        assertThat(rig.emulator().violations()).isEmpty();

        byte[] back = new byte[10_000];
        rig.session().readBytes(0x2000_0001L, back, 0, back.length);
        assertThat(back).isEqualTo(data);
        assertThat(rig.emulator().violations()).isEmpty();
    }

    @Test
    void v3MovesByteTransfersIn512ByteCommands() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v3(7));
        byte[] data = new byte[1000];
        new Random(1).nextBytes(data);
        rig.session().writeMemory(0x2000_0000L, data, 0, data.length, AccessWidth.BYTE);
        assertThat(rig.wire().exchanges(e -> e.isDebug(StlinkCommands.DEBUG_WRITEMEM_8BIT)))
                .extracting(Exchange::length).containsExactly(512, 488);
        byte[] back = rig.session().readMemory(0x2000_0000L, 1000, AccessWidth.BYTE);
        assertThat(back).isEqualTo(data);
        assertThat(rig.emulator().violations()).isEmpty();
    }

    @Test
    void singleByteReadTakesTwoBytesFromTheProbe() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v2(37));
        rig.target().ram[5] = 0x5A;
        byte[] one = new byte[1];
        rig.session().readMemory(0x2000_0005L, one, 0, 1, AccessWidth.BYTE);
        assertThat(one[0]).isEqualTo((byte) 0x5A);
        assertThat(rig.wire().exchanges(e -> e.isDebug(StlinkCommands.DEBUG_READMEM_8BIT)).get(0).inLength())
                .isEqualTo(2);
        assertThat(rig.emulator().violations()).isEmpty();
    }

    @Test
    void v2J21NeverSendsSwdSetFreqAndWarns() throws Exception {
        Rig rig = Rig.open(EmulatorConfig.v2(21));
        rig.session().connect(StlinkSession.ConnectMode.NORMAL);
        assertThat(rig.wire().exchanges(e -> e.isDebug(StlinkCommands.DEBUG_APIV2_SWD_SET_FREQ))).isEmpty();
        assertThat(rig.wire().exchanges(e -> e.isDebug(StlinkCommands.DEBUG_APIV2_INIT_AP))).isEmpty();
        assertThat(rig.session().swdKiloHertz()).isEqualTo(1800);
        assertThat(rig.session().warnings()).anySatisfy(w -> assertThat(w.message()).contains("V2J21")
                .contains("SWD clock").contains("upgrade"));
        assertThat(rig.emulator().violations()).isEmpty();
    }

    @Test
    void v2J25DoesHalfwordTransfersAsBytesAndWarns() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v2(25));
        rig.session().writeMemory(0x2000_0010L, new byte[] { 1, 2, 3, 4 }, 0, 4, AccessWidth.HALFWORD);
        assertThat(rig.wire().exchanges(e -> e.command() == StlinkCommands.DEBUG_COMMAND))
                .extracting(Exchange::subCommand)
                .containsExactly(StlinkCommands.DEBUG_WRITEMEM_8BIT, StlinkCommands.DEBUG_APIV2_GETLASTRWSTATUS2);
        assertThat(rig.session().warnings()).anySatisfy(w -> assertThat(w.code()).isEqualTo("FALLBACK_16_TO_8"));
        assertThat(rig.target().ram[0x10]).isEqualTo((byte) 1);
        assertThat(rig.emulator().violations()).isEmpty();

        Rig newer = Rig.connected(EmulatorConfig.v2(26));
        newer.session().writeMemory(0x2000_0010L, new byte[] { 1, 2, 3, 4 }, 0, 4, AccessWidth.HALFWORD);
        assertThat(newer.wire().exchanges().get(0).subCommand()).isEqualTo(StlinkCommands.DEBUG_APIV2_WRITEMEM_16BIT);
        assertThat(newer.session().warnings()).isEmpty();
    }

    @Test
    void waitIsRetriedWithBackoffOnTheVirtualClock() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v2(37));
        rig.target().ram[0] = 0x11;
        rig.emulator().injectStatus(StlinkStatus.SWD_AP_WAIT, 3);
        long before = rig.target().nanos;
        assertThat(rig.session().readMemory(0x2000_0000L, 4, AccessWidth.WORD)[0]).isEqualTo((byte) 0x11);
        assertThat(rig.session().waitRetriesUsed()).isEqualTo(3);
        assertThat(rig.wire().exchanges(e -> e.isDebug(StlinkCommands.DEBUG_READMEM_32BIT))).hasSize(4);
        // back-off 1 + 2 + 4 ms on top of four USB round trips
        assertThat(rig.target().nanos - before).isGreaterThanOrEqualTo(7_000_000L);
    }

    @Test
    void waitThatNeverEndsBecomesATimeout() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v2(37));
        rig.emulator().injectStatus(StlinkStatus.SWD_DP_WAIT, 100);
        assertThatThrownBy(() -> rig.session().writeDebugRegister(CortexM.DHCSR.address(), CortexM.dhcsrWrite(CortexM.DHCSR_C_DEBUGEN)))
                .isInstanceOf(TargetTimeoutException.class).hasMessageContaining("SWD_DP_WAIT");
        assertThat(rig.wire().exchanges()).hasSize(9); // first try + 8 retries (as OpenOCD stlink_usb.c)
    }

    @Test
    void busFaultReportsTheAddressFromGetLastRwStatus2() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v2(37));
        long end = FakeCortexTarget.RAM + FakeCortexTarget.RAM_SIZE;
        // a read that runs off the end of RAM faults at the first unmapped word, not at the start
        assertThatThrownBy(() -> rig.session().readMemory(end - 8, 16, AccessWidth.WORD))
                .isInstanceOfSatisfying(BusFaultException.class, e -> assertThat(e.address()).isEqualTo(end))
                .hasMessageContaining("SWD_AP_FAULT");
        rig.target().faultAt = FakeCortexTarget.RAM + 0x120;
        assertThatThrownBy(() -> rig.session().readMemory(FakeCortexTarget.RAM + 0x100, 64, AccessWidth.WORD))
                .isInstanceOfSatisfying(BusFaultException.class,
                        e -> assertThat(e.address()).isEqualTo(FakeCortexTarget.RAM + 0x120));
        assertThat(rig.emulator().violations()).isEmpty();
    }

    @Test
    void withoutGetLastRwStatus2TheFaultNamesTheCommandAddress() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v2(14));
        rig.target().faultAt = FakeCortexTarget.RAM + 0x120;
        assertThatThrownBy(() -> rig.session().readMemory(FakeCortexTarget.RAM + 0x100, 64, AccessWidth.WORD))
                .isInstanceOfSatisfying(BusFaultException.class,
                        e -> assertThat(e.address()).isEqualTo(FakeCortexTarget.RAM + 0x100));
        assertThat(rig.wire().exchanges(e -> e.isDebug(StlinkCommands.DEBUG_APIV2_GETLASTRWSTATUS))).hasSize(1);
        assertThat(rig.wire().exchanges(e -> e.isDebug(StlinkCommands.DEBUG_APIV2_GETLASTRWSTATUS2))).isEmpty();
        assertThat(rig.emulator().violations()).isEmpty();
    }

    @Test
    void fromV2J32OneCommandCarriesUpToSixKiBAcrossTarBlocks() throws Exception {
        // the firmware reloads TAR where the 1 KiB auto-increment block ends (as OpenOCD 0.12's DAP-direct driver
        // relies on): the host splits only at the probe's 6144-byte buffer (issue 18: a round trip less per KiB)
        Rig rig = Rig.connected(EmulatorConfig.v2(37));
        byte[] data = new byte[10_000];
        new Random(5).nextBytes(data);
        rig.session().writeBytes(0x2000_0001L, data, 0, data.length);

        List<Exchange> mem = rig.wire().exchanges(e -> e.command() == StlinkCommands.DEBUG_COMMAND
                && e.subCommand() != StlinkCommands.DEBUG_APIV2_GETLASTRWSTATUS2);
        assertThat(mem).extracting(Exchange::subCommand).containsExactly(0x0D, 0x08, 0x08, 0x0D);
        assertThat(hex(mem.get(1))).isEqualTo("F2 08 04 00 00 20 00 18 00 00 00 00 00 00 00 00"); // 6144 at +4
        assertThat(hex(mem.get(2))).isEqualTo("F2 08 04 18 00 20 0C 0F 00 00 00 00 00 00 00 00"); // 3852 at +0x1804
        byte[] back = new byte[data.length];
        rig.session().readBytes(0x2000_0001L, back, 0, back.length);
        assertThat(back).isEqualTo(data);
        assertThat(rig.emulator().violations()).isEmpty();
    }

    @Test
    void writeToReadOnlyMemoryIsABusFault() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v3(7));
        assertThatThrownBy(() -> rig.session().writeMemory(FakeCortexTarget.ROM + 4, new byte[8], 0, 8,
                AccessWidth.WORD)).isInstanceOfSatisfying(BusFaultException.class,
                        e -> assertThat(e.address()).isEqualTo(FakeCortexTarget.ROM + 4));
    }

    @Test
    void unplugMidWriteIsATypedErrorAndReleasesTheTransport() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v2(37));
        rig.emulator().unplugAfter(5);
        byte[] data = new byte[32768]; // six block commands of up to 6 KiB: the probe vanishes during the fifth
        assertThatThrownBy(() -> rig.session().writeMemory(0x2000_0000L, data, 0, data.length, AccessWidth.WORD))
                .isInstanceOf(ProbeDisconnectedException.class);
        assertThat(rig.emulator().isClosed()).isTrue();
        assertThat(rig.session().isConnected()).isFalse();
        int before = rig.wire().exchanges().size();
        assertThatThrownBy(() -> rig.session().readDebugRegister(CortexM.DHCSR.address()))
                .isInstanceOf(ProbeDisconnectedException.class);
        assertThat(rig.wire().exchanges()).hasSize(before); // fails fast, nothing sent
        rig.session().close(); // never throws after a disconnect
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("flashbank"));
    }

    @Test
    void v3BeforeJ6StillUses64ByteByteTransfers() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v3(2));
        rig.session().writeMemory(0x2000_0000L, new byte[100], 0, 100, AccessWidth.BYTE);
        assertThat(rig.wire().exchanges(e -> e.isDebug(StlinkCommands.DEBUG_WRITEMEM_8BIT)))
                .extracting(Exchange::length).containsExactly(64, 36);
        assertThat(rig.emulator().violations()).isEmpty();
    }

    @Test
    void lockedDebugPortIsReportedAtConnect() throws Exception {
        Rig rig = Rig.open(EmulatorConfig.v2(37));
        rig.target().locked = true;
        assertThatThrownBy(() -> rig.session().connect(StlinkSession.ConnectMode.NORMAL))
                .isInstanceOf(DebugPortLockedException.class).hasMessageContaining("GET_IDCODE_ERROR")
                .hasMessageContaining("read protection level 2");
    }

    @Test
    void targetPowerLossAfterConnectIsADisconnect() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v2(37));
        rig.target().powered = false;
        assertThatThrownBy(() -> rig.session().readMemory(0x2000_0000L, 4, AccessWidth.WORD))
                .isInstanceOf(ProbeDisconnectedException.class).hasMessageContaining("power");
    }

    @Test
    void connectUnderResetHoldsNrstAcrossEnter() throws Exception {
        Rig rig = Rig.open(EmulatorConfig.v2(37));
        rig.session().connect(StlinkSession.ConnectMode.UNDER_RESET);
        assertThat(rig.target().nrstDuringEnter).isTrue();
        assertThat(rig.target().nrst).isTrue();
        List<String> subs = rig.wire().exchanges(e -> e.command() == StlinkCommands.DEBUG_COMMAND).stream()
                .map(EmulatedSessionTest::hex).toList();
        assertThat(subs).containsSubsequence("F2 3C 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
                "F2 30 A3 00 00 00 00 00 00 00 00 00 00 00 00 00", "F2 3C 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
        rig.session().driveNrst(StlinkSession.Nrst.HIGH);
        assertThat(rig.target().nrst).isFalse();
    }

    @Test
    void debugAndCoreRegistersAndReset() throws Exception {
        Rig rig = Rig.connected(EmulatorConfig.v2(37));
        rig.session().writeDebugRegister(CortexM.DHCSR.address(), CortexM.dhcsrWrite(CortexM.DHCSR_C_DEBUGEN, CortexM.DHCSR_C_HALT));
        assertThat(hex(rig.wire().exchanges().get(0))).isEqualTo("F2 35 F0 ED 00 E0 03 00 5F A0 00 00 00 00 00 00");
        assertThat(rig.session().readDebugRegister(CortexM.DHCSR.address()) & CortexM.DHCSR_S_HALT.mask()).isNotZero();
        rig.session().writeCoreRegister(CortexM.REGSEL_PC, 0x0800_0123);
        assertThat(rig.target().coreRegisters[CortexM.REGSEL_PC]).isEqualTo(0x0800_0123);
        rig.target().coreRegisters[CortexM.REGSEL_SP] = 0x2001_0000;
        assertThat(rig.session().readCoreRegister(CortexM.REGSEL_SP)).isEqualTo(0x2001_0000);
        assertThat(hex(rig.wire().exchanges(e -> e.isDebug(StlinkCommands.DEBUG_APIV2_WRITEREG)).get(0)))
                .isEqualTo("F2 34 0F 23 01 00 08 00 00 00 00 00 00 00 00 00");
        rig.session().resetSystem();
        assertThat(rig.target().systemResets).isEqualTo(1);
        assertThat(rig.emulator().violations()).isEmpty();
    }

    @Test
    void swimOnlyFirmwareIsRefusedAndTheTransportReleased() {
        var cfg = EmulatorConfig.v2(0);
        StlinkEmulator emu = new StlinkEmulator(cfg, new FakeCortexTarget());
        assertThatThrownBy(() -> dev.flashbank.stlink.StlinkSession.open(emu,
                dev.flashbank.stlink.StlinkSessionOptions.defaults())).isInstanceOf(UnsupportedProbeException.class)
                        .hasMessageContaining("SWIM-only");
        assertThat(emu.isClosed()).isTrue();
    }

    @Test
    void emulatorFlagsHostsThatBreakTheLimits() throws Exception {
        // V2J31: the last firmware before V2J32, from which the probe reloads TAR itself (MemoryOnApTest)
        Rig rig = Rig.connected(EmulatorConfig.v2(31));
        // a hand-made 8-bit write of 100 bytes: more than one full-speed packet
        byte[] cdb = dev.flashbank.stlink.Cdb.debug(StlinkCommands.DEBUG_WRITEMEM_8BIT).u32(0x2000_0000L).u16(100)
                .bytes();
        rig.emulator().exchange(cdb, new byte[100], 0, 1000);
        assertThat(rig.emulator().violations()).singleElement().asString().contains("limit 64");
        // a 32-bit write crossing a 1 KiB TAR window
        byte[] cross = dev.flashbank.stlink.Cdb.debug(StlinkCommands.DEBUG_WRITEMEM_32BIT).u32(0x2000_03F0L).u16(32)
                .bytes();
        rig.emulator().exchange(cross, new byte[32], 0, 1000);
        assertThat(rig.emulator().violations()).hasSize(2).last().asString().contains("TAR");
    }
}
