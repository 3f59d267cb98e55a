package dev.flashbank.ui.views;

import java.util.List;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

import dev.flashbank.core.Flashbank;

/**
 * Targets view: the probes and simulated boards Flashbank can work with. (Foundation version: lists the target
 * kinds; the full view with connect/disconnect, identity and bank state is issue 7.)
 */
public final class TargetsView extends ViewPart {

    public static final String ID = "dev.flashbank.ui.views.targets";

    private TableViewer viewer;
    private Label header;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        header = new Label(parent, SWT.WRAP);
        header.setText(Flashbank.NAME + " " + Flashbank.VERSION + " \u2014 targets");
        header.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        viewer = new TableViewer(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER);
        viewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setLabelProvider(new LabelProvider());
        viewer.setInput(List.of("Simulated boards", "ST-Link probes (USB)"));
        getSite().setSelectionProvider(viewer);
    }

    /** Lines shown in the view, for tests. */
    public List<String> rows() {
        return java.util.Arrays.stream(viewer.getTable().getItems()).map(i -> i.getText()).toList();
    }

    public String headerText() {
        return header.getText();
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }
}
