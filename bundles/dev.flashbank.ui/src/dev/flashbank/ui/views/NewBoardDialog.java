package dev.flashbank.ui.views;

import java.util.List;
import java.util.Optional;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;

import dev.flashbank.core.device.UnknownDeviceException;
import dev.flashbank.core.family.Families;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedFamilies;
import dev.flashbank.sim.SimulatedFamily;

/**
 * New simulated board (issue 16): the part from the installed families' list (no free text: what is offered is what a
 * simulated family builds), the bank mode where the part's line has a choice (F7 F76x/F77x: nDBANK), and the supply
 * voltage within the range the family's programming tells apart (F7: the ranges that set the program parallelism);
 * OK only while the choice is valid. {@link #choice()} after OK.
 */
public final class NewBoardDialog extends TitleAreaDialog {

    /** What a new board is made of: the order code and the options (bank mode as option bytes, supply). */
    public record Choice(String part, BoardOptions options) {
    }

    private final Families families = InstalledFamilies.families();
    private final SimulatedFamilies simulated = InstalledFamilies.simulated();
    private final List<String> parts = simulated.offeredParts(families);
    private Combo part;
    private Button dual;
    private Button single;
    private Label bankNote;
    private Spinner supply;
    private Label supplyNote;
    private Choice choice;

    public NewBoardDialog(Shell parent) {
        super(parent);
        setHelpAvailable(true); // the "?" button (HelpContexts.NEW_BOARD_DIALOG)
    }

    /** The parts offered, in the list's order. */
    public List<String> parts() {
        return parts;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("New simulated board");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        dev.flashbank.ui.help.HelpContexts.bind(area, dev.flashbank.ui.help.HelpContexts.NEW_BOARD_DIALOG);
        setTitle("New simulated board");
        setMessage("A simulated STM32 with erased flash, factory option bytes and an identity of its own.");
        Composite c = new Composite(area, SWT.NONE);
        c.setLayout(new GridLayout(2, false));
        c.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));

        new Label(c, SWT.NONE).setText("&Part:");
        part = new Combo(c, SWT.READ_ONLY);
        parts.forEach(part::add);
        part.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        part.select(0);
        part.addListener(SWT.Selection, e -> partChosen());

        new Label(c, SWT.NONE).setText("Bank mode:");
        Group banks = new Group(c, SWT.NONE);
        banks.setLayout(new GridLayout(3, false));
        banks.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        single = new Button(banks, SWT.RADIO);
        single.setText("&Single bank");
        dual = new Button(banks, SWT.RADIO);
        dual.setText("&Dual bank");
        bankNote = new Label(banks, SWT.WRAP);
        bankNote.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        new Label(c, SWT.NONE).setText("Supply (&V):");
        Composite s = new Composite(c, SWT.NONE);
        GridLayout sl = new GridLayout(2, false);
        sl.marginWidth = 0;
        s.setLayout(sl);
        supply = new Spinner(s, SWT.BORDER);
        // volts with two decimals, held as 10 mV steps (setValues in partChosen)
        supply.addListener(SWT.Modify, e -> validate());
        supplyNote = new Label(s, SWT.WRAP);
        supplyNote.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        partChosen();
        return area;
    }

    /** Bank-mode and supply choices of the part chosen now. */
    private void partChosen() {
        String p = chosenPart();
        Optional<SimulatedFamilies.BankModes> modes = bankModes(p);
        boolean choice = modes.map(SimulatedFamilies.BankModes::choice).orElse(false);
        boolean factoryDual = modes.map(m -> m.factory() == BankMode.DUAL).orElse(false);
        single.setEnabled(choice);
        dual.setEnabled(choice);
        dual.setSelection(factoryDual);
        single.setSelection(!factoryDual);
        bankNote.setText(modes.isEmpty() || !modes.get().offered().contains(BankMode.DUAL) ? "this line has one bank"
                : !choice ? "this part always has two banks"
                        : "the part's bank-mode option, set at the factory to " + (factoryDual ? "dual" : "single")
                                + " bank");
        Optional<SimulatedFamily.SupplyRange> range = simulated.forPart(p).flatMap(SimulatedFamily::supplyRange);
        int min = range.map(SimulatedFamily.SupplyRange::minMillivolts).orElse(BoardOptions.DEFAULT_VOLTAGE_MV) / 10;
        int max = range.map(SimulatedFamily.SupplyRange::maxMillivolts).orElse(BoardOptions.DEFAULT_VOLTAGE_MV) / 10;
        // all at once: Spinner ignores a minimum above its current maximum
        supply.setValues(BoardOptions.DEFAULT_VOLTAGE_MV / 10, min, max, 2, 10, 100);
        supply.setEnabled(range.isPresent());
        supplyNote.setText(range.map(r -> String.format("%.2f-%.2f V (sets the program parallelism)",
                r.minMillivolts() / 1000.0, r.maxMillivolts() / 1000.0))
                .orElse("its flash programming does not depend on the supply"));
        supply.getParent().layout(true);
        bankNote.getParent().layout(true);
        validate();
    }

    /** The bank modes the part offers and its factory one; empty for a part no family knows. */
    private Optional<SimulatedFamilies.BankModes> bankModes(String p) {
        try {
            return Optional.of(SimulatedFamilies.bankModes(families, p));
        } catch (IllegalArgumentException | UnknownDeviceException e) {
            return Optional.empty();
        }
    }

    private String chosenPart() {
        return part.getSelectionIndex() < 0 ? parts.get(0) : parts.get(part.getSelectionIndex());
    }

    /** The supply as typed, in mV; empty when the field holds no number. */
    private Optional<Integer> typedMillivolts() {
        try {
            return Optional.of((int) Math.round(Double.parseDouble(supply.getText().strip()) * 1000));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** OK only for a valid choice; the problem in the title area otherwise. */
    private void validate() {
        String problem = null;
        Optional<Integer> mv = typedMillivolts();
        int min = supply.getMinimum() * 10;
        int max = supply.getMaximum() * 10;
        if (mv.isEmpty()) {
            problem = "The supply is not a number of volts (e.g. 3.30).";
        } else if (mv.get() < min || mv.get() > max) {
            problem = String.format("The supply %.2f V is outside %.2f-%.2f V.", mv.get() / 1000.0, min / 1000.0,
                    max / 1000.0);
        }
        setErrorMessage(problem);
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(problem == null);
        }
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, "&Create", true);
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
        validate();
    }

    @Override
    protected void okPressed() {
        String p = chosenPart();
        BoardOptions options = BoardOptions.defaults().withVoltageMillivolts(typedMillivolts()
                .orElse(BoardOptions.DEFAULT_VOLTAGE_MV));
        if (dual.isEnabled()) {
            try {
                // the chosen mode as option bytes, when it is not the factory's (single or dual, whichever it is)
                Optional<OptionImage> d = SimulatedFamilies.bankModeOptions(families, p,
                        dual.getSelection() ? BankMode.DUAL : BankMode.SINGLE);
                if (d.isPresent()) {
                    options = options.withOptionBytes(d.get());
                }
            } catch (IllegalArgumentException | UnknownDeviceException e) {
                setErrorMessage(e.getMessage());
                return;
            }
        }
        choice = new Choice(p, options);
        super.okPressed();
    }

    /** What was chosen, after OK. */
    public Optional<Choice> choice() {
        return Optional.ofNullable(choice);
    }
}
