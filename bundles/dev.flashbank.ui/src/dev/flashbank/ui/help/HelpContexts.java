package dev.flashbank.ui.help;

import java.util.List;

import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.PlatformUI;
import org.osgi.framework.FrameworkUtil;

/**
 * The context-help ids of every Flashbank view, editor, dialog, preference page and launch tab (F1, the dialogs'
 * "?" button): each is a {@code <context>} of {@code help/contexts.xml} in this bundle, whose ids the platform
 * qualifies with the bundle id. One list, so a test can check that every id resolves to a description and topics.
 * A leaf package (it names no other Flashbank package), so every view, dialog, page and launch tab can bind its
 * context without a package cycle.
 */
public final class HelpContexts {

    /** The bundle whose help/contexts.xml defines the contexts: this one. */
    private static final String P = FrameworkUtil.getBundle(HelpContexts.class).getSymbolicName() + ".";

    public static final String TARGETS_VIEW = P + "targets_view";
    /** The Option Bytes editor (one per target). */
    public static final String OPTION_BYTES_EDITOR = P + "option_bytes_editor";
    public static final String FLASH_BANKS_VIEW = P + "flash_banks_view";
    public static final String OPTION_REVIEW_DIALOG = P + "option_review_dialog";
    public static final String NEW_BOARD_DIALOG = P + "new_board_dialog";
    public static final String PREFERENCE_PAGE = P + "preference_page";
    public static final String PROJECT_PROPERTY_PAGE = P + "project_property_page";
    public static final String LAUNCH_TARGET_TAB = P + "launch_target_tab";
    public static final String LAUNCH_IMAGE_TAB = P + "launch_image_tab";
    public static final String LAUNCH_UPDATE_TAB = P + "launch_update_tab";
    public static final String LAUNCH_SWAP_TAB = P + "launch_swap_tab";
    public static final String LAUNCH_OPTIONS_TAB = P + "launch_options_tab";

    /** Every id above. */
    public static final List<String> ALL = List.of(TARGETS_VIEW, OPTION_BYTES_EDITOR, FLASH_BANKS_VIEW,
            OPTION_REVIEW_DIALOG, NEW_BOARD_DIALOG, PREFERENCE_PAGE, PROJECT_PROPERTY_PAGE, LAUNCH_TARGET_TAB,
            LAUNCH_IMAGE_TAB, LAUNCH_UPDATE_TAB, LAUNCH_SWAP_TAB, LAUNCH_OPTIONS_TAB);

    private HelpContexts() {
    }

    /** Binds {@code id} to {@code control} and its children: F1 there opens the context's help. */
    public static void bind(Control control, String id) {
        PlatformUI.getWorkbench().getHelpSystem().setHelp(control, id);
    }
}
