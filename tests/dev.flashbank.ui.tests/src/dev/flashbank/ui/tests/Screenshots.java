package dev.flashbank.ui.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/** Saves a PNG of a shell (as the X server shows it) to {@code target/screenshots/} so a person can look at it. */
public final class Screenshots {

    private Screenshots() {
    }

    public static Path directory() throws IOException {
        Path dir = Path.of(System.getProperty("flashbank.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        return dir;
    }

    /** Must be called on the UI thread. Processes pending paint events first so the picture is current. */
    public static Path save(Shell shell, String name) throws IOException {
        Display display = shell.getDisplay();
        while (display.readAndDispatch()) {
            // drain pending paints
        }
        // paint what is invalid now, synchronously: GTK 3 otherwise paints on its frame clock, and a copy of the
        // screen taken before that frame shows a view (the Console view after its scroll to the end) a step behind
        shell.update();
        while (display.readAndDispatch()) {
            // what the paint queued
        }
        Rectangle r = shell.getBounds();
        Image image = new Image(display, r.width, r.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, r.x, r.y);
        } finally {
            gc.dispose();
        }
        try {
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            Path file = directory().resolve(name + ".png");
            loader.save(file.toString(), SWT.IMAGE_PNG);
            return file;
        } finally {
            image.dispose();
        }
    }
}
