package dev.flashbank.core.ops;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import dev.flashbank.core.flash.FlashProgress;

/**
 * {@link FlashProgress} for a terminal, in one of two {@link Style}s: a one-line bar redrawn in place
 * ({@code "\rProgramming app.elf [#####.....]  50%  512.0 KiB of 1.0 MiB  204.8 KiB/s  ETA 0:02"}) when standard error
 * is a terminal, or plain lines at every 10 % step (or every 2 s of progress) when it is a file or a pipe, so a CI log
 * shows progress without carriage-return noise. Bytes, rate and ETA are shown when the caller says how many bytes the
 * whole work stands for (the operations report abstract units: bytes when reading, a share of 1000 when
 * programming). Cancellation comes from {@code canceled} (e.g. a flag a Ctrl-C handler sets); the operations honour
 * it between whole units. Call {@link #done()} to end the bar's line.
 * <p>
 * The Eclipse adapter is the same few lines over a SubMonitor: begin = setTaskName + setWorkRemaining, worked =
 * worked, isCanceled = isCanceled.
 */
public final class TerminalProgress implements FlashProgress {

    /** How progress is drawn. */
    public enum Style {
        /** One line redrawn in place with carriage returns (a terminal). */
        BAR,
        /** A new line every {@link #LINE_STEP_PERCENT} % or {@link #LINE_INTERVAL_NANOS} of progress (a log). */
        LINES
    }

    /** {@link Style#LINES}: a line at least at every this many percent. */
    public static final int LINE_STEP_PERCENT = 10;
    /** {@link Style#LINES}: and when this much time passed since the last line and the work advanced. */
    public static final long LINE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** {@link Style#BAR}: redrawn at most this often when the percentage stays (the rate and ETA move). */
    private static final long BAR_REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final PrintStream out;
    private final Style style;
    private final int barWidth;
    private final BooleanSupplier canceled;
    private final LongSupplier nanoClock;
    private final long bytesTotal;
    private String task = "";
    private long total = 1;
    private long done;
    private long startNanos;
    private long shownNanos;
    private int shownPercent = -1;
    private int shownLength;
    private boolean lineOpen;

    /** A {@link Style#BAR} on the system clock, without byte figures. */
    public TerminalProgress(PrintStream out, int barWidth, BooleanSupplier canceled) {
        this(out, Style.BAR, barWidth, canceled, System::nanoTime, 0);
    }

    /**
     * @param bytesTotal how many bytes the whole work stands for (shown as done/total, rate and ETA); 0 = unknown
     * @param nanoClock monotonic time in nanoseconds (tests pass their own)
     */
    public TerminalProgress(PrintStream out, Style style, int barWidth, BooleanSupplier canceled, LongSupplier nanoClock,
            long bytesTotal) {
        this.out = Objects.requireNonNull(out, "out");
        this.style = Objects.requireNonNull(style, "style");
        if (barWidth < 1) {
            throw new IllegalArgumentException("barWidth must be positive");
        }
        if (bytesTotal < 0) {
            throw new IllegalArgumentException("bytesTotal must not be negative");
        }
        this.barWidth = barWidth;
        this.canceled = Objects.requireNonNull(canceled, "canceled");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.bytesTotal = bytesTotal;
    }

    @Override
    public void begin(String taskName, long totalUnits) {
        task = taskName == null ? "" : taskName;
        total = Math.max(1, totalUnits);
        done = 0;
        shownPercent = -1;
        startNanos = nanoClock.getAsLong();
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
            out.flush();
            lineOpen = false;
        }
    }

    /** The percentage shown last. */
    public int percent() {
        return (int) (100 * done / total);
    }

    private void draw() {
        int pct = percent();
        long now = nanoClock.getAsLong();
        boolean due = switch (style) {
            case BAR -> pct != shownPercent || now - shownNanos >= BAR_REFRESH_NANOS;
            case LINES -> shownPercent < 0 || pct / LINE_STEP_PERCENT > shownPercent / LINE_STEP_PERCENT
                    || (pct > shownPercent && now - shownNanos >= LINE_INTERVAL_NANOS)
                    || (pct == 100 && shownPercent < 100);
        };
        if (!due) {
            return;
        }
        shownPercent = pct;
        shownNanos = now;
        String figures = figures(now);
        if (style == Style.LINES) {
            out.println(task + ": " + String.format(Locale.ROOT, "%3d%%", pct) + (figures.isEmpty() ? "" : " (" + figures + ")"));
            out.flush();
            return;
        }
        int filled = (int) ((long) barWidth * done / total);
        StringBuilder b = new StringBuilder(task).append(" [");
        b.append("#".repeat(filled)).append(".".repeat(barWidth - filled)).append(']');
        b.append(String.format(Locale.ROOT, " %3d%%", pct));
        if (!figures.isEmpty()) {
            b.append("  ").append(figures.replace(", ", "  "));
        }
        int length = b.length();
        // spaces wipe what a longer previous line left on the terminal
        b.append(" ".repeat(Math.max(0, shownLength - length)));
        shownLength = length;
        out.print("\r" + b);
        out.flush();
        lineOpen = true;
    }

    /** "512.0 KiB of 1.0 MiB, 204.8 KiB/s, ETA 0:02" (bytes known) or "ETA 0:02" (only time), or "". */
    private String figures(long now) {
        double fraction = (double) done / total;
        double seconds = (now - startNanos) / 1e9;
        StringBuilder b = new StringBuilder();
        if (bytesTotal > 0) {
            b.append(size((long) (fraction * bytesTotal))).append(" of ").append(size(bytesTotal));
            if (seconds > 0 && done > 0) {
                b.append(", ").append(size((long) (fraction * bytesTotal / seconds))).append("/s");
            }
        }
        if (done > 0 && done < total && seconds > 0) {
            long eta = Math.round(seconds * (1 - fraction) / fraction);
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "ETA %d:%02d", eta / 60, eta % 60));
        }
        return b.toString();
    }

    /** Bytes as a person reads them: 812 B, 16.0 KiB, 1.0 MiB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
