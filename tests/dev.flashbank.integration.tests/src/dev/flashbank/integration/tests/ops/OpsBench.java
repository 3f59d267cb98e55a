package dev.flashbank.integration.tests.ops;

import java.util.List;
import java.util.SplittableRandom;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.MemoryRegion;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.Segment;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.core.ops.ProgramOperation;
import dev.flashbank.core.ops.ProgramOptions;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.CoreControl;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.cli.sim.SimStlinkBackend;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.stlink.RecordingTransport;
import dev.flashbank.stlink.StlinkDebugTarget;
import dev.flashbank.stlink.StlinkSession;
import dev.flashbank.stlink.StlinkSessionOptions;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;

/**
 * A simulated board behind one of the two transports the operations run on - the simulated probe, or the emulated
 * ST-Link (StlinkDebugTarget -> session -> emulator -> the board's debug bus) - with a write counter that tells
 * whether an operation touched the flash (FLASH registers or a flash window).
 */
final class OpsBench implements AutoCloseable {

    enum Transport {
        PROBE, STLINK
    }

    /** FLASH interface registers (RM0410 0x4002_3C00, one 1 KiB peripheral slot). */
    static final AddressRange FLASH_REGISTERS = new AddressRange(0x4002_3C00L, 0x400);

    final SimulatedBoard board;
    final Transport transport;
    final DebugTarget raw;
    final CountingTarget target;
    final PollClock clock;

    OpsBench(SimulatedBoard board, Transport transport) throws TargetException {
        this.board = board;
        this.transport = transport;
        if (transport == Transport.PROBE) {
            SimulatedProbe probe = SimulatedProbe.connect(board);
            raw = probe;
            clock = new dev.flashbank.sim.twin.SimulatorPollClock(probe);
        } else {
            StlinkEmulator emulator = new StlinkEmulator(EmulatorConfig.v3(7), new SimStlinkBackend(board.debugBus()));
            StlinkSession session = StlinkSession.open(new RecordingTransport(emulator),
                    StlinkSessionOptions.defaults().withClock(emulator.clock()));
            raw = StlinkDebugTarget.attach(session, StlinkSession.ConnectMode.NORMAL);
            clock = emulator.clock();
        }
        target = new CountingTarget(raw);
    }

    /** A context with the board's own descriptor, so the model parameters of the simulated part apply. */
    OperationContext context() throws TargetException {
        Stm32F7FlashDriver driver = new Stm32F7FlashDriver(target, board.descriptor(), board.flashSizeKiB(), clock,
                FlashDriverSettings.defaults());
        return new OperationContext(new OperationTarget("sim:" + board.partName() + ":" + board.serial(),
                board.toString()), target, driver);
    }

    /** Programs {@code image} with the plain program operation (verified). */
    void program(FirmwareImage image) throws Exception {
        new ProgramOperation(context(), image, ProgramOptions.defaults()).run(FlashProgress.NONE);
    }

    @Override
    public void close() throws Exception {
        raw.close();
    }

    // ------------------------------------------------------------------------------------------- images

    /**
     * A small bootable image linked for {@code base}: initial SP = top of DTCM, reset handler = base + 0x101 (Thumb)
     * that spins ({@code b .}: the simulated core executes it) when the image reaches that far, the rest pseudo-random
     * bytes from {@code seed}.
     */
    static FirmwareImage image(SimulatedBoard board, long base, int size, long seed, String name) {
        long sp = board.descriptor().memoryRegions(board.flashSizeKiB()).stream()
                .filter(r -> r.name().startsWith("DTCM")).map(MemoryRegion::range).findFirst().orElseThrow().end();
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        putWord(b, 0, sp);
        putWord(b, 4, base + 0x101);
        if (size >= 0x102) {
            b[0x100] = (byte) 0xFE; // b . (0xE7FE)
            b[0x101] = (byte) 0xE7;
        } // a shorter image ends before its reset handler: the core runs into what follows it (erased: a lockup)
        return FirmwareImage.of(name, ImageFormat.BIN, List.of(new Segment(base, b, name)), java.util.OptionalLong
                .of(base + 0x101));
    }

    static void putWord(byte[] b, int o, long v) {
        for (int i = 0; i < 4; i++) {
            b[o + i] = (byte) (v >>> (8 * i));
        }
    }

    /** The image's bytes (one segment). */
    static byte[] bytes(FirmwareImage image) {
        return image.segments().get(0).data();
    }

    // ------------------------------------------------------------------------------------------- counting

    /** Counts writes that reach the flash: FLASH registers or either flash window. */
    static final class CountingTarget implements DebugTarget {
        private final DebugTarget delegate;
        long flashWrites;
        long writes;
        private final MemoryAccess memory;

        CountingTarget(DebugTarget delegate) {
            this.delegate = delegate;
            MemoryAccess m = delegate.memory();
            this.memory = new MemoryAccess() {
                @Override
                public void read(long address, byte[] buffer, int offset, int length, AccessWidth width)
                        throws TargetException {
                    m.read(address, buffer, offset, length, width);
                }

                @Override
                public void write(long address, byte[] data, int offset, int length, AccessWidth width)
                        throws TargetException {
                    writes++;
                    AddressRange r = new AddressRange(address, length);
                    if (FLASH_REGISTERS.overlaps(r) || new AddressRange(0x0800_0000L, 0x0020_0000L).overlaps(r)
                            || new AddressRange(0x0020_0000L, 0x0020_0000L).overlaps(r)) {
                        flashWrites++;
                    }
                    m.write(address, data, offset, length, width);
                }
            };
        }

        @Override
        public MemoryAccess memory() {
            return memory;
        }

        @Override
        public CoreControl core() {
            return delegate.core();
        }

        @Override
        public int targetVoltageMillivolts() throws TargetException {
            return delegate.targetVoltageMillivolts();
        }

        @Override
        public String describe() {
            return delegate.describe();
        }

        @Override
        public boolean supportsStreamingFlashWrites() {
            return delegate.supportsStreamingFlashWrites();
        }

        @Override
        public void close() throws TargetException {
            delegate.close();
        }
    }
}
