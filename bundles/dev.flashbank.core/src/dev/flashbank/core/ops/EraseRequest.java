package dev.flashbank.core.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Sector;

/**
 * What to erase. Banks are PHYSICAL (the bank's own cells, wherever the bank swap maps them now); sectors are named
 * by the numbers the part's reference manual gives them ({@link dev.flashbank.core.device.Sector#number()}),
 * resolved against the part's geometry by {@link EraseOperation}.
 */
public sealed interface EraseRequest {

    /**
     * The sectors visible at {@code range} (in any window of the flash, through the bank mapping now in effect).
     * Erase works on whole sectors: a range that does not start and end on sector boundaries is refused unless
     * {@code widen}.
     */
    record Range(AddressRange range, boolean widen) implements EraseRequest {
    }

    /**
     * One sector as the reference manual numbers it, with the physical bank when the user gave it ({@code 2:5}). A
     * layout that numbers its sectors across both banks (0-11 bank 1, 12-23 bank 2) needs no bank; one that numbers
     * them per bank (0-7 in each) does, and the bare number is refused there as ambiguous.
     *
     * @param bank the physical bank, or empty when not given
     * @param number the sector number within the part's numbering
     */
    record SectorNumber(OptionalInt bank, int number) {
        public SectorNumber {
            if (number < 0 || (bank.isPresent() && bank.getAsInt() < 1)) {
                throw new IllegalArgumentException("bad sector " + bank + ":" + number);
            }
        }

        /** As the user writes it: "5" or "2:5". */
        @Override
        public String toString() {
            return (bank.isPresent() ? bank.getAsInt() + ":" : "") + number;
        }
    }

    /** Sectors by their reference-manual numbers, in the order given (see {@link SectorNumber}). */
    record Sectors(List<SectorNumber> sectors) implements EraseRequest {
        public Sectors {
            sectors = List.copyOf(sectors);
        }

        /** What {@link #parse} accepts, for usage messages and help. */
        public static final String SYNTAX = "N, N-M, BANK:N or BANK:N-M (e.g. 5, 12-15, 2:0-3)";

        /** One item of a sector list: [BANK:]N[-M], decimal as the reference manual writes sector numbers. */
        private static final Pattern ITEM = Pattern.compile(
                "(?:(\\d{1,3})\\s*:\\s*)?(\\d{1,3})(?:\\s*-\\s*(\\d{1,3}))?");

        /**
         * Parses sector lists as the user types them ({@code --sectors 2,5}, {@code --sectors 12-15},
         * {@code --sectors 2:0-3,2:6}): each item is {@code N}, a run {@code N-M} (M &ge; N), optionally qualified
         * by the physical bank, {@code BANK:N} / {@code BANK:N-M}. Whether a number exists is the geometry's business
         * ({@link EraseOperation#scope()}); this only checks the syntax.
         *
         * @throws IllegalArgumentException naming the item and the syntax
         */
        public static Sectors parse(List<String> items) {
            List<SectorNumber> out = new ArrayList<>();
            for (String raw : items) {
                String item = raw.strip();
                Matcher m = ITEM.matcher(item);
                if (!m.matches()) {
                    throw new IllegalArgumentException("'" + raw + "' is not a sector: write " + SYNTAX);
                }
                OptionalInt bank = m.group(1) == null ? OptionalInt.empty()
                        : OptionalInt.of(Integer.parseInt(m.group(1)));
                if (bank.isPresent() && bank.getAsInt() < 1) {
                    throw new IllegalArgumentException("'" + raw + "': banks are numbered from 1");
                }
                int first = Integer.parseInt(m.group(2));
                int last = m.group(3) == null ? first : Integer.parseInt(m.group(3));
                if (last < first) {
                    throw new IllegalArgumentException("'" + raw + "': a run of sectors goes up (" + last + " < "
                            + first + ")");
                }
                for (int n = first; n <= last; n++) {
                    out.add(new SectorNumber(bank, n));
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no sector given: write " + SYNTAX);
            }
            return new Sectors(out);
        }

    }

    /** A whole PHYSICAL bank (1 or 2), wherever the bank swap maps it now. */
    record Bank(int physicalBank) implements EraseRequest {
    }

    /** The whole flash (one mass erase; both banks in dual-bank mode). */
    record Mass() implements EraseRequest {
    }

    static EraseRequest range(AddressRange range, boolean widen) {
        return new Range(range, widen);
    }

    /** Sectors by number alone (unambiguous where the part numbers its sectors across both banks). */
    static EraseRequest sectors(List<Integer> numbers) {
        return new Sectors(numbers.stream().map(n -> new SectorNumber(OptionalInt.empty(), n)).toList());
    }

    /**
     * Sectors of the geometry, each qualified by its physical bank (what a tool that shows the sectors, e.g. the IDE's
     * bank strip, erases: a bare number is ambiguous where the part numbers its sectors per bank).
     */
    static EraseRequest sectorsOf(List<Sector> sectors) {
        return new Sectors(sectors.stream().map(s -> new SectorNumber(OptionalInt.of(s.bank()), s.number())).toList());
    }

    static EraseRequest bank(int physicalBank) {
        return new Bank(physicalBank);
    }

    static EraseRequest mass() {
        return new Mass();
    }
}
