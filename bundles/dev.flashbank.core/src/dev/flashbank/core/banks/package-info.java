/**
 * Headless half of the bank memory browser (issue 8): reading PHYSICAL banks lazily through whichever window maps
 * them now (the bank-swap mapping of the part's reference manual), per-sector caching, sector states, bank comparison
 * as ranges, hex rendering, byte search and the image summary of a bank (vector table, version string, GNU build id).
 * No Eclipse imports.
 */
package dev.flashbank.core.banks;
