package dev.flashbank.sim;

import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What every {@link SimulatedFamily} does the same way when it makes a board or rebuilds one from a state file: the
 * order code's spelling, the board's identity (unique ID and probe serial from the options or the seed) and the
 * restore sequence (pins and identity from the snapshot, the flash sizes checked against the part, then the
 * family's own checks and contents). What the cells, option words, OTP and further sections hold stays the family's.
 */
public final class FamilyBoards {

    private FamilyBoards() {
    }

    /** Makes a board of a part with the given options (a family's {@code create}). */
    @FunctionalInterface
    public interface Maker<B extends BenchBoard> {
        B create(String partName, BoardOptions options) throws BoardConfigurationException;
    }

    /**
     * Checks the family's own parts of a snapshot against a freshly made board (option words, OTP, further sections)
     * and puts them in; the flash sizes are already checked.
     */
    @FunctionalInterface
    public interface Loader<B extends BenchBoard> {
        void load(B board, BoardSnapshot state) throws BoardConfigurationException;
    }

    /** The canonical spelling of an order code as the user typed it: trimmed, upper case ("" for none). */
    public static String orderCode(String partName) {
        return partName == null ? "" : partName.trim().toUpperCase(Locale.ROOT);
    }

    /** The board's unique ID: the one {@code options} sets, else 96 pseudo-random bits from its seed. */
    public static byte[] uniqueId(BoardOptions options) {
        return options.uniqueId().orElseGet(() -> {
            byte[] b = new byte[BoardSnapshot.UNIQUE_ID_BYTES];
            new SplittableRandom(options.seed()).nextBytes(b);
            return b;
        });
    }

    /** The simulated probe's serial: the one {@code options} sets, else "SIM" and the first 6 bytes of the UID. */
    public static String serial(BoardOptions options, byte[] uniqueId) {
        return options.serial().orElseGet(() -> "SIM" + HexFormat.of().withUpperCase().formatHex(uniqueId, 0, 6));
    }

    /**
     * A board with the non-volatile state {@code s}: made by {@code maker} with the snapshot's pins and identity over
     * {@code options}, its flash size, physical array count and array sizes checked against the part (the arrays
     * share the flash equally), then {@code loader} checks and loads the family's parts. A size that does not fit
     * is a {@link BoardConfigurationException#sizeMismatch()}.
     */
    public static <B extends BenchBoard> B restore(BoardSnapshot s, BoardOptions options, Maker<B> maker,
            Loader<B> loader) throws BoardConfigurationException {
        BoardOptions o = options.withBoot0(s.boot0()).withVoltageMillivolts(s.voltageMillivolts())
                .withUniqueId(s.uniqueId()).withSerial(s.serial());
        B b = maker.create(s.partName(), o);
        if (b.flashSizeKiB() != s.flashSizeKiB()) {
            throw new BoardConfigurationException(String.format("%s has %d KiB of flash, the state says %d KiB",
                    b.partName(), b.flashSizeKiB(), s.flashSizeKiB()), true);
        }
        int arrays = b.physicalArrays();
        if (s.flashBanks().size() != arrays) {
            throw new BoardConfigurationException(String.format("%s has %d physical flash array(s), the state has %d",
                    b.partName(), arrays, s.flashBanks().size()), true);
        }
        long arraySize = b.flashSizeKiB() * 1024L / arrays;
        for (int i = 1; i <= arrays; i++) {
            if (s.flashBank(i).length != arraySize) {
                throw new BoardConfigurationException(String.format("flash bank %d: %d bytes expected, the state has %d",
                        i, arraySize, s.flashBank(i).length), true);
            }
        }
        loader.load(b, s);
        return b;
    }
}
