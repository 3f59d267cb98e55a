package dev.flashbank.ui;

import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.eclipse.ui.console.IConsoleConstants;

import dev.flashbank.ui.views.OptionBytesView;
import dev.flashbank.ui.views.TargetsView;

/** The "Flashbank" perspective: targets on the left, the Option Bytes editor beside them, console and progress below. */
public final class FlashbankPerspective implements IPerspectiveFactory {

    public static final String ID = "dev.flashbank.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editorArea = layout.getEditorArea();
        layout.setEditorAreaVisible(false);
        IFolderLayout left = layout.createFolder("dev.flashbank.ui.left", IPageLayout.LEFT, 0.30f, editorArea);
        left.addView(TargetsView.ID);
        IFolderLayout main = layout.createFolder("dev.flashbank.ui.main", IPageLayout.TOP, 0.75f, editorArea);
        main.addView(OptionBytesView.ID);
        IFolderLayout bottom = layout.createFolder("dev.flashbank.ui.bottom", IPageLayout.BOTTOM, 0.75f, editorArea);
        bottom.addView(IConsoleConstants.ID_CONSOLE_VIEW);
        bottom.addView(IPageLayout.ID_PROGRESS_VIEW);
        layout.addShowViewShortcut(TargetsView.ID);
        layout.addShowViewShortcut(OptionBytesView.ID);
        layout.addShowViewShortcut(IConsoleConstants.ID_CONSOLE_VIEW);
        layout.addShowViewShortcut(IPageLayout.ID_PROGRESS_VIEW);
        // (the Flash Banks view and its shortcut come from plugin.xml's perspectiveExtensions)
        // the Run menu and the Run/Debug toolbar: the three Flashbank launch types (and launch groups that chain
        // them before a debug launch) are reached from here as in the C/C++ perspective
        layout.addActionSet(IDebugUIConstants.LAUNCH_ACTION_SET);
        layout.addPerspectiveShortcut(ID);
        layout.addPerspectiveShortcut(IDebugUIConstants.ID_DEBUG_PERSPECTIVE);
    }
}
