package dev.flashbank.family.stm32f7.flash;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32f7.Stm32F7CrcDma;

/**
 * CRC-32 of flash computed ON the target by the CRC unit fed by DMA2 stream 0 (memory-to-memory, word-wise, see
 * {@link Stm32F7CrcDma}): no target code, a handful of probe commands per range instead of reading every byte over
 * SWD. At 4 MHz SWD a read-back of 1 MiB costs ~3 s of wire time alone (~46 SWD clock cycles per 32-bit AP access,
 * ESTIMATE); the DMA needs ~0.1 s. Used to skip identical sectors, to tell blank sectors, and to verify.
 * <p>
 * Safety: the engine only runs while the core is HALTED (it borrows DMA2 stream 0 and the CRC unit, which running
 * firmware may own) and restores RCC_AHB1ENR afterwards; batches of {@link #RAISE_CLOCK_MIN_BYTES} or more run with
 * HCLK raised from the reset HSI to the PLL ({@link ChecksumClock}, restored exactly in a finally block); DMA2/CRC register contents are left changed (the next reset
 * clears them). Any failure (transfer error, e.g. read protection; no completion within the budget; an unexpected
 * register state) answers "unavailable" and the caller falls back to reading - a checksum is an optimisation,
 * never a requirement. A CRC-32 match is taken as equality (the chance of a false match is 2^-32 per range, the
 * same trade OpenOCD's verify_image makes).
 */
public final class TargetCrc {

    /**
     * Items per DMA transfer: 32768 words = 128 KiB (NDTR allows 65535; a power of two keeps chunks sector-aligned).
     */
    public static final int CHUNK_WORDS = 32 * 1024;
    /**
     * Host-side guess of the DMA time per word for the first wait before polling (375 ns modelled, ESTIMATE); a
     * batch's later transfers wait what the earlier ones took ({@link #learnRate}).
     */
    public static final long FIRST_WAIT_NANOS_PER_WORD = 250;
    /** Budget per word before the engine is declared unavailable (generous: 40x the estimate). */
    public static final long BUDGET_NANOS_PER_WORD = 15_000;
    /** Fixed budget per transfer on top. */
    public static final long BUDGET_FIXED_NANOS = 50_000_000;
    /**
     * Batches of at least this many bytes run with HCLK raised ({@link ChecksumClock}, when the clock set-up allows):
     * raising and restoring costs about a dozen probe commands (about 12 ms on a full-speed probe), which the faster
     * DMA repays above about 170 KiB (375 -> about 90 ns per word, ESTIMATE).
     */
    public static final int RAISE_CLOCK_MIN_BYTES = 256 * 1024;
    /** First wait per word with HCLK raised (ESTIMATE, see {@link #FIRST_WAIT_NANOS_PER_WORD}). */
    public static final long RAISED_FIRST_WAIT_NANOS_PER_WORD = 60;
    /** Lower bound of a learnt wait per word. */
    static final long MIN_NANOS_PER_WORD = 20;

    private final DebugTarget target;
    private final MemoryAccess mem;
    private final PollClock clock;
    private boolean disabled;
    /** Transfers shorter than this (4 KiB) teach {@link #learnRate} nothing. */
    static final int LEARN_MIN_WORDS = 1024;
    /** First wait per word of a transfer: the estimate, then what the last transfer took ({@link #learnRate}). */
    private long nanosPerWord = FIRST_WAIT_NANOS_PER_WORD;
    /** The same while HCLK is raised ({@link ChecksumClock}). */
    private long raisedNanosPerWord = RAISED_FIRST_WAIT_NANOS_PER_WORD;
    /** True while a batch runs with HCLK raised. */
    private boolean raised;
    /** FLASH_ACR (its wait states go up with HCLK). */
    private final Register acr;

    public TargetCrc(DebugTarget target, PollClock clock, Register acr) {
        this.target = target;
        this.mem = target.memory();
        this.clock = clock;
        this.acr = acr;
    }

    private long rate() {
        return raised ? raisedNanosPerWord : nanosPerWord;
    }

    /** False once the engine failed on this target: later calls answer empty at once. */
    public boolean available() {
        return !disabled;
    }

    /**
     * CRC_DR after a CRC reset and feeding [address, address + length) word by word; empty when the engine cannot be
     * used now (core running, engine failed). {@code address} and {@code length} must be word-aligned and the address
     * a bus address the DMA reaches (AXIM window for flash).
     */
    public OptionalInt crc(long address, int length) throws TargetException {
        return crcs(List.of(new AddressRange(address, length))).get(0);
    }

