package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.swt.SWT;
import org.eclipse.swt.accessibility.ACC;
import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.Sector;

/**
 * Issue 16 finding 6: the sector map (the only way to set nWRP / WPSN / PCROP) works with the keyboard alone and tells
 * a screen reader what each sector is. Keys are real key events (Display.post) into the map reached with Tab; the
 * accessible names are asked as the platform's accessibility bridge asks them. Each test failed before the map had
 * keyboard support (Tab skipped it, keys did nothing, it had no accessible children).
 */
class SectorMapKeyboardTest {

    private static void key(int keyCode) {
        RealInput.key(Display.getCurrent(), '\0', keyCode);
    }

    private static void tabInto(SectorMapBench b) {
        RealInput.click(b.before);
        key(SWT.TAB);
        assertThat(b.map.isFocusControl()).as("Tab from the field before it focuses the map").isTrue();
    }

    private static String focusedName(SectorMapBench b) {
        int child = Accessibility.focus(b.map);
        assertThat(child).as("the accessible focus is a sector").isGreaterThanOrEqualTo(0);
        return Accessibility.name(b.map, child);
    }

    @Test
    void sector5OfAnF767IsWriteProtectedByKeyboardOnly() throws Exception {
        try (SectorMapBench b = SectorMapBench.of("STM32F767ZI")) {
            assertThat(b.model().geometry().mode()).as("factory nDBANK = 1").isEqualTo(BankMode.SINGLE);
            tabInto(b);
            assertThat(b.map.focusedSector()).isEqualTo(b.sector(1, 0));
            for (int i = 0; i < 5; i++) {
                key(SWT.ARROW_RIGHT);
            }
            Sector five = b.sector(1, 5);
            assertThat(b.map.focusedSector()).isEqualTo(five);
            assertThat(focusedName(b)).isEqualTo("Sector 5, bank 1, 0x08040000, 256 KiB, not write-protected");
            b.screenshot("sectormap-keyboard-f767-focus-on-5");

            RealInput.key(Display.getCurrent(), ' ', 0);
            assertThat(b.toggles).containsExactly("5");
            assertThat(b.model().writeProtectedSectors()).containsExactly(five);
            assertThat(focusedName(b))
                    .isEqualTo("Sector 5, bank 1, 0x08040000, 256 KiB, write-protected, changed, not applied");
            int child = b.childOf(five);
            assertThat(Accessibility.state(b.map, child)).as("checked, focused")
                    .matches(s -> (s & ACC.STATE_CHECKED) != 0 && (s & ACC.STATE_FOCUSED) != 0);
            assertThat(Accessibility.role(b.map, child)).isEqualTo(ACC.ROLE_CHECKBUTTON);
            assertThat(Accessibility.role(b.map, ACC.CHILDID_SELF)).isEqualTo(ACC.ROLE_LIST);
            assertThat(Accessibility.childCount(b.map)).isEqualTo(12);
            assertThat(Accessibility.name(b.map, ACC.CHILDID_SELF)).contains("nWRP");
            assertThat(Accessibility.value(b.map, b.childOf(b.sector(1, 4)))).isEqualTo("not write-protected");
            b.screenshot("sectormap-keyboard-f767-5-write-protected");

            key(SWT.TAB);
            assertThat(b.after.isFocusControl()).as("Tab leaves the map to the next control").isTrue();
            assertThat(Accessibility.focus(b.map)).isEqualTo(ACC.CHILDID_NONE);
            RealInput.keyWith(Display.getCurrent(), SWT.SHIFT, '\0', SWT.TAB);
            assertThat(b.map.isFocusControl()).as("Shift+Tab comes back").isTrue();
            assertThat(b.map.focusedSector()).as("on the same sector").isEqualTo(five);
            RealInput.key(Display.getCurrent(), ' ', 0);
            assertThat(b.model().writeProtectedSectors()).as("Space again removes it").isEmpty();
        }
    }

