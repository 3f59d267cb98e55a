package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ProjectScope;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.preference.IPreferenceNode;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.core.io.FlashbankSettings;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields;
import dev.flashbank.ui.FlashbankUiPlugin;
import dev.flashbank.ui.options.OptionBytesEditor;
import dev.flashbank.ui.preferences.FlashbankPreferencePage;
import dev.flashbank.ui.preferences.FlashbankPreferences;

/**
 * Issue 16 finding 7: Window &gt; Preferences &gt; Flashbank, driven by a user's keys and clicks (Display.post): a
 * typed backup folder is stored on Apply and the Option Bytes editor's next backup lands there; a folder that cannot
 * be written or a clock out of range is named on the page and OK/Apply are disabled until it is fixed.
 */
class PreferencesTest {

    @TempDir
    Path tmp;

    @AfterEach
    void restoreDefaults() throws Exception {
        var n = FlashbankPreferences.node();
        n.remove(FlashbankSettings.BACKUP_FOLDER);
        n.remove(FlashbankSettings.SWD_KHZ);
        n.flush();
        // the workspace as the test found it, saved: no "unsaved changes" entry in the workspace log at exit
        IProject fw = ResourcesPlugin.getWorkspace().getRoot().getProject("prefs-fw");
        if (fw.exists()) {
            fw.delete(true, true, null);
        }
        Ui.joinFamily(org.eclipse.core.resources.ResourcesPlugin.FAMILY_AUTO_REFRESH);
        ResourcesPlugin.getWorkspace().save(true, null);
    }

