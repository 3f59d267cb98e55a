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
    public static final Register CFSR = reg("CFSR", 0xE000_ED28L, READ_WRITE_1_TO_CLEAR, "Configurable fault status", List.of());
    public static final Register HFSR = reg("HFSR", 0xE000_ED2CL, READ_WRITE_1_TO_CLEAR, "HardFault status", List.of());
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
