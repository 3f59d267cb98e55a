package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashbank.ui.testing.WorkspaceLog;
import dev.flashbank.ui.testing.WorkspaceLogIsClean;

/**
 * The clean-log check itself (issue 16 acceptance: a test asserts the workspace log is clean during the whole UI test
 * run): it is registered for every test class by auto-detection, it reads the log Eclipse writes, and of a log's
 * entries it fails on ERROR and WARNING entries with a stack trace, except the platform's xdg-mime start-up entry. The
 * failing entries are written to a log file of this test's own, so the workspace log keeps no stack trace.
 */
class WorkspaceLogIsCleanTest {

    @TempDir
    Path tmp;

    @Test
    void everyTestRunsWithTheCheck() {
        assertThat(WorkspaceLogIsClean.registeredFor(WorkspaceLogIsCleanTest.class, "everyTestRunsWithTheCheck"))
                .as("WorkspaceLogIsClean auto-detected (META-INF/services, junit-platform.properties)").isTrue();
    }

    @Test
    void theCheckReadsTheLogTheWorkbenchWrites() {
        long before = WorkspaceLog.length();
        Platform.getLog(getClass()).log(new Status(IStatus.INFO, "dev.flashbank.ui.tests",
                "WorkspaceLogIsCleanTest: the clean-log check reads this log"));
        assertThat(WorkspaceLog.entriesFrom(before)).singleElement().satisfies(e -> {
            assertThat(e.severity()).isEqualTo(IStatus.INFO);
            assertThat(e.text()).contains("the clean-log check reads this log");
            assertThat(e.hasStackTrace()).isFalse();
        });
    }

    @Test
    void errorsAndWarningsWithAStackTraceFailExceptTheXdgMimeEntry() throws Exception {
        Path log = tmp.resolve(".log");
        Files.writeString(log, """
                !SESSION 2026-12-06 19:32:37.927 -----------------------------------------------
                eclipse.buildId=unknown

                !ENTRY org.eclipse.urischeme 4 0 2026-12-06 19:32:45.135
                !MESSAGE Cannot run program "xdg-mime": error=2, No such file or directory
                !STACK 0
                java.io.IOException: Cannot run program "xdg-mime": error=2, No such file or directory
                \tat java.base/java.lang.ProcessBuilder.start(ProcessBuilder.java:1143)

                !ENTRY dev.flashbank.ui 4 0 2026-12-06 19:40:00.000
                !MESSAGE an error with a trace
                !STACK 0
                java.lang.NullPointerException
                \tat dev.flashbank.ui.X.y(X.java:1)

                !ENTRY org.eclipse.ui 2 0 2026-12-06 19:40:01.000
                !MESSAGE a warning whose trace is in a subentry
                !SUBENTRY 1 org.eclipse.ui 2 0 2026-12-06 19:40:01.000
                !MESSAGE the cause
                !STACK 0
                java.lang.IllegalStateException: x

                !ENTRY dev.flashbank.ui 2 0 2026-12-06 19:40:02.000
                !MESSAGE a warning without a trace

                !ENTRY dev.flashbank.ui 1 0 2026-12-06 19:40:03.000
                !MESSAGE an info with a trace
                !STACK 0
                java.lang.Exception: info

                !ENTRY org.eclipse.urischeme 4 0 2026-12-06 19:40:04.000
                !MESSAGE NullPointerException
                !STACK 0
                java.lang.NullPointerException
                """);
        assertThat(WorkspaceLogIsClean.offending(WorkspaceLog.entries(log, 0)))
                .extracting(e -> e.text().lines().skip(1).findFirst().orElse(""))
                .containsExactly("!MESSAGE an error with a trace", "!MESSAGE a warning whose trace is in a subentry",
                        "!MESSAGE NullPointerException");
    }
}
