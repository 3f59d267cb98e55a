package dev.flashbank.family.stm32h7.tests;

import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32h7.flash.Stm32H7Family;
import dev.flashbank.family.stm32h7.flash.Stm32H7FlashDriver;
import dev.flashbank.family.stm32h7.sim.Stm32H7Board;
import dev.flashbank.family.stm32h7.sim.Stm32H7SimulatedFamily;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;

/**
 * The bench the H7 tests share: a simulated STM32H743ZI (2 x 1 MiB) behind the simulated probe, connected under reset
 * as the CLI connects, the H7 flash driver polling on the board's virtual clock, and an operation context over them.
 */
public final class H7Bench implements AutoCloseable {

    public static final String PART = "STM32H743ZI";
    /** Both images of an H7 A/B pair are linked for window 1 (RM0433 §4.3.13). */
    public static final long LINK = 0x0800_0000L;
    /** Initial stack pointer: the top of the 128 KiB DTCM. */
    public static final long SP = 0x2002_0000L;

    public final Stm32H7Board board;
    public final SimulatedProbe probe;
    /** The board's virtual time: a 30 s erase is waited for without wall-clock time. */
    public final PollClock clock;
    /** The context operations run in; its driver is {@link #driver()}. */
    public final OperationContext ctx;

    /** A factory-fresh {@value #PART}. */
    public H7Bench() throws BoardConfigurationException, TargetException {
        this(freshBoard());
    }

    public H7Bench(Stm32H7Board board) throws TargetException {
        this.board = board;
        this.probe = SimulatedProbe.connect(board, SimulatedProbe.ConnectMode.UNDER_RESET);
        this.clock = new SimulatorPollClock(probe);
        this.ctx = new OperationContext(new OperationTarget("sim:" + PART, "simulated " + PART), probe,
                newDriver(FlashDriverSettings.defaults()));
    }

    /** A factory-fresh {@value #PART} with the default simulator settings. */
    public static Stm32H7Board freshBoard() throws BoardConfigurationException {
        return Stm32H7SimulatedFamily.INSTANCE.create(PART, BoardOptions.defaults());
    }

    /** The driver of {@link #ctx}. */
    public Stm32H7FlashDriver driver() {
        return (Stm32H7FlashDriver) ctx.driver();
    }

    /** A driver opened anew on the same probe: it knows nothing of what earlier drivers did. */
    public Stm32H7FlashDriver newDriver(FlashDriverSettings settings) throws TargetException {
        return (Stm32H7FlashDriver) new Stm32H7Family().openDriver(probe,
                new IdentifiedDevice(board.descriptor(), board.flashSizeKiB()), clock, settings);
    }

    /** A context opened as the CLI opens one: the part identified among the installed families (H7 here). */
    public OperationContext openContext() throws TargetException {
        return OperationContext.open(new Families(List.of(new Stm32H7Family())), new OperationTarget("sim:" + PART, null),
                probe, clock, FlashDriverSettings.defaults());
    }

    /**
     * An image linked for 0x0800_0000: a vector table (SP in DTCM, Thumb reset handler at +0x100 - at +8 in an
     * image shorter than that - that sleeps in a loop, {@code 1: wfi; b 1b}, so that board time passes without
     * executing) and {@code size} pseudo-random bytes otherwise, as a linker would place a small application.
     */
    public static FirmwareImage image(int size, long seed, String name) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        // the board's core executes: the reset handler sleeps (1: wfi; b 1b) instead of running random bytes, at +0x100
        // or, in an image too short for that, right after the first two vectors
        int handler = size >= 0x104 ? 0x100 : 8;
        putWord(b, 0, SP);
        putWord(b, 4, LINK + handler + 1);
        putWord(b, handler, 0xE7FD_BF30L);
        return FirmwareImage.of(name, ImageFormat.BIN, List.of(new Segment(LINK, b, name)),
                OptionalLong.of(LINK + handler + 1));
    }

    public static byte[] bytes(FirmwareImage image) {
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
