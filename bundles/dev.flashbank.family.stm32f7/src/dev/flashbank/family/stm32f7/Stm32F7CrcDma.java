package dev.flashbank.family.stm32f7;

import dev.flashbank.core.device.Access;
import dev.flashbank.core.device.Field;

/**
 * The CRC calculation unit and DMA2 stream 0 of the STM32F7, used together as a flash checksum engine that needs no
 * code on the target: DMA2 (the only controller with memory-to-memory transfers) reads flash words and writes them
 * to CRC_DR while the core stays halted, so the host learns the CRC-32 of a sector with a handful of probe commands
 * instead of reading the sector back (issue 11: skip identical sectors, fast verify). Addresses, offsets and bits
 * from the ST SVD (STM32F767.svd; the same on F72x/F74x) and RM0410 §8 (DMA) / §17 (CRC).
 * <p>
 * CRC unit default configuration after CRC_CR.RESET: polynomial 0x04C11DB7, initial value 0xFFFF_FFFF, 32-bit input
 * words, no bit reversal, no final XOR (RM0410 CRC chapter; UNCONFIRMED beyond the SVD reset values of INIT/POL).
 */
public final class Stm32F7CrcDma {

    private Stm32F7CrcDma() {
    }

    // ---- RCC
    /** RCC_AHB1ENR (RCC base 0x4002_3800 + 0x30). */
    public static final long RCC_AHB1ENR = 0x4002_3830L;
    public static final Field CRCEN = Field.bit("CRCEN", 12, Access.READ_WRITE, "CRC clock enable");
    public static final Field DMA2EN = Field.bit("DMA2EN", 22, Access.READ_WRITE, "DMA2 clock enable");

    // ---- CRC (base 0x4002_3000)
    public static final long CRC_BASE = 0x4002_3000L;
    public static final long CRC_DR = CRC_BASE;
    public static final long CRC_CR = CRC_BASE + 0x08;
    public static final long CRC_INIT = CRC_BASE + 0x10;
    public static final long CRC_POL = CRC_BASE + 0x14;
    public static final Field CRC_CR_RESET = Field.bit("RESET", 0, Access.READ_WRITE,
            "Resets the CRC unit: CRC_DR = CRC_INIT");
    public static final int CRC_POLYNOMIAL = 0x04C1_1DB7;
    public static final int CRC_INITIAL = 0xFFFF_FFFF;

    // ---- DMA2 (base 0x4002_6400), stream 0
    public static final long DMA2_BASE = 0x4002_6400L;
    public static final long DMA2_LISR = DMA2_BASE;
    public static final long DMA2_LIFCR = DMA2_BASE + 0x08;
    public static final long DMA2_S0CR = DMA2_BASE + 0x10;
    public static final long DMA2_S0NDTR = DMA2_BASE + 0x14;
    public static final long DMA2_S0PAR = DMA2_BASE + 0x18;
    public static final long DMA2_S0M0AR = DMA2_BASE + 0x1C;
    /** LISR / LIFCR stream-0 flags: transfer complete, transfer error, direct-mode error, FIFO error. */
    public static final Field TCIF0 = Field.bit("TCIF0", 5, Access.READ_ONLY, "Stream 0 transfer complete");
    public static final Field HTIF0 = Field.bit("HTIF0", 4, Access.READ_ONLY, "Stream 0 half transfer");
    public static final Field TEIF0 = Field.bit("TEIF0", 3, Access.READ_ONLY, "Stream 0 transfer error");
    public static final Field DMEIF0 = Field.bit("DMEIF0", 2, Access.READ_ONLY, "Stream 0 direct mode error");
    public static final Field FEIF0 = Field.bit("FEIF0", 0, Access.READ_ONLY, "Stream 0 FIFO error");
    /** All stream-0 flags (LIFCR clears them at the same bit positions). */
    public static final int STREAM0_FLAGS = TCIF0.mask() | HTIF0.mask() | TEIF0.mask() | DMEIF0.mask() | FEIF0.mask();
    public static final Field SxCR_EN = Field.bit("EN", 0, Access.READ_WRITE, "Stream enable");
    public static final Field SxCR_DIR = new Field("DIR", 6, 2, Access.READ_WRITE,
            "Direction: 00 peripheral-to-memory, 01 memory-to-peripheral, 10 memory-to-memory");
    public static final Field SxCR_PINC = Field.bit("PINC", 9, Access.READ_WRITE, "Peripheral (source) increment");
    public static final Field SxCR_MINC = Field.bit("MINC", 10, Access.READ_WRITE, "Memory increment");
    public static final Field SxCR_PSIZE = new Field("PSIZE", 11, 2, Access.READ_WRITE, "Peripheral size: 10 = 32-bit");
    public static final Field SxCR_MSIZE = new Field("MSIZE", 13, 2, Access.READ_WRITE, "Memory size: 10 = 32-bit");
    public static final int DIR_MEMORY_TO_MEMORY = 0b10;
    public static final int SIZE_WORD = 0b10;
    /** NDTR is 16 bits: at most 65535 items per transfer. */
    public static final int MAX_ITEMS = 0xFFFF;

