package dev.flashbank.core.device;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link DeviceDescriptor} of one {@link ProductLine}: what every family's descriptor answers from its line alike
 * (name, reference manual, DEV_ID, part names, flash sizes, revision names). The family's descriptor says the rest.
 */
public abstract class LineDescriptor<L extends ProductLine> implements DeviceDescriptor {

    protected final L line;

    protected LineDescriptor(L line) {
        this.line = Objects.requireNonNull(line, "line");
    }

    @Override
    public String line() {
        return line.displayName();
    }

    @Override
    public String referenceManual() {
        return line.referenceManual();
    }

    @Override
    public int devId() {
        return line.devId();
    }

    @Override
    public List<String> partNames() {
        return line.partNames();
    }

    @Override
    public String revisionName(int revId) {
        return revisions().getOrDefault(revId, String.format("0x%04X", revId));
    }

    /** The revision IDs the model knows for this line. */
    public Map<Integer, String> revisions() {
        return line.revisions();
    }

    @Override
    public List<Integer> flashSizesKiB() {
        return line.flashSizesKiB();
    }

    @Override
    public String toString() {
        return line.displayName() + String.format(" (DEV_ID 0x%03X, %s)", line.devId(), line.referenceManual());
    }
}
