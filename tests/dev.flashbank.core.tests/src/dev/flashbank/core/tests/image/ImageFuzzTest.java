package dev.flashbank.core.tests.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageFormatException;
import dev.flashbank.core.image.ImageLocation;
import dev.flashbank.core.image.ImageReader;
import dev.flashbank.core.image.Segment;

/**
 * Fuzz-style robustness: thousands of mutated copies of the real sample files (fixed seeds, so a failure is
 * reproducible) must each end in either a valid image or one {@link ImageFormatException} naming the file and a
 * location of the right kind - never another exception, never a broken image.
 */
class ImageFuzzTest {

    private static final int MUTANTS_PER_FILE = 3000;

    @ParameterizedTest
    @ValueSource(strings = {"app-bank1.hex", "app-bank2.hex", "app-bank1.srec", "app-bank2.srec", "app-bank1.elf",
            "app-bank2.elf"})
    void mutatedFilesGiveAValidImageOrOneCleanError(String file) {
        byte[] original = ImageSamples.bytes(file);
        boolean text = !file.endsWith(".elf");
        Random random = new Random(file.hashCode());
        int valid = 0;
        int errors = 0;
        for (int i = 0; i < MUTANTS_PER_FILE; i++) {
            byte[] mutant = mutate(original, random, text);
            String name = "mutant-" + i + "-" + file;
            // Both with detection and with the format forced, so deep parser paths see the damage too.
            for (Optional<ImageFormat> format : List.of(Optional.<ImageFormat>empty(),
                    Optional.of(ImageFormat.byExtension(file).orElseThrow()))) {
                try {
                    FirmwareImage image = ImageReader.read(name, mutant, format, OptionalLong.empty());
                    checkInvariants(image);
                    valid++;
                } catch (ImageFormatException e) {
                    assertThat(e.file()).isEqualTo(name);
                    assertThat(e.getMessage()).startsWith(name + ": ").endsWith(e.reason());
                    ImageLocation.Kind kind = e.location().kind();
                    if (format.isPresent()) {
                        assertThat(kind).as(e.getMessage()).isIn(text ? ImageLocation.Kind.LINE : ImageLocation.Kind.BYTE_OFFSET,
                                ImageLocation.Kind.FILE);
                    }
                    e.location().offset().ifPresent(o -> assertThat(o).as(e.getMessage()).isBetween(0L, (long) mutant.length));
                    errors++;
                } catch (RuntimeException e) {
                    throw new AssertionError("mutant " + i + " of " + file + " escaped as " + e, e);
                }
            }
        }
        assertThat(valid + errors).isEqualTo(2 * MUTANTS_PER_FILE);
        assertThat(errors).as("most mutations must be caught").isGreaterThan(MUTANTS_PER_FILE / 2);
    }

    /** Any single hex digit changed after the record type is caught: the checksum covers every such digit. */
    @ParameterizedTest
    @ValueSource(strings = {"app-bank1.hex", "app-bank1.srec"})
    void everySingleDigitChangeIsDetected(String file) {
        String original = ImageSamples.text(file);
        // HEX: everything after ':' is summed. S-record: the type digit is NOT covered by the checksum (S3 -> S2 is a
        // valid record with another address width), so changes start after "Sn".
        int skip = file.endsWith(".hex") ? 1 : 2;
        int checked = 0;
        int lineStart = 0;
        for (String rawLine : original.split("\n")) {
            String line = rawLine.endsWith("\r") ? rawLine.substring(0, rawLine.length() - 1) : rawLine;
            for (int col = skip; col < line.length(); col++) {
                char c = line.charAt(col);
                char other = c == '0' ? '1' : '0';
                String mutant = original.substring(0, lineStart + col) + other + original.substring(lineStart + col + 1);
                try {
                    ImageReader.read(file, mutant.getBytes(StandardCharsets.US_ASCII), Optional.empty(), OptionalLong.empty());
                    throw new AssertionError("undetected change at line " + line + " column " + (col + 1));
                } catch (ImageFormatException e) {
                    checked++;
                }
            }
            lineStart += rawLine.length() + 1;
        }
        assertThat(checked).isGreaterThan(500);
    }

    private static void checkInvariants(FirmwareImage image) {
        assertThat(image.isEmpty()).isFalse();
        long previousEnd = -1;
        long total = 0;
        for (Segment s : image.segments()) {
            assertThat(s.size()).isPositive();
            assertThat(s.address()).as("sorted, non-overlapping, non-adjacent").isGreaterThan(previousEnd);
            assertThat(s.end()).isLessThanOrEqualTo(0x1_0000_0000L);
            previousEnd = s.end();
            total += s.size();
        }
        assertThat(image.totalSize()).isEqualTo(total);
    }

    private static byte[] mutate(byte[] in, Random r, boolean text) {
        int kinds = text ? 8 : 6;
        byte[] b = in.clone();
        int rounds = 1 + r.nextInt(3);
        for (int k = 0; k < rounds; k++) {
            if (b.length == 0) {
                return b;
            }
            int p = r.nextInt(b.length);
            switch (r.nextInt(kinds)) {
                case 0 -> b[p] = (byte) r.nextInt(256);                                 // random byte
                case 1 -> b[p] ^= (byte) (1 << r.nextInt(8));                           // bit flip
                case 2 -> b = java.util.Arrays.copyOf(b, p);                            // truncation
                case 3 -> b = splice(b, p, Math.min(b.length, p + 1 + r.nextInt(16)), new byte[0]); // deletion
                case 4 -> {                                                              // insertion
                    byte[] junk = new byte[1 + r.nextInt(8)];
                    r.nextBytes(junk);
                    b = splice(b, p, p, junk);
                }
                case 5 -> {                                                              // header field damage
                    int q = text ? p : r.nextInt(Math.min(b.length, 52 + 4 * 32));
                    b[q] = (byte) (r.nextBoolean() ? 0xFF : 0);
                }
                case 6 -> b[p] = (byte) "0123456789ABCDEF".charAt(r.nextInt(16));       // plausible hex digit
                default -> b = shuffleLines(b, r);                                       // duplicate / move a line
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }

    private static byte[] shuffleLines(byte[] b, Random r) {
        List<String> lines = new ArrayList<>(List.of(new String(b, StandardCharsets.ISO_8859_1).split("\n", -1)));
        if (lines.size() < 2) {
            return b;
        }
        String l = lines.get(r.nextInt(lines.size()));
        if (r.nextBoolean()) {
            lines.add(r.nextInt(lines.size()), l);
        } else {
            lines.remove(l);
            lines.add(r.nextInt(lines.size() + 1), l);
        }
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }
}
