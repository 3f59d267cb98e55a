package dev.flashbank.core.banks;

import java.util.Optional;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.image.FirmwareImage;

/**
 * A physical bank compared with a firmware image. The image is lined up by its link address - the slot it is linked
 * for with the banks not swapped, so an image linked for the second slot (0x0810_0000 on a 2 MiB F7) compares from the
 * bank's start - and bytes it does not cover are expected erased (0xFF).
 *
 * @param bank the physical bank compared
 * @param fileBase the file address that lines up with offset 0 of the bank
 */
public record FileComparison(int bank, long fileBase, BankComparison comparison) {

    /**
     * Compares {@code content} (all of physical bank {@code bank} of {@code geometry}) with {@code image}; a problem
     * when the image is not linked for the flash.
     */
    public static Result of(FlashGeometry geometry, int bank, byte[] content, FirmwareImage image) {
        Optional<AddressRange> span = image.span();
        Optional<BankOffset> at = span.flatMap(sp -> geometry.physicalBankAt(sp.start(), false));
        if (at.isEmpty()) {
            return new Result(Optional.empty(), image.source() + " is not linked for the flash ("
                    + span.map(AddressRange::toString).orElse("empty") + ").");
        }
        long size = geometry.bank(bank).size();
        long fileBase = span.get().start() - at.get().offset();
        byte[] expected = image.bytes(new AddressRange(fileBase, size), FirmwareImage.ERASED);
        BankComparison c = BankComparison.of("physical bank " + bank, content,
                image.source().substring(image.source().lastIndexOf('/') + 1), expected);
        return new Result(Optional.of(new FileComparison(bank, fileBase, c)), c.summary());
    }

    /** The comparison, or none and why; {@code message} is the line to show either way. */
    public record Result(Optional<FileComparison> comparison, String message) {
    }
}
