package dev.flashbank.family.stm32f7.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.DeviceRegistry;
import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.PartNumber;
import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.Segment;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.FamilyBoards;
import dev.flashbank.sim.SimulatedFamilies;
import dev.flashbank.sim.state.BoardStateException;
import dev.flashbank.sim.state.BoardStateFile;

/**
 * Builds simulated boards by order code: {@code create("STM32F767ZI")} is the 2 MiB part as it leaves the factory
 * (single bank, erased; {@link #createDefault()} is the dual-bank board with a sample image users start with); {@code STM32F767ZG} / {@code STM32F765ZG} are the 1 MiB parts, {@code STM32F769NI} another
 * 2 MiB F76x, {@code STM32F722ZE} the 512 KiB F72x with PCROP, {@code STM32F730Z8} the 64 KiB F730, and any other
 * order code of a line the device model knows (F74x/F75x included). Part lookup, geometry and factory option bytes
 * come from the device model ({@link DeviceRegistry#byPartNumber}, {@link Stm32F7Descriptor#factoryOptionBytes()}).
 */
public final class SimulatedBoards {

    /** The STM32F7 lines the simulator builds boards of (the F7 provider's, not every installed family's). */
    static final DeviceRegistry LINES = new DeviceRegistry(Stm32F7Descriptor.all());

    /** The board users get when they do not choose one. */
    public static final String DEFAULT_PART = "STM32F767ZI";

    /** The STM32F7 simulated family alone (what {@link #load(Path)} reads state files with). */
    public static final SimulatedFamilies FAMILY = SimulatedFamilies.of(List.of(Stm32F7SimulatedFamily.INSTANCE));

    private SimulatedBoards() {
    }

    /**
     * The board users get when they do not choose one: a dual-bank (nDBANK = 0) {@value #DEFAULT_PART} whose physical
     * bank 1 holds the sample image {@link SampleImages#BANK1} (linked for 0x0800_0000) and boots it, bank 2 erased -
     * so the first command a newcomer runs can do the main job, an A/B update into bank 2. Otherwise factory options.
     */
    public static SimulatedBoard createDefault() {
        return createDefault(BoardOptions.defaults());
    }

    /** As {@link #createDefault()} with identity and simulator settings from {@code options} (its option bytes ignored). */
    public static SimulatedBoard createDefault(BoardOptions options) {
        try {
            SimulatedBoard blank = create(DEFAULT_PART, options.withOptionBytes(dualBankFactoryOptions()));
            return restore(withFactoryImage(blank, SampleImages.image(SampleImages.BANK1)), options);
        } catch (BoardConfigurationException e) {
            throw new IllegalStateException("the default part must be known to the device model", e);
        }
    }

    /** The default part as it leaves the factory: single bank (nDBANK = 1), erased flash, no image. */
    public static SimulatedBoard createFactoryFresh() {
        try {
            return create(DEFAULT_PART, BoardOptions.defaults());
        } catch (BoardConfigurationException e) {
            throw new IllegalStateException("the default part must be known to the device model", e);
        }
    }

    private static OptionBytes dualBankFactoryOptions() throws BoardConfigurationException {
        try {
            Stm32F7Descriptor f7 = (Stm32F7Descriptor) LINES.byPartNumber(DEFAULT_PART).descriptor();
            return f7.factoryOptionBytes().withBankMode(BankMode.DUAL);
        } catch (UnknownDeviceException e) {
            throw new BoardConfigurationException(e.getMessage(), e);
        }
    }

    /**
     * The state of {@code board} with {@code image} in its cells, as a factory programmer leaves them (written to the
     * cells, not through the flash controller: no flash operation of the simulated part is involved). The image's
     * addresses are placed by the board's geometry with SWP_FB = 0.
     */
    private static BoardSnapshot withFactoryImage(SimulatedBoard board, FirmwareImage image) {
        BoardSnapshot s = board.snapshot();
        List<byte[]> banks = new ArrayList<>(s.flashBanks());
        for (Segment seg : image.segments()) {
            BankOffset at = board.geometry().physicalBankAt(seg.address(), false)
                    .orElseThrow(() -> new IllegalStateException(image.source() + ": " + seg.range() + " is not in flash"));
            byte[] data = seg.data();
            System.arraycopy(data, 0, banks.get(at.bank() - 1), (int) at.offset(), data.length);
        }
        return new BoardSnapshot(s.partName(), s.flashSizeKiB(), banks, s.otp(), s.optionWords(), s.boot0(),
                s.voltageMillivolts(), s.uniqueId(), s.serial());
    }

