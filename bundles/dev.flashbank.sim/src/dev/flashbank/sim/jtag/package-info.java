/**
 * JTAG front end of the simulated STM32F7: the scan chain (boundary-scan TAP + Cortex-M7 JTAG-DP TAP), the JTAG-DP
 * with posted reads, the AHB-AP with a ROM table - all in front of the board's {@link dev.flashbank.sim.bus.DebugBus}
 * - and OpenOCD's {@code remote_bitbang} TCP protocol ({@link dev.flashbank.sim.jtag.RemoteBitbangServer}), so that
 * third-party debuggers can drive the simulated board.
 */
package dev.flashbank.sim.jtag;
