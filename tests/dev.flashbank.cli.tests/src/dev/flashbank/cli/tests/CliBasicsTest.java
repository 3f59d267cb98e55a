package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import dev.flashbank.cli.FlashbankCli;
import dev.flashbank.core.Flashbank;

class CliBasicsTest {

    record Run(int rc, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = FlashbankCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void versionPrintsProductAndVersion() {
        Run r = run("--version");
        assertThat(r.rc()).isZero();
        assertThat(r.out()).startsWith("Flashbank " + Flashbank.VERSION);
    }

    @Test
    void helpListsUsage() {
        Run r = run("--help");
        assertThat(r.rc()).isZero();
        assertThat(r.out()).contains("Usage: flashbank").contains("--version");
    }

    @Test
    void unknownOptionIsAnErrorWithUsage() {
        Run r = run("--no-such-option");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--no-such-option'");
    }
}
