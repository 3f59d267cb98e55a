package dev.flashbank.family.stm32h7.sim;

import java.util.List;

import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.ParameterStatus;

/**
 * What the simulated STM32H7 board assumes when it runs firmware, beyond the reference manual: the board's HSE, how
 * flash wait states are charged to instruction fetches and how the supply configuration locks.
 *
 * @param hseHz the board's high-speed external clock, 0 for none. A NUCLEO-H743ZI feeds 8 MHz from the ST-LINK's MCO
 *        (UM2407, "HSE clock"), which CubeIDE's generated SystemClock_Config uses in bypass mode
 * @param flashFetchBytes how many bytes one flash read returns to the instruction fetch: a fetch that opens a new
 *        line of this size waits FLASH_ACR.LATENCY AXI clock cycles (RM0433 §4.3.8 gives the wait states per AXI
 *        clock; one 256-bit flash word per read is assumed; the AXI bus matrix, the flash's read buffers and the
 *        Cortex-M7 caches, which hide most wait states on silicon, are not modelled)
 * @param supplyConfigurationWriteOnce the first write of PWR_CR3 after a power-on reset fixes BYPASS, LDOEN and SCUEN
 *        until the next power-on reset (HAL_PWREx_ConfigSupply relies on it: with SCUEN = 0 it only compares)
 */
public record Stm32H7RunParameters(long hseHz, int flashFetchBytes, boolean supplyConfigurationWriteOnce) {

    public Stm32H7RunParameters {
        if (hseHz < 0 || Integer.bitCount(flashFetchBytes) != 1) {
            throw new IllegalArgumentException("HSE >= 0 Hz and a power-of-two fetch width");
        }
    }

    public static Stm32H7RunParameters defaults() {
        return new Stm32H7RunParameters(8_000_000L, 32, true);
    }

    public List<ModelParameter<?>> asList() {
        ParameterStatus u = ParameterStatus.UNCONFIRMED;
        return List.of(
                new ModelParameter<>("sim.hseHz", hseHz, u, "UM2407 (NUCLEO-H743ZI: 8 MHz MCO from the ST-LINK)"),
                new ModelParameter<>("sim.flashFetchBytes", flashFetchBytes, u,
                        "RM0433 §4.3.8 (wait states per AXI clock; the read width the fetch sees is assumed)"),
                new ModelParameter<>("sim.supplyConfigurationWriteOnce", supplyConfigurationWriteOnce, u,
                        "RM0433 §6.8 PWR_CR3 (SCUEN); HAL_PWREx_ConfigSupply"));
    }
}
