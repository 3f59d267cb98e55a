package dev.flashbank.ui.banks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IMemoryBlockManager;
import org.eclipse.debug.core.model.IMemoryBlock;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.contexts.AbstractDebugContextProvider;
import org.eclipse.debug.ui.contexts.DebugContextEvent;
import org.eclipse.debug.ui.memory.IMemoryRendering;
import org.eclipse.debug.ui.memory.IMemoryRenderingContainer;
import org.eclipse.debug.ui.memory.IMemoryRenderingSite;
import org.eclipse.debug.ui.memory.IMemoryRenderingType;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPart;

import dev.flashbank.core.banks.BankSnapshot;
import dev.flashbank.core.device.Bank;
import dev.flashbank.ui.model.FlashbankTarget;

/**
 * The Flash Banks view's link to Eclipse's Memory view: the shown target's {@link BankMemoryRetrieval} as the debug
 * context (so the Memory view lists its banks), a {@link BankMemoryBlock} per physical bank at the address where the
 * bank is mapped now, each opened with the platform's default rendering, and the blocks' caches dropped after writes.
 */
final class BankMemoryLink {

    private final IWorkbenchPart part;
    private final Supplier<FlashbankTarget> target;
    private final Consumer<String> status;
    private final Map<FlashbankTarget, BankMemoryRetrieval> retrievals = new HashMap<>();
    private DebugContextProvider contextProvider;

    BankMemoryLink(IWorkbenchPart part, Supplier<FlashbankTarget> target, Consumer<String> status) {
        this.part = part;
        this.target = target;
        this.status = status;
    }

    /** Supplies the shown target's memory-block retrieval as the debug context. */
    private final class DebugContextProvider extends AbstractDebugContextProvider {
        DebugContextProvider() {
            super(part);
        }

        @Override
        public ISelection getActiveContext() {
            FlashbankTarget t = target.get();
            BankMemoryRetrieval r;
            synchronized (retrievals) {
                r = t == null ? null : retrievals.get(t);
            }
            return r == null ? StructuredSelection.EMPTY : new StructuredSelection(r);
        }

        void changed() {
            fire(new DebugContextEvent(this, getActiveContext(), DebugContextEvent.ACTIVATED));
        }
    }

    /** Another target is shown. */
    void targetChanged() {
        if (contextProvider != null) {
            contextProvider.changed();
        }
    }

    void invalidate(FlashbankTarget t) {
        BankMemoryRetrieval r;
        synchronized (retrievals) {
            r = retrievals.get(t);
        }
        if (r != null) {
            r.invalidate();
        }
    }

    /** The Memory-view retrieval of the shown target (created on first use). */
    BankMemoryRetrieval retrieval() {
        FlashbankTarget t = target.get();
        synchronized (retrievals) {
            return t == null ? null : retrievals.computeIfAbsent(t, BankMemoryRetrieval::new);
        }
    }

    /**
     * Adds a memory block per physical bank to the platform's memory block manager and opens the Memory view with
     * its default rendering of each; returns the blocks.
     */
    List<BankMemoryBlock> show(BankSnapshot snap) {
        BankMemoryRetrieval r = retrieval();
        if (snap == null || r == null) {
            status.accept("Connect and read the target first.");
            return List.of();
        }
        if (contextProvider == null) {
            contextProvider = new DebugContextProvider();
            DebugUITools.getDebugContextManager().getContextService(part.getSite().getWorkbenchWindow())
                    .addDebugContextProvider(contextProvider);
        }
        IViewPart mv;
        try {
            // open the Memory view first so that it sees the blocks being added and makes a tab for each
            mv = part.getSite().getPage().showView(IDebugUIConstants.ID_MEMORY_VIEW);
        } catch (CoreException e) {
            status.accept("Cannot open the Memory view: " + e.getMessage());
            return List.of();
        }
        contextProvider.changed();
        IMemoryBlockManager mbm = DebugPlugin.getDefault().getMemoryBlockManager();
        List<BankMemoryBlock> blocks = new ArrayList<>();
        for (IMemoryBlock b : mbm.getMemoryBlocks(r)) {
            if (b instanceof BankMemoryBlock bb) {
                blocks.add(bb);
            }
        }
        List<BankMemoryBlock> added = new ArrayList<>();
        if (blocks.isEmpty()) {
            for (Bank bank : snap.geometry().banks()) {
                // at the address where the bank is mapped now, as the view's strips label it (issue 16)
                added.add(new BankMemoryBlock(r, bank.number(), snap.mapped(bank.number()).start(), bank.size()));
            }
            mbm.addMemoryBlocks(added.toArray(IMemoryBlock[]::new));
            blocks.addAll(added);
        }
        if (mv instanceof IMemoryRenderingSite site) {
            IMemoryRenderingContainer pane = site.getContainer(IDebugUIConstants.ID_RENDERING_VIEW_PANE_1);
            if (pane != null) {
                // as the Memory view's own "Add Memory Monitor" does: right after adding the blocks
                addDefaultRenderings(pane, added);
            }
        }
        return blocks;
    }

    private void addDefaultRenderings(IMemoryRenderingContainer container, List<BankMemoryBlock> added) {
        for (BankMemoryBlock b : added) {
            IMemoryRenderingType[] types = DebugUITools.getMemoryRenderingManager().getDefaultRenderingTypes(b);
            if (types.length > 0) {
                try {
                    IMemoryRendering rendering = types[0].createRendering();
                    rendering.init(container, b);
                    container.addMemoryRendering(rendering);
                } catch (CoreException e) {
                    status.accept("Cannot render " + b.getExpression() + ": " + e.getMessage());
                }
            }
        }
    }

    void dispose() {
        if (contextProvider != null) {
            DebugUITools.getDebugContextManager().getContextService(part.getSite().getWorkbenchWindow())
                    .removeDebugContextProvider(contextProvider);
        }
    }
}
