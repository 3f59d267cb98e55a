package dev.flashbank.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormatException;
import dev.flashbank.core.image.ImageReader;

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

    /**
     * The bytes of shipped sample file {@code fileName} in the folder {@code samples/} beside {@code owner}: a
     * class-path resource of the family's bundle, so its jar and the CLI distribution carry it.
     */
    static byte[] bytes(Class<?> owner, String fileName) {
        try (InputStream in = owner.getResourceAsStream("samples/" + fileName)) {
            if (in == null) {
                throw new IllegalStateException("sample " + fileName + " is missing from " + owner.getPackageName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shipped sample file {@code fileName} beside {@code owner} read through Flashbank's own image reader. */
    static FirmwareImage image(Class<?> owner, String fileName) {
        try {
            return ImageReader.read(fileName, bytes(owner, fileName), Optional.empty(), OptionalLong.empty());
        } catch (ImageFormatException e) {
            throw new IllegalStateException("shipped sample " + fileName + " does not parse: " + e.getMessage(), e);
        }
    }
}
