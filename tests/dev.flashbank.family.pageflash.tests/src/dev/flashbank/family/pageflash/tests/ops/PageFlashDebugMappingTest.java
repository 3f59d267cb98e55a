package dev.flashbank.family.pageflash.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.ops.BankSurvey;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashParameters;
import dev.flashbank.family.pageflash.sim.PageFlashBoard;
import dev.flashbank.family.pageflash.sim.PageFlashSimulatedFamily;
import dev.flashbank.family.pageflash.tests.ops.PageFlashAbBench.Part;
import dev.flashbank.sim.BoardOptions;

/**
 * The model parameter {@code debugSeesSwap} = false (UNCONFIRMED either way: debug accesses might go through the
 * unswapped layout while the CPU sees FB_MODE / nSWAP_BANK): the simulated part then shows the debugger physical bank
 * 1 at 0x0800_0000 whatever runs. The driver takes every flash address as the CPU names it (the mapping that decides
 * which bank runs) and reaches it at the debug port's address for the same physical bank, so A/B updates from a
 * swapped bank still write the inactive PHYSICAL bank, read back and survey the right banks - with the other reading
 * ({@code PageFlashAbUpdateTest}, the default) the same updates pass unchanged. Without that translation this
 * sequence wrote the running bank's addresses (G0B1: PROGERR on the running image) and the survey swapped the banks'
 * contents.
 */
class PageFlashDebugMappingTest {

    private static final PageFlashParameters DEBUG_UNSWAPPED = new PageFlashParameters(true, true, true, false, false,
            true, true);

    @ParameterizedTest
    @EnumSource(Part.class)
    void abUpdatesFromASwappedBankWriteTheInactivePhysicalBankWhenDebugDoesNotSeeTheSwap(Part part) throws Exception {
        PageFlashBoard board = PageFlashSimulatedFamily.INSTANCE.create(part.orderCode,
                BoardOptions.defaults().withParameters(DEBUG_UNSWAPPED));
        assertThat(board.model().debugSeesSwap()).isFalse();
        FirmwareImage z = PageFlashAbBench.image(520, 0x2, "z.bin");
        FirmwareImage a = PageFlashAbBench.image(552, 0xA, "a.bin");
        FirmwareImage b = PageFlashAbBench.image(584, 0xB, "b.bin");

        PageFlashAbBench.update(board, part, z);
        PageFlashAbUpdateTest.assertBoots(board, part, 2); // the CPU runs physical bank 2 at 0x0800_0000 now
        assertThat(board.readCells(2, 0, 520)).isEqualTo(PageFlashAbBench.bytes(z));

        // from the swapped bank 2: the inactive physical bank 1 is mapped at the upper slot for the CPU, but the
        // debugger reaches it at 0x0800_0000
        PageFlashAbBench.update(board, part, a);
        PageFlashAbUpdateTest.assertBoots(board, part, 1);
        assertThat(board.readCells(1, 0, 552)).as("A in physical bank 1").isEqualTo(PageFlashAbBench.bytes(a));
        assertThat(board.readCells(2, 0, 520)).as("Z intact in physical bank 2").isEqualTo(PageFlashAbBench.bytes(z));

        PageFlashAbBench.update(board, part, b);
        PageFlashAbUpdateTest.assertBoots(board, part, 2);
        assertThat(board.readCells(2, 0, 584)).as("B in physical bank 2").isEqualTo(PageFlashAbBench.bytes(b));
        assertThat(board.readCells(1, 0, 552)).as("A intact in physical bank 1").isEqualTo(PageFlashAbBench.bytes(a));

        try (PageFlashAbBench bench = new PageFlashAbBench(board)) {
            BankSurvey s = BankSurvey.examine(bench.ctx);
            assertThat(s.banksSwapped()).as(s.summary()).isTrue();
            assertThat(s.runningBank()).as(s.summary()).isEqualTo(2);
            // reads name CPU addresses: 0x0800_0000 is the running B, the upper slot the previous A
            assertThat(bench.ctx.driver().readFlash(PageFlashLine.MAIN_FLASH, 584)).isEqualTo(PageFlashAbBench.bytes(b));
            long upper = bench.ctx.geometry().windowAddress(1, 0, true, bench.ctx.geometry().linkWindow());
            assertThat(bench.ctx.driver().verify(upper, PageFlashAbBench.bytes(a)).ok()).isTrue();
        }
    }
}
