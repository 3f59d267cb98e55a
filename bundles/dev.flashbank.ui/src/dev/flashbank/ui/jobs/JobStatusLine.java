package dev.flashbank.ui.jobs;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.jface.action.IStatusLineManager;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.IViewSite;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

/**
 * The outcome of the last target job on the status line of the active part, as Eclipse editors and views report
 * their errors: one line (the status line never grows), the error icon, cleared by the next job that succeeds. Runs
 * on the UI thread; does nothing without a workbench (headless tests).
 */
final class JobStatusLine {

    /** The status line the last error went to, so a later success clears it there and nowhere else. */
    private static IStatusLineManager lastError;

    private JobStatusLine() {
    }

    /** Shows {@code failure}'s first line as the active part's status-line error. */
    static void showError(IStatus failure) {
        String line = JobFailure.firstLine(failure);
        inUi(() -> {
            IStatusLineManager m = activePartStatusLine();
            if (m != null) {
                m.setErrorMessage(PlatformUI.getWorkbench().getSharedImages().getImage(ISharedImages.IMG_OBJS_ERROR_TSK),
                        line);
                lastError = m;
            }
        });
    }

    /** Clears the error a previous job left, after a job that succeeded. */
    static void clearError() {
        inUi(() -> {
            if (lastError != null) {
                lastError.setErrorMessage(null);
                lastError = null;
            }
        });
    }

    private static void inUi(Runnable r) {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        Display d = PlatformUI.getWorkbench().getDisplay();
        if (!d.isDisposed()) {
            d.asyncExec(r);
        }
    }

    private static IStatusLineManager activePartStatusLine() {
        IWorkbenchWindow w = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (w == null && PlatformUI.getWorkbench().getWorkbenchWindowCount() > 0) {
            w = PlatformUI.getWorkbench().getWorkbenchWindows()[0]; // a dialog is active: the window below it
        }
        IWorkbenchPage page = w == null ? null : w.getActivePage();
        IWorkbenchPart part = page == null ? null : page.getActivePart();
        if (part == null) {
            return null;
        }
        if (part.getSite() instanceof IViewSite v) {
            return v.getActionBars().getStatusLineManager();
        }
        if (part.getSite() instanceof IEditorSite e) {
            return e.getActionBars().getStatusLineManager();
        }
        return null;
    }
}
