package dev.flashbank.ui.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Issue 16 acceptance: no stack trace in the workspace log during the whole UI test run. Registered for every test
 * class of the UI test fragments by JUnit's extension auto-detection (META-INF/services and
 * junit-platform.properties of each fragment). After each test it reads what the log gained since the previous check
 * (the first check reads this run's whole log, so the workbench's start is included) and fails the test if an ERROR
 * or WARNING entry with a stack trace is among it, listing them. An entry logged between two tests fails the next one.
 */
public final class WorkspaceLogIsClean implements BeforeEachCallback, AfterEachCallback {

    /** The log up to here has been checked; -1 before the first check of this run. */
    private static long checkedUpTo = -1;

    /** "Class#method" of the tests this extension ran before (so a test can see that it is registered). */
    private static final Set<String> seen = ConcurrentHashMap.newKeySet();

    @Override
    public void beforeEach(ExtensionContext context) {
        seen.add(context.getRequiredTestClass().getName() + "#" + context.getRequiredTestMethod().getName());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        EventLoop.drain(); // what the test left for the UI thread may still log
        List<WorkspaceLog.Entry> bad = uncheckedStackTraces();
        if (!bad.isEmpty()) {
            List<String> listed = new ArrayList<>();
            bad.forEach(e -> listed.add(e.summary()));
            throw new AssertionError(bad.size() + " stack trace(s) in the workspace log " + WorkspaceLog.file()
                    + " during or before " + context.getDisplayName() + ":\n  " + String.join("\n  ", listed));
        }
    }

    /**
     * The ERROR and WARNING entries with a stack trace logged since the last check (allowed ones left out); marks
     * them checked.
     */
    public static synchronized List<WorkspaceLog.Entry> uncheckedStackTraces() {
        if (checkedUpTo < 0) {
            checkedUpTo = WorkspaceLog.startOfThisSession();
        }
        long end = WorkspaceLog.length();
        List<WorkspaceLog.Entry> entries = WorkspaceLog.entriesFrom(checkedUpTo);
        checkedUpTo = end;
        return offending(entries);
    }

    /** The entries that fail a test: ERROR or WARNING with a stack trace, except the allowed one. */
    public static List<WorkspaceLog.Entry> offending(List<WorkspaceLog.Entry> entries) {
        return entries.stream().filter(e -> e.isErrorOrWarning() && e.hasStackTrace() && !allowed(e)).toList();
    }

    /** Whether test method {@code method} of {@code testClass} runs with this extension. */
    public static boolean registeredFor(Class<?> testClass, String method) {
        return seen.contains(testClass.getName() + "#" + method);
    }

    /**
     * The one platform entry allowed: at start-up on Linux, org.eclipse.urischeme's AutoRegisterSchemeHandlersJob runs
     * {@code xdg-mime} to see which desktop file handles Eclipse's URI schemes; the test machines (containers, CI)
     * have no xdg-utils, so the job logs "Cannot run program "xdg-mime"" with its IOException. It is the platform's
     * start-up, not Flashbank code, no test causes or could prevent it, and a desktop with xdg-utils never logs it.
     */
    static boolean allowed(WorkspaceLog.Entry e) {
        return e.bundle().equals("org.eclipse.urischeme") && e.text().contains("\"xdg-mime\"");
    }
}
