package dev.flashbank.cli.bench;

import java.util.List;
import java.util.Optional;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.IdentifiedDevice;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.core.family.BankSwapping;
import dev.flashbank.core.family.BootState;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FamilyProvider;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.SchemeRefusedException;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedFamilies;
import dev.flashbank.sim.SimulatedFamily;

/**
 * The part {@code flashbank bench} runs on, everything taken from the installed families' data: the simulated part
 * (by default the default board's part), its line and flash size, its dual-bank geometry (where physical banks 1 and 2
 * are mapped with the banks not swapped, in the window images are linked for), the A/B scheme the bank-update row
 * switches with (the part's default or the one named), the board options (dual bank, booting physical bank 1 under
 * that scheme, typical timings).
 */
public final class BenchPart {

    /** A part the bench cannot run on (not simulated, single bank, no such scheme): a usage error. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String part;
    private final DeviceDescriptor descriptor;
    private final int flashKiB;
    private final FlashGeometry geometry;
    private final SwitchScheme scheme;
    private final SimulatedFamily simulated;
    private final BoardOptions boardOptions;

    private BenchPart(String part, DeviceDescriptor descriptor, int flashKiB, SwitchScheme scheme,
            SimulatedFamily simulated, BoardOptions boardOptions) {
        this.part = part;
        this.descriptor = descriptor;
        this.flashKiB = flashKiB;
        this.geometry = descriptor.geometry(flashKiB, BankMode.DUAL);
        this.scheme = scheme;
        this.simulated = simulated;
        this.boardOptions = boardOptions;
    }

    /** The default board's part (the first installed simulated family that offers one) with its default scheme. */
    public static BenchPart byDefault() throws Refused {
        return of(Optional.empty(), Optional.empty());
    }

    /**
     * {@code orderCode} (default: the default board's part) in dual-bank mode, booting physical bank 1 under
     * {@code schemeId} (default: the part's first scheme).
     */
    public static BenchPart of(Optional<String> orderCode, Optional<String> schemeId) throws Refused {
        Optional<String> named = orderCode.isPresent() ? orderCode : InstalledFamilies.simulated().defaultPart();
        if (named.isEmpty()) {
            throw new Refused("no installed simulated family offers a default part: name one with --part", null);
        }
        return of(named.get(), schemeId);
    }

    private static BenchPart of(String orderCode, Optional<String> schemeId) throws Refused {
        String part = orderCode.strip().toUpperCase(java.util.Locale.ROOT);
        Families families = InstalledFamilies.families();
        SimulatedFamilies simulatedFamilies = InstalledFamilies.simulated();
        try {
            IdentifiedDevice device = families.registry().byPartNumber(part);
            DeviceDescriptor d = device.descriptor();
            int kib = device.flashSizeKiB();
            SimulatedFamily simulated = simulatedFamilies.forPart(part).orElseThrow(() -> new Refused(part
                    + " is not simulated by an installed family", null));
            if (!d.bankModes(kib).contains(BankMode.DUAL)) {
                throw new Refused(part + " has no dual-bank mode: the bench's bank update needs two banks", null);
            }
            List<SwitchScheme> schemes = d.switchSchemes(kib);
            SwitchScheme scheme = schemeId.isEmpty() ? schemes.stream().findFirst().orElseThrow(() -> new Refused(part
                    + " has no A/B switching scheme", null))
                    : SwitchScheme.find(schemes, schemeId.get()).orElseThrow(() -> new Refused("unknown scheme '"
                            + schemeId.get() + "' for " + part + " (" + SwitchScheme.ids(schemes) + ")", null));
            FamilyProvider family = families.provider(d);
            OptionImage factory = family.factoryOptions(d, kib);
            OptionImage dual = factory.withBankMode(BankMode.DUAL);
            BenchPart unbooted = new BenchPart(part, d, kib, scheme, simulated, withOptions(factory, dual));
            return new BenchPart(part, d, kib, scheme, simulated, withOptions(factory, unbooted.bootingBank1(dual)));
        } catch (UnknownDeviceException | BoardConfigurationException | IllegalArgumentException e) {
            throw new Refused(e.getMessage(), e);
        } catch (SchemeRefusedException e) {
            throw new Refused(part + ": " + e.reason(), e);
        }
    }

    /**
     * The bench's board options (typical timings) with {@code options}; a board that leaves the factory with them is
     * given none (a family's simulator may take no option image at all where its factory state is all it models).
     */
    private static BoardOptions withOptions(OptionImage factory, OptionImage options) {
        return options.equals(factory) ? BoardOptions.defaults() : BoardOptions.defaults().withOptionBytes(options);
    }

    /**
     * The options that make physical bank 1 start under the bench's scheme ({@code options} when nothing has to
     * change): what the scheme's own strategy would write, read once from a board with {@code options}.
     */
    private OptionImage bootingBank1(OptionImage options) throws BoardConfigurationException, SchemeRefusedException {
        try {
            ModelledStack stack = ModelledStack.connect(board(), ProbeModel.v2At4MHz());
            FlashDriver driver = stack.driver();
            Optional<BankSwapping> swapping = driver.bankSwapping();
            if (swapping.isEmpty()) {
                return options;
            }
            BootState boot = swapping.get().readBootState(driver.readOptions(), driver.banksSwapped(), bank -> false);
            return swapping.get().strategy(scheme).plan(boot, 1, geometry.linkWindow()).after();
        } catch (dev.flashbank.core.target.TargetException e) {
            throw new BoardConfigurationException("cannot read the boot state of a simulated " + part + ": "
                    + e.getMessage(), false);
        }
    }

    /** A factory-fresh board of the part with {@link #boardOptions()}: dual bank, booting physical bank 1. */
    public BenchBoard board() throws BoardConfigurationException {
        return simulated.create(part, boardOptions);
    }

    /** The order code. */
    public String part() {
        return part;
    }

    public DeviceDescriptor descriptor() {
        return descriptor;
    }

    public int flashKiB() {
        return flashKiB;
    }

    /** The dual-bank geometry of the part. */
    public FlashGeometry geometry() {
        return geometry;
    }

    /** Where offset 0 of physical bank {@code physicalBank} is mapped with the banks not swapped (link window). */
    public long bankAddress(int physicalBank) {
        return geometry.windowAddress(physicalBank, 0, false, geometry.linkWindow());
    }

    /** The scheme the bank-update row switches with. */
    public SwitchScheme scheme() {
        return scheme;
    }

    public BoardOptions boardOptions() {
        return boardOptions;
    }

    /** The timing bound the bench's boards run with. */
    public FlashTimings.Bound timingBound() {
        return boardOptions.timingBound();
    }
}
