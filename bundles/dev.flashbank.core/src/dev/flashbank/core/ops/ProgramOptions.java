package dev.flashbank.core.ops;

import java.util.List;

import dev.flashbank.core.device.AddressRange;

/**
 * How {@link ProgramOperation} treats the flash around the image.
 *
 * @param verify read back every written sector and compare (a mismatch throws {@link VerificationFailedException})
 * @param preserveSectorContent when a sector must be erased, re-program the bytes of that sector that the image does
 *        not cover with what they held before (default); false leaves them erased (0xFF)
 * @param alsoErase further address ranges whose sectors are erased even though the image does not cover them ("erase
 *        the rest of the bank"); by default sectors outside the image are never touched
 */
public record ProgramOptions(boolean verify, boolean preserveSectorContent, List<AddressRange> alsoErase) {

    public ProgramOptions {
        alsoErase = List.copyOf(alsoErase);
    }

    public static ProgramOptions defaults() {
        return new ProgramOptions(true, true, List.of());
    }

    public ProgramOptions withVerify(boolean v) {
        return new ProgramOptions(v, preserveSectorContent, alsoErase);
    }

    public ProgramOptions withPreserveSectorContent(boolean v) {
        return new ProgramOptions(verify, v, alsoErase);
    }

    public ProgramOptions withAlsoErase(List<AddressRange> ranges) {
        return new ProgramOptions(verify, preserveSectorContent, ranges);
    }
}
