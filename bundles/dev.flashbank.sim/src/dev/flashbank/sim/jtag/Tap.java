package dev.flashbank.sim.jtag;

/**
 * One TAP of the simulated scan chain: an instruction register of fixed length and the data register the current
 * instruction selects. The {@link JtagChain} owns the shift registers and calls these hooks at Capture/Update.
 */
interface Tap {

    int irLength();

    /** Value parallel-loaded into the IR shift register in Capture-IR (IEEE 1149.1: the two low bits are 01). */
    long irCapture();

    /** Test-Logic-Reset: the instruction becomes IDCODE. */
    void reset();

    /** Update-IR. */
    void updateIr(long instruction);

    /** Length of the data register the current instruction selects. */
    int drLength();

    /** Capture-DR: the value parallel-loaded into the DR shift register. */
    long captureDr();

    /** Update-DR with the shifted-in value. */
    void updateDr(long value);
}
