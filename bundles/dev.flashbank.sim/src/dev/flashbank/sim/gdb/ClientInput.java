package dev.flashbank.sim.gdb;

import java.io.IOException;
import java.io.PushbackInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The debugger's side of the connection as the server reads it, and whether the debugger has gone: {@code available()}
 * never reports end-of-stream, so a debugger killed while the core runs would leave the server polling a closed
 * connection for ever (the socket in CLOSE-WAIT, the next debugger never accepted). {@link #peerClosed()} reads for
 * real, with a short timeout, and pushes back a byte it gets.
 */
final class ClientInput extends PushbackInputStream {

    /** Host time between two real reads while nothing is waiting: a closed connection is noticed this late at most. */
    static final Duration CHECK_EVERY = Duration.ofMillis(50);
    private static final int READ_TIMEOUT_MILLIS = 1;

    private final Socket socket;
    private long lastCheck = System.nanoTime();

    ClientInput(Socket socket) throws IOException {
        super(socket.getInputStream(), 1);
        this.socket = socket;
    }

    /**
     * Whether the debugger closed (or reset) the connection; false while bytes wait or the connection is quiet. At
     * most one real read per {@link #CHECK_EVERY}, so a running core is not slowed by the look.
     */
    boolean peerClosed() {
        try {
            if (available() > 0) {
                return false;
            }
            long now = System.nanoTime();
            if (now - lastCheck < CHECK_EVERY.toNanos()) {
                return false;
            }
            lastCheck = now;
            int timeout = socket.getSoTimeout();
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            try {
                int c = read();
                if (c < 0) {
                    return true;
                }
                unread(c);
                return false;
            } catch (SocketTimeoutException e) {
                return false; // quiet, still connected
            } finally {
                socket.setSoTimeout(timeout);
            }
        } catch (IOException e) {
            return true; // reset, or the socket is closed
        }
    }
}
