package dev.flashbank.core.image;

import java.util.List;
import java.util.OptionalLong;

/**
 * Raw binary: the file's bytes, all of them, from a base address the user gives (a BIN has no addresses of its own
 * and no entry point). Every byte is image data - 0xFF runs included - because a BIN cannot say which bytes are gaps.
 */
public final class BinReader {

    /**
     * Alignment a BIN's base address must have: one 32-bit word, the x32 flash program unit (FLASH_CR.PSIZE = 10) that
     * a 2.7-3.6 V supply uses and the unit Flashbank's driver writes. A base inside a word would make the image share
     * its first program unit with bytes it does not own; and a linker never starts a flash image (vector table,
     * output section) at an odd or half-word address, so such a base is a typo (0x0810000 for 0x08100000 ...).
     */
    public static final int BASE_ALIGNMENT = 4;

    private BinReader() {
    }

    /** Why {@code base} cannot be a BIN's base address (not word aligned), or empty. Checked before anything is read. */
    public static java.util.Optional<String> baseProblem(long base) {
        return base % BASE_ALIGNMENT == 0 ? java.util.Optional.empty()
                : java.util.Optional.of(String.format("base address 0x%08X is not aligned to %d bytes: a BIN is loaded "
                        + "from a 32-bit word boundary (the flash program unit), e.g. 0x%08X", base, BASE_ALIGNMENT,
                        base & ~(long) (BASE_ALIGNMENT - 1)));
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