    /** The preference dialog as Window > Preferences opens it, on the Flashbank page, not blocking the test. */
    static PreferenceDialog openPreferences() {
        PreferenceDialog d = PreferencesUtil.createPreferenceDialogOn(
                PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), FlashbankPreferencePage.ID, null,
                null);
        d.setBlockOnOpen(false);
        d.open();
        Ui.drain();
        return d;
    }

    @Test
    void theFlashbankPageIsUnderWindowPreferences() {
        List<String> top = new ArrayList<>();
        for (IPreferenceNode n : PlatformUI.getWorkbench().getPreferenceManager().getRootSubNodes()) {
            top.add(n.getId() + "=" + n.getLabelText());
        }
        assertThat(top).contains(FlashbankPreferencePage.ID + "=Flashbank");
    }

    @Test
    void aTypedBackupFolderIsAppliedAndTheEditorsNextBackupLandsThere() throws Exception {
        Path folder = tmp.resolve("ide-backups"); // not there yet: created on the first backup
        PreferenceDialog d = openPreferences();
        try {
            assertThat(d.getSelectedPage()).isInstanceOf(FlashbankPreferencePage.class);
            Text backup = fieldAfter(d.getShell(), "Backup folder:");
            assertThat(backup.getMessage()).as("the default shown as the hint").isEqualTo(
                    FlashbankSettings.backupFolder("").toString());
            RealInput.retype(backup, folder.toString());
            assertThat(backup.getText()).isEqualTo(folder.toString());
            assertThat(((FlashbankPreferencePage) d.getSelectedPage()).getErrorMessage()).isNull();
            shoot(d, "preferences-flashbank");
            RealInput.press(button(d.getShell(), "Apply"));
            assertThat(FlashbankPreferences.node().get(FlashbankSettings.BACKUP_FOLDER, null))
                    .isEqualTo(folder.toString());
            RealInput.press(button(d.getShell(), "Apply and Close"));
        } finally {
            if (d.getShell() != null && !d.getShell().isDisposed()) {
                d.close();
            }
        }
        assertThat(FlashbankUiPlugin.getDefault().targets().backupsDirectory()).isEqualTo(folder);

        // the next backup: the editor writes a safe option change and backs up first, into the typed folder
        Workbench w = Workbench.open();
        var board = w.editNewBoard("STM32F767ZI");
        OptionBytesEditor ob = w.options();
        OptionBytes changed = ((OptionBytes) ob.originalOptions()).withBorLevel(Stm32F7OptionFields.BorLevel.LEVEL_1);
        Ui.join(ob.write(changed, Confirmation.NONE));
        assertThat(ob.lastProblem()).isNullOrEmpty();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("backups in " + folder)
                    .anyMatch(f -> f.endsWith(".fbopt"));
        }
        w.restoreEditor();
        Ui.join(w.targets().delete(board)); // the workspace's board list as the next test expects it
    }

    @Test
    void aFolderThatCannotBeWrittenOrAClockOutOfRangeIsNamedAndDisablesOk() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder.txt"), "x");
        PreferenceDialog d = openPreferences();
        try {
            FlashbankPreferencePage page = (FlashbankPreferencePage) d.getSelectedPage();
            Button ok = button(d.getShell(), "Apply and Close");
            Button apply = button(d.getShell(), "Apply");
            RealInput.retype(fieldAfter(d.getShell(), "Backup folder:"), file.toString());
            assertThat(page.getErrorMessage()).isEqualTo("Backup folder: " + file + " is a file, not a folder.");
            assertThat(ok.isEnabled()).as("OK").isFalse();
            assertThat(apply.isEnabled()).as("Apply").isFalse();
            shoot(d, "preferences-flashbank-invalid-folder");

            RealInput.retype(fieldAfter(d.getShell(), "Backup folder:"), "relative/backups");
            assertThat(page.getErrorMessage()).contains("not an absolute path");
            RealInput.retype(fieldAfter(d.getShell(), "Backup folder:"), tmp.toString());
            assertThat(page.getErrorMessage()).isNull();
            assertThat(ok.isEnabled()).isTrue();

            Text swd = fieldAfter(d.getShell(), "SWD clock (kHz):");
            RealInput.retype(swd, "30000");
            assertThat(page.getErrorMessage()).contains("0 (the probe's default) to 24000 kHz, not 30000");
            assertThat(ok.isEnabled()).isFalse();
            RealInput.retype(swd, "4000");
            assertThat(page.getErrorMessage()).isNull();
            assertThat(ok.isEnabled()).isTrue();
            assertThat(FlashbankPreferences.node().get(FlashbankSettings.BACKUP_FOLDER, null)).as("nothing applied")
                    .isNull();
        } finally {
            d.close();
        }
        assertThat(FlashbankPreferences.node().get(FlashbankSettings.SWD_KHZ, null)).as("Cancel stores nothing")
                .isNull();
    }

    @Test
    void theProjectPageKeepsTheProjectsOwnFolder() throws Exception {
        IProject fw = ResourcesPlugin.getWorkspace().getRoot().getProject("prefs-fw");
        if (fw.exists()) {
            fw.delete(true, true, null); // left by an earlier run
        }
        fw.create(null);
        fw.open(null);
        Path folder = tmp.resolve("fw-backups");
        PreferenceDialog d = PreferencesUtil.createPropertyDialogOn(
                PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), fw, PROJECT_PAGE, null, null);
        d.setBlockOnOpen(false);
        d.open();
        Ui.drain();
        try {
            Text backup = fieldAfter(d.getShell(), "Backup folder:");
            assertThat(backup.isEnabled()).as("off until project-specific settings are enabled").isFalse();
            Button specific = button(d.getShell(), "Enable project-specific settings");
            RealInput.clickAt(specific, 8, specific.getSize().y / 2, 0); // on the box (the row is the page's width)
            Ui.pumpUntil("folder enabled", backup::isEnabled);
            RealInput.retype(backup, folder.toString());
            shoot(d, "properties-flashbank-project");
            RealInput.press(button(d.getShell(), "Apply and Close"));
        } finally {
            if (d.getShell() != null && !d.getShell().isDisposed()) {
                d.close();
            }
        }
        assertThat(new ProjectScope(fw).getNode(FlashbankSettings.NODE).get(FlashbankSettings.BACKUP_FOLDER, null))
                .isEqualTo(folder.toString());
        assertThat(fw.getFile(".settings/" + FlashbankSettings.NODE + ".prefs").exists()).as("kept in the project")
                .isTrue();
        assertThat(FlashbankPreferences.node().get(FlashbankSettings.BACKUP_FOLDER, null)).as("workspace untouched")
                .isNull();
    }

    static final String PROJECT_PAGE = "dev.flashbank.ui.preferences.project";

    /**
     * A screenshot once the dialog has painted what the last keys changed: GTK paints on its own frame clock, after the
     * key events are handled, so the test waits for the repaint it asks for to reach the focused field.
     */
    static void shoot(PreferenceDialog d, String name) throws java.io.IOException {
        Shell shell = d.getShell();
        Control focus = shell.getDisplay().getFocusControl();
        Control target = focus != null && focus.getShell() == shell ? focus : shell;
        boolean[] painted = { false };
        Listener paint = e -> painted[0] = true;
        target.addListener(SWT.Paint, paint);
        try {
            org.eclipse.swt.graphics.Point size = shell.getSize();
            shell.redraw(0, 0, size.x, size.y, true);
            Ui.pumpUntil("the dialog repainted", () -> painted[0]);
        } finally {
            target.removeListener(SWT.Paint, paint);
        }
        Screenshots.save(shell, name);
    }

    /** The text field that follows the label {@code label} (as a user finds it: by the words next to it). */
    static Text fieldAfter(Composite root, String label) {
        List<Control> all = all(root);
        for (int i = 0; i < all.size() - 1; i++) {
            if (all.get(i) instanceof Label l && l.getText().equals(label) && all.get(i + 1) instanceof Text t) {
                return t;
            }
        }
        throw new AssertionError("no field after '" + label + "'");
    }

    static Button button(Composite root, String text) {
        return all(root).stream().filter(c -> c instanceof Button b && b.getText().replace("&", "").equals(text))
                .map(Button.class::cast).findFirst().orElseThrow(() -> new AssertionError("no button " + text));
    }

    static List<Control> all(Composite c) {
        List<Control> out = new ArrayList<>();
        for (Control x : c.getChildren()) {
            out.add(x);
            if (x instanceof Composite cc) {
                out.addAll(all(cc));
            }
        }
        return out;
    }
}
