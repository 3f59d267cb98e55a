package dev.flashbank.family.pageflash.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.Finding;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.Severity;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.ops.BankSurvey;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.BoardJournal;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OptionWriteGuard;
import dev.flashbank.core.ops.RecoverOperation;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.family.pageflash.PageFlashRegisters;
import dev.flashbank.family.pageflash.sim.PageFlashBoard;
import dev.flashbank.family.pageflash.tests.ops.PageFlashAbBench.Part;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.InterruptedOperation;

/**
 * Crash consistency of the page-flash A/B update (issue 17 acceptance): power is cut after EVERY bus access index of a
 * complete bank update (page erase by BKER, double words through the slot where the inactive bank is mapped, the
 * vector-table double word last, verify, the BFB2 / nSWAP_BANK option write, OBL_LAUNCH and the reconnect) - each
 * index, not a sample - from either running bank, and the board is powered up again. Outside the option window it must
 * boot the old image (complete, in the running bank) or the new one (complete, in the other bank, the old one intact);
 * a half-written inactive bank is explained by the survey.
 * <p>
 * The option window (OPTSTRT until BSY clears) is counted separately: the simulated part then loads value/complement
 * mismatches with OPTVERR (RM0444 §3.4.2 caution; which values load is UNCONFIRMED - the simulator's named assumption
 * optionMismatchProtectsAll): cut EARLY, before FLASH_OPTR was programmed, as RDP level 1 with every page
 * write-protected; cut LATE, after it, at RDP level 0 with the registers programmed after FLASH_OPTR (WRP, PCROP, SEC)
 * at their mismatch values - every page write-protected, BOOT_LOCK set. Each of those points is run again with the
 * board journal written before the option write (as the CLI does): the doctor must name OPTVERR and point to
 * {@code flashbank recover}, and recover must bring the board back to booting the old or the new image with both
 * images intact, OPTVERR clear - a late cut without erasing anything (no confirmation given), its options then the
 * journaled request.
 */
class PageFlashAbPowerLossTest {

    @TempDir
    Path tmp;

    /** OPTSTRT cuts before FLASH_OPTR was programmed (RDP level 1), for the report. */
    private final List<String> earlyCuts = new ArrayList<>();
    /** OPTSTRT cuts after FLASH_OPTR was programmed (RDP stays level 0, later registers mismatched). */
    private final List<String> lateCuts = new ArrayList<>();
    /** Cuts at the instant OPTSTRT's programming time ended: every pair programmed, nothing mismatched. */
    private final List<String> completeCuts = new ArrayList<>();

    /** A journaling guard that notes the access count right after the journal (the option write comes after). */
    private static final class Guard implements OptionWriteGuard {
        final PageFlashBoard board;
        final Optional<OptionWriteGuard> journal;
        long accessesAfterGuard = -1;
        long nanosAfterGuard = -1;

        Guard(PageFlashBoard board, Optional<OptionWriteGuard> journal) {
            this.board = board;
            this.journal = journal;
        }

        @Override
        public void beforeOptionWrite(dev.flashbank.core.family.FlashDriver driver,
                dev.flashbank.core.family.OptionImage before, dev.flashbank.core.family.OptionImage after)
                throws dev.flashbank.core.target.TargetException, dev.flashbank.core.ops.OperationException {
            if (journal.isPresent()) {
                journal.get().beforeOptionWrite(driver, before, after);
            }
            accessesAfterGuard = board.faults().accessCount();
            nanosAfterGuard = board.clock().nanos();
        }
    }

    /** One run of the update on a board restored from {@code snapshot}, cut after {@code cut} accesses (-1: never). */
    private static Guard run(PageFlashBoard board, Part part, FirmwareImage image, long cut,
            Optional<BoardJournal> journal) throws Exception {
        return run(board, part, image, f -> {
            if (cut >= 0) {
                f.powerLossAfterAccesses(cut);
            }
        }, journal);
    }

