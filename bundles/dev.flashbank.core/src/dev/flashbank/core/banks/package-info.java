/**
 * Headless half of the bank memory browser (issue 8): reading PHYSICAL banks lazily through whichever window maps
 * them now (the bank-swap mapping of the part's reference manual), per-sector caching, sector states, bank comparison
 * as ranges (also a bank against a firmware file), hex rendering, byte search, "go to" addresses and symbols, the
 * image summary of a bank (vector table, version string, GNU build id), the {@code BankSnapshot} a browser shows and
 * which of its actions may run ({@code BankViewState}).
 * No Eclipse imports.
 */
package dev.flashbank.core.banks;
