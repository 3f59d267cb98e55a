package dev.flashbank.core.ops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Ordered maps of plain values for {@link OperationResult#data()}. */
final class Data {

    private Data() {
    }

    /** key, value, key, value, ... in order; null values allowed. */
    static Map<String, Object> of(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key/value pairs expected");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    static String hex(long address) {
        return String.format("0x%08X", address);
    }
}
