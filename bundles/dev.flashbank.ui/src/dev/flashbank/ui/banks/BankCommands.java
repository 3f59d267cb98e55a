package dev.flashbank.ui.banks;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.ISelectionProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.menus.CommandContributionItem;
import org.eclipse.ui.menus.CommandContributionItemParameter;

import dev.flashbank.core.banks.BankAction;
import dev.flashbank.core.banks.BankViewState;

/**
 * The Flash Banks view's actions as Eclipse commands (declared in plugin.xml with the view toolbar and the key bindings
 * in the view's context {@link #CONTEXT_ID}; the context menu of the bank strip and the hex view is made of the same
 * commands here, open to contributions at its additions group): one handler per command,
 * activated on the view's site, enabled by {@link BankViewState#whyNot} and updated on every target event, so a command
 * is off while the target is disconnected or busy, wherever it is shown.
 */
final class BankCommands {

    /** The key-binding context the view activates while it is the active part (F5, Ctrl+F, Ctrl+L). */
    static final String CONTEXT_ID = "dev.flashbank.ui.banks.context";
    /** The context menu's id (popup:dev.flashbank.ui.views.banks in plugin.xml). */
    static final String MENU_ID = BankBrowserView.ID;

    /** The context menu's commands, in groups: the chosen sector first, then programming, switching, bytes, view. */
    private static final List<List<BankAction>> MENU = List.of(
            List.of(BankAction.ERASE_SECTOR, BankAction.ERASE_BANK),
            List.of(BankAction.PROGRAM, BankAction.VERIFY),
            List.of(BankAction.SWAP, BankAction.ROLLBACK),
            List.of(BankAction.FIND, BankAction.GO_TO, BankAction.EXPORT, BankAction.COMPARE_FILE),
            List.of(BankAction.REFRESH, BankAction.MEMORY_VIEW));

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
        mm.setRemoveAllWhenShown(true);
        mm.addMenuListener(m -> {
            for (List<BankAction> group : MENU) {
                if (!m.isEmpty()) {
                    m.add(new Separator());
                }
                for (BankAction a : group) {
                    m.add(new CommandContributionItem(new CommandContributionItemParameter(view.getSite(), null,
                            commandId(a), CommandContributionItem.STYLE_PUSH)));
                }
            }
            m.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS)); // popup:dev.flashbank.ui.views.banks
        });
        // one menu for all: a MenuManager fills only the last menu it created
        Menu menu = mm.createContextMenu(controls[0]);
        for (Control c : controls) {
            c.setMenu(menu);
        }
        view.getSite().registerContextMenu(MENU_ID, mm, new SectorSelection());
    }

    /** The erase unit the "Erase Sector…" command is labelled with now ("Page" on parts erased in pages). */
    private String unitTitle = "Sector";

    void update(BankViewState state) {
        String unit = state.snapshot().map(s -> s.geometry().eraseUnit().title()).orElse(unitTitle);
        if (!unit.equals(unitTitle)) {
            unitTitle = unit;
            // toolbar and menu items ask the handler for their label (IElementUpdater) when told to
            org.eclipse.ui.commands.ICommandService cs = view.getSite()
                    .getService(org.eclipse.ui.commands.ICommandService.class);
            if (cs != null) {
                cs.refreshElements(commandId(BankAction.ERASE_SECTOR), null);
            }
        }
        boolean[] changed = { false };
        handlers.forEach((a, h) -> changed[0] |= h.enable(state.whyNot(a).isEmpty()));
        if (changed[0]) {
            // the toolbar's items ask their handlers again only when asked to (Eclipse 4 renderers)
            IEventBroker events = view.getSite().getService(IEventBroker.class);
            if (events != null) {
                events.post(UIEvents.REQUEST_ENABLEMENT_UPDATE_TOPIC, UIEvents.ALL_ELEMENT_ID);
            }
        }
    }

    /**
     * A command's handler: runs the view's action for it; names the erase unit in the label of "Erase Sector…" as the
     * shown part's manual does ("Erase Page…").
     */
    private final class Handler extends AbstractHandler implements org.eclipse.ui.commands.IElementUpdater {
        private final BankAction action;

        Handler(BankAction action) {
            this.action = action;
        }

        /** Returns whether it changed. */
        boolean enable(boolean on) {
            if (isEnabled() == on) {
                return false;
            }
            setBaseEnabled(on); // fires the handler change: menu items and key bindings follow
            return true;
        }

        @Override
        public Object execute(ExecutionEvent event) {
            view.run(action); // the handler lives on the view's site: it is this view's command
            return null;
        }

        @Override
        public void updateElement(org.eclipse.ui.menus.UIElement element, @SuppressWarnings("rawtypes") Map parameters) {
            if (action == BankAction.ERASE_SECTOR) {
                element.setText("Erase " + unitTitle + "\u2026");
                element.setTooltip("Erase the " + unitTitle.toLowerCase(java.util.Locale.ROOT)
                        + " chosen in the bank strip");
            }
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
