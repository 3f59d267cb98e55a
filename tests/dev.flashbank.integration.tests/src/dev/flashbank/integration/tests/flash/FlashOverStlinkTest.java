package dev.flashbank.integration.tests.flash;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.ops.InactiveBankUpdater;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.cli.sim.SimStlinkBackend;
import dev.flashbank.integration.tests.SeedScenarioA;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.stlink.StlinkDebugTarget;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;

/**
 * The flash driver and the doctor over the whole ST-Link stack (StlinkDebugTarget -> USB protocol -> emulated probe
 * -> simulated F767ZI): nothing above {@link dev.flashbank.core.target.DebugTarget} knows the transport, and the
 * seed-scenario-A update works the same way, streaming and word-wise.
 */
class FlashOverStlinkTest {

    static EmulatorConfig[] probes() {
        return new EmulatorConfig[] { EmulatorConfig.v21(25), EmulatorConfig.v3(7) };
    }

    static StlinkDebugTarget attach(SimulatedBoard board, EmulatorConfig config) throws Exception {
        StlinkEmulator emulator = new StlinkEmulator(config, new SimStlinkBackend(board.debugBus()));
        StlinkSession session = StlinkSession.open(emulator,
                StlinkSessionOptions.defaults().withClock(emulator.clock()));
        return StlinkDebugTarget.attach(session, StlinkSession.ConnectMode.NORMAL);
    }

    static PollClock busClock(DebugBus bus) {
        return new PollClock() {
            @Override
            public long nanoTime() {
                return bus.nanoTime();
            }

            @Override
            public void pause(long nanos) {
                bus.elapse(Duration.ofNanos(nanos));
            }
        };
    }

    @ParameterizedTest
    @MethodSource("probes")
    void inactiveBankUpdateAndDoctorThroughAnStlink(EmulatorConfig config) throws Exception {
        OptionBytes dual = OptionBytes.factory(Stm32F7Line.F76X_F77X).withBankMode(BankMode.DUAL);
        SimulatedBoard board = SimulatedBoards.create("STM32F767ZI", BoardOptions.defaults().withOptionBytes(dual));
        try (StlinkDebugTarget t = attach(board, config)) {
            for (FlashDriverSettings.WriteMode mode : new FlashDriverSettings.WriteMode[] {
                    FlashDriverSettings.WriteMode.AUTO, FlashDriverSettings.WriteMode.WORD_WISE }) {
                Stm32F7FlashDriver d = Stm32F7FlashDriver.forSession(new TargetSession(t, InstalledFamilies.families()), busClock(board.debugBus()),
                        FlashDriverSettings.defaults().withWriteMode(mode));
                d.programAndVerify(0x0810_0000L, SeedScenarioA.OLD_BANK2, FlashProgress.NONE);
                board.setSwpFbAsFirmware(true);
                byte[] bank2 = board.readCells(2, 0, 4096);
                InactiveBankUpdater.Result r = new InactiveBankUpdater(d).update(SeedScenarioA.NEW, 0,
                        FlashProgress.NONE);
                assertThat(r.verify().ok()).isTrue();
                assertThat(board.readCells(1, 0, SeedScenarioA.NEW.length)).isEqualTo(SeedScenarioA.NEW);
                assertThat(board.readCells(2, 0, 4096)).isEqualTo(bank2);
                board.setSwpFbAsFirmware(false);
                d.eraseBank(2, FlashProgress.NONE);
            }
            DoctorReport report = new Doctor(InstalledFamilies.families()).examine(t, List.of());
            assertThat(report.finding(FindingCode.MASS_ERASE).orElseThrow().severity()).isEqualTo(Severity.INFO);
            assertThat(report.finding(FindingCode.BANK_MODE).orElseThrow().message()).contains("dual bank");
        }
    }
}
