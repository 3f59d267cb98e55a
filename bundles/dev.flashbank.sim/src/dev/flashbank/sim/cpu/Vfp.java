package dev.flashbank.sim.cpu;

/**
 * The floating-point extension (ARMv7-M ARM A2.5, A6 "Floating-point instructions"; FPv4-SP, FPv5-SP, FPv5-DP):
 * the coprocessor 10/11 instructions the Thumb decoder hands over.
 */
final class Vfp {

    private final CortexMCore core;

    Vfp(CortexMCore core) {
        this.core = core;
    }

    /**
     * Executes the 32-bit coprocessor-space instruction {@code hw1:hw2} (coproc 10 or 11); returns its cycles.
     * Throws {@link CpuFault} NOCP when the FPU is absent or disabled in CPACR, UNDEFINSTR for encodings the
     * profile's FPU lacks.
     */
    int execute(int hw1, int hw2) {
        throw new CpuFault(CpuFault.Kind.NOCP);
    }
}
