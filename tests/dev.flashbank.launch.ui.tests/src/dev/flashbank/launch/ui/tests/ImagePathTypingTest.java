package dev.flashbank.launch.ui.tests;

import static dev.flashbank.core.launch.LaunchAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.launch.LaunchSpec;

/**
 * Issue 16 finding 10: typing "/" into the image path of a Bank Update launch threw a NullPointerException from the
 * core's validation (a path without a file name). Types a path key by key into the Image tab of the real dialog (real
 * key events); after every key the dialog must show the problem with the path as it stands, and nothing may reach the
 * workspace log.
 */
class ImagePathTypingTest {

    @TempDir
    Path tmp;

    @AfterEach
    void tearDown() throws CoreException {
        for (ILaunchConfiguration c : DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations()) {
            c.delete();
        }
    }

    @Test
    void everyPartialImagePathShowsAProblemAndLogsNothing() throws CoreException {
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(TYPE_BANK_UPDATE).newInstance(null, "Typed image path");
        wc.setAttribute(TARGET_KIND, LaunchSpec.TargetKind.SIMULATED.name());
        wc.setAttribute(SIM_STATE_FILE, tmp.resolve("board.fbboard").toString());
        wc.setAttribute(SIM_PART, "STM32F767ZI");
        wc.setAttribute(IMAGE_PATH, "");
        wc.setAttribute(IMAGE_FORMAT, FORMAT_AUTO);
        wc.setAttribute(BUILD_BEFORE_LAUNCH, false);
        wc.setAttribute(MODE, LaunchSpec.Mode.BANK_UPDATE.name());
        wc.setAttribute(SCHEME, "BOOT_ADD");
        ILaunchConfiguration c = wc.doSave();

        // no shifted characters: SWT/GTK's Display.post types a key's unshifted character
        String typed = "/tmp/fb-none.elf";
        Map<String, String> shownAfter = new LinkedHashMap<>();
        List<IStatus> logged = new ArrayList<>();
        ILogListener log = (status, plugin) -> logged.add(status);
        Platform.addLogListener(log);
        List<Throwable> thrown;
        try {
            thrown = InDialog.run(c, "Image", dialog -> {
                Text path = imagePath(dialog);
                RealKeys.clickInto(path);
                for (int i = 0; i < typed.length(); i++) {
                    RealKeys.type(dialog.getDisplay(), typed.charAt(i));
                    String now = path.getText();
                    // the dialog checks the tabs in an update job a moment after the key: wait until its problem
                    // names the path as typed (a folder is named without its trailing slash); at the timeout the
                    // last problem shown is recorded and the assertions below say which key had none
                    String named = now.length() > 1 && now.endsWith("/") ? now.substring(0, now.length() - 1) : now;
                    String[] shown = { null };
                    if (java.nio.file.Files.isRegularFile(Path.of(now))) {
                        // a file that happens to exist on this machine (/tmp/fb...) is an image to try, no problem
                        shownAfter.put(now, "(an existing file)");
                        continue;
                    }
                    try {
                        dev.flashbank.ui.testing.EventLoop.until("a problem naming " + now, () -> {
                            shown[0] = LaunchDialogTest.allTexts(dialog).stream().filter(t -> t.contains("The image "))
                                    .findFirst().orElse(null);
                            return shown[0] != null && shown[0].contains(" " + named + " ");
                        });
                    } catch (AssertionError late) {
                        // recorded as shown; the assertions name the key
                    }
                    shownAfter.put(now, shown[0]);
                    if (now.equals("/")) {
                        InDialog.screenshot(dialog, "launch-dialog-image-path-slash");
                    }
                }
                InDialog.screenshot(dialog, "launch-dialog-image-path-typed");
            });
        } finally {
            Platform.removeLogListener(log);
        }

        assertThat(thrown).as("exceptions while typing").isEmpty();
        assertThat(logged).as("workspace log entries while typing").extracting(IStatus::toString).isEmpty();
        assertThat(shownAfter).as("the path after each key").hasSize(typed.length());
        assertThat(shownAfter.get("/")).contains("The image path / is a folder: choose an ELF, HEX, S-record or BIN "
                + "file in it.");
        assertThat(shownAfter.get("/tmp/")).contains("The image path /tmp is a folder: choose an ELF, HEX, S-record "
                + "or BIN file in it.");
        assertThat(shownAfter.get("/tmp/f")).contains("The image file /tmp/f does not exist.");
        assertThat(shownAfter.get(typed)).contains("The image file " + typed + " does not exist.");
        assertThat(shownAfter.values()).as("a problem after every key").doesNotContainNull();
    }

    static Text imagePath(Shell dialog) {
        for (Control c : LaunchDialogTest.all(dialog)) {
            if (c instanceof Text t && t.getMessage() != null && t.getMessage().startsWith("${workspace_loc:")
                    && t.isVisible()) {
                return t;
            }
        }
        throw new AssertionError("no image path field on the Image tab");
    }
}
