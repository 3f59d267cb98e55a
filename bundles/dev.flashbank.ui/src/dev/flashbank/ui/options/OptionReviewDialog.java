package dev.flashbank.ui.options;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.RiskClass;
import dev.flashbank.core.ops.Confirmation;
import dev.flashbank.ui.theme.FlashbankColors;

/**
 * The review before an option write, and the IDE's confirmation ({@link Confirmation}, the one rule of the core):
 * every change with its risk class and consequence, the simulated twin's preview of the next reset, where the backup
 * goes; for changes that erase flash (RDP 1->0, nDBANK, PCROP removal) what exactly is erased and a box that must be
 * ticked, and for IRREVERSIBLE changes (RDP level 2) a field in which the part name must be typed exactly - the write
 * button is enabled only when every confirmation the changes need is given. Used by the Option Bytes editor and, at
 * run time, by the Option Bytes launch. Opens without blocking unless told to; the write is started by
 * {@code onWrite} with what was confirmed.
 */
public final class OptionReviewDialog extends TitleAreaDialog {

    private final String partName;
    private final List<OptionChange> changes;
    private final List<String> twin;
    private final Path backupDirectory;
    private final Consumer<Confirmation> onWrite;
    private final RiskClass risk;
    private final Set<RiskClass> required;
    private Text confirmation;
    private Button eraseConfirmation;
    private Table table;

    public OptionReviewDialog(Shell parent, String partName, List<OptionChange> changes, List<String> twinPreview,
            Path backupDirectory, Consumer<Confirmation> onWrite) {
        super(parent);
        this.partName = partName;
        this.changes = List.copyOf(changes);
        this.twin = List.copyOf(twinPreview);
        this.backupDirectory = backupDirectory;
        this.onWrite = onWrite;
        this.risk = OptionChange.overallRisk(changes);
        this.required = Confirmation.required(changes);
        setBlockOnOpen(false);
        setShellStyle(getShellStyle() | SWT.RESIZE);
        setHelpAvailable(true); // the "?" button: what the review asks and why (HelpContexts.OPTION_REVIEW_DIALOG)
    }

    public boolean irreversible() {
        return required.contains(RiskClass.IRREVERSIBLE);
    }

