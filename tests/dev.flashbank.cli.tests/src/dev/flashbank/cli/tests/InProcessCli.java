package dev.flashbank.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import dev.flashbank.cli.FlashbankCli;

/**
 * The command line run inside the test's JVM as a user types it (its exit code, standard output and standard error
 * captured), and the Flashbank home the test's commands use instead of ~/.flashbank (backups, journals and boards
 * stay under the test's folder).
 */
final class InProcessCli {

    private InProcessCli() {
    }

    /** One command's exit code and output. */
    record Run(int rc, String out, String err) {
        String all() {
            return out + err;
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = FlashbankCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(rc, out.toString(), err.toString());
    }

    /** {@link #run}, which must succeed: a failure shows the command and all it printed. */
    static Run ok(String... args) {
        Run r = run(args);
        assertThat(r.rc()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
        return r;
    }

    /** The {@code flashbank.home} a test sets for its commands, and the one it gives back after. */
    static final class Home {
        private final String previous = System.getProperty("flashbank.home");

        Home(Path home) {
            System.setProperty("flashbank.home", home.toString());
        }

        void restore() {
            if (previous == null) {
                System.clearProperty("flashbank.home");
            } else {
                System.setProperty("flashbank.home", previous);
            }
        }
    }
}