    @Test
    void arrowsHomeAndEndWalkBothBanksOfAnH743() throws Exception {
        try (SectorMapBench b = SectorMapBench.of("STM32H743ZI")) {
            tabInto(b);
            assertThat(b.map.focusedSector()).isEqualTo(b.sector(1, 0));
            key(SWT.END);
            assertThat(b.map.focusedSector()).as("End: last sector of the bank row").isEqualTo(b.sector(1, 7));
            key(SWT.ARROW_RIGHT);
            assertThat(b.map.focusedSector()).as("Right at the row's end: next bank").isEqualTo(b.sector(2, 0));
            key(SWT.END);
            assertThat(b.map.focusedSector()).isEqualTo(b.sector(2, 7));
            key(SWT.ARROW_UP);
            assertThat(b.map.focusedSector()).as("Up: the sector above").isEqualTo(b.sector(1, 7));
            key(SWT.ARROW_UP);
            assertThat(b.map.focusedSector()).as("no row above: stays").isEqualTo(b.sector(1, 7));
            key(SWT.HOME);
            assertThat(b.map.focusedSector()).isEqualTo(b.sector(1, 0));
            key(SWT.ARROW_LEFT);
            assertThat(b.map.focusedSector()).as("nothing before the first").isEqualTo(b.sector(1, 0));
            key(SWT.ARROW_DOWN);
            assertThat(b.map.focusedSector()).isEqualTo(b.sector(2, 0));
            RealInput.keyWith(Display.getCurrent(), SWT.CTRL, '\0', SWT.HOME);
            assertThat(b.map.focusedSector()).as("Ctrl+Home: first of the map").isEqualTo(b.sector(1, 0));
            RealInput.keyWith(Display.getCurrent(), SWT.CTRL, '\0', SWT.END);
            assertThat(b.map.focusedSector()).as("Ctrl+End: last of the map").isEqualTo(b.sector(2, 7));
            key(SWT.ARROW_LEFT);
            assertThat(b.map.isFocusControl()).as("arrows never leave the map").isTrue();
            assertThat(focusedName(b)).isEqualTo("Sector 6, bank 2, 0x081C0000, 128 KiB, not write-protected");
            RealInput.key(Display.getCurrent(), ' ', 0);
            assertThat(b.model().writeProtectedSectors()).containsExactly(b.sector(2, 6));
            assertThat(Accessibility.name(b.map, ACC.CHILDID_SELF)).contains("WRPSN");
            b.screenshot("sectormap-keyboard-h743-bank2-sector6");
        }
    }

    @Test
    void ctrlAWriteProtectsEverySectorThenNoneOneToggleAPerBit() throws Exception {
        try (SectorMapBench b = SectorMapBench.ofDefaultBoard()) {
            assertThat(b.model().geometry().mode()).as("the default board is dual-bank").isEqualTo(BankMode.DUAL);
            int sectors = b.model().geometry().sectors().size();
            tabInto(b);
            key(SWT.ARROW_RIGHT);
            key(SWT.ARROW_RIGHT);
            RealInput.key(Display.getCurrent(), ' ', 0); // sector 2: its nWRP bit also covers sector 3 (dual bank)
            assertThat(b.model().writeProtectedSectors()).containsExactly(b.sector(1, 2), b.sector(1, 3));
            b.toggles.clear();

            RealInput.keyWith(Display.getCurrent(), SWT.CTRL, 'a', 0);
            assertThat(b.model().writeProtectedSectors()).as("any unprotected: Ctrl+A protects all").hasSize(sectors);
            assertThat(b.toggles).as("one toggle per changed nWRP bit, the protected pair left alone")
                    .hasSize(sectors / 2 - 1).doesNotContain("2", "3");
            assertThat(b.map.focusedSector()).as("the focus cell stays").isEqualTo(b.sector(1, 2));
            b.screenshot("sectormap-keyboard-ctrl-a-all-protected");

            b.toggles.clear();
            RealInput.keyWith(Display.getCurrent(), SWT.CTRL, 'a', 0);
            assertThat(b.model().writeProtectedSectors()).as("all protected: Ctrl+A clears all").isEmpty();
            assertThat(b.toggles).hasSize(sectors / 2);
        }
    }
}
