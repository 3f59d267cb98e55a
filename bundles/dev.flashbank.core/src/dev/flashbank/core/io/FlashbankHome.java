package dev.flashbank.core.io;

import java.nio.file.Path;

/**
 * Where Flashbank keeps what it owns for the user, the same for the command line, launches and the IDE: the system
 * property {@code flashbank.home}, else {@code $FLASHBANK_HOME}, else {@code ~/.flashbank}. One place, so that a
 * launch, the IDE and the CLI find each other's option backups and per-board journals (what {@code flashbank
 * recover} restores from).
 */
public final class FlashbankHome {

    private FlashbankHome() {
    }

    public static Path root() {
        String prop = System.getProperty("flashbank.home");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("FLASHBANK_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".flashbank");
    }

    /** Option-byte backups written before every option write. */
    public static Path backups() {
        return root().resolve("backups");
    }

    /** Per-board journals ({@code <UID>/}) kept before every option write. */
    public static Path journals() {
        return root().resolve("journal");
    }

    /** Simulated boards named by part only (the default board among them). */
    public static Path boards() {
        return root().resolve("boards");
    }

    /** Logs with the trace of unforeseen failures. */
    public static Path logs() {
        return root().resolve("logs");
    }
}
