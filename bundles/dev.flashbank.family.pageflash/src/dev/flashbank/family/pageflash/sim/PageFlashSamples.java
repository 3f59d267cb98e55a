package dev.flashbank.family.pageflash.sim;

import java.util.Map;

import dev.flashbank.core.image.ElfReader;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormatException;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.sim.SampleFirmware;

/**
 * The start-up samples the simulated page-flash boards execute (folder {@code samples} of this package: built by
 * {@code samples/src/build.sh} with arm-none-eabi-gcc from {@code sample.c} and one linker script per line, for the
 * Cortex-M4 with hard float on G474/L476 and the Cortex-M0+ on G0B1; the ELF outputs are committed so nothing needs the
 * toolchain). Each sets the NUCLEO board's clock tree up as CubeMX does (ready flags, FLASH_ACR wait states), prints one
 * line on the virtual COM port U(S)ART naming its {@code bank_id} and boot count, resets itself once by SYSRESETREQ
 * after the first boot since power-on, and then counts {@code g_counter}. Every image is linked for 0x0800_0000.
 */
public final class PageFlashSamples {

    /** The constant in flash that says which copy runs: 1 as built (a bank-2 copy is patched to 2). */
    public static final String BANK_ID = "bank_id";
    /** The counter the sample increments forever after its second boot. */
    public static final String COUNTER = "g_counter";

    private PageFlashSamples() {
    }

    /** The sample's file name for a simulated line ({@code sample-g474.elf}, {@code sample-l476.elf}, {@code sample-g0b1.elf}). */
    public static String fileName(PageFlashLine line) {
        return switch (line) {
            case G47X_G48X -> "sample-g474.elf";
            case L47X_L48X -> "sample-l476.elf";
            case G0BX_G0CX -> "sample-g0b1.elf";
            default -> throw new IllegalArgumentException("no start-up sample for " + line.displayName()
                    + ": its board is not simulated");
        };
    }

    /** The bytes of a shipped sample file. */
    public static byte[] bytes(String fileName) {
        return SampleFirmware.bytes(PageFlashSamples.class, fileName);
    }

    /** The line's sample read through Flashbank's own image reader. */
    public static FirmwareImage image(PageFlashLine line) {
        return SampleFirmware.image(PageFlashSamples.class, fileName(line));
    }

    /** The line's sample's symbols (name to address). */
    public static Map<String, Long> symbols(PageFlashLine line) {
        String name = fileName(line);
        try {
            return ElfReader.symbols(name, bytes(name));
        } catch (ImageFormatException e) {
            throw new IllegalStateException("shipped sample " + name + " does not parse: " + e.getMessage(), e);
        }
    }
}
