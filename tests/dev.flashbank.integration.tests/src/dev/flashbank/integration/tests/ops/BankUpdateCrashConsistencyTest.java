package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.doctor.DoctorReport;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.ops.BankSurvey;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.InterruptedOperation;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;

/**
 * Crash consistency of the bank update (issue 6 acceptance): power is cut after EVERY bus access index of a complete
 * bank update (erase, program, vector table, verify, option write, reset) - each index, not a sample - and the board
 * is powered up again. It must boot the old image A (complete, in physical bank 1) or the new image B (complete, in
 * physical bank 2), and a half-written inactive bank must be explained.
 * <p>
 * The one window no tool can close is the option programming itself: the simulator models a power loss during OPTSTRT
 * as leaving the option area ERASED (simulator InterruptedOperation.OPTION_PROGRAM: RDP reads
 * level 1, BOOT_ADDx = 0xFFFF), so the part boots neither image. Those indices are counted separately, must all be
 * option-programming interruptions (never flash content), and the doctor must explain the resulting state.
 */
class BankUpdateCrashConsistencyTest {

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of(OpsBench.Transport.PROBE, Stm32F7SwitchSchemes.BOOT_ADD),
                Arguments.of(OpsBench.Transport.PROBE, Stm32F7SwitchSchemes.REMAP),
                Arguments.of(OpsBench.Transport.STLINK, Stm32F7SwitchSchemes.BOOT_ADD));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everyPowerLossIndexLeavesTheOldOrTheNewImageBootingCompletely(OpsBench.Transport transport,
            SwitchScheme scheme) throws Exception {
        SimulatedBoard base = Boards.abBoard(scheme);
        BoardSnapshot snapshot = base.snapshot();
        FirmwareImage a = Boards.imageA(base, scheme);
        FirmwareImage z = Boards.imageZ(base, scheme);
        // small on purpose: every access index of the update is one full run
        FirmwareImage b = OpsBench.image(base, Boards.link(scheme, 2), 256, 0xB, "B");
        byte[] aBytes = OpsBench.bytes(a);
        byte[] bBytes = OpsBench.bytes(b);
        byte[] zBytes = OpsBench.bytes(z);

        // the undisturbed update: how many accesses it makes
        long total;
        {
            SimulatedBoard board = Boards.restore(snapshot, scheme);
            try (OpsBench bench = new OpsBench(board, transport)) {
                OperationContext ctx = bench.context();
                long start = board.faults().accessCount();
                new BankUpdateOperation(ctx, b, BankUpdateOperation.Options.of(scheme).withReset(true))
                        .run(FlashProgress.NONE);
                total = board.faults().accessCount() - start;
            }
            assertThat(board.lastBootReport().physicalBank()).isEqualTo(2);
        }

        int old = 0;
        int updated = 0;
        int optionWindow = 0;
        int halfWritten = 0;
        List<Long> optionIndices = new ArrayList<>();
        for (long i = 0; i <= total; i++) {
            SimulatedBoard board = Boards.restore(snapshot, scheme);
            try (OpsBench bench = new OpsBench(board, transport)) {
                OperationContext ctx = bench.context();
                board.faults().powerLossAfterAccesses(i);
                try {
                    new BankUpdateOperation(ctx, b, BankUpdateOperation.Options.of(scheme).withReset(true))
                            .run(FlashProgress.NONE);
                } catch (Exception expected) {
                    assertThat(board.isPowered()).as("index %d: %s", i, expected).isFalse();
                }
            }
            board.faults().clear();
            if (board.isPowered()) {
                board.powerCycle(); // the loss came after the last access
            } else {
                board.powerOn();
            }
            BootReport boot = board.lastBootReport();
            boolean valid = boot.source() == BootReport.Source.FLASH && boot.imageValid();
            if (valid && boot.physicalBank() == 1) {
                assertThat(board.readCells(1, 0, aBytes.length)).as("index %d: A complete", i).isEqualTo(aBytes);
                old++;
                boolean zIntact = java.util.Arrays.equals(board.readCells(2, 0, zBytes.length), zBytes);
                boolean bComplete = java.util.Arrays.equals(board.readCells(2, 0, bBytes.length), bBytes);
                if (!zIntact && !bComplete) {
                    halfWritten++;
                    explainsHalfWrittenBank(board, i);
                }
            } else if (valid && boot.physicalBank() == 2) {
                assertThat(board.readCells(2, 0, bBytes.length)).as("index %d: B complete", i).isEqualTo(bBytes);
                assertThat(board.readCells(1, 0, aBytes.length)).as("index %d: A intact", i).isEqualTo(aBytes);
                updated++;
            } else {
                Optional<InterruptedOperation> cut = board.faults().lastInterruption();
                if (cut.isEmpty() || cut.get().kind() != InterruptedOperation.Kind.OPTION_PROGRAM) {
                    fail("index %d: boots neither image (%s) and no option programming was interrupted", i, boot);
                }
                // both images are intact; only the option area was lost
                assertThat(board.readCells(1, 0, aBytes.length)).isEqualTo(aBytes);
                assertThat(board.readCells(2, 0, bBytes.length)).isEqualTo(bBytes);
                assertThat(board.optionAreaErased()).isTrue();
                explainsErasedOptions(board, i);
                optionWindow++;
                optionIndices.add(i);
            }
        }
        System.out.printf("bank update crash consistency (%s, %s): %d fault points covered (every access index 0..%d): "
                + "%d boot the old image (%d of them with a half-written inactive bank, explained), %d boot the new "
                + "image, %d fall into the option programming (OPTSTRT) window %s%n", transport, scheme, total + 1,
                total, old, halfWritten, updated, optionWindow, optionIndices);
        assertThat(old + updated + optionWindow).isEqualTo((int) total + 1);
        assertThat(old).isGreaterThan(0);
        assertThat(updated).isGreaterThan(0);
        assertThat(halfWritten).isGreaterThan(0);
        // the option window is one contiguous stretch (OPTSTRT until BSY clears), a small part of the update
        if (!optionIndices.isEmpty()) {
            assertThat(optionIndices.get(optionIndices.size() - 1) - optionIndices.get(0) + 1)
                    .isEqualTo(optionIndices.size());
            assertThat(optionWindow).isLessThan((int) (total / 10));
        }
    }

    private static void explainsHalfWrittenBank(SimulatedBoard board, long i) throws Exception {
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            BankSurvey s = BankSurvey.examine(bench.context());
            assertThat(s.runningBank()).isEqualTo(1);
            BankSurvey.BankInfo bank2 = s.bank(2);
            assertThat(bank2.state()).as("index %d: %s", i, s.summary()).isIn(BankSurvey.BankState.INCOMPLETE,
                    BankSurvey.BankState.INVALID, BankSurvey.BankState.EMPTY);
            assertThat(bank2.explanation()).containsAnyOf("HALF-WRITTEN", "NOT a bootable image", "erased");
            DoctorReport d = new Doctor(InstalledFamilies.families()).examine(bench.target, List.of());
            assertThat(d.finding(FindingCode.BOOT_NEXT)).isPresent();
            // the doctor explains a half-written inactive bank by itself (vector table erased, data present)
            if (bank2.state() == BankSurvey.BankState.INCOMPLETE) {
                assertThat(d.findings(FindingCode.HALF_WRITTEN_BANK)).as("index %d: %s", i, d.render())
                        .singleElement().satisfies(f -> assertThat(f.message()).contains("Physical bank 2"));
            } else {
                assertThat(d.findings(FindingCode.HALF_WRITTEN_BANK)).as("index %d", i).isEmpty();
            }
        }
    }

    private static void explainsErasedOptions(SimulatedBoard board, long i) throws Exception {
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            DoctorReport d = new Doctor(InstalledFamilies.families()).examine(bench.target, List.of());
            assertThat(d.finding(FindingCode.RDP)).as("index %d: %s", i, d.render()).hasValueSatisfying(
                    f -> assertThat(f.message()).contains("level 1"));
            assertThat(d.render()).contains("0xFFFF");
        }
    }
}
