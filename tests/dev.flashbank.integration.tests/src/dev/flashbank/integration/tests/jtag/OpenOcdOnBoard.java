package dev.flashbank.integration.tests.jtag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.jtag.JtagTiming;
import dev.flashbank.sim.jtag.RemoteBitbangServer;

/**
 * A simulated board served over remote_bitbang JTAG with OpenOCD connected to it through a stock target
 * configuration - what every OpenOCD test starts with. Closing stops OpenOCD first, then the server.
 */
final class OpenOcdOnBoard implements AutoCloseable {

    /** Board time runs 100x faster than real time: OpenOCD's 1 ms erase polls cover a sector or a mass erase quickly. */
    static final JtagTiming TIMING = JtagTiming.accelerated(100);

    final RemoteBitbangServer server;
    final OpenOcd ocd;
    /** What the JTAG server logged (connections, protocol errors). */
    final List<String> serverLog;

    private OpenOcdOnBoard(RemoteBitbangServer server, OpenOcd ocd, List<String> serverLog) {
        this.server = server;
        this.ocd = ocd;
        this.serverLog = serverLog;
    }

    /** Serves {@code board} and starts OpenOCD with {@code target} on it; {@code withGdb} opens OpenOCD's gdb port. */
    static OpenOcdOnBoard start(BenchBoard board, boolean withGdb, OpenOcd.Target target) throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        RemoteBitbangServer server = RemoteBitbangServer.start(board, 0, TIMING, log::add);
        try {
            return new OpenOcdOnBoard(server, OpenOcd.start(server.port(), withGdb, target), log);
        } catch (Throwable t) {
            server.close();
            throw t;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            ocd.close();
        } finally {
            server.close();
        }
    }
}
