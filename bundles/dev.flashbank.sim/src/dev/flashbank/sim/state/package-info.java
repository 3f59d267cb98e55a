/**
 * Saving and loading a simulated board's non-volatile state ({@link dev.flashbank.sim.state.BoardStateFile}): a
 * human-readable header plus binary cells, written atomically ({@link dev.flashbank.core.io.AtomicFiles}), read with
 * typed errors ({@link dev.flashbank.sim.state.BoardStateException}).
 */
package dev.flashbank.sim.state;
