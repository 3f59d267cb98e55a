package dev.flashbank.launch.ui;

import static dev.flashbank.core.launch.LaunchAttributes.*;

import java.util.List;

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
import org.eclipse.swt.widgets.Text;

import dev.flashbank.core.launch.LaunchSpec;
import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.launch.InstalledSchemes;

/**
 * What a launch does. For "Flashbank Bank Update": mode, switching scheme, verify, swap, reset and run, option-byte
 * backup. For "Flashbank Swap Banks": switch or roll back, scheme, reset, backup. For "Flashbank Option Bytes": the
 * profile and reset - never a confirmation: a change that erases flash or cannot be undone is confirmed in the review
 * dialog each time the launch runs (a stored one would apply unreviewed; see core.ops.StoredConfirmation).
 */
final class UpdateTab extends FlashbankTab {

    enum Kind {
        BANK_UPDATE, SWAP, OPTIONS
    }

    private final Kind kind;
    private Combo mode;
    private Combo scheme;
    private Combo action;
    private Button verify;
    private Button swap;
    private Button reset;
    private Button backup;
    private Text backupDir;
    private Composite backupDirButtons;
    private Text profile;

    UpdateTab(Kind kind) {
        this.kind = kind;
    }

    @Override
    protected boolean owns(String attribute) {
        return UPDATE_KEYS.contains(attribute);
    }

    @Override
    public String getName() {
        return switch (kind) {
            case BANK_UPDATE -> "Update";
            case SWAP -> "Swap";
            case OPTIONS -> "Option Bytes";
        };
    }

