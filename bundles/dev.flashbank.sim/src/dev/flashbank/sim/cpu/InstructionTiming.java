package dev.flashbank.sim.cpu;

/**
 * The cycle model of the instruction set, per instruction class: the Cortex-M4 TRM's table 3.1 "Cortex-M4 instruction
 * set summary" figures, used for every profile (the M7's dual issue and the M0+'s two-stage pipeline differ in detail,
 * not in what firmware's busy-waits and timeouts observe). Memory wait states are not here: the board charges flash
 * wait states on instruction fetch ({@link CpuBus#fetch16}).
 * <p>
 * One place for all counts so a finer model changes only this class.
 */
final class InstructionTiming {

    private InstructionTiming() {
    }

    /** Data processing, moves, shifts, compares, extends, bit field, saturate, MUL, the 32x32 DSP multiplies. */
    static final int ALU = 1;
    /** P: the pipeline refill after a taken branch or a write to the PC (TRM: 1 to 3 cycles; the usual 2 here). */
    static final int PIPELINE_REFILL = 2;
    /** A taken branch: B, BL, BX, BLX, CBZ/CBNZ taken, MOV/ADD PC. */
    static final int BRANCH = 1 + PIPELINE_REFILL;
    /** A conditional branch not taken, or an instruction skipped by its IT condition. */
    static final int NOT_EXECUTED = 1;
    /** LDR/LDRH/LDRB/LDRSx and STR/STRx (TRM: 2, or 1 when pipelined with a neighbour; the non-pipelined figure). */
    static final int LOAD = 2;
    static final int STORE = 2;
    /** LDRD/STRD: 1 + N with N = 2. */
    static final int LOAD_STORE_DUAL = 3;
    /** LDREX/STREX and their byte/halfword forms. */
    static final int EXCLUSIVE = 2;
    /** MLA, MLS (the 32-bit accumulate of the M4's single-cycle MAC takes a second cycle). */
    static final int MULTIPLY_ACCUMULATE = 2;
    /** SMULL/UMULL/SMLAL/UMLAL/UMAAL and the DSP long multiplies (M4: 1 cycle). */
    static final int MULTIPLY_LONG = 1;
    /**
     * SDIV/UDIV: 2 to 12 cycles on silicon depending on the operands' magnitudes (early termination); one fixed
     * value in the middle of that range here.
     */
    static final int DIVIDE = 7;
    /** MRS, MSR (TRM: 2 when the write changes execution priority; always 2 here). */
    static final int SPECIAL_REGISTER = 2;
    /** ISB (a pipeline flush), DSB/DMB. */
    static final int BARRIER = 1 + PIPELINE_REFILL;
    /** TBB/TBH: a load then a taken branch. */
    static final int TABLE_BRANCH = 2 + PIPELINE_REFILL;

    /** LDM/STM/PUSH/POP of {@code registers} registers: 1 + N (+P when the PC is loaded). */
    static int multiple(int registers) {
        return 1 + registers;
    }
}
