package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.cli.CliErrors;
import dev.flashbank.cli.FlashbankCli;
import picocli.CommandLine;

/**
 * Issue 14 item 6: errors as data. A refusal with {@code --json} is one object carrying the fix as a Flashbank
 * command and the doctor findings that caused it; a usage error found by picocli is JSON too; an unforeseen failure
 * is one line naming a log file that holds the trace.
 */
class CliErrorsTest {

    @TempDir
    Path tmp;

    String previousHome;

    @BeforeEach
    void home() {
        previousHome = System.getProperty("flashbank.home");
        System.setProperty("flashbank.home", tmp.resolve("home").toString());
    }

    @AfterEach
    void restoreHome() {
        if (previousHome == null) {
            System.clearProperty("flashbank.home");
        } else {
            System.setProperty("flashbank.home", previousHome);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRefusedMassEraseAsJsonNamesTheCommandThatFixesItAndTheFindingsBehindIt() throws Exception {
        Path board = tmp.resolve("wrp.fbboard");
        String target = "sim:@" + board;
        assertThat(CliBasicsTest.run("board", "create", "--part", "STM32F730Z8", "--file", board.toString()).rc())
                .isZero();
        CliBasicsTest.Run protect = CliBasicsTest.run("ob", "set", "nWRP2=0", "--target", target);
        assertThat(protect.rc()).as(protect.out() + protect.err()).isZero();
        byte[] before = Files.readAllBytes(board);

        CliBasicsTest.Run r = CliBasicsTest.run("erase", "--mass", "--target", target, "--json");
        assertThat(r.rc()).isEqualTo(3);
        assertThat(r.err()).doesNotContain("refused"); // the error is on stdout, as data, not twice
        Map<String, Object> o = JsonParser.object(r.out());
        assertThat(o).containsEntry("ok", false);
        Map<String, Object> e = (Map<String, Object>) o.get("error");
        assertThat(e).containsEntry("code", "REFUSED").containsEntry("exitCode", 3L);
        assertThat((String) e.get("message")).startsWith("Erase refused: ").contains("sector 2")
                .endsWith("Nothing was written.").doesNotContain("Fix:");
        assertThat((List<String>) e.get("fix")).singleElement().asString().startsWith("flashbank ob set nWRP2=1 ")
                .contains("IDE: Option Bytes editor");
        List<Map<String, Object>> findings = (List<Map<String, Object>>) e.get("findings");
        assertThat(findings).extracting(f -> f.get("code")).contains("WRITE_PROTECTION", "MASS_ERASE");
        assertThat(findings).allSatisfy(f -> assertThat(f.get("severity")).isNotEqualTo("INFO"));
        assertThat(Files.readAllBytes(board)).as("nothing written").isEqualTo(before);

        // the doctor's exit 3 (an erase would fail) carries the same error object next to its report
        CliBasicsTest.Run doctor = CliBasicsTest.run("doctor", "--target", target, "--json");
        assertThat(doctor.rc()).isEqualTo(3);
        Map<String, Object> d = JsonParser.object(doctor.out());
        assertThat(d).containsEntry("ok", false).containsKeys("findings", "eraseChecks");
        Map<String, Object> de = (Map<String, Object>) d.get("error");
        assertThat(de).containsEntry("code", "REFUSED").containsEntry("exitCode", 3L);
        assertThat((String) de.get("message")).contains("mass erase");
        assertThat((List<String>) de.get("fix")).isNotEmpty().allSatisfy(f -> assertThat(f).startsWith("flashbank "));

        CliBasicsTest.Run text = CliBasicsTest.run("erase", "--mass", "--target", target);
        assertThat(text.rc()).isEqualTo(3);
        assertThat(text.out()).isEmpty();
        assertThat(text.err().lines().toList()).hasSize(2).satisfies(l -> {
            assertThat(l.get(0)).startsWith("flashbank erase: Erase refused: ");
            assertThat(l.get(1)).startsWith("  fix: flashbank ob set nWRP2=1 ");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMistypedHugeReadIsARefusalNotAnExhaustedHeap() {
        // found by GeneratedArgumentsTest under the Tycho heap: the read buffered 1.6 GB and died of OutOfMemoryError
        Path out = tmp.resolve("dump.bin");
        CliBasicsTest.Run r = CliBasicsTest.run("read", "--range", "0x08000000-0x7FFFFFFF", "-o", out.toString(),
                "--json");
        assertThat(r.rc()).isEqualTo(3);
        Map<String, Object> e = (Map<String, Object>) JsonParser.object(r.out()).get("error");
        assertThat((String) e.get("message")).contains("at most 64 MiB");
        assertThat((List<String>) e.get("fix")).singleElement().asString()
                .startsWith("flashbank read --range 0x08000000+64M");
        assertThat(out).doesNotExist();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aUsageErrorFoundByPicocliIsJsonWithTheHelpCommandAsFix() {
        CliBasicsTest.Run r = CliBasicsTest.run("erase", "--bank", "two", "--json");
        assertThat(r.rc()).isEqualTo(2);
        Map<String, Object> e = (Map<String, Object>) JsonParser.object(r.out()).get("error");
        assertThat(e).containsEntry("code", "USAGE").containsEntry("exitCode", 2L);
        assertThat((String) e.get("message")).contains("--bank").contains("two");
        assertThat((List<String>) e.get("fix")).containsExactly("flashbank erase --help lists the options and arguments");

        CliBasicsTest.Run typo = CliBasicsTest.run("erse", "--mass");
        assertThat(typo.rc()).isEqualTo(2);
        assertThat(typo.err()).contains("'erse'").contains("did you mean erase");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUnforeseenFailureIsOneLineAndALogFileWithTheTrace() throws Exception {
        IllegalStateException bug = new IllegalStateException("simulated bug");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = FlashbankCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(CliErrors.internal(cl, bug, false, List.of("info"))).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("flashbank: internal error (IllegalStateException: simulated bug)")
                .doesNotContain("\tat ");
        Path log;
        try (var logs = Files.list(tmp.resolve("home/logs"))) {
            log = logs.findFirst().orElseThrow();
        }
        assertThat(err.toString()).contains(log.toString());
        assertThat(Files.readString(log)).contains("arguments: info").contains("java.lang.IllegalStateException: "
                + "simulated bug").contains("\tat ");

        StringWriter jsonOut = new StringWriter();
        CommandLine jcl = FlashbankCli.commandLine(new PrintWriter(jsonOut, true), new PrintWriter(new StringWriter()));
        assertThat(CliErrors.internal(jcl, bug, true, List.of("info", "--json"))).isEqualTo(1);
        Map<String, Object> e = (Map<String, Object>) JsonParser.object(jsonOut.toString()).get("error");
        assertThat(e).containsEntry("code", "INTERNAL").containsEntry("exitCode", 1L);
        assertThat(Path.of((String) e.get("log"))).exists();
    }
}
