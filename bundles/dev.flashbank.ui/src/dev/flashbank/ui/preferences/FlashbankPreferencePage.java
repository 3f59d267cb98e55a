package dev.flashbank.ui.preferences;

import java.util.Optional;
import java.util.stream.Stream;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.osgi.service.prefs.BackingStoreException;

import dev.flashbank.core.io.FlashbankSettings;
import dev.flashbank.ui.help.HelpContexts;

/**
 * Window &gt; Preferences &gt; Flashbank: the backup folder (one for the views and launches), the folder of new
 * simulated boards, the SWD clock of new launch configurations, the default switching scheme, and the notices. Every
 * value is checked as it is typed; while one is wrong the page says why and OK/Apply are disabled.
 * <p>
 * Confirmations of erasing or irreversible changes are listed as always asked: no setting can skip them (they are
 * given for each change and never stored).
 */
public final class FlashbankPreferencePage extends PreferencePage implements IWorkbenchPreferencePage {

    /** The page id (plugin.xml). */
    public static final String ID = "dev.flashbank.ui.preferences.main";

    private Text backupFolder;
    private Text boardFolder;
    private Text swdKHz;
    private Combo scheme;
    private Button boardNotices;

    @Override
    public void init(IWorkbench workbench) {
        setDescription("Settings of the Flashbank views, editor and launches. A project can override the backup folder "
                + "and the scheme for its launches (Project > Properties > Flashbank).");
    }

    @Override
    protected Control createContents(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        page.setLayout(layout);

        Group folders = SettingControls.group(page, "Folders");
        backupFolder = SettingControls.folder(folders, "Backup folder:",
                FlashbankSettings.backupFolder("").toString());
        SettingControls.note(folders, "Every option-byte backup: the Option Bytes editor, Swap/Rollback in the Flash "
                + "Banks view, and launches that name no folder of their own. Empty: "
                + FlashbankSettings.backupFolder("") + ", where the command line backs up too.");
        boardFolder = SettingControls.folder(folders, "Board folder:", "the workspace's own folder");
        SettingControls.note(folders, "Where new simulated boards are saved. Empty: the workspace's own folder.");

        Group connection = SettingControls.group(page, "Launches");
        new Label(connection, SWT.NONE).setText("SWD clock (kHz):");
        swdKHz = new Text(connection, SWT.BORDER);
        GridData sd = new GridData(SWT.LEFT, SWT.CENTER, false, false, 2, 1);
        sd.widthHint = 80;
        swdKHz.setLayoutData(sd);
        SettingControls.note(connection, "For new launch configurations; 0 = the probe's default, at most "
                + FlashbankSettings.SWD_MAX_KHZ + " kHz.");
        scheme = SettingControls.schemes(connection, "Default switching scheme:");
        SettingControls.note(connection, "Preselected in new Bank Update and Swap Banks launches, and used by those "
                + "that name none; a simulated part without this scheme uses its own default.");

        Group notices = SettingControls.group(page, "Notices and confirmations");
        boardNotices = new Button(notices, SWT.CHECK);
        boardNotices.setText("Say in the Flashbank console when another program holds or changed a board");
        boardNotices.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        SettingControls.note(notices, "Always asked, and not a setting: the confirmation of a change that erases "
                + "flash (ticked in the option review dialog) and the part name typed for RDP level 2, which cannot be "
                + "undone. They are given for each change and never stored.");

        load();
        Stream.of(backupFolder, boardFolder, swdKHz).forEach(t -> t.addModifyListener(e -> validate()));
        HelpContexts.bind(page, HelpContexts.PREFERENCE_PAGE);
        validate();
        return page;
    }

    private void load() {
        IEclipsePreferences n = FlashbankPreferences.node();
        backupFolder.setText(n.get(FlashbankSettings.BACKUP_FOLDER, ""));
        boardFolder.setText(n.get(FlashbankSettings.BOARD_FOLDER, ""));
        swdKHz.setText(Integer.toString(n.getInt(FlashbankSettings.SWD_KHZ, 0)));
        SettingControls.selectScheme(scheme, n.get(FlashbankSettings.DEFAULT_SCHEME, ""));
        boardNotices.setSelection(n.getBoolean(FlashbankPreferences.BOARD_NOTICES, true));
    }

    /** The first problem of the page as it stands; the page is valid (OK/Apply enabled) only without one. */
    Optional<String> problem() {
        return SettingControls.folderProblem(backupFolder, "Backup folder")
                .or(() -> SettingControls.folderProblem(boardFolder, "Board folder"))
                .or(this::swdProblem);
    }

    private Optional<String> swdProblem() {
        String v = swdKHz.getText().strip();
        try {
            return FlashbankSettings.swdProblem(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return Optional.of("The SWD clock must be a whole number of kHz, not '" + v + "'.");
        }
    }

    private void validate() {
        Optional<String> p = problem();
        setErrorMessage(p.orElse(null));
        setValid(p.isEmpty());
    }

    @Override
    protected void performDefaults() {
        backupFolder.setText("");
        boardFolder.setText("");
        swdKHz.setText("0");
        scheme.select(0);
        boardNotices.setSelection(true);
        super.performDefaults();
    }

    @Override
    public boolean performOk() {
        if (problem().isPresent()) {
            return false;
        }
        IEclipsePreferences n = FlashbankPreferences.node();
        putOrRemove(n, FlashbankSettings.BACKUP_FOLDER, backupFolder.getText().strip());
        putOrRemove(n, FlashbankSettings.BOARD_FOLDER, boardFolder.getText().strip());
        int swd = Integer.parseInt(swdKHz.getText().strip());
        if (swd == 0) {
            n.remove(FlashbankSettings.SWD_KHZ);
        } else {
            n.putInt(FlashbankSettings.SWD_KHZ, swd);
        }
        putOrRemove(n, FlashbankSettings.DEFAULT_SCHEME, SettingControls.schemeId(scheme));
        if (boardNotices.getSelection()) {
            n.remove(FlashbankPreferences.BOARD_NOTICES);
        } else {
            n.putBoolean(FlashbankPreferences.BOARD_NOTICES, false);
        }
        return flush(n, this);
    }

    /** An empty value is the default: removed, so a later change of the default reaches this workspace too. */
    static void putOrRemove(IEclipsePreferences n, String key, String value) {
        if (value.isEmpty()) {
            n.remove(key);
        } else {
            n.put(key, value);
        }
    }

    /** Writes {@code n} to its file; on failure the page says why and stays open. */
    static boolean flush(IEclipsePreferences n, PreferencePage page) {
        try {
            n.flush();
            return true;
        } catch (BackingStoreException e) {
            page.setErrorMessage("The Flashbank settings could not be saved: " + e.getMessage());
            return false;
        }
    }
}