    /** One run of the update on {@code board} with {@code fault} armed. */
    private static Guard run(PageFlashBoard board, Part part, FirmwareImage image,
            java.util.function.Consumer<dev.flashbank.sim.FaultInjector> fault, Optional<BoardJournal> journal)
            throws Exception {
        Guard guard;
        try (PageFlashAbBench bench = new PageFlashAbBench(board)) {
            guard = new Guard(board, journal.map(j -> j.guard(part.orderCode, line -> {
            })));
            OperationContext ctx = bench.ctx.withOptionWriteGuard(guard);
            long start = board.faults().accessCount();
            guard.accessesAfterGuard = -1;
            fault.accept(board.faults());
            try {
                new BankUpdateOperation(ctx, image, part.update()).run(FlashProgress.NONE);
            } catch (Exception expected) {
                assertThat(board.isPowered()).as("%s", expected).isFalse();
            }
            if (guard.accessesAfterGuard >= 0) {
                guard.accessesAfterGuard -= start;
            }
        }
        return guard;
    }

    @ParameterizedTest(name = "{0} running from physical bank {1}")
    @MethodSource("dev.flashbank.family.pageflash.tests.ops.PageFlashAbUpdateTest#cases")
    void everyPowerLossIndexBootsTheOldOrTheNewImageAndTheOptionWindowIsRecovered(Part part, int running)
            throws Exception {
        // small on purpose: every access index of the update is one full run
        FirmwareImage z = PageFlashAbBench.image(520, 0x2, "z.bin");
        FirmwareImage a = PageFlashAbBench.image(552, 0xA, "a.bin");
        FirmwareImage b = PageFlashAbBench.image(584, 0xB, "b.bin");
        PageFlashBoard base = PageFlashAbBench.runningFrom(part, running, z, a);
        assertThat(base.lastBootReport().physicalBank()).isEqualTo(running);
        int other = 3 - running;
        BoardSnapshot snapshot = base.snapshot();
        byte[] aBytes = PageFlashAbBench.bytes(a);
        byte[] bBytes = PageFlashAbBench.bytes(b);
        byte[] otherBefore = base.readCells(other, 0, 1024);

        long total;
        long optionWriteAt;
        long journalAccesses;
        long optionWriteNanos;
        {
            PageFlashBoard board = PageFlashAbBench.restore(snapshot);
            long start = board.faults().accessCount();
            optionWriteAt = run(board, part, b, -1, Optional.empty()).accessesAfterGuard;
            total = board.faults().accessCount() - start;
            PageFlashAbUpdateTest.assertBoots(board, part, other);
            PageFlashBoard journaled = PageFlashAbBench.restore(snapshot);
            Guard g = run(journaled, part, b, -1, Optional.of(journal(journaled, "undisturbed")));
            journalAccesses = g.accessesAfterGuard - optionWriteAt;
            optionWriteNanos = g.nanosAfterGuard;
            PageFlashAbUpdateTest.assertBoots(journaled, part, other);
        }
        assertThat(optionWriteAt).isPositive();

        int old = 0;
        int updated = 0;
        int halfWritten = 0;
        List<Long> optionWindow = new ArrayList<>();
        for (long i = 0; i <= total; i++) {
            PageFlashBoard board = PageFlashAbBench.restore(snapshot);
            run(board, part, b, i, Optional.empty());
            Optional<InterruptedOperation> cut = board.faults().lastInterruption();
            board.faults().clear();
            powerUp(board);
            if (cut.isPresent() && cut.get().kind() == InterruptedOperation.Kind.OPTION_PROGRAM) {
                optionWindow.add(i);
                long journaledCut = i + journalAccesses;
                assertThat(recoverOptionWindow(snapshot, part, b, f -> f.powerLossAfterAccesses(journaledCut),
                        "access " + i, running, aBytes, bBytes)).as("index %d cut OPTSTRT again", i).isTrue();
                continue;
            }
            BootReport boot = board.lastBootReport();
            boolean valid = boot.source() == BootReport.Source.FLASH && boot.imageValid();
            if (valid && boot.physicalBank() == running) {
                assertThat(board.readCells(running, 0, aBytes.length)).as("index %d: A complete", i)
                        .isEqualTo(aBytes);
                old++;
                boolean untouched = Arrays.equals(board.readCells(other, 0, otherBefore.length), otherBefore);
                boolean bComplete = Arrays.equals(board.readCells(other, 0, bBytes.length), bBytes);
                if (!untouched && !bComplete) {
                    halfWritten++;
                    explainsHalfWrittenBank(board, running, other, i);
                }
            } else if (valid && boot.physicalBank() == other) {
                assertThat(board.readCells(other, 0, bBytes.length)).as("index %d: B complete", i).isEqualTo(bBytes);
                assertThat(board.readCells(running, 0, aBytes.length)).as("index %d: A intact", i).isEqualTo(aBytes);
                updated++;
            } else {
                fail("index %d: boots neither image (%s), interrupted: %s", i, boot, cut);
            }
        }
        // the OPTSTRT itself is one access: cut it also at ten instants of its (typical) programming time
        long optstrtNanos = base.descriptor().timings().optionProgramMicros(FlashTimings.Bound.TYPICAL) * 1000L;
        int insideOptstrt = 0;
        for (int k = 1; k <= 10; k++) {
            long at = optionWriteNanos + optstrtNanos * k / 10;
            if (recoverOptionWindow(snapshot, part, b, f -> f.powerLossAt(Duration.ofNanos(at)), "time " + at + " ns",
                    running, aBytes, bBytes)) {
                insideOptstrt++;
            }
        }
        System.out.printf("%s A/B update (%s) crash consistency from physical bank %d: %d fault points covered (every"
                + " access index 0..%d): %d boot the old image (%d of them with a half-written inactive bank,"
                + " explained), %d boot the new image; %d fall into the option programming (OPTSTRT) window %s; %d of"
                + " 10 instants inside OPTSTRT cut it. Of these %d OPTSTRT cuts, recovered from the journal by"
                + " flashbank recover: %d early (RDP level 1: regression + both banks programmed back) %s, %d late (RDP level 0,"
                + " OPTVERR, registers after FLASH_OPTR mismatched: the request written again, nothing erased) %s;"
                + " %d at the instant its programming ended (nothing mismatched, nothing to recover) %s%n",
                part.orderCode, part.scheme.id(), running, total + 1, total, old, halfWritten, updated,
                optionWindow.size(), optionWindow, insideOptstrt,
                earlyCuts.size() + lateCuts.size() + completeCuts.size(),
                earlyCuts.size(), earlyCuts, lateCuts.size(), lateCuts, completeCuts.size(), completeCuts);
        assertThat(old + updated + optionWindow.size()).isEqualTo((int) total + 1);
        assertThat(old).isGreaterThan(0);
        assertThat(updated).isGreaterThan(0);
        assertThat(halfWritten).isGreaterThan(0);
        // the option window is one contiguous stretch after the journal (OPTSTRT until BSY clears), a small part
        assertThat(optionWindow).isNotEmpty();
        assertThat(optionWindow.get(0)).isGreaterThanOrEqualTo(optionWriteAt);
        assertThat(optionWindow.get(optionWindow.size() - 1) - optionWindow.get(0) + 1).isEqualTo(optionWindow.size());
        assertThat(optionWindow.size()).isLessThan((int) (total / 10));
        assertThat(insideOptstrt).isGreaterThan(5);
        assertThat(earlyCuts.size() + lateCuts.size() + completeCuts.size())
                .isEqualTo(optionWindow.size() + insideOptstrt);
        assertThat(earlyCuts).as("cuts before FLASH_OPTR was programmed").isNotEmpty();
        assertThat(lateCuts).as("cuts after FLASH_OPTR was programmed").isNotEmpty();
    }

