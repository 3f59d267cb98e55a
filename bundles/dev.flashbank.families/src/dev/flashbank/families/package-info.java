/**
 * The list of installed device families: the one place where a family bundle is registered (one line per family).
 * Everything else (core operations, doctor, CLI, launches, UI, simulator) reaches a family only through the seams in
 * {@code dev.flashbank.core.family} and {@code dev.flashbank.sim}.
 */
package dev.flashbank.families;
