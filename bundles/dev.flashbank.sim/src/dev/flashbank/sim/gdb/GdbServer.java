package dev.flashbank.sim.gdb;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import dev.flashbank.core.family.Families;
import dev.flashbank.core.gdb.RspChannel;
import dev.flashbank.core.net.LoopbackServer;
import dev.flashbank.sim.BenchBoard;

/**
 * A GDB Remote Serial Protocol server for one simulated board on a loopback TCP port ({@code gdb-multiarch app.elf -ex
 * 'target extended-remote :PORT'}), for every family: it talks to the board only through its debug bus, as a
 * debugger does ({@link GdbSession}). One client at a time; when it leaves the next may connect. The packet framing
 * is the one Flashbank's GDB client uses ({@link RspChannel}).
 */
public final class GdbServer extends LoopbackServer {

    /**
     * Board time that passes between two looks at the connection while the core runs: 1 ms of board time (16 000
     * cycles at the 16 MHz an STM32 starts on) keeps Ctrl-C prompt without a poll per instruction.
     */
    public static final Duration RUN_SLICE = Duration.ofMillis(1);

    private final BenchBoard board;
    private final Families families;

    private GdbServer(BenchBoard board, Families families, int port, Consumer<String> log) throws IOException {
        super("gdb", port, Clients.ONE_AT_A_TIME, log);
        this.board = board;
        this.families = families;
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
        GdbServer g = new GdbServer(board, families, port, log);
        g.startAccepting();
        return g;
    }

    @Override
    protected void serve(Socket s) throws Exception {
        log.accept("gdb: debugger connected from " + s.getRemoteSocketAddress());
        String peer = "gdb client " + s.getRemoteSocketAddress();
        ClientInput in = new ClientInput(s);
        new GdbSession(new RspChannel(in, s.getOutputStream(), peer), board, families, RUN_SLICE, log, this::isClosed,
                in::peerClosed).serve();
        log.accept("gdb: debugger left");
    }
}
