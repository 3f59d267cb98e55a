package dev.flashbank.sim.cpu;

/**
 * A synchronous fault the executing instruction raises (ARMv7-M ARM B1.5.14, B3.2.15): the instruction has no
 * architectural effect and the core takes the exception instead. Thrown by the instruction set implementation, caught
 * by {@link CortexMCore#step()}. Without a stack trace: it is control flow of the simulated core.
 */
public final class CpuFault extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The fault status bit that names the cause (CFSR UFSR / MMFSR / BFSR bits), and its exception. */
    public enum Kind {
        /** UFSR.UNDEFINSTR: an undefined instruction (or a 32-bit encoding on ARMv6-M that it lacks). */
        UNDEFINSTR,
        /** UFSR.INVSTATE: execution with EPSR.T = 0 (a BX to an even address, an ARM-state interworking branch). */
        INVSTATE,
        /** UFSR.INVPC: an illegal EXC_RETURN value or an integrity check failure on exception return. */
        INVPC,
        /** UFSR.NOCP: a coprocessor instruction with the coprocessor disabled in CPACR or absent. */
        NOCP,
        /** UFSR.UNALIGNED: an unaligned access where the architecture requires alignment (or CCR.UNALIGN_TRP). */
        UNALIGNED,
        /** UFSR.DIVBYZERO: SDIV/UDIV by zero with CCR.DIV_0_TRP set. */
        DIVBYZERO,
        /** MMFSR.IACCVIOL: an instruction fetch from an execute-never region (0xE000_0000 and above). */
        IACCVIOL
    }

    private final Kind kind;

    public CpuFault(Kind kind) {
        super(kind.name(), null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