    /** True when a change erases flash: the erase box must be ticked. */
    public boolean erasesFlash() {
        return required.contains(RiskClass.ERASES_FLASH);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Write option bytes \u2014 " + partName);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle("Review " + changes.size() + " option change" + (changes.size() == 1 ? "" : "s") + " for " + partName);
        setMessage(switch (risk) {
            case IRREVERSIBLE -> "IRREVERSIBLE change: type the part name below to enable the write.";
            case ERASES_FLASH -> "This change erases flash or makes its content unusable: tick the box below to enable the write.";
            case NEEDS_RESET -> "The change takes effect at the next reset.";
            case SAFE -> "Safe change.";
        }, risk == RiskClass.IRREVERSIBLE || risk == RiskClass.ERASES_FLASH ? IMessageProvider.ERROR
                : risk == RiskClass.NEEDS_RESET ? IMessageProvider.WARNING : IMessageProvider.INFORMATION);
        Composite area = (Composite) super.createDialogArea(parent);
        dev.flashbank.ui.help.HelpContexts.bind(area, dev.flashbank.ui.help.HelpContexts.OPTION_REVIEW_DIALOG);
        Composite c = new Composite(area, SWT.NONE);
        c.setLayout(new GridLayout(1, false));
        c.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));

        table = new Table(c, SWT.BORDER | SWT.FULL_SELECTION);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        String[] titles = { "Option", "Risk", "Now", "New" };
        int[] widths = { 100, 120, 340, 340 };
        for (int i = 0; i < titles.length; i++) {
            TableColumn col = new TableColumn(table, SWT.LEFT);
            col.setText(titles[i]);
            col.setWidth(widths[i]);
        }
        for (OptionChange ch : changes) {
            TableItem it = new TableItem(table, SWT.NONE);
            it.setText(new String[] { ch.option(), ch.risk().name(), ch.oldText(), ch.newText() });
            if (ch.risk() == RiskClass.IRREVERSIBLE || ch.risk() == RiskClass.ERASES_FLASH) {
                it.setForeground(1, FlashbankColors.get(FlashbankColors.WARNING_TEXT));
            }
        }
        // every cell whole: option names such as SWAP_BANK_OPT and values such as RDP level 2's "... (IRREVERSIBLE)"
        // are wider than the columns' defaults (the table scrolls sideways when the dialog is narrower)
        for (int i = 0; i < titles.length; i++) {
            TableColumn column = table.getColumn(i);
            column.pack();
            column.setWidth(Math.max(widths[i], column.getWidth()));
        }
        GridData td = new GridData(SWT.FILL, SWT.FILL, true, true);
        td.heightHint = Math.min(8, changes.size() + 1) * 24;
        td.minimumHeight = td.heightHint; // the changes are what is reviewed: never squeezed by the text below
        table.setLayoutData(td);

        Label what = new Label(c, SWT.NONE);
        what.setText("What each change does:");
        Text consequences = new Text(c, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL | SWT.BORDER);
        consequences.setText(changes.stream().map(ch -> "\u2022 " + ch.option() + " [" + ch.risk() + "]: " + ch.consequence())
                .reduce((a, b) -> a + "\n" + b).orElse(""));
        GridData cd = new GridData(SWT.FILL, SWT.FILL, true, false);
        cd.widthHint = 900;
        cd.heightHint = Math.min(6, Math.max(2, changes.size() * 2)) * consequences.getLineHeight();
        consequences.setLayoutData(cd);

        Group g = new Group(c, SWT.NONE);
        g.setText("Preview on a simulated twin: what the next reset will do");
        g.setLayout(new GridLayout(1, false));
        g.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Text preview = new Text(g, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
        preview.setText(String.join("\n", twin));
        GridData pd = new GridData(SWT.FILL, SWT.FILL, true, true);
        pd.heightHint = 150;
        pd.widthHint = 900;
        preview.setLayoutData(pd);

        Label backup = new Label(c, SWT.WRAP);
        // the write is one option-programming sequence (F7: OPTSTRT, RM0410 §3.7; H7: OPTSTART, RM0433 §4.4); a power
        // loss inside it leaves options the journal restores (see core.ops.OptionWriteWindow)
        backup.setText("Before anything is written, the current option bytes are saved to " + backupDirectory
                + " and the board is journaled in " + dev.flashbank.core.io.FlashbankHome.journals() + ". The write is"
                + " one option-programming sequence: do not remove power while it runs; if power is lost, `flashbank recover` restores"
                + " the board from the journal.");
        GridData bd = new GridData(SWT.FILL, SWT.TOP, true, false);
        bd.widthHint = 900; // a wrapped label's height is computed for this width, not for one endless line
        backup.setLayoutData(bd);

        if (erasesFlash()) {
            Label erased = new Label(c, SWT.WRAP);
            erased.setForeground(FlashbankColors.get(FlashbankColors.WARNING_TEXT));
            erased.setText("Erased by this write: " + changes.stream().filter(ch -> ch.risk() == RiskClass.ERASES_FLASH)
                    .map(ch -> ch.option() + ": " + ch.consequence()).reduce((a, b) -> a + "\n" + b).orElse(""));
            GridData ed = new GridData(SWT.FILL, SWT.TOP, true, false);
            ed.widthHint = 900;
            erased.setLayoutData(ed);
            eraseConfirmation = new Button(c, SWT.CHECK);
            eraseConfirmation.setText("Erase the flash as described above (the backup keeps only the option bytes)");
            eraseConfirmation.addListener(SWT.Selection, e -> updateOk());
        }
        if (irreversible()) {
            Label warn = new Label(c, SWT.WRAP);
            warn.setForeground(FlashbankColors.get(FlashbankColors.WARNING_TEXT));
            warn.setText("RDP level 2 disables the debug port and freezes the option bytes FOREVER. Nothing, not even "
                    + "ST, can undo it. Type \"" + partName + "\" to confirm:");
            warn.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
            confirmation = new Text(c, SWT.BORDER | SWT.SINGLE);
            confirmation.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
            confirmation.setMessage(partName);
            confirmation.addModifyListener(e -> updateOk());
        }
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, irreversible() ? "Write IRREVERSIBLY"
                : erasesFlash() ? "Write and erase" : "Write option bytes", false);
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, true);
        updateOk();
    }

    /** What the user has confirmed so far (the tick and the typed name). */
    public Confirmation confirmation() {
        return Confirmation.of(eraseConfirmation != null && eraseConfirmation.getSelection(),
                confirmation == null ? null : confirmation.getText());
    }

    private void updateOk() {
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(confirmation().missing(partName, changes).isEmpty());
        }
    }

    @Override
    protected void okPressed() {
        Confirmation given = confirmation();
        if (!given.missing(partName, changes).isEmpty()) {
            return; // the button is disabled; this guards programmatic presses too
        }
        super.okPressed();
        onWrite.accept(given);
    }

    // ---------------------------------------------------------------- test access

    public Button writeButton() {
        return getButton(IDialogConstants.OK_ID);
    }

    public Button cancelButton() {
        return getButton(IDialogConstants.CANCEL_ID);
    }

    public Text confirmationField() {
        return confirmation;
    }

    /** The erase confirmation box (null when no change erases flash). */
    public Button eraseConfirmationBox() {
        return eraseConfirmation;
    }

    public Table changesTable() {
        return table;
    }

    public List<String> twinPreview() {
        return twin;
    }

    /** Presses the write button as a user would (does nothing while it is disabled). */
    public void pressWrite() {
        if (writeButton().isEnabled()) {
            buttonPressed(IDialogConstants.OK_ID);
        }
    }

    public void pressCancel() {
        buttonPressed(IDialogConstants.CANCEL_ID);
    }
}
