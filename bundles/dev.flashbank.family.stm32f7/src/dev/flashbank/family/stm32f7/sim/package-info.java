/**
 * The simulated STM32F7 (RM0410/RM0431/RM0385): {@link dev.flashbank.family.stm32f7.sim.SimulatedBoard} is the silicon
 * at bus level - flash cells per physical bank, the FLASH interface ({@link dev.flashbank.family.stm32f7.sim.FlashController}:
 * KEYR/OPTKEYR, CR/SR, SNB, MER/MER1/MER2, PSIZE), the option area (OPTCR/OPTCR1/OPTCR2,
 * {@link dev.flashbank.family.stm32f7.sim.OptionArea}), the boot decision (BOOT_ADD0/1, nDBOOT, nDBANK, SWP_FB,
 * {@link dev.flashbank.family.stm32f7.sim.BootModel}), the CRC unit and DMA the checksum path uses
 * ({@link dev.flashbank.family.stm32f7.sim.CrcDmaUnit}) - behind the simulator's {@code BenchBoard} seam;
 * {@link dev.flashbank.family.stm32f7.sim.SimulatedBoards} builds boards by order code,
 * {@link dev.flashbank.family.stm32f7.sim.Stm32F7SimulatedFamily} plugs them into {@code SimulatedFamilies}, with the
 * default board (dual-bank STM32F767ZI running the sample firmware of
 * {@link dev.flashbank.family.stm32f7.sim.SampleImages}). Its own assumptions beyond the device model are
 * {@link dev.flashbank.family.stm32f7.sim.Stm32F7SimParameters}.
 */
package dev.flashbank.family.stm32f7.sim;
