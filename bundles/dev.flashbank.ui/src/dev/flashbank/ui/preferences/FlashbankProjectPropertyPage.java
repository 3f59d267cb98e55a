package dev.flashbank.ui.preferences;

import java.util.Optional;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ProjectScope;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.PropertyPage;

import dev.flashbank.core.io.FlashbankSettings;
import dev.flashbank.ui.help.HelpContexts;

/**
 * Project &gt; Properties &gt; Flashbank: a backup folder and a default switching scheme for the launches of this
 * project (the project a launch names on its Image tab), kept in the project's {@code .settings} so they travel with
 * it. Without project-specific settings nothing is stored here and the workspace preferences apply.
 */
public final class FlashbankProjectPropertyPage extends PropertyPage {

    private Button projectSpecific;
    private Text backupFolder;
    private Combo scheme;

    @Override
    protected Control createContents(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        page.setLayout(layout);
        projectSpecific = new Button(page, SWT.CHECK);
        projectSpecific.setText("Enable project-specific settings");
        projectSpecific.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Group g = SettingControls.group(page, "Launches of this project");
        backupFolder = SettingControls.folder(g, "Backup folder:", FlashbankPreferences.backupFolder().toString());
        SettingControls.note(g, "Option-byte backups of this project's launches that name no folder of their own. "
                + "Empty: the workspace's backup folder.");
        scheme = SettingControls.schemes(g, "Default switching scheme:");

        IEclipsePreferences n = node();
        backupFolder.setText(n.get(FlashbankSettings.BACKUP_FOLDER, ""));
        SettingControls.selectScheme(scheme, n.get(FlashbankSettings.DEFAULT_SCHEME, ""));
        projectSpecific.setSelection(n.get(FlashbankSettings.BACKUP_FOLDER, null) != null
                || n.get(FlashbankSettings.DEFAULT_SCHEME, null) != null);
        projectSpecific.addListener(SWT.Selection, e -> update());
        backupFolder.addModifyListener(e -> update());
        HelpContexts.bind(page, HelpContexts.PROJECT_PROPERTY_PAGE);
        update();
        return page;
    }

    private IProject project() {
        return Adapters.adapt(getElement(), IProject.class);
    }

    private IEclipsePreferences node() {
        return new ProjectScope(project()).getNode(FlashbankSettings.NODE);
    }

    private Optional<String> problem() {
        return projectSpecific.getSelection() ? SettingControls.folderProblem(backupFolder, "Backup folder")
                : Optional.empty();
    }

    private void update() {
        boolean on = projectSpecific.getSelection();
        backupFolder.setEnabled(on);
        for (Control c : backupFolder.getParent().getChildren()) {
            c.setEnabled(on);
        }
        Optional<String> p = problem();
        setErrorMessage(p.orElse(null));
        setValid(p.isEmpty());
    }

    @Override
    protected void performDefaults() {
        projectSpecific.setSelection(false);
        backupFolder.setText("");
        scheme.select(0);
        update();
        super.performDefaults();
    }

    @Override
    public boolean performOk() {
        if (problem().isPresent()) {
            return false;
        }
        IEclipsePreferences n = node();
        boolean on = projectSpecific.getSelection();
        FlashbankPreferencePage.putOrRemove(n, FlashbankSettings.BACKUP_FOLDER, on ? backupFolder.getText().strip() : "");
        FlashbankPreferencePage.putOrRemove(n, FlashbankSettings.DEFAULT_SCHEME, on ? SettingControls.schemeId(scheme) : "");
        return FlashbankPreferencePage.flush(n, this);
    }
}
