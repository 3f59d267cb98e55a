package dev.flashbank.sim.jtag;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.function.Consumer;

import dev.flashbank.core.net.LoopbackServer;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.bus.DebugBus;

/**
 * OpenOCD's {@code remote_bitbang} protocol (OpenOCD 0.12 {@code doc/manual/jtag/drivers/remote_bitbang.txt}) served
 * on a loopback TCP port in front of a simulated board's {@link JtagChain}. One ASCII character per command:
 * <ul>
 * <li>{@code '0'..'7'}: drive TCK (bit 2), TMS (bit 1), TDI (bit 0);</li>
 * <li>{@code 'R'}: sample TDO, answered with {@code '0'} or {@code '1'};</li>
 * <li>{@code 'r' 's' 't' 'u'}: nTRST/NRST = (off,off) (off,on) (on,off) (on,on);</li>
 * <li>{@code 'B' 'b'}: LED on/off (ignored); {@code 'Q'}: the adapter quits (the connection closes).</li>
 * </ul>
 * The answers to all {@code R}s of one received chunk are sent together as soon as the chunk is processed, with
 * TCP_NODELAY: OpenOCD pipelines its reads and waits for them only at the end of a queue flush. One adapter at a
 * time; after it disconnects the next may connect (the JTAG chain keeps its state like a powered target would).
 */
public final class RemoteBitbangServer extends LoopbackServer {

    private final JtagChain chain;
    private final Object board;

    private RemoteBitbangServer(Object lock, JtagChain chain, int port, Consumer<String> log) throws IOException {
        super("remote_bitbang", port, Clients.ONE_AT_A_TIME, log);
        this.board = lock;
        this.chain = chain;
    }

    /**
     * Starts serving {@code board} on 127.0.0.1:{@code port} (0 = a free port, see {@link #port()}).
     *
     * @param log receives one line per connect/disconnect (may be {@code s -> {}})
     */
    public static RemoteBitbangServer start(BenchBoard board, int port, JtagTiming timing, Consumer<String> log)
            throws IOException {
        return start(board, board.debugBus(), port, timing, log);
    }

    /** As {@link #start(BenchBoard, int, JtagTiming, Consumer)} for any bus; {@code lock} serialises the chain. */
    public static RemoteBitbangServer start(Object lock, DebugBus bus, int port, JtagTiming timing,
            Consumer<String> log) throws IOException {
        RemoteBitbangServer r = new RemoteBitbangServer(lock, new JtagChain(bus, timing), port, log);
        r.startAccepting();
        return r;
    }

    @Override
    protected void serve(Socket s) throws IOException {
        log.accept("remote_bitbang: adapter connected from " + s.getRemoteSocketAddress());
        session(s.getInputStream(), s.getOutputStream());
        log.accept("remote_bitbang: adapter disconnected");
    }

    /** Processes one adapter connection until it quits or closes; visible for the scripted-stream unit tests. */
    void session(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[8192];
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        while (true) {
            int n = in.read(buf);
            if (n < 0) {
                return;
            }
            boolean quit = false;
            synchronized (board) {
                for (int i = 0; i < n && !quit; i++) {
                    quit = process(buf[i], answers);
                }
            }
            if (answers.size() > 0) {
                answers.writeTo(out);
                out.flush();
                answers.reset();
            }
            if (quit) {
                return;
            }
        }
    }

    private boolean process(byte c, ByteArrayOutputStream answers) {
        switch (c) {
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                int v = c - '0';
                chain.setPins((v & 4) != 0, (v & 2) != 0, (v & 1) != 0);
            }
            case 'R' -> answers.write(chain.tdo() ? '1' : '0');
            case 'r' -> chain.setResets(false, false);
            case 's' -> chain.setResets(false, true);
            case 't' -> chain.setResets(true, false);
            case 'u' -> chain.setResets(true, true);
            case 'Q' -> {
                return true;
            }
            default -> {
                // 'B'/'b' (LED), whitespace and unknown commands: nothing to do
            }
        }
        return false;
    }
}
