package dev.flashbank.stlink;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.flashbank.core.target.AccessWidth;

/**
 * Splits a memory transfer into ST-Link memory commands within the probe's limits, the way
 * OpenOCD's {@code stlink_usb_read_mem}/{@code write_mem} does: 8-bit commands carry at most 64 bytes on full-speed
 * probes (512 on V3 from J6); 16/32-bit commands carry at most 6144 bytes and, on firmware before V2J32/V3J2, never
 * cross a TAR auto-increment window (1 KiB for Cortex-M7; later firmware reloads TAR itself); 16-bit access falls back to 8-bit on firmware without it; for byte-granular transfers the
 * unaligned head and tail go as 8-bit commands and the aligned middle as 32-bit ones.
 */
public final class TransferPlan {

    private TransferPlan() {
    }

    /**
     * The probe's limits for one session.
     *
     * @param maxRw8        bytes per 8-bit command
     * @param maxRw16And32  bytes per 16/32-bit command
     * @param tarWindow     TAR auto-increment window a 16/32-bit command must not cross (power of two)
     * @param has16Bit      whether READMEM_16BIT/WRITEMEM_16BIT exist (V2J26, V3)
     */
    public record Limits(int maxRw8, int maxRw16And32, int tarWindow, boolean has16Bit) {
        public Limits {
            if (maxRw8 <= 0 || maxRw16And32 <= 0 || Integer.bitCount(tarWindow) != 1) {
                throw new IllegalArgumentException("bad transfer limits");
            }
        }

        /**
         * Limits implied by firmware features and the TAR window of the core (OpenOCD stlink_usb.c). Firmware with
         * AP and CSW in its memory commands (V2J32, V3J2) writes TAR again itself where the auto-increment block
         * ends: stock OpenOCD 0.12's DAP-direct driver relies on it, merging a Cortex-M7's DRW accesses across 1 KiB
         * blocks into one READMEM/WRITEMEM_32BIT of up to 6 KiB (stlink_usb_count_buf_rw_queue; seen in the
         * emulator's recordings of that OpenOCD). On such firmware a 16/32-bit command is limited by the probe's
         * buffer only ({@link #NO_TAR_WINDOW}); on older firmware the host splits at {@code tarWindow}. On a
         * full-speed probe this saves a USB round trip (about 1 ms) per KiB of a flash write (issue 18).
         */
        public static Limits forFeatures(Set<StlinkFeature> features, int tarWindow) {
            int rw8 = features.contains(StlinkFeature.RW8_512_BYTES) ? StlinkCommands.MAX_RW8_V3
                    : StlinkCommands.MAX_RW8_FULL_SPEED;
            int window = features.contains(StlinkFeature.AP_AND_CSW_IN_MEMORY_COMMANDS) ? NO_TAR_WINDOW : tarWindow;
            return new Limits(rw8, StlinkCommands.MAX_RW16_32, window,
                    features.contains(StlinkFeature.MEMORY_16BIT));
        }

        /** The window of firmware that reloads TAR itself: larger than any command, so never a split point. */
        public static final int NO_TAR_WINDOW = 1 << 30;
    }

    /** One memory command: {@code length} bytes at {@code address} with accesses of {@code width}. */
    public record Chunk(long address, int length, AccessWidth width) {
    }

    /**
     * Plan for a transfer whose address and length are multiples of {@code width} (the {@code MemoryAccess}
     * contract). HALFWORD becomes BYTE on firmware without 16-bit access.
     */
    public static List<Chunk> plan(long address, int length, AccessWidth width, Limits limits) {
        if (!width.isAligned(address) || length % width.bytes() != 0) {
            throw new IllegalArgumentException(String.format(
                    "%s transfer needs address and length aligned to %d: 0x%08X + %d", width, width.bytes(), address,
                    length));
        }
        List<Chunk> out = new ArrayList<>();
        AccessWidth effective = width == AccessWidth.HALFWORD && !limits.has16Bit() ? AccessWidth.BYTE : width;
        if (effective == AccessWidth.BYTE) {
            addBytes(out, address, length, limits);
        } else {
            addWide(out, address, length, effective, limits);
        }
        return out;
    }

    /** Plan for a byte-granular transfer: 8-bit head up to the next word boundary, 32-bit middle, 8-bit tail. */
    public static List<Chunk> planBytes(long address, int length, Limits limits) {
        List<Chunk> out = new ArrayList<>();
        int head = (int) Math.min(length, (4 - (address & 3)) & 3);
        addBytes(out, address, head, limits);
        long a = address + head;
        int middle = (length - head) & ~3;
        addWide(out, a, middle, AccessWidth.WORD, limits);
        addBytes(out, a + middle, length - head - middle, limits);
        return out;
    }

    private static void addBytes(List<Chunk> out, long address, int length, Limits limits) {
        long a = address;
        int left = length;
        while (left > 0) {
            int n = Math.min(left, limits.maxRw8());
            out.add(new Chunk(a, n, AccessWidth.BYTE));
            a += n;
            left -= n;
        }
    }

    private static void addWide(List<Chunk> out, long address, int length, AccessWidth width, Limits limits) {
        long a = address;
        int left = length;
        int maxBlock = limits.maxRw16And32() - limits.maxRw16And32() % width.bytes();
        while (left > 0) {
            int toWindowEnd = (int) (limits.tarWindow() - (a & (limits.tarWindow() - 1)));
            int n = Math.min(left, Math.min(maxBlock, toWindowEnd));
            out.add(new Chunk(a, n, width));
            a += n;
            left -= n;
        }
    }
}
