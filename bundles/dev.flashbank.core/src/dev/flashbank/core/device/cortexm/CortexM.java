package dev.flashbank.core.device.cortexm;

import static dev.flashbank.core.device.Access.READ_ONLY;
import static dev.flashbank.core.device.Access.READ_WRITE;
import static dev.flashbank.core.device.Access.READ_WRITE_1_TO_CLEAR;
import static dev.flashbank.core.device.Access.WRITE_ONLY;

import java.util.List;

import dev.flashbank.core.device.Access;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;

/**
 * ARMv7-M debug and system-control registers shared by every Cortex-M target (ARMv7-M ARM C1.6, OpenOCD
 * src/target/cortex_m.h). The simulator, the ST-Link layer and the core control code take every address, key and bit
 * from here.
 */
public final class CortexM {

    private CortexM() {
    }

    // ---- system address map (ARMv7-M ARM B3.1) ----

    /** The Peripheral region of the address map: memory-mapped peripherals, 0x4000_0000-0x5FFF_FFFF. */
    public static final AddressRange PERIPHERAL_REGION = AddressRange.inclusive(0x4000_0000L, 0x5FFF_FFFFL);

    /**
     * The Private Peripheral Bus, 0xE000_0000-0xE00F_FFFF: the core's system-control and debug registers (SCS, DWT,
     * FPB, ITM) and the part's own debug components.
     */
    public static final AddressRange PRIVATE_PERIPHERAL_BUS = AddressRange.inclusive(0xE000_0000L, 0xE00F_FFFFL);

    // ---- CPUID ----
    public static final Field CPUID_PARTNO = new Field("PARTNO", 4, 12, READ_ONLY, "Part number of the processor");
    public static final Field CPUID_REVISION = new Field("REVISION", 0, 4, READ_ONLY, "Patch release (p in rXpY)");
    public static final Field CPUID_VARIANT = new Field("VARIANT", 20, 4, READ_ONLY, "Variant (r in rXpY)");
    public static final Field CPUID_IMPLEMENTER = new Field("IMPLEMENTER", 24, 8, READ_ONLY, "0x41 = ARM");
    public static final Register CPUID = reg("CPUID", 0xE000_ED00L, READ_ONLY, "CPUID base register",
            List.of(CPUID_REVISION, CPUID_PARTNO, CPUID_VARIANT, CPUID_IMPLEMENTER));
    public static final int PARTNO_CORTEX_M7 = 0xC27;
    public static final int PARTNO_CORTEX_M4 = 0xC24;
    public static final int PARTNO_CORTEX_M3 = 0xC23;
    /** Cortex-M0+ (ARMv6-M). */
    public static final int PARTNO_CORTEX_M0_PLUS = 0xC60;

    /** Human name of a CPUID.PARTNO. */
    public static String coreName(int partNo) {
        return switch (partNo) {
            case PARTNO_CORTEX_M7 -> "Cortex-M7";
            case PARTNO_CORTEX_M4 -> "Cortex-M4";
            case PARTNO_CORTEX_M3 -> "Cortex-M3";
            case PARTNO_CORTEX_M0_PLUS -> "Cortex-M0+";
            default -> String.format("unknown core (PARTNO 0x%03X)", partNo);
        };
    }

    // ---- AIRCR ----
    public static final Field AIRCR_VECTRESET = Field.bit("VECTRESET", 0, WRITE_ONLY, "Local reset (not on v7-M silicon in general)");
    public static final Field AIRCR_VECTCLRACTIVE = Field.bit("VECTCLRACTIVE", 1, WRITE_ONLY, "Clear active exception state");
    public static final Field AIRCR_SYSRESETREQ = Field.bit("SYSRESETREQ", 2, WRITE_ONLY, "Request a system reset");
    public static final Field AIRCR_VECTKEY = new Field("VECTKEY", 16, 16, READ_WRITE, "Write 0x05FA or the write is ignored");
    public static final Register AIRCR = reg("AIRCR", 0xE000_ED0CL, READ_WRITE,
            "Application interrupt and reset control register",
            List.of(AIRCR_VECTRESET, AIRCR_VECTCLRACTIVE, AIRCR_SYSRESETREQ, AIRCR_VECTKEY));
    public static final int VECTKEY = 0x05FA;

    /** AIRCR value that requests a system reset: VECTKEY | SYSRESETREQ = 0x05FA_0004. */
    public static int aircrSysResetRequest() {
        return AIRCR_SYSRESETREQ.insert(AIRCR_VECTKEY.encode(VECTKEY), 1);
    }

