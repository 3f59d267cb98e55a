package dev.flashbank.launch.ui;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.ui.IDebugUIConstants;

import dev.flashbank.core.launch.LaunchSpecException;
import dev.flashbank.launch.FlashbankLaunchDelegate;

/**
 * Where a Flashbank launch's log goes, as the launch configuration's Common tab says ("Standard Input and Output"):
 * the Flashbank console unless "Allocate console" is off (or output capture is off altogether), and the "Output file"
 * (with Eclipse's string variables; appended to when "Append" is ticked, else replaced when the launch starts) in the
 * configuration's console encoding - what the Common tab means for any launch with a process console.
 *
 * @param console whether the lines go to the Flashbank console
 * @param file the output file, if one is set
 * @param append whether the file keeps what earlier launches wrote
 * @param charset the configuration's console encoding
 */
record LaunchOutput(boolean console, Optional<Path> file, boolean append, Charset charset) {

    /** The output a configuration asks for; a file whose variables cannot be expanded is an {@link IOException}. */
    static LaunchOutput of(ILaunchConfiguration c) throws CoreException, IOException {
        boolean capture = c.getAttribute(DebugPlugin.ATTR_CAPTURE_OUTPUT, true);
        boolean console = capture && c.getAttribute(IDebugUIConstants.ATTR_CAPTURE_IN_CONSOLE, true);
        String fileText = capture ? c.getAttribute(IDebugUIConstants.ATTR_CAPTURE_IN_FILE, "") : "";
        Optional<Path> file = Optional.empty();
        if (fileText != null && !fileText.isBlank()) {
            try {
                file = Optional.of(FlashbankLaunchDelegate.ECLIPSE_VARIABLES.path(fileText.strip()).toAbsolutePath());
            } catch (LaunchSpecException e) {
                throw new IOException("the output file '" + fileText + "' of the Common tab: " + e.getMessage(), e);
            }
        }
        boolean append = c.getAttribute(IDebugUIConstants.ATTR_APPEND_TO_FILE, false);
        Charset charset = Charset.forName(DebugPlugin.getDefault().getLaunchManager().getEncoding(c));
        return new LaunchOutput(console, file, append, charset);
    }

    /** Starts the file for a new launch: emptied unless appending, created with its folder missing is an error. */
    void start() throws IOException {
        if (file.isPresent() && !append) {
            Files.write(file.get(), new byte[0], StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        }
    }

    /** Adds one line to the file (opened per line: a launch logs a few dozen lines, and nothing stays open). */
    void write(String line) throws IOException {
        if (file.isPresent()) {
            Files.writeString(file.get(), line + System.lineSeparator(), charset, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }
    }
}
