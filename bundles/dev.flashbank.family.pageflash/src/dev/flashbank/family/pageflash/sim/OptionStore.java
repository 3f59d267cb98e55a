package dev.flashbank.family.pageflash.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * The option bytes as the page-flash controller STORES them in its information block: every option register's value
 * with its complement ("The complementary values are automatically computed and written into the complemented option
 * bytes upon setting the OPTSTRT bit", RM0444 §3.4.2). OPTSTRT erases the option page and programs all pairs from the
 * option registers; an option-byte load (OBL: OBL_LAUNCH, power-on, BOR) copies the pairs into the registers that the
 * hardware obeys - a pair whose complement does not match loads its "mismatch value" and raises OPTVERR ("Upon an
 * option byte programming failure ... the mismatch values of the option bytes are loaded after reset", RM0444 §3.4.2
 * caution). What is loaded lives in the controller; this class is the non-volatile half.
 * <p>
 * The state-file image is the pairs in register order: value 0, complement 0, value 1, complement 1 ...
 */
final class OptionStore {

    /** What an option-byte load yields. */
    record Load(Map<String, Integer> values, Set<String> mismatched) {
        boolean optverr() {
            return !mismatched.isEmpty();
        }
    }

    private static final int ERASED = 0xFFFF_FFFF;

    private final List<String> registers;
    private final int[] value;
    private final int[] complement;

    /** A store holding {@code values} (in register order) with matching complements. */
    OptionStore(Map<String, Integer> values) {
        this.registers = List.copyOf(values.keySet());
        this.value = new int[registers.size()];
        this.complement = new int[registers.size()];
        program(values);
    }

    List<String> registers() {
        return registers;
    }

    /** OPTSTRT completed: every register's value and its complement are stored. */
    void program(Map<String, Integer> values) {
        for (int i = 0; i < registers.size(); i++) {
            Integer v = values.get(registers.get(i));
            if (v == null) {
                throw new IllegalArgumentException("no value for option register " + registers.get(i));
            }
            value[i] = v;
            complement[i] = ~v;
        }
    }

    /**
     * OPTSTRT cut short after {@code progress} (0..1) of its time: the option page was erased first, then the pairs
     * were programmed in register order - pairs before the cut are the new ones, the pair at the cut has its value
     * but not its complement, the rest are still erased (all ones, whose complement all ones does not match).
     */
    void interrupt(Map<String, Integer> values, double progress) {
        int n = registers.size();
        // the first fifth of the time is the page erase, the rest programs the pairs one after another
        double programmed = Math.max(0, (progress - 0.2) / 0.8) * n;
        int done = (int) Math.floor(programmed);
        for (int i = 0; i < n; i++) {
            int v = values.get(registers.get(i));
            if (i < done) {
                value[i] = v;
                complement[i] = ~v;
            } else if (i == done && progress > 0.2) {
                value[i] = v;
                complement[i] = ERASED;
            } else {
                value[i] = ERASED;
                complement[i] = ERASED;
            }
        }
    }

    /** The option-byte load: values whose complement matches, else {@code mismatchValue} of that register. */
    Load load(ToIntFunction<String> mismatchValue) {
        Map<String, Integer> m = new LinkedHashMap<>();
        Set<String> bad = new LinkedHashSet<>();
        for (int i = 0; i < registers.size(); i++) {
            String r = registers.get(i);
            if (value[i] == ~complement[i]) {
                m.put(r, value[i]);
            } else {
                bad.add(r);
                m.put(r, mismatchValue.applyAsInt(r));
            }
        }
        return new Load(Collections.unmodifiableMap(m), Collections.unmodifiableSet(bad));
    }

    /** The stored values (bench view; a mismatched pair shows its value half). */
    Map<String, Integer> storedValues() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < registers.size(); i++) {
            m.put(registers.get(i), value[i]);
        }
        return m;
    }

    /** The state-file words: value and complement of every register, in register order. */
    List<Integer> words() {
        List<Integer> w = new ArrayList<>();
        for (int i = 0; i < registers.size(); i++) {
            w.add(value[i]);
            w.add(complement[i]);
        }
        return w;
    }

    /** Restores the pairs from state-file words (their count checked by the caller). */
    void restore(List<Integer> words) {
        if (words.size() != 2 * registers.size()) {
            throw new IllegalArgumentException(String.format("option words: %d expected (value and complement of %s),"
                    + " the state has %d", 2 * registers.size(), registers, words.size()));
        }
        for (int i = 0; i < registers.size(); i++) {
            value[i] = words.get(2 * i);
            complement[i] = words.get(2 * i + 1);
        }
    }
}
