package dev.flashbank.sim;

/**
 * The flash-controller facts other tools' programming paths poke directly, for replaying those paths on a simulated
 * board of a family ({@link SimulatedFamily#legacyToolRegisters()}): OpenOCD's register-poke fallback without a work
 * area and st-flash's RAM loader set the control register, write the data and poll the status register themselves,
 * so a replay needs the family's addresses and bits (F2/F4/F7 controllers: FLASH_KEYR/CR/SR with PG, PSIZE, LOCK, BSY;
 * RM0410 §3.7). A value; every mask and encoding is already in its register position.
 *
 * @param keyr      address of the key register that unlocks the control register
 * @param key1      first unlock key
 * @param key2      second unlock key
 * @param cr        address of the control register
 * @param lockMask  the control register's LOCK bit
 * @param pgMask    the control register's programming-enable bit (PG)
 * @param psizeX16  the control register's parallelism field set to 16-bit writes
 * @param psizeX32  the control register's parallelism field set to 32-bit writes
 * @param sr        address of the status register
 * @param bsyMask   the status register's busy bit (BSY)
 */
public record LegacyFlashRegisters(long keyr, int key1, int key2, long cr, int lockMask, int pgMask, int psizeX16,
        int psizeX32, long sr, int bsyMask) {

    /** The control word that starts 16-bit programming (PG | PSIZE x16), as OpenOCD's fallback writes it. */
    public int programX16() {
        return pgMask | psizeX16;
    }

    /** The control word that starts 32-bit programming (PG | PSIZE x32), as st-flash's F7 loader path writes it. */
    public int programX32() {
        return pgMask | psizeX32;
    }
}