    // ---- fault status ----
    // CFSR = UFSR[31:16] BFSR[15:8] MMFSR[7:0] (ARMv7-M ARM B3.2.15-B3.2.17)
    public static final Field CFSR_IACCVIOL = Field.bit("IACCVIOL", 0, READ_WRITE_1_TO_CLEAR, "Instruction access violation (XN)");
    public static final Field CFSR_DACCVIOL = Field.bit("DACCVIOL", 1, READ_WRITE_1_TO_CLEAR, "Data access violation");
    public static final Field CFSR_MUNSTKERR = Field.bit("MUNSTKERR", 3, READ_WRITE_1_TO_CLEAR, "MemManage on unstacking");
    public static final Field CFSR_MSTKERR = Field.bit("MSTKERR", 4, READ_WRITE_1_TO_CLEAR, "MemManage on stacking");
    public static final Field CFSR_MLSPERR = Field.bit("MLSPERR", 5, READ_WRITE_1_TO_CLEAR, "MemManage on lazy FP stacking");
    public static final Field CFSR_MMARVALID = Field.bit("MMARVALID", 7, READ_WRITE_1_TO_CLEAR, "MMFAR holds the address");
    public static final Field CFSR_IBUSERR = Field.bit("IBUSERR", 8, READ_WRITE_1_TO_CLEAR, "Instruction fetch bus error");
    public static final Field CFSR_PRECISERR = Field.bit("PRECISERR", 9, READ_WRITE_1_TO_CLEAR, "Precise data bus error");
    public static final Field CFSR_IMPRECISERR = Field.bit("IMPRECISERR", 10, READ_WRITE_1_TO_CLEAR, "Imprecise data bus error");
    public static final Field CFSR_UNSTKERR = Field.bit("UNSTKERR", 11, READ_WRITE_1_TO_CLEAR, "BusFault on unstacking");
    public static final Field CFSR_STKERR = Field.bit("STKERR", 12, READ_WRITE_1_TO_CLEAR, "BusFault on stacking");
    public static final Field CFSR_LSPERR = Field.bit("LSPERR", 13, READ_WRITE_1_TO_CLEAR, "BusFault on lazy FP stacking");
    public static final Field CFSR_BFARVALID = Field.bit("BFARVALID", 15, READ_WRITE_1_TO_CLEAR, "BFAR holds the address");
    public static final Field CFSR_UNDEFINSTR = Field.bit("UNDEFINSTR", 16, READ_WRITE_1_TO_CLEAR, "Undefined instruction");
    public static final Field CFSR_INVSTATE = Field.bit("INVSTATE", 17, READ_WRITE_1_TO_CLEAR, "Invalid state (EPSR.T = 0)");
    public static final Field CFSR_INVPC = Field.bit("INVPC", 18, READ_WRITE_1_TO_CLEAR, "Invalid EXC_RETURN / integrity check");
    public static final Field CFSR_NOCP = Field.bit("NOCP", 19, READ_WRITE_1_TO_CLEAR, "Coprocessor disabled or absent");
    public static final Field CFSR_UNALIGNED = Field.bit("UNALIGNED", 24, READ_WRITE_1_TO_CLEAR, "Unaligned access trap");
    public static final Field CFSR_DIVBYZERO = Field.bit("DIVBYZERO", 25, READ_WRITE_1_TO_CLEAR, "Divide by zero trap");
    public static final Register CFSR = reg("CFSR", 0xE000_ED28L, READ_WRITE_1_TO_CLEAR, "Configurable fault status",
            List.of(CFSR_IACCVIOL, CFSR_DACCVIOL, CFSR_MUNSTKERR, CFSR_MSTKERR, CFSR_MLSPERR, CFSR_MMARVALID,
                    CFSR_IBUSERR, CFSR_PRECISERR, CFSR_IMPRECISERR, CFSR_UNSTKERR, CFSR_STKERR, CFSR_LSPERR,
                    CFSR_BFARVALID, CFSR_UNDEFINSTR, CFSR_INVSTATE, CFSR_INVPC, CFSR_NOCP, CFSR_UNALIGNED,
                    CFSR_DIVBYZERO));
    public static final Field HFSR_VECTTBL = Field.bit("VECTTBL", 1, READ_WRITE_1_TO_CLEAR, "Vector table read fault");
    public static final Field HFSR_FORCED = Field.bit("FORCED", 30, READ_WRITE_1_TO_CLEAR, "Escalated configurable fault");
    public static final Field HFSR_DEBUGEVT = Field.bit("DEBUGEVT", 31, READ_WRITE_1_TO_CLEAR, "Debug event without halting debug");
    public static final Register HFSR = reg("HFSR", 0xE000_ED2CL, READ_WRITE_1_TO_CLEAR, "HardFault status",
            List.of(HFSR_VECTTBL, HFSR_FORCED, HFSR_DEBUGEVT));
    public static final Register MMFAR = reg("MMFAR", 0xE000_ED34L, READ_WRITE, "MemManage fault address", List.of());
    public static final Register BFAR = reg("BFAR", 0xE000_ED38L, READ_WRITE, "BusFault address", List.of());
    public static final Register AFSR = reg("AFSR", 0xE000_ED3CL, READ_WRITE_1_TO_CLEAR, "Auxiliary fault status", List.of());
    public static final Field DFSR_HALTED = Field.bit("HALTED", 0, READ_WRITE_1_TO_CLEAR, "Halt request or step");
    public static final Field DFSR_BKPT = Field.bit("BKPT", 1, READ_WRITE_1_TO_CLEAR, "BKPT instruction or FPB match");
    public static final Field DFSR_DWTTRAP = Field.bit("DWTTRAP", 2, READ_WRITE_1_TO_CLEAR, "DWT watchpoint");
    public static final Field DFSR_VCATCH = Field.bit("VCATCH", 3, READ_WRITE_1_TO_CLEAR, "Vector catch");
    public static final Field DFSR_EXTERNAL = Field.bit("EXTERNAL", 4, READ_WRITE_1_TO_CLEAR, "External debug request");
    public static final Register DFSR = reg("DFSR", 0xE000_ED30L, READ_WRITE_1_TO_CLEAR,
            "Debug fault status register (write 1 to clear)",
            List.of(DFSR_HALTED, DFSR_BKPT, DFSR_DWTTRAP, DFSR_VCATCH, DFSR_EXTERNAL));

