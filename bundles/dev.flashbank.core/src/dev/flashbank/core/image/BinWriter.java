package dev.flashbank.core.image;

import dev.flashbank.core.device.AddressRange;

/**
 * Writes a raw binary: the bytes from the image's lowest to its highest address, gaps filled (default
 * {@link FirmwareImage#ERASED}, like {@code objcopy -O binary --gap-fill 0xFF}). The base address is not stored in
 * the file: {@link #range(FirmwareImage)} tells the caller which one to report.
 */
public final class BinWriter {

    private BinWriter() {
    }

    /** The address range a BIN of {@code image} covers; the first byte of the file is at its start. */
    public static AddressRange range(FirmwareImage image) {
        return image.span().orElseThrow(() -> new IllegalArgumentException("empty image: " + image.source()));
    }

    public static byte[] write(FirmwareImage image) {
        return write(image, range(image), FirmwareImage.ERASED);
    }

    /** The bytes of {@code range} (which may be wider or narrower than the image), gaps filled with {@code fill}. */
    public static byte[] write(FirmwareImage image, AddressRange range, byte fill) {
        return image.bytes(range, fill);
    }
}
