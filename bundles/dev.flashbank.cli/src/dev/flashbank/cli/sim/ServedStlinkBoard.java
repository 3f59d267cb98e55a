package dev.flashbank.cli.sim;

import dev.flashbank.sim.BenchBoard;
import dev.flashbank.stlink.StlinkProduct;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.emulator.StlinkEmulator;
import dev.flashbank.stlink.tcp.StlinkServer;

/**
 * A simulated board behind an emulated ST-Link, as {@code flashbank sim serve --stlink-port} lists it on the
 * stlink-server protocol: the probe's serial is the board's probe serial, every exchange is synchronised on the board
 * (whose accesses all are), and the board ages with the wall clock ({@link SimStlinkBackend#pacedByWallClock}).
 */
public record ServedStlinkBoard(BenchBoard board, StlinkEmulator emulator) {

    /**
     * The probe served in front of a simulated board: an on-board ST-LINK/V2-1 (USB 0483:374B, as on the Nucleo
     * boards) with firmware V2J37M26 - recent enough for every command OpenOCD 0.12's hla driver uses on it
     * (16-bit memory access from J26, GETLASTRWSTATUS2 from J15). Emulator choice.
     */
    public static final EmulatorConfig DEFAULT_PROBE = EmulatorConfig.v21(37);

    /** {@code board} behind a new emulated {@code probe}; its time runs at least {@code realTimeScale} × real time. */
    public static ServedStlinkBoard of(BenchBoard board, EmulatorConfig probe, double realTimeScale) {
        return new ServedStlinkBoard(board,
                new StlinkEmulator(probe, SimStlinkBackend.pacedByWallClock(board.debugBus(), realTimeScale)));
    }

    /** The server's entry for this board. */
    public StlinkServer.ServedProbe served() {
        return new StlinkServer.ServedProbe(board.serial(), StlinkProduct.VENDOR_ID,
                emulator.config().product().productId(), emulator, board);
    }
}
