package dev.flashbank.cli;

import java.io.PrintWriter;

import dev.flashbank.core.flash.FlashProgress;

/**
 * A progress bar on standard error for long work ({@code [#####.....]  42%  Programming bank 2}), redrawn in place
 * with a carriage return when standard error is a terminal; silent otherwise (scripts, {@code --json}, CI logs).
 * Ctrl-C is handled by the JVM's shutdown: operations check {@link #isCanceled()} between units only.
 */
public final class TerminalProgress implements FlashProgress {

    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean enabled;
    private volatile boolean canceled;
    private String task = "";
    private long total = 1;
    private long done;
    private int lastPercent = -1;

    public TerminalProgress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Enabled when a console is attached and machine output was not asked for. */
    public static TerminalProgress forCommand(PrintWriter err, boolean json) {
        return new TerminalProgress(err, !json && System.console() != null);
    }

    public void cancel() {
        canceled = true;
    }

    @Override
    public void begin(String name, long totalUnits) {
        task = name;
        total = Math.max(1, totalUnits);
        done = 0;
        lastPercent = -1;
        draw();
    }

    @Override
    public void worked(long units) {
        done = Math.min(total, done + Math.max(0, units));
        draw();
    }

    @Override
    public boolean isCanceled() {
        return canceled;
    }

    /** Ends the bar's line. */
    public void finish() {
        if (enabled && lastPercent >= 0) {
            err.println();
            err.flush();
        }
    }

    private void draw() {
        if (!enabled) {
            return;
        }
        int percent = (int) (100 * done / total);
        if (percent == lastPercent) {
            return;
        }
        lastPercent = percent;
        int filled = WIDTH * percent / 100;
        err.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + String.format("%3d%%  ", percent)
                + task);
        err.flush();
    }
}
