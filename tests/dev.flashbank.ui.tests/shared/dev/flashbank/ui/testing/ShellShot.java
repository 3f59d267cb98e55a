package dev.flashbank.ui.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Shell;

/**
 * A shell as the X server shows it (its client area's pixels copied from the screen), saved as
 * {@code <flashbank.screenshots>/<name>.png} and kept for {@link Legibility}, which judges what was drawn.
 */
public record ShellShot(Shell shell, Rectangle bounds, ImageData pixels, Path file) {

    /**
     * How long the picture must stay the same: longer than GTK's widget transitions (a window's default button fades
     * from its inactive look for 200 ms as the window becomes active).
     */
    private static final long STILL_NANOS = 300_000_000L;

    /**
     * UI thread only. Brings the shell to the front and takes the picture once it no longer changes: while the
     * event loop runs, captures until one has been the same for {@link #STILL_NANOS} (a dialog may also still be
     * taking its size).
     */
    public static ShellShot take(Shell shell, String name) {
        shell.forceActive();
        EventLoop.until("shell " + shell.getText() + " active", () -> shell.getDisplay().getActiveShell() == shell);
        ImageData[] last = { capture(shell) };
        long[] since = { System.nanoTime() };
        EventLoop.until("a still picture of " + shell.getText(), () -> {
            ImageData now = capture(shell);
            if (now.width != last[0].width || now.height != last[0].height
                    || !java.util.Arrays.equals(now.data, last[0].data)) {
                last[0] = now;
                since[0] = System.nanoTime();
            }
            return System.nanoTime() - since[0] > STILL_NANOS;
        });
        return save(shell, name, last[0]);
    }

    /**
     * What the shell draws, in display coordinates: its client area. Not getBounds(): without a window manager (Xvfb)
     * GTK's SWT still adds an estimated title bar and border to a dialog's bounds, and the picture would show the
     * window behind along its right and bottom edge.
     */
    private static Rectangle drawn(Shell shell) {
        Rectangle area = shell.getClientArea();
        org.eclipse.swt.graphics.Point origin = shell.toDisplay(area.x, area.y);
        return new Rectangle(origin.x, origin.y, area.width, area.height);
    }

    private static ImageData capture(Shell shell) {
        shell.update();
        Rectangle r = drawn(shell);
        Image image = new Image(shell.getDisplay(), r.width, r.height);
        GC gc = new GC(shell.getDisplay());
        try {
            gc.copyArea(image, r.x, r.y);
            return image.getImageData();
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    private static ShellShot save(Shell shell, String name, ImageData data) {
        Rectangle r = drawn(shell);
        try {
            Path dir = Path.of(System.getProperty("flashbank.screenshots", "target/screenshots"));
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { data };
            loader.save(file.toString(), SWT.IMAGE_PNG);
            return new ShellShot(shell, r, data, file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
