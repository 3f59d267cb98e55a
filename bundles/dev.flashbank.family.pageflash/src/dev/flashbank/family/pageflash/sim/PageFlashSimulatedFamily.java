package dev.flashbank.family.pageflash.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.PartNumber;
import dev.flashbank.family.pageflash.PageFlashDescriptor;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashOptionImage;
import dev.flashbank.family.pageflash.PageFlashParameters;
import dev.flashbank.family.pageflash.PageFlashRegisters;
import dev.flashbank.family.pageflash.PageFlashTimings;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.FamilyBoards;
import dev.flashbank.sim.SimulatedFamily;

/**
 * The page-flash family's simulated silicon: {@link PageFlashBoard} for the STM32G47x/G48x (RM0440 category 3, e.g.
 * STM32G474RE), the STM32L47x/L48x (RM0351, e.g. STM32L476RG) and the STM32G0B1/G0C1 (RM0444, e.g. STM32G0B1RE), in
 * every flash size those lines are sold with. The other page-flash lines (G43x/G44x, G49x/G4Ax, L49x/L4Ax, L4R/L4S) are
 * modelled but not simulated yet: their order codes are refused with that reason.
 * <p>
 * From {@link BoardOptions} it takes the model's {@link PageFlashParameters} ({@code withParameters}), the
 * simulator's {@link PageFlashSimParameters} ({@code withFamilySim}), option bytes as a {@link PageFlashOptionImage}
 * of the part's line ({@code withOptionBytes}: programmed into the option bytes before the first power-on) and a
 * timing table ({@code withTimings}); another family's settings are refused.
 */
public final class PageFlashSimulatedFamily implements SimulatedFamily {

    public static final PageFlashSimulatedFamily INSTANCE = new PageFlashSimulatedFamily();

    /** The lines whose boards are simulated. */
    public static final List<PageFlashLine> SIMULATED_LINES = List.of(PageFlashLine.G47X_G48X,
            PageFlashLine.L47X_L48X, PageFlashLine.G0BX_G0CX);

    private PageFlashSimulatedFamily() {
    }

    @Override
    public String id() {
        return PageFlashBoard.FAMILY_ID;
    }

    @Override
    public boolean simulates(String orderCode) {
        return variant(orderCode).isPresent();
    }

    /** The simulated line of an order code. */
    private static Optional<PageFlashLine> variant(String orderCode) {
        Optional<PartNumber> pn = PartNumber.parse(FamilyBoards.orderCode(orderCode));
        if (pn.isEmpty()) {
            return Optional.empty();
        }
        for (PageFlashLine line : SIMULATED_LINES) {
            if (line.partNames().contains(pn.get().series())
                    && line.flashSizesKiB().contains(pn.get().flashSizeKiB())) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    @Override
    public PageFlashBoard create(String orderCode, BoardOptions options) throws BoardConfigurationException {
        String name = FamilyBoards.orderCode(orderCode);
        Optional<PageFlashLine> line = variant(name);
        if (line.isEmpty()) {
            throw new BoardConfigurationException("cannot simulate \"" + orderCode + "\": the page-flash simulator"
                    + " models the STM32G47x/G48x, STM32L47x/L48x and STM32G0B1/G0C1 (e.g. STM32G474RE, STM32L476RG,"
                    + " STM32G0B1RE)", false);
        }
        int kib = PartNumber.parse(name).orElseThrow().flashSizeKiB();
        PageFlashParameters model = BoardOptions.familyValue(options.parameters(), PageFlashParameters.class,
                "model parameters", name).orElse(PageFlashParameters.defaults());
        PageFlashSimParameters simParameters = BoardOptions.familyValue(options.familySim(),
                PageFlashSimParameters.class, "simulator parameters", name).orElse(PageFlashSimParameters.defaults());
        Map<String, Integer> options0 = PageFlashOptionImage.factory(line.get(), kib).words();
        Optional<PageFlashOptionImage> given = BoardOptions.familyValue(options.optionBytes(),
                PageFlashOptionImage.class, "option bytes", name);
        if (given.isPresent()) {
            if (given.get().line() != line.get() || given.get().flashSizeKiB() != kib) {
                throw new BoardConfigurationException("the option bytes given are a " + given.get().line().displayName()
                        + " " + given.get().flashSizeKiB() + " KiB image, not the " + name + "'s", false);
            }
            options0 = given.get().words();
        }
        PageFlashDescriptor d = PageFlashDescriptor.of(line.get()).withParameters(model);
        byte[] uid = FamilyBoards.uniqueId(options);
        String serial = FamilyBoards.serial(options, uid);
        return new PageFlashBoard(name, line.get(), d, kib, options.boot0(), options.voltageMillivolts(),
                options.seed(), uid, serial, revId(line.get(), options.revId()),
                options.timings().orElse(PageFlashTimings.of(line.get())),
                options.timingBound(), options.sim(), model, simParameters, options0);
    }

    /**
     * The REV_ID a board reports: the one asked for, except that the simulator-wide default (the F7's revision Z,
     * 0x1001) becomes the line's newest known revision when the line has no revision 0x1001 (OpenOCD's stm32l4x
     * revision tables).
     */
    static int revId(PageFlashLine line, int asked) {
        if (asked != BoardOptions.REV_Z || line.revisions().containsKey(asked)) {
            return asked;
        }
        return line.revisions().keySet().stream().max(Integer::compare).orElse(asked);
    }

    @Override
    public PageFlashBoard restore(BoardSnapshot s, BoardOptions options) throws BoardConfigurationException {
        return FamilyBoards.restore(s, options, this::create, (b, state) -> {
            for (int i = 1; i <= b.physicalArrays(); i++) {
                int words = b.array(i).size() / DoubleWordArray.DOUBLE_WORD;
                Optional<byte[]> ecc = state.familySection(PageFlashBoard.ECC_SECTION + i);
                if (ecc.isEmpty() || ecc.get().length != words) {
                    throw new BoardConfigurationException(String.format("section %s%d: %d bytes (one per double"
                            + " word) expected, the state has %s", PageFlashBoard.ECC_SECTION, i, words,
                            ecc.map(e -> String.valueOf(e.length)).orElse("none")), true);
                }
            }
            int registers = PageFlashRegisters.of(b.line()).optionRegisters().size();
            if (state.optionWords().size() != 2 * registers || state.otp().length != PageFlashLine.OTP_SIZE) {
                throw new BoardConfigurationException(String.format("option words: %d expected (value and complement"
                        + " of %d option registers), the state has %d; OTP: %d bytes expected, the state has %d",
                        2 * registers, registers, state.optionWords().size(), PageFlashLine.OTP_SIZE,
                        state.otp().length), true);
            }
            try {
                b.restoreContents(state);
            } catch (IllegalArgumentException e) {
                throw new BoardConfigurationException(e.getMessage(), true);
            }
        });
    }

    @Override
    public String toString() {
        return id();
    }
}
