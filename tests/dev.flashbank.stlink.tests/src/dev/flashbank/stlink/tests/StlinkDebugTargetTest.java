package dev.flashbank.stlink.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetTimeoutException;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkDebugTarget;
import dev.flashbank.stlink.StlinkSession.ConnectMode;
import dev.flashbank.stlink.emulator.EmulatorConfig;

class StlinkDebugTargetTest {

    @Test
    void memoryAndVoltageThroughTheCoreInterfaces() throws Exception {
        Rig rig = Rig.open(EmulatorConfig.v21(37));
        try (DebugTarget t = StlinkDebugTarget.attach(rig.session(), ConnectMode.NORMAL)) {
            t.memory().write32(0x2000_0100L, 0xCAFE_F00D);
            assertThat(t.memory().read32(0x2000_0100L)).isEqualTo(0xCAFE_F00D);
            t.memory().write16(0x2000_0104L, 0xBEEF);
            assertThat(t.memory().read16(0x2000_0104L)).isEqualTo(0xBEEF);
            assertThat(t.memory().read8(0x2000_0105L)).isEqualTo(0xBE);
            assertThat(t.memory().read(FakeCortexTarget.ROM, 8, AccessWidth.WORD)).containsExactly(
                    java.util.Arrays.copyOf(rig.target().rom, 8));
            assertThat(t.targetVoltageMillivolts()).isEqualTo(3300);
            assertThat(t.describe()).contains("ST-LINK/V2-1").contains("V2J37M26");
        }
        assertThat(rig.emulator().isClosed()).isTrue();
        assertThat(rig.wire().exchanges().get(rig.wire().exchanges().size() - 1).isDebug(StlinkCommands.DEBUG_EXIT))
                .isTrue();
        assertThat(rig.emulator().violations()).isEmpty();
    }

    @Test
    void haltRunAndCoreRegisters() throws Exception {
        Rig rig = Rig.open(EmulatorConfig.v3(7));
        StlinkDebugTarget t = StlinkDebugTarget.attach(rig.session(), ConnectMode.NORMAL);
        t.run();
        assertThat(t.isHalted()).isFalse();
        t.halt();
        assertThat(t.isHalted()).isTrue();
        t.writeCoreRegister(CortexM.REGSEL_PC, 0x0800_0201);
        assertThat(t.readCoreRegister(CortexM.REGSEL_PC)).isEqualTo(0x0800_0201);
        assertThat(rig.emulator().violations()).isEmpty();
    }

    @Test
    void resetAndHaltUsesVectorCatchAndRestoresDemcr() throws Exception {
        Rig rig = Rig.open(EmulatorConfig.v2(37));
        StlinkDebugTarget t = StlinkDebugTarget.attach(rig.session(), ConnectMode.NORMAL);
        t.run();
        rig.target().demcr = CortexM.DEMCR_TRCENA.mask();
        t.resetAndHalt(ResetKind.SYSTEM);
        assertThat(rig.target().systemResets).isEqualTo(1);
        assertThat(t.isHalted()).isTrue();
        assertThat(rig.target().demcr).isEqualTo(CortexM.DEMCR_TRCENA.mask());
        t.resetAndHalt(ResetKind.HARDWARE);
        assertThat(rig.target().hardwareResets).isEqualTo(1);
        assertThat(t.isHalted()).isTrue();
        t.reset(ResetKind.SYSTEM);
        assertThat(t.isHalted()).isFalse();
    }

    @Test
    void connectUnderResetStopsAtTheResetVector() throws Exception {
        Rig rig = Rig.open(EmulatorConfig.v2(37));
        rig.target().halted = false;
        rig.target().cHalt = false;
        StlinkDebugTarget t = StlinkDebugTarget.attach(rig.session(), ConnectMode.UNDER_RESET);
        assertThat(rig.target().nrstDuringEnter).isTrue();
        assertThat(rig.target().nrst).isFalse(); // released after arming the vector catch
        assertThat(t.isHalted()).isTrue();
        assertThat(CortexM.DEMCR_VC_CORERESET.isSet(rig.target().demcr)).isFalse(); // restored
        assertThat(t.dpIdcode()).isEqualTo(FakeCortexTarget.IDCODE);
    }

    @Test
    void aCoreThatNeverHaltsTimesOutOnTheVirtualClock() throws Exception {
        Rig rig = Rig.open(EmulatorConfig.v2(37));
        StlinkDebugTarget t = StlinkDebugTarget.attach(rig.session(), ConnectMode.NORMAL);
        t.run();
        rig.target().ignoresHalt = true; // e.g. a core in STOP mode without DBGMCU debug clocks
        long start = rig.target().nanos;
        assertThatThrownBy(t::halt).isInstanceOf(TargetTimeoutException.class).hasMessageContaining("S_HALT");
        assertThat(rig.target().nanos - start).isGreaterThanOrEqualTo(StlinkDebugTarget.HALT_TIMEOUT.toNanos());
    }

    @Test
    void fpuRegistersOnFirmwareBeforeJ15GoThroughDcrsrByHand() throws Exception {
        Rig rig = Rig.open(EmulatorConfig.v2(14));
        StlinkDebugTarget t = StlinkDebugTarget.attach(rig.session(), ConnectMode.NORMAL);
        rig.target().coreRegisters[CortexM.REGSEL_FPSCR] = 0x0300_0000;
        rig.wire().clear();
        assertThat(t.readCoreRegister(CortexM.REGSEL_FPSCR)).isEqualTo(0x0300_0000);
        assertThat(rig.wire().exchanges(e -> e.isDebug(StlinkCommands.DEBUG_APIV2_READREG))).isEmpty();
        assertThat(rig.wire().exchanges(e -> e.isDebug(StlinkCommands.DEBUG_APIV2_WRITEDEBUGREG)))
                .extracting(e -> e.address()).containsExactly(CortexM.DCRSR.address());
        t.writeCoreRegister(CortexM.REGSEL_FPSCR, 0x0040_0000);
        assertThat(rig.target().coreRegisters[CortexM.REGSEL_FPSCR]).isEqualTo(0x0040_0000);
        // from V2J15 the probe's READREG handles FPU registers itself (OpenOCD STLINK_F_HAS_GETLASTRWSTATUS2)
        Rig newer = Rig.open(EmulatorConfig.v2(15));
        StlinkDebugTarget t15 = StlinkDebugTarget.attach(newer.session(), ConnectMode.NORMAL);
        newer.target().coreRegisters[CortexM.REGSEL_FPSCR] = 7;
        assertThat(t15.readCoreRegister(CortexM.REGSEL_FPSCR)).isEqualTo(7);
        assertThat(newer.wire().exchanges(e -> e.isDebug(StlinkCommands.DEBUG_APIV2_READREG))).hasSize(1);
    }
}
