package dev.flashbank.core.ops;

import java.util.Objects;

import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.TargetException;

/**
 * What every operation needs: the target identity (scheduling), the transport (doctor, core control, reset) and the
 * flash driver of the identified part, from its family ({@link Families}). The model parameters in effect
 * (UNCONFIRMED facts) are the driver's descriptor's: build the driver from a descriptor with other parameters to
 * change them. {@code optionWriteGuard} runs right before every option write an
 * operation makes (journal + notice, {@link OptionWriteGuard}).
 */
public record OperationContext(OperationTarget target, DebugTarget debugTarget, FlashDriver driver,
        OptionWriteGuard optionWriteGuard) {

    public OperationContext {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(debugTarget, "debugTarget");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(optionWriteGuard, "optionWriteGuard");
    }

    /** A context without a guard ({@link OptionWriteGuard#NONE}). */
    public OperationContext(OperationTarget target, DebugTarget debugTarget, FlashDriver driver) {
        this(target, debugTarget, driver, OptionWriteGuard.NONE);
    }

    /** This context with {@code guard} around its option writes. */
    public OperationContext withOptionWriteGuard(OptionWriteGuard guard) {
        return new OperationContext(target, debugTarget, driver, guard);
    }

    /**
     * Identifies the part behind {@code debugTarget} among {@code families}' lines and creates its flash driver with
     * its family's provider.
     */
    public static OperationContext open(Families families, OperationTarget target, DebugTarget debugTarget,
            PollClock clock, FlashDriverSettings settings) throws TargetException {
        TargetIdentity id = new TargetSession(debugTarget, families).identify();
        return new OperationContext(target, debugTarget, families.openDriver(debugTarget, id.device(), clock, settings));
    }

    public FlashGeometry geometry() {
        return driver.geometry();
    }
}
