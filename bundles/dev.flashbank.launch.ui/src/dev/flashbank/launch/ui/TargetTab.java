package dev.flashbank.launch.ui;

import static dev.flashbank.core.launch.LaunchAttributes.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
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
import dev.flashbank.core.launch.RegistryTarget;
import dev.flashbank.core.registry.TargetDefinition;
import dev.flashbank.launch.InstalledParts;
import dev.flashbank.ui.FlashbankUiPlugin;
import dev.flashbank.ui.model.TargetManager;

/**
 * Target: a target of the workspace's target registry, by the name the Targets view shows (the delegate opens what
 * the registry defines under that name when the launch runs); or, as configurations made before the registry, a
 * simulated board file + part, an ST-Link probe (picked from the probes on USB, typed, or "any connected probe") or a
 * gdbserver host:port. SWD clock; connect under reset.
 */
final class TargetTab extends FlashbankTab {

    /**
     * Parts offered for a new simulated board: the installed families' ({@link InstalledParts}; any order code a
     * family simulates may be typed in).
     */
    static final String[] PARTS = InstalledParts.simulated().toArray(String[]::new);

    /** The probe picker's first entry: the only ST-Link on USB when the launch runs. */
    static final String ANY_PROBE = "Any connected probe";

    private Button registered;
    /** The registry's names, as the Targets view lists them (a list: all of them in sight, picked by click or keys). */
    private org.eclipse.swt.widgets.List names;
    private Label nameDetails;
    private Button simulated;
    private Button probe;
    private Button gdb;
    private Text stateFile;
    private Combo part;
    private Combo serial;
    private Text gdbAddress;
    private Spinner swd;
    private Button underReset;
    private final List<Runnable> enablement = new ArrayList<>();

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

    /** The workspace's targets (loaded on first use: the Targets view may not have been opened yet). */
    private static TargetManager manager() {
        TargetManager m = FlashbankUiPlugin.getDefault().targets();
        m.load();
        return m;
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = page(parent);
        setControl(page);
        dev.flashbank.ui.help.HelpContexts.bind(page, dev.flashbank.ui.help.HelpContexts.LAUNCH_TARGET_TAB);
        Group kind = group(page, "Connect to", 3);

        registered = radio(kind, "Target from the Targets view (the workspace's target registry)");
        Label targetLabel = new Label(kind, SWT.NONE);
        targetLabel.setText("Target:");
        targetLabel.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
        names = new org.eclipse.swt.widgets.List(kind, SWT.SINGLE | SWT.BORDER | SWT.V_SCROLL);
        names.setItems(manager().registry().names().toArray(String[]::new));
        GridData listData = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
        // three rows (it scrolls): with five, the tab was taller than the launch dialog opens and its last line,
        // "Connect under reset", was cut off at the dialog's default size
        listData.heightHint = names.getItemHeight() * 3;
        names.setLayoutData(listData);
        names.addSelectionListener(dirtySelection);
        new Label(kind, SWT.NONE);
        nameDetails = new Label(kind, SWT.WRAP);
        nameDetails.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        simulated = radio(kind, LaunchSpec.TargetKind.SIMULATED.label() + " file");
        stateFile = text(kind, "Board file:", 1);
        fileButtons(kind, stateFile, "*.fbboard", "*");
        new Label(kind, SWT.NONE).setText("Part:");
        part = new Combo(kind, SWT.DROP_DOWN);
        part.setItems(PARTS);
        part.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        part.addModifyListener(dirty);

        probe = radio(kind, LaunchSpec.TargetKind.STLINK.label());
        new Label(kind, SWT.NONE).setText("Probe:");
        serial = new Combo(kind, SWT.DROP_DOWN);
        serial.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        serial.addModifyListener(dirty);
        serial.setToolTipText("pick a connected ST-Link, '" + ANY_PROBE + "', or type a serial (any unique part of it)");
        fillProbes();
        Button look = new Button(kind, SWT.PUSH);
        look.setText("Look for probes");
        look.addListener(SWT.Selection, e -> lookForProbes(look));

        gdb = radio(kind, LaunchSpec.TargetKind.GDB.label());
        gdbAddress = text(kind, "host:port:", 2);
        gdbAddress.setMessage("e.g. 127.0.0.1:3333 (OpenOCD, pyOCD, ST-LINK_gdbserver, J-Link, QEMU)");

        enablement.add(() -> names.setEnabled(registered.getSelection()));
        enablement.add(() -> stateFile.setEnabled(simulated.getSelection()));
        enablement.add(() -> part.setEnabled(simulated.getSelection()));
        enablement.add(() -> serial.setEnabled(probe.getSelection()));
        enablement.add(() -> look.setEnabled(probe.getSelection()));
        enablement.add(() -> gdbAddress.setEnabled(gdb.getSelection()));

        Group conn = group(page, "Connection", 2);
        new Label(conn, SWT.NONE).setText("SWD frequency (kHz, 0 = probe default):");
        swd = new Spinner(conn, SWT.BORDER);
        swd.setValues(0, 0, 24_000, 0, 100, 1000);
        swd.addModifyListener(dirty);
        underReset = check(conn, "Connect under reset (for firmware that disables SWD or sleeps)", 2);
    }

