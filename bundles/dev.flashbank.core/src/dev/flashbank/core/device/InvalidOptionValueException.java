package dev.flashbank.core.device;

/**
 * A requested option value is refused by validation (e.g. a BOOT_ADDx address that is not 16 KiB aligned or not in
 * boot-capable memory). The message says what was wrong and what would be accepted.
 */
public class InvalidOptionValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String option;

    public InvalidOptionValueException(String option, String message) {
        super(option + ": " + message);
        this.option = option;
    }

    public String option() {
        return option;
    }
}