    /** S0CR for a word-wise memory-to-memory copy from PAR (incrementing) to a fixed M0AR (CRC_DR), enabled. */
    public static int flashToCrcControl() {
        return SxCR_DIR.encode(DIR_MEMORY_TO_MEMORY) | SxCR_PINC.mask() | SxCR_PSIZE.encode(SIZE_WORD)
                | SxCR_MSIZE.encode(SIZE_WORD) | SxCR_EN.mask();
    }

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int k = 0; k < 8; k++) {
                c = (c & 0x8000_0000) != 0 ? (c << 1) ^ CRC_POLYNOMIAL : c << 1;
            }
            TABLE[i] = c;
        }
    }

    /** One 32-bit word into the CRC unit's running value (MSB first, as the unit shifts). */
    public static int crcWord(int crc, int word) {
        crc ^= word;
        crc = (crc << 8) ^ TABLE[(crc >>> 24) & 0xFF];
        crc = (crc << 8) ^ TABLE[(crc >>> 24) & 0xFF];
        crc = (crc << 8) ^ TABLE[(crc >>> 24) & 0xFF];
        return (crc << 8) ^ TABLE[(crc >>> 24) & 0xFF];
    }

    /**
     * What CRC_DR reads after a reset and feeding {@code length} bytes (a multiple of 4) of {@code data} from
     * {@code offset} as little-endian words - the host side of the comparison.
     */
    public static int crc(byte[] data, int offset, int length) {
        if ((length & 3) != 0) {
            throw new IllegalArgumentException("the CRC unit is fed whole words: " + length + " bytes");
        }
        int crc = CRC_INITIAL;
        for (int i = offset; i < offset + length; i += 4) {
            int w = (data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF) << 16 | (data[i + 3] & 0xFF) << 24;
            crc = crcWord(crc, w);
        }
        return crc;
    }

    /**
     * The CRC of one range alone - what CRC_DR reads after a reset and that range - from CRC_DR {@code before} and
     * {@code after} feeding the range's {@code length} bytes WITHOUT a reset in between, so that one reset serves
     * several ranges ({@code TargetCrc.crcs}). Feeding words is linear over GF(2) ({@link #crcWord}: a table lookup
     * of crc XOR word): from state S, data D leads to A(S) XOR F(D), where A advances a state over {@code length}
     * zero bytes; the range alone from {@link #CRC_INITIAL} is therefore after XOR A(before XOR CRC_INITIAL).
     */
    public static int crcOfRangeAlone(int before, int after, int length) {
        if ((length & 3) != 0) {
            throw new IllegalArgumentException("the CRC unit is fed whole words: " + length + " bytes");
        }
        int s = before ^ CRC_INITIAL;
        for (int i = 0; i < length; i += 4) {
            s = crcWord(s, 0);
        }
        return after ^ s;
    }
}