    // ---- DHCSR ----
    public static final Field DHCSR_C_DEBUGEN = Field.bit("C_DEBUGEN", 0, READ_WRITE, "Halting debug enable");
    public static final Field DHCSR_C_HALT = Field.bit("C_HALT", 1, READ_WRITE, "Halt the core");
    public static final Field DHCSR_C_STEP = Field.bit("C_STEP", 2, READ_WRITE, "Single step");
    public static final Field DHCSR_C_MASKINTS = Field.bit("C_MASKINTS", 3, READ_WRITE, "Mask interrupts while stepping");
    public static final Field DHCSR_S_REGRDY = Field.bit("S_REGRDY", 16, READ_ONLY, "DCRSR transfer complete");
    public static final Field DHCSR_S_HALT = Field.bit("S_HALT", 17, READ_ONLY, "Core is halted");
    public static final Field DHCSR_S_SLEEP = Field.bit("S_SLEEP", 18, READ_ONLY, "Core is sleeping");
    public static final Field DHCSR_S_LOCKUP = Field.bit("S_LOCKUP", 19, READ_ONLY, "Core is locked up");
    public static final Field DHCSR_S_RETIRE_ST = Field.bit("S_RETIRE_ST", 24, READ_ONLY, "Instruction retired since last read (sticky)");
    public static final Field DHCSR_S_RESET_ST = Field.bit("S_RESET_ST", 25, READ_ONLY, "Reset since last read (sticky, clear on read)");
    /** Write-only view of DHCSR[31:16]: the key that must accompany every write. */
    public static final Field DHCSR_DBGKEY = new Field("DBGKEY", 16, 16, WRITE_ONLY, "Write 0xA05F or the write is ignored");
    /** DHCSR as read (status bits in 31:16); the DBGKEY field is its write-only overlay. */
    public static final Register DHCSR = reg("DHCSR", 0xE000_EDF0L, READ_WRITE, "Debug halting control and status",
            List.of(DHCSR_C_DEBUGEN, DHCSR_C_HALT, DHCSR_C_STEP, DHCSR_C_MASKINTS, DHCSR_S_REGRDY, DHCSR_S_HALT,
                    DHCSR_S_SLEEP, DHCSR_S_LOCKUP, DHCSR_S_RETIRE_ST, DHCSR_S_RESET_ST));
    public static final int DBGKEY = 0xA05F;

    /** A DHCSR write value: DBGKEY in 31:16 plus the given control bits (e.g. C_DEBUGEN|C_HALT -> 0xA05F_0003). */
    public static int dhcsrWrite(Field... controlBits) {
        int v = DHCSR_DBGKEY.encode(DBGKEY);
        for (Field f : controlBits) {
            if (f.lsb() >= 16) {
                throw new IllegalArgumentException(f.name() + " is a status bit, not writable");
            }
            v = f.insert(v, 1);
        }
        return v;
    }

    // ---- DCRSR / DCRDR ----
    public static final Field DCRSR_REGSEL = new Field("REGSEL", 0, 7, WRITE_ONLY, "Register selector");
    public static final Field DCRSR_REGWnR = Field.bit("REGWnR", 16, WRITE_ONLY, "1 = write DCRDR to the register");
    public static final Register DCRSR = reg("DCRSR", 0xE000_EDF4L, WRITE_ONLY, "Debug core register selector",
            List.of(DCRSR_REGSEL, DCRSR_REGWnR));
    public static final Register DCRDR = reg("DCRDR", 0xE000_EDF8L, READ_WRITE, "Debug core register data",
            List.of(new Field("DBGTMP", 0, 32, READ_WRITE, "Data")));

