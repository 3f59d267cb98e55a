/**
 * A Cortex-M processor that executes firmware (ARMv6-M and ARMv7E-M with the FP extension): registers, the Thumb
 * instruction set, the exception model with NVIC, SCB and SysTick, and the debug resources a debugger uses (halting
 * debug, FPB, DWT). Family-neutral: a board plugs it onto its bus and its clock.
 */
package dev.flashbank.sim.cpu;
