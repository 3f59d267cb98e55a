/**
 * The simulated board's debug bus ({@link dev.flashbank.sim.bus.DebugBus}): single MEM-AP accesses with typed
 * {@link dev.flashbank.sim.bus.BusResult}s, NRST, DP/TAP identification, virtual time. Front ends (simulated probe,
 * ST-Link emulator backend, JTAG) build on it.
 */
package dev.flashbank.sim.bus;
