package dev.flashbank.launch.ui.tests;

import static dev.flashbank.core.launch.LaunchAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.core.launch.LaunchSpec;

/**
 * The launch configuration dialog on a "Flashbank Bank Update" configuration, in the real workbench: its tabs, and the
 * core's validation message shown in the dialog before anything runs. Screenshots go to target/screenshots/.
 */
class LaunchDialogTest {

    @TempDir
    Path tmp;

    @AfterEach
    void tearDown() throws CoreException {
        for (ILaunchConfiguration c : DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations()) {
            c.delete();
        }
    }

    static Path images() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve(dev.flashbank.family.stm32f7.sim.SampleImages.REPOSITORY_FOLDER))) {
            p = p.getParent();
        }
        return p.resolve(dev.flashbank.family.stm32f7.sim.SampleImages.REPOSITORY_FOLDER);
    }

    ILaunchConfiguration config(String name, String scheme) throws CoreException {
        ILaunchManager m = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationWorkingCopy wc = m.getLaunchConfigurationType(TYPE_BANK_UPDATE).newInstance(null, name);
        wc.setAttribute(TARGET_KIND, LaunchSpec.TargetKind.SIMULATED.name());
        wc.setAttribute(SIM_STATE_FILE, tmp.resolve("board.fbboard").toString());
        wc.setAttribute(SIM_PART, "STM32F767ZI");
        wc.setAttribute(IMAGE_PATH, images().resolve("app-bank2.elf").toString());
        wc.setAttribute(IMAGE_FORMAT, FORMAT_AUTO);
        wc.setAttribute(MODE, LaunchSpec.Mode.BANK_UPDATE.name());
        wc.setAttribute(SCHEME, scheme);
        wc.setAttribute(VERIFY, true);
        wc.setAttribute(SWAP, true);
        wc.setAttribute(RESET_AND_RUN, true);
        wc.setAttribute(BACKUP_OPTIONS, true);
        return wc.doSave();
    }

    /** What the dialog showed: every text in it, and the screenshot. */
    record Seen(List<String> texts, Path screenshot) {
    }

    /**
     * Opens the Run Configurations dialog on {@code c} (blocking, as a user opens it), and from inside its event loop
     * waits until it shows {@code expected}, selects the tab named {@code tab}, takes the screenshot and closes it.
     */
    Seen openDialog(ILaunchConfiguration c, String tab, String expected, String screenshot) {
        Display display = PlatformUI.getWorkbench().getDisplay();
        Shell parent = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        List<String> texts = new ArrayList<>();
        Path[] shot = new Path[1];
        long deadline = System.currentTimeMillis() + 60_000;
        Runnable probe = new Runnable() {
            boolean tabSelected;

            @Override
            public void run() {
                Shell dialog = display.getActiveShell();
                boolean open = dialog != null && dialog != parent && dialog.isVisible();
                if (open && !tabSelected) {
                    tabSelected = selectTab(dialog, tab);
                }
                List<String> now = open ? allTexts(dialog) : List.of();
                if (open && tabSelected && now.stream().anyMatch(t -> t.contains(expected))
                        || System.currentTimeMillis() > deadline) {
                    texts.addAll(now);
                    if (open) {
                        try {
                            dialog.setSize(1280, 800); // room for the tree and the full message
                            dialog.layout(true, true);
                            shot[0] = screenshot(dialog, screenshot);
                        } catch (IOException e) {
                            texts.add("screenshot failed: " + e);
                        }
                        dialog.close();
                    }
                    return;
                }
                display.timerExec(100, this);
            }
        };
        display.timerExec(100, probe);
        DebugUITools.openLaunchConfigurationDialogOnGroup(parent, new StructuredSelection(c),
                IDebugUIConstants.ID_RUN_LAUNCH_GROUP);
        return new Seen(texts, shot[0]);
    }

    @Test
    void dialogShowsTheFlashbankTabsOfAValidConfiguration() {
        ILaunchConfiguration c;
        try {
            c = config("Update bank 2", "BOOT_ADD");
        } catch (CoreException e) {
            throw new AssertionError(e);
        }
        Seen seen = openDialog(c, "Update", "Bank update to inactive bank", "launch-dialog-bank-update");
        assertThat(seen.texts()).contains("Target", "Image", "Update", "Common")
                .contains("Bank update to inactive bank").contains("Verify after programming")
                .noneMatch(t -> t.startsWith("Link address mismatch"));
        assertThat(seen.screenshot()).isRegularFile();
    }

    @Test
    void dialogShowsTheValidationMessageBeforeAnythingRuns() throws CoreException {
        ILaunchConfiguration c = config("Remap with a bank-2 image", "REMAP");
        Seen seen = openDialog(c, "Image", "Link address mismatch", "launch-dialog-link-mismatch");
        assertThat(seen.texts()).anyMatch(t -> t.contains("Link address mismatch: the REMAP scheme runs every "
                + "image at 0x08000000"));
        assertThat(seen.screenshot()).isRegularFile();
        assertThat(tmp.resolve("board.fbboard")).as("nothing ran").doesNotExist();
    }

    static boolean selectTab(Shell dialog, String name) {
        for (Control ctl : all(dialog)) {
            if (ctl instanceof org.eclipse.swt.custom.CTabFolder f) {
                for (org.eclipse.swt.custom.CTabItem item : f.getItems()) {
                    if (name.equals(item.getText())) {
                        f.setSelection(item);
                        f.notifyListeners(SWT.Selection, selectionEvent(item));
                        return true;
                    }
                }
            }
            if (ctl instanceof org.eclipse.swt.widgets.TabFolder f) {
                for (org.eclipse.swt.widgets.TabItem item : f.getItems()) {
                    if (name.equals(item.getText())) {
                        f.setSelection(item);
                        f.notifyListeners(SWT.Selection, selectionEvent(item));
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static org.eclipse.swt.widgets.Event selectionEvent(org.eclipse.swt.widgets.Item item) {
        org.eclipse.swt.widgets.Event e = new org.eclipse.swt.widgets.Event();
        e.item = item;
        return e;
    }

    static List<Control> all(Control c) {
        List<Control> l = new ArrayList<>();
        l.add(c);
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                l.addAll(all(child));
            }
        }
        return l;
    }

    static List<String> allTexts(Shell s) {
        List<String> texts = new ArrayList<>();
        for (Control c : all(s)) {
            if (c instanceof Label l) {
                texts.add(l.getText());
            } else if (c instanceof CLabel l && l.getText() != null) {
                texts.add(l.getText());
            } else if (c instanceof Text t) {
                texts.add(t.getText());
            } else if (c instanceof Button b) {
                texts.add(b.getText());
            } else if (c instanceof org.eclipse.swt.widgets.Combo cb) {
                texts.add(cb.getText());
            } else if (c instanceof org.eclipse.swt.custom.CTabFolder f) {
                for (var i : f.getItems()) {
                    texts.add(i.getText());
                }
            } else if (c instanceof org.eclipse.swt.widgets.TabFolder f) {
                for (var i : f.getItems()) {
                    texts.add(i.getText());
                }
            }
        }
        return texts;
    }

    /** PNG of the shell as the X server shows it (the idea of dev.flashbank.ui.tests' Screenshots, kept small). */
    static Path screenshot(Shell shell, String name) throws IOException {
        Display display = shell.getDisplay();
        while (display.readAndDispatch()) {
            // let pending paints happen so the picture is current
        }
        Path dir = Path.of(System.getProperty("flashbank.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        Rectangle r = shell.getBounds();
        Image image = new Image(display, r.width, r.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, r.x, r.y);
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            Path file = dir.resolve(name + ".png");
            loader.save(file.toString(), SWT.IMAGE_PNG);
            return file;
        } finally {
            gc.dispose();
            image.dispose();
        }
    }
}
