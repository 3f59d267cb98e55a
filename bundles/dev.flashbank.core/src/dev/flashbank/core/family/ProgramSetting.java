package dev.flashbank.core.family;

import java.util.Objects;
import java.util.Optional;

/**
 * How a part's programming is configured now ({@link FlashDriver#programSetting()}), as {@code info} reports it.
 *
 * @param text one sentence for people (F7: "supply 3.30 V: programming/erase parallelism x32 (PSIZE = 10)")
 * @param parallelism the program/erase parallelism as the reference manual names it ("x8" .. "x64"); empty where the
 *            part has no such setting
 * @param source why that setting: "measured", "explicit", "safe-default" or "default"
 */
public record ProgramSetting(String text, Optional<String> parallelism, String source) {

    public ProgramSetting {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(parallelism, "parallelism");
        Objects.requireNonNull(source, "source");
    }
}
