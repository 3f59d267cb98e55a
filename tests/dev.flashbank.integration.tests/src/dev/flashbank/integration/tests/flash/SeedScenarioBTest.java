package dev.flashbank.integration.tests.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.core.device.Sector;
import dev.flashbank.family.stm32f7.Stm32F7Window;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
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
import dev.flashbank.core.family.OptionWriteResult;
import dev.flashbank.core.family.ProtectionModel.BlockerKind;
import dev.flashbank.core.family.ProtectionModel.EraseBlocker;
import dev.flashbank.core.family.ProtectionModel.FixStep;
import dev.flashbank.core.target.DebugPortLockedException;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;

/**
 * Seed scenario B (issue 4): an STM32F722ZE whose mass erase "fails, please verify flash
 * protection". With one write-protected sector, with one PCROP sector, and with RDP = 0xFF the driver's mass erase is
 * refused with the right flag and cause; the doctor names cause, fix and consequence; following the doctor's fix
 * steps makes the mass erase succeed.
 */
class SeedScenarioBTest {

    static final String PART = "STM32F722ZE";
    static final Stm32F7Line F72 = Stm32F7Line.F72X_F73X;
    static final byte[] MARK = { 0x12, 0x34, 0x56, 0x78, (byte) 0x9A, (byte) 0xBC, (byte) 0xDE, (byte) 0xF0 };

    static OptionBytes factory() {
        return OptionBytes.factory(F72);
    }

    /** Writes a mark at the start of every sector not in {@code skip} (done while the options allow it). */
    static void markSectors(SimBench b, List<Integer> skip) throws Exception {
        for (Sector s : b.driver.geometry().sectors()) {
            if (!skip.contains(s.number())) {
                b.driver.programAndVerify(Stm32F7Window.AXIM.base() + s.offset(), MARK, FlashProgress.NONE);
            }
        }
    }

