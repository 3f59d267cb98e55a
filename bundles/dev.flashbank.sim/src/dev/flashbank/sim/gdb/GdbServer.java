package dev.flashbank.sim.gdb;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import dev.flashbank.core.family.Families;
import dev.flashbank.core.gdb.RspChannel;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.sim.BenchBoard;

/**
 * A GDB Remote Serial Protocol server for one simulated board on a loopback TCP port ({@code gdb-multiarch app.elf -ex
 * 'target extended-remote :PORT'}), for every family: it talks to the board only through its debug bus, as a
 * debugger does ({@link GdbSession}). One client at a time; when it leaves the next may connect. The packet framing
 * is the one Flashbank's GDB client uses ({@link RspChannel}).
 */
public final class GdbServer implements AutoCloseable {

    /**
     * Board time that passes between two looks at the connection while the core runs: 1 ms of board time (16 000
     * cycles at the 16 MHz an STM32 starts on) keeps Ctrl-C prompt without a poll per instruction.
     */
    public static final Duration RUN_SLICE = Duration.ofMillis(1);

    private final BenchBoard board;
    private final Families families;
    private final ServerSocket server;
    private final Consumer<String> log;
    private final Thread thread;
    private volatile Socket client;
    private volatile boolean closed;

    private GdbServer(BenchBoard board, Families families, ServerSocket server, Consumer<String> log) {
        this.board = board;
        this.families = families;
        this.server = server;
        this.log = log;
        this.thread = new Thread(this::serve, "gdb server :" + server.getLocalPort());
        this.thread.setDaemon(true);
    }

    /**
     * Serves {@code board} on 127.0.0.1:{@code port} (0 = a free port, see {@link #port()}).
     *
     * @param families the installed families: the board's part is identified over the bus and its flash driver
     *        carries out GDB's {@code load}
     * @param log receives one line per connect, disconnect and failed request (may be {@code s -> {}})
     */
    public static GdbServer start(BenchBoard board, Families families, int port, Consumer<String> log)
            throws IOException {
        Objects.requireNonNull(board, "board");
        Objects.requireNonNull(families, "families");
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            s.close();
            throw e;
        }
        GdbServer g = new GdbServer(board, families, s, log);
        g.thread.start();
        return g;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!closed) {
            try (Socket s = server.accept()) {
                client = s;
                s.setTcpNoDelay(true);
                log.accept("gdb: debugger connected from " + s.getRemoteSocketAddress());
                String peer = "gdb client " + s.getRemoteSocketAddress();
                new GdbSession(new RspChannel(s.getInputStream(), s.getOutputStream(), peer), board, families,
                        RUN_SLICE, log, () -> closed).serve();
                log.accept("gdb: debugger left");
            } catch (TargetException | IOException e) {
                if (!closed) {
                    log.accept("gdb: connection ended: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                log.accept("gdb: connection ended by an internal error: " + e);
            } finally {
                client = null;
            }
        }
    }

    /** Stops accepting, closes the current connection and waits for the serving thread to end. */
    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        Socket c = client;
        if (c != null) {
            try {
                c.close();
            } catch (SocketException e) {
                // already closed
            }
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
