package dev.flashbank.launch.ui;

import static dev.flashbank.core.launch.LaunchAttributes.*;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.ILaunchShortcut;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorPart;

/**
 * "Run As > Flashbank Bank Update" on an ELF/HEX/BIN file: reuses the configuration that already names this file, or
 * creates one (defaults: the default simulated board's part, bank update with the default scheme, verify, swap,
 * reset). A configuration the core finds incomplete (a BIN without base address, ...) opens in the launch dialog,
 * showing why, instead of running.
 */
public final class BankUpdateShortcut implements ILaunchShortcut {

    @Override
    public void launch(ISelection selection, String mode) {
        if (selection instanceof IStructuredSelection s && !s.isEmpty()) {
            IFile file = Adapters.adapt(s.getFirstElement(), IFile.class);
            if (file != null) {
                launch(file, mode);
            }
        }
    }

    @Override
    public void launch(IEditorPart editor, String mode) {
        IFile file = Adapters.adapt(editor.getEditorInput(), IFile.class);
        if (file != null) {
            launch(file, mode);
        }
    }

    static String imagePath(IFile file) {
        return "${workspace_loc:" + file.getFullPath().toString() + "}";
    }

    void launch(IFile file, String mode) {
        try {
            ILaunchConfiguration c = find(file);
            if (c == null) {
                c = create(file);
            }
            String problem = FlashbankTab.firstProblem(c);
            if (problem != null) {
                String group = ILaunchManager.DEBUG_MODE.equals(mode) ? IDebugUIConstants.ID_DEBUG_LAUNCH_GROUP
                        : IDebugUIConstants.ID_RUN_LAUNCH_GROUP;
                DebugUITools.openLaunchConfigurationDialogOnGroup(Display.getCurrent().getActiveShell(),
                        new StructuredSelection(c), group);
                return;
            }
            DebugUITools.launch(c, mode);
        } catch (CoreException e) {
            MessageDialog.openError(Display.getCurrent().getActiveShell(), "Flashbank Bank Update",
                    e.getStatus().getMessage());
        }
    }

    static ILaunchConfiguration find(IFile file) throws CoreException {
        ILaunchManager m = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationType t = m.getLaunchConfigurationType(TYPE_BANK_UPDATE);
        for (ILaunchConfiguration c : m.getLaunchConfigurations(t)) {
            if (imagePath(file).equals(c.getAttribute(IMAGE_PATH, ""))) {
                return c;
            }
        }
        return null;
    }

    static ILaunchConfiguration create(IFile file) throws CoreException {
        ILaunchManager m = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationType t = m.getLaunchConfigurationType(TYPE_BANK_UPDATE);
        ILaunchConfigurationWorkingCopy wc = t.newInstance(null,
                m.generateLaunchConfigurationName("Update " + file.getName()));
        wc.setAttribute(PROJECT, file.getProject().getName()); // first: the defaults take the project's settings
        new TargetTabDefaults().apply(wc);
        wc.setAttribute(IMAGE_PATH, imagePath(file));
        wc.setAttribute(BUILD_BEFORE_LAUNCH, true);
        wc.setMappedResources(new org.eclipse.core.resources.IResource[] { file });
        return wc.doSave();
    }

    /** The defaults the tabs set, without creating their controls. */
    static final class TargetTabDefaults {
        void apply(ILaunchConfigurationWorkingCopy wc) {
            new TargetTab().setDefaults(wc);
            new ImageTab().setDefaults(wc);
            new UpdateTab(UpdateTab.Kind.BANK_UPDATE).setDefaults(wc);
        }
    }
}
