/**
 * Firmware images: what bytes go to which flash addresses, read from ELF, Intel HEX, Motorola S-record or raw BIN
 * files and written back as HEX, S-record or BIN.
 * <ul>
 * <li>{@link dev.flashbank.core.image.FirmwareImage} - the immutable image value: canonical (sorted, non-overlapping,
 * merged) {@link dev.flashbank.core.image.Segment}s at LOAD addresses, entry point, version string, GNU build-id;
 * byte access with 0xFF fill for gaps, clipping, and the "everything inside flash" check.</li>
 * <li>{@link dev.flashbank.core.image.ImageReader} - reads a file, detecting the format by content (override
 * possible); {@link dev.flashbank.core.image.ElfReader} (decoding by the jelf library),
 * {@link dev.flashbank.core.image.IntelHexReader} and {@link dev.flashbank.core.image.SrecReader} (strict parsers
 * of our own), {@link dev.flashbank.core.image.BinReader}.</li>
 * <li>{@link dev.flashbank.core.image.ImageWriter} with {@link dev.flashbank.core.image.IntelHexWriter},
 * {@link dev.flashbank.core.image.SrecWriter}, {@link dev.flashbank.core.image.BinWriter}.</li>
 * </ul>
 * Bad input always ends in one {@link dev.flashbank.core.image.ImageFormatException} naming the file, the line (text
 * formats) or byte offset (binary formats) and the reason; data outside the target's flash in one
 * {@link dev.flashbank.core.image.ImageOutsideFlashException}. Both are checked exceptions raised before any target
 * access, so a bad image never gets as far as erasing anything.
 * <p>
 * A gap (an address no segment covers) is "not part of the image" in every format; see {@link
 * dev.flashbank.core.image.FirmwareImage} and {@link dev.flashbank.core.image.ElfReader} for why ELF section padding
 * counts as a gap (it is what objcopy does, so an ELF and its HEX compare equal).
 */
package dev.flashbank.core.image;
