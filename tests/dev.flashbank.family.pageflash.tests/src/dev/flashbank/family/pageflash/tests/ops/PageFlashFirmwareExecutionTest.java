package dev.flashbank.family.pageflash.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.ops.ProgramOperation;
import dev.flashbank.core.ops.ProgramOptions;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.family.pageflash.sim.PageFlashBoard;
import dev.flashbank.family.pageflash.sim.PageFlashSamples;
import dev.flashbank.family.pageflash.tests.ops.PageFlashAbBench.Part;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.FirmwareRun;
import dev.flashbank.sim.ResetCause;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.cpu.CoreProfile;

/**
 * Issue 19 on the page-flash boards: the simulated STM32G474RE and STM32L476RG (Cortex-M4F) and STM32G0B1RE (Cortex-M0+)
 * execute the family's start-up sample ({@link PageFlashSamples}): from bank 1, and from bank 2 after a bank update set
 * BFB2 (the ROM bootloader's dual-bank boot jumps to bank 2 with FB_MODE set) or nSWAP_BANK = 0 (bank 2 mapped at
 * 0x0800_0000). The sample reaches main through CubeMX's clock set-up (it waits on HSIRDY/MSIRDY, PLLRDY, VOSF, the
 * LATENCY read-back and SWS), prints its line on the NUCLEO's virtual COM port, resets itself once by SYSRESETREQ and
 * then counts - faster than the reset clock could.
 */
class PageFlashFirmwareExecutionTest {

    /** Enough virtual time for two boots through the clock set-up and two console lines at the reset clock. */
    private static final Duration START_UP = Duration.ofMillis(5);

    private static String line(Part part, int bank, int boot) {
        int mhz = switch (part) {
            case G474 -> 170;
            case L476 -> 80;
            case G0B1 -> 64;
        };
        return "pageflash sample: " + part.orderCode + " bank " + bank + ", " + mhz + " MHz, boot " + boot + "\r\n";
    }

    /** The sample programmed at 0x0800_0000 by the family's driver through the probe, as {@code flashbank program}. */
    private static PageFlashBoard withSampleInBank1(Part part) throws Exception {
        PageFlashBoard board = PageFlashAbBench.fresh(part);
        try (PageFlashAbBench bench = new PageFlashAbBench(board)) {
            new ProgramOperation(bench.ctx, PageFlashSamples.image(board.line()), ProgramOptions.defaults())
                    .run(FlashProgress.NONE);
        }
        return board;
    }

    /** The sample's copy with bank_id = 2, linked for 0x0800_0000 like the original (BFB2 / nSWAP_BANK A/B). */
    private static FirmwareImage bank2Copy(PageFlashBoard board) {
        FirmwareImage image = PageFlashSamples.image(board.line());
        long bankId = PageFlashSamples.symbols(board.line()).get(PageFlashSamples.BANK_ID);
        List<Segment> copy = new ArrayList<>();
        for (Segment s : image.segments()) {
            byte[] d = s.data().clone();
            if (s.address() <= bankId && bankId + 4 <= s.end()) {
                d[(int) (bankId - s.address())] = 2;
            }
            copy.add(new Segment(s.address(), d, "bank 2 copy"));
        }
        return FirmwareImage.of("sample bank 2 copy", image.format(), copy, image.entryPoint());
    }

    private static long read32(PageFlashBoard board, long address) {
        BusResult r = board.debugBus().read(address, AccessWidth.WORD);
        assertThat(r).isInstanceOf(BusResult.Ok.class);
        return ((BusResult.Ok) r).value();
    }

    /** Power off and on (the bench left the core halted): the options stored are loaded, the sample starts afresh. */
    private static FirmwareRun powerCycleAndStart(PageFlashBoard board) {
        board.powerOff();
        board.powerOn();
        return board.runFirmware(START_UP, OptionalLong.empty());
    }

    /** Booted, reset itself once, counts g_counter at the PLL clock. */
    private static void assertRunsTheSample(PageFlashBoard board, Part part, FirmwareRun start, int bank) {
        assertThat(start.stop()).as("%s", start).isEqualTo(FirmwareRun.Stop.TIME_ELAPSED);
        assertThat(start.console()).isEqualTo(line(part, bank, 1) + line(part, bank, 2));
        assertThat(board.lastResetCause()).as("the sample's SYSRESETREQ").isEqualTo(ResetCause.SOFTWARE);
        long counter = PageFlashSamples.symbols(board.line()).get(PageFlashSamples.COUNTER);
        long first = read32(board, counter);
        long cycles = board.cpu().cycles();
        FirmwareRun more = board.runFirmware(Duration.ofMillis(1), OptionalLong.empty());
        assertThat(more.console()).as("no third boot").isEmpty();
        assertThat(read32(board, counter)).isGreaterThan(first);
        // the reset clock (HSI16 on G4/G0, MSI 4 MHz on L4) runs at most 16000 cycles in a millisecond; the PLL
        // many more - the flash wait states of the fetches included (core cycles in which the core waits), and the
        // millisecond's last instruction may end a few cycles past it (its own cycles and its fetch's wait states)
        int mhz = switch (part) {
            case G474 -> 170;
            case L476 -> 80;
            case G0B1 -> 64;
        };
        assertThat(board.cpu().cycles() - cycles).isGreaterThan(2 * 16_000L)
                .isLessThanOrEqualTo(mhz * 1000L + 16);
        assertThat(board.cpu().profile()).isEqualTo(part == Part.G0B1 ? CoreProfile.CORTEX_M0_PLUS
                : CoreProfile.CORTEX_M4F);
    }

    @ParameterizedTest
    @EnumSource(Part.class)
    void theSampleBootsFromBank1ReachesMainPrintsResetsItselfAndCounts(Part part) throws Exception {
        PageFlashBoard board = withSampleInBank1(part);
        FirmwareRun start = powerCycleAndStart(board);
        BootReport boot = board.lastBootReport();
        assertThat(boot.source()).as("%s", boot).isEqualTo(BootReport.Source.FLASH);
        assertThat(boot.physicalBank()).as("%s", boot).isEqualTo(1);
        assertRunsTheSample(board, part, start, 1);
    }

    @ParameterizedTest
    @EnumSource(Part.class)
    void aBankUpdateMakesTheSampleBootFromBank2ByBfb2OrNSwapBank(Part part) throws Exception {
        PageFlashBoard board = withSampleInBank1(part);
        PageFlashAbBench.update(board, part, bank2Copy(board));
        FirmwareRun start = powerCycleAndStart(board);
        PageFlashAbUpdateTest.assertBoots(board, part, 2);
        assertRunsTheSample(board, part, start, 2);
        Map<String, Long> sym = PageFlashSamples.symbols(board.line());
        assertThat(read32(board, sym.get(PageFlashSamples.BANK_ID))).as("bank 2 at 0x0800_0000 for the debugger too")
                .isEqualTo(2);
        assertThat(board.readCells(1, sym.get(PageFlashSamples.BANK_ID) - 0x0800_0000L, 1)[0])
                .as("bank 1 keeps the original").isEqualTo((byte) 1);
    }
}
