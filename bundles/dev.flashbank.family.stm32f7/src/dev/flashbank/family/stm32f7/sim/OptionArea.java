package dev.flashbank.family.stm32f7.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;

/**
 * The persistent option-byte area: the raw 32-bit words the option loader reads at reset and the read-only image at
 * 0x1FFF_0000 shows (STM32CubeProgrammer's device database and a factory F767 dump: value in the low half-word, one's
 * complement in the high half-word, words 8 bytes apart; on F72x two more words hold OPTCR2 at the model's UNCONFIRMED
 * image addresses).
 * <p>
 * Loading ignores the complement halves: an ERASED area (all words 0xFFFF_FFFF) therefore loads as "every option
 * bit 1": RDP 0xFF = level 1, no write protection, single bank, BOOT_ADDx 0xFFFF, and on F72x every sector
 * PCROP-protected. What real silicon does on a complement mismatch (option error flag, forced level 1) is not
 * documented; the result for RDP is the same level 1.
 * <p>
 * An interrupted OPTSTRT ({@link #interrupt}) leaves RDP level 1 and BOOT_ADD0 = BOOT_ADD1 = 0xFFFF, as ST confirms
 * for F7 (RM0410 option bytes programming: the option sector is erased first, then programmed); what the OTHER
 * fields read is the UNCONFIRMED {@link Stm32F7SimParameters#interruptedOptionWriteErasesWholeArea()}.
 */
final class OptionArea {

    static final int ERASED_WORD = 0xFFFF_FFFF;

    private final Stm32F7Line line;
    private final Stm32F7Parameters parameters;
    private final int[] words;
    /** Incremented on every change, so users of decoded options can cache them. */
    private long version;

    OptionArea(Stm32F7Line line, Stm32F7Parameters parameters, OptionBytes initial) {
        this.line = line;
        this.parameters = parameters;
        this.words = new int[line.hasPcrop() ? 6 : 4];
        store(initial);
    }

    /** Programs the area with {@code ob} (the last step of OPTSTRT). */
    void store(OptionBytes ob) {
        int[] w = ob.imageWords();
        version++;
        System.arraycopy(w, 0, words, 0, 4);
        if (line.hasPcrop()) {
            int[] w2 = ob.optcr2ImageWords();
            words[4] = w2[0];
            words[5] = w2[1];
        }
    }

    /**
     * What a power loss inside OPTSTRT leaves: RDP 0xFF (level 1) and BOOT_ADDx = 0xFFFF always; the whole area erased
     * when {@code wholeArea} ({@link Stm32F7SimParameters#interruptedOptionWriteErasesWholeArea()}), else the other fields
     * as stored before.
     */
    void interrupt(boolean wholeArea) {
        if (wholeArea) {
            erase();
            return;
        }
        store(load().withRdp(0xFF).withBootAdd0(0xFFFF).withBootAdd1(0xFFFF));
    }

    /** Leaves the area erased. */
    void erase() {
        version++;
        Arrays.fill(words, ERASED_WORD);
    }

    boolean isErased() {
        return Arrays.stream(words).allMatch(w -> w == ERASED_WORD);
    }

    /** Restores raw words (board state file). */
    void setWords(List<Integer> raw) {
        if (raw.size() != words.length) {
            throw new IllegalArgumentException(
                    "option area of " + line.displayName() + " has " + words.length + " words, got " + raw.size());
        }
        version++;
        for (int i = 0; i < words.length; i++) {
            words[i] = raw.get(i);
        }
    }

    List<Integer> words() {
        List<Integer> l = new ArrayList<>();
        for (int w : words) {
            l.add(w);
        }
        return List.copyOf(l);
    }

    long version() {
        return version;
    }

    int wordCount() {
        return words.length;
    }

    /** The options the loader reads from the low half-words. */
    OptionBytes load() {
        int optcr = low(words[0]) | low(words[1]) << 16;
        int optcr1 = low(words[2]) | low(words[3]) << 16;
        int optcr2 = line.hasPcrop() ? low(words[4]) | low(words[5]) << 16 : 0;
        return OptionBytes.of(line, optcr, optcr1, optcr2);
    }

    private static int low(int w) {
        return w & 0xFFFF;
    }

    /** The image word at {@code wordAddress} (4-aligned) if the image holds one there. */
    java.util.OptionalInt imageWord(long wordAddress) {
        for (int i = 0; i < 4; i++) {
            if (OptionBytes.imageWordAddress(i) == wordAddress) {
                return java.util.OptionalInt.of(words[i]);
            }
        }
        if (line.hasPcrop()) {
            if (wordAddress == parameters.f72xOptcr2ImageLow()) {
                return java.util.OptionalInt.of(words[4]);
            }
            if (wordAddress == parameters.f72xOptcr2ImageHigh()) {
                return java.util.OptionalInt.of(words[5]);
            }
        }
        return java.util.OptionalInt.empty();
    }
}
