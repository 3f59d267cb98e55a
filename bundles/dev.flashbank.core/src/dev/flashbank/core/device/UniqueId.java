package dev.flashbank.core.device;

/** The 96-bit STM32 unique device ID as three little-endian words (UID[31:0], UID[63:32], UID[95:64]). */
public record UniqueId(int word0, int word1, int word2) {

    /** Hex text as ST tools print it: most significant word first. */
    public String hex() {
        return String.format("%08X%08X%08X", word2, word1, word0);
    }

    @Override
    public String toString() {
        return hex();
    }
}
