package dev.flashbank.ui.preferences;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.flashbank.core.device.SwitchScheme;
import dev.flashbank.core.io.FlashbankSettings;
import dev.flashbank.families.InstalledFamilies;

/** The rows the preference page and the project property page share: a folder with Browse, the scheme choice. */
final class SettingControls {

    /** The schemes of the installed families, in the combo's order after "the part's default". */
    static final List<SwitchScheme> SCHEMES = InstalledFamilies.families().switchSchemes();

    private SettingControls() {
    }

    static Group group(Composite parent, String title) {
        Group g = new Group(parent, SWT.NONE);
        g.setText(title);
        g.setLayout(new GridLayout(3, false));
        g.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return g;
    }

    /** A note under a row, across the group's columns. */
    static Label note(Composite parent, String text) {
        Label l = new Label(parent, SWT.WRAP);
        l.setText(text);
        GridData d = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
        d.widthHint = 420; // wraps instead of widening the preference dialog
        l.setLayoutData(d);
        return l;
    }

    /** "label [text] [Browse...]"; an empty text means {@code emptyMeans} (shown as the field's hint). */
    static Text folder(Composite parent, String label, String emptyMeans) {
        new Label(parent, SWT.NONE).setText(label);
        Text t = new Text(parent, SWT.BORDER);
        t.setMessage(emptyMeans);
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false);
        d.widthHint = 300;
        t.setLayoutData(d);
        Button b = new Button(parent, SWT.PUSH);
        b.setText("Browse\u2026");
        b.addListener(SWT.Selection, e -> {
            DirectoryDialog dd = new DirectoryDialog(parent.getShell());
            dd.setMessage(label.replace(":", ""));
            dd.setFilterPath(t.getText().isBlank() ? emptyMeans : t.getText());
            String chosen = dd.open();
            if (chosen != null) {
                t.setText(chosen);
            }
        });
        return t;
    }

    /** Why the folder typed in {@code t} cannot be used (named after {@code what}), or empty; an empty field is fine. */
    static Optional<String> folderProblem(Text t, String what) {
        String v = t.getText().strip();
        return v.isEmpty() ? Optional.empty() : FlashbankSettings.folderProblem(v).map(p -> what + ": " + p);
    }

    /** The scheme combo: "the part's default", then each installed scheme as the reference manual names it. */
    static Combo schemes(Composite parent, String label) {
        new Label(parent, SWT.NONE).setText(label);
        Combo c = new Combo(parent, SWT.READ_ONLY);
        List<String> items = new ArrayList<>();
        items.add("The part's default (its first scheme)");
        for (SwitchScheme s : SCHEMES) {
            items.add(s.name() + ": " + s.summary()); // as the launch Update tab names them
        }
        c.setItems(items.toArray(String[]::new));
        c.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        return c;
    }

    static void selectScheme(Combo c, String id) {
        c.select(SwitchScheme.find(SCHEMES, id).map(s -> SCHEMES.indexOf(s) + 1).orElse(0));
    }

    /** The id of the chosen scheme; empty = the part's default. */
    static String schemeId(Combo c) {
        int i = c.getSelectionIndex();
        return i <= 0 ? "" : SCHEMES.get(i - 1).id();
    }
}
