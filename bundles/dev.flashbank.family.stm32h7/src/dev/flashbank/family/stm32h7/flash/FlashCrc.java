package dev.flashbank.family.stm32h7.flash;

/**
 * The host-side twin of the STM32H7 flash CRC engine (RM0433 §4.3.12 "Flash CRC calculation unit"): a CRC-32 with
 * polynomial 0x04C1_1DB7 (the Ethernet polynomial HAL_FLASHEx_ComputeCRC names) fed with the flash content as 32-bit
 * little-endian words, shifted MSB first as the STM32 CRC units do. The initial value and whether the engine
 * reflects its input are NOT documented in what we read: they are the parameters of this record, and the driver
 * only ever trusts a MATCH (a wrong guess cannot make different data match, it can only make equal data differ, and
 * then the driver reads back instead).
 *
 * @param polynomial generator polynomial, normal (MSB-first) form
 * @param initial value of CRCDATA after CLEAN_CRC
 * @param reflectInput bits of every input byte reversed before shifting (CRC-32/Ethernet style)
 */
public record FlashCrc(int polynomial, int initial, boolean reflectInput) {

    /** The polynomial HAL_FLASHEx_ComputeCRC documents. */
    public static final int ETHERNET_POLYNOMIAL = 0x04C1_1DB7;

    /**
     * The assumed engine: Ethernet polynomial, initial value 0xFFFF_FFFF, no reflection, no final XOR — the reset
     * configuration of the STM32 CRC peripheral, which the flash engine is assumed to share (UNCONFIRMED).
     */
    public static final FlashCrc ASSUMED = new FlashCrc(ETHERNET_POLYNOMIAL, 0xFFFF_FFFF, false);

    /** CRCDATA after feeding {@code length} bytes (a multiple of 4) of {@code data} from {@code offset}. */
    public int crc(byte[] data, int offset, int length) {
        if ((length & 3) != 0) {
            throw new IllegalArgumentException("the CRC engine reads whole 32-bit words: " + length + " bytes");
        }
        int crc = initial;
        for (int i = offset; i < offset + length; i += 4) {
            int w = (data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF) << 16
                    | (data[i + 3] & 0xFF) << 24;
            crc = word(crc, reflectInput ? Integer.reverse(Integer.reverseBytes(w)) : w);
        }
        return crc;
    }

    /** One 32-bit word into the running value, MSB first. */
    public int word(int crc, int word) {
        crc ^= word;
        for (int bit = 0; bit < 32; bit++) {
            crc = (crc & 0x8000_0000) != 0 ? (crc << 1) ^ polynomial : crc << 1;
        }
        return crc;
    }

    @Override
    public String toString() {
        return String.format("CRC-32 poly 0x%08X init 0x%08X%s", polynomial, initial,
                reflectInput ? " reflected input" : "");
    }
}
