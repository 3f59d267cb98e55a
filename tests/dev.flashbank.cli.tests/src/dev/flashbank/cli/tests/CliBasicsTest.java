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

    /**
     * A run builds only the command it names (start-up), yet every way to reach a command's help still works: the
     * root's help lists every command, {@code help CMD} and {@code CMD --help} show that command's options, a nested
     * command runs, and a word that is no command is answered with picocli's suggestion from all of them.
     */
    @Test
    void everyCommandIsReachableThoughARunBuildsOnlyTheOneItNames() {
        assertThat(run("--help").out()).contains("program").contains("verify").contains("bench").contains("board")
                .contains("sim");
        Run help = run("help", "program");
        assertThat(help.rc()).isZero();
        assertThat(help.out()).contains("Usage: flashbank program").contains("--no-halt");
        assertThat(run("program", "--help").out()).contains("Usage: flashbank program").contains("--no-halt");
        assertThat(run("ob", "show", "--help").out()).contains("Usage: flashbank ob show");
        Run typo = run("verfy");
        assertThat(typo.rc()).isEqualTo(2);
        assertThat(typo.err()).contains("did you mean verify");
    }

    @Test
    void unknownOptionIsAnErrorWithUsage() {
        Run r = run("--no-such-option");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--no-such-option'");
    }
}
