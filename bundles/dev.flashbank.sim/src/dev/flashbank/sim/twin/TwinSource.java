package dev.flashbank.sim.twin;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.PartNumber;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardConfigurationException;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.SimulatedFamilies;
import dev.flashbank.sim.SimulatedFamily;

/**
 * What the twin is built from: the part (an order code its simulated family accepts), the family that simulates it,
 * the option bytes it has now, the BOOT0 level, and the flash contents when they are known.
 *
 * @param orderCode order code of the twin, as its simulated family accepts it
 * @param family the simulated family that builds the twin
 * @param options the option bytes the part has now (for a simulated source: its stored options, which its
 *        {@code contents} carry too)
 * @param boot0 BOOT0 pin level assumed for the next reset
 * @param contents the non-volatile state of a simulated source (flash cells, OTP, option area); empty for real
 *        probes, whose flash is not read for the preview: the twin then starts with erased flash and the report says
 *        so
 * @param contentsNote why contents are (not) known, shown in the report
 */
public record TwinSource(String orderCode, SimulatedFamily family, OptionImage options, boolean boot0,
        Optional<BoardSnapshot> contents, String contentsNote) {

    public TwinSource {
        Objects.requireNonNull(orderCode, "orderCode");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(contents, "contents");
        contentsNote = contentsNote == null ? "" : contentsNote;
    }

    /**
     * A twin of a simulated board: same family and part, its option bytes, BOOT0 pin and all flash/OTP contents.
     * Boards whose family does not show its option image ({@link BenchBoard#storedOptionImage()}) have no twin.
     */
    public static TwinSource of(BenchBoard board) throws BoardConfigurationException {
        OptionImage options = board.storedOptionImage().orElseThrow(() -> new BoardConfigurationException(
                "the " + board.family().id() + " simulator does not show its option image to a twin", false));
        return new TwinSource(board.partName(), board.family(), options, board.boot0(), Optional.of(board.snapshot()),
                "flash contents copied from the simulated board");
    }

    /**
     * A twin of a real part known only by its identity: a representative order code of its line and flash size that one
     * of {@code families} simulates, the read option bytes, BOOT0 as the last reset reported it (where the part reports
     * the BOOT0 level it sampled, e.g. a boot-mode bit of SYSCFG) and UNKNOWN flash contents.
     */
    public static TwinSource ofRealPart(OptionImage options, DeviceDescriptor descriptor, int flashSizeKiB,
            boolean memBoot, SimulatedFamilies families) throws BoardConfigurationException {
        String code = representativeOrderCode(descriptor, flashSizeKiB, families);
        return new TwinSource(code, families.forPart(code).orElseThrow(), options, memBoot, Optional.empty(),
                "flash contents of the real part are NOT known to the twin (not read for the preview): the twin starts "
                        + "with erased flash, so it cannot say whether a valid image is at the boot address");
    }

    /** The first order code of the line's series with this flash size that the device model and a family accept. */
    static String representativeOrderCode(DeviceDescriptor descriptor, int flashSizeKiB, SimulatedFamilies families)
            throws BoardConfigurationException {
        Optional<Character> code = PartNumber.FLASH_CODES.entrySet().stream()
                .filter(e -> e.getValue() == flashSizeKiB).map(Map.Entry::getKey).findFirst();
        if (code.isEmpty()) {
            throw new BoardConfigurationException("no order-code letter for " + flashSizeKiB + " KiB", false);
        }
        for (String series : descriptor.partNames()) {
            String candidate = series + "Z" + code.get();
            if (descriptor.offers(series, flashSizeKiB) && families.forPart(candidate).isPresent()) {
                return candidate;
            }
        }
        throw new BoardConfigurationException(descriptor.line() + " with " + flashSizeKiB
                + " KiB: no installed simulated family simulates such a part", false);
    }
}
