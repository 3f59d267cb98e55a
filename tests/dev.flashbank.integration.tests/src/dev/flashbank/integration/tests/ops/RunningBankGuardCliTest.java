package dev.flashbank.integration.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.cli.FlashbankCli;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.IntelHexWriter;
import dev.flashbank.integration.tests.jtag.OpenOcd;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.family.stm32f7.sim.SimulatedBoard;
import dev.flashbank.sim.jtag.JtagTiming;
import dev.flashbank.sim.jtag.RemoteBitbangServer;

/**
 * Issue 14 item 3 through the command line: seed problem A as the user typed it - {@code flashbank erase --bank 1},
 * then {@code flashbank program app-linked-for-0x08000000.hex} - on an STM32F767ZI running from physical bank 2 with
 * SWP_FB = 1, reached as a {@code gdb:} target (OpenOCD's gdbserver in front of the simulated board over
 * remote_bitbang; a board state file cannot hold SWP_FB = 1, it is volatile). Both commands exit 3 with the
 * explanation and the fixes, and the board is byte-identical; the suggested {@code program --physical-bank 1} works;
 * {@code --allow-running-bank} writes and logs it on standard error and in the JSON result.
 */
class RunningBankGuardCliTest {

    @TempDir
    Path tmp;

    private String home;

    /** The in-process CLI keeps its files (journals, backups) under the test's folder, never ~/.flashbank. */
    @BeforeEach
    void ownHome() {
        home = System.getProperty("flashbank.home");
        System.setProperty("flashbank.home", tmp.resolve("home").toString());
    }

    @AfterEach
    void restoreHome() {
        if (home == null) {
            System.clearProperty("flashbank.home");
        } else {
            System.setProperty("flashbank.home", home);
        }
    }

    record Run(int exitCode, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = FlashbankCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void seedAThroughTheCommandLineIsRefusedAndTheSuggestedCommandWorks() throws Exception {
        SimulatedBoard board = SeedProblemsThroughOpsTest.seedA();
        FirmwareImage app = RunningBankGuardTest.app(board);
        Path hex = tmp.resolve("app-linked-for-0x08000000.hex");
        Files.write(hex, IntelHexWriter.write(app));
        byte[] running = board.readCells(2, 0, 1024 * 1024);
        try (RemoteBitbangServer server = RemoteBitbangServer.start(board, 0, JtagTiming.accelerated(100), s -> { });
                OpenOcd ocd = OpenOcd.start(server.port(), true)) {
            board.setSwpFbAsFirmware(true);
            String target = "gdb:127.0.0.1:" + ocd.gdbPort();
            BoardSnapshot before = board.snapshot();

            Run erase = cli("erase", "--target", target, "--bank", "1");
            assertThat(erase.exitCode()).as(erase.err()).isEqualTo(3);
            assertThat(erase.err()).contains("PHYSICAL bank 1").contains("the bank the next reset STARTS")
                    .contains("fix: ").contains("flashbank bank-update --scheme remap --no-switch")
                    .contains("Nothing was written.").doesNotContain("Exception");
            unchanged(board, before);

            Run program = cli("program", "--target", target, hex.toString());
            assertThat(program.exitCode()).as(program.err()).isEqualTo(3);
            assertThat(program.err()).contains("lands in PHYSICAL bank 2").contains("the RUNNING bank")
                    .contains("after a reset 0x08000000 is physical bank 1")
                    .contains("flashbank program --physical-bank 1 " + hex);
            assertThat(program.out()).doesNotContain("verify OK");
            unchanged(board, before);

            Run fixed = cli("program", "--target", target, "--physical-bank", "1", hex.toString());
            assertThat(fixed.exitCode()).as(fixed.err()).isZero();
            assertThat(fixed.out()).contains("verify OK").doesNotContain("OVERRIDDEN");
            assertThat(board.readCells(1, 0, 4096)).isEqualTo(OpsBench.bytes(app));
            assertThat(board.readCells(2, 0, running.length)).isEqualTo(running);

            // the expert override, on one sector of the running bank (sector 12 = physical bank 2 offset 0)
            Run expert = cli("erase", "--target", target, "--sectors", "12", "--allow-running-bank", "--json");
            assertThat(expert.exitCode()).as(expert.err()).isZero();
            assertThat(expert.err()).contains("warning: --allow-running-bank");
            assertThat(expert.out()).contains("\"runningBankGuardOverridden\"").contains("\"banksHit\"");
            assertThat(board.readCells(2, 0, 4096)).containsOnly((byte) 0xFF);
        }
    }

    static void unchanged(SimulatedBoard board, BoardSnapshot before) {
        BoardSnapshot after = board.snapshot();
        for (int i = 1; i <= board.physicalArrays(); i++) {
            assertThat(after.flashBank(i)).as("physical bank %d byte-identical", i).isEqualTo(before.flashBank(i));
        }
        assertThat(after.optionWords()).isEqualTo(before.optionWords());
    }
}
