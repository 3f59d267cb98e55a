package dev.flashbank.family.stm32h7.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.flashbank.family.stm32f7.Stm32F7SwitchSchemes;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.ops.BankSurvey;
import dev.flashbank.core.ops.BankSwitchResult;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.BankUpdateResult;
import dev.flashbank.core.ops.OperationRefusedException;
import dev.flashbank.core.ops.RollbackOperation;
import dev.flashbank.core.ops.SwapOperation;
import dev.flashbank.family.stm32h7.Stm32H7Descriptor;
import dev.flashbank.family.stm32h7.sim.Stm32H7Board;
import dev.flashbank.family.stm32h7.tests.H7Bench;
import dev.flashbank.sim.BootReport;

/**
 * Issue 15 acceptance "A/B on H743 with --scheme swap-bank", through the family-neutral operations: the bank update
 * writes the image (linked for 0x0800_0000) into the physical bank that is NOT running, through window 2 where that
 * bank is mapped now, verifies, writes SWAP_BANK_OPT last and resets; the simulated board's boot model then starts the
 * new image at 0x0800_0000, the old one stays intact in the other bank, rollback starts the old one again and swap
 * toggles - from either physical bank.
 */
class H7BankSwapUpdateTest {

    static final BankUpdateOperation.Options SWAP_BANK = BankUpdateOperation.Options.of(Stm32H7Descriptor.SWAP_BANK)
            .withReset(true);

    final Stm32H7Board board;

    H7BankSwapUpdateTest() throws Exception {
        board = H7Bench.freshBoard();
    }

    BankUpdateResult update(FirmwareImage image) throws Exception {
        try (H7Bench bench = new H7Bench(board)) {
            return new BankUpdateOperation(bench.ctx, image, SWAP_BANK).run(FlashProgress.NONE);
        }
    }

    /** The board's boot model started a valid image from flash, from this physical bank, at 0x0800_0000. */
    void boots(int physicalBank) {
        BootReport r = board.lastBootReport();
        assertThat(r.source()).as(r.toString()).isEqualTo(BootReport.Source.FLASH);
        assertThat(r.imageValid()).as(r.toString()).isTrue();
        assertThat(r.physicalBank()).as(r.toString()).isEqualTo(physicalBank);
        assertThat(r.bootAddress()).isEqualTo(H7Bench.LINK);
    }

    @Test
    void anUpdateFromEitherBankBootsTheNewImageKeepsTheOldAndRollbackAndSwapSwitchBack() throws Exception {
        FirmwareImage a = H7Bench.image(6000, 0xA, "a.bin");
        FirmwareImage b = H7Bench.image(9000, 0xB, "b.bin");
        byte[] aBytes = H7Bench.bytes(a);
        byte[] bBytes = H7Bench.bytes(b);

        // from physical bank 1 (SWAP_BANK = 0): A goes into physical bank 2 through window 2
        BankUpdateResult ra = update(a);
        assertThat(ra.plan().runningBank()).isEqualTo(1);
        assertThat(ra.plan().inactiveBank()).isEqualTo(2);
        assertThat(ra.plan().programAddress()).isEqualTo(0x0810_0000L);
        assertThat(ra.plan().bankSwitch().option()).contains("SWAP_BANK_OPT");
        assertThat(ra.summary()).contains("SWAP_BANK_OPT = 1").contains("SWAP_BANK=1, SWAP_BANK_OPT=1");
        boots(2);
        assertThat(board.readCells(2, 0, aBytes.length)).isEqualTo(aBytes);
        assertThat(ra.after().runningBank()).isEqualTo(2);
        assertThat(ra.after().banksSwapped()).isTrue();

        // from physical bank 2 (SWAP_BANK = 1): B goes into physical bank 1, which is window 2 now
        BankUpdateResult rb = update(b);
        assertThat(rb.plan().runningBank()).isEqualTo(2);
        assertThat(rb.plan().inactiveBank()).isEqualTo(1);
        assertThat(rb.plan().programAddress()).isEqualTo(0x0810_0000L);
        boots(1);
        assertThat(board.readCells(1, 0, bBytes.length)).isEqualTo(bBytes);
        assertThat(board.readCells(2, 0, aBytes.length)).as("the old image is intact").isEqualTo(aBytes);
        assertThat(rb.data()).containsEntry("reset", true);
        assertThat(rb.after().data()).containsEntry("swapBank", false).containsEntry("swapBankOpt", false)
                .containsEntry("banksSwapped", false);

        // rollback starts the old image again, swap toggles back; nothing is programmed
        try (H7Bench bench = new H7Bench(board)) {
            BankSwitchResult back = new RollbackOperation(bench.ctx, Stm32H7Descriptor.SWAP_BANK, true)
                    .run(FlashProgress.NONE);
            assertThat(back.bankSwitch().targetBank()).isEqualTo(2);
            assertThat(back.bankSwitch().mechanism()).isEqualTo("SWAP_BANK_OPT");
        }
        boots(2);
        try (H7Bench bench = new H7Bench(board)) {
            new SwapOperation(bench.ctx, Stm32H7Descriptor.SWAP_BANK, true).run(FlashProgress.NONE);
        }
        boots(1);
        assertThat(board.readCells(1, 0, bBytes.length)).isEqualTo(bBytes);
        assertThat(board.readCells(2, 0, aBytes.length)).isEqualTo(aBytes);
    }