    private Button radio(Composite parent, String label) {
        Button b = new Button(parent, SWT.RADIO);
        b.setText(label);
        b.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        b.addSelectionListener(dirtySelection);
        return b;
    }

    /** The picker: "any connected probe", then the ST-Links the last discovery found (serial - description). */
    private void fillProbes() {
        String typed = serial.getText();
        List<String> items = new ArrayList<>();
        items.add(ANY_PROBE);
        for (TargetManager.ConnectedProbe p : manager().connectedProbes()) {
            items.add(p.serial() + " \u2014 " + p.label());
        }
        serial.setItems(items.toArray(String[]::new));
        serial.setText(typed);
    }

    /** USB discovery is I/O: a job, then the picker is filled on the display thread. */
    private void lookForProbes(Button look) {
        look.setEnabled(false);
        Job j = Job.create("Looking for ST-Link probes", (IProgressMonitor m) -> {
            try {
                manager().refreshProbes();
            } catch (RuntimeException | LinkageError e) {
                // no USB access here: the picker keeps "any connected probe" and typed serials
            }
            if (!look.isDisposed()) {
                look.getDisplay().asyncExec(() -> {
                    if (!look.isDisposed()) {
                        fillProbes();
                        look.setEnabled(probe.getSelection());
                    }
                });
            }
            return Status.OK_STATUS;
        });
        j.schedule();
    }

    /** The serial a picker entry stands for: "" for any connected probe, the text before " - " for a found one. */
    static String serialOf(String entry) {
        String e = entry.strip();
        if (e.equals(ANY_PROBE)) {
            return "";
        }
        int dash = e.indexOf(" \u2014 ");
        return dash < 0 ? e : e.substring(0, dash).strip();
    }

    @Override
    protected void updateEnablement() {
        enablement.forEach(Runnable::run);
        Optional<TargetDefinition> d = selectedDefinition();
        nameDetails.setText(d.map(TargetDefinition::spec).orElse(registered.getSelection() && !chosenName().isEmpty()
                ? "not in the target registry " + manager().registryFile() : ""));
        nameDetails.getParent().layout(true);
    }

    private Optional<TargetDefinition> selectedDefinition() {
        return chosenName().isEmpty() ? Optional.empty() : manager().registry().find(chosenName());
    }

    /** The name selected in the list, "" for none. */
    private String chosenName() {
        return names.getSelectionCount() == 0 ? "" : names.getSelection()[0];
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy c) {
        c.setAttribute(SWD_FREQUENCY_KHZ, dev.flashbank.launch.LaunchPreferences.swdKHz()); // Flashbank preferences
        c.setAttribute(CONNECT_UNDER_RESET, false);
        // a new configuration launches on the first target the Targets view lists (the default board of a new workspace)
        Optional<TargetDefinition> first = manager().registry().targets().stream().findFirst();
        if (first.isPresent()) {
            RegistryTarget.attributesOf(first.get()).forEach((k, v) -> put(c, k, v));
            return;
        }
        c.setAttribute(TARGET_KIND, LaunchSpec.TargetKind.SIMULATED.name());
        c.setAttribute(SIM_PART, InstalledParts.defaultPart());
        c.setAttribute(SIM_STATE_FILE, defaultBoardFile());
    }

