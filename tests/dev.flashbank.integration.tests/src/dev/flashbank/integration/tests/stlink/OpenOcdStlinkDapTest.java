package dev.flashbank.integration.tests.stlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.flashbank.cli.sim.ServedStlinkBoard;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.integration.tests.jtag.OpenOcd;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.stlink.StlinkCommands;
import dev.flashbank.stlink.StlinkTransport;
import dev.flashbank.stlink.emulator.EmulatorConfig;
import dev.flashbank.stlink.tcp.StlinkServer;

/**
 * Issue 18: stock OpenOCD 0.12 in its default ST-Link mode - {@code adapter driver st-link} (DAP-direct,
 * {@code interface/stlink-dap.cfg}, transport {@code dapdirect_swd}) over the stlink-server backend
 * ({@code st-link backend tcp <port>}) with the stock {@code target/stm32f7x.cfg} and {@code set WORKAREASIZE 0} - on
 * purpose: the simulated F7 runs OpenOCD's RAM flash loader too ({@code OpenOcdFlashLoaderTest}), but without a work
 * area OpenOCD programs through the probe, a half-word and a FLASH_SR poll at a time, the path a target without free
 * RAM takes, and the one that puts every command below through the emulator - against the emulated ST-Link in front
 * of the simulated F767 (dual and single bank) and F722. OpenOCD
 * drives the board through DP and AP registers (READ_DAP_REG / WRITE_DAP_REG, INIT_AP / CLOSE_AP_DBG) and memory
 * commands that name the AP and its CSW; Flashbank's core, reading the same board, agrees after every step: probe,
 * {@code flash info}, {@code options_read}, {@code mass_erase}, {@code write_image} of a 200 KiB payload (Intel HEX or
 * S-record) and {@code verify_image}, the dump equals Flashbank's read, {@code options_write}, {@code flash protect} with
 * the refused erase and {@code lock}/{@code unlock} ({@link OpenOcdF7Scenario}, the same steps as
 * {@link OpenOcdStlinkHlaMatrixTest} in HLA mode). Neither the emulator nor the server sees a
 * protocol violation, and OpenOCD's log warns only of what a real probe on the same configuration warns of.
 */
class OpenOcdStlinkDapTest {

    /** Board time runs 100x faster than real time: OpenOCD's 1 ms erase polls cover a mass erase quickly. */
    static final double TIME_SCALE = 100;

    /**
     * Warnings a real probe causes as well with this configuration: no work area (OpenOCD falls back from its flash
     * loader and its checksum algorithm to plain memory accesses), and the Cortex-M7 r0p1 erratum OpenOCD reports for
     * every such core.
     */
    static final List<String> EXPECTED_WARNINGS = List.of("not enough working area available",
            "no working area available, can't do block memory writes",
            "couldn't use block writes, falling back to single memory accesses",
            "Silicon bug: single stepping may enter pending exception handler");

    /** The error OpenOCD reports when it halts a part whose flash is blank: the core locked up at reset. */
    static final String LOCKUP_ON_BLANK_PART = "clearing lockup after double fault";