    /** DCRSR REGSEL numbers (ARMv7-M ARM C1.6.3 DCRSR; UNCONFIRMED, not re-read). */
    public static final int REGSEL_R0 = 0, REGSEL_SP = 13, REGSEL_LR = 14, REGSEL_PC = 15, REGSEL_XPSR = 16,
            REGSEL_MSP = 17, REGSEL_PSP = 18, REGSEL_CONTROL_PRIMASK = 20, REGSEL_FPSCR = 33, REGSEL_S0 = 64;

    // ---- DEMCR ----
    public static final Field DEMCR_VC_CORERESET = Field.bit("VC_CORERESET", 0, READ_WRITE, "Halt on reset vector");
    public static final Field DEMCR_VC_MMERR = Field.bit("VC_MMERR", 4, READ_WRITE, "Halt on MemManage");
    public static final Field DEMCR_VC_NOCPERR = Field.bit("VC_NOCPERR", 5, READ_WRITE, "Halt on UsageFault no-coprocessor");
    public static final Field DEMCR_VC_CHKERR = Field.bit("VC_CHKERR", 6, READ_WRITE, "Halt on UsageFault checking error");
    public static final Field DEMCR_VC_STATERR = Field.bit("VC_STATERR", 7, READ_WRITE, "Halt on UsageFault state error");
    public static final Field DEMCR_VC_BUSERR = Field.bit("VC_BUSERR", 8, READ_WRITE, "Halt on BusFault");
    public static final Field DEMCR_VC_INTERR = Field.bit("VC_INTERR", 9, READ_WRITE, "Halt on exception entry/return fault");
    public static final Field DEMCR_VC_HARDERR = Field.bit("VC_HARDERR", 10, READ_WRITE, "Halt on HardFault");
    public static final Field DEMCR_TRCENA = Field.bit("TRCENA", 24, READ_WRITE, "Enable DWT/ITM");
    public static final Register DEMCR = reg("DEMCR", 0xE000_EDFCL, READ_WRITE, "Debug exception and monitor control",
            List.of(DEMCR_VC_CORERESET, DEMCR_VC_MMERR, DEMCR_VC_NOCPERR, DEMCR_VC_CHKERR, DEMCR_VC_STATERR,
                    DEMCR_VC_BUSERR, DEMCR_VC_INTERR, DEMCR_VC_HARDERR, DEMCR_TRCENA));

    // ---- debug port (ADIv5) ----
    /**
     * DP IDCODE/DPIDR of the Cortex-M7 debug port over SWD (ARM SW-DP v2). UNCONFIRMED: no primary source read; the
     * value tools report for Cortex-M7 parts.
     */
    public static final int DP_IDCODE_SWD_CORTEX_M7 = 0x5BA0_2477;
    /** JTAG-DP IDCODE of the Cortex-M7 debug port. UNCONFIRMED, as above. */
    public static final int DP_IDCODE_JTAG_CORTEX_M7 = 0x5BA0_0477;

