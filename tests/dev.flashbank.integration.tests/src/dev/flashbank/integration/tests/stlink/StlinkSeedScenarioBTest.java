package dev.flashbank.integration.tests.stlink;

import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.cli.sim.SimStlinkBackend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.Sector;
import dev.flashbank.family.stm32f7.Stm32F7Window;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.doctor.EraseCheck;
import dev.flashbank.core.family.Finding;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.flash.FailureCause;
import dev.flashbank.family.stm32f7.flash.FlashErrorFlag;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.FlashProtectionException;
import dev.flashbank.family.stm32f7.flash.FlashStatusException;
import dev.flashbank.core.family.ProtectionModel.BlockerKind;
import dev.flashbank.core.family.ProtectionModel.EraseBlocker;
import dev.flashbank.core.family.ProtectionModel.FixStep;
import dev.flashbank.core.target.DebugPortLockedException;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;

/**
 * Seed scenario B (issue 4) again, end to end through the emulated ST-Link: an STM32F722ZE whose
 * mass erase "fails, please verify flash protection". Write protection, PCROP and RDP = 0xFF each refuse mass erase
 * with the right flag and cause, the doctor names the fix, following it makes mass erase succeed; RDP level 2 fails
 * at connect with the typed error the doctor explains.
 */
class StlinkSeedScenarioBTest {

    static final String PART = "STM32F722ZE";
    static final byte[] MARK = { 0x12, 0x34, 0x56, 0x78, (byte) 0x9A, (byte) 0xBC, (byte) 0xDE, (byte) 0xF0 };
    static final EmulatorConfig PROBE = EmulatorConfig.v21(37); // the Nucleo-F722ZE's on-board ST-LINK/V2-1

    static OptionBytes factory() {
        return OptionBytes.factory(Stm32F7Line.F72X_F73X);
    }

