package dev.flashbank.integration.tests.gdb;

import static dev.flashbank.core.device.cortexm.CortexM.REGSEL_PC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.flashbank.families.InstalledFamilies;
import dev.flashbank.cli.FlashbankCli;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.Sector;
import dev.flashbank.family.stm32f7.Stm32F7Window;
import dev.flashbank.core.doctor.Doctor;
import dev.flashbank.core.family.FindingCode;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.family.stm32f7.flash.ParallelismChoice;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.family.stm32f7.flash.Stm32F7FlashDriver;
import dev.flashbank.core.gdb.GdbRemoteTarget;
import dev.flashbank.core.gdb.GdbTargetOptions;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.family.stm32f7.sim.SimulatedBoards;
import dev.flashbank.sim.SimulatedProbe;
import dev.flashbank.sim.jtag.JtagTiming;
import dev.flashbank.sim.jtag.RemoteBitbangServer;
import dev.flashbank.integration.tests.jtag.OpenOcd;

/**
 * Issue 10 acceptance: Flashbank working through a running gdbserver - OpenOCD's gdb port in front of the simulated
 * STM32F767ZI (remote_bitbang JTAG). Flashbank's own F7 flash driver erases and programs a sector through
 * OpenOCD, and the simulated flash, read with a separate probe, shows the result.
 */
class OpenOcdGdbTest {

    SimulatedBoard board;
    RemoteBitbangServer server;
    OpenOcd ocd;
    GdbRemoteTarget gdb;
    SimulatedProbe bench;

    @BeforeEach
    void start() throws Exception {
        board = SimulatedBoards.create("STM32F767ZI");
        server = RemoteBitbangServer.start(board, 0, JtagTiming.accelerated(100), s -> { });
        ocd = OpenOcd.start(server.port(), true);
        gdb = GdbRemoteTarget.connect("127.0.0.1", ocd.gdbPort(), GdbTargetOptions.defaults());
        bench = SimulatedProbe.connect(board);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (gdb != null) {
                gdb.close();
            }
        } finally {
            try {
                if (ocd != null) {
                    ocd.close();
                }
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        }
    }

    @Test
    void readsHaltsResumesAndResetsThroughOpenOcd() throws Exception {
        assertThat(gdb.supportedFeatures()).contains("qXfer:features:read+");
        assertThat(gdb.memory().read32(0xE004_2000L)).isEqualTo(bench.memory().read32(0xE004_2000L));
        gdb.core().resetAndHalt(ResetKind.SYSTEM);
        assertThat(board.coreHalted()).isTrue();
        assertThat(gdb.core().isHalted()).isTrue();
        // the simulated core's PC, as OpenOCD reads it through DCRSR/DCRDR, is the board's reset-vector PC
        assertThat(gdb.core().readCoreRegister(REGSEL_PC)).isEqualTo(board.coreRegister(REGSEL_PC));
        gdb.memory().write32(0x2000_0000L, 0xCAFE_F00D);
        assertThat(bench.memory().read32(0x2000_0000L)).isEqualTo(0xCAFE_F00D);
        gdb.core().run();
        // the server acknowledges 'c' before it resumes the core: wait for the board to see it run
        awaitBoard(() -> !board.coreHalted(), "the core to run");
        assertThat(gdb.core().isHalted()).isFalse();
        gdb.core().halt();
        assertThat(board.coreHalted()).isTrue();
        assertThat(gdb.monitor("mdw 0xE0042000")).contains(String.format("%08x", bench.memory().read32(0xE0042000L)));
    }

