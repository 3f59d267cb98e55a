package dev.flashbank.core.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageOutsideFlashException;
import dev.flashbank.core.image.Segment;

/**
 * A firmware image checked against the flash of the connected part and expressed in AXIM addresses (the ITCM window
 * at 0x0020_0000 shows the same cells at the same offsets, RM0410 §2.2.2; the driver programs through AXIM).
 * Nothing here touches the target.
 */
final class FlashImage {

    /** One contiguous run of image bytes at an AXIM address. */
    record Run(long address, byte[] data) {
        AddressRange range() {
            return new AddressRange(address, data.length);
        }
    }

    private final FirmwareImage image;
    private final List<Run> runs;

    private FlashImage(FirmwareImage image, List<Run> runs) {
        this.image = image;
        this.runs = List.copyOf(runs);
    }

    /**
     * Validates {@code image} against {@code g}: not empty, every byte inside the AXIM or ITCM flash window, and no
     * two bytes landing on the same flash cell through both windows.
     *
     * @throws OperationRefusedException naming the first offending address and where it came from in the file
     */
    static FlashImage of(String operation, FirmwareImage image, FlashGeometry g) throws OperationRefusedException {
        if (image.isEmpty()) {
            throw new OperationRefusedException(operation, "the image " + image.source() + " holds no data", "");
        }
        try {
            image.requireWithin(g.windows().stream().map(g::windowRange).toList());
        } catch (ImageOutsideFlashException e) {
            throw new OperationRefusedException(operation, e.getMessage(),
                    List.of("link or place the image inside the flash, then flashbank program IMAGE ("
                            + g.windowsText(" or ") + ")"),
                    null, e);
        }
        List<Run> runs = new ArrayList<>();
        for (Segment s : image.segments()) {
            FlashWindow w = g.windowOf(s.address()).orElseThrow();
            runs.add(new Run(s.address() - w.base() + g.linkWindow().base(), s.data()));
        }
        runs.sort(Comparator.comparingLong(Run::address));
        for (int i = 1; i < runs.size(); i++) {
            if (runs.get(i).address() < runs.get(i - 1).range().end()) {
                // only possible with two windows (F7: AXIM and ITCM show the same cells)
                throw new OperationRefusedException(operation, String.format(
                        "the image writes flash offset 0x%X twice: %s, which show the same cells",
                        runs.get(i).address() - g.linkWindow().base(), windowList(g, "once through the %s window 0x%08X",
                                " and ")), "link all data for one window (" + windowList(g, "%s 0x%08X", " or ")
                                + "), then flashbank program IMAGE");
            }
        }
        return new FlashImage(image, runs);
    }

    /** Every window of {@code g} formatted with its name and base, joined. */
    private static String windowList(FlashGeometry g, String format, String separator) {
        return g.windows().stream().map(w -> String.format(format, w.name(), w.base()))
                .collect(java.util.stream.Collectors.joining(separator));
    }

    FirmwareImage image() {
        return image;
    }

    List<Run> runs() {
        return runs;
    }

    /** Image bytes at AXIM {@code range}, gaps as {@code fill}; {@code present[i]} tells which bytes the image has. */
    byte[] bytes(AddressRange range, byte fill, boolean[] present) {
        byte[] out = new byte[(int) range.size()];
        java.util.Arrays.fill(out, fill);
        for (Run r : runs) {
            long from = Math.max(r.address(), range.start());
            long to = Math.min(r.range().end(), range.end());
            if (from < to) {
                System.arraycopy(r.data(), (int) (from - r.address()), out, (int) (from - range.start()),
                        (int) (to - from));
                if (present != null) {
                    java.util.Arrays.fill(present, (int) (from - range.start()), (int) (to - range.start()), true);
                }
            }
        }
        return out;
    }

    /** Lowest and highest AXIM address of the image. */
    AddressRange span() {
        Run first = runs.get(0);
        long end = runs.stream().mapToLong(r -> r.range().end()).max().orElseThrow();
        return new AddressRange(first.address(), end - first.address());
    }

    long size() {
        return runs.stream().mapToLong(r -> r.data().length).sum();
    }
}
