package dev.flashbank.cli.tests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.cli.FlashbankCli;

/**
 * {@code flashbank bench} end to end on a tiny suite (16 KiB; the full suite is what the README runs). The numbers are
 * the model's; these tests check what is reported and how, never a time.
 */
class BenchCommandTest {

    @Test
    void tinySuiteReportsBothProbeProfilesBothFloorsAndSaysOpenOcdIsMissing(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path json = dir.resolve("bench.json");
        int rc = FlashbankCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "--sizes",
                "16", "--no-host", "--startup-runs", "0", "--cpu-runs", "0", "--openocd",
                dir.resolve("no-openocd").toString(), "--json", json.toString());
        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString()).contains("full program", "incremental", "bank update", "verify",
                "ST-LINK/V2 full speed @ 4 MHz (typ)", "STLINK-V3 high speed @ 24 MHz (typ)",
                "STM32F4 datasheet values, UNCONFIRMED for F7", "modelled flash floor (typ)",
                "modelled flash floor (max)", "OpenOCD not installed", "no OpenOCD rows, no ratio",
                "not measured (--startup-runs 0)")
                // the replay of other tools' strategies is gone: no OpenOCD number without OpenOCD
                .doesNotContain("x16 register pokes", "stlink-org", "faster");
        String j = Files.readString(json);
        assertThat(j).contains("\"probes\"", "\"key\": \"v2\"", "\"key\": \"v3\"", "\"rows\"", "\"probe\": \"v3\"",
                "\"size\": \"16 KiB\"", "\"modelledSeconds\"", "\"floorTypSeconds\"", "\"floorMaxSeconds\"",
                "\"ratioToFloorTyp\"", "\"floorTypName\": \"modelled flash floor (typ)\"", "\"openocd\"",
                "\"installed\": false", "\"startup\"", "\"timingSource\": \"STM32F4 datasheet values, UNCONFIRMED "
                        + "for F7\"", "round trip 1000000..2000000 ns");
        // every Flashbank row of both profiles: 4 pieces of work for one size
        assertThat(j.split("\"work\"", -1)).hasSize(1 + 2 * 4);
        assertThat(j).contains("\"cpu\"", "\"measured\": false");
    }

    @Test
    void cpuOnlyMeasuresTheSimulatedCoreAloneFirstAndSaysInWhichJvm(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path json = dir.resolve("cpu.json");
        int rc = FlashbankCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "--cpu-only",
                "--cpu-runs", "1", "--json", json.toString());
        assertThat(rc).as(err.toString()).isZero();
        String j = Files.readString(json);
        assertThat(out.toString()).doesNotContain("Flashbank (modelled board time", "OpenOCD through", "Start-up");
        assertThat(j).contains("\"rows\": []");
        // the simulated core: the start-up sample on the board and the bare ISA, each beside the goal (a number,
        // never asserted: a benchmark output)
        assertThat(out.toString()).contains("Simulated core", "goal >= 50 M/s", "console-app.elf on the simulated "
                + "STM32F767ZI", "app-bank1.elf on a bare CORTEX_M7_DP").containsPattern("board +[0-9.]+ M/s CPU")
                .containsPattern("goal (met|MISSED)")
                // first, in three child JVMs where the class path allows them (under OSGi: in this JVM, still first):
                // the median JVM's figure, min and max over the runs of all three (one run each here)
                .containsPattern("measured in (3 fresh JVMs, the median of their medians, before the other sections "
                        + "\\(Java [0-9]+, C1 and C2, GC |the bench's JVM, before its other sections)")
                .containsPattern("board +[0-9.]+ M/s CPU \\(min [0-9.]+, max [0-9.]+ of (3|1) runs");
        assertThat(j).contains("\"cpu\"", "\"measured\": true", "\"goalInstructionsPerCpuSecond\"",
                "\"board\": {", "\"isa\": {", "\"instructionsPerCpuSecond\"", "\"instructionsPerWallSecond\"",
                "\"instructionsPerRun\"", "\"boardGoalMet\"", "\"loadAverage\"", "\"measuredIn\"");
    }

    @Test
    void aPartWithoutAnOpenOcdTargetScriptSaysSo(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path json = dir.resolve("h7.json");
        Path fakeOpenOcd = dir.resolve("openocd");
        Files.writeString(fakeOpenOcd, "#!/bin/sh\necho 'Open On-Chip Debugger (test stand-in)' >&2\n");
        fakeOpenOcd.toFile().setExecutable(true);
        int rc = FlashbankCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "--part",
                "STM32H743ZI", "--probe", "v3", "--sizes", "16", "--no-host", "--startup-runs", "0", "--cpu-runs",
                "0", "--openocd",
                fakeOpenOcd.toString(), "--json", json.toString());
        assertThat(rc).as(err.toString()).isZero();
        // the bank update switches with the part's own scheme (SWAP_BANK: the image linked for the first slot)
        assertThat(out.toString()).contains("on a simulated STM32H743ZI", "full program", "bank update", "verify",
                "the bench knows no stock OpenOCD target script for STM32H743ZI");
        assertThat(Files.readString(json)).contains("\"part\": \"STM32H743ZI\"", "\"installed\": true",
                "\"rows\": []", "\"measured\": false");
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
