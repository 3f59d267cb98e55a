package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.OptionChange;
import dev.flashbank.family.stm32f7.BootAddress;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.ui.options.OptionBytesEditor;

/**
 * Issue 14 item 10: the BOOT_ADDx fields of the Option Bytes editor typed into with real key events (Display.post),
 * as a user does. The field once reformatted itself on every keystroke: "0x08100000" typed key by key became
 * "0x081000000x00100000" and the pending change was BOOT_ADD1 = 0x00000000 (ITCM RAM), an address nobody typed.
 */
class BootAddressTypingTest {

    Workbench w;

    /** A fresh F767 board (factory options), connected and shown in the maximized editor. */
    private OptionBytesEditor editorOnAFreshBoard() throws Exception {
        w = Workbench.open();
        w.editNewBoard("STM32F767ZI");
        return w.options();
    }

    @AfterEach
    void restoreTheLayout() {
        if (w != null) {
            w.restoreEditor();
        }
    }

    @Test
    void typingABootAddressKeyByKeyGivesExactlyThatPendingChange() throws Exception {
        OptionBytesEditor ob = editorOnAFreshBoard();
        OptionBytes factory = (OptionBytes) ob.originalOptions();
        Text boot1 = (Text) ob.editor("BOOT_ADD1");
        Display d = boot1.getDisplay();

        RealInput.retype(boot1, "");
        assertThat(boot1.getText()).isEmpty();
        assertThat(ob.changes()).as("an empty field is not a change").isEmpty();
        assertThat(ob.refusal("BOOT_ADD1").getVisible()).isTrue();

        RealInput.type(d, "0x08100000");
        assertThat(boot1.getText()).as("the field holds what was typed, untouched while typing").isEqualTo("0x08100000");
        assertThat(ob.refusal("BOOT_ADD1").getVisible()).isFalse();
        Path typed = Screenshots.save(w.window().getShell(), "option-bytes-boot-add1-typed-key-by-key");

        RealInput.key(d, '\0', SWT.CR); // Enter ends the field's undo step; the text stays as typed
        assertThat(boot1.getText()).isEqualTo("0x08100000");
        assertThat(ob.changes()).hasSize(1);
        OptionChange change = ob.changes().get(0);
        assertThat(change.option()).isEqualTo("BOOT_ADD1");
        assertThat(change.oldValue()).isEqualTo(factory.bootAdd1());
        assertThat(change.newValue()).isEqualTo((int) (0x0810_0000L >> BootAddress.SHIFT));
        assertThat(((OptionBytes) ob.editedOptions()).bootAddress1()).isEqualTo(0x0810_0000L);
        assertThat(((OptionBytes) ob.editedOptions()).withBootAdd1(factory.bootAdd1())).as("nothing else changed").isEqualTo(factory);
        assertThat(ob.meaningLabel("BOOT_ADD1").getText()).contains("0x08100000");
        assertThat(ob.statusText()).contains("1 pending change");
        assertThat(ob.applyEnabled()).isTrue();
        assertThat(Files.size(typed)).isGreaterThan(10_000);
    }

    @Test
    void aWrongAddressIsNoPendingChangeAndSaysWhy() throws Exception {
        OptionBytesEditor ob = editorOnAFreshBoard();
        OptionBytes factory = (OptionBytes) ob.originalOptions();
        Text boot1 = (Text) ob.editor("BOOT_ADD1");
        Display d = boot1.getDisplay();

        RealInput.retype(boot1, "0x2040"); // the option VALUE of 0x08100000 instead of the address: the classic mistake
        assertThat(boot1.getText()).isEqualTo("0x2040");
        assertThat(ob.refusal("BOOT_ADD1").getVisible()).isTrue();
        assertThat(ob.refusal("BOOT_ADD1").getText()).startsWith("Refused:")
                .contains(String.format("keeps 0x%08X", factory.bootAddress1()));
        assertThat(ob.changes()).as("a refused value is not a pending change").isEmpty();
        assertThat(ob.editedOptions()).isEqualTo(factory);

        // leaving the field keeps the text and the message: nothing is rewritten, nothing is applied
        RealInput.key(d, '\0', SWT.TAB);
        Ui.pumpUntil("focus leaves BOOT_ADD1", () -> !boot1.isFocusControl());
        assertThat(boot1.getText()).isEqualTo("0x2040");
        assertThat(ob.refusal("BOOT_ADD1").isVisible()).as("shown on screen").isTrue();
        assertThat(ob.statusText()).contains("BOOT_ADD1 shows a refused value");
        assertThat(ob.applyEnabled()).isFalse();
        Screenshots.save(w.window().getShell(), "option-bytes-boot-add1-refused");
        assertThat(ob.apply()).isNull();
        assertThat(ob.lastProblem()).contains("BOOT_ADD1").contains("Nothing was applied");

        // a valid change elsewhere is still refused while the field shows a refused value
        Combo bor = (Combo) ob.editor("BOR_LEV");
        bor.select((bor.getSelectionIndex() + 1) % bor.getItemCount());
        Ui.select(bor);
        assertThat(ob.changes()).extracting(OptionChange::option).containsExactly("BOR_LEV");
        assertThat(ob.applyEnabled()).isFalse();
        assertThat(ob.apply()).isNull();
        assertThat(boot1.getText()).isEqualTo("0x2040");
    }
}