    public static SimulatedBoard create(String partName) throws BoardConfigurationException {
        return create(partName, BoardOptions.defaults());
    }

    /** A powered-on board with factory (or {@link BoardOptions#optionBytes()}) options and erased flash. */
    public static SimulatedBoard create(String partName, BoardOptions options) throws BoardConfigurationException {
        String name = canonical(partName);
        IdentifiedDevice id;
        try {
            id = LINES.byPartNumber(name);
        } catch (UnknownDeviceException e) {
            throw new BoardConfigurationException("cannot simulate \"" + partName + "\": " + e.getMessage(), e);
        }
        DeviceDescriptor d = id.descriptor();
        if (!(d instanceof Stm32F7Descriptor f7)) {
            throw new BoardConfigurationException("the simulator models STM32F7 parts only, not " + d.line(), false);
        }
        Stm32F7Parameters p = BoardOptions.familyValue(options.parameters(), Stm32F7Parameters.class,
                "model parameters", name).orElse(f7.stm32F7Parameters());
        Stm32F7SimParameters f7Sim = BoardOptions.familyValue(options.familySim(), Stm32F7SimParameters.class,
                "simulator assumptions", name).orElse(Stm32F7SimParameters.defaults());
        FlashTimings t = options.timings().orElse(f7.timings());
        Stm32F7Descriptor desc = f7.withParameters(p).withTimings(t);
        OptionBytes initial = BoardOptions.familyValue(options.optionBytes(), OptionBytes.class, "option bytes", name)
                .orElse(desc.factoryOptionBytes());
        if (initial.line() != desc.stm32F7Line()) {
            throw new BoardConfigurationException("option bytes are for " + initial.line().displayName() + ", the part is "
                    + desc.line(), false);
        }
        byte[] uid = FamilyBoards.uniqueId(options);
        String serial = FamilyBoards.serial(options, uid);
        return new SimulatedBoard(name, desc, id.flashSizeKiB(), options, f7Sim, initial, uid, serial);
    }

    /** A board with the non-volatile state of {@code s} (part, cells, options, pins, identity), power-on reset. */
    public static SimulatedBoard restore(BoardSnapshot s) throws BoardConfigurationException {
        return restore(s, BoardOptions.defaults());
    }

    /** As {@link #restore(BoardSnapshot)}, with model parameters, timings and simulator settings from {@code options}. */
    public static SimulatedBoard restore(BoardSnapshot s, BoardOptions options) throws BoardConfigurationException {
        return FamilyBoards.restore(s, options, SimulatedBoards::create, (b, state) -> {
            if (state.otp().length != b.descriptor().otpArea().size()) {
                throw new BoardConfigurationException(String.format("OTP: %d bytes expected, the state has %d",
                        b.descriptor().otpArea().size(), state.otp().length), true);
            }
            if (state.optionWords().size() != b.optionWordCount()) {
                throw new BoardConfigurationException(String.format("option area: %d words expected, the state has %d",
                        b.optionWordCount(), state.optionWords().size()), true);
            }
            b.restoreContents(state);
        });
    }

    /**
     * The STM32F7 board of a state file (tests and bench tools that look at F7 registers); a state file of another
     * family is refused with the reason.
     */
    public static SimulatedBoard load(Path file) throws BoardStateException {
        BenchBoard b = BoardStateFile.load(file, FAMILY);
        if (!(b instanceof SimulatedBoard f7)) {
            throw new BoardStateException(file, BoardStateException.Reason.UNKNOWN_PART,
                    "not a simulated STM32F7 board: " + b.partName());
        }
        return f7;
    }

    private static String canonical(String partName) throws BoardConfigurationException {
        String n = FamilyBoards.orderCode(partName);
        if (PartNumber.parse(n).isEmpty()) {
            throw new BoardConfigurationException("\"" + partName
                    + "\" is not an STM32 order code (expected e.g. " + DEFAULT_PART + ")", false);
        }
        return n;
    }
}
