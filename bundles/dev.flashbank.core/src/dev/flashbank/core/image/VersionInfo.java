package dev.flashbank.core.image;

import java.util.Objects;

/**
 * A version string found in an image and where it was found, e.g. {@code "1.2.3"} from {@code section .fw_version}.
 * See {@link ElfReader} for the places looked at.
 */
public record VersionInfo(String text, String source) {
    public VersionInfo {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
    }
}
