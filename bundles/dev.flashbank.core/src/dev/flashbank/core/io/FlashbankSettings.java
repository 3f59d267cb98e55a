package dev.flashbank.core.io;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The settings a user chooses once for the IDE and its launches (Window &gt; Preferences &gt; Flashbank, and per
 * project): their keys, defaults and checks, defined once for the preference pages (ui), the launch delegate (launch)
 * and the views. Plain Java: the Eclipse bundles keep the values in the preference node {@link #NODE}; the command
 * line has no preferences and uses the defaults ({@link FlashbankHome}).
 * <p>
 * There is deliberately no setting that confirms an erasing or irreversible option change: that confirmation is
 * given for each change and never stored (ARCHITECTURE.md, the confirmation rule).
 */
public final class FlashbankSettings {

    /**
     * The preference node (qualifier) of these settings: the headless launch bundle's, so a launch reads them without
     * any UI; the IDE's preference and property pages write it, in the instance (workspace) or the project scope.
     */
    public static final String NODE = "dev.flashbank.launch";

    /** Folder of option-byte backups (empty = {@link FlashbankHome#backups()}). Workspace and project scope. */
    public static final String BACKUP_FOLDER = "backupFolder";
    /** Folder new simulated boards are saved in (empty = the workspace's own folder). Workspace scope. */
    public static final String BOARD_FOLDER = "boardFolder";
    /** SWD clock of new launch configurations in kHz, 0 = the probe's default. Workspace scope. */
    public static final String SWD_KHZ = "swdKHz";
    /**
     * Switching scheme id of bank updates whose launch names none ("boot-add", "remap", "swap-bank"; empty = the part's
     * first scheme); a part without that scheme uses its own default. Workspace and project scope.
     */
    public static final String DEFAULT_SCHEME = "defaultScheme";

    /**
     * The fastest SWD clock a supported probe offers: STLINK-V3 (24 MHz; an ST-LINK/V2 tops out at 4 MHz and picks
     * the nearest lower step of its divisor table).
     */
    public static final int SWD_MAX_KHZ = 24_000;

    private FlashbankSettings() {
    }

    /** The backup folder for a stored value: the value, or the Flashbank home's backups when empty. */
    public static Path backupFolder(String stored) {
        return stored == null || stored.isBlank() ? FlashbankHome.backups() : Path.of(stored.strip());
    }

    /**
     * Why {@code text} cannot be a folder Flashbank writes into, or empty when it can: an absolute path that is a
     * writable folder, or does not exist yet below a writable folder (it is created on first use).
     */
    public static Optional<String> folderProblem(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("Enter a folder.");
        }
        Path p;
        try {
            p = Path.of(text.strip());
        } catch (InvalidPathException e) {
            return Optional.of("'" + text.strip() + "' is not a valid path: " + e.getReason() + ".");
        }
        if (!p.isAbsolute()) {
            return Optional.of("'" + p + "' is not an absolute path.");
        }
        if (Files.exists(p)) {
            if (!Files.isDirectory(p)) {
                return Optional.of(p + " is a file, not a folder.");
            }
            return Files.isWritable(p) ? Optional.empty() : Optional.of("The folder " + p + " is not writable.");
        }
        Path existing = p.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return Optional.of("No folder above " + p + " exists to create it in.");
        }
        return Files.isWritable(existing) ? Optional.empty()
                : Optional.of(p + " does not exist and " + existing + " is not writable, so it cannot be created.");
    }

    /** Why {@code khz} cannot be an SWD clock, or empty when it can. */
    public static Optional<String> swdProblem(int khz) {
        return khz >= 0 && khz <= SWD_MAX_KHZ ? Optional.empty()
                : Optional.of("The SWD clock must be 0 (the probe's default) to " + SWD_MAX_KHZ + " kHz, not " + khz
                        + ".");
    }
}
