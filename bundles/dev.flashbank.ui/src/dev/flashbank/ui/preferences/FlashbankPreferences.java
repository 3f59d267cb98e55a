package dev.flashbank.ui.preferences;

import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;

import dev.flashbank.core.io.FlashbankSettings;

/**
 * The workspace's Flashbank preferences as the IDE's views read them (the launch delegate reads the same node, with
 * the project's settings first): one backup folder for the Option Bytes editor, the Flash Banks view and launches.
 */
public final class FlashbankPreferences {

    /**
     * Whether the Flashbank console says when a board is held by another program (waiting for it) or was changed by
     * it (reloaded). A notice only: it changes nothing that is written.
     */
    public static final String BOARD_NOTICES = "notice.boardShared";

    private FlashbankPreferences() {
    }

    /** The workspace node of the Flashbank settings ({@link FlashbankSettings#NODE}). */
    public static IEclipsePreferences node() {
        return InstanceScope.INSTANCE.getNode(FlashbankSettings.NODE);
    }

    /** Where every option-byte backup of the IDE goes. */
    public static Path backupFolder() {
        return FlashbankSettings.backupFolder(node().get(FlashbankSettings.BACKUP_FOLDER, ""));
    }

    /** Where new simulated boards are saved; empty = the workspace's own board folder. */
    public static Optional<Path> boardFolder() {
        String v = node().get(FlashbankSettings.BOARD_FOLDER, "").strip();
        return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
    }

    public static boolean boardNotices() {
        return node().getBoolean(BOARD_NOTICES, true);
    }
}
