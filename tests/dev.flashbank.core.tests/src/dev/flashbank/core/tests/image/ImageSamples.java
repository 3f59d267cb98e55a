package dev.flashbank.core.tests.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.flashbank.core.tests.SourceTree;

/**
 * The committed sample firmware (in the sim bundle, built by samples/src/build.sh with arm-none-eabi-gcc + objcopy), found by
 * walking up from the working directory to the repository root, so it works under Tycho (working dir = test module)
 * and in the quick loop alike.
 */
final class ImageSamples {

    /** Linked at 0x0800_0000 (bank 1), .data loaded from flash behind the code (LMA != VMA). */
    static final String BANK1 = "app-bank1";
    /** Linked at 0x0810_0000 (bank 2, BOOT_ADD scheme). */
    static final String BANK2 = "app-bank2";

    private ImageSamples() {
    }

    static Path dir() {
        return SourceTree.samples();
    }

    static Path path(String fileName) {
        return dir().resolve(fileName);
    }

    static byte[] bytes(String fileName) {
        try {
            return Files.readAllBytes(path(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String fileName) {
        return new String(bytes(fileName), java.nio.charset.StandardCharsets.US_ASCII);
    }
}
