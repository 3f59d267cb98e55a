package dev.flashbank.sim.jtag;

/**
 * The sixteen states of the IEEE 1149.1 TAP controller and its TMS-driven transitions (sampled on the rising edge of
 * TCK). Every TAP of a chain shares TCK/TMS, so one controller state serves the whole chain.
 */
public enum TapState {
    TEST_LOGIC_RESET, RUN_TEST_IDLE,
    SELECT_DR_SCAN, CAPTURE_DR, SHIFT_DR, EXIT1_DR, PAUSE_DR, EXIT2_DR, UPDATE_DR,
    SELECT_IR_SCAN, CAPTURE_IR, SHIFT_IR, EXIT1_IR, PAUSE_IR, EXIT2_IR, UPDATE_IR;

    /** The state after one rising TCK edge with {@code tms}. */
    public TapState next(boolean tms) {
        return switch (this) {
            case TEST_LOGIC_RESET -> tms ? TEST_LOGIC_RESET : RUN_TEST_IDLE;
            case RUN_TEST_IDLE, UPDATE_DR, UPDATE_IR -> tms ? SELECT_DR_SCAN : RUN_TEST_IDLE;
            case SELECT_DR_SCAN -> tms ? SELECT_IR_SCAN : CAPTURE_DR;
            case CAPTURE_DR -> tms ? EXIT1_DR : SHIFT_DR;
            case EXIT2_DR -> tms ? UPDATE_DR : SHIFT_DR;
            case SHIFT_DR -> tms ? EXIT1_DR : SHIFT_DR;
            case EXIT1_DR -> tms ? UPDATE_DR : PAUSE_DR;
            case PAUSE_DR -> tms ? EXIT2_DR : PAUSE_DR;
            case SELECT_IR_SCAN -> tms ? TEST_LOGIC_RESET : CAPTURE_IR;
            case CAPTURE_IR -> tms ? EXIT1_IR : SHIFT_IR;
            case EXIT2_IR -> tms ? UPDATE_IR : SHIFT_IR;
            case SHIFT_IR -> tms ? EXIT1_IR : SHIFT_IR;
            case EXIT1_IR -> tms ? UPDATE_IR : PAUSE_IR;
            case PAUSE_IR -> tms ? EXIT2_IR : PAUSE_IR;
        };
    }
}
