package dev.flashbank.launch.ui;

import static dev.flashbank.core.launch.LaunchAttributes.*;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceRoot;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.debug.ui.StringVariableSelectionDialog;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.events.ModifyListener;
import org.eclipse.swt.events.SelectionListener;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.ElementListSelectionDialog;
import org.eclipse.ui.dialogs.ElementTreeSelectionDialog;
import org.eclipse.ui.model.BaseWorkbenchContentProvider;
import org.eclipse.ui.model.WorkbenchLabelProvider;

import dev.flashbank.core.launch.LaunchSpec;
import dev.flashbank.launch.FlashbankLaunchDelegate;

/**
 * Base of the Flashbank tabs: small widget helpers, and validation that asks the core's {@link LaunchSpec} - the very
 * checks the delegate and {@code flashbank launch} run - so the dialog shows the same sentence before anything runs.
 */
abstract class FlashbankTab extends AbstractLaunchConfigurationTab {

    protected final ModifyListener dirty = e -> changed();
    protected final SelectionListener dirtySelection = SelectionListener.widgetSelectedAdapter(e -> changed());

    protected void changed() {
        if (!isInitializing()) {
            setDirty(true);
            updateEnablement();
            updateLaunchConfigurationDialog();
        }
    }

    private boolean initializing;

    protected boolean isInitializing() {
        return initializing;
    }

    @Override
    public final void initializeFrom(ILaunchConfiguration configuration) {
        initializing = true;
        try {
            load(configuration);
            updateEnablement();
        } catch (CoreException e) {
            setErrorMessage(e.getStatus().getMessage());
        } finally {
            initializing = false;
        }
    }

    protected abstract void load(ILaunchConfiguration c) throws CoreException;

    protected void updateEnablement() {
        // tabs with dependent controls override this
    }

    /** Attributes whose problems the Image tab shows. */
    static final Set<String> IMAGE_KEYS = Set.of(IMAGE_PATH, IMAGE_FORMAT, IMAGE_BASE, PROJECT, BUILD_BEFORE_LAUNCH);
    /** Attributes whose problems the Update / Swap / Option Bytes tab shows. */
    static final Set<String> UPDATE_KEYS = Set.of(MODE, SCHEME, VERIFY, SWAP, RESET_AND_RUN, BACKUP_OPTIONS,
            BACKUP_DIR, SWAP_ACTION, OPTION_PROFILE, CONFIRM_PART);

    /** True for the problems this tab shows (the Target tab shows every problem no other tab owns). */
    protected abstract boolean owns(String attribute);

    /** The problems of the whole configuration as the core sees it (empty when it can run). */
    static List<LaunchSpec.Problem> problems(ILaunchConfiguration c) {
        try {
            Map<String, Object> attrs = c.getAttributes();
            return LaunchSpec.problemsByAttribute(c.getType().getIdentifier(), attrs,
                    FlashbankLaunchDelegate.ECLIPSE_VARIABLES, FlashbankLaunchDelegate.FAMILIES);
        } catch (CoreException e) {
            return List.of(new LaunchSpec.Problem("", e.getStatus().getMessage()));
        }
    }

    /** The first problem of the configuration, or null. */
    static String firstProblem(ILaunchConfiguration c) {
        List<LaunchSpec.Problem> p = problems(c);
        return p.isEmpty() ? null : p.get(0).message();
    }

    /** Shows the first problem that concerns this tab; the dialog runs nothing while any tab is invalid. */
    @Override
    public boolean isValid(ILaunchConfiguration c) {
        setMessage(null);
        String p = problems(c).stream().filter(x -> owns(x.attribute())).map(LaunchSpec.Problem::message)
                .findFirst().orElse(null);
        setErrorMessage(p);
        return p == null;
    }

    @Override
    public boolean canSave() {
        return true; // an incomplete configuration may be saved; it is only refused when launched
    }

    // ------------------------------------------------------------------------------------------ widget helpers

    static Composite page(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        c.setLayout(new GridLayout(1, false));
        return c;
    }

    static Group group(Composite parent, String title, int columns) {
        Group g = new Group(parent, SWT.NONE);
        g.setText(title);
        g.setLayout(new GridLayout(columns, false));
        g.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return g;
    }

