package dev.flashbank.ui.console;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.ui.console.ConsolePlugin;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.IConsoleManager;
import org.eclipse.ui.console.MessageConsole;
import org.eclipse.ui.console.MessageConsoleStream;

/**
 * The "Flashbank" console: one line per operation against a target with its outcome. Thread-safe (jobs log from their
 * worker threads); the lines are also kept in memory for tests and the view's status.
 */
public final class FlashbankConsole {

    public static final String NAME = "Flashbank";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static FlashbankConsole instance;

    private final MessageConsole console;
    private final MessageConsoleStream stream;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private FlashbankConsole() {
        console = new MessageConsole(NAME, null);
        IConsoleManager m = ConsolePlugin.getDefault().getConsoleManager();
        m.addConsoles(new IConsole[] { console });
        stream = console.newMessageStream();
    }

    public static synchronized FlashbankConsole get() {
        if (instance == null) {
            instance = new FlashbankConsole();
        }
        return instance;
    }

    public MessageConsole console() {
        return console;
    }

    /** Logs one line (with a time stamp) and keeps it. */
    public void log(String line) {
        String l = TIME.format(LocalTime.now()) + "  " + line;
        lines.add(l);
        stream.println(l);
    }

    /** Lines logged so far in this session. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Brings the console to the front of the console view (call on the UI thread). */
    public void show() {
        ConsolePlugin.getDefault().getConsoleManager().showConsoleView(console);
    }
}
