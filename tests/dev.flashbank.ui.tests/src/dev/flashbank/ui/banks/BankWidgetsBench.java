package dev.flashbank.ui.banks;

import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import dev.flashbank.core.banks.BankSnapshot;
import dev.flashbank.core.banks.BankSource;
import dev.flashbank.core.banks.CachedBankReader;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.ops.OperationContext;
import dev.flashbank.core.ops.OperationTarget;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;
import dev.flashbank.ui.tests.Ui;

/**
 * The Flash Banks view's bank strip and hex view in a window of their own, between a text field and a button (so Tab
 * has somewhere to come from and to go to), showing a simulated board read the way the view reads it
 * ({@link BankSnapshot#read}); public for the keyboard tests in {@code dev.flashbank.ui.tests}, which drive them with
 * real input events. Independent of the view's own layout (another helper splits it).
 */
public final class BankWidgetsBench implements AutoCloseable {

    public final Shell shell;
    public final Text before;
    public final Button after;
    private final BankStrip strip;
    private final HexViewer hex;
    public final FlashDriver driver;
    private final OperationContext ctx;
    private BankSnapshot snapshot;
    /** Sectors the strip reported selected, in order. */
    public final java.util.List<Sector> selections = new java.util.ArrayList<>();

    /** The board a new workspace gets (the default family's default part, with its sample firmware). */
    public static BankWidgetsBench ofDefaultBoard() throws Exception {
        return new BankWidgetsBench(InstalledFamilies.simulated().createDefault(BoardOptions.defaults()));
    }

    /** A factory-fresh {@code part}. */
    public static BankWidgetsBench of(String part) throws Exception {
        return new BankWidgetsBench(InstalledFamilies.simulated().create(part, BoardOptions.defaults()));
    }

    private BankWidgetsBench(BenchBoard board) throws Exception {
        SimulatedProbe probe = SimulatedProbe.connect(board);
        ctx = OperationContext.open(InstalledFamilies.families(), new OperationTarget("bench", board.partName()),
                probe, new SimulatorPollClock(probe), FlashDriverSettings.defaults());
        driver = ctx.driver();
        shell = new Shell(Display.getCurrent(), SWT.SHELL_TRIM);
        shell.setText("Banks: " + board.partName());
        shell.setLayout(new GridLayout(1, false));
        before = new Text(shell, SWT.BORDER);
        before.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        strip = new BankStrip(shell);
        strip.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        strip.addSelectionListener(selections::add);
        hex = new HexViewer(shell);
        GridData hd = new GridData(SWT.FILL, SWT.FILL, true, true);
        hd.heightHint = 200;
        hex.setLayoutData(hd);
        after = new Button(shell, SWT.PUSH);
        after.setText("After the banks");
        reread();
        shell.setBounds(30, 30, 1200, 560);
        shell.open();
        shell.forceActive();
        Ui.pumpUntil("bank widgets shown", () -> shell.isVisible() && strip.isVisible());
    }

    /** Reads the board again as the view's Refresh does and shows it; the hex view shows physical bank 1. */
    public void reread() throws Exception {
        CachedBankReader reader = new CachedBankReader(ctx.geometry(), BankSource.of(driver));
        snapshot = BankSnapshot.read(shell.getText(), ctx, reader, FlashProgress.NONE);
        strip.setSnapshot(snapshot);
        byte[] bank1 = reader.readBank(1);
        long base = snapshot.mapped(1).start();
        hex.setContent(new HexViewer.Content() {
            @Override
            public long base() {
                return base;
            }

            @Override
            public long size() {
                return bank1.length;
            }

            @Override
            public Optional<byte[]> peek(long offset, int length) {
                byte[] b = new byte[length];
                System.arraycopy(bank1, (int) offset, b, 0, length);
                return Optional.of(b);
            }

            @Override
            public void load(long offset, int length) {
                // all of bank 1 is read
            }
        });
        shell.layout(true, true);
        Ui.drain();
    }

    /** Writes {@code options} without the reset that latches a bank-mode change, then reads the board again. */
    public void writeWithoutReset(OptionImage options) throws Exception {
        driver.writeOptions(options, FlashProgress.NONE);
        reread();
    }

    public BankSnapshot snapshot() {
        return snapshot;
    }

    public Canvas strip() {
        return strip;
    }

    public Canvas hex() {
        return hex;
    }

    public Sector focusedSector() {
        return strip.focusedSector();
    }

    public Sector selectedSector() {
        return strip.selectedSector();
    }

    public long caret() {
        return hex.caret();
    }

    public int topRow() {
        return hex.topRow();
    }

    public int visibleRows() {
        return hex.visibleRows();
    }

    public Optional<AddressRange> hexSelection() {
        return hex.selection();
    }

    /** The sector of physical bank {@code bank} with logical number {@code number}. */
    public Sector sector(int bank, int number) {
        return snapshot.geometry().bank(bank).sectors().stream().filter(s -> s.number() == number).findFirst()
                .orElseThrow();
    }

    @Override
    public void close() {
        shell.dispose();
        Ui.drain();
    }
}
