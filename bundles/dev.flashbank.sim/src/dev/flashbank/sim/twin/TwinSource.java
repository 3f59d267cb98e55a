package dev.flashbank.sim.twin;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.flashbank.core.device.DeviceRegistry;
import dev.flashbank.core.device.PartNumber;
import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.core.device.stm32f7.OptionBytes;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.SimulatedBoard;

/**
 * What the twin is built from: the part (an order code the simulator accepts), its current option bytes, the BOOT0
 * level, and the flash contents when they are known.
 *
 * @param orderCode order code of the twin ("STM32F767ZI")
 * @param options the option bytes the real part has now (FLASH_OPTCR/OPTCR1/OPTCR2)
 * @param boot0 BOOT0 pin level assumed for the next reset
 * @param contents the non-volatile state of a simulated source (flash cells, OTP); empty for real probes, whose
 *        flash is not read for the preview: the twin then starts with erased flash and the report says so
 * @param contentsNote why contents are (not) known, shown in the report
 */
public record TwinSource(String orderCode, OptionBytes options, boolean boot0, Optional<BoardSnapshot> contents,
        String contentsNote) {

    public TwinSource {
        Objects.requireNonNull(orderCode, "orderCode");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(contents, "contents");
        contentsNote = contentsNote == null ? "" : contentsNote;
    }

    /** A twin of a simulated board: same part, stored option bytes, BOOT0 pin and all flash/OTP contents. */
    public static TwinSource of(SimulatedBoard board) {
        BoardSnapshot s = board.snapshot();
        return new TwinSource(board.partName(), board.storedOptions(), board.boot0(), Optional.of(s),
                "flash contents copied from the simulated board");
    }

    /**
     * A twin of a real part known only by its identity: a representative order code of {@code line}/flash size, the
     * read option bytes, BOOT0 as the last reset reported it (SYSCFG_MEMRMP.MEM_BOOT, §1.7) and UNKNOWN flash
     * contents.
     */
    public static TwinSource ofRealPart(OptionBytes options, int flashSizeKiB, boolean memBoot)
            throws UnknownDeviceException {
        return new TwinSource(representativeOrderCode(options, flashSizeKiB), options, memBoot, Optional.empty(),
                "flash contents of the real part are NOT known to the twin (not read for the preview): the twin starts "
                        + "with erased flash, so it cannot say whether a valid image is at the boot address");
    }

    /** The first order code of the line's series with this flash size that the device model accepts. */
    static String representativeOrderCode(OptionBytes options, int flashSizeKiB) throws UnknownDeviceException {
        List<String> series = options.line().partNames();
        char code = PartNumber.FLASH_CODES.entrySet().stream().filter(e -> e.getValue() == flashSizeKiB)
                .map(java.util.Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new UnknownDeviceException(-1, "no order-code letter for " + flashSizeKiB + " KiB"));
        for (String s : series) {
            String candidate = s + "Z" + code;
            try {
                DeviceRegistry.standard().byPartNumber(candidate);
                return candidate;
            } catch (UnknownDeviceException e) {
                // this series does not come with that size: try the next one
            }
        }
        throw new UnknownDeviceException(-1, options.line().displayName() + " has no " + flashSizeKiB + " KiB part");
    }
}
