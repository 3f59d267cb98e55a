/**
 * The simulated page-flash controller and its boards behind the simulator's {@code BenchBoard} seam; the boards'
 * cores execute firmware (the start-up samples in {@code samples}, {@link dev.flashbank.family.pageflash.sim.PageFlashSamples}).
 */
package dev.flashbank.family.pageflash.sim;
