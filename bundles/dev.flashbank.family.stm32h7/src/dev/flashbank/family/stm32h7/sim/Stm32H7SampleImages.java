package dev.flashbank.family.stm32h7.sim;

import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.sim.SampleFirmware;

/**
 * The sample firmware shipped with the STM32H7 simulator (folder {@code samples} of this package: built by
 * {@code samples/src/build.sh} with arm-none-eabi-gcc for the Cortex-M7 with FPv5-D16, hard float, from
 * {@code console.c}; the ELF outputs are committed so nothing needs the toolchain). Both images are linked for
 * 0x0800_0000 - an H7 A/B pair, SWAP_BANK selects the physical bank - and differ only in the image number they
 * print. They are class-path resources of this bundle, inside its jar and the CLI distribution.
 */
public final class Stm32H7SampleImages {

    /**
     * The start-up sample, image 1: LDO supply, VOS scale 1, HSE bypass, PLL1 at 400 MHz, FLASH_ACR LATENCY 2 /
     * WRHIGHFREQ 2, SysTick at 1 kHz, one line on USART3 per boot, a SYSRESETREQ after the first boot since power-on,
     * then {@code counter} counts forever.
     */
    public static final String CONSOLE = "console-app";
    /** The same start-up sample built as image 2 (for physical bank 2 of an A/B pair). */
    public static final String CONSOLE_IMAGE2 = "console-app-image2";
    /** Where the samples live in the source repository (for tests and the README; not used at run time). */
    public static final String REPOSITORY_FOLDER =
            "bundles/dev.flashbank.family.stm32h7/src/dev/flashbank/family/stm32h7/sim/samples";

    private Stm32H7SampleImages() {
    }

    /** The bytes of a shipped sample file, e.g. {@code bytes("console-app.elf")}. */
    public static byte[] bytes(String fileName) {
        return SampleFirmware.bytes(Stm32H7SampleImages.class, fileName);
    }

    /** A sample read through Flashbank's own image reader (its ELF: addresses, build id). */
    public static FirmwareImage image(String sample) {
        return SampleFirmware.image(Stm32H7SampleImages.class, sample + ".elf");
    }
}
