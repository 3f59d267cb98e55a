package dev.flashbank.launch.ui;

import static dev.flashbank.core.launch.LaunchAttributes.*;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Text;

/** Image: the file (workspace build output via ${workspace_loc:...}, or any file), its format, a BIN's base address. */
final class ImageTab extends FlashbankTab {

    static final String[] FORMATS = { FORMAT_AUTO, "elf", "hex", "srec", "bin" };

    private Text path;
    private Combo format;
    private Text base;
    private Text project;
    private Button build;

    @Override
    protected boolean owns(String attribute) {
        return IMAGE_KEYS.contains(attribute);
    }

    @Override
    public String getName() {
        return "Image";
    }

    @Override
    public org.eclipse.swt.graphics.Image getImage() {
        return LaunchImages.get(LaunchImages.IMAGE);
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = page(parent);
        setControl(page);
        dev.flashbank.ui.help.HelpContexts.bind(page, dev.flashbank.ui.help.HelpContexts.LAUNCH_IMAGE_TAB);
        Group file = group(page, "Firmware image", 3);
        path = text(file, "File:", 1);
        path.setMessage("${workspace_loc:/project/Debug/app.elf} or a path");
        fileButtons(file, path, "*.elf;*.axf;*.out", "*.hex;*.ihex", "*.bin", "*.srec;*.s19;*.mot", "*");
        format = combo(file, "Format:", FORMATS, 2);
        base = text(file, "Base address (BIN only):", 2);
        base.setMessage("e.g. 0x08100000");
        Group b = group(page, "Build", 3);
        project = text(b, "Project:", 1);
        projectButton(b, project);
        build = check(b, "Build the project before launching", 3);
    }

    @Override
    protected void updateEnablement() {
        boolean bin = "bin".equals(format.getText()) || path.getText().toLowerCase(java.util.Locale.ROOT).endsWith(".bin");
        base.setEnabled(bin || !base.getText().isBlank());
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy c) {
        c.setAttribute(IMAGE_FORMAT, FORMAT_AUTO);
        c.setAttribute(BUILD_BEFORE_LAUNCH, true);
    }

    @Override
    protected void load(ILaunchConfiguration c) throws CoreException {
        path.setText(c.getAttribute(IMAGE_PATH, ""));
        format.setText(c.getAttribute(IMAGE_FORMAT, FORMAT_AUTO));
        base.setText(c.getAttribute(IMAGE_BASE, ""));
        project.setText(c.getAttribute(PROJECT, ""));
        build.setSelection(c.getAttribute(BUILD_BEFORE_LAUNCH, true));
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy c) {
        c.setAttribute(IMAGE_PATH, path.getText().strip());
        c.setAttribute(IMAGE_FORMAT, format.getText());
        c.setAttribute(IMAGE_BASE, base.getText().strip());
        c.setAttribute(PROJECT, project.getText().strip());
        c.setAttribute(BUILD_BEFORE_LAUNCH, build.getSelection());
    }
}
