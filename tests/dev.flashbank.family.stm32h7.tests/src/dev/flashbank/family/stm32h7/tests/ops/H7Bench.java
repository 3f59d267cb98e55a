package dev.flashbank.family.stm32h7.tests.ops;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32h7.flash.Stm32H7Family;
import dev.flashbank.family.stm32h7.sim.Stm32H7Board;
import dev.flashbank.sim.SimulatedProbe;

/** A simulated STM32H743ZI behind the simulated probe, with an operation context as the CLI opens one. */
final class H7Bench implements AutoCloseable {

    /** Both images of an H7 A/B pair are linked for window 1 (RM0433 §4.3.13). */
    static final long LINK = 0x0800_0000L;
    /** Initial stack pointer: the top of the 128 KiB DTCM. */
    static final long SP = 0x2002_0000L;

    final SimulatedProbe probe;
    final OperationContext ctx;

    H7Bench(Stm32H7Board board) throws TargetException {
        probe = SimulatedProbe.connect(board, SimulatedProbe.ConnectMode.UNDER_RESET);
        PollClock clock = new PollClock() {
            @Override
            public long nanoTime() {
                return probe.bus().nanoTime();
            }

            @Override
            public void pause(long nanos) throws TargetException {
                probe.elapse(Duration.ofNanos(nanos));
            }
        };
        ctx = new OperationContext(new OperationTarget("sim:STM32H743ZI", "simulated STM32H743ZI"), probe,
                new Stm32H7Family().openDriver(probe, new IdentifiedDevice(board.descriptor(), board.flashSizeKiB()),
                        clock, FlashDriverSettings.defaults()));
    }

    /**
     * An image linked for 0x0800_0000: a vector table (SP in DTCM, Thumb reset handler at +0x100) and {@code size}
     * pseudo-random bytes otherwise, as a linker would place a small application.
     */
    static FirmwareImage image(int size, long seed, String name) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        putWord(b, 0, SP);
        putWord(b, 4, LINK + 0x101);
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
