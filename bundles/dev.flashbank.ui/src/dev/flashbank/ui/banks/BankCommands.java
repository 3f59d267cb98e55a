package dev.flashbank.ui.banks;

import java.util.EnumMap;
import java.util.Map;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.ISelectionProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.handlers.IHandlerService;

import dev.flashbank.core.banks.BankAction;
import dev.flashbank.core.banks.BankViewState;

/**
 * The Flash Banks view's actions as Eclipse commands (declared in plugin.xml: the view toolbar, the context menu of
 * the bank strip and the hex view, key bindings in the view's context {@link #CONTEXT_ID}): one handler per command,
 * activated on the view's site, enabled by {@link BankViewState#whyNot} and updated on every target event, so a command
 * is off while the target is disconnected or busy, wherever it is shown.
 */
final class BankCommands {

    /** The key-binding context the view activates while it is the active part (F5, Ctrl+F, Ctrl+L). */
    static final String CONTEXT_ID = "dev.flashbank.ui.banks.context";
    /** The context menu's id (popup:dev.flashbank.ui.views.banks in plugin.xml). */
    static final String MENU_ID = BankBrowserView.ID;

    private final BankBrowserView view;
    private final Map<BankAction, Handler> handlers = new EnumMap<>(BankAction.class);

    BankCommands(BankBrowserView view) {
        this.view = view;
        IHandlerService hs = view.getSite().getService(IHandlerService.class);
        for (BankAction a : BankAction.values()) {
            Handler h = new Handler(a);
            handlers.put(a, h);
            hs.activateHandler(commandId(a), h);
        }
        view.getSite().getService(IContextService.class).activateContext(CONTEXT_ID);
    }

    /** dev.flashbank.ui.banks.refresh, .program, .eraseSector, ... */
    static String commandId(BankAction a) {
        StringBuilder b = new StringBuilder("dev.flashbank.ui.banks.");
        boolean up = false;
        for (char c : a.name().toLowerCase().toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    /** The context menu of the strip and the hex view, filled from plugin.xml's menu contributions. */
    void contextMenu(Control... controls) {
        MenuManager mm = new MenuManager("#PopupMenu", MENU_ID);
        mm.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        for (Control c : controls) {
            c.setMenu(mm.createContextMenu(c));
        }
        view.getSite().registerContextMenu(MENU_ID, mm, new SectorSelection());
    }

    void update(BankViewState state) {
        handlers.forEach((a, h) -> h.enable(state.whyNot(a).isEmpty()));
    }

    /** A command's handler: runs the view's action for it. */
    private final class Handler extends AbstractHandler {
        private final BankAction action;

        Handler(BankAction action) {
            this.action = action;
        }

        void enable(boolean on) {
            if (isEnabled() != on) {
                setBaseEnabled(on); // fires the handler change: toolbar and menu items follow
            }
        }

        @Override
        public Object execute(ExecutionEvent event) {
            view.run(action); // the handler lives on the view's site: it is this view's command
            return null;
        }
    }

    /** The sector chosen in the strip, for menu contributions that look at the selection. */
    private final class SectorSelection implements ISelectionProvider {
        @Override
        public ISelection getSelection() {
            return view.selectedSector() == null ? StructuredSelection.EMPTY
                    : new StructuredSelection(view.selectedSector());
        }

        @Override
        public void setSelection(ISelection selection) {
            // the strip is chosen with the mouse or the keyboard only
        }

        @Override
        public void addSelectionChangedListener(ISelectionChangedListener listener) {
            // nothing contributed to this menu follows the selection
        }

        @Override
        public void removeSelectionChangedListener(ISelectionChangedListener listener) {
            // see addSelectionChangedListener
        }
    }
}