    // ---- system control block (ARMv7-M ARM B3.2; ARMv6-M ARM B3.2 where it differs) ----
    public static final Field ICSR_VECTACTIVE = new Field("VECTACTIVE", 0, 9, READ_ONLY, "Active exception number");
    public static final Field ICSR_RETTOBASE = Field.bit("RETTOBASE", 11, READ_ONLY, "No other active exception");
    public static final Field ICSR_VECTPENDING = new Field("VECTPENDING", 12, 9, READ_ONLY, "Highest pending exception");
    public static final Field ICSR_ISRPENDING = Field.bit("ISRPENDING", 22, READ_ONLY, "An external interrupt is pending");
    public static final Field ICSR_PENDSTCLR = Field.bit("PENDSTCLR", 25, WRITE_ONLY, "Clear pending SysTick");
    public static final Field ICSR_PENDSTSET = Field.bit("PENDSTSET", 26, READ_WRITE, "Set pending SysTick");
    public static final Field ICSR_PENDSVCLR = Field.bit("PENDSVCLR", 27, WRITE_ONLY, "Clear pending PendSV");
    public static final Field ICSR_PENDSVSET = Field.bit("PENDSVSET", 28, READ_WRITE, "Set pending PendSV");
    public static final Field ICSR_NMIPENDSET = Field.bit("NMIPENDSET", 31, READ_WRITE, "Set pending NMI");
    public static final Register ICSR = reg("ICSR", 0xE000_ED04L, READ_WRITE, "Interrupt control and state",
            List.of(ICSR_VECTACTIVE, ICSR_RETTOBASE, ICSR_VECTPENDING, ICSR_ISRPENDING, ICSR_PENDSTCLR,
                    ICSR_PENDSTSET, ICSR_PENDSVCLR, ICSR_PENDSVSET, ICSR_NMIPENDSET));
    public static final Field VTOR_TBLOFF = new Field("TBLOFF", 7, 25, READ_WRITE, "Vector table address bits 31:7");
    public static final Register VTOR = reg("VTOR", 0xE000_ED08L, READ_WRITE, "Vector table offset", List.of(VTOR_TBLOFF));
    public static final Field AIRCR_PRIGROUP = new Field("PRIGROUP", 8, 3, READ_WRITE, "Group/subpriority split point");
    public static final Field AIRCR_ENDIANNESS = Field.bit("ENDIANNESS", 15, READ_ONLY, "0 = little endian");
    public static final Field SCR_SLEEPONEXIT = Field.bit("SLEEPONEXIT", 1, READ_WRITE, "Sleep on return to thread mode");
    public static final Field SCR_SLEEPDEEP = Field.bit("SLEEPDEEP", 2, READ_WRITE, "Deep sleep");
    public static final Field SCR_SEVONPEND = Field.bit("SEVONPEND", 4, READ_WRITE, "A newly pending interrupt is a WFE event");
    public static final Register SCR = reg("SCR", 0xE000_ED10L, READ_WRITE, "System control",
            List.of(SCR_SLEEPONEXIT, SCR_SLEEPDEEP, SCR_SEVONPEND));
    public static final Field CCR_NONBASETHRDENA = Field.bit("NONBASETHRDENA", 0, READ_WRITE, "Thread mode with active exceptions");
    public static final Field CCR_USERSETMPEND = Field.bit("USERSETMPEND", 1, READ_WRITE, "Unprivileged STIR access");
    public static final Field CCR_UNALIGN_TRP = Field.bit("UNALIGN_TRP", 3, READ_WRITE, "Trap unaligned word/halfword accesses");
    public static final Field CCR_DIV_0_TRP = Field.bit("DIV_0_TRP", 4, READ_WRITE, "Trap divide by zero");
    public static final Field CCR_BFHFNMIGN = Field.bit("BFHFNMIGN", 8, READ_WRITE, "Ignore data bus faults at priority -1/-2");
    public static final Field CCR_STKALIGN = Field.bit("STKALIGN", 9, READ_WRITE, "8-byte stack alignment on exception entry");
    public static final Field CCR_DC = Field.bit("DC", 16, READ_WRITE, "Data cache enable (Cortex-M7)");
    public static final Field CCR_IC = Field.bit("IC", 17, READ_WRITE, "Instruction cache enable (Cortex-M7)");
    public static final Field CCR_BP = Field.bit("BP", 18, READ_WRITE, "Branch prediction (Cortex-M7, RAO)");
    public static final Register CCR = reg("CCR", 0xE000_ED14L, READ_WRITE, "Configuration and control",
            List.of(CCR_NONBASETHRDENA, CCR_USERSETMPEND, CCR_UNALIGN_TRP, CCR_DIV_0_TRP, CCR_BFHFNMIGN, CCR_STKALIGN,
                    CCR_DC, CCR_IC, CCR_BP));
    /** SHPR1 (exceptions 4-7), SHPR2 (8-11), SHPR3 (12-15): one priority byte per system handler. */
    public static final Register SHPR1 = reg("SHPR1", 0xE000_ED18L, READ_WRITE, "System handler priority 1", List.of());
    public static final Register SHPR2 = reg("SHPR2", 0xE000_ED1CL, READ_WRITE, "System handler priority 2", List.of());
    public static final Register SHPR3 = reg("SHPR3", 0xE000_ED20L, READ_WRITE, "System handler priority 3", List.of());
    public static final Field SHCSR_MEMFAULTACT = Field.bit("MEMFAULTACT", 0, READ_WRITE, "MemManage active");
    public static final Field SHCSR_BUSFAULTACT = Field.bit("BUSFAULTACT", 1, READ_WRITE, "BusFault active");
    public static final Field SHCSR_USGFAULTACT = Field.bit("USGFAULTACT", 3, READ_WRITE, "UsageFault active");
    public static final Field SHCSR_SVCALLACT = Field.bit("SVCALLACT", 7, READ_WRITE, "SVCall active");
    public static final Field SHCSR_MONITORACT = Field.bit("MONITORACT", 8, READ_WRITE, "DebugMonitor active");
    public static final Field SHCSR_PENDSVACT = Field.bit("PENDSVACT", 10, READ_WRITE, "PendSV active");
    public static final Field SHCSR_SYSTICKACT = Field.bit("SYSTICKACT", 11, READ_WRITE, "SysTick active");
    public static final Field SHCSR_USGFAULTPENDED = Field.bit("USGFAULTPENDED", 12, READ_WRITE, "UsageFault pending");
    public static final Field SHCSR_MEMFAULTPENDED = Field.bit("MEMFAULTPENDED", 13, READ_WRITE, "MemManage pending");
    public static final Field SHCSR_BUSFAULTPENDED = Field.bit("BUSFAULTPENDED", 14, READ_WRITE, "BusFault pending");
    public static final Field SHCSR_SVCALLPENDED = Field.bit("SVCALLPENDED", 15, READ_WRITE, "SVCall pending");
    public static final Field SHCSR_MEMFAULTENA = Field.bit("MEMFAULTENA", 16, READ_WRITE, "MemManage enabled");
    public static final Field SHCSR_BUSFAULTENA = Field.bit("BUSFAULTENA", 17, READ_WRITE, "BusFault enabled");
    public static final Field SHCSR_USGFAULTENA = Field.bit("USGFAULTENA", 18, READ_WRITE, "UsageFault enabled");
    public static final Register SHCSR = reg("SHCSR", 0xE000_ED24L, READ_WRITE, "System handler control and state",
            List.of(SHCSR_MEMFAULTACT, SHCSR_BUSFAULTACT, SHCSR_USGFAULTACT, SHCSR_SVCALLACT, SHCSR_MONITORACT,
                    SHCSR_PENDSVACT, SHCSR_SYSTICKACT, SHCSR_USGFAULTPENDED, SHCSR_MEMFAULTPENDED,
                    SHCSR_BUSFAULTPENDED, SHCSR_SVCALLPENDED, SHCSR_MEMFAULTENA, SHCSR_BUSFAULTENA, SHCSR_USGFAULTENA));
    public static final Field CPACR_CP10 = new Field("CP10", 20, 2, READ_WRITE, "FPU access: 0 denied, 1 privileged, 3 full");
    public static final Field CPACR_CP11 = new Field("CP11", 22, 2, READ_WRITE, "Must equal CP10");
    public static final Register CPACR = reg("CPACR", 0xE000_ED88L, READ_WRITE, "Coprocessor access control",
            List.of(CPACR_CP10, CPACR_CP11));
    public static final Field FPCCR_LSPACT = Field.bit("LSPACT", 0, READ_WRITE, "Lazy FP state preservation active");
    public static final Field FPCCR_LSPEN = Field.bit("LSPEN", 30, READ_WRITE, "Lazy state preservation enabled");
    public static final Field FPCCR_ASPEN = Field.bit("ASPEN", 31, READ_WRITE, "FP instructions set CONTROL.FPCA");
    public static final Register FPCCR = reg("FPCCR", 0xE000_EF34L, READ_WRITE, "FP context control",
            List.of(FPCCR_LSPACT, FPCCR_LSPEN, FPCCR_ASPEN));
    public static final Register FPCAR = reg("FPCAR", 0xE000_EF38L, READ_WRITE, "FP context address", List.of());
    public static final Register FPDSCR = reg("FPDSCR", 0xE000_EF3CL, READ_WRITE, "FP default status control", List.of());
    public static final Field ICTR_INTLINESNUM = new Field("INTLINESNUM", 0, 4, READ_ONLY, "Interrupt lines / 32, minus 1");
    public static final Register ICTR = reg("ICTR", 0xE000_E004L, READ_ONLY, "Interrupt controller type",
            List.of(ICTR_INTLINESNUM));
    public static final Register ACTLR = reg("ACTLR", 0xE000_E008L, READ_WRITE, "Auxiliary control", List.of());
    public static final Register STIR = reg("STIR", 0xE000_EF00L, WRITE_ONLY, "Software triggered interrupt", List.of());
    public static final Field MPU_TYPE_DREGION = new Field("DREGION", 8, 8, READ_ONLY, "Number of MPU regions");
    public static final Register MPU_TYPE = reg("MPU_TYPE", 0xE000_ED90L, READ_ONLY, "MPU type", List.of(MPU_TYPE_DREGION));
    public static final Register MPU_CTRL = reg("MPU_CTRL", 0xE000_ED94L, READ_WRITE, "MPU control", List.of());
    public static final Register MPU_RNR = reg("MPU_RNR", 0xE000_ED98L, READ_WRITE, "MPU region number", List.of());
    public static final Register MPU_RBAR = reg("MPU_RBAR", 0xE000_ED9CL, READ_WRITE, "MPU region base address", List.of());
    public static final Register MPU_RASR = reg("MPU_RASR", 0xE000_EDA0L, READ_WRITE, "MPU region attribute and size", List.of());
    /** MPU_RBAR_A1..A3 / MPU_RASR_A1..A3 alias RBAR/RASR at 0xE000_EDA4..0xE000_EDB8 (ARMv7-M ARM B3.5.2). */
    public static final long MPU_ALIASES_END = 0xE000_EDBCL;

