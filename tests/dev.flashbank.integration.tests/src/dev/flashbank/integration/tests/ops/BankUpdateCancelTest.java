package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.ops.BankSurvey;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.OperationCanceledException;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;

/**
 * Cancel between the bank update's steps (before the erase, after it, after the body, after verify): the running
 * bank and the boot options are untouched every time, the message says what state the inactive bank is in, and the
 * old image boots.
 */
class BankUpdateCancelTest {

    @ParameterizedTest(name = "cancel at check {0}")
    @ValueSource(ints = { 1, 2, 3, 4 })
    void cancelLeavesTheRunningBankAndTheBootOptionsAlone(int cancelAtCheck) throws Exception {
        SwitchScheme scheme = Stm32F7SwitchSchemes.BOOT_ADD;
        SimulatedBoard board = Boards.abBoard(scheme);
        var optionsBefore = board.snapshot().optionWords();
        FirmwareImage a = Boards.imageA(board, scheme);
        FirmwareImage b = Boards.image(board, scheme, 2, 0xB, "B");
        FlashProgress cancel = new FlashProgress() {
            int checks;

            @Override
            public void begin(String task, long totalUnits) {
            }

            @Override
            public void worked(long units) {
            }

            @Override
            public boolean isCanceled() {
                return ++checks >= cancelAtCheck;
            }
        };
        try (OpsBench bench = new OpsBench(board, OpsBench.Transport.PROBE)) {
            OperationCanceledException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                    OperationCanceledException.class, () -> new BankUpdateOperation(bench.context(), b,
                            BankUpdateOperation.Options.of(scheme).withReset(true)).run(cancel));
            assertThat(e.whatIsDone()).contains(switch (cancelAtCheck) {
                case 1 -> "nothing was written";
                case 2 -> "was erased";
                case 3 -> "WITHOUT its vector table";
                default -> "verified; the boot bank was NOT switched";
            });
            assertThat(board.coreHalted()).as("the core is resumed").isFalse();
            BankSurvey s = BankSurvey.examine(bench.context());
            assertThat(s.bank(2).state()).isEqualTo(switch (cancelAtCheck) {
                case 1 -> BankSurvey.BankState.VALID_IMAGE; // still Z
                case 2 -> BankSurvey.BankState.EMPTY;
                case 3 -> BankSurvey.BankState.INCOMPLETE;
                default -> BankSurvey.BankState.VALID_IMAGE; // B, complete but not selected
            });
        }
        assertThat(board.snapshot().optionWords()).isEqualTo(optionsBefore);
        board.reset(ResetKind.SYSTEM);
        assertThat(board.lastBootReport().physicalBank()).isEqualTo(1);
        assertThat(board.readCells(1, 0, Boards.IMAGE_SIZE)).isEqualTo(OpsBench.bytes(a));
    }
}