    private static void powerUp(PageFlashBoard board) {
        if (board.isPowered()) {
            board.powerCycle(); // the loss came after the last access
        } else {
            board.powerOn();
        }
    }

    private BoardJournal journal(PageFlashBoard board, String name) throws Exception {
        try (PageFlashAbBench bench = new PageFlashAbBench(board)) {
            return BoardJournal.of(tmp.resolve(name),
                    new TargetSession(bench.probe, PageFlashAbBench.families()).identify().uniqueId());
        }
    }

    /**
     * A cut inside OPTSTRT, run again with the journal the CLI writes before every option write: the part comes back
     * with OPTVERR - at RDP level 1 (cut before FLASH_OPTR was programmed) or at level 0 with later registers at
     * their mismatch values - the doctor points to recover, and recover (level 1: RDP regression, both banks
     * programmed back, options restored; level 0: the request written again, nothing erased) leaves it booting the
     * old or the new image with both intact and OPTVERR clear.
     */
    private boolean recoverOptionWindow(BoardSnapshot snapshot, Part part, FirmwareImage b,
            java.util.function.Consumer<dev.flashbank.sim.FaultInjector> fault, String cut, int running,
            byte[] aBytes, byte[] bBytes) throws Exception {
        PageFlashBoard board = PageFlashAbBench.restore(snapshot);
        BoardJournal journal = journal(board, "cut-" + cut.replace(' ', '-'));
        run(board, part, b, fault, Optional.of(journal));
        boolean optstrt = board.faults().lastInterruption().map(InterruptedOperation::kind)
                .filter(k -> k == InterruptedOperation.Kind.OPTION_PROGRAM).isPresent();
        board.faults().clear();
        powerUp(board);
        if (!optstrt) { // the instant fell outside OPTSTRT: nothing to recover, old or new boots
            assertThat(board.lastBootReport().physicalBank()).as("cut %s", cut).isIn(running, 3 - running);
            assertThat(board.lastBootReport().imageValid()).isTrue();
            return false;
        }
        boolean late = board.optionImageInForce().orElseThrow().rdpLevel()
                == dev.flashbank.core.device.RdpLevel.LEVEL_0;
        OptionImage requested = journal.optionRequest(PageFlashAbBench.families()).orElseThrow().options();
        if (late && !board.optionValidityError()) {
            // cut the instant BSY would have cleared: every value/complement pair was programmed, the power-on
            // load takes the request - the update completed without its OBL_LAUNCH; recover has nothing to do
            assertThat(board.optionImageInForce().orElseThrow().interruptedWriteSignature(requested)).isEmpty();
            assertOptionsAre(board, requested, cut);
            try (PageFlashAbBench bench = new PageFlashAbBench(board)) {
                RecoverOperation.Result r = new RecoverOperation(bench.ctx, journal, PageFlashAbPowerLossTest
                        .families(), false, line -> {
                        }).run(FlashProgress.NONE);
                assertThat(r.plan().situation()).as("cut %s: %s", cut, r.summary())
                        .isEqualTo(RecoverOperation.Situation.HEALTHY);
            }
            completeCuts.add(cut);
        } else {
            (late ? lateCuts : earlyCuts).add(cut);
            assertThat(board.optionValidityError()).as("cut %s: OPTVERR", cut).isTrue();
            recover(board, journal, requested, late, cut);
        }
        powerUp(board);
        BootReport boot = board.lastBootReport();
        int other = 3 - running;
        assertThat(boot.source()).as("cut %s, recovered: %s", cut, boot).isEqualTo(BootReport.Source.FLASH);
        assertThat(boot.imageValid()).isTrue();
        assertThat(boot.physicalBank()).as("cut %s, recovered", cut).isIn(running, other);
        assertThat(board.optionValidityError()).isFalse();
        assertThat(board.readCells(running, 0, aBytes.length)).as("cut %s: A intact", cut).isEqualTo(aBytes);
        assertThat(board.readCells(other, 0, bBytes.length)).as("cut %s: B intact", cut).isEqualTo(bBytes);
        return true;
    }

