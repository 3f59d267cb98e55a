package dev.flashbank.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import dev.flashbank.core.image.FirmwareImage;

/**
 * Sample firmware a simulated family ships for its default board (built from C source kept beside it, so a user can
 * look at it and rebuild it): the image the default board runs ({@link #running()}) and the update
 * {@code flashbank demo} installs ({@link #update()}), each linked for the part of the default board.
 */
public interface SampleFirmware {

    /** The sample the default board runs from its first bank. */
    FirmwareImage running();

    /** The sample the demo updates the default board with (linked for the bank it goes to). */
    FirmwareImage update();

    /**
     * A start-up sample, when the family ships one: firmware that sets the clock tree up as a CubeMX project does
     * (PLL, flash wait states, SysTick) and then keeps the core busy - what {@code flashbank bench} runs to measure
     * the simulated core's speed on the board. Linked for the default board's part.
     */
    default Optional<FirmwareImage> startUp() {
        return Optional.empty();
    }

    /** File name (no folder) of {@link #update()} as {@link #extractTo} writes it in Intel HEX. */
    String updateHexFile();

    /** File name (no folder) of {@link #startUp()} as {@link #extractTo} writes it (an ELF), when there is one. */
    default Optional<String> startUpFile() {
        return Optional.empty();
    }

    /**
     * Copies every sample output and its sources into {@code dir} (created if needed), so a user can program them,
     * look at them and rebuild them; existing files of the same name are replaced. Returns {@code dir}.
     */
    Path extractTo(Path dir) throws IOException;
}
