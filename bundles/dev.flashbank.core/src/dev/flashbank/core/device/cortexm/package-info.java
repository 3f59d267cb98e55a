/** ARMv7-M debug and system-control registers (CPUID, AIRCR, DHCSR, DCRSR/DCRDR, DEMCR, DFSR), stm32-facts §4. */
package dev.flashbank.core.device.cortexm;
