/**
 * ARMv7-M debug and system-control registers (CPUID, AIRCR, DHCSR, DCRSR/DCRDR, DEMCR, DFSR), ARMv7-M ARM B3.2, C1.6.
 */
package dev.flashbank.core.device.cortexm;
