package dev.flashbank.ui.banks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;

import dev.flashbank.core.banks.BytePattern;
import dev.flashbank.core.banks.HexLocation;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.image.ElfReader;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageException;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageWriter;
import dev.flashbank.core.image.Segment;
import dev.flashbank.ui.banks.BankBrowserView.Source;

/**
 * Go to, find and export in the Flash Banks view's hex view: addresses, offsets and symbols of the last ELF file
 * opened in the view ({@link HexLocation}), byte patterns ({@link BytePattern}) from the selection on, wrapping once,
 * and the selected bytes written at the addresses they are shown at, as BIN or Intel HEX through the core's writers.
 */
final class BankFindExport {

    /** Every STM32 links its flash image at 0x0800_0000: the example the Go to field shows. */
    static final String ADDRESS_EXAMPLE = "0x08000100";

    private final HexViewer hex;
    private final Supplier<Source> source;
    private final Consumer<String> status;
    /** Symbols of the last ELF file opened in this view, for "go to symbol"; other formats carry none. */
    private Map<String, Long> symbols = Map.of();

    BankFindExport(HexViewer hex, Supplier<Source> source, Consumer<String> status) {
        this.hex = hex;
        this.source = source;
        this.status = status;
    }

    /** Takes the code and data symbols of {@code file} when it is an ELF file; other files clear nothing. */
    int loadSymbols(Path file) throws IOException, ImageException {
        byte[] content = Files.readAllBytes(file);
        if (ElfReader.looksLikeElf(content)) {
            symbols = ElfReader.symbols(file.getFileName().toString(), content);
        }
        return symbols.size();
    }

    /** Shows the place {@code text} names in the first row; returns its offset or -1. */
    long goTo(String text) {
        HexViewer.Content c = hex.content();
        if (c == null) {
            return -1;
        }
        HexLocation at = HexLocation.resolve(text, symbols, c.base(), c.size(), source.get().label(),
                ADDRESS_EXAMPLE);
        status.accept(at.message());
        at.offset().ifPresent(o -> hex.reveal(o, 1));
        return at.offset().orElse(-1L);
    }

    /** Finds {@code pattern} after the current selection (from the start when none); returns the offset or -1. */
    long find(String pattern) {
        HexViewer.Content c = hex.content();
        if (c == null) {
            return -1;
        }
        BytePattern p;
        try {
            p = BytePattern.parse(pattern);
        } catch (IllegalArgumentException e) {
            status.accept(e.getMessage());
            return -1;
        }
        Optional<byte[]> all = c.peek(0, (int) c.size());
        if (all.isEmpty()) {
            status.accept("Still reading; try again when the banks are read.");
            return -1;
        }
        int from = hex.selection().map(s -> (int) s.start() + 1).orElse(0);
        int at = p.findIn(all.get(), from);
        if (at < 0 && from > 0) {
            at = p.findIn(all.get(), 0);
        }
        if (at < 0) {
            status.accept("Not found in " + source.get().label() + ".");
            return -1;
        }
        hex.reveal(at, p.bytes().length);
        status.accept(String.format("Found at 0x%08X.", c.base() + at));
        return at;
    }

    /** Writes the selected bytes, at the addresses they are shown at, as BIN or HEX through the core's writers. */
    Path exportSelection(Path file, ImageFormat format) throws IOException {
        HexViewer.Content c = hex.content();
        AddressRange sel = hex.selection().orElseThrow(() -> new IOException("nothing selected"));
        byte[] bytes = c.peek(sel.start(), (int) sel.size())
                .orElseThrow(() -> new IOException("the selection is not read yet"));
        String label = source.get().label();
        FirmwareImage image = FirmwareImage.of(label, format, List.of(new Segment(c.base() + sel.start(), bytes, label)),
                OptionalLong.empty());
        ImageWriter.write(image, format, file);
        status.accept(String.format("Exported 0x%08X-0x%08X (%d bytes) to %s.", c.base() + sel.start(),
                c.base() + sel.last(), sel.size(), file));
        return file;
    }

    /** Export…: asks for the file (its extension picks the format). */
    void exportInteractive(Shell shell) {
        if (hex.selection().isEmpty()) {
            status.accept("Select bytes first (click, then shift-click).");
            return;
        }
        FileDialog d = new FileDialog(shell, SWT.SAVE);
        d.setFilterExtensions(new String[] { "*.hex", "*.bin" });
        d.setOverwrite(true);
        String f = d.open();
        if (f == null) {
            return;
        }
        try {
            exportSelection(Path.of(f), f.toLowerCase().endsWith(".bin") ? ImageFormat.BIN : ImageFormat.INTEL_HEX);
        } catch (IOException e) {
            status.accept("Export failed: " + e.getMessage());
        }
    }
}
