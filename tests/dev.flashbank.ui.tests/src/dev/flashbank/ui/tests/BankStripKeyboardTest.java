package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.swt.SWT;
import org.eclipse.swt.accessibility.ACC;
import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.ui.banks.BankWidgetsBench;

/**
 * Issue 16 findings 6 and 4 on the Flash Banks view's bank strip: reached with Tab, sectors chosen with arrows and
 * Enter/Space (the same selection a click makes), named for a screen reader; and after an nDBANK write that waits for
 * its reset, the strip marks the sectors the part protects on the layout it still has. Real key events (Display.post).
 */
class BankStripKeyboardTest {

    private static void key(int keyCode) {
        RealInput.key(Display.getCurrent(), '\0', keyCode);
    }

    private static String focusedName(BankWidgetsBench b) {
        int child = Accessibility.focus(b.strip());
        assertThat(child).as("the accessible focus is a sector").isGreaterThanOrEqualTo(0);
        return Accessibility.name(b.strip(), child);
    }

    @Test
    void arrowsMoveBetweenSectorsAndEnterOrSpaceSelectsAsAClickDoes() throws Exception {
        try (BankWidgetsBench b = BankWidgetsBench.ofDefaultBoard()) {
            assertThat(b.snapshot().geometry().mode()).isEqualTo(BankMode.DUAL);
            RealInput.click(b.before);
            key(SWT.TAB);
            assertThat(b.strip().isFocusControl()).as("Tab from the field before it focuses the strip").isTrue();
            assertThat(b.focusedSector()).isEqualTo(b.sector(1, 0));
            for (int i = 0; i < 3; i++) {
                key(SWT.ARROW_RIGHT);
            }
            assertThat(b.focusedSector()).isEqualTo(b.sector(1, 3));
            assertThat(b.selections).as("moving the focus selects nothing").isEmpty();
            key(SWT.CR);
            assertThat(b.selectedSector()).isEqualTo(b.sector(1, 3));
            assertThat(b.selections).containsExactly(b.sector(1, 3));
            assertThat(focusedName(b)).startsWith("Sector 3, bank 1, 0x0800C000, 16 KiB, ").endsWith(", selected");
            assertThat(Accessibility.state(b.strip(), 3) & ACC.STATE_SELECTED).isNotZero();

            key(SWT.ARROW_DOWN);
            assertThat(b.focusedSector()).as("Down: the sector of bank 2 below").isEqualTo(b.sector(2, 15));
            RealInput.key(Display.getCurrent(), ' ', 0);
            assertThat(b.selections).containsExactly(b.sector(1, 3), b.sector(2, 15));
            key(SWT.END);
            assertThat(b.focusedSector()).isEqualTo(b.sector(2, 23));
            key(SWT.ARROW_RIGHT);
            assertThat(b.focusedSector()).as("nothing after the last").isEqualTo(b.sector(2, 23));
            key(SWT.HOME);
            assertThat(b.focusedSector()).isEqualTo(b.sector(2, 12));
            key(SWT.ARROW_LEFT);
            assertThat(b.focusedSector()).as("Left at a bank's start: the end of the bank before")
                    .isEqualTo(b.sector(1, 11));
            key(SWT.ARROW_UP);
            assertThat(b.focusedSector()).as("no bank above").isEqualTo(b.sector(1, 11));
            assertThat(Accessibility.childCount(b.strip())).isEqualTo(24);
            assertThat(Accessibility.role(b.strip(), ACC.CHILDID_SELF)).isEqualTo(ACC.ROLE_LIST);
            Screenshots.save(b.shell, "bankstrip-keyboard-focus-on-11");

            key(SWT.TAB);
            assertThat(b.hex().isFocusControl()).as("Tab leaves the strip for the hex view").isTrue();
            assertThat(b.selectedSector()).isEqualTo(b.sector(2, 15));
        }
    }

    @Test
    void afterAnNdbankWriteAwaitingItsResetTheStripMarksTheSectorsThePartProtects() throws Exception {
        try (BankWidgetsBench b = BankWidgetsBench.of("STM32F767ZI")) {
            assertThat(b.snapshot().geometry().mode()).isEqualTo(BankMode.SINGLE);
            ProtectionModel part = b.driver.protectionModel();
            OptionImage sector5 = part.withWriteProtection(b.sector(1, 5), true);
            b.writeWithoutReset(sector5.withBankMode(BankMode.DUAL));
            assertThat(b.snapshot().geometry().mode()).as("the layout until the reset").isEqualTo(BankMode.SINGLE);

            assertThat(b.snapshot().writeProtected()).extracting(Sector::number).as("nWRP[5] = sector 5 until the reset")
                    .containsExactly(5);
            assertThat(Accessibility.name(b.strip(), 5)).isEqualTo("Sector 5, bank 1, 0x08040000, 256 KiB, erased, "
                    + "write-protected");
            assertThat(Accessibility.name(b.strip(), 10)).doesNotContain("write-protected");
            assertThat(Accessibility.name(b.strip(), 11)).doesNotContain("write-protected");
            Screenshots.save(b.shell, "bankstrip-ndbank-written-not-reset");
        }
    }
}
