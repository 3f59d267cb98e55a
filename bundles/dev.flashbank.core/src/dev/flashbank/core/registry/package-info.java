/**
 * The one list of targets the IDE's views, its launches and the command line share: named
 * {@link dev.flashbank.core.registry.TargetDefinition}s (a simulated board in its state file, an ST-Link probe by
 * serial or "any connected probe", a gdbserver at host:port) kept in one {@link dev.flashbank.core.registry.TargetRegistry}
 * file, written atomically with a backup of the previous version, read with errors that name the file, the line and
 * the reason. The IDE keeps it in its workspace; {@code flashbank --target NAME} reads it.
 */
package dev.flashbank.core.registry;
