package dev.flashbank.stlink;

/**
 * TEMPORARY: Cortex-M debug-register facts (stm32-facts §4) until the core model's Cortex-M class lands; then every
 * use switches to it and this class is deleted (facts are defined once).
 */
public final class CortexMRegisters {
    private CortexMRegisters() {
    }

    public static final long AIRCR = 0xE000_ED0CL;
    public static final long DFSR = 0xE000_ED30L;
    public static final long DHCSR = 0xE000_EDF0L;
    public static final long DCRSR = 0xE000_EDF4L;
    public static final long DCRDR = 0xE000_EDF8L;
    public static final long DEMCR = 0xE000_EDFCL;
    public static final long CPUID = 0xE000_ED00L;

    public static final int AIRCR_VECTKEY = 0x05FA << 16;
    public static final int AIRCR_SYSRESETREQ = 1 << 2;
    public static final int DHCSR_DBGKEY = 0xA05F << 16;
    public static final int DHCSR_C_DEBUGEN = 1;
    public static final int DHCSR_C_HALT = 1 << 1;
    public static final int DHCSR_S_REGRDY = 1 << 16;
    public static final int DHCSR_S_HALT = 1 << 17;
    public static final int DHCSR_S_RESET_ST = 1 << 25;
    public static final int DCRSR_REGWNR = 1 << 16;
    public static final int DEMCR_VC_CORERESET = 1;
}