    // ---- SysTick (ARMv7-M ARM B3.3) ----
    public static final Field SYST_CSR_ENABLE = Field.bit("ENABLE", 0, READ_WRITE, "Counter enabled");
    public static final Field SYST_CSR_TICKINT = Field.bit("TICKINT", 1, READ_WRITE, "Count to 0 pends SysTick");
    public static final Field SYST_CSR_CLKSOURCE = Field.bit("CLKSOURCE", 2, READ_WRITE, "1 = processor clock");
    public static final Field SYST_CSR_COUNTFLAG = Field.bit("COUNTFLAG", 16, READ_ONLY, "Counted to 0 since last read");
    public static final Register SYST_CSR = reg("SYST_CSR", 0xE000_E010L, READ_WRITE, "SysTick control and status",
            List.of(SYST_CSR_ENABLE, SYST_CSR_TICKINT, SYST_CSR_CLKSOURCE, SYST_CSR_COUNTFLAG));
    public static final Field SYST_RVR_RELOAD = new Field("RELOAD", 0, 24, READ_WRITE, "Reload value");
    public static final Register SYST_RVR = reg("SYST_RVR", 0xE000_E014L, READ_WRITE, "SysTick reload value",
            List.of(SYST_RVR_RELOAD));
    public static final Register SYST_CVR = reg("SYST_CVR", 0xE000_E018L, READ_WRITE, "SysTick current value (write clears)",
            List.of());
    public static final Field SYST_CALIB_TENMS = new Field("TENMS", 0, 24, READ_ONLY, "Reload for 10 ms, 0 = unknown");
    public static final Field SYST_CALIB_SKEW = Field.bit("SKEW", 30, READ_ONLY, "TENMS is not exact");
    public static final Field SYST_CALIB_NOREF = Field.bit("NOREF", 31, READ_ONLY, "No reference clock");
    public static final Register SYST_CALIB = reg("SYST_CALIB", 0xE000_E01CL, READ_ONLY, "SysTick calibration",
            List.of(SYST_CALIB_TENMS, SYST_CALIB_SKEW, SYST_CALIB_NOREF));

