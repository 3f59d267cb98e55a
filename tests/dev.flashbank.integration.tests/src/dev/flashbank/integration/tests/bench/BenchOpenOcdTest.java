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
 * TCP protocol against the simulated F767 in the same run (issue 18): its default path is tried and named from its
 * log, its no-work-area write is measured on the board's clock, and the ratio is reported. A tiny image keeps it
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
                "v3", "--sizes", "16", "--openocd-sizes", "16", "--no-host", "--startup-runs", "0", "--json",
                json.toString());
        System.out.println(out);
        assertThat(rc).as(err.toString()).isZero();
        String j = Files.readString(json);
        assertThat(j).contains("\"installed\": true", "Open On-Chip Debugger 0.12", "\"targetScript\": "
                + "\"target/stm32f7x.cfg\"",
                // the default path: the RAM loader, which the simulator cannot execute - named, not hidden
                "RAM loader", "timeout waiting for algorithm",
                // the measured row: OpenOCD's own fallback, written and checked in flash
                "\"ok\": true", "couldn't use block writes, falling back to single memory accesses",
                "\"flashbankFullOverOpenOcd\": 0.", "\"flashbankIncrementalOverOpenOcd\": 0.");
        assertThat(out.toString()).contains("OpenOCD through the emulated ST-Link", "FB full", "WORKAREASIZE 0");
    }
}
