package dev.flashbank.core.device;

import java.util.Locale;
import java.util.Objects;

/**
 * What a part's reference manual calls the smallest unit its flash erases (a {@link Sector} of the device model):
 * "sector" on controllers with a few large sectors a bank, "page" on controllers with a hundred or more small pages a
 * bank. A fact of the family's geometry ({@link FlashGeometry#eraseUnit()}), so every tool - CLI, views, messages -
 * speaks the manual's word instead of guessing it from a count.
 *
 * @param singular "sector", "page"
 * @param plural "sectors", "pages" (also the CLI option that names units: {@code --sectors}, {@code --pages})
 */
public record EraseUnit(String singular, String plural) {

    /** The default: sectors. */
    public static final EraseUnit SECTOR = new EraseUnit("sector", "sectors");

    /** Pages. */
    public static final EraseUnit PAGE = new EraseUnit("page", "pages");

    public EraseUnit {
        Objects.requireNonNull(singular, "singular");
        Objects.requireNonNull(plural, "plural");
        if (singular.isBlank() || plural.isBlank()) {
            throw new IllegalArgumentException("an erase unit needs a name");
        }
    }

    /** "page" for 1, else "pages". */
    public String word(long count) {
        return count == 1 ? singular : plural;
    }

    /** "1 page", "256 pages". */
    public String count(long count) {
        return count + " " + word(count);
    }

    /** "Page", "Sector": the singular at the start of a label. */
    public String title() {
        return singular.substring(0, 1).toUpperCase(Locale.ROOT) + singular.substring(1);
    }

    /** "page 5 (bank 1 +0x002800, 2 KiB)": {@link Sector#toString()} in this unit's word. */
    public String name(Sector s) {
        return String.format("%s %d (bank %d +0x%06X, %d KiB)", singular, s.number(), s.bank(), s.offset(),
                s.sizeKiB());
    }

    /** The CLI option that lists units by number: "--sectors", "--pages". */
    public String cliOption() {
        return "--" + plural;
    }
}
