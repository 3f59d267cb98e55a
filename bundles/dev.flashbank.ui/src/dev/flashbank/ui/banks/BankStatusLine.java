package dev.flashbank.ui.banks;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;

/**
 * The Flash Banks view's outcome line (go to, find, export, jobs): always ONE line, so a long refusal (a doctor report
 * runs to twenty lines) cannot push the hex view off the screen (issue 16 finding 5). The first line of the message is
 * shown, cut in the middle beyond {@link #MAX_CHARS}; the whole message is the tooltip and opens in a dialog from
 * "Details…", which appears only when something was left out.
 */
final class BankStatusLine extends Composite {

    /** About one line of a 1,000-pixel wide view; a longer first line is cut in its middle. */
    static final int MAX_CHARS = 140;

    private final Label text;
    private final Link details;
    private String message = "";

    BankStatusLine(Composite parent) {
        super(parent, SWT.NONE);
        GridLayout l = new GridLayout(2, false);
        l.marginWidth = 0;
        l.marginHeight = 0;
        setLayout(l);
        text = new Label(this, SWT.NONE); // SWT.NONE: no wrap, one line whatever the text
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        details = new Link(this, SWT.NONE);
        details.setText("<a>Details\u2026</a>");
        details.setLayoutData(new GridData(SWT.END, SWT.CENTER, false, false));
        details.addListener(SWT.Selection, e -> MessageDialog.openInformation(getShell(), "Flash Banks", message));
        details.setVisible(false);
        ((GridData) details.getLayoutData()).exclude = true;
    }

    /** Shows {@code full} as one line; the rest behind the tooltip and Details…. */
    void show(String full) {
        message = full == null ? "" : full.strip();
        String line = oneLine(message);
        text.setText(line.replace("&", "&&"));
        boolean cut = !line.equals(message);
        text.setToolTipText(cut ? message : null);
        details.setVisible(cut);
        ((GridData) details.getLayoutData()).exclude = !cut;
        layout(true);
    }

    String message() {
        return message;
    }

    /** The text as shown (one line). */
    String shown() {
        return text.getText().replace("&&", "&");
    }

    Link detailsLink() {
        return details;
    }

    /** The first line of {@code message}, cut in the middle to {@link #MAX_CHARS} ("…" marks the cut). */
    static String oneLine(String message) {
        String first = message.lines().findFirst().orElse("");
        boolean more = message.lines().count() > 1;
        if (first.length() > MAX_CHARS) {
            int keep = (MAX_CHARS - 1) / 2;
            first = first.substring(0, keep) + "\u2026" + first.substring(first.length() - keep);
        }
        return more ? first + " \u2026" : first;
    }
}
