package dev.flashbank.core.tests.image;

import static dev.flashbank.core.tests.image.Records.formatError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.image.ElfReader;
import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.ImageFormatException;
import dev.flashbank.core.image.ImageLocation;
import dev.flashbank.core.image.ImageOutsideFlashException;
import dev.flashbank.core.image.ImageReader;

/**
 * ELF reader on the real sample and on patched copies of it: every rejection names the byte offset of the offending
 * ELF structure. Offsets are those of the ELF32 header fields (System V ABI): e_type 16, e_machine 18, e_entry 24,
 * e_phoff 28, e_shoff 32; the sample's program headers start at 52 (32 bytes each).
 */
class ElfReaderTest {

    private static final String NAME = "app-bank1.elf";
    private static final int PHDR0 = 52;
    private static final int PHDR1 = PHDR0 + 32;

    private static byte[] sample() {
        return ImageSamples.bytes(ImageSamples.BANK1 + ".elf");
    }

    private static FirmwareImage read(byte[] elf) throws ImageFormatException {
        return ElfReader.read(NAME, elf);
    }

    private static ImageFormatException error(byte[] elf) {
        return formatError(() -> read(elf));
    }

    private static byte[] patch32(byte[] b, int offset, long value) {
        byte[] c = b.clone();
        for (int i = 0; i < 4; i++) {
            c[offset + i] = (byte) (value >>> (8 * i));
        }
        return c;
    }

    private static byte[] patch8(byte[] b, int offset, int value) {
        byte[] c = b.clone();
        c[offset] = (byte) value;
        return c;
    }

