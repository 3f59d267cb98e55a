package dev.flashbank.core.ops;

import java.util.Locale;

/**
 * The rule that a confirmation is never stored: an option profile ({@code .fbopt}) or a launch file that carries one
 * (a "confirm" key or attribute, whatever its value) is refused before anything is opened, because a confirmation
 * read from a file would apply an erasing or irreversible change without anyone reviewing it. Defined once here for
 * profiles ({@link OptionProfileFile}) and launches ({@code core.launch.LaunchSpec}).
 */
public final class StoredConfirmation {

    private StoredConfirmation() {
    }

    /** True for a key or attribute name that stores a confirmation ("confirm", "options.confirmPart", "erase-all-flash"). */
    public static boolean isConfirmationKey(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return k.contains("confirm") || k.contains("eraseallflash");
    }

    /** Why {@code where} is refused and what to do, in one message. */
    public static String refusal(String where, String key) {
        return where + " stores a confirmation (\"" + key + "\"): Flashbank never takes the confirmation of an erasing "
                + "or irreversible option change from a file, the person who applies it confirms each time. Remove \""
                + key + "\" from the file; then confirm when you apply it: on the command line with --erase-all-flash "
                + "(changes that erase flash) or --confirm <part> (RDP level 2), in the IDE in the review dialog. "
                + "Nothing was written.";
    }
}
