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
 * One PHYSICAL flash bank as an {@link IMemoryBlockExtension}, its rendering starting at the address where the bank
 * was mapped when the block was made (0x0810_0000 for physical bank 2 of a 2 MiB F7 with SWP_FB = 0, RM0410 §3.3.2),
 * as the Flash Banks view labels it: the Memory view shows the bank itself, byte for byte, whatever the mapping does
 * later; its addresses say where a user finds those bytes in a map file. Read-only: flash is written through
 * Flashbank's operations (erase before program), never byte by byte.
 */
public final class BankMemoryBlock extends PlatformObject implements IMemoryBlockExtension {

    private final BankMemoryRetrieval retrieval;
    private final int bank;
    /** Where offset 0 of the bank is shown (the bank's address when the block was made). */
    private final long base;
    private final long size;
    private final List<Object> connections = new ArrayList<>();

    BankMemoryBlock(BankMemoryRetrieval retrieval, int bank, long base, long size) {
        this.retrieval = retrieval;
        this.bank = bank;
        this.base = base;
        this.size = size;
    }

    public int bank() {
        return bank;
    }

    @Override
    public String getExpression() {
        return String.format("physical bank %d at 0x%08X (%s)", bank, base, retrieval.target().displayName());
    }

    @Override
    public BigInteger getBigBaseAddress() {
        return BigInteger.valueOf(base);
    }

    @Override
    public BigInteger getMemoryBlockStartAddress() {
        return BigInteger.valueOf(base);
    }

    @Override
    public BigInteger getMemoryBlockEndAddress() {
        return BigInteger.valueOf(base + size - 1);
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
        throw notSupported("a physical bank starts where it is mapped");
    }

    @Override
    public MemoryByte[] getBytesFromOffset(BigInteger unitOffset, long addressableUnits) throws DebugException {
        return getBytesFromAddress(unitOffset.add(BigInteger.valueOf(base)), addressableUnits);
    }

    @Override
    public MemoryByte[] getBytesFromAddress(BigInteger address, long units) throws DebugException {
        MemoryByte[] out = new MemoryByte[(int) units];
        long start = address.longValue() - base; // an offset of the bank
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
        return base;
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
