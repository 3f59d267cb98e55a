package dev.flashbank.core.ops;

import java.time.Instant;
import java.util.Objects;

import dev.flashbank.core.family.OptionImage;

/**
 * A saved set of option bytes for one part: what a backup holds before every write, and what "Restore" or a profile
 * applies. The raw option register words (F7: FLASH_OPTCR/OPTCR1/OPTCR2) are authoritative; the decoded text in the
 * file is for people.
 *
 * @param partName the part as shown to the user (the simulated board's order code, or the model's name for a real
 *        probe's part)
 * @param flashSizeKiB flash size the decoded texts (sector names, boot addresses) refer to
 * @param options the option bytes
 * @param created when the profile was written
 * @param note free text ("backup before writing BOR_LEV, BOOT_ADD1"), one line
 */
public record OptionProfile(String partName, int flashSizeKiB, OptionImage options, Instant created, String note) {

    public OptionProfile {
        Objects.requireNonNull(partName, "partName");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(created, "created");
        note = note == null ? "" : note.replaceAll("[\\r\\n]+", " ").strip();
        if (partName.isBlank() || partName.chars().anyMatch(c -> c == '\n' || c == '\r')) {
            throw new IllegalArgumentException("part name must be one non-blank line");
        }
        if (flashSizeKiB <= 0) {
            throw new IllegalArgumentException("flash size must be positive");
        }
    }

    /** The line the options belong to ({@link OptionImage#lineId()}). */
    public String lineId() {
        return options.lineId();
    }
}
