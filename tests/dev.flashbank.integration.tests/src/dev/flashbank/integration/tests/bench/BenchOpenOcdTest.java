package dev.flashbank.integration.tests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.cli.FlashbankCli;

/**
 * {@code flashbank bench} runs real OpenOCD 0.12 (Debian, on PATH) through the emulated ST-Link on the stlink-server
 * TCP protocol against the simulated F767 in the same run (issue 18): its default path - the stock script with its
 * work area, its RAM flash loader executed by the simulated core (issue 19) - is measured on the board's clock and
 * named from its log, and the ratio is reported. A tiny image keeps it
 * short; what is asserted is what the bench reports, not how fast anything is.
 */
class BenchOpenOcdTest {

    @Test
    void openOcdWritesTheSameImageThroughTheEmulatorAndTheBenchReportsItsPathAndTheRatio(@TempDir Path dir)
            throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path json = dir.resolve("bench.json");
        int rc = FlashbankCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "--probe",
                "v3", "--sizes", "16", "--openocd-sizes", "16", "--no-host", "--startup-runs", "0", "--cpu-runs", "0",
                "--json", json.toString());
        System.out.println(out);
        assertThat(rc).as(err.toString()).isZero();
        String j = Files.readString(json);
        assertThat(j).contains("\"installed\": true", "Open On-Chip Debugger 0.12", "\"targetScript\": "
                + "\"target/stm32f7x.cfg\"",
                // the measured row is OpenOCD's default path: its RAM loader, run by the simulated core (issue 19),
                // written and checked in flash
                "completed, its RAM loader", "run by the core", "\"ok\": true",
                "\"flashbankFullOverOpenOcd\": 0.", "\"flashbankIncrementalOverOpenOcd\": 0.")
                .doesNotContain("falling back", "timeout waiting for algorithm", "WORKAREASIZE 0");
        assertThat(out.toString()).contains("OpenOCD through the emulated ST-Link", "FB full",
                "default path (stock script, its work area): completed, its RAM loader");
    }
}
