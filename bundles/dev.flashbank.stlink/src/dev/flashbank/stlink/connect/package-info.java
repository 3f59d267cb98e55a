/**
 * Opens ST-Link targets for {@code core.connect}: a probe on USB ({@code stlink.usb}) or one shared through an
 * stlink-server ({@code stlink.tcp}), attached over SWD by the protocol session ({@code stlink}).
 */
package dev.flashbank.stlink.connect;
