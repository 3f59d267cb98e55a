package dev.flashbank.family.stm32h7.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.EraseOperation;
import dev.flashbank.core.ops.EraseRequest;
import dev.flashbank.core.ops.EraseResult;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.family.stm32h7.Stm32H7Descriptor;
import dev.flashbank.family.stm32h7.sim.Stm32H7Board;
import dev.flashbank.family.stm32h7.tests.H7Bench;

/**
 * {@code erase --sectors BANK:N} on the H743 while the mapping changes at the next reset: a bank update without its
 * reset leaves SWAP_BANK_OPT = 1 not yet latched (RM0433 §4.3.13), physical bank 2 is what the next reset starts, and
 * the running-bank guard refuses to erase it (or the running physical bank 1) - naming both banks - unless
 * overridden. Across CLI commands the
 * simulated board is powered up again, which latches the swap, so this is exercised on one connection.
 */
class H7EraseSectorsTest {

    final Stm32H7Board board;

    H7EraseSectorsTest() throws Exception {
        board = H7Bench.freshBoard();
    }

    @Test
    void theBankTheNextResetStartsIsRefusedWhileSwapBankOptWaitsAndErasedOnlyWithTheOverride() throws Exception {
        FirmwareImage a = H7Bench.image(6000, 0xA, "a.bin");
        byte[] aBytes = H7Bench.bytes(a);
        try (H7Bench bench = new H7Bench(board)) {
            new BankUpdateOperation(bench.ctx, a, BankUpdateOperation.Options.of(Stm32H7Descriptor.SWAP_BANK))
                    .run(FlashProgress.NONE);
            assertThat(board.readCells(2, 0, aBytes.length)).isEqualTo(aBytes);

            EraseRequest sector0OfBank2 = EraseRequest.Sectors.parse(List.of("2:0"));
            assertThatThrownBy(() -> new EraseOperation(bench.ctx, sector0OfBank2).run(FlashProgress.NONE))
                    .isInstanceOf(OperationRefusedException.class)
                    .hasMessageContaining("physical bank 2").hasMessageContaining("next reset");
            assertThat(board.readCells(2, 0, aBytes.length)).as("nothing written").isEqualTo(aBytes);

            // and physical bank 1 is the one running: an erase there is refused as well, for that reason
            assertThatThrownBy(() -> new EraseOperation(bench.ctx, EraseRequest.Sectors.parse(List.of("1:7")))
                    .run(FlashProgress.NONE)).isInstanceOf(OperationRefusedException.class)
                    .hasMessageContaining("sector 7").hasMessageContaining("RUNNING bank");

            EraseResult expert = new EraseOperation(bench.ctx, sector0OfBank2, true).run(FlashProgress.NONE);
            assertThat(expert.guardOverridden()).isPresent();
            assertThat(board.readCells(2, 0, aBytes.length)).containsOnly((byte) 0xFF);
        }
    }

    @Test
    void aSectorTheBankStripShowsIsErasedInItsOwnPhysicalBank() throws Exception {
        // the IDE erases the sector selected in a bank strip; H7 numbers sectors 0-7 in EACH bank (RM0433 §4.3.1), so
        // the request carries the bank: sector 3 of bank 2 is erased, sector 3 of bank 1 is not
        try (H7Bench bench = new H7Bench(board)) {
            byte[] marker = new byte[32];
            java.util.Arrays.fill(marker, (byte) 0x5A);
            FlashGeometry g = bench.driver().geometry();
            Sector s3b1 = g.bank(1).sectors().get(3);
            Sector s3b2 = g.bank(2).sectors().get(3);
            FlashWindow w = g.windows().get(0);
            bench.driver().program(g.windowAddress(1, s3b1.offset(), false, w), marker, FlashProgress.NONE);
            bench.driver().program(g.windowAddress(2, s3b2.offset(), false, w), marker, FlashProgress.NONE);

            new EraseOperation(bench.ctx, EraseRequest.sectorsOf(List.of(s3b2))).run(FlashProgress.NONE);

            assertThat(board.readCells(2, s3b2.offset(), marker.length)).containsOnly((byte) 0xFF);
            assertThat(board.readCells(1, s3b1.offset(), marker.length)).as("the same number in bank 1")
                    .isEqualTo(marker);
        }
    }
}