    // ---- NVIC (ARMv7-M ARM B3.4): word n of each array covers interrupts 32n..32n+31; IPR one byte each ----
    public static final Register NVIC_ISER0 = reg("NVIC_ISER0", 0xE000_E100L, READ_WRITE, "Interrupt set-enable", List.of());
    public static final Register NVIC_ICER0 = reg("NVIC_ICER0", 0xE000_E180L, READ_WRITE, "Interrupt clear-enable", List.of());
    public static final Register NVIC_ISPR0 = reg("NVIC_ISPR0", 0xE000_E200L, READ_WRITE, "Interrupt set-pending", List.of());
    public static final Register NVIC_ICPR0 = reg("NVIC_ICPR0", 0xE000_E280L, READ_WRITE, "Interrupt clear-pending", List.of());
    public static final Register NVIC_IABR0 = reg("NVIC_IABR0", 0xE000_E300L, READ_ONLY, "Interrupt active bit", List.of());
    public static final Register NVIC_IPR0 = reg("NVIC_IPR0", 0xE000_E400L, READ_WRITE, "Interrupt priority", List.of());

    // ---- FPB and DWT beyond the comparators (ARMv7-M ARM C1.11, C1.8) ----
    public static final Field FP_CTRL_NUM_LIT = new Field("NUM_LIT", 8, 4, READ_ONLY, "Literal comparators");
    public static final long FP_REMAP_ADDRESS = 0xE000_2004L;
    public static final Field DWT_CTRL_CYCCNTENA = Field.bit("CYCCNTENA", 0, READ_WRITE, "Cycle counter enabled");
    public static final long DWT_CYCCNT_ADDRESS = 0xE000_1004L;
    public static final Field DWT_MASK_MASK = new Field("MASK", 0, 5, READ_WRITE, "Address bits the comparison ignores");
    /** DWT_FUNCTION.FUNCTION of an instruction-address (PC) match that halts the core. */
    public static final int DWT_FUNCTION_WATCH_PC = 0b0100;

    // ---- exception return (ARMv7-M ARM B1.5.8) ----
    /** EXC_RETURN: return to handler mode on the main stack, basic frame. */
    public static final int EXC_RETURN_HANDLER = 0xFFFF_FFF1;
    /** EXC_RETURN: return to thread mode on the main stack. */
    public static final int EXC_RETURN_THREAD_MSP = 0xFFFF_FFF9;
    /** EXC_RETURN: return to thread mode on the process stack. */
    public static final int EXC_RETURN_THREAD_PSP = 0xFFFF_FFFD;
    /** EXC_RETURN bit 4 (FType): 0 = the frame holds the FP context (extended frame). */
    public static final int EXC_RETURN_FTYPE = 1 << 4;
    /** The PC of a locked-up core (ARMv7-M ARM B1.5.15). */
    public static final int LOCKUP_ADDRESS = 0xEFFF_FFFE;

