package dev.flashbank.core.ops;

import java.nio.file.Path;

/**
 * An option profile carries a stored confirmation ({@link StoredConfirmation}): refused as a whole, nothing is read
 * from it and nothing is written (the CLI exits with 3, "refused", not with 6: the file is well-formed, the request
 * is not allowed).
 */
public class StoredConfirmationException extends OptionProfileException {
    private static final long serialVersionUID = 1L;

    public StoredConfirmationException(Path file, int line, String key) {
        super(file, line, StoredConfirmation.refusal("the option profile", key));
    }
}
