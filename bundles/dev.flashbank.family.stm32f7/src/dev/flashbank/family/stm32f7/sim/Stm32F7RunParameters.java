package dev.flashbank.family.stm32f7.sim;

import java.util.List;

import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.ParameterStatus;

/**
 * What the simulated STM32F7 board assumes when it runs firmware, beyond the reference manual: the board's HSE and
 * how flash wait states are charged to instruction fetches.
 *
 * @param hseHz the board's high-speed external clock, 0 for none. A NUCLEO-F767ZI feeds 8 MHz from the ST-LINK's MCO
 *        (UM1974, "HSE clock"), which CubeIDE's generated SystemClock_Config uses in bypass mode
 * @param flashFetchBytes how many bytes one flash read returns to the instruction fetch: a fetch that opens a new
 *        line of this size waits FLASH_ACR.LATENCY cycles, fetches within the line are free (RM0410 §3.3.2 gives the
 *        wait states per HCLK, not the line width the CPU sees: 128 bits assumed; the ART accelerator and the
 *        Cortex-M7 caches, which hide most wait states on silicon, are not modelled)
 */
public record Stm32F7RunParameters(long hseHz, int flashFetchBytes) {

    public Stm32F7RunParameters {
        if (hseHz < 0 || Integer.bitCount(flashFetchBytes) != 1) {
            throw new IllegalArgumentException("HSE >= 0 Hz and a power-of-two fetch width");
        }
    }

    public static Stm32F7RunParameters defaults() {
        return new Stm32F7RunParameters(8_000_000L, 16);
    }

    public List<ModelParameter<?>> asList() {
        return List.of(
                new ModelParameter<>("sim.hseHz", hseHz, ParameterStatus.UNCONFIRMED,
                        "UM1974 (NUCLEO-F767ZI: 8 MHz MCO from the ST-LINK)"),
                new ModelParameter<>("sim.flashFetchBytes", flashFetchBytes, ParameterStatus.UNCONFIRMED,
                        "RM0410 §3.3.2 (wait states per HCLK; the read width the fetch sees is assumed)"));
    }
}
