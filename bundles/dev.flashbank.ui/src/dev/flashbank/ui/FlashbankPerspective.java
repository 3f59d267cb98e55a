package dev.flashbank.ui;

import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.eclipse.ui.IPlaceholderFolderLayout;
import org.eclipse.ui.console.IConsoleConstants;

import dev.flashbank.ui.views.TargetsView;

/**
 * The "Flashbank" perspective: targets on the left, the editor area in the middle (each target's Option Bytes editor
 * opens there from the Targets view), console and progress below; the Flash Banks view, when shown, above the
 * editors.
 */
public final class FlashbankPerspective implements IPerspectiveFactory {

    public static final String ID = "dev.flashbank.ui.perspective";

    /** The Flash Banks view (its id as plugin.xml declares it). */
    private static final String BANKS_VIEW = "dev.flashbank.ui.views.banks";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editorArea = layout.getEditorArea();
        layout.setEditorAreaVisible(true);
        IFolderLayout left = layout.createFolder("dev.flashbank.ui.left", IPageLayout.LEFT, 0.28f, editorArea);
        left.addView(TargetsView.ID);
        IFolderLayout bottom = layout.createFolder("dev.flashbank.ui.bottom", IPageLayout.BOTTOM, 0.75f, editorArea);
        bottom.addView(IConsoleConstants.ID_CONSOLE_VIEW);
        bottom.addView(IPageLayout.ID_PROGRESS_VIEW);
        // a view cannot stack with editors: the bank browser gets three quarters of the middle, above the editors,
        // when it is shown (its hex view needs the height; it is not shown by default: while on screen it re-reads the
        // target after every other job)
        IPlaceholderFolderLayout banks = layout.createPlaceholderFolder("dev.flashbank.ui.main", IPageLayout.TOP,
                0.75f, editorArea);
        banks.addPlaceholder(BANKS_VIEW);
        layout.addShowViewShortcut(TargetsView.ID);
        layout.addShowViewShortcut(IConsoleConstants.ID_CONSOLE_VIEW);
        layout.addShowViewShortcut(IPageLayout.ID_PROGRESS_VIEW);
        // (the Flash Banks view's shortcut comes from plugin.xml's perspectiveExtensions)
        // the Run menu and the Run/Debug toolbar: the three Flashbank launch types (and launch groups that chain
        // them before a debug launch) are reached from here as in the C/C++ perspective
        layout.addActionSet(IDebugUIConstants.LAUNCH_ACTION_SET);
        layout.addPerspectiveShortcut(ID);
        layout.addPerspectiveShortcut(IDebugUIConstants.ID_DEBUG_PERSPECTIVE);
    }
}