    /**
     * The doctor names OPTVERR (an ERROR, citing the manual) and points to recover; recover repairs the cut write -
     * a late one without the erase confirmation, its options then the journaled request.
     */
    private static void recover(PageFlashBoard board, BoardJournal journal, OptionImage requested, boolean late,
            String cut) throws Exception {
        try (PageFlashAbBench bench = new PageFlashAbBench(board)) {
            DoctorReport d = new Doctor(families()).examine(bench.probe, List.of());
            Finding f = d.finding(FindingCode.INTERRUPTED_OPTION_WRITE).orElseThrow(() -> new AssertionError(
                    "cut " + cut + ": no finding on the cut option write\n" + d.render()));
            assertThat(f.severity()).as("cut %s: %s", cut, f.message()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).as("cut %s", cut).contains("OPTVERR = 1").contains("RM0444 §3.4.2");
            assertThat(f.fix().orElseThrow()).as("cut %s", cut).startsWith("flashbank recover");
            if (late) {
                assertThat(f.message()).as("cut %s", cut).contains("RDP stayed level 0")
                        .containsPattern("FLASH_(WRP|PCROP|SEC)\\w+ = 0x");
            }
            // a late cut needs no RDP regression: recover must succeed WITHOUT the erase confirmation
            RecoverOperation.Result r = new RecoverOperation(bench.ctx, journal, families(), !late,
                    line -> {
                    }).run(FlashProgress.NONE);
            assertThat(r.plan().situation()).as("cut %s: %s", cut, r.summary())
                    .isEqualTo(RecoverOperation.Situation.INTERRUPTED_OPTION_WRITE);
            assertThat(r.plan().erasesAllFlash()).as("cut %s: %s", cut, r.summary()).isEqualTo(!late);
            if (late) {
                assertThat(r.plan().repair()).as("cut %s", cut).contains(requested);
                assertThat(r.restoredBanks()).as("cut %s: %s", cut, r.summary()).isEmpty();
                assertThat(r.plan().intact()).as("cut %s: %s", cut, r.summary()).containsExactlyInAnyOrder(1, 2);
                assertOptionsAre(board, requested, cut);
            }
        }
    }

