package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.ui.banks.BankWidgetsBench;

/**
 * Issue 16 finding 6 on the Flash Banks view's hex view: a caret moved by the keyboard (arrows, PageUp/PageDown,
 * Home/End, Ctrl+Home/End, Shift to select), the view scrolling with it, and a value a screen reader can say. Real
 * key events (Display.post).
 */
class HexViewerKeyboardTest {

    private static void key(int keyCode) {
        RealInput.key(Display.getCurrent(), '\0', keyCode);
    }

    @Test
    void theCaretWalksTheBankAndShiftSelects() throws Exception {
        try (BankWidgetsBench b = BankWidgetsBench.ofDefaultBoard()) {
            long base = b.snapshot().mapped(1).start();
            RealInput.click(b.after);
            RealInput.keyWith(Display.getCurrent(), SWT.SHIFT, '\0', SWT.TAB);
            assertThat(b.hex().isFocusControl()).as("Shift+Tab from the button focuses the hex view").isTrue();

            key(SWT.ARROW_RIGHT);
            assertThat(b.caret()).isEqualTo(1);
            key(SWT.ARROW_DOWN);
            assertThat(b.caret()).isEqualTo(17);
            key(SWT.END);
            assertThat(b.caret()).as("End: the row's last byte").isEqualTo(31);
            key(SWT.HOME);
            assertThat(b.caret()).isEqualTo(16);
            assertThat(b.hexSelection()).contains(new AddressRange(16, 1));

            int page = b.visibleRows();
            key(SWT.PAGE_DOWN);
            assertThat(b.caret()).isEqualTo(16 + 16L * page);
            assertThat(b.topRow()).as("scrolled so the caret's row is the last visible").isEqualTo(2);
            key(SWT.PAGE_UP);
            assertThat(b.caret()).isEqualTo(16);
            assertThat(b.topRow()).as("scrolled back to the caret's row").isEqualTo(1);
            key(SWT.ARROW_UP);
            key(SWT.ARROW_UP);
            assertThat(b.caret()).as("no row above the first").isZero();
            assertThat(b.topRow()).isZero();

            RealInput.keyWith(Display.getCurrent(), SWT.CTRL, '\0', SWT.END);
            long size = b.snapshot().geometry().bank(1).size();
            assertThat(b.caret()).isEqualTo(size - 1);
            assertThat(b.topRow()).isEqualTo((int) (size / 16) - page);
            RealInput.keyWith(Display.getCurrent(), SWT.CTRL, '\0', SWT.HOME);
            assertThat(b.caret()).isZero();
            for (int i = 0; i < 3; i++) {
                RealInput.keyWith(Display.getCurrent(), SWT.SHIFT, '\0', SWT.ARROW_RIGHT);
            }
            assertThat(b.hexSelection()).contains(new AddressRange(0, 4));
            assertThat(Accessibility.value(b.hex(), org.eclipse.swt.accessibility.ACC.CHILDID_SELF)).matches(String.format(
                    "0x%08X: [0-9A-F]{2}; selected 0x%08X to 0x%08X, 4 bytes", base + 3, base, base + 3));
            assertThat(Accessibility.name(b.hex(), org.eclipse.swt.accessibility.ACC.CHILDID_SELF))
                    .isEqualTo(String.format("Hex view of 0x%08X to 0x%08X", base, base + size - 1));
            Screenshots.save(b.shell, "hexviewer-keyboard-shift-selection");

            key(SWT.TAB);
            assertThat(b.after.isFocusControl()).as("Tab leaves the hex view").isTrue();
        }
    }
}
