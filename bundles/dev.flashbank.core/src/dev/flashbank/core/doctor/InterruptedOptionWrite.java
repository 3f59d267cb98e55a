package dev.flashbank.core.doctor;

import java.util.Optional;

import dev.flashbank.core.family.OptionImage;

/**
 * Whether option bytes show what an option write cut by a power loss leaves behind - a family fact
 * ({@link OptionImage#interruptedWriteSignature()}): on F7 the option sector is erased before it is programmed, so a
 * cut write leaves RDP level 1 with erased boot addresses; on H7 a cut OPTSTART leaves the options in force (the _CUR
 * registers take the new values only when the change completes), which the options alone cannot tell from a write
 * that never happened; on L4/G4/G0 a cut after FLASH_OPTR was programmed leaves RDP level 0 and later registers loaded
 * as mismatches, which shows against the options the write asked for. The doctor and {@code recover} ask here.
 */
public final class InterruptedOptionWrite {

    private InterruptedOptionWrite() {
    }

    /** True when {@code o} shows the signature of an interrupted option write. */
    public static boolean matches(OptionImage o) {
        return o.interruptedWriteSignature().isPresent();
    }

    /**
     * The signature {@code o} shows against the options the last option write asked for ({@code requested}, the
     * board journal's request): also a write cut after part of the options were programmed, which leaves RDP level 0
     * on some families ({@link OptionImage#interruptedWriteSignature(OptionImage)}).
     */
    public static Optional<String> signature(OptionImage o, OptionImage requested) {
        return o.interruptedWriteSignature(requested);
    }

    /** The signature {@code o} shows, in words (e.g. "RDP level 1, BOOT_ADD0 = BOOT_ADD1 = 0xFFFF"). */
    public static Optional<String> signature(OptionImage o) {
        return o.interruptedWriteSignature();
    }
}
