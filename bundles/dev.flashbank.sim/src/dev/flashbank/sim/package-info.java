/**
 * The faithful simulated STM32F7: Flashbank's embedded default board (CLI and Eclipse UI).
 * <ul>
 * <li>{@link dev.flashbank.sim.SimulatedBoards} builds boards by order code ("STM32F767ZI", "STM32F722ZE", ...) with
 * {@link dev.flashbank.sim.BoardOptions} (BOOT0, voltage, seed, identity, model parameters and timings,
 * initial option bytes, {@link dev.flashbank.sim.SimParameters}).</li>
 * <li>{@link dev.flashbank.sim.SimulatedBoard} is the silicon at bus level: flash cells, FLASH interface, option area,
 * RDP, SWP_FB, reset and boot ({@link dev.flashbank.sim.BootReport}), Cortex-M debug registers, a
 * {@link dev.flashbank.sim.VirtualClock}, bench controls (power, BOOT0, voltage) and a non-volatile
 * {@link dev.flashbank.sim.BoardSnapshot}.</li>
 * <li>{@link dev.flashbank.sim.SimulatedProbe} is the {@link dev.flashbank.core.target.DebugTarget} on a board.</li>
 * <li>{@link dev.flashbank.sim.FaultInjector} cuts power or the probe link; {@link dev.flashbank.sim.InterruptedOperation}
 * describes what an interrupted operation left behind.</li>
 * </ul>
 * Every device fact comes from {@code dev.flashbank.core.device}; nothing here restates an address, bit, key,
 * geometry or timing.
 */
package dev.flashbank.sim;