    @Test
    void aSwitchWithoutResetIsPendingAndTheNextUpdateRefusesToOverwriteTheImageAboutToBoot() throws Exception {
        update(H7Bench.image(4096, 0xA, "a.bin"));
        update(H7Bench.image(4096, 0xB, "b.bin"));
        byte[] bank2 = board.readCells(2, 0, 4096);
        try (H7Bench bench = new H7Bench(board)) {
            BankSwitchResult sw = new SwapOperation(bench.ctx, Stm32H7Descriptor.SWAP_BANK, false)
                    .run(FlashProgress.NONE);
            assertThat(sw.after().switchPending()).isTrue();
            assertThat(sw.after().bootBank()).isEqualTo(2);
            assertThat(sw.after().runningBank()).isEqualTo(1);
            assertThatThrownBy(() -> new BankUpdateOperation(bench.ctx, H7Bench.image(4096, 0xC, "c.bin"), SWAP_BANK)
                    .run(FlashProgress.NONE)).isInstanceOf(OperationRefusedException.class)
                    .hasMessageContaining("a switch is pending").hasMessageContaining("Nothing was written");
        }
        assertThat(board.readCells(2, 0, 4096)).isEqualTo(bank2);
    }

    @Test
    void theWrongLinkAddressAndAnotherFamilysSchemeAreRefusedBeforeAnythingIsWritten() throws Exception {
        FirmwareImage atWindow2 = FirmwareImage.of("w2.bin", dev.flashbank.core.image.ImageFormat.BIN,
                java.util.List.of(new dev.flashbank.core.image.Segment(0x0810_0000L, new byte[256], "w2")),
                java.util.OptionalLong.empty());
        byte[] before = board.readCells(2, 0, 256);
        try (H7Bench bench = new H7Bench(board)) {
            BankSurvey s = BankSurvey.examine(bench.ctx);
            assertThat(s.summary()).startsWith("dual bank, SWAP_BANK=0, SWAP_BANK_OPT=0");
            assertThatThrownBy(() -> new BankUpdateOperation(bench.ctx, H7Bench.image(256, 1, "a.bin"),
                    BankUpdateOperation.Options.of(Stm32F7SwitchSchemes.BOOT_ADD)).run(FlashProgress.NONE))
                    .isInstanceOf(OperationRefusedException.class)
                    .hasMessageContaining("boot-add is not a scheme of").hasMessageContaining(": swap-bank");
            assertThatThrownBy(() -> new BankUpdateOperation(bench.ctx, atWindow2, SWAP_BANK).plan())
                    .isInstanceOf(OperationRefusedException.class);
        }
        assertThat(board.readCells(2, 0, 256)).isEqualTo(before);
    }
}