    Text text(Composite parent, String label, int span) {
        new Label(parent, SWT.NONE).setText(label);
        Text t = new Text(parent, SWT.BORDER);
        t.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, span, 1));
        t.addModifyListener(dirty);
        return t;
    }

    Combo combo(Composite parent, String label, String[] items, int span) {
        new Label(parent, SWT.NONE).setText(label);
        Combo c = new Combo(parent, SWT.READ_ONLY);
        c.setItems(items);
        c.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, span, 1));
        c.addSelectionListener(dirtySelection);
        return c;
    }

    Button check(Composite parent, String label, int span) {
        Button b = new Button(parent, SWT.CHECK);
        b.setText(label);
        b.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, span, 1));
        b.addSelectionListener(dirtySelection);
        return b;
    }

    /** "File...", "Workspace..." and "Variables..." buttons that fill {@code target} with a file. */
    void fileButtons(Composite parent, Text target, String... extensions) {
        Composite bar = buttonBar(parent, 3);
        button(bar, "File...", () -> {
            FileDialog d = new FileDialog(getShell(), SWT.OPEN);
            d.setFilterExtensions(extensions);
            String f = d.open();
            if (f != null) {
                target.setText(f);
            }
        });
        button(bar, "Workspace...", () -> chooseInWorkspace(target, false));
        variablesButton(bar, target);
    }

    /** "File System...", "Workspace..." and "Variables..." buttons that fill {@code target} with a folder. */
    Composite folderButtons(Composite parent, Text target) {
        Composite bar = buttonBar(parent, 3);
        button(bar, "File System...", () -> {
            DirectoryDialog d = new DirectoryDialog(getShell());
            d.setFilterPath(target.getText().strip());
            String f = d.open();
            if (f != null) {
                target.setText(f);
            }
        });
        button(bar, "Workspace...", () -> chooseInWorkspace(target, true));
        variablesButton(bar, target);
        return bar;
    }

    /** A "Browse..." button that puts the name of an open workspace project into {@code target}. */
    void projectButton(Composite parent, Text target) {
        button(parent, "Browse...", () -> {
            ElementListSelectionDialog d = new ElementListSelectionDialog(getShell(), new WorkbenchLabelProvider());
            d.setTitle("Project");
            d.setMessage("The project to build before launching:");
            d.setElements(java.util.Arrays.stream(ResourcesPlugin.getWorkspace().getRoot().getProjects())
                    .filter(IProject::isOpen).toArray());
            if (d.open() == Window.OK && d.getFirstResult() instanceof IProject p) {
                target.setText(p.getName());
            }
        });
    }

    /**
     * A file (or with {@code folders} a folder) of the workspace as {@code ${workspace_loc:/project/path}}: the
     * configuration keeps working when the workspace moves, and the CLI expands it with --workspace.
     */
    private void chooseInWorkspace(Text target, boolean folders) {
        ElementTreeSelectionDialog d = new ElementTreeSelectionDialog(getShell(), new WorkbenchLabelProvider(),
                new BaseWorkbenchContentProvider());
        d.setTitle(folders ? "Folder" : "File");
        d.setMessage(folders ? "Choose a folder of the workspace:" : "Choose a file of the workspace:");
        d.setInput(ResourcesPlugin.getWorkspace().getRoot());
        d.setAllowMultiple(false);
        if (folders) {
            d.addFilter(new ViewerFilter() {
                @Override
                public boolean select(Viewer viewer, Object parentElement, Object element) {
                    return element instanceof IContainer;
                }
            });
        }
        d.setValidator(selection -> selection.length == 1
                && (folders ? selection[0] instanceof IContainer && !(selection[0] instanceof IWorkspaceRoot)
                        : selection[0] instanceof IFile)
                                ? new Status(IStatus.OK, LaunchUi.PLUGIN_ID, "")
                                : new Status(IStatus.ERROR, LaunchUi.PLUGIN_ID, folders ? "Choose a folder." : "Choose a file."));
        if (d.open() == Window.OK && d.getFirstResult() instanceof IResource r) {
            target.setText("${workspace_loc:" + r.getFullPath() + "}");
        }
    }

    private void variablesButton(Composite bar, Text target) {
        button(bar, "Variables...", () -> {
            StringVariableSelectionDialog d = new StringVariableSelectionDialog(getShell());
            if (d.open() == StringVariableSelectionDialog.OK) {
                target.insert(d.getVariableExpression());
            }
        });
    }

    private static Composite buttonBar(Composite parent, int buttons) {
        Composite bar = new Composite(parent, SWT.NONE);
        GridLayout l = new GridLayout(buttons, true);
        l.marginWidth = 0;
        l.marginHeight = 0;
        bar.setLayout(l);
        return bar;
    }

    private static Button button(Composite parent, String label, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(label);
        b.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false));
        b.addSelectionListener(SelectionListener.widgetSelectedAdapter(e -> action.run()));
        return b;
    }

    static <E extends Enum<E>> String[] labels(E[] values, java.util.function.Function<E, String> label) {
        return java.util.Arrays.stream(values).map(label).toArray(String[]::new);
    }
}
