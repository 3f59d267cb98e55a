package dev.flashbank.ui.tests;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.twin.SimulatorPollClock;
import dev.flashbank.ui.options.SectorMap;

/**
 * A {@link SectorMap} in a window of its own between a text field and a button (so Tab has somewhere to come from and
 * go to), showing a factory-fresh simulated part's protection and editing pending options the way the Option Bytes
 * editor does: a toggle asks the part's {@link ProtectionModel} for the options with the sector's protection flipped
 * and shows the result. Independent of the editor's own layout, so the map's keyboard and accessibility are tested on
 * the widget.
 */
final class SectorMapBench implements AutoCloseable {

    final Shell shell;
    final Text before;
    final SectorMap map;
    final Button after;
    final FlashDriver driver;
    OptionImage original;
    /** The part's protection as read; pending options are judged with {@link ProtectionModel#of}, as the editor does. */
    ProtectionModel protection;
    OptionImage edited;
    boolean swapped;
    /** Every toggle the map asked for: sector and whether execute-only was meant. */
    final List<String> toggles = new ArrayList<>();

    /** A factory-fresh {@code part}. */
    static SectorMapBench of(String part) throws Exception {
        return new SectorMapBench(InstalledFamilies.simulated().create(part, BoardOptions.defaults()));
    }

    /** The board a new workspace gets (the default family's default part, as its family sets it up). */
    static SectorMapBench ofDefaultBoard() throws Exception {
        return new SectorMapBench(InstalledFamilies.simulated().createDefault(BoardOptions.defaults()));
    }

    private SectorMapBench(BenchBoard board) throws Exception {
        SimulatedProbe probe = SimulatedProbe.connect(board);
        String part = board.partName();
        TargetSession session = new TargetSession(probe, InstalledFamilies.families());
        TargetIdentity id = session.identify();
        driver = InstalledFamilies.families().openDriver(probe, id.device(), new SimulatorPollClock(probe),
                FlashDriverSettings.defaults());
        original = driver.readOptions();
        protection = driver.protectionModel(original);
        edited = original;
        swapped = driver.banksSwapped();
        shell = new Shell(Display.getCurrent(), SWT.SHELL_TRIM);
        shell.setText("Sector map: " + part);
        shell.setLayout(new GridLayout(1, false));
        before = new Text(shell, SWT.BORDER);
        before.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        map = new SectorMap(shell);
        map.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        after = new Button(shell, SWT.PUSH);
        after.setText("After the map");
        map.onToggle((s, executeOnly) -> {
            toggles.add(s.number() + (executeOnly ? " PCROP" : ""));
            ProtectionModel now = model();
            show(executeOnly && now.executeOnlyPerSector()
                    ? now.withExecuteOnly(s, !now.pcropSectors().contains(s))
                    : now.withWriteProtection(s, !now.writeProtectedSectors().contains(s)));
        });
        show(original);
        shell.setBounds(40, 40, 1100, 260);
        shell.open();
        shell.forceActive();
        Ui.pumpUntil("sector map window shown", () -> shell.isVisible() && map.isVisible());
    }

    ProtectionModel model() {
        return protection.of(edited);
    }

    /** Shows {@code pending} as the editor does after an edit (its protection on the layout it selects). */
    void show(OptionImage pending) {
        edited = pending;
        map.setModel(protection.of(pending), protection, swapped);
        shell.layout(true, true);
        Ui.drain();
    }

    /**
     * Writes {@code options} to the part without the reset that latches a bank-mode change, then reads the part again
     * as the editor does after a write: its options now, the driver's protection model of them (on the layout still
     * in force until the reset), and shows them with nothing pending.
     */
    void writeWithoutReset(OptionImage options) throws Exception {
        driver.writeOptions(options, dev.flashbank.core.flash.FlashProgress.NONE);
        original = driver.readOptions();
        protection = driver.protectionModel(original);
        show(original);
    }

    Sector sector(int bank, int number) {
        return model().geometry().bank(bank).sectors().stream().filter(s -> s.number() == number).findFirst()
                .orElseThrow();
    }

    /** The map's accessible child id of {@code s} (its index in bank order). */
    int childOf(Sector s) {
        return model().geometry().sectors().indexOf(s);
    }

    /** Saves a screenshot of the window once the map has painted itself on the screen again. */
    void screenshot(String name) throws java.io.IOException {
        int[] paints = { 0 };
        org.eclipse.swt.widgets.Listener counter = e -> paints[0]++;
        map.addListener(SWT.Paint, counter);
        try {
            map.redraw();
            Ui.pumpUntil("the sector map painted", () -> paints[0] > 0);
        } finally {
            map.removeListener(SWT.Paint, counter);
        }
        Screenshots.save(shell, name);
    }

    @Override
    public void close() {
        shell.dispose();
        Ui.drain();
    }
}