    private static void assertOptionsAre(PageFlashBoard board, OptionImage requested, String cut) {
        OptionImage now = board.optionImageInForce().orElseThrow();
        for (String reg : requested.registerNames()) {
            int defined = PageFlashRegisters.of(board.line()).flash().register(reg).definedBits();
            assertThat(now.word(reg) & defined).as("cut %s: %s as requested", cut, reg)
                    .isEqualTo(requested.word(reg) & defined);
        }
    }

    private static dev.flashbank.core.family.Families families() {
        return PageFlashAbBench.families();
    }

    /** The survey says why the inactive bank cannot boot, and the running bank is the one it names. */
    private static void explainsHalfWrittenBank(PageFlashBoard board, int running, int other, long i)
            throws Exception {
        try (PageFlashAbBench bench = new PageFlashAbBench(board)) {
            BankSurvey s = BankSurvey.examine(bench.ctx);
            assertThat(s.runningBank()).as("index %d: %s", i, s.summary()).isEqualTo(running);
            BankSurvey.BankInfo info = s.bank(other);
            assertThat(info.state()).as("index %d: %s", i, s.summary()).isIn(BankSurvey.BankState.INCOMPLETE,
                    BankSurvey.BankState.INVALID, BankSurvey.BankState.EMPTY, BankSurvey.BankState.UNREADABLE);
            assertThat(info.explanation()).containsAnyOf("HALF-WRITTEN", "NOT a bootable image", "erased",
                    "reading it faulted");
        }
    }
}