    /** The icon of the launch type this tab belongs to: the tab holds what the type does. */
    @Override
    public org.eclipse.swt.graphics.Image getImage() {
        return LaunchImages.get(switch (kind) {
            case BANK_UPDATE -> LaunchImages.BANK_UPDATE;
            case SWAP -> LaunchImages.SWAP_BANKS;
            case OPTIONS -> LaunchImages.OPTION_BYTES;
        });
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = page(parent);
        setControl(page);
        dev.flashbank.ui.help.HelpContexts.bind(page, switch (kind) {
            case BANK_UPDATE -> dev.flashbank.ui.help.HelpContexts.LAUNCH_UPDATE_TAB;
            case SWAP -> dev.flashbank.ui.help.HelpContexts.LAUNCH_SWAP_TAB;
            case OPTIONS -> dev.flashbank.ui.help.HelpContexts.LAUNCH_OPTIONS_TAB;
        });
        Group what = group(page, kind == Kind.OPTIONS ? "Profile" : "Operation", 3);
        if (kind == Kind.BANK_UPDATE) {
            mode = combo(what, "Mode:", labels(LaunchSpec.Mode.values(), LaunchSpec.Mode::label), 2);
        }
        if (kind == Kind.SWAP) {
            action = combo(what, "Action:", labels(LaunchSpec.SwapAction.values(), LaunchSpec.SwapAction::label), 2);
        }
        if (kind != Kind.OPTIONS) {
            scheme = combo(what, "Switching scheme:", java.util.stream.Stream.concat(java.util.stream.Stream.of(
                    SchemeLabels.PART_DEFAULT), SCHEMES.stream().map(SchemeLabels::label)).toArray(String[]::new), 2);
        } else {
            profile = text(what, "Option-byte profile:", 1);
            profile.setMessage("a .fbopt file (Option Bytes editor > Backup, or 'flashbank ob backup')");
            fileButtons(what, profile, "*.fbopt", "*");
            Label review = new Label(what, SWT.WRAP);
            review.setText("Changes that erase flash or cannot be undone are confirmed in a review each time the launch runs.");
            GridData wrapped = new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1);
            wrapped.widthHint = 200; // wraps at the tab's width instead of widening it to the sentence
            review.setLayoutData(wrapped);
        }
        Group after = group(page, "Steps", 3);
        if (kind == Kind.BANK_UPDATE) {
            verify = check(after, "Verify after programming", 3);
            swap = check(after, "Swap: boot the updated bank after a successful verify", 3);
        }
        reset = check(after, kind == Kind.OPTIONS ? "Reset if the change needs one" : "Reset and run", 3);
        if (kind != Kind.OPTIONS) {
            backup = check(after, "Keep a backup of the option bytes (.fbopt) before writing", 3);
        }
        backupDir = text(after, "Backup folder:", 1);
        backupDirButtons = folderButtons(after, backupDir);
        backupDir.setMessage(dev.flashbank.launch.FlashbankLaunchDelegate.defaultBackupDir().toString());
        // GTK sizes a text field to its hint: the long default path widened the tab past the dialog, cutting off the
        // combos and the Variables... button on the right (ScreenshotTour); the field still fills the row
        ((GridData) backupDir.getLayoutData()).widthHint = 200;
    }

    @Override
    protected void updateEnablement() {
        if (kind == Kind.BANK_UPDATE) {
            boolean bankUpdate = mode.getSelectionIndex() == LaunchSpec.Mode.BANK_UPDATE.ordinal();
            scheme.setEnabled(bankUpdate);
            swap.setEnabled(bankUpdate || swap.getSelection());
        }
        if (backup != null) {
            backupDir.setEnabled(backup.getSelection());
            for (org.eclipse.swt.widgets.Control b : backupDirButtons.getChildren()) {
                b.setEnabled(backup.getSelection());
            }
        }
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy c) {
        c.setAttribute(MODE, LaunchSpec.Mode.BANK_UPDATE.name());
        c.setAttribute(SCHEME, defaultScheme(c));
        c.setAttribute(SWAP_ACTION, LaunchSpec.SwapAction.SWITCH.name());
        c.setAttribute(VERIFY, true);
        c.setAttribute(SWAP, kind == Kind.BANK_UPDATE);
        c.setAttribute(RESET_AND_RUN, true);
        c.setAttribute(BACKUP_OPTIONS, true);
    }

    @Override
    protected void load(ILaunchConfiguration c) throws CoreException {
        if (mode != null) {
            mode.select(ordinal(LaunchSpec.Mode.class, c.getAttribute(MODE, LaunchSpec.Mode.BANK_UPDATE.name())));
            verify.setSelection(c.getAttribute(VERIFY, true));
            swap.setSelection(c.getAttribute(SWAP, true));
        }
        if (action != null) {
            action.select(ordinal(LaunchSpec.SwapAction.class, c.getAttribute(SWAP_ACTION, "SWITCH")));
        }
        if (scheme != null) {
            // empty = the part's own default (entry 0); an unknown id is shown empty, the core's validation names the
            // part's schemes
            String id = c.getAttribute(SCHEME, "");
            scheme.select(id.isBlank() ? 0
                    : SwitchScheme.find(SCHEMES, id).map(x -> SCHEMES.indexOf(x) + 1).orElse(-1));
        }
        if (profile != null) {
            profile.setText(c.getAttribute(OPTION_PROFILE, ""));
        }
        reset.setSelection(c.getAttribute(RESET_AND_RUN, true));
        if (backup != null) {
            backup.setSelection(c.getAttribute(BACKUP_OPTIONS, true));
        }
        backupDir.setText(c.getAttribute(BACKUP_DIR, ""));
    }

    private static <E extends Enum<E>> int ordinal(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e.ordinal();
            }
        }
        return -1; // shown empty; the core's validation names the unknown value
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy c) {
        if (mode != null && mode.getSelectionIndex() >= 0) {
            c.setAttribute(MODE, LaunchSpec.Mode.values()[mode.getSelectionIndex()].name());
            c.setAttribute(VERIFY, verify.getSelection());
            c.setAttribute(SWAP, swap.getSelection());
        }
        if (action != null && action.getSelectionIndex() >= 0) {
            c.setAttribute(SWAP_ACTION, LaunchSpec.SwapAction.values()[action.getSelectionIndex()].name());
        }
        if (scheme != null && scheme.getSelectionIndex() >= 0) {
            c.setAttribute(SCHEME, scheme.getSelectionIndex() == 0 ? "" : SCHEMES.get(scheme.getSelectionIndex() - 1).id());
        }
        if (profile != null) {
            c.setAttribute(OPTION_PROFILE, profile.getText().strip());
            c.removeAttribute(CONFIRM_PART); // saving drops a confirmation stored by an earlier version
        }
        c.setAttribute(RESET_AND_RUN, reset.getSelection());
        if (backup != null) {
            c.setAttribute(BACKUP_OPTIONS, backup.getSelection());
        }
        c.setAttribute(BACKUP_DIR, backupDir.getText().strip());
    }

    /**
     * The scheme of a new configuration: the default of the Flashbank preferences (its project's, else the
     * workspace's) when installed, else none: the part's own default, chosen when the part is known (the first
     * installed scheme was another family's for most parts: BOOT_ADD on an H743).
     */
    static String defaultScheme(ILaunchConfigurationWorkingCopy c) {
        String project;
        try {
            project = c.getAttribute(PROJECT, "");
        } catch (CoreException e) {
            project = "";
        }
        return SwitchScheme.find(SCHEMES, dev.flashbank.launch.LaunchPreferences.defaultScheme(project))
                .map(SwitchScheme::id).orElse("");
    }

    /** The schemes of the installed families, in the combo's order. */
    private static final List<SwitchScheme> SCHEMES = InstalledSchemes.all();

    /** Scheme names as the reference manual speaks of them, with what the images look like. */
    static final class SchemeLabels {
        /** The combo's first entry: no scheme stored, the part's own default (its family's first scheme). */
        static final String PART_DEFAULT = "The part's default scheme (chosen by its family when the part is known)";

        static String label(SwitchScheme s) {
            return s.name() + ": " + s.summary();
        }
    }
}
