/**
 * The simulated twin: before option bytes are written to a part, the same change is applied to a simulated board of
 * the same part with the same option bytes and (where known) the same flash contents, the twin is reset, and
 * {@link dev.flashbank.sim.twin.TwinPreview} reports what the next reset of the real part will do.
 */
package dev.flashbank.sim.twin;