    private static void put(ILaunchConfigurationWorkingCopy c, String key, Object value) {
        if (value instanceof Boolean b) {
            c.setAttribute(key, b.booleanValue());
        } else {
            c.setAttribute(key, value.toString());
        }
    }

    static String defaultBoardFile() {
        return dev.flashbank.core.io.FlashbankHome.boards().resolve(InstalledParts.defaultPart() + ".fbboard").toString();
    }

    @Override
    protected void load(ILaunchConfiguration c) throws CoreException {
        String registryName = c.getAttribute(TARGET_NAME, "");
        String k = c.getAttribute(TARGET_KIND, "");
        boolean byName = !registryName.isBlank();
        registered.setSelection(byName);
        probe.setSelection(!byName && LaunchSpec.TargetKind.STLINK.name().equals(k));
        gdb.setSelection(!byName && LaunchSpec.TargetKind.GDB.name().equals(k));
        simulated.setSelection(!byName && !probe.getSelection() && !gdb.getSelection());
        names.setItems(manager().registry().names().toArray(String[]::new));
        if (byName && names.indexOf(registryName) < 0) {
            names.add(registryName); // renamed or removed since: shown, and named as the problem (isValid)
        }
        if (byName) {
            names.setSelection(names.indexOf(registryName));
        } else {
            names.deselectAll();
        }
        stateFile.setText(c.getAttribute(SIM_STATE_FILE, ""));
        part.setText(c.getAttribute(SIM_PART, InstalledParts.defaultPart()));
        serial.setText(c.getAttribute(PROBE_ANY, false) ? ANY_PROBE : c.getAttribute(PROBE_SERIAL, ""));
        gdbAddress.setText(c.getAttribute(GDB_ADDRESS, ""));
        swd.setSelection(c.getAttribute(SWD_FREQUENCY_KHZ, 0));
        underReset.setSelection(c.getAttribute(CONNECT_UNDER_RESET, false));
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy c) {
        Optional<TargetDefinition> d = registered.getSelection() ? selectedDefinition() : Optional.empty();
        if (registered.getSelection()) {
            // the name decides at launch time; beside it what it stands for now (older readers, flashbank launch)
            c.setAttribute(TARGET_NAME, chosenName());
            d.ifPresent(t -> RegistryTarget.attributesOf(t).forEach((key, v) -> put(c, key, v)));
        } else {
            c.removeAttribute(TARGET_NAME);
            LaunchSpec.TargetKind kind = probe.getSelection() ? LaunchSpec.TargetKind.STLINK
                    : gdb.getSelection() ? LaunchSpec.TargetKind.GDB : LaunchSpec.TargetKind.SIMULATED;
            c.setAttribute(TARGET_KIND, kind.name());
            c.setAttribute(SIM_STATE_FILE, stateFile.getText().strip());
            c.setAttribute(SIM_PART, part.getText().strip());
            String s = serialOf(serial.getText());
            c.setAttribute(PROBE_SERIAL, s);
            c.setAttribute(PROBE_ANY, kind == LaunchSpec.TargetKind.STLINK && s.isEmpty() && !serial.getText().isBlank());
            c.setAttribute(GDB_ADDRESS, gdbAddress.getText().strip());
        }
        c.setAttribute(SWD_FREQUENCY_KHZ, swd.getSelection());
        c.setAttribute(CONNECT_UNDER_RESET, underReset.getSelection());
    }

    /** A registry name that is no longer there is this tab's problem; the rest is the core's validation. */
    @Override
    public boolean isValid(ILaunchConfiguration c) {
        try {
            Map<String, Object> a = c.getAttributes();
            String n = RegistryTarget.nameOf(a);
            if (n != null && manager().registry().find(n).isEmpty()) {
                setMessage(null);
                setErrorMessage("The target '" + n + "' is not in the Targets view (renamed or removed?): choose a "
                        + "target.");
                return false;
            }
            if (n == null && registered != null && registered.getSelection()) {
                setMessage(null);
                setErrorMessage("Choose a target from the Targets view.");
                return false;
            }
        } catch (CoreException e) {
            setErrorMessage(e.getStatus().getMessage());
            return false;
        }
        return super.isValid(c);
    }
}