    static boolean erased(StlinkBench b, Sector s) {
        for (byte x : b.board.readCells(1, s.offset(), MARK.length)) {
            if (x != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    static StlinkBench markedThenProtected(OptionBytes protectedOptions) throws Exception {
        StlinkBench b = StlinkBench.of(PART, factory(), PROBE);
        for (Sector s : b.driver.geometry().sectors()) {
            b.driver.programAndVerify(Stm32F7Window.AXIM.base() + s.offset(), MARK, FlashProgress.NONE);
        }
        b.driver.writeOptions(protectedOptions, FlashProgress.NONE);
        b.driver.resetAndReprobe(ResetKind.SYSTEM);
        return b;
    }

    static EraseBlocker massEraseBlocker(DoctorReport r, BlockerKind kind) {
        EraseCheck c = r.eraseCheck("mass erase").orElseThrow();
        assertThat(c.wouldSucceed()).isFalse();
        return c.blockers().stream().filter(x -> x.kind() == kind).findFirst().orElseThrow();
    }

    static void follow(StlinkBench b, EraseBlocker blocker) throws Exception {
        assertThat(blocker.fixSteps()).isNotEmpty();
        for (FixStep step : blocker.fixSteps()) {
            b.driver.writeOptions(step.options(), FlashProgress.NONE);
            if (step.resetAfter()) {
                b.driver.resetAndReprobe(ResetKind.SYSTEM);
            }
        }
    }

    @Test
    void writeProtectedSectorRefusesMassEraseAndTheDoctorsFixWorks() throws Exception {
        StlinkBench b = markedThenProtected(factory().withWriteProtection(3, true));
        assertThatThrownBy(() -> b.driver.massErase(FlashProgress.NONE))
                .isInstanceOfSatisfying(FlashStatusException.class, e -> {
                    assertThat(e.primaryFlag()).isEqualTo(FlashErrorFlag.WRPERR);
                    assertThat(e.failureCause()).isEqualTo(FailureCause.WRITE_PROTECTED_SECTOR);
                });
        for (Sector s : b.driver.geometry().sectors()) {
            if (s.number() != 3) {
                b.driver.eraseSector(s);
                assertThat(erased(b, s)).as("%s erased on its own", s).isTrue();
            }
        }
        DoctorReport r = new Doctor(InstalledFamilies.families()).examine(b.target, List.of());
        Finding mass = r.finding(FindingCode.MASS_ERASE).orElseThrow();
        assertThat(mass.severity()).isEqualTo(Severity.ERROR);
        assertThat(mass.message()).contains("sector 3").contains("write-protected");
        follow(b, massEraseBlocker(r, BlockerKind.WRITE_PROTECTION));
        b.driver.massErase(FlashProgress.NONE);
        for (Sector s : b.driver.geometry().sectors()) {
            assertThat(erased(b, s)).isTrue();
        }
        assertThat(b.emulator.violations()).isEmpty();
    }

    @Test
    void pcropSectorRefusesMassEraseAndTheRegressionRecipeClearsIt() throws Exception {
        StlinkBench b = markedThenProtected(factory().withPcropProtection(2, true));
        assertThatThrownBy(() -> b.driver.massErase(FlashProgress.NONE)).isInstanceOfSatisfying(
                FlashStatusException.class, e -> assertThat(e.failureCause()).isEqualTo(FailureCause.PCROP_SECTOR));
        DoctorReport r = new Doctor(InstalledFamilies.families()).examine(b.target, List.of());
        assertThat(r.finding(FindingCode.MASS_ERASE).orElseThrow().message()).contains("sector 2").contains("PCROP");
        follow(b, massEraseBlocker(r, BlockerKind.PCROP));
        OptionBytes now = b.driver.readOptions();
        assertThat(now.pcrop()).isZero();
        assertThat(now.rdpLevel()).isEqualTo(RdpLevel.LEVEL_0);
        b.driver.massErase(FlashProgress.NONE);
        assertThat(b.emulator.violations()).isEmpty();
    }

    @Test
    void rdpFfIsLevel1AndRefusesEraseUntilTheRegression() throws Exception {
        StlinkBench b = markedThenProtected(factory().withRdp(0xFF));
        assertThatThrownBy(() -> b.driver.massErase(FlashProgress.NONE)).isInstanceOfSatisfying(
                FlashStatusException.class, e -> {
                    assertThat(e.failureCause()).isEqualTo(FailureCause.READ_PROTECTION);
                    assertThat(e.getMessage()).contains("0xFF").contains("level 1");
                });
        // the ST-Link reports the refused flash access as a plain AP fault: the driver still names read protection
        assertThatThrownBy(() -> b.driver.verify(Stm32F7Window.AXIM.base(), MARK))
                .isInstanceOfSatisfying(FlashProtectionException.class,
                        e -> assertThat(e.failureCause()).isEqualTo(FailureCause.READ_PROTECTION));
        assertThatThrownBy(() -> b.driver.program(Stm32F7Window.AXIM.base() + 0x100, MARK, FlashProgress.NONE))
                .isInstanceOfSatisfying(FlashProtectionException.class,
                        e -> assertThat(e.failureCause()).isEqualTo(FailureCause.READ_PROTECTION));
        DoctorReport r = new Doctor(InstalledFamilies.families()).examine(b.target, List.of());
        assertThat(r.finding(FindingCode.RDP).orElseThrow().message()).contains("0xFF").contains("level 1");
        EraseBlocker blocker = massEraseBlocker(r, BlockerKind.READ_PROTECTION);
        b.driver.writeOptions(blocker.fixSteps().get(0).options(), FlashProgress.NONE);
        assertThat(b.board.readCells(1, 0, MARK.length)).containsOnly((byte) 0xFF);
        b.driver.resetAndReprobe(ResetKind.SYSTEM);
        b.driver.massErase(FlashProgress.NONE);
        b.driver.programAndVerify(Stm32F7Window.AXIM.base(), MARK, FlashProgress.NONE);
        assertThat(b.emulator.violations()).isEmpty();
    }

    @Test
    void rdpLevel2FailsAtConnectWithTheErrorTheDoctorExplains() throws Exception {
        SimulatedBoard board = SimulatedBoards.create(PART,
                BoardOptions.defaults().withOptionBytes(factory().withRdp(0xCC)));
        StlinkEmulator emulator = new StlinkEmulator(PROBE, new SimStlinkBackend(board.debugBus()));
        StlinkSession session = StlinkSession.open(emulator, StlinkSessionOptions.defaults().withClock(emulator.clock()));
        DebugPortLockedException failure = null;
        try {
            session.connect(StlinkSession.ConnectMode.NORMAL);
        } catch (DebugPortLockedException e) {
            failure = e;
        } finally {
            session.close();
        }
        assertThat(failure).as("connecting to a level-2 part must fail with DebugPortLockedException").isNotNull();
        assertThat(failure.getMessage()).contains("read protection level 2");
        DoctorReport r = Doctor.connectionFailed(session.describe(), failure);
        assertThat(r.finding(FindingCode.DEBUG_PORT_LOCKED).orElseThrow().severity()).isEqualTo(Severity.ERROR);
        assertThat(emulator.isClosed()).isTrue();
    }
}
