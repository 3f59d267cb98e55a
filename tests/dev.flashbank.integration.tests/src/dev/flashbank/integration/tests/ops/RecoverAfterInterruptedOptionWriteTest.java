package dev.flashbank.integration.tests.ops;

import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.family.stm32f7.sim.Stm32F7SimParameters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.BoardJournal;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.ops.OptionWriteGuard;
import dev.flashbank.core.ops.RecoverOperation;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.core.device.UniqueId;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.InterruptedOperation;
import dev.flashbank.sim.SimParameters;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;

/**
 * Issue 14 item 8 acceptance: power is cut at EVERY bus access of the option write of a bank update (from the first
 * access after the journal was written up to the end of the update, the reset included); for each point the board is
 * powered up again and {@code recover} runs. Afterwards the board must boot the old image A (physical bank 1) or the
 * new image B (physical bank 2) - judged by the simulator's boot model after the reset - with both images intact.
 * The interrupted-OPTSTRT points (RDP level 1, BOOT_ADDx = 0xFFFF) are recovered from the journal (RDP 1 -> 0 mass
 * erase, both banks programmed back, options restored); every other point needs nothing and gets nothing written.
 * Run for both simulator models of the UNCONFIRMED rest of the option area
 * ({@link Stm32F7SimParameters#interruptedOptionWriteErasesWholeArea()}).
 */
class RecoverAfterInterruptedOptionWriteTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of(Stm32F7SwitchSchemes.BOOT_ADD, true), Arguments.of(Stm32F7SwitchSchemes.REMAP, true),
                Arguments.of(Stm32F7SwitchSchemes.BOOT_ADD, false));
    }

    private static SimulatedBoard restore(BoardSnapshot s, SwitchScheme scheme, boolean wholeArea) throws Exception {
        BoardOptions o = Boards.options(scheme);
        return SimulatedBoards.restore(s,
                o.withFamilySim(Stm32F7SimParameters.defaults().withInterruptedOptionWriteErasesWholeArea(wholeArea)));
    }

    /** A journaling guard that notes the access count when the journal is written (the option write starts after). */
    private static final class Probe {
        long accessesAtOptionWrite = -1;
        long nanosAtOptionWrite = -1;
        final List<String> notices = new ArrayList<>();

        OptionWriteGuard around(BoardJournal journal, SimulatedBoard board) {
            OptionWriteGuard g = journal.guard(Boards.PART, notices::add);
            return (driver, before, after) -> {
                g.beforeOptionWrite(driver, before, after);
                accessesAtOptionWrite = board.faults().accessCount();
                nanosAtOptionWrite = board.clock().nanos();
            };
        }
    }

    private static UniqueId uid(OpsBench bench) throws Exception {
        return new TargetSession(bench.target, InstalledFamilies.families()).identify().uniqueId();
    }

    @ParameterizedTest(name = "{0}, whole option area erased = {1}")
    @MethodSource("cases")
    void recoverAfterAPowerLossAtEveryAccessOfTheOptionWriteBootsTheOldOrTheNewImage(SwitchScheme scheme,
            boolean wholeArea) throws Exception {
        SimulatedBoard base = Boards.abBoard(scheme);
        BoardSnapshot snapshot = base.snapshot();
        byte[] a = OpsBench.bytes(Boards.imageA(base, scheme));
        FirmwareImage bImage = OpsBench.image(base, Boards.link(scheme, 2), 256, 0xB, "B");
        byte[] b = OpsBench.bytes(bImage);
        BankUpdateOperation.Options options = BankUpdateOperation.Options.of(scheme).withReset(true);

        // the undisturbed update: where its option write starts and how many accesses it makes in all
        long first;
        long last;
        long optionWriteAt;
        {
            SimulatedBoard board = restore(snapshot, scheme, wholeArea);
            Probe probe = new Probe();
            try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
                BoardJournal journal = BoardJournal.of(tmp.resolve("undisturbed"), uid(bench));
                OperationContext ctx = bench.context().withOptionWriteGuard(probe.around(journal, board));
                long start = board.faults().accessCount();
                new BankUpdateOperation(ctx, bImage, options).run(FlashProgress.NONE);
                first = probe.accessesAtOptionWrite - start;
                optionWriteAt = probe.nanosAtOptionWrite;
                last = board.faults().accessCount() - start;
            }
            assertThat(board.lastBootReport().physicalBank()).isEqualTo(2);
            assertThat(probe.notices).singleElement().asString().contains("do not remove power")
                    .contains("flashbank recover");
        }

        Tally tally = new Tally();
        for (long i = first; i <= last; i++) {
            long point = i;
            cutAndRecover(snapshot, scheme, wholeArea, bImage, options, a, b, "access " + i,
                    faults -> faults.powerLossAfterAccesses(point), tally);
        }
        long accessPoints = tally.recovered + tally.untouched;
        // the OPTSTRT itself is one access; cut it also at ten instants of its (typical) programming time
        long optstrtNanos = base.descriptor().timings().optionProgramMicros(FlashTimings.Bound.TYPICAL) * 1000L;
        for (int k = 1; k <= 10; k++) {
            long at = optionWriteAt + optstrtNanos * k / 10;
            cutAndRecover(snapshot, scheme, wholeArea, bImage, options, a, b, "time " + at + " ns",
                    faults -> faults.powerLossAt(Duration.ofNanos(at)), tally);
        }
        System.out.printf("recover after a power loss in the option write of a bank update (%s, whole option area "
                + "erased = %s): %d fault points covered - every access %d..%d of the update (from the end of the "
                + "journal to the reset) and 10 instants inside OPTSTRT: %d cut OPTSTRT and were recovered from the "
                + "journal, %d needed nothing; afterwards %d boot the old image, %d the new one, all with both images "
                + "intact%n", scheme, wholeArea, tally.recovered + tally.untouched, first, last, tally.recovered,
                tally.untouched, tally.bootsOld, tally.bootsNew);
        assertThat(accessPoints).isEqualTo(last - first + 1);
        assertThat(tally.recovered).isGreaterThan(5);
        assertThat(tally.bootsOld).isPositive();
        assertThat(tally.bootsNew).isPositive();
    }

    /** Outcomes over the fault points of one case. */
    private static final class Tally {
        int recovered;
        int untouched;
        int bootsOld;
        int bootsNew;
    }

    /** One fault point: the bank update with {@code fault} armed, power on, recover, then the boot and both images. */
    private void cutAndRecover(BoardSnapshot snapshot, SwitchScheme scheme, boolean wholeArea, FirmwareImage bImage,
            BankUpdateOperation.Options options, byte[] a, byte[] b, String i,
            java.util.function.Consumer<dev.flashbank.sim.FaultInjector> fault, Tally tally) throws Exception {
        SimulatedBoard board = restore(snapshot, scheme, wholeArea);
        BoardJournal journal;
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            journal = BoardJournal.of(tmp.resolve("point-" + tally.recovered + "-" + tally.untouched), uid(bench));
            OperationContext ctx = bench.context().withOptionWriteGuard(new Probe().around(journal, board));
            fault.accept(board.faults());
            try {
                new BankUpdateOperation(ctx, bImage, options).run(FlashProgress.NONE);
            } catch (Exception expected) {
                assertThat(board.isPowered()).as("point %s: %s", i, expected).isFalse();
            }
        }
        board.faults().clear();
        boolean cutOptstrt = !board.isPowered() && board.faults().lastInterruption()
                .filter(c -> c.kind() == InterruptedOperation.Kind.OPTION_PROGRAM).isPresent();
        if (board.isPowered()) {
            board.powerCycle();
        } else {
            board.powerOn();
        }
        if (cutOptstrt) {
            assertThat(board.latchedOptions().rdp()).as("point %s", i).isEqualTo(0xFF);
            assertThat(board.latchedOptions().bootAdd0()).isEqualTo(0xFFFF);
            assertThat(board.latchedOptions().bootAdd1()).isEqualTo(0xFFFF);
            doctorPointsToRecover(board, i);
        }
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            RecoverOperation recover = new RecoverOperation(bench.context(), journal, InstalledFamilies.families(), true, line -> {
            });
            RecoverOperation.Result r = recover.run(FlashProgress.NONE);
            if (cutOptstrt) {
                assertThat(r.plan().situation()).as("point %s", i)
                        .isEqualTo(RecoverOperation.Situation.INTERRUPTED_OPTION_WRITE);
                assertThat(r.restoredBanks()).containsExactly(1, 2);
                tally.recovered++;
            } else {
                assertThat(r.plan().nothingToDo()).as("point %s: %s", i, r.summary()).isTrue();
                assertThat(bench.target.flashWrites).as("point %s: nothing written", i).isZero();
                tally.untouched++;
            }
        }
        BootReport boot = board.lastBootReport();
        assertThat(boot.source() == BootReport.Source.FLASH && boot.imageValid()).as("point %s: %s", i, boot)
                .isTrue();
        if (boot.physicalBank() == 1) {
            tally.bootsOld++;
        } else {
            assertThat(boot.physicalBank()).isEqualTo(2);
            tally.bootsNew++;
        }
        assertThat(board.readCells(1, 0, a.length)).as("point %s: A intact", i).isEqualTo(a);
        assertThat(board.readCells(2, 0, b.length)).as("point %s: B intact", i).isEqualTo(b);
    }

    private static void doctorPointsToRecover(SimulatedBoard board, String i) throws Exception {
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            DoctorReport d = new Doctor(InstalledFamilies.families()).examine(bench.target, List.of());
            assertThat(d.finding(FindingCode.INTERRUPTED_OPTION_WRITE)).as("point %s: %s", i, d.render())
                    .hasValueSatisfying(f -> assertThat(f.fix()).hasValueSatisfying(
                            fix -> assertThat(fix).contains("flashbank recover")));
        }
    }

    private static boolean sameFlash(BoardSnapshot x, BoardSnapshot y) {
        if (x.flashBanks().size() != y.flashBanks().size()) {
            return false;
        }
        for (int i = 0; i < x.flashBanks().size(); i++) {
            if (!java.util.Arrays.equals(x.flashBanks().get(i), y.flashBanks().get(i))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void onAHealthyBoardRecoverSaysNothingToDoAndWritesNothing() throws Exception {
        SimulatedBoard board = Boards.abBoard(Stm32F7SwitchSchemes.BOOT_ADD);
        FirmwareImage bImage = OpsBench.image(board, Boards.BANK2, 256, 0xB, "B");
        BoardJournal journal;
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            journal = BoardJournal.of(tmp, uid(bench));
            OperationContext ctx = bench.context().withOptionWriteGuard(journal.guard(Boards.PART, line -> {
            }));
            new BankUpdateOperation(ctx, bImage, BankUpdateOperation.Options.of(Stm32F7SwitchSchemes.BOOT_ADD)
                    .withReset(true)).run(FlashProgress.NONE);
        }
        assertThat(journal.exists()).isTrue();
        assertThat(journal.banks()).extracting(BoardJournal.BankImage::bank).containsExactly(1, 2);
        BoardSnapshot before = board.snapshot();
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            RecoverOperation.Result r = new RecoverOperation(bench.context(), journal, InstalledFamilies.families(), false, line -> {
            }).run(FlashProgress.NONE);
            assertThat(r.plan().situation()).isEqualTo(RecoverOperation.Situation.HEALTHY);
            assertThat(r.summary()).startsWith("Nothing to recover").contains("Nothing will be written");
            assertThat(bench.target.flashWrites).as("nothing written to the flash interface or the flash").isZero();
        }
        assertThat(sameFlash(board.snapshot(), before)).isTrue();
        assertThat(board.lastBootReport().physicalBank()).isEqualTo(2);
    }

    @Test
    void withoutAJournalRecoverExplainsWhatItCannotDo() throws Exception {
        SimulatedBoard board = Boards.abBoard(Stm32F7SwitchSchemes.BOOT_ADD);
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            BoardJournal journal = BoardJournal.of(tmp, uid(bench));
            assertThatThrownBy(() -> new RecoverOperation(bench.context(), journal, InstalledFamilies.families(), true, line -> {
            }).run(FlashProgress.NONE)).isInstanceOfSatisfying(OperationRefusedException.class, e -> {
                assertThat(e.getMessage()).contains("no journal for board " + journal.uid().hex())
                        .contains("cannot know which images").contains("Nothing was written");
                assertThat(e.fixes()).singleElement().asString().contains("doctor");
            });
            assertThat(bench.target.flashWrites).isZero();
        }
    }

    /** A BOOT_ADD board whose bank update (A in bank 1, B into bank 2) lost power halfway through its OPTSTRT. */
    private record CutBoard(SimulatedBoard board, BoardJournal journal, byte[] a, byte[] b) {
    }

    private CutBoard cutBoard(String name) throws Exception {
        SimulatedBoard base = Boards.abBoard(Stm32F7SwitchSchemes.BOOT_ADD);
        BoardSnapshot snapshot = base.snapshot();
        FirmwareImage bImage = OpsBench.image(base, Boards.BANK2, 256, 0xB, "B");
        BankUpdateOperation.Options options = BankUpdateOperation.Options.of(Stm32F7SwitchSchemes.BOOT_ADD);
        // when the option write starts, from an undisturbed twin; then the same update cut halfway through OPTSTRT
        long optionWriteAt;
        {
            SimulatedBoard twin = Boards.restore(snapshot, Stm32F7SwitchSchemes.BOOT_ADD);
            Probe probe = new Probe();
            try (OpsBench bench = new OpsBench(twin, OpsBench.Transport.PROBE)) {
                new BankUpdateOperation(bench.context().withOptionWriteGuard(probe.around(
                        BoardJournal.of(tmp.resolve(name + "-twin"), uid(bench)), twin)), bImage, options)
                        .run(FlashProgress.NONE);
                optionWriteAt = probe.nanosAtOptionWrite;
            }
        }
        long half = base.descriptor().timings().optionProgramMicros(FlashTimings.Bound.TYPICAL) * 1000L / 2;
        SimulatedBoard board = Boards.restore(snapshot, Stm32F7SwitchSchemes.BOOT_ADD);
        BoardJournal journal;
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            journal = BoardJournal.of(tmp.resolve(name), uid(bench));
            board.faults().powerLossAt(Duration.ofNanos(optionWriteAt + half));
            OperationContext ctx = bench.context().withOptionWriteGuard(journal.guard(Boards.PART, l -> {
            }));
            assertThatThrownBy(() -> new BankUpdateOperation(ctx, bImage, options).run(FlashProgress.NONE))
                    .isNotNull();
        }
        assertThat(board.faults().lastInterruption()).hasValueSatisfying(
                c -> assertThat(c.kind()).isEqualTo(InterruptedOperation.Kind.OPTION_PROGRAM));
        board.faults().clear();
        board.powerOn();
        return new CutBoard(board, journal, OpsBench.bytes(Boards.imageA(base, Stm32F7SwitchSchemes.BOOT_ADD)),
                OpsBench.bytes(bImage));
    }

    @Test
    void theRdpRegressionNeedsTheEraseConfirmationAndTheDryRunExplainsIt() throws Exception {
        CutBoard c = cutBoard("cut");
        SimulatedBoard board = c.board();
        BoardSnapshot cut = board.snapshot();
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            RecoverOperation op = new RecoverOperation(bench.context(), c.journal(), InstalledFamilies.families(), false, l -> {
            });
            RecoverOperation.Result plan = op.asDryRun().run(FlashProgress.NONE);
            assertThat(plan.summary()).contains("RDP level 1").contains("MASS-ERASES ALL user flash")
                    .contains("physical bank 1").contains("physical bank 2").contains("Dry run: nothing written");
            assertThatThrownBy(() -> op.run(FlashProgress.NONE)).isInstanceOf(OperationRefusedException.class)
                    .hasMessageContaining("--erase-all-flash");
            assertThat(bench.target.flashWrites).isZero();
        }
        assertThat(sameFlash(board.snapshot(), cut)).isTrue();
        assertThat(board.snapshot().optionWords()).isEqualTo(cut.optionWords());
    }

    /**
     * Recover can itself lose power: cut it at evenly spaced accesses over its whole run (its own RDP regression,
     * the programming of both banks, the reset) and inside its regression OPTSTRT (mass erase); running it again
     * always ends with the old image booting and both images intact.
     */
    @Test
    void aRecoverThatLosesPowerCanBeRunAgain() throws Exception {
        CutBoard c = cutBoard("again");
        BoardSnapshot cut = c.board().snapshot();
        long total;
        long regressionAt;
        {
            SimulatedBoard twin = SimulatedBoards.restore(cut, Boards.options(Stm32F7SwitchSchemes.BOOT_ADD));
            try (OpsBench bench = new OpsBench(twin, OpsBench.Transport.PROBE)) {
                long start = twin.faults().accessCount();
                long[] at = { -1 };
                new RecoverOperation(bench.context(), c.journal(), InstalledFamilies.families(), true, l -> at[0] = twin.clock().nanos())
                        .run(FlashProgress.NONE);
                total = twin.faults().accessCount() - start;
                regressionAt = at[0];
            }
            assertThat(twin.lastBootReport().physicalBank()).isEqualTo(1);
        }
        List<java.util.function.Consumer<dev.flashbank.sim.FaultInjector>> faults = new ArrayList<>();
        int points = 16;
        for (int k = 0; k < points; k++) {
            long after = total * k / points;
            faults.add(f -> f.powerLossAfterAccesses(after));
        }
        long massErase = c.board().descriptor().timings().bankEraseMicros(2L << 20,
                dev.flashbank.core.device.Parallelism.X32, FlashTimings.Bound.TYPICAL) * 1000L;
        faults.add(f -> f.powerLossAt(Duration.ofNanos(regressionAt + massErase / 2)));
        int cutAgain = 0;
        for (var fault : faults) {
            SimulatedBoard board = SimulatedBoards.restore(cut, Boards.options(Stm32F7SwitchSchemes.BOOT_ADD));
            try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
                fault.accept(board.faults());
                try {
                    new RecoverOperation(bench.context(), c.journal(), InstalledFamilies.families(), true, l -> {
                    }).run(FlashProgress.NONE);
                } catch (Exception expected) {
                    assertThat(board.isPowered()).as("%s", expected).isFalse();
                    cutAgain++;
                }
            }
            board.faults().clear();
            if (!board.isPowered()) {
                board.powerOn();
            }
            try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
                new RecoverOperation(bench.context(), c.journal(), InstalledFamilies.families(), true, l -> {
                }).run(FlashProgress.NONE);
            }
            BootReport boot = board.lastBootReport();
            assertThat(boot.imageValid()).as("%s", boot).isTrue();
            assertThat(boot.physicalBank()).isEqualTo(1);
            assertThat(board.readCells(1, 0, c.a().length)).isEqualTo(c.a());
            assertThat(board.readCells(2, 0, c.b().length)).isEqualTo(c.b());
        }
        System.out.printf("recover cut by a power loss %d times (at %d evenly spaced accesses of its %d and once "
                + "inside its mass erase): run again, the old image boots with both images intact every time%n",
                cutAgain, points, total);
        assertThat(cutAgain).isEqualTo(faults.size());
    }
}
