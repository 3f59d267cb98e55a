package dev.flashbank.core.tests.banks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.banks.BytePattern;
import dev.flashbank.core.banks.HexRows;
import dev.flashbank.core.banks.ImageSummary;
import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.Stm32F7Line;

/** The bank browser's pure helpers: hex rows, search patterns, image summaries. */
class BanksHelpersTest {

    @Test
    void hexRowShowsAddressHexAndAscii() {
        byte[] row = "Hello, flash!\0\1\u007f".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(HexRows.format(0x0810_0000L, row)).isEqualTo(
                "08100000  48 65 6C 6C 6F 2C 20 66  6C 61 73 68 21 00 01 7F  |Hello, flash!...|");
        assertThat(HexRows.format(0x10, new byte[] { (byte) 0xAB })).startsWith("00000010  AB    ").endsWith("|.|");
    }

    @Test
    void patternsAreHexOrQuotedText() {
        assertThat(BytePattern.parse("DE AD be ef").bytes()).containsExactly(0xDE, 0xAD, 0xBE, 0xEF);
        assertThat(BytePattern.parse("0x01,0x02").bytes()).containsExactly(1, 2);
        assertThat(BytePattern.parse("\"1.2\"").bytes()).containsExactly('1', '.', '2');
        assertThatThrownBy(() -> BytePattern.parse("ABC")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither hex bytes");
        byte[] hay = { 0, 1, 2, 1, 2, 3 };
        assertThat(BytePattern.parse("01 02").findIn(hay, 0)).isEqualTo(1);
        assertThat(BytePattern.parse("01 02").findIn(hay, 2)).isEqualTo(3);
        assertThat(BytePattern.parse("02 03 04").findIn(hay, 0)).isEqualTo(-1);
    }

    @Test
    void summaryFindsBuildIdNoteAndRejectsImplausibleVectors() {
        FlashGeometry g = geometry();
        List<AddressRange> ram = List.of(new AddressRange(0x2000_0000L, 0x8_0000));
        byte[] c = new byte[256];
        java.util.Arrays.fill(c, (byte) 0xFF);
        put(c, 0, 0x2008_0000L);
        put(c, 4, 0x0800_0101L);
        // NT_GNU_BUILD_ID note: namesz 4, descsz 8, type 3, "GNU\0", 8 bytes of id
        put(c, 0x40, 4);
        put(c, 0x44, 8);
        put(c, 0x48, 3);
        System.arraycopy("GNU\0".getBytes(StandardCharsets.US_ASCII), 0, c, 0x4C, 4);
        for (int i = 0; i < 8; i++) {
            c[0x50 + i] = (byte) (0xA0 + i);
        }
        ImageSummary s = ImageSummary.of(c, g, ram);
        assertThat(s.plausible()).isTrue();
        assertThat(s.buildId()).contains("a0a1a2a3a4a5a6a7");
        assertThat(s.version()).isEmpty();

        put(c, 0, 0x2008_0002L);
        put(c, 4, 0x0900_0000L);
        ImageSummary bad = ImageSummary.of(c, g, ram);
        assertThat(bad.plausible()).isFalse();
        assertThat(bad.problems()).hasSize(3);
        assertThat(bad.describe()).contains("NOT plausible");

        java.util.Arrays.fill(c, (byte) 0xFF);
        ImageSummary empty = ImageSummary.of(c, g, ram);
        assertThat(empty.erased()).isTrue();
        assertThat(empty.describe()).startsWith("vector table erased");
    }

    private static FlashGeometry geometry() {
        return Stm32F7Descriptor.of(Stm32F7Line.F76X_F77X).geometry(2048, BankMode.DUAL);
    }

    private static void put(byte[] b, int o, long v) {
        for (int i = 0; i < 4; i++) {
            b[o + i] = (byte) (v >>> (8 * i));
        }
    }
}
