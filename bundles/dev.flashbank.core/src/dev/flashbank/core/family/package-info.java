/**
 * The family seams: what a device family supplies to the family-neutral core (device descriptors as data, the flash
 * driver, bank-swap strategy, protection model and doctor checks). Core operations, doctor, CLI, launches and UI work
 * only through these interfaces.
 */
package dev.flashbank.core.family;
