/**
 * The simulated page-flash controller and its boards behind the simulator's {@code BenchBoard} seam.
 */
package dev.flashbank.family.pageflash.sim;