    static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** One simulated board behind one emulated probe, and the image format OpenOCD writes. */
    record Case(String name, Supplier<SimulatedBoard> board, EmulatorConfig probe, ImageFormat format) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("F767 dual bank, ST-LINK/V2-1 V2J37 (sim serve's probe)", SimulatedBoards::createDefault,
                        ServedStlinkBoard.DEFAULT_PROBE, ImageFormat.INTEL_HEX),
                new Case("F767 single bank, STLINK-V3 V3J7", SimulatedBoards::createFactoryFresh, EmulatorConfig.v3(7),
                        ImageFormat.SREC),
                new Case("F722, ST-LINK/V2 V2J37 (starts in DFU mode)", () -> create("STM32F722ZE"),
                        EmulatorConfig.v2(37), ImageFormat.SREC));
    }

    static SimulatedBoard create(String part) {
        try {
            return SimulatedBoards.create(part);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AutoClose
    final OpenOcdF7Scenario.Peers peers = new OpenOcdF7Scenario.Peers();
    StlinkServer server;
    OpenOcd ocd;
    @TempDir
    Path tmp;
    SimulatedBoard board;
    ServedStlinkBoard served;
    CountingTransport wire;
    SimulatedProbe probe;
    Stm32F7FlashDriver flashbank;
    /** Whether the board's flash was blank when OpenOCD connected (its core then locks up at reset). */
    boolean blank;

    /** Serves {@code c}'s board behind its probe and connects OpenOCD's DAP-direct driver to it. */
    void serveAndConnect(Case c) throws Exception {
        OpenOcdF7Scenario.Served s = OpenOcdF7Scenario.Served.serve(c, TIME_SCALE, peers);
        board = s.board();
        served = s.served();
        wire = s.wire();
        server = s.server();
        probe = s.probe();
        flashbank = s.flashbank();
        blank = s.blank();
        ocd = peers.connect(OpenOcd.start(dapDirectOverTcp(server.port(), board.serial()), List.of(), false,
                OpenOcd.Target.STM32F7));
        assertThat(ocd.log()).contains("connected to stlink-server").contains("stlink_dap_op_connect(connect)")
                .contains("SWD DPIDR 0x5ba02477").contains("Cortex-M7")
                .contains(String.format("VID:PID 0483:%04X", c.probe().product().productId()));
    }

    /**
     * After OpenOCD has quit: no protocol violation, the DAP-direct commands were used, OpenOCD's log has no error and
     * only {@link #EXPECTED_WARNINGS}; returns the warnings.
     */
    List<String> assertCleanDapDirectSession(String log, String... expectedErrors) {
        assertThat(served.emulator().violations()).as("emulator: protocol violations").isEmpty();
        assertThat(server.violations()).as("stlink-server: protocol violations").isEmpty();
        assertThat(wire.count(StlinkCommands.DEBUG_APIV2_READ_DAP_REG)).as("READ_DAP_REG").isPositive();
        assertThat(wire.count(StlinkCommands.DEBUG_APIV2_WRITE_DAP_REG)).as("WRITE_DAP_REG").isPositive();
        assertThat(wire.count(StlinkCommands.DEBUG_APIV2_INIT_AP)).as("INIT_AP").isPositive();
        assertThat(wire.count(StlinkCommands.DEBUG_APIV2_CLOSE_AP_DBG)).as("CLOSE_AP_DBG").isPositive();
        assertThat(wire.memoryCommandsWithCsw()).as("memory commands naming their CSW").isPositive();
        assertThat(wire.count(StlinkCommands.DEBUG_APIV2_READDEBUGREG)).as("no HLA register shortcuts").isZero();
        List<String> errors = log.lines().filter(l -> l.startsWith("Error")).toList();
        assertThat(errors).allMatch(e -> blank && e.contains(LOCKUP_ON_BLANK_PART)
                || Stream.of(expectedErrors).anyMatch(e::contains));
        List<String> warnings = log.lines().filter(l -> l.startsWith("Warn")).toList();
        assertThat(warnings).allMatch(w -> EXPECTED_WARNINGS.stream().anyMatch(w::contains));
        return warnings;
    }

    /** Closes OpenOCD (it closes the APs it opened, stlink_dap_op_quit, and leaves debug mode); returns its log. */
    String closeOpenOcd() throws Exception {
        ocd = null;
        return peers.closeOpenOcd();
    }

    /** The DAP-direct st-link adapter on the stlink-server backend (OpenOCD 0.12 stlink_dap_backend_command). */
    static List<String> dapDirectOverTcp(int port, String serial) {
        return List.of("source [find interface/stlink-dap.cfg]", "st-link backend tcp " + port,
                "adapter serial " + serial, "transport select dapdirect_swd", "set WORKAREASIZE 0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void openOcdsDapDirectDriverAgreesWithFlashbank(Case c) throws Exception {
        serveAndConnect(c);
        OpenOcdF7Scenario.probeInfoAndOptions(ocd, board, probe, flashbank);
        OpenOcdF7Scenario.massEraseWriteVerifyDump(ocd, flashbank, c.format(), tmp);
        OpenOcdF7Scenario.optionsProtectionAndReadoutProtection(ocd, flashbank);

        List<String> warnings = assertCleanDapDirectSession(closeOpenOcd(), OpenOcdF7Scenario.REFUSED_ERASE_ERRORS);
        System.out.printf("OpenOcdStlinkDapTest [%s]: %d ST-Link commands (%d READ_DAP_REG, %d WRITE_DAP_REG), "
                + "0 violations; OpenOCD warnings: %s%n", c, wire.total(),
                wire.count(StlinkCommands.DEBUG_APIV2_READ_DAP_REG),
                wire.count(StlinkCommands.DEBUG_APIV2_WRITE_DAP_REG),
                warnings.stream().map(String::strip).distinct().toList());
    }

    /** Counts the DEBUG_COMMAND sub-commands passing to the emulator (the recorder would keep 100k+ exchanges). */
    static final class CountingTransport implements StlinkTransport {
        private final StlinkTransport emulator;
        private final AtomicLongArray debug = new AtomicLongArray(256);
        private final AtomicLongArray memoryWithCsw = new AtomicLongArray(1);
        private final AtomicLongArray total = new AtomicLongArray(1);

        CountingTransport(StlinkTransport emulator) {
            this.emulator = emulator;
        }

        @Override
        public byte[] exchange(byte[] cdb, byte[] dataOut, int inLength, int timeoutMillis) throws TargetException {
            total.incrementAndGet(0);
            if ((cdb[0] & 0xFF) == StlinkCommands.DEBUG_COMMAND) {
                int sub = cdb[1] & 0xFF;
                debug.incrementAndGet(sub);
                boolean memory = sub == StlinkCommands.DEBUG_READMEM_32BIT || sub == StlinkCommands.DEBUG_WRITEMEM_32BIT
                        || sub == StlinkCommands.DEBUG_READMEM_8BIT || sub == StlinkCommands.DEBUG_WRITEMEM_8BIT
                        || sub == StlinkCommands.DEBUG_APIV2_READMEM_16BIT
                        || sub == StlinkCommands.DEBUG_APIV2_WRITEMEM_16BIT;
                int csw = StlinkCommands.MEMORY_CDB_CSW;
                if (memory && (cdb[csw] | cdb[csw + 1] | cdb[csw + 2]) != 0) {
                    memoryWithCsw.incrementAndGet(0);
                }
            }
            return emulator.exchange(cdb, dataOut, inLength, timeoutMillis);
        }

        long count(int debugSubCommand) {
            return debug.get(debugSubCommand);
        }

        long memoryCommandsWithCsw() {
            return memoryWithCsw.get(0);
        }

        long total() {
            return total.get(0);
        }

        @Override
        public String describe() {
            return emulator.describe();
        }

        @Override
        public void close() {
            emulator.close();
        }
    }
}
