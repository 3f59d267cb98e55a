package dev.flashbank.launch.ui.tests;

import static dev.flashbank.core.launch.LaunchAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.ui.CommonTab;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.ILaunchConfigurationTab;
import org.eclipse.debug.ui.ILaunchConfigurationTabGroup;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.launch.ui.LaunchUi;
import dev.flashbank.launch.ui.TabGroups;

/**
 * Issue 16 finding 10: the launch types and their tabs carry Flashbank's icons, and the file fields have the
 * Eclipse buttons (Workspace..., File System..., Browse...) next to them.
 */
class LaunchDialogDecorationTest {

    @TempDir
    Path tmp;

    @AfterEach
    void tearDown() throws CoreException {
        for (ILaunchConfiguration c : DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations()) {
            c.delete();
        }
    }

    /** The icon each launch type shows in Run Configurations, as the bundle ships it. */
    static final Map<String, String> TYPE_ICONS = Map.of(TYPE_BANK_UPDATE, "icons/bank-update.png", TYPE_SWAP_BANKS,
            "icons/swap-banks.png", TYPE_OPTION_BYTES, "icons/option-bytes.png");

    @Test
    void eachLaunchTypeShowsItsOwnIcon() {
        TYPE_ICONS.forEach((type, icon) -> {
            ImageDescriptor shown = DebugUITools.getDefaultImageDescriptor(
                    DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurationType(type));
            ImageDescriptor shipped = ResourceLocator.imageDescriptorFromBundle(LaunchUi.PLUGIN_ID, icon)
                    .orElseThrow(() -> new AssertionError(icon + " is not in the bundle"));
            assertThat(shown).as("image of %s", type).isNotNull();
            ImageData s = shown.getImageData(100);
            assertThat(s.width).as("%s width", icon).isEqualTo(16);
            assertThat(s.height).as("%s height", icon).isEqualTo(16);
            assertThat(s.data).as("%s pixels", type).isEqualTo(shipped.getImageData(100).data);
        });
        assertThat(TYPE_ICONS.values()).as("three different icons").doesNotHaveDuplicates();
    }

    @Test
    void eachFlashbankTabHasAnIcon() {
        for (ILaunchConfigurationTabGroup g : List.of(new TabGroups.BankUpdate(), new TabGroups.SwapBanks(),
                new TabGroups.OptionBytes())) {
            g.createTabs(null, "run");
            for (ILaunchConfigurationTab tab : g.getTabs()) {
                if (tab instanceof CommonTab) {
                    continue; // the platform's own tab, with the platform's icon
                }
                Image image = tab.getImage();
                assertThat(image).as("icon of the %s tab", tab.getName()).isNotNull();
                assertThat(image.isDisposed()).isFalse();
                assertThat(image.getBounds().width).isEqualTo(16);
            }
            g.dispose(); // the tabs' shared images stay usable: the next group shows them again
        }
    }

    @Test
    void fileFieldsHaveWorkspaceAndFileSystemButtons() throws Exception {
        LaunchDialogTest d = new LaunchDialogTest();
        d.tmp = tmp;
        ILaunchConfiguration c = d.config("Buttons", "BOOT_ADD");
        Map<String, List<String>> buttons = new java.util.TreeMap<>();
        List<Throwable> thrown = InDialog.run(c, "Image", dialog -> {
            for (String field : List.of("File:", "Project:")) {
                buttons.put(field, InDialog.buttonsRightOf(InDialog.field(dialog, field)));
            }
            InDialog.screenshot(dialog, "launch-dialog-image-tab-buttons");
            LaunchDialogTest.selectTab(dialog, "Target");
            buttons.put("Board file:", InDialog.buttonsRightOf(InDialog.field(dialog, "Board file:")));
            InDialog.screenshot(dialog, "launch-dialog-target-tab-buttons");
            LaunchDialogTest.selectTab(dialog, "Update");
            buttons.put("Backup folder:", InDialog.buttonsRightOf(InDialog.field(dialog, "Backup folder:")));
            InDialog.screenshot(dialog, "launch-dialog-update-tab-buttons");
        });
        assertThat(thrown).isEmpty();
        assertThat(buttons).containsEntry("File:", List.of("File...", "Workspace...", "Variables..."))
                .containsEntry("Board file:", List.of("File...", "Workspace...", "Variables..."))
                .containsEntry("Project:", List.of("Browse..."))
                .containsEntry("Backup folder:", List.of("File System...", "Workspace...", "Variables..."));
    }

    /** Browse... next to the project, pressed with the mouse; the project named in the chooser lands in the field. */
    @Test
    void browseChoosesAWorkspaceProject() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("fb-app");
        project.create(null);
        project.open(null);
        try {
            LaunchDialogTest d = new LaunchDialogTest();
            d.tmp = tmp;
            ILaunchConfiguration c = d.config("Browse", "BOOT_ADD");
            String[] chosen = new String[1];
            boolean[] applyEnabled = { false };
            List<Throwable> thrown = InDialog.run(c, "Image", dialog -> {
                org.eclipse.swt.widgets.Text field = InDialog.field(dialog, "Project:");
                RealKeys.answerDialog(dialog.getDisplay(), "Project", "fb-", "OK");
                RealKeys.press(InDialog.buttonRightOf(field, "Browse..."));
                chosen[0] = field.getText();
                applyEnabled[0] = LaunchDialogTest.all(dialog).stream().anyMatch(x -> x instanceof
                        org.eclipse.swt.widgets.Button b && "Apply".equals(b.getText().replace("&", "")) && b.isEnabled());
                InDialog.screenshot(dialog, "launch-dialog-project-browsed");
            });
            assertThat(thrown).isEmpty();
            assertThat(chosen[0]).isEqualTo("fb-app");
            assertThat(applyEnabled[0]).as("the change can be applied").isTrue();
        } finally {
            project.delete(true, true, null);
        }
    }

    /** The workspace is saved after each test: no "unsaved changes" warning in the workspace log at exit. */
    @AfterEach
    void saveWorkspace() throws CoreException {
        ResourcesPlugin.getWorkspace().save(true, null);
    }
}
