package dev.flashbank.ui.banks;

import java.util.List;
import java.util.Optional;

import dev.flashbank.core.banks.BankSnapshot;
import dev.flashbank.core.banks.CachedBankReader;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.ui.banks.BankBrowserView.Source;

/**
 * The hex view's adapters over the bank cache: a physical bank at the address where it is mapped now, or a flash
 * window as the CPU sees it (across the slot boundary each slot shows the physical bank the mapping puts there).
 * Painting only peeks at the cache; rows not read yet ask the {@link Loader} for their sectors.
 */
final class BankHexContents {

    /** Loads bytes of a physical bank in the background; the hex view is redrawn when they are there. */
    @FunctionalInterface
    interface Loader {
        void load(int bank, long offset, int length);
    }

    private BankHexContents() {
    }

    static boolean isBank(Source s) {
        return s == Source.BANK_1 || s == Source.BANK_2;
    }

    static int bankOf(Source s) {
        return s == Source.BANK_2 ? 2 : 1;
    }

    /** What the hex view shows for {@code s}; null before a read, or for a window the part does not have. */
    static HexViewer.Content of(Source s, BankSnapshot snap, CachedBankReader r, Loader loader) {
        if (snap == null || r == null) {
            return null;
        }
        FlashGeometry g = snap.geometry();
        if (isBank(s)) {
            return bank(bankOf(s), snap, r, loader);
        }
        List<FlashWindow> windows = g.windows();
        if (s == Source.ITCM && windows.size() < 2) {
            return null; // the view refuses it with the reason
        }
        return window(windows.get(s == Source.AXIM ? 0 : 1), snap, r, loader);
    }

    private static HexViewer.Content bank(int bank, BankSnapshot snap, CachedBankReader r, Loader loader) {
        long base = snap.mapped(bank).start();
        long size = snap.geometry().bank(bank).size();
        return new HexViewer.Content() {
            public long base() {
                return base;
            }

            public long size() {
                return size;
            }

            public Optional<byte[]> peek(long offset, int length) {
                return r.peek(bank, offset, length);
            }

            public void load(long offset, int length) {
                loader.load(bank, offset, length);
            }
        };
    }

    private static HexViewer.Content window(FlashWindow w, BankSnapshot snap, CachedBankReader r, Loader loader) {
        FlashGeometry g = snap.geometry();
        boolean swapped = snap.swpFb();
        return new HexViewer.Content() {
            public long base() {
                return w.base();
            }

            public long size() {
                return g.totalSize();
            }

            public Optional<byte[]> peek(long offset, int length) {
                return r.peekWindow(w.base() + offset, length, swapped);
            }

            public void load(long offset, int length) {
                BankOffset bo = g.physicalBankAt(w.base() + offset, swapped).orElseThrow();
                loader.load(bo.bank(), bo.offset(), (int) Math.min(length, g.bank(bo.bank()).size() - bo.offset()));
            }
        };
    }
}
