package dev.flashbank.sim.cpu;

/**
 * The Thumb instruction set of ARMv6-M and ARMv7E-M (ARMv7-M ARM A5, A7; ARMv6-M ARM A5, A6): decodes the
 * instruction at PC, executes it and returns its cycle count.
 */
final class ThumbExecutor {

    private final CortexMCore core;

    ThumbExecutor(CortexMCore core) {
        this.core = core;
    }

    /** Executes the instruction at {@code r[15]}; returns its cycles. */
    int execute() {
        throw new CpuFault(CpuFault.Kind.UNDEFINSTR);
    }
}
