package dev.flashbank.core.flash;

import java.util.Optional;
import java.util.OptionalLong;

import dev.flashbank.core.device.Sector;
import dev.flashbank.core.target.TargetException;

/**
 * Base of every failure the flash driver reports: which {@link FlashOperation} failed, the {@link FailureCause} it
 * decided, the sector and address involved when known, and what to do about it. Subclasses carry the specifics
 * ({@link FlashStatusException} the FLASH_SR flags, {@link FlashBusyTimeoutException} the time budget, ...).
 */
public class FlashOperationException extends TargetException {
    private static final long serialVersionUID = 1L;

    private final FlashOperation operation;
    private final FailureCause cause;
    private final transient Sector sector;
    private final Long address;
    private final String fix;

    public FlashOperationException(FlashOperation operation, FailureCause cause, Sector sector, Long address,
            String message, String fix, Throwable underlying) {
        super(message, underlying);
        this.operation = operation;
        this.cause = cause;
        this.sector = sector;
        this.address = address;
        this.fix = fix == null ? "" : fix;
    }

    public FlashOperation operation() {
        return operation;
    }

    public FailureCause failureCause() {
        return cause;
    }

    /** The (physical) sector involved, when known. */
    public Optional<Sector> sector() {
        return Optional.ofNullable(sector);
    }

    /** The target address involved, when known. */
    public OptionalLong address() {
        return address == null ? OptionalLong.empty() : OptionalLong.of(address);
    }

    /** How to get past the failure ("" when there is nothing to suggest). */
    public String fix() {
        return fix;
    }
}
