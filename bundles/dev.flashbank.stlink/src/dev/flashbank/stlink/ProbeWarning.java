package dev.flashbank.stlink;

/**
 * Something the user should know about the attached probe (old firmware, a gated feature, a known-problem
 * firmware), with the reason and what to do.
 *
 * @param code    stable identifier for tests and UIs ("FW_NO_16BIT", ...)
 * @param message one self-contained sentence naming the firmware and the remedy
 */
public record ProbeWarning(String code, String message) {
}
