package dev.flashbank.ui.banks;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.PlatformObject;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.debug.core.model.IMemoryBlockExtension;
import org.eclipse.debug.core.model.IMemoryBlockRetrieval;
import org.eclipse.debug.core.model.MemoryByte;

import dev.flashbank.ui.FlashbankUiPlugin;

/**
 * One PHYSICAL flash bank as an {@link IMemoryBlockExtension}: addresses are bank offsets (0 .. bank size), so the
 * Memory view shows the bank itself, not whatever window SWP_FB maps (§1.7) - the bank browser labels where that is.
 * Read-only: flash is written through Flashbank's operations (erase before program, §1.3), never byte by byte.
 */
public final class BankMemoryBlock extends PlatformObject implements IMemoryBlockExtension {

    private final BankMemoryRetrieval retrieval;
    private final int bank;
    private final long size;
    private final List<Object> connections = new ArrayList<>();

    BankMemoryBlock(BankMemoryRetrieval retrieval, int bank, long size) {
        this.retrieval = retrieval;
        this.bank = bank;
        this.size = size;
    }

    public int bank() {
        return bank;
    }

    @Override
    public String getExpression() {
        return "physical bank " + bank + " (" + retrieval.target().displayName() + ")";
    }

    @Override
    public BigInteger getBigBaseAddress() {
        return BigInteger.ZERO;
    }

    @Override
    public BigInteger getMemoryBlockStartAddress() {
        return BigInteger.ZERO;
    }

    @Override
    public BigInteger getMemoryBlockEndAddress() {
        return BigInteger.valueOf(size - 1);
    }

    @Override
    public BigInteger getBigLength() {
        return BigInteger.valueOf(size);
    }

    @Override
    public int getAddressSize() {
        return 4;
    }

    @Override
    public boolean supportBaseAddressModification() {
        return false;
    }

    @Override
    public boolean supportsChangeManagement() {
        return false;
    }

    @Override
    public void setBaseAddress(BigInteger address) throws DebugException {
        throw notSupported("the base of a physical bank is its offset 0");
    }

    @Override
    public MemoryByte[] getBytesFromOffset(BigInteger unitOffset, long addressableUnits) throws DebugException {
        return getBytesFromAddress(unitOffset, addressableUnits);
    }

    @Override
    public MemoryByte[] getBytesFromAddress(BigInteger address, long units) throws DebugException {
        MemoryByte[] out = new MemoryByte[(int) units];
        long start = address.longValue();
        long from = Math.max(0, start);
        long to = Math.min(size, start + units);
        byte[] data = to > from ? retrieval.read(bank, from, (int) (to - from)) : new byte[0];
        for (int i = 0; i < out.length; i++) {
            long a = start + i;
            if (a >= from && a < to && data != null) {
                out[i] = new MemoryByte(data[(int) (a - from)], (byte) (MemoryByte.READABLE | MemoryByte.ENDIANESS_KNOWN));
            } else {
                out[i] = new MemoryByte((byte) 0, (byte) MemoryByte.ENDIANESS_KNOWN); // outside the bank, or not read yet
            }
        }
        return out;
    }

    @Override
    public void setValue(BigInteger offset, byte[] bytes) throws DebugException {
        throw notSupported("flash is written with Flashbank's program/erase operations");
    }

    @Override
    public void connect(Object client) {
        connections.add(client);
    }

    @Override
    public void disconnect(Object client) {
        connections.remove(client);
    }

    @Override
    public Object[] getConnections() {
        return connections.toArray();
    }

    @Override
    public void dispose() throws DebugException {
        connections.clear();
    }

    @Override
    public IMemoryBlockRetrieval getMemoryBlockRetrieval() {
        return retrieval;
    }

    @Override
    public int getAddressableSize() {
        return 1;
    }

    @Override
    public long getStartAddress() {
        return 0;
    }

    @Override
    public long getLength() {
        return size;
    }

    @Override
    public byte[] getBytes() throws DebugException {
        byte[] b = retrieval.read(bank, 0, (int) size);
        if (b == null) {
            throw notSupported("not read yet");
        }
        return b;
    }

    @Override
    public boolean supportsValueModification() {
        return false;
    }

    @Override
    public void setValue(long offset, byte[] bytes) throws DebugException {
        setValue(BigInteger.valueOf(offset), bytes);
    }

    @Override
    public String getModelIdentifier() {
        return BankMemoryRetrieval.MODEL_ID;
    }

    /** No debug session: Flashbank reads the flash through its own probe connection. */
    @Override
    public IDebugTarget getDebugTarget() {
        return null;
    }

    @Override
    public ILaunch getLaunch() {
        return null;
    }

    private static DebugException notSupported(String why) {
        return new DebugException(new Status(IStatus.ERROR, FlashbankUiPlugin.PLUGIN_ID, DebugException.NOT_SUPPORTED,
                why, null));
    }
}
