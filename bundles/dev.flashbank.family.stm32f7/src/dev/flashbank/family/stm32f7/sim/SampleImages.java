package dev.flashbank.family.stm32f7.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.sim.SampleFirmware;

/**
 * The sample firmware shipped with the STM32F7 simulator (folder {@code samples} of this package: built by
 * {@code samples/src/build.sh} with arm-none-eabi-gcc from {@code sample.c}; the outputs are committed so nothing
 * needs the toolchain). {@link SimulatedBoards#createDefault()} programs {@link #BANK1} as the factory image and
 * {@code flashbank demo} updates it to {@link #BANK2}, so both must be available with no repository around: they are
 * class-path resources of this bundle and therefore inside its jar and the CLI distribution.
 */
public final class SampleImages {

    /** "flashbank-sample 1.0.0 (bank 1)", linked for 0x0800_0000 (bank 1 of a dual-bank 2 MiB F76x/F77x). */
    public static final String BANK1 = "app-bank1";
    /**
     * "flashbank-sample 2.0.0 (bank 2)", linked for 0x0810_0000 (bank 2's own address on a dual-bank 2 MiB part: the
     * BOOT_ADD switching scheme).
     */
    public static final String BANK2 = "app-bank2";
    /**
     * The start-up sample (console.c, linked for bank 1): CubeMX's 216 MHz clock tree with FLASH_ACR.LATENCY = 7,
     * SysTick at 1 kHz, one line on USART3, then a counting loop.
     */
    public static final String CONSOLE = "console-app";
    /** The file kinds each sample exists in, as produced by build.sh. */
    public static final List<String> EXTENSIONS = List.of(".elf", ".hex", ".srec", ".bin");
    /** Where the samples live in the source repository (for tests and the README; not used at run time). */
    public static final String REPOSITORY_FOLDER =
            "bundles/dev.flashbank.family.stm32f7/src/dev/flashbank/family/stm32f7/sim/samples";
    /** The samples as the simulator's seam hands them to the demo ({@link Stm32F7SimulatedFamily#samples()}). */
    public static final SampleFirmware FIRMWARE = new SampleFirmware() {
        @Override
        public FirmwareImage running() {
            return image(BANK1);
        }

        @Override
        public FirmwareImage update() {
            return image(BANK2);
        }

        @Override
        public Optional<FirmwareImage> startUp() {
            return Optional.of(image(CONSOLE));
        }

        @Override
        public String updateHexFile() {
            return BANK2 + ".hex";
        }

        @Override
        public Optional<String> startUpFile() {
            return Optional.of(CONSOLE + ".elf");
        }

        @Override
        public Path extractTo(Path dir) throws IOException {
            return SampleImages.extractTo(dir);
        }
    };

    private static final List<String> SOURCES = List.of("src/build.sh", "src/sample.c", "src/console.c",
            "src/sections.ld", "src/bank1.ld", "src/bank2.ld");

    private SampleImages() {
    }

    /** The bytes of a shipped sample file, e.g. {@code bytes("app-bank2.hex")}. */
    public static byte[] bytes(String fileName) {
        return SampleFirmware.bytes(SampleImages.class, fileName);
    }

    /** A sample read through Flashbank's own image reader (the ELF output: addresses, version string, build id). */
    public static FirmwareImage image(String sample) {
        return SampleFirmware.image(SampleImages.class, sample + ".elf");
    }

    /**
     * Copies every sample output (the start-up sample {@link #CONSOLE} too) and its sources into {@code dir} (created
     * if needed), so a user can program them, run them, look at them and rebuild them; existing files of the same name
     * are replaced. Returns {@code dir}.
     */
    public static Path extractTo(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("src"));
        for (String sample : List.of(BANK1, BANK2)) {
            for (String ext : EXTENSIONS) {
                Files.write(dir.resolve(sample + ext), bytes(sample + ext));
            }
        }
        Files.write(dir.resolve(CONSOLE + ".elf"), bytes(CONSOLE + ".elf")); // build.sh makes the ELF only
        for (String s : SOURCES) {
            Files.write(dir.resolve(s), bytes(s));
        }
        return dir;
    }
}
