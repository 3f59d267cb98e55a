package dev.flashbank.launch.ui;

import static dev.flashbank.core.launch.LaunchAttributes.*;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import dev.flashbank.core.launch.LaunchSpec;
import dev.flashbank.launch.FlashbankLaunchDelegate;
import dev.flashbank.launch.InstalledParts;

/** Target: a simulated board (state file + part) or an ST-Link probe (serial); SWD clock; connect under reset. */
final class TargetTab extends FlashbankTab {

    /**
     * Parts offered for a new simulated board: the installed families' ({@link InstalledParts}; any order code a
     * family simulates may be typed in).
     */
    static final String[] PARTS = InstalledParts.simulated().toArray(String[]::new);

    private Button simulated;
    private Button probe;
    private Text stateFile;
    private Combo part;
    private Text serial;
    private Spinner swd;
    private Button underReset;

    @Override
    protected boolean owns(String attribute) {
        return !IMAGE_KEYS.contains(attribute) && !UPDATE_KEYS.contains(attribute);
    }

    @Override
    public String getName() {
        return "Target";
    }

    @Override
    public org.eclipse.swt.graphics.Image getImage() {
        return LaunchImages.get(LaunchImages.TARGET);
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = page(parent);
        setControl(page);
        dev.flashbank.ui.help.HelpContexts.bind(page, dev.flashbank.ui.help.HelpContexts.LAUNCH_TARGET_TAB);
        Group kind = group(page, "Connect to", 3);
        simulated = new Button(kind, SWT.RADIO);
        simulated.setText(LaunchSpec.TargetKind.SIMULATED.label());
        simulated.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        simulated.addSelectionListener(dirtySelection);
        stateFile = text(kind, "Board file:", 1);
        fileButtons(kind, stateFile, "*.fbboard", "*");
        new Label(kind, SWT.NONE).setText("Part:");
        part = new Combo(kind, SWT.DROP_DOWN);
        part.setItems(PARTS);
        part.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        part.addModifyListener(dirty);
        probe = new Button(kind, SWT.RADIO);
        probe.setText(LaunchSpec.TargetKind.STLINK.label());
        probe.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        probe.addSelectionListener(dirtySelection);
        serial = text(kind, "Serial number:", 2);
        serial.setMessage("full serial or any unique part of it (see 'flashbank probes')");

        Group conn = group(page, "Connection", 2);
        new Label(conn, SWT.NONE).setText("SWD frequency (kHz, 0 = probe default):");
        swd = new Spinner(conn, SWT.BORDER);
        swd.setValues(0, 0, 24_000, 0, 100, 1000);
        swd.addModifyListener(dirty);
        underReset = check(conn, "Connect under reset (for firmware that disables SWD or sleeps)", 2);
    }

    @Override
    protected void updateEnablement() {
        boolean sim = simulated.getSelection();
        stateFile.setEnabled(sim);
        part.setEnabled(sim);
        serial.setEnabled(!sim);
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy c) {
        c.setAttribute(TARGET_KIND, LaunchSpec.TargetKind.SIMULATED.name());
        c.setAttribute(SIM_PART, InstalledParts.defaultPart());
        c.setAttribute(SIM_STATE_FILE, defaultBoardFile());
        c.setAttribute(SWD_FREQUENCY_KHZ, dev.flashbank.launch.LaunchPreferences.swdKHz()); // Flashbank preferences
        c.setAttribute(CONNECT_UNDER_RESET, false);
    }

    static String defaultBoardFile() {
        return dev.flashbank.core.io.FlashbankHome.boards().resolve(InstalledParts.defaultPart() + ".fbboard").toString();
    }

    @Override
    protected void load(ILaunchConfiguration c) throws CoreException {
        boolean sim = !LaunchSpec.TargetKind.STLINK.name().equals(c.getAttribute(TARGET_KIND, ""));
        simulated.setSelection(sim);
        probe.setSelection(!sim);
        stateFile.setText(c.getAttribute(SIM_STATE_FILE, ""));
        part.setText(c.getAttribute(SIM_PART, InstalledParts.defaultPart()));
        serial.setText(c.getAttribute(PROBE_SERIAL, ""));
        swd.setSelection(c.getAttribute(SWD_FREQUENCY_KHZ, 0));
        underReset.setSelection(c.getAttribute(CONNECT_UNDER_RESET, false));
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy c) {
        c.setAttribute(TARGET_KIND, (simulated.getSelection() ? LaunchSpec.TargetKind.SIMULATED
                : LaunchSpec.TargetKind.STLINK).name());
        c.setAttribute(SIM_STATE_FILE, stateFile.getText().strip());
        c.setAttribute(SIM_PART, part.getText().strip());
        c.setAttribute(PROBE_SERIAL, serial.getText().strip());
        c.setAttribute(SWD_FREQUENCY_KHZ, swd.getSelection());
        c.setAttribute(CONNECT_UNDER_RESET, underReset.getSelection());
    }
}
