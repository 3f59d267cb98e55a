package dev.flashbank.core.image;

import java.util.List;
import java.util.OptionalLong;

/**
 * Raw binary: the file's bytes, all of them, from a base address the user gives (a BIN has no addresses of its own
 * and no entry point). Every byte is image data - 0xFF runs included - because a BIN cannot say which bytes are gaps.
 */
public final class BinReader {

    private BinReader() {
    }

    public static FirmwareImage read(String file, byte[] content, long baseAddress) throws ImageFormatException {
        if (baseAddress < 0 || baseAddress > 0xFFFF_FFFFL) {
            throw new ImageFormatException(file, ImageLocation.wholeFile(),
                    String.format("base address 0x%X is beyond the 32-bit address space", baseAddress));
        }
        SegmentCollector data = new SegmentCollector(file);
        if (baseAddress + content.length > 0x1_0000_0000L) {
            long firstOutside = 0x1_0000_0000L - baseAddress;
            throw new ImageFormatException(file, ImageLocation.offset(firstOutside), String.format(
                    "%d bytes from base 0x%08X go beyond the 32-bit address space", content.length, baseAddress));
        }
        data.add(baseAddress, content.clone(), "byte offset 0 of the binary", ImageLocation.offset(0));
        List<Segment> segments = data.build(ImageLocation.offset(0), "the file has no bytes");
        return FirmwareImage.of(file, ImageFormat.BIN, segments, OptionalLong.empty());
    }
}
