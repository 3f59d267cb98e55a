/**
 * A simulated ST-Link that decodes the same command blocks as the probe firmware and answers as it does, over a
 * target backend ({@link dev.flashbank.stlink.emulator.StlinkEmulatorBackend}); a simulated board plugs in through
 * a small adapter over its debug bus. Used to test every layer above the transport byte for byte.
 */
package dev.flashbank.stlink.emulator;
