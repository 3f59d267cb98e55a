/**
 * One way to open a target, for the command line, launches and the IDE alike: a {@link dev.flashbank.core.connect.TargetOpener}
 * hands a {@link dev.flashbank.core.connect.TargetAddress} to the {@link dev.flashbank.core.connect.TargetProvider}
 * of its kind (simulated board, ST-Link probe, gdbserver) and returns an {@link dev.flashbank.core.connect.OpenTarget}
 * that is closed when the command, launch or job ends. The providers are given by the caller, so core knows none of
 * the transports; the rules of opening (one writer per board file, what happens to a board state file on close) live
 * in the provider of that kind, not in each caller.
 */
package dev.flashbank.core.connect;
