package dev.flashbank.core.net;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A TCP server on a loopback port, the skeleton every Flashbank server shares (the simulator's GDB and
 * remote_bitbang servers, the stlink-server): it binds 127.0.0.1, accepts on a daemon thread, serves each connection
 * with TCP_NODELAY (debug protocols wait for every answer), and {@link #close()} stops accepting, closes every open
 * connection and waits for the threads. What a connection means is the subclass's {@link #serve(Socket)}.
 * <p>
 * A subclass constructs itself (its constructor calls this one, which binds the port) and then calls
 * {@link #startAccepting()}, so no connection is served before its fields are set.
 */
public abstract class LoopbackServer implements AutoCloseable {

    /** How the connections are served. */
    public enum Clients {
        /** One at a time, on the accepting thread: the next client is accepted when the current one leaves. */
        ONE_AT_A_TIME,
        /** Each on a thread of its own, any number at once. */
        CONCURRENT
    }

    private static final long JOIN_MILLIS = 5_000;

    private final String name;
    private final Clients clients;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Map<Socket, Thread> open = new LinkedHashMap<>();
    /** Receives one line per failed accept or connection (and whatever the subclass logs). */
    protected final Consumer<String> log;
    private volatile boolean closed;

    /**
     * Binds 127.0.0.1:{@code port} (0 = a free port, see {@link #port()}); nothing is accepted before
     * {@link #startAccepting()}.
     *
     * @param name the server's name in thread names and log lines, e.g. {@code "gdb"}
     */
    protected LoopbackServer(String name, int port, Clients clients, Consumer<String> log) throws IOException {
        this.name = Objects.requireNonNull(name, "name");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.log = Objects.requireNonNull(log, "log");
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            s.close();
            throw e;
        }
        this.server = s;
        this.acceptor = new Thread(this::accept, name + " :" + s.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    /** Starts the accepting thread; called once, by the subclass when it is fully constructed. */
    protected final void startAccepting() {
        acceptor.start();
    }

    /** The bound port. */
    public final int port() {
        return server.getLocalPort();
    }

    /** True once {@link #close()} has begun: a connection that fails now ends quietly. */
    protected final boolean isClosed() {
        return closed;
    }

    /**
     * Serves one connection until the client leaves (return) or the connection fails (throw). The socket is closed
     * afterwards. An {@link EOFException} (the client left in the middle of a request) ends it quietly, any other
     * exception with a log line unless the server is closing.
     */
    protected abstract void serve(Socket connection) throws Exception;

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.accept(name + ": accept failed: " + e.getMessage());
                }
                return;
            }
            Thread t = clients == Clients.ONE_AT_A_TIME ? Thread.currentThread()
                    : new Thread(() -> connection(s), name + " client " + s.getRemoteSocketAddress());
            synchronized (open) {
                if (closed) {
                    closeQuietly(s);
                    return;
                }
                open.put(s, t);
            }
            if (clients == Clients.ONE_AT_A_TIME) {
                connection(s);
            } else {
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private void connection(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            serve(s);
        } catch (EOFException e) {
            // the client left in the middle of a request: nothing to answer
        } catch (RuntimeException e) {
            log.accept(name + ": connection ended by an internal error: " + e);
        } catch (Exception e) {
            if (!closed) {
                log.accept(name + ": connection ended: " + e.getMessage());
            }
        } finally {
            synchronized (open) {
                open.remove(s);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /**
     * Stops accepting, closes every open connection and waits for the serving threads (a request in progress ends
     * first).
     */
    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        Set<Thread> threads = new LinkedHashSet<>();
        synchronized (open) {
            open.keySet().forEach(LoopbackServer::closeQuietly);
            threads.addAll(open.values());
        }
        threads.add(acceptor);
        threads.remove(Thread.currentThread()); // closed by one of its own connections: that one ends after this
        try {
            for (Thread t : threads) {
                t.join(JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
