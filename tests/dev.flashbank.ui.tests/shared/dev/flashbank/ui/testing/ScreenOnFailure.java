package dev.flashbank.ui.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a UI test fails, the whole screen as it was at that moment is saved as
 * {@code <flashbank.screenshots>/failed-<Class>.<method>.png}: a timed-out wait ("pointer over Tree", "tool item
 * pressed") says what did not happen, the picture says why (a dialog on top, a minimized stack, a view still busy).
 * Taken as the test method throws, before any {@code @AfterEach} closes what was on the screen. Registered for every
 * test class of the bundle through {@code META-INF/services}.
 */
public final class ScreenOnFailure implements TestExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable cause) throws Throwable {
        Display display = Display.getDefault();
        String name = "failed-" + context.getRequiredTestClass().getSimpleName() + "."
                + context.getDisplayName().replaceAll("[^A-Za-z0-9._-]+", "_");
        Runnable save = () -> save(display, name);
        if (display.getThread() == Thread.currentThread()) {
            save.run();
        } else {
            display.syncExec(save);
        }
        throw cause;
    }

    private static void save(Display display, String name) {
        Rectangle r = display.getBounds();
        Image image = new Image(display, r.width, r.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, r.x, r.y);
            Path dir = Path.of(System.getProperty("flashbank.screenshots", "target/screenshots"));
            Files.createDirectories(dir);
            ImageLoader loader = new ImageLoader();
            loader.data = new org.eclipse.swt.graphics.ImageData[] { image.getImageData() };
            loader.save(dir.resolve(name + ".png").toString(), SWT.IMAGE_PNG);
        } catch (java.io.IOException | RuntimeException e) {
            // the failure itself is what the report must show; a picture that could not be taken must not hide it
            System.err.println("ScreenOnFailure: no picture of " + name + ": " + e);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }
}
