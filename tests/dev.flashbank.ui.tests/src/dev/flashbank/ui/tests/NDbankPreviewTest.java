package dev.flashbank.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.accessibility.ACC;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.ui.options.SectorMap;

/**
 * Issue 16 finding 4, the editor's half: an nDBANK change previewed in the sector map after an earlier nDBANK write
 * that waits for its reset. The part still has the old layout while its options name the other bank mode; the
 * protection the driver reads for them asked the options' nDBANK for the nWRP bit of each sector of the old layout and
 * threw at sector 12, the first of bank 2 ("no nWRP bit in SINGLE bank mode") - in the map's paint, every repaint,
 * leaving the bank-2 row blank. The map is painted into an image (Control.print runs the same paint listeners and lets
 * their exceptions reach the test) and its bank-2 boxes are looked at.
 */
class NDbankPreviewTest {

    /** The map as painted now; the paint's exception, if any, is thrown here. */
    private static ImageData paint(SectorMap map) {
        Point size = map.getSize();
        Image image = new Image(map.getDisplay(), size.x, size.y);
        GC gc = new GC(image);
        try {
            assertThat(map.print(gc)).as("the map can be painted into an image").isTrue();
            return image.getImageData();
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    /** The fill of a box: inside its left edge, half way down (clear of its frame and centred labels). */
    private static RGB fill(ImageData d, Rectangle r) {
        return d.palette.getRGB(d.getPixel(r.x + 3, r.y + r.height / 2));
    }

    @Test
    void previewingDualBankAgainAfterASingleBankWriteAwaitingItsResetPaintsBothBanks() throws Exception {
        List<String> logged = new ArrayList<>();
        ILogListener log = (status, plugin) -> logged.add(status.toString());
        Platform.addLogListener(log);
        try (SectorMapBench b = SectorMapBench.ofDefaultBoard()) {
            assertThat(b.model().geometry().mode()).isEqualTo(BankMode.DUAL);
            OptionImage wrp14 = b.protection.withWriteProtection(b.sector(2, 14), true); // nWRP[7]: sectors 14, 15
            b.writeWithoutReset(wrp14.withBankMode(BankMode.SINGLE));
            ProtectionModel part = b.protection;
            assertThat(part.geometry().mode()).as("the layout in force until the reset").isEqualTo(BankMode.DUAL);
            assertThat(b.original.bankMode()).as("the options written").isEqualTo(BankMode.SINGLE);

            b.show(b.original.withBankMode(BankMode.DUAL)); // the user previews dual-bank mode again
            SectorMap map = b.map;
            ImageData painted = paint(map);
            RGB background = fill(painted, new Rectangle(map.getSize().x - 8, 0, 1, 4));
            for (int n = 12; n < 24; n++) {
                assertThat(fill(painted, map.boundsOf(n))).as("bank 2 box of sector %d is drawn", n)
                        .isNotEqualTo(background);
            }
            assertThat(fill(painted, map.boundsOf(14))).as("14 protected, 13 not")
                    .isNotEqualTo(fill(painted, map.boundsOf(13)));
            assertThat(part.writeProtectedSectors()).as("the part's own nWRP mapping until the reset")
                    .extracting(Sector::number).containsExactly(14, 15);
            assertThat(Accessibility.childCount(map)).isEqualTo(24);
            assertThat(Accessibility.name(map, 14)).isEqualTo("Sector 14, bank 2, 0x08108000, 16 KiB, write-protected");
            assertThat(Accessibility.name(map, ACC.CHILDID_SELF)).isNotBlank();
            b.screenshot("ndbank-preview-after-single-bank-write");
        } finally {
            Platform.removeLogListener(log);
        }
        assertThat(logged).as("nothing logged while the map was shown").isEmpty();
    }
}