    @Test
    void flashbankDriverErasesAndProgramsThroughOpenOcd() throws Exception {
        gdb.core().resetAndHalt(ResetKind.SYSTEM);
        Stm32F7FlashDriver driver = new Stm32F7FlashDriver(gdb, board.descriptor(), board.flashSizeKiB(),
                PollClock.system(), FlashDriverSettings.defaults());
        Sector s1 = driver.geometry().sector(1);
        long at = Stm32F7Window.AXIM.base() + s1.offset();

        // some old content in the sector, written by the bench
        byte[] old = new byte[128];
        Arrays.fill(old, (byte) 0x33);
        benchDriver().program(at + 1024, old, FlashProgress.NONE);

        driver.eraseSector(s1);
        assertThat(bench.memory().read(at + 1024, old.length, dev.flashbank.core.target.AccessWidth.WORD))
                .containsOnly((byte) 0xFF);

        byte[] image = new byte[256];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (0xA5 ^ i);
        }
        driver.program(at, image, FlashProgress.NONE);
        assertThat(bench.memory().read(at, image.length, dev.flashbank.core.target.AccessWidth.WORD)).isEqualTo(image);
        assertThat(driver.verify(at, image).ok()).isTrue();
        assertThat(board.readCells(1, s1.offset(), image.length)).isEqualTo(image);
    }

    /**
     * Issue 14 item 11: the remote protocol has no voltage query, so over a gdbserver the supply is "unknown" (never
     * "0.00 V", JSON null) and programming uses x8, valid at any supply, unless --psize chooses (RM0410 §3.3).
     */
    @Test
    void overAGdbserverTheSupplyIsUnknownAndTheParallelismIsX8UnlessChosen() throws Exception {
        gdb.core().resetAndHalt(ResetKind.SYSTEM);
        assertThat(gdb.targetVoltageMillivolts()).isEqualTo(DebugTarget.VOLTAGE_UNKNOWN);
        Stm32F7FlashDriver safe = new Stm32F7FlashDriver(gdb, board.descriptor(), board.flashSizeKiB(),
                PollClock.system(), FlashDriverSettings.defaults());
        assertThat(safe.parallelismChoice().parallelism()).isEqualTo(Parallelism.X8);
        assertThat(safe.parallelismChoice().source()).isEqualTo(ParallelismChoice.Source.SAFE_DEFAULT);
        String part = new Doctor(InstalledFamilies.families()).examine(gdb, List.of()).finding(FindingCode.PART).orElseThrow().message();
        assertThat(part).contains("supply voltage unknown").contains("x8").doesNotContain("0.00 V");

        // an explicit x32 programs with word writes through the gdbserver; the board's flash shows the data
        Stm32F7FlashDriver chosen = new Stm32F7FlashDriver(gdb, board.descriptor(), board.flashSizeKiB(),
                PollClock.system(), FlashDriverSettings.defaults().withParallelism(Parallelism.X32));
        assertThat(chosen.parallelismChoice().source()).isEqualTo(ParallelismChoice.Source.EXPLICIT);
        Sector s1 = chosen.geometry().sector(1);
        byte[] image = new byte[64];
        Arrays.fill(image, (byte) 0x5C);
        chosen.eraseSector(s1);
        chosen.program(Stm32F7Window.AXIM.base() + s1.offset(), image, FlashProgress.NONE);
        assertThat(board.readCells(1, s1.offset(), image.length)).isEqualTo(image);

        // the command line says so too (OpenOCD serves one gdb client: this test's connection leaves first)
        gdb.close();
        gdb = null;
        String at = "gdb:127.0.0.1:" + ocd.gdbPort();
        Run info = cli("info", "--target", at);
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("Supply: supply voltage unknown").contains("x8").doesNotContain("0.00 V");
        Run json = cli("info", "--json", "--target", at, "--psize", "x16");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.out()).contains("\"supplyMillivolts\": null").contains("\"parallelism\": \"x16\"")
                .contains("\"parallelismSource\": \"explicit\"");
        Run bad = cli("info", "--target", at, "--psize", "x12");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("x8, x16, x32 or x64");
    }

    record Run(int exitCode, String out, String err) {
    }

    /** The CLI in this process, as a user runs it. */
    static Run cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int rc = FlashbankCli.execute(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), args);
        return new Run(rc, out.toString(), err.toString());
    }

    private static void awaitBoard(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                org.junit.jupiter.api.Assertions.fail("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    private Stm32F7FlashDriver benchDriver() throws Exception {
        PollClock virtual = new PollClock() {
            @Override
            public long nanoTime() {
                return bench.bus().nanoTime();
            }

            @Override
            public void pause(long nanos) throws dev.flashbank.core.target.TargetException {
                bench.elapse(java.time.Duration.ofNanos(nanos));
            }
        };
        return new Stm32F7FlashDriver(bench, board.descriptor(), board.flashSizeKiB(), virtual,
                FlashDriverSettings.defaults());
    }
}
