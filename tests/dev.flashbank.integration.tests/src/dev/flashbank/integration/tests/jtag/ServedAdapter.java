package dev.flashbank.integration.tests.jtag;

import java.util.List;
import java.util.function.Consumer;

import dev.flashbank.cli.sim.ServedStlinkBoard;
import dev.flashbank.cli.sim.SimStlinkBackend;
import dev.flashbank.sim.BenchBoard;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.jtag.JtagTiming;
import dev.flashbank.sim.jtag.RemoteBitbangServer;
import dev.flashbank.stlink.StlinkProduct;
import dev.flashbank.stlink.emulator.StlinkEmulator;
import dev.flashbank.stlink.tcp.StlinkServer;

/**
 * The transports {@code flashbank sim serve} offers OpenOCD, each with the adapter commands OpenOCD needs for it: the
 * emulated ST-Link on the stlink-server protocol in DAP-direct mode ({@code st-link} driver) and in HLA mode, and
 * remote_bitbang JTAG. Shared by the OpenOCD tests that run the same steps over each of them.
 */
public enum ServedAdapter {
    STLINK_DAP_DIRECT, STLINK_HLA, REMOTE_BITBANG;

    /** A blank part locks up at reset (vector table 0xFFFFFFFF); OpenOCD reports that for real silicon too. */
    public static final String LOCKUP_ON_BLANK_PART = "clearing lockup after double fault";
    /**
     * The stock script's reset-start handler sets {@code adapter speed}; remote_bitbang has no clock to set and
     * OpenOCD reports it (with any remote_bitbang adapter), then resets on.
     */
    public static final List<String> REMOTE_BITBANG_SPEED_ERRORS = List.of(
            "Translation from khz to adapter speed not implemented", "Error executing event reset-start");

    /**
     * Serves {@code board} through {@code bus} (its debug bus, or one in front of it) on this transport, the board's
     * time paced by the wall clock times {@code timeScale}; the server goes to {@code peers} (close it after OpenOCD).
     * Returns OpenOCD's adapter commands (before the target script).
     */
    public List<String> serve(BenchBoard board, DebugBus bus, double timeScale, Consumer<String> log,
            List<AutoCloseable> peers) throws Exception {
        if (this == REMOTE_BITBANG) {
            RemoteBitbangServer server = RemoteBitbangServer.start(board, bus, 0, JtagTiming.accelerated(timeScale),
                    log);
            peers.add(server);
            return List.of("adapter driver remote_bitbang", "remote_bitbang host 127.0.0.1",
                    "remote_bitbang port " + server.port(), "transport select jtag");
        }
        var probe = ServedStlinkBoard.DEFAULT_PROBE;
        StlinkEmulator emulator = new StlinkEmulator(probe, SimStlinkBackend.pacedByWallClock(bus, timeScale));
        StlinkServer server = StlinkServer.start(List.of(new StlinkServer.ServedProbe(board.serial(),
                StlinkProduct.VENDOR_ID, probe.product().productId(), emulator, board)), StlinkServer.DEFAULT_VERSION,
                0, log);
        peers.add(server);
        if (this == STLINK_DAP_DIRECT) {
            return List.of("source [find interface/stlink-dap.cfg]", "st-link backend tcp " + server.port(),
                    "adapter serial " + board.serial(), "transport select dapdirect_swd");
        }
        return List.of("adapter driver hla", "hla_layout stlink", "hla_device_desc \"ST-LINK\"",
                String.format("hla_vid_pid 0x%04x 0x%04x", StlinkProduct.VENDOR_ID, probe.product().productId()),
                "hla_stlink_backend tcp " + server.port(), "adapter serial " + board.serial());
    }

    /** Whether {@code logLine}, an OpenOCD error, is one this transport always causes with the stock script. */
    public boolean expectedError(String logLine) {
        return this == REMOTE_BITBANG && REMOTE_BITBANG_SPEED_ERRORS.stream().anyMatch(logLine::contains);
    }
}
