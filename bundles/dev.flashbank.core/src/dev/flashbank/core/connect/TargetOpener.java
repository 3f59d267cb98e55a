package dev.flashbank.core.connect;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Opens targets through the providers it was given - one per {@link TargetAddress.Kind}. The command line, launches
 * and the IDE each build one with the providers of the transports they ship (core knows none of them).
 */
public final class TargetOpener {

    private final Map<TargetAddress.Kind, TargetProvider> providers = new EnumMap<>(TargetAddress.Kind.class);

    public TargetOpener(List<? extends TargetProvider> providers) {
        for (TargetProvider p : providers) {
            if (this.providers.put(p.kind(), p) != null) {
                throw new IllegalArgumentException("two providers for " + p.kind() + " targets");
            }
        }
    }

    public OpenTarget open(TargetAddress address, ConnectOptions options) throws TargetOpenException {
        TargetProvider p = providers.get(address.kind());
        if (p == null) {
            throw new TargetOpenException(TargetOpenException.Reason.UNSUPPORTED,
                    "this Flashbank cannot open " + address.describe() + " (no " + address.kind() + " support)");
        }
        return p.open(address, options);
    }
}
