package dev.flashbank.core.device;

/**
 * One CPU/debug address window through which the flash is visible (F7: AXIM at 0x0800_0000 and ITCM at
 * 0x0020_0000; H7 and L4/G4/G0: one window at 0x0800_0000). Listed by the geometry ({@link FlashGeometry#windows()});
 * the first is the one images are linked for and the one the drivers program through. Same content, same offsets in
 * every window of a part.
 */
public interface FlashWindow {

    /** Name as the reference manual writes the bus, e.g. "AXIM". */
    String name();

    /** Address of window offset 0. */
    long base();

    /** A window named {@code name} at {@code base}. */
    static FlashWindow of(String name, long base) {
        return new Simple(name, base);
    }

    /** The plain data form of a window. */
    record Simple(String name, long base) implements FlashWindow {
        @Override
        public String toString() {
            return String.format("%s 0x%08X", name, base);
        }
    }
}
