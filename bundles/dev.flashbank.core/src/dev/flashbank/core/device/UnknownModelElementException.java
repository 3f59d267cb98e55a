package dev.flashbank.core.device;

/**
 * A register, field, sector or bank looked up by name or number does not exist in the device model. This is a
 * programming error in the caller (wrong family, wrong name), so it is unchecked, but typed.
 */
public class UnknownModelElementException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnknownModelElementException(String message) {
        super(message);
    }
}
