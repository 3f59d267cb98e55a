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
                "stlink-org", "ST-LINK/V2 @ 4 MHz", "STM32F4 datasheet defaults");
        String j = Files.readString(json);
        assertThat(j).contains("\"rows\"", "\"modelledSeconds\"", "\"limitSeconds\"", "\"otherTools\"",
                "\"flashbankSpeedup\"");
    }

    @Test
    void aPartWhoseFamilyGivesNoLegacyRegistersRunsWithoutTheOtherToolsRows(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path json = dir.resolve("h7.json");
        int rc = FlashbankCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "--part",
                "STM32H743ZI", "--sizes", "16", "--no-host", "--json", json.toString());
        assertThat(rc).as(err.toString()).isZero();
        // the bank update switches with the part's own scheme (SWAP_BANK: the image linked for the first slot)
        assertThat(out.toString()).contains("on a simulated STM32H743ZI", "full program", "bank update", "verify",
                "Other tools' strategies: not modelled for STM32H743ZI").doesNotContain("OpenOCD (x16");
        assertThat(Files.readString(json)).contains("\"part\": \"STM32H743ZI\"", "\"otherTools\": []",
                "\"otherToolsNote\": \"not modelled for STM32H743ZI");
    }

    @Test
    void aSingleBankPartOrAnUnknownSchemeIsAUsageError() {
        StringWriter err = new StringWriter();
        int rc = FlashbankCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "bench",
                "--part", "STM32F722ZE");
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("STM32F722ZE has no dual-bank mode");
        StringWriter err2 = new StringWriter();
        rc = FlashbankCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err2, true), "bench",
                "--scheme", "no-such-scheme");
        assertThat(rc).isEqualTo(2);
        assertThat(err2.toString()).contains("unknown scheme 'no-such-scheme'");
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
