/**
 * A GDB Remote Serial Protocol server for simulated boards ({@link dev.flashbank.sim.gdb.GdbServer}), family-neutral:
 * it reaches the board only through its debug bus with the Cortex-M debug registers a debugger uses (DHCSR, DCRSR/DCRDR,
 * DFSR, FPB, DWT) and programs flash through the part's own flash driver.
 */
package dev.flashbank.sim.gdb;
