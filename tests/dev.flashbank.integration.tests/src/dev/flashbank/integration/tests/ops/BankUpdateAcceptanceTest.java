package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.ops.BankSurvey;
import dev.flashbank.core.ops.BankSwitchResult;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.BankUpdateResult;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.ops.RollbackOperation;
import dev.flashbank.core.ops.SwapOperation;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.sim.BootReport;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;

/**
 * Issue 6 acceptance: a bank update from bank 1 and from bank 2, for both switching schemes, through the simulated
 * probe and through the emulated ST-Link, ends with the new image booting (the simulator's boot model decides) and the
 * old image intact in the other bank; rollback boots the old one again; swap toggles.
 */
class BankUpdateAcceptanceTest {

    static Stream<Arguments> cases() {
        return Stream.of(OpsBench.Transport.values()).flatMap(t -> Stm32F7SwitchSchemes.ALL.stream()
                .map(s -> Arguments.of(t, s)));
    }

    static void assertBoots(SimulatedBoard board, int bank, FirmwareImage image, SwitchScheme scheme) {
        BootReport r = board.lastBootReport();
        assertThat(r.source()).as(r.toString()).isEqualTo(BootReport.Source.FLASH);
        assertThat(r.imageValid()).isTrue();
        assertThat(r.physicalBank()).as(r.toString()).isEqualTo(bank);
        byte[] expected = OpsBench.bytes(image);
        assertThat(board.readCells(bank, 0, expected.length)).isEqualTo(expected);
        assertThat(r.imageResetVector() & 0xFFFF_FFFFL).isEqualTo(image.entryPoint().getAsLong());
        if (scheme == Stm32F7SwitchSchemes.REMAP) {
            // the ROM bootloader set SWP_FB for bank 2 (model), so every image runs at 0x08000000
            assertThat(r.swpFbAfterBoot()).isEqualTo(bank == 2);
            assertThat(board.swpFb()).isEqualTo(bank == 2);
        } else {
            assertThat(board.swpFb()).isFalse();
            assertThat(r.imageAddress()).isEqualTo(bank == 1 ? Boards.BANK1 : Boards.BANK2);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void updateFromBank1ThenFromBank2ThenRollBackAndSwap(OpsBench.Transport transport, SwitchScheme scheme)
            throws Exception {
        SimulatedBoard board = Boards.abBoard(scheme);
        FirmwareImage a = Boards.imageA(board, scheme);
        assertBoots(board, 1, a, scheme);
        try (OpsBench bench = new OpsBench(board, transport)) {
            OperationContext ctx = bench.context();

            // from bank 1: the new image B goes to physical bank 2
            FirmwareImage b = Boards.image(board, scheme, 2, 0xB, "B");
            BankUpdateResult r1 = new BankUpdateOperation(ctx, b, BankUpdateOperation.Options.of(scheme)
                    .withReset(true)).run(FlashProgress.NONE);
            assertThat(r1.plan().runningBank()).isEqualTo(1);
            assertThat(r1.plan().inactiveBank()).isEqualTo(2);
            assertThat(r1.plan().programAddress()).isEqualTo(Boards.BANK2);
            assertThat(r1.verify().ok()).isTrue();
            assertThat(r1.switched()).isPresent();
            assertBoots(board, 2, b, scheme);
            assertThat(board.readCells(1, 0, Boards.IMAGE_SIZE)).isEqualTo(OpsBench.bytes(a)); // old image intact
            assertThat(r1.after().runningBank()).isEqualTo(2);
            assertThat(r1.summary()).contains("physical bank 2");

            // from bank 2: the next image C goes to physical bank 1, wherever it is mapped now
            FirmwareImage c = Boards.image(board, scheme, 1, 0xC, "C");
            BankUpdateResult r2 = new BankUpdateOperation(ctx, c, BankUpdateOperation.Options.of(scheme)
                    .withReset(true)).run(FlashProgress.NONE);
            assertThat(r2.plan().runningBank()).isEqualTo(2);
            assertThat(r2.plan().inactiveBank()).isEqualTo(1);
            // REMAP: SWP_FB = 1 maps physical bank 1 at 0x08100000, so that is where it is programmed (AN4826)
            assertThat(r2.plan().programAddress()).isEqualTo(scheme == Stm32F7SwitchSchemes.REMAP ? Boards.BANK2
                    : Boards.BANK1);
            assertBoots(board, 1, c, scheme);
            assertThat(board.readCells(2, 0, Boards.IMAGE_SIZE)).isEqualTo(OpsBench.bytes(b));

            // rollback: the other bank holds B, complete and linked for the scheme -> B boots again
            BankSwitchResult rb = new RollbackOperation(ctx, scheme, true).run(FlashProgress.NONE);
            assertThat(rb.bankSwitch().targetBank()).isEqualTo(2);
            assertBoots(board, 2, b, scheme);
            assertThat(board.readCells(1, 0, Boards.IMAGE_SIZE)).isEqualTo(OpsBench.bytes(c));

            // swap without reset: pending until the next reset, then C boots
            BankSwitchResult sw = new SwapOperation(ctx, scheme, false).run(FlashProgress.NONE);
            assertThat(sw.written()).isPresent();
            ctx.debugTarget().core().halt(); // the PC tells which bank really runs (the options already changed)
            BankSurvey pending = BankSurvey.examine(ctx);
            assertThat(pending.bootBank()).isEqualTo(1);
            assertThat(pending.runningBank()).as(pending.summary()).isEqualTo(2);
            assertThat(pending.switchPending()).isTrue();
            assertThat(pending.summary()).contains("PENDING");
            // a bank update now would overwrite the image that is about to boot: refused, nothing written
            long writes = bench.target.flashWrites;
            assertThatThrownBy(() -> new BankUpdateOperation(ctx, Boards.image(board, scheme, 1, 0xD, "D"),
                    BankUpdateOperation.Options.of(scheme)).run(FlashProgress.NONE))
                    .isInstanceOf(OperationRefusedException.class).hasMessageContaining("a switch is pending")
                    .hasMessageContaining("Nothing was written");
            assertThat(bench.target.flashWrites).isEqualTo(writes);
            assertBoots(board, 2, b, scheme);
            board.reset(dev.flashbank.core.target.ResetKind.SYSTEM);
            assertBoots(board, 1, c, scheme);
        }
    }
}
