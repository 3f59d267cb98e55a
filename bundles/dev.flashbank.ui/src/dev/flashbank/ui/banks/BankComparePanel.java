package dev.flashbank.ui.banks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import dev.flashbank.core.banks.BankComparison;
import dev.flashbank.core.banks.BankSnapshot;
import dev.flashbank.core.banks.FileComparison;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.image.FirmwareImage;

/**
 * The comparison part of the Flash Banks view: physical bank 1 against bank 2 as read, or a bank against a firmware
 * file until the next read ({@link FileComparison}); the summary, one row per differing range with where each side
 * is mapped now, and the ranges the hex view highlights. A row chosen shows its range in the hex view.
 */
final class BankComparePanel {

    private final Group group;
    private final Label summary;
    private final Table table;
    private final List<TableColumn> columns = new ArrayList<>();
    /** A bank compared with a firmware file, shown instead of bank 1 vs bank 2 until the next read. */
    private FileComparison fileComparison;
    private List<AddressRange> shownRanges = List.of();

    /** @param reveal gets the physical bank (1, 2) and the range of a row the user chose */
    BankComparePanel(Composite parent, RangeChosen reveal) {
        group = new Group(parent, SWT.NONE);
        group.setText("Compare physical bank 1 \u2194 bank 2");
        group.setLayout(new GridLayout(1, false));
        summary = new Label(group, SWT.WRAP);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        table = new Table(group, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
        table.setHeaderVisible(true);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        for (String c : List.of("Bank offset", "Bytes", "Bank 1 at", "Bank 2 at")) {
            TableColumn tc = new TableColumn(table, SWT.LEFT);
            tc.setText(c);
            tc.setWidth(c.equals("Bytes") ? 50 : 100);
            columns.add(tc);
        }
        table.addListener(SWT.Selection, e -> {
            int i = table.getSelectionIndex();
            if (i >= 0 && i < shownRanges.size()) {
                FileComparison fc = fileComparison;
                reveal.chosen(fc == null ? 0 : fc.bank(), shownRanges.get(i));
            }
        });
    }

    /** A row chosen: {@code bank} 0 for bank 1 vs bank 2 (either bank shows the range). */
    @FunctionalInterface
    interface RangeChosen {
        void chosen(int bank, AddressRange range);
    }

    Group control() {
        return group;
    }

    Table table() {
        return table;
    }

    /** A new read: the bank may have changed, so a file comparison is dropped. */
    void newSnapshot() {
        fileComparison = null;
    }

    /**
     * Compares physical bank {@code bank} ({@code content}, all of it) with {@code image}; shown until the next read.
     * Returns the outcome's line for the status.
     */
    FileComparison.Result compareWithImage(BankSnapshot s, int bank, byte[] content, FirmwareImage image) {
        FileComparison.Result r = FileComparison.of(s.geometry(), bank, content, image);
        r.comparison().ifPresent(c -> fileComparison = c);
        return r;
    }

    Optional<FileComparison> fileComparison() {
        return Optional.ofNullable(fileComparison);
    }

    /** The comparison shown: the file's, else the snapshot's bank 1 vs bank 2. */
    Optional<BankComparison> shown(BankSnapshot s) {
        FileComparison fc = fileComparison;
        return fc != null ? Optional.of(fc.comparison()) : s == null ? Optional.empty() : s.comparison();
    }

    /** The differing ranges to highlight in physical bank {@code bank}. */
    List<AddressRange> highlights(int bank, BankSnapshot s) {
        FileComparison fc = fileComparison;
        if (fc != null) {
            return bank == fc.bank() ? fc.comparison().ranges() : List.of();
        }
        return s == null ? List.of() : s.comparison().map(BankComparison::ranges).orElse(List.of());
    }

    void show(BankSnapshot s) {
        table.removeAll();
        shownRanges = List.of();
        if (s == null) {
            summary.setText("");
            return;
        }
        FileComparison fc = fileComparison;
        group.setText(fc == null ? "Compare physical bank 1 \u2194 bank 2"
                : "Compare physical bank " + fc.bank() + " \u2194 " + fc.comparison().right());
        columns.get(2).setText(fc == null ? "Bank 1 at" : "Bank " + fc.bank() + " at");
        columns.get(3).setText(fc == null ? "Bank 2 at" : "In the file at");
        Optional<BankComparison> shown = shown(s);
        if (shown.isEmpty()) {
            summary.setText(s.geometry().bankCount() == 1
                    ? "Single-bank mode: no second bank (Compare with file\u2026 compares the bank with an image)."
                    : "Not readable.");
            return;
        }
        BankComparison c = shown.get();
        summary.setText(c.summary());
        long left = s.mapped(fc == null ? 1 : fc.bank()).start();
        long right = fc == null ? s.mapped(2).start() : fc.fileBase();
        for (BankComparison.Row r : c.rows(left, right)) {
            new TableItem(table, SWT.NONE).setText(r.cells().toArray(String[]::new));
        }
        shownRanges = c.ranges();
    }

    /**
     * GTK3: rows put into a table that never had any are not drawn when a layout follows at once (it re-sets the
     * table's bounds and the rows' pending draw is lost): the table stayed blank under "N ranges differ" until
     * clicked. Called after the view's layout.
     */
    void redrawAfterLayout() {
        group.layout(true, true); // the summary's new text: as many lines as it wraps to at the group's width
        table.redraw();
    }

    String summaryText() {
        return summary.getText();
    }

    List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        for (TableItem it : table.getItems()) {
            rows.add(new String[] { it.getText(0), it.getText(1), it.getText(2), it.getText(3) });
        }
        return rows;
    }

}
