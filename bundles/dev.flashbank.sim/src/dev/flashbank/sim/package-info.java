/**
 * The family-neutral simulator: Flashbank's embedded boards (CLI and Eclipse UI) without the silicon of any family.
 * <ul>
 * <li>{@link dev.flashbank.sim.BenchBoard} is a simulated board as probes, debug servers, state files and bench
 * controls see it; {@link dev.flashbank.sim.SimulatedFamily} is how a family bundle plugs its silicon in (boards by
 * order code with {@link dev.flashbank.sim.BoardOptions}, boards from a {@link dev.flashbank.sim.BoardSnapshot}, the
 * default board); {@link dev.flashbank.sim.SimulatedFamilies} picks the family of a part or state file from the list
 * the front end installed.</li>
 * <li>Building blocks the families' boards share: flash cells, Cortex-M debug registers, a
 * {@link dev.flashbank.sim.VirtualClock}, the boot decision ({@link dev.flashbank.sim.BootReport}), the simulator's
 * own assumptions ({@link dev.flashbank.sim.SimParameters}).</li>
 * <li>{@link dev.flashbank.sim.SimulatedProbe} is the {@link dev.flashbank.core.target.DebugTarget} on a board.</li>
 * <li>{@link dev.flashbank.sim.FaultInjector} cuts power or the probe link; {@link dev.flashbank.sim.InterruptedOperation}
 * describes what an interrupted operation left behind.</li>
 * </ul>
 * Every device fact comes from the family's device model; nothing here restates an address, bit, key, geometry or
 * timing.
 */
package dev.flashbank.sim;
