package dev.flashbank.family.pageflash.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.ops.BankSurvey;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.BankUpdateResult;
import dev.flashbank.core.ops.RollbackOperation;
import dev.flashbank.family.pageflash.sim.PageFlashBoard;
import dev.flashbank.family.pageflash.tests.ops.PageFlashAbBench.Part;
import dev.flashbank.sim.BootReport;

/**
 * Issue 17 acceptance, A/B: the neutral bank update with BFB2 on a dual-bank STM32G474 and an STM32L476 and with
 * nSWAP_BANK on an STM32G0B1, starting from EITHER physical bank: the new image is written into the other PHYSICAL
 * bank and boots - on L4/G4 through the simulated ROM bootloader's dual-bank check (RM0351 §2.6, RM0440 §2.6.1) with
 * FB_MODE set when bank 2 wins, on G0 by the nSWAP_BANK mapping at the option load (RM0444 §3.3.1) - the old bank is
 * untouched, and a rollback boots the old image again with both banks still intact.
 */
class PageFlashAbUpdateTest {

    static Stream<Arguments> cases() {
        return Stream.of(Part.values()).flatMap(p -> Stream.of(Arguments.of(p, 1), Arguments.of(p, 2)));
    }

    @ParameterizedTest(name = "{0} running from physical bank {1}")
    @MethodSource("cases")
    void theNewImageBootsTheOldBankStaysAndRollbackBootsItAgain(Part part, int running) throws Exception {
        FirmwareImage z = PageFlashAbBench.image(520, 0x2, "z.bin");
        FirmwareImage a = PageFlashAbBench.image(552, 0xA, "a.bin");
        FirmwareImage b = PageFlashAbBench.image(584, 0xB, "b.bin");
        PageFlashBoard board = PageFlashAbBench.runningFrom(part, running, z, a);
        int other = 3 - running;
        assertBoots(board, part, running);
        byte[] aBytes = PageFlashAbBench.bytes(a);
        byte[] bBytes = PageFlashAbBench.bytes(b);
        assertThat(board.readCells(running, 0, aBytes.length)).isEqualTo(aBytes);

        try (PageFlashAbBench bench = new PageFlashAbBench(board)) {
            BankUpdateResult r = new BankUpdateOperation(bench.ctx, b, part.update()).run(FlashProgress.NONE);
            assertThat(r.summary()).contains("physical bank " + running).contains("physical bank " + other);
        }
        assertBoots(board, part, other);
        assertThat(board.readCells(other, 0, bBytes.length)).as("the new image in the other PHYSICAL bank")
                .isEqualTo(bBytes);
        assertThat(board.readCells(running, 0, aBytes.length)).as("the old bank intact").isEqualTo(aBytes);
        try (PageFlashAbBench bench = new PageFlashAbBench(board)) {
            BankSurvey s = BankSurvey.examine(bench.ctx);
            assertThat(s.runningBank()).as(s.summary()).isEqualTo(other);
            assertThat(s.bank(running).state()).as(s.summary()).isEqualTo(BankSurvey.BankState.VALID_IMAGE);
        }

        try (PageFlashAbBench bench = new PageFlashAbBench(board)) {
            new RollbackOperation(bench.ctx, part.scheme, true).run(FlashProgress.NONE);
        }
        assertBoots(board, part, running);
        assertThat(board.readCells(running, 0, aBytes.length)).as("rolled back to the old image").isEqualTo(aBytes);
        assertThat(board.readCells(other, 0, bBytes.length)).as("the new image kept for a later swap")
                .isEqualTo(bBytes);
    }

    /**
     * The board booted physical bank {@code bank} by the part's own mechanism: on L4/G4 bank 2 only through the ROM
     * bootloader (BFB2 = 1, FB_MODE = 1 afterwards, system memory still at 0), bank 1 directly; on G0 the bank
     * nSWAP_BANK maps at 0x0800_0000.
     */
    static void assertBoots(PageFlashBoard board, Part part, int bank) {
        BootReport boot = board.lastBootReport();
        assertThat(boot.source()).as("%s", boot).isEqualTo(BootReport.Source.FLASH);
        assertThat(boot.imageValid()).as("%s", boot).isTrue();
        assertThat(boot.physicalBank()).as("%s", boot).isEqualTo(bank);
        if (part == Part.G0B1) {
            assertThat(boot.dualBoot()).as("no bootloader detour on G0: %s", boot).isFalse();
            assertThat(board.swapped()).as("nSWAP_BANK = 0 maps bank 2 at 0x0800_0000").isEqualTo(bank == 2);
        } else {
            assertThat(boot.dualBoot()).as("bank 2 starts only through the ROM bootloader: %s", boot)
                    .isEqualTo(bank == 2);
            assertThat(board.fbMode()).as("FB_MODE after the boot").isEqualTo(bank == 2);
        }
    }
}
