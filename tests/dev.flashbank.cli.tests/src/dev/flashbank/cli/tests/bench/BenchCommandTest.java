package dev.flashbank.cli.tests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.cli.FlashbankCli;

/** {@code flashbank bench} end to end on a small suite (16 KiB only; the full suite is what the README runs). */
class BenchCommandTest {

    @Test
    void smallSuitePrintsTheTableAndWritesJson(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path json = dir.resolve("bench.json");
        int rc = FlashbankCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "--sizes",
                "16", "--no-host", "--json", json.toString());
        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString()).contains("full program", "incremental", "bank update", "verify", "OpenOCD",
                "stlink-org", "ST-LINK/V2 @ 4 MHz", "§8 defaults");
        String j = Files.readString(json);
        assertThat(j).contains("\"rows\"", "\"modelledSeconds\"", "\"limitSeconds\"", "\"otherTools\"",
                "\"flashbankSpeedup\"");
    }

    @Test
    void unknownProbeModelIsAUsageError() {
        StringWriter err = new StringWriter();
        int rc = FlashbankCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "bench",
                "--probe", "v9");
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("unknown probe model 'v9'");
    }
}
