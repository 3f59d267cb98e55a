package dev.flashbank.core.device;

import java.util.List;
import java.util.Map;

/**
 * What a family's product line (a constant of the family's enum of its lines) tells every descriptor of it alike: its
 * DEV_ID, name, reference manual, part names, flash sizes and the REV_IDs the model knows. The values are the
 * family's; {@link LineDescriptor} reads them.
 */
public interface ProductLine {

    /** DBGMCU_IDCODE.DEV_ID. */
    int devId();

    String displayName();

    String referenceManual();

    List<String> partNames();

    /** Flash sizes the line is sold with (KiB). */
    List<Integer> flashSizesKiB();

    default int maxFlashSizeKiB() {
        return flashSizesKiB().stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /** REV_ID names the model knows for this line. */
    Map<Integer, String> revisions();
}
