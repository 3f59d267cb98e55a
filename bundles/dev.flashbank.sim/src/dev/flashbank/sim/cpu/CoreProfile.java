package dev.flashbank.sim.cpu;

import dev.flashbank.core.device.cortexm.CortexM;

/**
 * What a Cortex-M core implements: architecture, instruction set options, FPU and debug resources. The values are
 * the processors' technical reference manuals' (Cortex-M7 TRM, Cortex-M4 TRM, Cortex-M0+ TRM): they are facts of the
 * processor, not of the STM32 part, except the FPU variant of a Cortex-M7, which the part chooses.
 */
public enum CoreProfile {
    /** Cortex-M0+: ARMv6-M, Thumb with the few 32-bit instructions v6-M has, no FPU, 4 BP / 2 WP. */
    CORTEX_M0_PLUS(CortexM.PARTNO_CORTEX_M0_PLUS, false, false, Fpu.NONE, 4, 2),
    /** Cortex-M4 with FPv4-SP: ARMv7E-M, DSP extension, FPB 6 code + 2 literal, 4 DWT comparators. */
    CORTEX_M4F(CortexM.PARTNO_CORTEX_M4, true, true, Fpu.FPV4_SP, 6, 4),
    /** Cortex-M7 with single-precision FPv5 (a part's choice): 8 FPB comparators, 4 DWT comparators. */
    CORTEX_M7_SP(CortexM.PARTNO_CORTEX_M7, true, true, Fpu.FPV5_SP, 8, 4),
    /** Cortex-M7 with double-precision FPv5 (a part's choice; each family's line data says which). */
    CORTEX_M7_DP(CortexM.PARTNO_CORTEX_M7, true, true, Fpu.FPV5_DP, 8, 4);

    /** The floating-point extension (ARMv7-M ARM A2.5). */
    public enum Fpu {
        NONE, FPV4_SP, FPV5_SP, FPV5_DP;

        public boolean present() {
            return this != NONE;
        }

        /** FPv5 adds VSEL, VMAXNM/VMINNM, VRINT*, VCVTA/N/P/M (ARMv7-M ARM A7.7, "FPv5"). */
        public boolean fpv5() {
            return this == FPV5_SP || this == FPV5_DP;
        }

        public boolean doublePrecision() {
            return this == FPV5_DP;
        }
    }

    private final int partno;
    private final boolean armv7m;
    private final boolean dsp;
    private final Fpu fpu;
    private final int breakpointComparators;
    private final int watchpointComparators;

    CoreProfile(int partno, boolean armv7m, boolean dsp, Fpu fpu, int breakpointComparators,
            int watchpointComparators) {
        this.partno = partno;
        this.armv7m = armv7m;
        this.dsp = dsp;
        this.fpu = fpu;
        this.breakpointComparators = breakpointComparators;
        this.watchpointComparators = watchpointComparators;
    }

    /** CPUID.PARTNO. */
    public int partno() {
        return partno;
    }

    /** ARMv7-M (Thumb-2, the full 32-bit instruction set); false: ARMv6-M. */
    public boolean armv7m() {
        return armv7m;
    }

    /** The DSP extension (ARMv7E-M: SIMD add/sub, saturating, packing, the long multiplies with accumulate). */
    public boolean dsp() {
        return dsp;
    }

    public Fpu fpu() {
        return fpu;
    }

    /** FPB instruction-address comparators (FP_CTRL.NUM_CODE). */
    public int breakpointComparators() {
        return breakpointComparators;
    }

    /** DWT comparators (DWT_CTRL.NUMCOMP). */
    public int watchpointComparators() {
        return watchpointComparators;
    }
}