    static boolean erased(SimBench b, Sector s) {
        byte[] cells = b.board.readCells(1, s.offset(), MARK.length);
        for (byte x : cells) {
            if (x != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    static EraseBlocker massEraseBlocker(DoctorReport r, BlockerKind kind) {
        EraseCheck c = r.eraseCheck("mass erase").orElseThrow();
        assertThat(c.wouldSucceed()).isFalse();
        return c.blockers().stream().filter(x -> x.kind() == kind).findFirst().orElseThrow();
    }

    /** Does what the doctor says: each option write, with a reset where the step asks for one. */
    static void follow(SimBench b, EraseBlocker blocker) throws Exception {
        assertThat(blocker.fixSteps()).isNotEmpty();
        for (FixStep step : blocker.fixSteps()) {
            b.driver.writeOptions(step.options(), FlashProgress.NONE);
            if (step.resetAfter()) {
                b.driver.resetAndReprobe(ResetKind.SYSTEM);
            }
        }
    }

    static SimBench withOptionsProgrammedLater(OptionBytes protectedOptions, List<Integer> unmarked) throws Exception {
        SimBench b = SimBench.of(PART, factory());
        markSectors(b, unmarked);
        b.driver.writeOptions(protectedOptions, FlashProgress.NONE);
        b.driver.resetAndReprobe(ResetKind.SYSTEM);
        return b;
    }

    @Test
    void aWriteProtectedSectorRefusesMassEraseWithWrperrWhileOtherSectorsEraseOneByOne() throws Exception {
        SimBench b = withOptionsProgrammedLater(factory().withWriteProtection(3, true), List.of());
        assertThatThrownBy(() -> b.driver.massErase(FlashProgress.NONE))
                .isInstanceOfSatisfying(FlashStatusException.class, e -> {
                    assertThat(e.primaryFlag()).isEqualTo(FlashErrorFlag.WRPERR);
                    assertThat(e.failureCause()).isEqualTo(FailureCause.WRITE_PROTECTED_SECTOR);
                    assertThat(e.getMessage()).contains("WRPERR").contains("sector 3").contains("mass erase");
                    assertThat(e.fix()).contains("nWRP[3] = 1");
                });
        for (Sector s : b.driver.geometry().sectors()) {
            assertThat(erased(b, s)).as("mass erase was refused as a whole: %s still holds data", s).isFalse();
        }
        for (Sector s : b.driver.geometry().sectors()) {
            if (s.number() == 3) {
                assertThatThrownBy(() -> b.driver.eraseSector(s)).isInstanceOfSatisfying(FlashStatusException.class,
                        e -> assertThat(e.failureCause()).isEqualTo(FailureCause.WRITE_PROTECTED_SECTOR));
                assertThat(erased(b, s)).isFalse();
            } else {
                b.driver.eraseSector(s);
                assertThat(erased(b, s)).as("%s erased on its own", s).isTrue();
            }
        }

        DoctorReport r = new Doctor(InstalledFamilies.families()).examine(b.probe, List.of());
        Finding mass = r.finding(FindingCode.MASS_ERASE).orElseThrow();
        assertThat(mass.severity()).isEqualTo(Severity.ERROR);
        assertThat(mass.message()).contains("sector 3").contains("write-protected").contains("WRPERR")
                .contains("one by one");
        assertThat(mass.fix()).hasValueSatisfying(f -> assertThat(f).contains("nWRP[3] = 1"));
        assertThat(mass.consequence()).hasValueSatisfying(c -> assertThat(c).contains("no erase"));
        assertThat(r.finding(FindingCode.WRITE_PROTECTION).orElseThrow().message()).contains("sector 3");

        follow(b, massEraseBlocker(r, BlockerKind.WRITE_PROTECTION));
        b.driver.massErase(FlashProgress.NONE);
        for (Sector s : b.driver.geometry().sectors()) {
            assertThat(erased(b, s)).isTrue();
        }
        assertThat(new Doctor(InstalledFamilies.families()).examine(b.probe, List.of()).finding(FindingCode.MASS_ERASE).orElseThrow().severity())
                .isEqualTo(Severity.INFO);
    }

    @Test
    void aPcropSectorRefusesMassEraseWithThePcropFlagAndTheRegressionRecipeClearsIt() throws Exception {
        SimBench b = withOptionsProgrammedLater(factory().withPcropProtection(2, true), List.of());
        FlashErrorFlag expected = FlashErrorFlag.byFieldName(Stm32F7Parameters.defaults().pcropMassEraseFlag());
        assertThatThrownBy(() -> b.driver.massErase(FlashProgress.NONE))
                .isInstanceOfSatisfying(FlashStatusException.class, e -> {
                    assertThat(e.flags()).contains(expected);
                    assertThat(e.failureCause()).isEqualTo(FailureCause.PCROP_SECTOR);
                    assertThat(e.getMessage()).contains("sector 2").contains("PCROP");
                });
        for (Sector s : b.driver.geometry().sectors()) {
            if (s.number() != 2) {
                b.driver.eraseSector(s);
                assertThat(erased(b, s)).isTrue();
            }
        }
        DoctorReport r = new Doctor(InstalledFamilies.families()).examine(b.probe, List.of());
        Finding mass = r.finding(FindingCode.MASS_ERASE).orElseThrow();
        assertThat(mass.message()).contains("sector 2").contains("PCROP").contains("[flag " + expected.fieldName());
        assertThat(mass.fix()).hasValueSatisfying(f -> assertThat(f).contains("PCROP_RDP").contains("RDP = 0xAA"));
        assertThat(mass.consequence()).hasValueSatisfying(c -> assertThat(c).contains("ALL user flash"));
        assertThat(r.finding(FindingCode.PCROP).orElseThrow().severity()).isEqualTo(Severity.WARNING);

        follow(b, massEraseBlocker(r, BlockerKind.PCROP));
        OptionBytes now = b.driver.readOptions();
        assertThat(now.pcrop()).isZero();
        assertThat(now.rdpLevel()).isEqualTo(RdpLevel.LEVEL_0);
        assertThat(erased(b, b.driver.geometry().sector(2))).isTrue(); // the regression erased the PCROP sector too
        b.driver.massErase(FlashProgress.NONE);
    }

    @Test
    void rdpFfIsLevel1AndRefusesEraseUntilTheRegressionWhichErasesEverything() throws Exception {
        SimBench b = withOptionsProgrammedLater(factory().withRdp(0xFF), List.of());
        assertThatThrownBy(() -> b.driver.massErase(FlashProgress.NONE))
                .isInstanceOfSatisfying(FlashStatusException.class, e -> {
                    assertThat(e.failureCause()).isEqualTo(FailureCause.READ_PROTECTION);
                    assertThat(e.getMessage()).contains("0xFF").contains("level 1");
                    assertThat(e.fix()).contains("RDP = 0xAA");
                });
        // at level 1 nothing is erasable through the debugger, sector by sector included; reads fault
        assertThatThrownBy(() -> b.driver.eraseSector(b.driver.geometry().sector(0)))
                .isInstanceOfSatisfying(FlashStatusException.class,
                        e -> assertThat(e.failureCause()).isEqualTo(FailureCause.READ_PROTECTION));
        assertThatThrownBy(() -> b.driver.verify(Stm32F7Window.AXIM.base(), MARK))
                .isInstanceOfSatisfying(FlashProtectionException.class,
                        e -> assertThat(e.failureCause()).isEqualTo(FailureCause.READ_PROTECTION));
        assertThatThrownBy(() -> b.driver.program(Stm32F7Window.AXIM.base() + 0x100, MARK, FlashProgress.NONE))
                .isInstanceOfSatisfying(FlashProtectionException.class, e -> {
                    assertThat(e.failureCause()).isEqualTo(FailureCause.READ_PROTECTION);
                    assertThat(e.getMessage()).contains("0xFF");
                });
        assertThat(b.driver.isLocked()).isTrue(); // FLASH_CR locked again after the refused program
        assertThat(b.board.readCells(1, 0, MARK.length)).isEqualTo(MARK);

        DoctorReport r = new Doctor(InstalledFamilies.families()).examine(b.probe, List.of());
        assertThat(r.finding(FindingCode.RDP).orElseThrow().message()).contains("0xFF").contains("level 1")
                .contains("NOT level 0");
        assertThat(r.finding(FindingCode.FLASH_READ_BLOCKED)).isPresent();
        Finding mass = r.finding(FindingCode.MASS_ERASE).orElseThrow();
        assertThat(mass.severity()).isEqualTo(Severity.ERROR);
        assertThat(mass.fix()).hasValueSatisfying(f -> assertThat(f).contains("RDP = 0xAA"));
        assertThat(mass.consequence()).hasValueSatisfying(c -> assertThat(c).contains("mass-erases ALL user flash"));

        EraseBlocker blocker = massEraseBlocker(r, BlockerKind.READ_PROTECTION);
        b.driver.writeOptions(blocker.fixSteps().get(0).options(), FlashProgress.NONE);
        assertThat(b.board.readCells(1, 0, MARK.length)).containsOnly((byte) 0xFF); // regression erased the flash
        b.driver.resetAndReprobe(ResetKind.SYSTEM);
        b.driver.massErase(FlashProgress.NONE);
        b.driver.programAndVerify(Stm32F7Window.AXIM.base(), MARK, FlashProgress.NONE);
    }

    @Test
    void theRegressionWriteReportsItselfAndIsBudgetedLikeAMassErase() throws Exception {
        SimBench b = withOptionsProgrammedLater(factory().withRdp(0x55), List.of());
        OptionWriteResult w = b.driver.writeOptions(b.driver.readOptions().withRdp(0xAA), FlashProgress.NONE);
        assertThat(w.rdpRegression()).isTrue();
        assertThat(w.resetRequired()).isTrue();
        assertThat(w.changes()).anySatisfy(c -> assertThat(c.consequence()).containsIgnoringCase("erase"));
    }

    @Test
    void rdpLevel2LeavesNoDebugAccessAndTheDoctorSaysWhatThatMeans() throws Exception {
        SimulatedBoard board = SimulatedBoards.create(PART,
                BoardOptions.defaults().withOptionBytes(factory().withRdp(0xCC)));
        DebugPortLockedException failure = null;
        try {
            SimulatedProbe.connect(board);
        } catch (DebugPortLockedException e) {
            failure = e;
        }
        assertThat(failure).as("connecting to a level-2 part must fail with DebugPortLockedException").isNotNull();
        DoctorReport r = Doctor.connectionFailed(board.toString(), failure);
        Finding f = r.finding(FindingCode.DEBUG_PORT_LOCKED).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.message()).contains("level 2").contains("0xCC");
        assertThat(f.fix()).hasValueSatisfying(x -> assertThat(x).contains("cannot be undone"));
        assertThat(r.render()).contains("DEBUG_PORT_LOCKED");
    }

    @Test
    void theDriverRefusesToSetLevel2WithoutExplicitConfirmation() throws Exception {
        SimBench b = SimBench.of(PART, factory());
        assertThatThrownBy(() -> b.driver.writeOptions(factory().withRdp(0xCC), FlashProgress.NONE))
                .isInstanceOf(FlashProtectionException.class);
        assertThat(b.board.storedOptions().rdp()).isEqualTo(0xAA);
    }

    @Test
    void doctorChecksRequestedRangesSectorBySector() throws Exception {
        SimBench b = withOptionsProgrammedLater(factory().withWriteProtection(5, true), List.of());
        var ok = new dev.flashbank.core.device.AddressRange(0x0800_0000L, 0x8000);
        var bad = new dev.flashbank.core.device.AddressRange(0x0801_0000L, 0x2_0000); // sectors 4 and 5
        DoctorReport r = new Doctor(InstalledFamilies.families()).examine(b.probe, List.of(ok, bad));
        List<Finding> ranges = r.findings(FindingCode.RANGE_ERASE);
        assertThat(ranges).hasSize(2);
        assertThat(ranges.get(0).severity()).isEqualTo(Severity.INFO);
        assertThat(ranges.get(0).message()).contains("sectors 0 and 1");
        assertThat(ranges.get(1).severity()).isEqualTo(Severity.ERROR);
        assertThat(ranges.get(1).message()).contains("sectors 4 and 5").contains("sector 5 is write-protected");
    }
}
