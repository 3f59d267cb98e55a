package dev.flashbank.ui;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import dev.flashbank.ui.views.TargetsView;

/** The "Flashbank" perspective: targets on the left, the editor area for images, console below. */
public final class FlashbankPerspective implements IPerspectiveFactory {

    public static final String ID = "dev.flashbank.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editorArea = layout.getEditorArea();
        IFolderLayout left = layout.createFolder("dev.flashbank.ui.left", IPageLayout.LEFT, 0.30f, editorArea);
        left.addView(TargetsView.ID);
        IFolderLayout bottom = layout.createFolder("dev.flashbank.ui.bottom", IPageLayout.BOTTOM, 0.70f, editorArea);
        bottom.addView("org.eclipse.ui.console.ConsoleView");
        bottom.addPlaceholder(IPageLayout.ID_PROGRESS_VIEW);
        layout.addShowViewShortcut(TargetsView.ID);
        layout.addPerspectiveShortcut(ID);
    }
}
