/**
 * ST-Link protocol and probe session (OpenOCD src/jtag/drivers/stlink_usb.c, stlink-org, pyOCD): command bytes
 * ({@link dev.flashbank.stlink.StlinkCommands}), status codes ({@link dev.flashbank.stlink.StlinkStatus}), USB
 * identities ({@link dev.flashbank.stlink.StlinkProduct}), firmware versions, feature gates and advisories, the
 * transport abstraction ({@link dev.flashbank.stlink.StlinkTransport}), transfer splitting
 * ({@link dev.flashbank.stlink.TransferPlan}), the session ({@link dev.flashbank.stlink.StlinkSession}) and the core's
 * DebugTarget on top of it ({@link dev.flashbank.stlink.StlinkDebugTarget}). USB lives in
 * {@code dev.flashbank.stlink.usb}, the simulated probe in {@code dev.flashbank.stlink.emulator}, the stlink-server TCP
 * protocol (server and client transport) in {@code dev.flashbank.stlink.tcp}, and the target provider that opens a probe
 * over USB or an stlink-server in {@code dev.flashbank.stlink.connect}.
 */
package dev.flashbank.stlink;
