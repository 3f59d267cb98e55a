package dev.flashbank.core.image;

/**
 * Base of every typed failure about a firmware image: the file cannot be parsed ({@link ImageFormatException}) or
 * its contents do not fit where they are meant to go ({@link ImageOutsideFlashException}). Checked on purpose: a
 * bad image must be handled before anything is written to a target.
 */
public abstract class ImageException extends Exception {
    private static final long serialVersionUID = 1L;

    protected ImageException(String message) {
        super(message);
    }

    protected ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
