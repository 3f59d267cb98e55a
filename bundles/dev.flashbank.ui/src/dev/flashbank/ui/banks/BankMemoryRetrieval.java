package dev.flashbank.ui.banks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.PlatformObject;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IMemoryBlock;
import org.eclipse.debug.core.model.IMemoryBlockExtension;
import org.eclipse.debug.core.model.IMemoryBlockRetrievalExtension;
import org.eclipse.swt.widgets.Display;

import dev.flashbank.core.banks.BankSource;
import dev.flashbank.core.banks.CachedBankReader;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.ui.FlashbankUiPlugin;
import dev.flashbank.ui.model.FlashbankTarget;

/**
 * Eclipse's Memory view entry to one target's PHYSICAL flash banks: the expressions "bank1" and "bank2" (also
 * "physical bank 2") give a {@link BankMemoryBlock} per bank, so the platform's hex/ASCII/integer renderings show
 * physical banks whatever SWP_FB maps where, at the address where the bank is mapped when the block is made. Reads go through a per-sector {@link CachedBankReader} holding the
 * target's scheduling rule, like every Flashbank job; {@link #invalidate()} after writes.
 */
public final class BankMemoryRetrieval extends PlatformObject implements IMemoryBlockRetrievalExtension {

    /** Model identifier of the blocks (the Memory view groups renderings by it). */
    public static final String MODEL_ID = "dev.flashbank.ui.flash";

    private final FlashbankTarget target;
    private volatile CachedBankReader reader;

    public BankMemoryRetrieval(FlashbankTarget target) {
        this.target = target;
    }

    public FlashbankTarget target() {
        return target;
    }

    /** Drops cached sectors (after a write). */
    public void invalidate() {
        CachedBankReader r = reader;
        if (r != null) {
            r.invalidate();
        }
    }

    /** The geometry of the connected part (connects if needed, holding the target's rule). */
    FlashGeometry geometry() throws DebugException {
        return reader().geometry();
    }

    /** Where physical bank {@code bank} is mapped now in the window images are linked for (reads the mapping). */
    long mappedAt(int bank) throws DebugException {
        return withRule(() -> {
            FlashbankTarget.Connection c = target.connect();
            FlashGeometry g = c.driver().geometry();
            return g.bankRange(bank, c.driver().banksSwapped(), g.linkWindow()).start();
        });
    }

    private CachedBankReader reader() throws DebugException {
        CachedBankReader r = reader;
        if (r != null) {
            return r;
        }
        return withRule(() -> {
            FlashbankTarget.Connection c = target.connect();
            CachedBankReader n = new CachedBankReader(c.driver().geometry(), BankSource.of(c.driver()));
            reader = n;
            return n;
        });
    }

    /** Bytes of a physical bank; from the cache on the UI thread (never blocking it), else read under the rule. */
    byte[] read(int bank, long offset, int length) throws DebugException {
        CachedBankReader r = reader();
        var cached = r.peek(bank, offset, length);
        if (cached.isPresent()) {
            return cached.get();
        }
        if (Display.getCurrent() != null) {
            return null; // the UI thread never waits for the target: the caller shows the bytes as unreadable
        }
        return withRule(() -> r.read(bank, offset, length));
    }

    private interface Io<T> {
        T run() throws TargetException;
    }

    private <T> T withRule(Io<T> io) throws DebugException {
        if (Job.getJobManager().currentRule() != null) {
            return inOwnJob(io); // rules do not nest: the Memory view's renderings read inside their own jobs' rules
        }
        Job.getJobManager().beginRule(target.rule(), null);
        try {
            return io.run();
        } catch (TargetException e) {
            throw new DebugException(Status.error(e.getMessage(), e));
        } finally {
            Job.getJobManager().endRule(target.rule());
        }
    }

    /** Runs {@code io} in a job holding the target's rule and waits for it. */
    private <T> T inOwnJob(Io<T> io) throws DebugException {
        List<T> result = new ArrayList<>(1);
        List<TargetException> failure = new ArrayList<>(1);
        Job j = Job.create("Reading flash for the Memory view", monitor -> {
            try {
                result.add(io.run());
            } catch (TargetException e) {
                failure.add(e);
            }
        });
        j.setRule(target.rule());
        j.setSystem(true);
        j.schedule();
        try {
            j.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DebugException(Status.error("interrupted while reading the flash", e));
        }
        if (!failure.isEmpty()) {
            throw new DebugException(Status.error(failure.get(0).getMessage(), failure.get(0)));
        }
        if (result.isEmpty()) {
            throw new DebugException(Status.error("the flash read did not run: " + j.getResult()));
        }
        return result.get(0);
    }

    @Override
    public IMemoryBlockExtension getExtendedMemoryBlock(String expression, Object context) throws DebugException {
        String e = expression.strip().toLowerCase(Locale.ROOT).replace("physical", "").replace(" ", "");
        int bank = switch (e) {
            case "bank1", "1" -> 1;
            case "bank2", "2" -> 2;
            default -> throw new DebugException(new Status(IStatus.ERROR, FlashbankUiPlugin.PLUGIN_ID,
                    "\"" + expression + "\": give bank1 or bank2 (a physical flash bank)"));
        };
        FlashGeometry g = geometry();
        if (bank > g.bankCount()) {
            throw new DebugException(new Status(IStatus.ERROR, FlashbankUiPlugin.PLUGIN_ID,
                    "there is no physical bank 2: the flash is in single-bank mode"));
        }
        return new BankMemoryBlock(this, bank, mappedAt(bank), g.bank(bank).size());
    }

    @Override
    public boolean supportsStorageRetrieval() {
        return true;
    }

    @Override
    public IMemoryBlock getMemoryBlock(long startAddress, long length) throws DebugException {
        throw new DebugException(new Status(IStatus.ERROR, FlashbankUiPlugin.PLUGIN_ID,
                "Flashbank memory blocks are physical banks: add \"bank1\" or \"bank2\""));
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        if (adapter.isInstance(this)) {
            return adapter.cast(this);
        }
        return super.getAdapter(adapter);
    }
}