    private static long le32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }

    /** The sample without its section header table (e_shoff = 0, e_shnum = 0), as a stripped section table gives. */
    private static byte[] withoutSections(byte[] b) {
        byte[] c = patch32(b, 32, 0);
        c[48] = 0;
        c[49] = 0;
        return c;
    }

    @Test
    void readsSegmentsAtPhysicalAddresses() throws Exception {
        FirmwareImage image = read(sample());
        assertThat(image.format()).isEqualTo(ImageFormat.ELF);
        assertThat(image.source()).isEqualTo(NAME);
        assertThat(le32(sample(), PHDR1 + 8)).as("p_vaddr of .data").isEqualTo(0x2000_0000L);
        long paddr = le32(sample(), PHDR1 + 12);
        assertThat(paddr).as("p_paddr of .data").isBetween(0x0800_0000L, 0x0800_1000L);
        assertThat(image.contains(paddr)).isTrue();
        assertThat(image.segmentAt(paddr).orElseThrow().originOf(paddr))
                .isEqualTo("section .data (program header 1, file offset 0x2000)");
    }

    @Test
    void withoutSectionHeadersWholeLoadSegmentsAreTakenIncludingPadding() throws Exception {
        FirmwareImage image = read(withoutSections(sample()));
        // PT_LOAD 0 file bytes run 0x08000000-0x0800011F (padding 0xC4-0xFF included, as zeros); PT_LOAD 1 follows.
        assertThat(image.ranges()).containsExactly(new AddressRange(0x0800_0000L, 0x124));
        assertThat(image.bytes(new AddressRange(0x0800_00C4L, 0x3C))).containsOnly(0);
        assertThat(image.segments().get(0).originOf(0x0800_0000L)).isEqualTo("program header 0 (file offset 0x1000)");
        assertThat(image.version()).isEmpty();
        assertThat(image.buildId()).isEmpty();
        // Outside the padding, the bytes are those of the full ELF.
        FirmwareImage full = read(sample());
        for (AddressRange r : full.ranges()) {
            assertThat(image.bytes(r)).isEqualTo(full.bytes(r));
        }
    }

    @Test
    void rejects64BitBigEndianNonArmAndObjectFiles() {
        assertThat(error(patch8(sample(), 4, 2))).hasMessage("app-bank1.elf: byte offset 0x4 (4): 64-bit ELF "
                + "(EI_CLASS = 2): only 32-bit ARM executables can be programmed into an STM32");
        assertThat(error(patch8(sample(), 5, 2))).hasMessage("app-bank1.elf: byte offset 0x5 (5): big-endian ELF "
                + "(EI_DATA = 2): STM32 (Cortex-M) images are little-endian");
        assertThat(error(patch8(sample(), 18, 62)))
                .hasMessage("app-bank1.elf: byte offset 0x12 (18): not an ARM ELF: e_machine = 62 (x86-64), expected 40 (ARM)");
        assertThat(error(patch8(sample(), 16, 1))).hasMessage("app-bank1.elf: byte offset 0x10 (16): relocatable "
                + "object file (e_type = ET_REL), not a linked executable: link it first");
        assertThat(error(patch8(sample(), 0, 0))).hasMessage(
                "app-bank1.elf: byte offset 0x0 (0): not an ELF file: missing magic 0x7F 'E' 'L' 'F'");
    }

    @Test
    void truncatedInsideTheHeader() {
        ImageFormatException e = error(Arrays.copyOf(sample(), 40));
        assertThat(e).hasMessage("app-bank1.elf: byte offset 0x28 (40): file truncated inside the ELF header "
                + "(40 bytes, an ELF32 header has 52)");
        assertThat(e.location().offset()).hasValue(40);
        assertThat(e.location().line()).isEmpty();
        assertThat(error(new byte[0])).hasMessage("app-bank1.elf: byte offset 0x0 (0): empty file");
    }

    @Test
    void truncatedFileLosesItsSectionHeaderTable() {
        byte[] s = sample();
        long shoff = le32(s, 32);
        ImageFormatException e = error(Arrays.copyOf(s, 0x2100));
        assertThat(e.location()).isEqualTo(ImageLocation.offset(32)); // e_shoff points beyond the end
        assertThat(e.reason()).isEqualTo(String.format("the section header table needs file bytes 0x%X-0x%X but the "
                + "file ends at 0x2100: truncated?", shoff, shoff + 10 * 40 - 1));
    }

    @Test
    void truncatedLoadSegment() {
        ImageFormatException e = error(Arrays.copyOf(withoutSections(sample()), 0x1080));
        assertThat(e).hasMessage("app-bank1.elf: byte offset 0x38 (56): program header 0 needs file bytes "
                + "0x1000-0x111F but the file ends at 0x1080: truncated?");
    }

    @Test
    void truncatedProgramHeaderTable() {
        byte[] s = patch32(sample(), 28, 0x2420); // e_phoff: 4 headers x 32 bytes from 0x2420 run past the end
        assertThat(error(s)).hasMessage(String.format("app-bank1.elf: byte offset 0x1C (28): the program header table "
                + "needs file bytes 0x2420-0x249F but the file ends at 0x%X: truncated?", s.length));
    }

    @Test
    void overlappingSegmentsNameBothSections() {
        // Move .data's load address onto the vector table.
        ImageFormatException e = error(patch32(sample(), PHDR1 + 12, 0x0800_0010L));
        assertThat(e).hasMessage("app-bank1.elf: byte offset 0x2000 (8192): overlapping data: section .data "
                + "(program header 1, file offset 0x2000) writes 0x08000010-0x08000013, of which 0x08000010-0x08000013 "
                + "was already written by section .isr_vector (program header 0, file offset 0x1000)");
    }

    @Test
    void noLoadableBytesIsAnEmptyImage() {
        byte[] s = patch32(patch32(sample(), PHDR0, 0), PHDR1, 0); // PT_LOAD -> PT_NULL
        assertThat(error(s)).hasMessage("app-bank1.elf: byte offset 0x1C (28): empty image: no PT_LOAD program header "
                + "with file bytes (nothing to program)");
    }

    @Test
    void fileSizeBeyondMemorySize() {
        byte[] s = patch32(sample(), PHDR1 + 20, 2); // p_memsz 2 < p_filesz 4
        assertThat(error(s)).hasMessage("app-bank1.elf: byte offset 0x64 (100): program header 1: p_filesz 0x4 "
                + "exceeds p_memsz 0x2");
    }

    @Test
    void sectionStraddlingItsSegmentIsRejected() {
        byte[] s = patch32(sample(), PHDR0 + 16, 0x110); // PT_LOAD 0 p_filesz now ends inside .fw_version
        ImageFormatException e = error(s);
        assertThat(e.reason()).isEqualTo("section .fw_version (file bytes 0x1100-0x111F) straddles the boundary of "
                + "program header 0 (0x1000-0x110F)");
        assertThat(e.location().offset()).isPresent();
    }

    @Test
    void addressesAboveTwoGigabytesStayUnsigned() throws Exception {
        // .data loaded into QSPI flash at 0x9000_0000 (STM32F7 QUADSPI bank): jelf reads such fields sign-extended.
        FirmwareImage image = read(patch32(sample(), PHDR1 + 12, 0x9000_0000L));
        assertThat(image.ranges()).contains(new AddressRange(0x9000_0000L, 4));
        assertThat(image.bytes(new AddressRange(0x9000_0000L, 4))).containsExactly(0x78, 0x56, 0x34, 0x12);
        assertThatThrownBy(() -> image.requireWithin(List.of(new AddressRange(0x0800_0000L, 0x20_0000))))
                .isInstanceOfSatisfying(ImageOutsideFlashException.class, e -> {
                    assertThat(e.address()).isEqualTo(0x9000_0000L);
                    assertThat(e.origin()).isEqualTo("section .data (program header 1, file offset 0x2000)");
                });
    }

    @Test
    void zeroEntryPointMeansNone() throws Exception {
        assertThat(read(patch32(sample(), 24, 0)).entryPoint()).isEmpty();
        assertThat(read(sample()).entryPoint()).isEqualTo(OptionalLong.of(le32(sample(), 24)));
    }

    @Test
    void versionFoundThroughSymbolWhenTheSectionIsRenamed() throws Exception {
        // Rename ".fw_version" in .shstrtab to ".fw_versioX": the symbol fw_version still points at the string.
        byte[] s = sample();
        String all = new String(s, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = all.indexOf(".fw_version\0");
        assertThat(at).isPositive();
        byte[] renamed = patch8(s, at + 10, 'X');
        FirmwareImage image = read(renamed);
        assertThat(image.version()).hasValueSatisfying(v -> {
            assertThat(v.text()).isEqualTo("flashbank-sample 1.0.0 (bank 1)");
            assertThat(v.source()).isEqualTo("symbol fw_version");
        });
    }

    @Test
    void versionFoundThroughAPointerSymbol() throws Exception {
        // Rename both the section .fw_version and the symbol fw_version: only "const char *const __version" is left,
        // a pointer to the string (sample.c).
        String all = new String(sample(), java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] renamed = all.replace("fw_version\0", "fw_versioX\0").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        FirmwareImage image = read(renamed);
        assertThat(image.version()).hasValueSatisfying(v -> {
            assertThat(v.text()).isEqualTo("flashbank-sample 1.0.0 (bank 1)");
            assertThat(v.source()).isEqualTo("symbol __version");
        });
        // And with no version anywhere: empty, not an error.
        byte[] none = all.replace("fw_version\0", "fw_versioX\0").replace("__version\0", "__versioX\0")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(read(none).version()).isEmpty();
    }

    @Test
    void forcingElfOnAHexFileIsACleanError() {
        byte[] hex = ImageSamples.bytes(ImageSamples.BANK1 + ".hex");
        assertThat(formatError(() -> ImageReader.read("x.hex", hex, Optional.of(ImageFormat.ELF), OptionalLong.empty())))
                .hasMessage("x.hex: byte offset 0x0 (0): not an ELF file: missing magic 0x7F 'E' 'L' 'F'");
    }
}
