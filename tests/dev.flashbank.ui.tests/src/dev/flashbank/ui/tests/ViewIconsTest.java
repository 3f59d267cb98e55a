package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import dev.flashbank.ui.banks.BankBrowserView;
import dev.flashbank.ui.views.TargetsView;

/**
 * Issue 16 build 6: the Flashbank views and the Option Bytes editor show icons of their own (16x16), not the product
 * logo each of them used; the action icons the views' toolbars take exist as 16x16 images.
 */
class ViewIconsTest {

    private static final String EDITOR_ID = "dev.flashbank.ui.options.editor";

    private static ImageData data(ImageDescriptor d) {
        assertThat(d).isNotNull();
        return d.getImageData(100);
    }

    private static ImageData icon(String path) {
        return data(ImageDescriptor.createFromURL(Platform.getBundle("dev.flashbank.ui").getEntry(path)));
    }

    private static boolean same(ImageData a, ImageData b) {
        return a.width == b.width && a.height == b.height && Arrays.equals(a.data, b.data);
    }

    @Test
    void viewsAndTheEditorHaveTheirOwn16x16Icons() {
        ImageData logo = icon("icons/flashbank.png");
        ImageData targets = data(PlatformUI.getWorkbench().getViewRegistry().find(TargetsView.ID).getImageDescriptor());
        ImageData banks = data(PlatformUI.getWorkbench().getViewRegistry().find(BankBrowserView.ID).getImageDescriptor());
        ImageData editor = data(PlatformUI.getWorkbench().getEditorRegistry().findEditor(EDITOR_ID).getImageDescriptor());
        for (ImageData d : new ImageData[] { targets, banks, editor }) {
            assertThat(d.width).isEqualTo(16);
            assertThat(d.height).isEqualTo(16);
            assertThat(same(d, logo)).as("not the product logo").isFalse();
        }
        assertThat(same(targets, banks) || same(banks, editor) || same(targets, editor)).as("three different icons")
                .isFalse();
    }

    @Test
    void theViewTabsShowTheirIcons() throws Exception {
        org.eclipse.ui.IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.showView(TargetsView.ID);
        page.showView(BankBrowserView.ID);
        Ui.drain();
        Screenshots.save(page.getWorkbenchWindow().getShell(), "view-icons");
    }

    @Test
    void actionIconsAre16x16AndNotTheLogo() {
        ImageData logo = icon("icons/flashbank.png");
        for (String name : new String[] { "connect", "disconnect", "erase", "program", "verify" }) {
            ImageData d = icon("icons/" + name + ".png");
            assertThat(d.width).as(name).isEqualTo(16);
            assertThat(d.height).as(name).isEqualTo(16);
            assertThat(same(d, logo)).as(name + " is not the product logo").isFalse();
        }
    }
}