    // ---- other debug components (OpenOCD src/target/cortex_m.h) ----
    public static final long DSCSR_ADDRESS = 0xE000_EE08L;
    public static final long DWT_CTRL_ADDRESS = 0xE000_1000L;
    public static final long FP_CTRL_ADDRESS = 0xE000_2000L;

    // ---- FPB: breakpoint unit (ARMv7-M ARM C1.11; ARMv6-M ARM C1.8.2) ----
    public static final Field FP_CTRL_ENABLE = Field.bit("ENABLE", 0, READ_WRITE, "FPB enable");
    public static final Field FP_CTRL_KEY = Field.bit("KEY", 1, WRITE_ONLY, "Write 1 or the write is ignored");
    public static final Field FP_CTRL_NUM_CODE_LO = new Field("NUM_CODE1", 4, 4, READ_ONLY, "Code comparators [3:0]");
    public static final Field FP_CTRL_NUM_CODE_HI = new Field("NUM_CODE2", 12, 3, READ_ONLY, "Code comparators [6:4]");
    /** 0: FPB version 1 (Cortex-M3/M4/M0+, code region only, REPLACE selects the halfword); 1: version 2 (Cortex-M7). */
    public static final Field FP_CTRL_REV = new Field("REV", 28, 4, READ_ONLY, "FPB architecture revision");
    /** FP_COMPn at FP_COMP0_ADDRESS + 4n. */
    public static final long FP_COMP0_ADDRESS = 0xE000_2008L;
    public static final Field FP_COMP_ENABLE = Field.bit("ENABLE", 0, READ_WRITE, "Comparator enable (v2: BE)");
    /** FPB v1: which halfword of the word at COMP[28:2] matches (01 lower, 10 upper, 11 both). */
    public static final Field FP_COMP_REPLACE = new Field("REPLACE", 30, 2, READ_WRITE, "FPB v1 breakpoint halfword");

    /** Code comparators FP_CTRL reports (NUM_CODE2:NUM_CODE1). */
    public static int fpbCodeComparators(int fpCtrl) {
        return FP_CTRL_NUM_CODE_HI.extract(fpCtrl) << 4 | FP_CTRL_NUM_CODE_LO.extract(fpCtrl);
    }

    // ---- DWT comparators (ARMv7-M ARM C1.8.17; ARMv6-M ARM C1.8.1) ----
    public static final Field DWT_CTRL_NUMCOMP = new Field("NUMCOMP", 28, 4, READ_ONLY, "Number of comparators");
    /** DWT_COMPn at DWT_COMP0_ADDRESS + DWT_COMPARATOR_STRIDE * n; DWT_MASKn 4 and DWT_FUNCTIONn 8 bytes after. */
    public static final long DWT_COMP0_ADDRESS = 0xE000_1020L;
    public static final int DWT_COMPARATOR_STRIDE = 16;
    public static final int DWT_MASK_OFFSET = 4, DWT_FUNCTION_OFFSET = 8;
    public static final Field DWT_FUNCTION_FUNCTION = new Field("FUNCTION", 0, 4, READ_WRITE, "Comparator function");
    /** DWT_FUNCTION.FUNCTION values of a data-address watchpoint that halts the core. */
    public static final int DWT_FUNCTION_WATCH_READ = 0b0101, DWT_FUNCTION_WATCH_WRITE = 0b0110,
            DWT_FUNCTION_WATCH_ACCESS = 0b0111;
    public static final Field DWT_FUNCTION_MATCHED = Field.bit("MATCHED", 24, READ_ONLY, "Matched since last read (clears on read)");

    // ---- FP extension identification (ARMv7-M ARM B4.1.2 / B3.2.x MVFR0) ----
    public static final long MVFR0_ADDRESS = 0xE000_EF40L;
    public static final Field MVFR0_SINGLE_PRECISION = new Field("SP", 4, 4, READ_ONLY, "Single-precision support");
    public static final Field MVFR0_DOUBLE_PRECISION = new Field("DP", 8, 4, READ_ONLY, "Double-precision support");

    /** All registers above, for lookups by address (simulator). */
    public static final List<Register> REGISTERS = List.of(CPUID, AIRCR, CFSR, HFSR, DFSR, DHCSR, DCRSR, DCRDR, DEMCR);

    private static Register reg(String name, long address, Access access, String description, List<Field> fields) {
        return new Register(name, address, address & 0xFFF, 0, access, fields, description, "");
    }
}
