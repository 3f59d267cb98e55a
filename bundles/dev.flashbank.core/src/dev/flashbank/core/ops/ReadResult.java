package dev.flashbank.core.ops;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;

/**
 * What was read.
 *
 * @param range the addresses read
 * @param image the data as an image (one segment at {@code range.start()})
 * @param file where it was written, when asked
 * @param format the file format
 */
public record ReadResult(AddressRange range, FirmwareImage image, Optional<Path> file, ImageFormat format)
        implements OperationResult {

    @Override
    public String summary() {
        return String.format("read %d bytes at %s%s", range.size(), range,
                file.map(f -> " into " + f + " (" + format.displayName() + ")").orElse(""));
    }

    @Override
    public Map<String, Object> data() {
        return Data.of("start", Data.hex(range.start()), "size", range.size(), "file",
                file.map(Path::toString).orElse(null), "format", format.name());
    }
}
