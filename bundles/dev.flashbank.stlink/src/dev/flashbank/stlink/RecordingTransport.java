package dev.flashbank.stlink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

import dev.flashbank.core.target.TargetException;

/**
 * Transport decorator that keeps every exchange: the basis of the byte-for-byte protocol tests and of a USB trace
 * for bug reports. Thread-safe for the single session that uses it.
 */
public final class RecordingTransport implements StlinkTransport {

    /**
     * One exchange as it went over the wire.
     *
     * @param cdb      the 16-byte command block
     * @param dataOut  OUT data phase (empty if none)
     * @param inLength bytes requested in the IN phase
     * @param in       bytes received (empty when the exchange failed or had no IN phase)
     */
    public record Exchange(byte[] cdb, byte[] dataOut, int inLength, byte[] in) {
        public Exchange {
            cdb = cdb.clone();
            dataOut = dataOut == null ? new byte[0] : dataOut.clone();
            in = in == null ? new byte[0] : in.clone();
        }

        @Override
        public byte[] cdb() {
            return cdb.clone();
        }

        @Override
        public byte[] dataOut() {
            return dataOut.clone();
        }

        @Override
        public byte[] in() {
            return in.clone();
        }

        /** Byte 0 of the CDB. */
        public int command() {
            return cdb[0] & 0xFF;
        }

        /** Byte 1 of the CDB (the DEBUG_COMMAND sub-command). */
        public int subCommand() {
            return cdb[1] & 0xFF;
        }

        /** True for DEBUG_COMMAND with the given sub-command. */
        public boolean isDebug(int sub) {
            return command() == StlinkCommands.DEBUG_COMMAND && subCommand() == sub;
        }

        /** LE32 at CDB byte 2: the address of memory and debug-register commands. */
        public long address() {
            return Bytes.le32(cdb, 2) & 0xFFFF_FFFFL;
        }

        /** LE16 at CDB byte 6: the length of memory commands. */
        public int length() {
            return Bytes.le16(cdb, 6);
        }

        @Override
        public String toString() {
            return Bytes.hex(cdb) + (dataOut.length > 0 ? " +OUT " + dataOut.length : "")
                    + (inLength > 0 ? " IN " + inLength : "");
        }
    }

    private final StlinkTransport delegate;
    private final List<Exchange> log = Collections.synchronizedList(new ArrayList<>());

    public RecordingTransport(StlinkTransport delegate) {
        this.delegate = delegate;
    }

    @Override
    public byte[] exchange(byte[] cdb, byte[] dataOut, int inLength, int timeoutMillis) throws TargetException {
        byte[] in = null;
        try {
            in = delegate.exchange(cdb, dataOut, inLength, timeoutMillis);
            return in;
        } finally {
            log.add(new Exchange(cdb, dataOut, inLength, in));
        }
    }

    /** Snapshot of all exchanges so far. */
    public List<Exchange> exchanges() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    public List<Exchange> exchanges(Predicate<Exchange> filter) {
        return exchanges().stream().filter(filter).toList();
    }

    public void clear() {
        log.clear();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
