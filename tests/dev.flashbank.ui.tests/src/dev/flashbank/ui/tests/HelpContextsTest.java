package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.Platform;
import org.eclipse.help.HelpSystem;
import org.eclipse.help.IContext;
import org.eclipse.help.IHelpResource;
import org.eclipse.help.IToc;
import org.eclipse.help.ITopic;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import dev.flashbank.ui.FlashbankUiPlugin;
import dev.flashbank.ui.help.HelpContexts;
import dev.flashbank.ui.banks.BankBrowserView;
import dev.flashbank.ui.options.OptionReviewDialog;
import dev.flashbank.ui.preferences.FlashbankPreferencePage;
import dev.flashbank.ui.views.TargetsView;

/**
 * Issue 16 finding 7, context help: every Flashbank context id resolves (through the help system the workbench's F1
 * and the dialogs' "?" use) to a description and topics whose pages are in the bundle, the pages' links lead to pages
 * that exist, the table of contents offers the tasks; and every view, the editor, the review dialog and the
 * preference page carry their id on their controls (what F1 looks up: {@code WorkbenchHelpSystem.setHelp} keeps it
 * as the control's data).
 */
class HelpContextsTest {

    /** The data key under which the workbench help system keeps a control's context id. */
    static final String HELP_KEY = "org.eclipse.ui.help";

    static final Bundle BUNDLE = Platform.getBundle(FlashbankUiPlugin.PLUGIN_ID);

    @Test
    void everyContextHasADescriptionAndTopicsInTheBundle() throws IOException {
        assertThat(HelpContexts.ALL).hasSizeGreaterThanOrEqualTo(12);
        for (String id : HelpContexts.ALL) {
            IContext c = HelpSystem.getContext(id);
            assertThat(c).as("context %s", id).isNotNull();
            assertThat(c.getText()).as("description of %s", id).isNotBlank();
            assertThat(c.getRelatedTopics()).as("topics of %s", id).isNotEmpty();
            for (IHelpResource t : c.getRelatedTopics()) {
                assertThat(t.getLabel()).as("topic label in %s", id).isNotBlank();
                assertThat(page(t.getHref())).as("%s of %s", t.getHref(), id).isNotNull();
            }
        }
        assertThat(HelpSystem.getContext(FlashbankUiPlugin.PLUGIN_ID + ".no_such_context")).as("the check can fail")
                .isNull();
    }

    @Test
    void theTableOfContentsOffersTheTasksAndEveryPageLinksToPagesThatExist() throws IOException {
        IToc toc = java.util.Arrays.stream(HelpSystem.getTocs()).filter(t -> t.getLabel().equals("Flashbank"))
                .findFirst().orElseThrow(() -> new AssertionError("no Flashbank book in Help Contents"));
        List<ITopic> all = new ArrayList<>();
        collect(toc.getTopics(), all);
        assertThat(all).extracting(ITopic::getLabel).contains("Update the inactive bank (A/B update)",
                "Mass erase refused: which protection, and how to clear it", "Read protection levels (RDP 0, 1, 2)",
                "Bank mapping: physical and mapped banks after a swap", "Preferences");
        for (ITopic t : all) {
            if (t.getHref() == null || t.getHref().isEmpty()) {
                continue; // a group
            }
            URL page = page(t.getHref());
            assertThat(page).as(t.getHref()).isNotNull();
            // every link inside the page leads to a page of the bundle (relative links only: no web pages)
            for (String link : links(page)) {
                assertThat(link).as("link in %s", t.getHref()).doesNotContain("://");
                String target = Path.of(bundlePath(t.getHref())).resolveSibling(link).normalize().toString();
                assertThat(BUNDLE.getEntry(target)).as("%s links to %s", t.getHref(), link).isNotNull();
            }
        }
        // the task pages say what a user comes for, with the reference manual's sections
        assertThat(text(page("help/html/tasks/rdp-levels.html"))).contains("0xCC").contains("Irreversible")
                .contains("mass-erases");
        assertThat(text(page("help/html/tasks/bank-mapping.html"))).contains("physical bank 2").contains("SWP_FB");
    }

    @Test
    void viewsEditorDialogAndPreferencePageCarryTheirContext() throws Exception {
        Workbench w = Workbench.open();
        w.page().showView(BankBrowserView.ID, null, IWorkbenchPage.VIEW_VISIBLE);
        Ui.drain();
        w.connectAndEdit(w.defaultBoard());
        Shell window = w.window().getShell();
        assertThat(contextsIn(window)).as("contexts in the workbench window").contains(HelpContexts.TARGETS_VIEW,
                HelpContexts.FLASH_BANKS_VIEW, HelpContexts.OPTION_BYTES_EDITOR);
        assertThat(TargetsView.ID).isNotBlank();

        OptionReviewDialog review = new OptionReviewDialog(window, w.defaultBoard().partName(), List.of(), List.of(),
                FlashbankUiPlugin.getDefault().targets().backupsDirectory(), c -> {
                });
        review.open();
        try {
            assertThat(review.isHelpAvailable()).as("the review dialog's ? button").isTrue();
            assertThat(contextsIn(review.getShell())).contains(HelpContexts.OPTION_REVIEW_DIALOG);
        } finally {
            review.close();
        }

        dev.flashbank.ui.views.NewBoardDialog newBoard = new dev.flashbank.ui.views.NewBoardDialog(window);
        newBoard.setBlockOnOpen(false);
        newBoard.open();
        try {
            assertThat(newBoard.isHelpAvailable()).as("the new board dialog's ? button").isTrue();
            assertThat(contextsIn(newBoard.getShell())).contains(HelpContexts.NEW_BOARD_DIALOG);
        } finally {
            newBoard.close();
        }

        PreferenceDialog prefs = PreferencesUtil.createPreferenceDialogOn(window, FlashbankPreferencePage.ID,
                new String[] { FlashbankPreferencePage.ID }, null);
        prefs.setBlockOnOpen(false);
        prefs.open();
        try {
            Ui.drain();
            assertThat(contextsIn(prefs.getShell())).contains(HelpContexts.PREFERENCE_PAGE);
        } finally {
            prefs.close();
        }
        w.restoreEditor();
    }

    /** The context ids set on {@code c} and every control inside it. */
    static List<String> contextsIn(Control c) {
        List<String> out = new ArrayList<>();
        if (c.getData(HELP_KEY) instanceof String id) {
            out.add(id);
        }
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                out.addAll(contextsIn(child));
            }
        }
        return out;
    }

    private static void collect(ITopic[] topics, List<ITopic> out) {
        for (ITopic t : topics) {
            out.add(t);
            collect(t.getSubtopics(), out);
        }
    }

    /** A help href ("/dev.flashbank.ui/help/..." as the help system gives it, or bundle-relative) as a bundle path. */
    static String bundlePath(String href) {
        String h = href.split("#")[0];
        String prefix = "/" + FlashbankUiPlugin.PLUGIN_ID + "/";
        return h.startsWith(prefix) ? h.substring(prefix.length()) : h;
    }

    static URL page(String href) {
        return BUNDLE.getEntry(bundlePath(href));
    }

    static String text(URL page) throws IOException {
        try (InputStream in = page.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static final Pattern HREF = Pattern.compile("href=\"([^\"#]+)");

    static List<String> links(URL page) throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = HREF.matcher(text(page));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
