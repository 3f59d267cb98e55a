/**
 * A GDB Remote Serial Protocol client ({@link dev.flashbank.core.gdb.GdbRemoteTarget}): Flashbank works through any
 * running gdbserver (OpenOCD, pyOCD, ST-LINK_gdbserver, J-Link, QEMU) as a {@link dev.flashbank.core.target.DebugTarget}.
 */
package dev.flashbank.core.gdb;
