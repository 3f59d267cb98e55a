package dev.flashbank.family.stm32h7.sim;

import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.PartNumber;
import dev.flashbank.core.device.Register;
import dev.flashbank.family.stm32h7.Stm32H7Descriptor;
import dev.flashbank.family.stm32h7.Stm32H7Line;
import dev.flashbank.family.stm32h7.Stm32H7OptionImage;
import dev.flashbank.family.stm32h7.Stm32H7Parameters;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.FamilyBoards;
import dev.flashbank.sim.SimulatedFamily;

/**
 * The STM32H7 family's simulated silicon: {@link Stm32H7Board} for the single-core dual-bank H74x/H75x parts
 * (STM32H742/H743/H753 with 1 or 2 MiB: DEV_ID 0x450, RM0433). H750, H72x/H73x, H7A3/H7B3 and the dual-core parts are
 * not simulated yet (their order codes are refused with that reason). Model parameters other than the defaults come
 * through {@link #create(String, BoardOptions, Stm32H7Parameters)}; F7 option bytes or parameters in
 * {@link BoardOptions} are refused.
 */
public final class Stm32H7SimulatedFamily implements SimulatedFamily {

    public static final Stm32H7SimulatedFamily INSTANCE = new Stm32H7SimulatedFamily();

    private Stm32H7SimulatedFamily() {
    }

    @Override
    public String id() {
        return Stm32H7Board.FAMILY_ID;
    }

    @Override
    public boolean simulates(String orderCode) {
        return variant(orderCode).isPresent();
    }

    /** The flash size of a simulated order code (dual-bank single-core H74x/H75x), if this family simulates it. */
    private static Optional<Integer> variant(String orderCode) {
        Optional<PartNumber> pn = PartNumber.parse(FamilyBoards.orderCode(orderCode));
        if (pn.isEmpty()) {
            return Optional.empty();
        }
        Stm32H7Descriptor d = Stm32H7Descriptor.of(Stm32H7Line.H74X_H75X);
        String series = pn.get().series();
        int kib = pn.get().flashSizeKiB();
        if (!d.offers(series, kib) || d.isDualCore(series) || d.geometry(kib).bankCount() != 2) {
            return Optional.empty();
        }
        return Optional.of(kib);
    }

    @Override
    public Stm32H7Board create(String orderCode, BoardOptions options) throws BoardConfigurationException {
        return create(orderCode, options, Stm32H7Parameters.defaults());
    }

    /** A factory-fresh board of {@code orderCode} with the model assumptions {@code parameters}. */
    public Stm32H7Board create(String orderCode, BoardOptions options, Stm32H7Parameters parameters)
            throws BoardConfigurationException {
        String name = FamilyBoards.orderCode(orderCode);
        Optional<Integer> kib = variant(name);
        if (kib.isEmpty()) {
            throw new BoardConfigurationException("cannot simulate \"" + orderCode
                    + "\": the STM32H7 simulator models the dual-bank single-core STM32H742/H743/H753 (e.g. STM32H743ZI)",
                    false);
        }
        if (options.parameters().isPresent() || options.optionBytes().isPresent()) {
            throw new BoardConfigurationException("another family's model parameters or option bytes were given "
                    + "for the " + name + " (an STM32H7 part)", false);
        }
        Stm32H7Descriptor d = Stm32H7Descriptor.of(Stm32H7Line.H74X_H75X).withParameters(parameters);
        Map<String, Integer> factory = Stm32H7OptionImage.factory(d, kib.get()).words();
        byte[] uid = FamilyBoards.uniqueId(options);
        String serial = FamilyBoards.serial(options, uid);
        return new Stm32H7Board(name, d, kib.get(), options.boot0(), options.voltageMillivolts(), options.seed(), uid,
                serial, options.revId(), options.timingBound(), options.sim(), factory);
    }

    @Override
    public Stm32H7Board restore(BoardSnapshot s, BoardOptions options) throws BoardConfigurationException {
        return restore(s, options, Stm32H7Parameters.defaults());
    }

    /** As {@link #restore(BoardSnapshot, BoardOptions)} with the model assumptions {@code parameters}. */
    public Stm32H7Board restore(BoardSnapshot s, BoardOptions options, Stm32H7Parameters parameters)
            throws BoardConfigurationException {
        return FamilyBoards.restore(s, options, (part, o) -> create(part, o, parameters), (b, state) -> {
            for (int i = 1; i <= b.physicalArrays(); i++) {
                int words = b.bank(i).size() / b.bank(i).wordBytes();
                Optional<byte[]> ecc = state.familySection("ecc.bank" + i);
                if (ecc.isEmpty() || ecc.get().length != words) {
                    throw new BoardConfigurationException(String.format("section ecc.bank%d: %d bytes (one per flash"
                            + " word) expected, the state has %s", i, words,
                            ecc.map(e -> String.valueOf(e.length)).orElse("none")), true);
                }
            }
            int count = b.registers().programRegisters().size();
            if (state.optionWords().size() != count || state.otp().length != 0) {
                throw new BoardConfigurationException(String.format("option words: %d expected (%s), the state has %d;"
                        + " OTP: none expected, the state has %d bytes", count,
                        b.registers().programRegisters().stream().map(Register::name).toList(),
                        state.optionWords().size(), state.otp().length), true);
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
