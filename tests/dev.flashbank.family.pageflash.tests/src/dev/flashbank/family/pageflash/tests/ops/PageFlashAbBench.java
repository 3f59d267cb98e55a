package dev.flashbank.family.pageflash.tests.ops;

import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.ops.BankUpdateOperation;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.pageflash.PageFlashDescriptor;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.flash.PageFlashFamily;
import dev.flashbank.family.pageflash.sim.PageFlashBoard;
import dev.flashbank.family.pageflash.sim.PageFlashSimulatedFamily;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;

/**
 * The bench the page-flash A/B tests share: a simulated board behind the simulated probe, connected under reset as
 * the CLI connects, the family's driver (opened through {@link PageFlashFamily}, as the CLI opens it) polling on the
 * board's virtual clock, and an operation context over them - the neutral operations, no page-flash code in between.
 */
final class PageFlashAbBench implements AutoCloseable {

    /** Every image of a BFB2 / nSWAP_BANK A/B pair is linked for the main flash (RM0440 §2.6.1, RM0444 §3.3.1). */
    static final long LINK = PageFlashLine.MAIN_FLASH;
    /**
     * Initial stack pointer: the top of the first 32 KiB of SRAM1, which every line has and the ROM bootloader's
     * dual-bank check accepts on each of them.
     */
    static final long SP = 0x2000_8000L;

    /** The A/B parts of issue 17 and their scheme. */
    enum Part {
        G474("STM32G474RE", PageFlashDescriptor.BFB2), L476("STM32L476RG", PageFlashDescriptor.BFB2),
        G0B1("STM32G0B1RE", PageFlashDescriptor.SWAP_BANK);

        final String orderCode;
        final SwitchScheme scheme;

        Part(String orderCode, SwitchScheme scheme) {
            this.orderCode = orderCode;
            this.scheme = scheme;
        }

        BankUpdateOperation.Options update() {
            return BankUpdateOperation.Options.of(scheme).withReset(true);
        }
    }

    final PageFlashBoard board;
    final SimulatedProbe probe;
    final PollClock clock;
    final OperationContext ctx;

    PageFlashAbBench(PageFlashBoard board) throws TargetException {
        this.board = board;
        this.probe = SimulatedProbe.connect(board, SimulatedProbe.ConnectMode.UNDER_RESET);
        this.clock = new SimulatorPollClock(probe);
        this.ctx = new OperationContext(new OperationTarget("sim:" + board.partName(), "simulated " + board.partName()),
                probe, new PageFlashFamily().openDriver(probe,
                        new IdentifiedDevice(board.descriptor(), board.flashSizeKiB()), clock,
                        FlashDriverSettings.defaults()));
    }

    /** The families the context of a CLI would know: here the page-flash family alone. */
    static Families families() {
        return new Families(List.of(new PageFlashFamily()));
    }

    static PageFlashBoard fresh(Part part) throws Exception {
        return PageFlashSimulatedFamily.INSTANCE.create(part.orderCode, BoardOptions.defaults());
    }

    static PageFlashBoard restore(BoardSnapshot s) throws Exception {
        return PageFlashSimulatedFamily.INSTANCE.restore(s, BoardOptions.defaults());
    }

    /** A bank update with the part's scheme and a reset at the end, as {@code flashbank bank-update --reset} runs it. */
    static void update(PageFlashBoard board, Part part, FirmwareImage image) throws Exception {
        try (PageFlashAbBench bench = new PageFlashAbBench(board)) {
            new BankUpdateOperation(bench.ctx, image, part.update()).run(FlashProgress.NONE);
        }
    }

    /**
     * A board whose running physical bank is {@code running} and holds {@code a}, the other bank holding {@code z}:
     * made by the bank updates a user would run (Z into bank 2, then A into bank 1; or Z into bank 2, Z into bank 1,
     * A into bank 2).
     */
    static PageFlashBoard runningFrom(Part part, int running, FirmwareImage z, FirmwareImage a) throws Exception {
        PageFlashBoard board = fresh(part);
        update(board, part, z);
        if (running == 2) {
            update(board, part, z);
        }
        update(board, part, a);
        return board;
    }

    /**
     * An image linked for 0x0800_0000: a vector table (SP in SRAM1, Thumb reset handler at +0x100), a reset handler
     * that spins ({@code b .}: the boards' cores execute it) and {@code size} pseudo-random bytes otherwise, as a
     * linker would place a small application.
     */
    static FirmwareImage image(int size, long seed, String name) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        putWord(b, 0, SP);
        putWord(b, 4, LINK + 0x101);
        b[0x100] = (byte) 0xFE; // b . (0xE7FE)
        b[0x101] = (byte) 0xE7;
        return FirmwareImage.of(name, ImageFormat.BIN, List.of(new Segment(LINK, b, name)),
                OptionalLong.of(LINK + 0x101));
    }

    static byte[] bytes(FirmwareImage image) {
        return image.segments().get(0).data();
    }

    private static void putWord(byte[] b, int o, long v) {
        for (int i = 0; i < 4; i++) {
            b[o + i] = (byte) (v >>> (8 * i));
        }
    }

    @Override
    public void close() {
        probe.close();
    }
}
