package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;

import dev.flashbank.ui.testing.Legibility;
import dev.flashbank.ui.testing.ShellShot;

/**
 * The screenshot checks the tours rely on find what they claim to: a label squeezed narrower than its text is
 * clipped, white text on pale green (the dark-theme bug of issue 16 finding 6) is invisible, a plain label is neither.
 */
class LegibilityTest {

    @Test
    void aClippedAndAnInvisibleLabelAreFoundAndAPlainOneIsNot() {
        Display d = Display.getCurrent();
        Shell shell = new Shell(d);
        try {
            shell.setLayout(new GridLayout(1, false));
            Label plain = new Label(shell, SWT.NONE);
            plain.setText("plain label");
            Label squeezed = new Label(shell, SWT.NONE);
            squeezed.setText("a label squeezed into forty pixels");
            GridData narrow = new GridData();
            narrow.widthHint = 40;
            squeezed.setLayoutData(narrow);
            Label pale = new Label(shell, SWT.NONE);
            pale.setText("white on pale green");
            pale.setForeground(new Color(255, 255, 255));
            pale.setBackground(new Color(0xDD, 0xF5, 0xDD));
            shell.setSize(400, 200);
            shell.open();
            Ui.pumpUntil("the test shell shown", shell::isVisible);

            List<String> problems = Legibility.problems(shell, ShellShot.take(shell, "legibility-self-test"));

            assertThat(problems).noneMatch(p -> p.contains("'plain label'"));
            assertThat(problems).anyMatch(p -> p.startsWith("clipped: 'a label squeezed into forty pixels'"));
            assertThat(problems).anyMatch(p -> p.startsWith("invisible: 'white on pale green'"));
            assertThat(problems).hasSize(2);
        } finally {
            shell.dispose();
        }
    }
}
