package dev.flashbank.integration.tests.stlink;

import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.cli.sim.SimStlinkBackend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import dev.flashbank.family.stm32f7.Stm32F7Window;
import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.ProbeDisconnectedException;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.stlink.RecordingTransport;
import dev.flashbank.stlink.StlinkDebugTarget;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;

/**
 * StlinkDebugTarget → StlinkSession → emulated ST-Link → simulated STM32F767ZI: the ST-Link stack against the
 * faithful target, compared with the simulator-direct transport ({@link SimulatedProbe}).
 */
class StlinkOverSimulatorTest {

    record Stack(SimulatedBoard board, StlinkEmulator emulator, RecordingTransport wire, StlinkDebugTarget target) {
    }

    static Stack stack(SimulatedBoard board, EmulatorConfig config, StlinkSession.ConnectMode mode) throws Exception {
        StlinkEmulator emulator = new StlinkEmulator(config, new SimStlinkBackend(board.debugBus()));
        RecordingTransport wire = new RecordingTransport(emulator);
        StlinkSession session = StlinkSession.open(wire, StlinkSessionOptions.defaults().withClock(emulator.clock()));
        return new Stack(board, emulator, wire, StlinkDebugTarget.attach(session, mode));
    }

    static EmulatorConfig[] probes() {
        return new EmulatorConfig[] { EmulatorConfig.v2(37), EmulatorConfig.v21(25), EmulatorConfig.v3(7) };
    }

    @ParameterizedTest
    @MethodSource("probes")
    void identifiesTheF767ReadsFlashAndWritesRam(EmulatorConfig config) throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        Stack s = stack(board, config, StlinkSession.ConnectMode.NORMAL);
        try (StlinkDebugTarget t = s.target()) {
            assertThat(t.dpIdcode()).isEqualTo(CortexM.DP_IDCODE_SWD_CORTEX_M7 & 0xFFFF_FFFFL);

            TargetIdentity id = new TargetSession(t, InstalledFamilies.families()).identify();
            assertThat(id.deviceId().devId()).isEqualTo(0x451);
            assertThat(id.cpuPartNo()).isEqualTo(CortexM.PARTNO_CORTEX_M7);

            // flash through the ST-Link equals flash through the simulator-direct transport
            long flash = Stm32F7Window.AXIM.base();
            byte[] viaStlink = t.memory().read(flash, 8192, AccessWidth.WORD);
            try (SimulatedProbe direct = SimulatedProbe.connect(board)) {
                assertThat(viaStlink).isEqualTo(direct.memory().read(flash, 8192, AccessWidth.WORD));
            }

            // 10 000 unaligned bytes into SRAM1, read back both ways
            long sram1 = board.line().sram1().start();
            byte[] data = new byte[10_000];
            new Random(767).nextBytes(data);
            t.writeBytes(sram1 + 1, data, 0, data.length);
            byte[] back = new byte[data.length];
            t.readBytes(sram1 + 1, back, 0, back.length);
            assertThat(back).isEqualTo(data);
            try (SimulatedProbe direct = SimulatedProbe.connect(board)) {
                byte[] window = direct.memory().read(sram1, 10_004, AccessWidth.WORD);
                assertThat(java.util.Arrays.copyOfRange(window, 1, 10_001)).isEqualTo(data);
            }
            assertThat(t.targetVoltageMillivolts()).isEqualTo(board.voltageMillivolts());
        }
        assertThat(s.emulator().violations()).isEmpty();
        assertThat(s.emulator().isClosed()).isTrue();
    }

    @Test
    void coreControlMatchesTheSimulatedCore() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        Stack s = stack(board, EmulatorConfig.v2(37), StlinkSession.ConnectMode.UNDER_RESET);
        StlinkDebugTarget t = s.target();
        assertThat(board.coreHalted()).isTrue(); // stopped at the reset vector
        int pc = t.readCoreRegister(CortexM.REGSEL_PC);
        assertThat(pc).isEqualTo(board.coreRegister(CortexM.REGSEL_PC));
        t.writeCoreRegister(CortexM.REGSEL_R0, 0x1234_5678);
        assertThat(board.coreRegister(CortexM.REGSEL_R0)).isEqualTo(0x1234_5678);
        t.run();
        assertThat(t.isHalted()).isFalse();
        t.halt();
        assertThat(board.coreHalted()).isTrue();
        t.resetAndHalt(ResetKind.SYSTEM);
        assertThat(board.coreHalted()).isTrue();
        assertThat(t.readCoreRegister(CortexM.REGSEL_PC)).isEqualTo(pc);
        t.resetAndHalt(ResetKind.HARDWARE);
        assertThat(board.coreHalted()).isTrue();
        t.close();
        assertThat(s.emulator().violations()).isEmpty();
    }

    @Test
    void unmappedAddressIsABusFaultWithTheAddress() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        Stack s = stack(board, EmulatorConfig.v2(37), StlinkSession.ConnectMode.NORMAL);
        long end = board.line().sram2().end();
        assertThatThrownBy(() -> s.target().memory().read(end - 16, 64, AccessWidth.WORD))
                .isInstanceOfSatisfying(BusFaultException.class, e -> assertThat(e.address()).isEqualTo(end));
        s.target().close();
    }

    @Test
    void targetPowerLossMidWriteIsATypedError() throws Exception {
        SimulatedBoard board = SimulatedBoards.createFactoryFresh();
        Stack s = stack(board, EmulatorConfig.v3(7), StlinkSession.ConnectMode.NORMAL);
        board.faults().powerLossAfterAccesses(500);
        long sram1 = board.line().sram1().start();
        assertThatThrownBy(() -> s.target().memory().write(sram1, new byte[16384], 0, 16384, AccessWidth.WORD))
                .isInstanceOf(ProbeDisconnectedException.class).hasMessageContaining("power");
        s.target().close();
    }
}
