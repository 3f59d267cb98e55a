package dev.flashbank.cli.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import dev.flashbank.core.image.FirmwareImage;
import dev.flashbank.core.image.ImageFormat;
import dev.flashbank.core.image.Segment;

/**
 * Deterministic images for the bench: random (incompressible, every unit programmed) bytes with a plausible vector
 * table, so the bank update's boot checks accept them; and a minimal ELF32 (one PT_LOAD, no section table) holding
 * an image, because the core writes HEX/S-record/BIN but not ELF.
 */
public final class SyntheticImages {

    /** Initial stack pointer of the synthetic vector table: the end of the F7's 128 KiB DTCM (RM0410 memory map). */
    public static final long INITIAL_SP = 0x2002_0000L;

    /** Reset handler offset inside the image (odd: Thumb state). */
    public static final long RESET_HANDLER_OFFSET = 0x201;

    private SyntheticImages() {
    }

    /** {@code size} random bytes from {@code seed} linked at {@code base}, vector table first. */
    public static byte[] firmware(long base, int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        putWord(b, 0, INITIAL_SP);
        putWord(b, 4, base + RESET_HANDLER_OFFSET);
        return b;
    }

    public static FirmwareImage image(String name, long base, byte[] bytes) {
        return FirmwareImage.of(name, ImageFormat.BIN, List.of(new Segment(base, bytes, name)),
                OptionalLong.of(base + RESET_HANDLER_OFFSET));
    }

    /** A copy of {@code b} with the bytes of [from, to) replaced by fresh random bytes. */
    public static byte[] changed(byte[] b, int from, int to, long seed) {
        byte[] c = b.clone();
        byte[] r = new byte[to - from];
        new SplittableRandom(seed).nextBytes(r);
        System.arraycopy(r, 0, c, from, r.length);
        return c;
    }

    /** A little-endian ELF32 ARM executable with one PT_LOAD segment of {@code data} at {@code address}. */
    public static byte[] elf(long address, byte[] data) {
        int ehsize = 52;
        int phentsize = 32;
        int offset = ehsize + phentsize;
        ByteBuffer b = ByteBuffer.allocate(offset + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] { 0x7F, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 }); // ELFCLASS32, LSB, v1
        b.putShort((short) 2); // ET_EXEC
        b.putShort((short) 40); // EM_ARM
        b.putInt(1); // EV_CURRENT
        b.putInt((int) (address + RESET_HANDLER_OFFSET)); // e_entry
        b.putInt(ehsize); // e_phoff
        b.putInt(0); // e_shoff: no section table
        b.putInt(0x0500_0400); // e_flags: EABI5, hard-float
        b.putShort((short) ehsize);
        b.putShort((short) phentsize);
        b.putShort((short) 1); // e_phnum
        b.putShort((short) 40); // e_shentsize
        b.putShort((short) 0); // e_shnum
        b.putShort((short) 0); // e_shstrndx
        b.putInt(1); // PT_LOAD
        b.putInt(offset);
        b.putInt((int) address); // p_vaddr
        b.putInt((int) address); // p_paddr
        b.putInt(data.length); // p_filesz
        b.putInt(data.length); // p_memsz
        b.putInt(5); // PF_R | PF_X
        b.putInt(4); // p_align
        b.put(data);
        return b.array();
    }

    static void putWord(byte[] b, int o, long v) {
        for (int i = 0; i < 4; i++) {
            b[o + i] = (byte) (v >>> (8 * i));
        }
    }
}
