package dev.flashbank.core;

/** Product-wide constants: the single place that names the product and its version. */
public final class Flashbank {

    /** Product version; the bundles' Bundle-Version carries the same major.minor.micro (checked by a test). */
    public static final String VERSION = "0.1.0";

    public static final String NAME = "Flashbank";

    private Flashbank() {
    }
}
