package dev.flashbank.core.doctor;

import java.util.List;

import dev.flashbank.core.family.ProtectionModel.EraseBlocker;
import dev.flashbank.core.family.ProtectionModel.Scope;

/** Whether an erase of {@code scope} would succeed now, and if not every reason with its fix. */
public record EraseCheck(Scope scope, List<EraseBlocker> blockers) {

    public EraseCheck {
        blockers = List.copyOf(blockers);
    }

    public boolean wouldSucceed() {
        return blockers.isEmpty();
    }
}
