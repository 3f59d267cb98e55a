package dev.flashbank.core.ops;

import java.util.List;
import java.util.OptionalInt;

import dev.flashbank.core.device.AddressRange;

/**
 * How {@link ProgramOperation} treats the flash around the image.
 *
 * @param verify read back every written sector and compare (a mismatch throws {@link VerificationFailedException})
 * @param preserveSectorContent when a sector must be erased, re-program the bytes of that sector that the image does
 *        not cover with what they held before (default); false leaves them erased (0xFF)
 * @param alsoErase further address ranges whose sectors are erased even though the image does not cover them ("erase
 *        the rest of the bank"); by default sectors outside the image are never touched
 * @param physicalBank when present, the image (which must lie inside one bank's address slot) goes into this PHYSICAL
 *        bank at the same offset, wherever SWP_FB maps that bank now; when empty it goes where its addresses point
 *        through the current mapping
 * @param allowRunningBank the expert override of the {@link RunningBankGuard}: write even when the guard would refuse
 *        (the result records what was overridden)
 * @param mayHalt a running core may be halted for the target-side checksums of the plan and of the verify step
 *        where the part's engine needs it (it runs again after each); false keeps it running and reads back instead
 */
public record ProgramOptions(boolean verify, boolean preserveSectorContent, List<AddressRange> alsoErase,
        OptionalInt physicalBank, boolean allowRunningBank, boolean mayHalt) {

    public ProgramOptions {
        alsoErase = List.copyOf(alsoErase);
    }

    public static ProgramOptions defaults() {
        return new ProgramOptions(true, true, List.of(), OptionalInt.empty(), false, true);
    }

    public ProgramOptions withVerify(boolean v) {
        return new ProgramOptions(v, preserveSectorContent, alsoErase, physicalBank, allowRunningBank, mayHalt);
    }

    public ProgramOptions withPreserveSectorContent(boolean v) {
        return new ProgramOptions(verify, v, alsoErase, physicalBank, allowRunningBank, mayHalt);
    }

    public ProgramOptions withAlsoErase(List<AddressRange> ranges) {
        return new ProgramOptions(verify, preserveSectorContent, ranges, physicalBank, allowRunningBank, mayHalt);
    }

    public ProgramOptions withPhysicalBank(OptionalInt bank) {
        return new ProgramOptions(verify, preserveSectorContent, alsoErase, bank, allowRunningBank, mayHalt);
    }

    public ProgramOptions withAllowRunningBank(boolean v) {
        return new ProgramOptions(verify, preserveSectorContent, alsoErase, physicalBank, v, mayHalt);
    }

    public ProgramOptions withMayHalt(boolean v) {
        return new ProgramOptions(verify, preserveSectorContent, alsoErase, physicalBank, allowRunningBank, v);
    }
}
