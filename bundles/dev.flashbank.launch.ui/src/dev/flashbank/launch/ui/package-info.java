/**
 * Launch configuration tabs for the Flashbank launch types (issue 9). Depends on the headless
 * {@code dev.flashbank.launch} bundle, never the reverse.
 */
package dev.flashbank.launch.ui;
