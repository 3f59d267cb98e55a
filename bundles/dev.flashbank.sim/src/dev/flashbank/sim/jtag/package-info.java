/**
 * JTAG front end of a simulated board: the scan chain (boundary-scan TAP + Cortex-M JTAG-DP TAP), the JTAG-DP with
 * posted reads, the MEM-APs the board's {@link dev.flashbank.sim.bus.DebugTopology} lists (an AHB-AP on the system bus
 * with a ROM table, an APB-AP on a debug APB) - all in front of the board's {@link dev.flashbank.sim.bus.DebugBus} -
 * and OpenOCD's {@code remote_bitbang} TCP protocol ({@link dev.flashbank.sim.jtag.RemoteBitbangServer}), so that
 * third-party debuggers can drive the simulated board. The same DP and APs seen through the SW-DP at register level
 * ({@link dev.flashbank.sim.jtag.SerialWireDebugPort}) serve the emulated ST-Link's DAP-direct commands.
 */
package dev.flashbank.sim.jtag;