    /**
     * {@link #crc} of each range, in order, with ONE set-up: the clocks enabled and the CRC unit reset once, then per
     * range only the DMA stream re-armed (one multi-word write and EN), its completion polled and CRC_DR read - the
     * unit is not reset between ranges, and each range's own CRC is recovered on the host from CRC_DR before and
     * after it ({@link Stm32F7CrcDma#crcOfRangeAlone}). On a full-speed probe (about 1 ms per command) this takes a
     * plan of twelve sectors from about a dozen commands per sector to four. All empty when the engine cannot be used
     * now; ranges must be word-aligned, non-empty bus addresses the DMA reaches.
     */
    public List<OptionalInt> crcs(List<AddressRange> ranges) throws TargetException {
        List<OptionalInt> none = java.util.Collections.nCopies(ranges.size(), OptionalInt.empty());
        if (disabled || ranges.isEmpty() || !target.core().isHalted()) {
            return none;
        }
        long total = 0;
        for (AddressRange r : ranges) {
            if ((r.start() & 3) != 0 || (r.size() & 3) != 0 || r.size() == 0 || r.size() > Integer.MAX_VALUE) {
                return none;
            }
            total += r.size();
        }
        int ahb1enr = mem.read32(Stm32F7CrcDma.RCC_AHB1ENR);
        int clocks = Stm32F7CrcDma.CRCEN.mask() | Stm32F7CrcDma.DMA2EN.mask();
        if ((ahb1enr & clocks) != clocks) {
            mem.write32(Stm32F7CrcDma.RCC_AHB1ENR, ahb1enr | clocks);
        }
        ChecksumClock faster = null;
        try {
            if (total >= RAISE_CLOCK_MIN_BYTES) {
                faster = ChecksumClock.raise(mem, clock, acr); // the core is halted (checked above)
                raised = faster != null;
            }
            List<OptionalInt> crcs = new ArrayList<>(ranges.size());
            int before = Stm32F7CrcDma.CRC_INITIAL;
            boolean resetCrc = true;
            for (AddressRange r : ranges) {
                int length = (int) r.size();
                for (int off = 0; off < length; off += CHUNK_WORDS * 4) {
                    int words = Math.min(CHUNK_WORDS, (length - off) / 4);
                    if (!transfer(r.start() + off, words, resetCrc)) {
                        disabled = true;
                        return none;
                    }
                    resetCrc = false;
                }
                int after = mem.read32(Stm32F7CrcDma.CRC_DR);
                crcs.add(OptionalInt.of(Stm32F7CrcDma.crcOfRangeAlone(before, after, length)));
                before = after;
            }
            return crcs;
        } finally {
            raised = false;
            try {
                if (faster != null) {
                    faster.restore();
                }
            } finally {
                if ((ahb1enr & clocks) != clocks) {
                    mem.write32(Stm32F7CrcDma.RCC_AHB1ENR, ahb1enr);
                }
            }
        }
    }

    /**
     * One DMA transfer of {@code words} from {@code address} into CRC_DR ({@code resetCrc}: the first of a batch).
     * The stream's registers from DMA2_LIFCR to DMA2_S0M0AR are consecutive words, and a probe's multi-word write
     * reaches them in address order, so ONE write (one USB round trip instead of six: each costs about 1 ms on a
     * full-speed probe, more than a 16 KiB sector's DMA) clears stream 0's flags (LIFCR), clears nothing in HIFCR
     * (write-1-to-clear: 0 leaves streams 4-7 alone), disables the stream (S0CR = 0) and only then sets NDTR, PAR and
     * M0AR, which take a value only while EN = 0 (RM0410, DMA chapter: stream configuration registers).
     */
    private boolean transfer(long address, int words, boolean resetCrc) throws TargetException {
        int[] regs = {Stm32F7CrcDma.STREAM0_FLAGS, 0, 0, words, (int) address, (int) Stm32F7CrcDma.CRC_DR};
        byte[] block = new byte[regs.length * 4];
        java.nio.ByteBuffer.wrap(block).order(java.nio.ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(regs);
        mem.write(Stm32F7CrcDma.DMA2_LIFCR, block, 0, block.length, AccessWidth.WORD);
        if (resetCrc) { // after the stream is stopped: nothing feeds CRC_DR between the reset and EN
            mem.write32(Stm32F7CrcDma.CRC_CR, Stm32F7CrcDma.CRC_CR_RESET.mask());
        }
        mem.write32(Stm32F7CrcDma.DMA2_S0CR, Stm32F7CrcDma.flashToCrcControl());
        long enabled = clock.nanoTime();
        long deadline = enabled + BUDGET_FIXED_NANOS + words * BUDGET_NANOS_PER_WORD;
        clock.pause(words * rate());
        boolean firstPoll = true;
        while (true) {
            long polled = clock.nanoTime();
            int lisr = mem.read32(Stm32F7CrcDma.DMA2_LISR);
            if ((lisr & (Stm32F7CrcDma.TEIF0.mask() | Stm32F7CrcDma.DMEIF0.mask() | Stm32F7CrcDma.FEIF0.mask())) != 0) {
                mem.write32(Stm32F7CrcDma.DMA2_S0CR, 0);
                return false;
            }
            if (Stm32F7CrcDma.TCIF0.isSet(lisr)) {
                if (!firstPoll && words >= LEARN_MIN_WORDS) { // done at the first poll: the wait was long enough
                    learnRate(words, polled - enabled);
                }
                return true;
            }
            if (clock.nanoTime() > deadline) {
                mem.write32(Stm32F7CrcDma.DMA2_S0CR, 0);
                return false;
            }
            firstPoll = false;
            clock.pause(Math.max(1000, words * rate() / 8));
        }
    }

    /**
     * After a transfer that needed more than one poll, the first wait of the next follows what this target took (up
     * to the poll that saw the stream done, so that the next needs one poll): the DMA's speed depends on
     * the part's clock set-up, which the driver does not configure, and every poll that comes too early is a probe
     * round trip (about 1 ms on a full-speed probe; the DMA of a 16 KiB sector takes about as long). Learnt from
     * transfers of at least {@link #LEARN_MIN_WORDS} only (in a shorter one the probe's round trips outweigh the DMA)
     * and kept between half the initial estimate and half the budget.
     */
    private void learnRate(int words, long tookNanos) {
        long perWord = Math.max(MIN_NANOS_PER_WORD, Math.min(BUDGET_NANOS_PER_WORD / 2, tookNanos / Math.max(1, words)));
        if (raised) {
            raisedNanosPerWord = perWord;
        } else {
            nanosPerWord = Math.max(FIRST_WAIT_NANOS_PER_WORD / 2, perWord);
        }
    }
}
