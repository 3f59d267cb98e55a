package dev.flashbank.core.ops;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import dev.flashbank.core.flash.FlashProgress;

/**
 * {@link FlashProgress} as a one-line terminal progress bar ({@code "\rProgramming app.elf [#####.....]  50%"}),
 * redrawn only when the shown percentage changes. Cancellation comes from {@code canceled} (e.g. a flag a Ctrl-C
 * handler sets); the operations honour it between whole units. Call {@link #done()} to end the line.
 * <p>
 * The Eclipse adapter is the same few lines over a SubMonitor: begin = setTaskName + setWorkRemaining, worked =
 * worked, isCanceled = isCanceled.
 */
public final class TerminalProgress implements FlashProgress {

    private final PrintStream out;
    private final int barWidth;
    private final BooleanSupplier canceled;
    private String task = "";
    private long total = 1;
    private long done;
    private int shownPercent = -1;
    private boolean lineOpen;

    public TerminalProgress(PrintStream out, int barWidth, BooleanSupplier canceled) {
        this.out = Objects.requireNonNull(out, "out");
        if (barWidth < 1) {
            throw new IllegalArgumentException("barWidth must be positive");
        }
        this.barWidth = barWidth;
        this.canceled = Objects.requireNonNull(canceled, "canceled");
    }

    @Override
    public void begin(String taskName, long totalUnits) {
        task = taskName == null ? "" : taskName;
        total = Math.max(1, totalUnits);
        done = 0;
        shownPercent = -1;
        draw();
    }

    @Override
    public void worked(long units) {
        done = Math.min(total, done + Math.max(0, units));
        draw();
    }

    @Override
    public boolean isCanceled() {
        return canceled.getAsBoolean();
    }

    /** Completes the bar's line (prints a newline if a bar was drawn). */
    public void done() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }

    /** The percentage shown last. */
    public int percent() {
        return (int) (100 * done / total);
    }

    private void draw() {
        int pct = percent();
        if (pct == shownPercent) {
            return;
        }
        shownPercent = pct;
        int filled = (int) ((long) barWidth * done / total);
        StringBuilder b = new StringBuilder("\r").append(task).append(" [");
        b.append("#".repeat(filled)).append(".".repeat(barWidth - filled)).append(']');
        b.append(String.format(" %3d%%", pct));
        out.print(b);
        out.flush();
        lineOpen = true;
    }
}
