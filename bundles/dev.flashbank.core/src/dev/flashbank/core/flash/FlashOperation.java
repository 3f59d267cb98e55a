package dev.flashbank.core.flash;

/** The flash operations the driver performs; named in every error so users know what was being attempted. */
public enum FlashOperation {
    UNLOCK("unlocking FLASH_CR (KEYR sequence)"),
    OPTION_UNLOCK("unlocking FLASH_OPTCR (OPTKEYR sequence)"),
    SECTOR_ERASE("sector erase"),
    BANK_ERASE("bank erase"),
    MASS_ERASE("mass erase"),
    PROGRAM("programming"),
    VERIFY("verify"),
    OPTION_WRITE("option-byte programming (OPTSTRT)"),
    WAIT_IDLE("waiting for a previous flash operation to finish");

    private final String text;

    FlashOperation(String text) {
        this.text = text;
    }

    /** Lower-case human name, e.g. "mass erase". */
    public String text() {
        return text;
    }
}
