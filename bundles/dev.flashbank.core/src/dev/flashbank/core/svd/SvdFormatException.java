package dev.flashbank.core.svd;

/** The file is not readable CMSIS-SVD (XML error, missing element, bad number, unresolved derivedFrom). */
public class SvdFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public SvdFormatException(String message) {
        super(message);
    }

    public SvdFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
