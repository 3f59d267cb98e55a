package dev.flashbank.family.stm32f7.sim;

import java.util.function.IntSupplier;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

import dev.flashbank.family.stm32f7.Stm32F7CrcDma;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.VirtualClock;

/**
 * The CRC unit and DMA2 stream 0 of the simulated STM32F7 ({@link Stm32F7CrcDma} holds the register facts), enough
 * for the flash checksum engine: CRC_DR/CR/INIT/POL and a memory-to-memory word transfer on stream 0 into CRC_DR.
 * <p>
 * Model: the transfer's data moves when EN is written (through the board's bus, so RDP and the SWP_FB remap apply
 * and a faulting read ends it with TEIF0), but it completes in virtual time: EN stays set, NDTR counts down and TCIF0
 * appears only when the board's clock reaches start + items x {@link #CYCLES_PER_WORD} (+ the flash wait states)
 * HCLK cycles at the HCLK the transfer started with. Only DIR = memory-to-memory with
 * word sizes into CRC_DR is modelled; other stream 0 set-ups end at once with TEIF0. Clock gating (RCC_AHB1ENR) is
 * not modelled: the unit answers whether or not the host enabled it (a simplification; the host enables it anyway).
 */
final class CrcDmaUnit {

    /**
     * DMA2 memory-to-memory cost per 32-bit item at zero flash wait states: ~6 AHB cycles (flash read + CRC_DR write
     * through the bus matrix); at the 16 MHz HSI clock a halted, unconfigured F7 runs on that is the 375 ns per word
     * this model was calibrated with. ESTIMATE (RM0410 gives no per-item figure).
     */
    static final int CYCLES_PER_WORD = 6;
    /**
     * HCLK cycles each FLASH_ACR.LATENCY wait state adds to an item (its flash read waits that long). ESTIMATE.
     */
    static final int CYCLES_PER_WAIT_STATE = 1;

    private final LongFunction<BusResult> readWord;
    private final VirtualClock clock;
    /** HCLK now (the board's RCC model). */
    private final LongSupplier hclkHz;
    /** FLASH_ACR.LATENCY now: the wait states of the DMA's flash reads. */
    private final IntSupplier waitStates;
    private long durationNanos;

    private int crc = Stm32F7CrcDma.CRC_INITIAL;
    private int idr;
    private int init = Stm32F7CrcDma.CRC_INITIAL;
    private int s0cr;
    private int s0ndtr;
    private int s0par;
    private int s0m0ar;
    private int lisr;
    private long startNanos;
    private int items;

    CrcDmaUnit(LongFunction<BusResult> readWord, VirtualClock clock, LongSupplier hclkHz, IntSupplier waitStates) {
        this.readWord = readWord;
        this.clock = clock;
        this.hclkHz = hclkHz;
        this.waitStates = waitStates;
    }

    static boolean handles(long a) {
        return (a >= Stm32F7CrcDma.CRC_BASE && a < Stm32F7CrcDma.CRC_BASE + 0x400)
                || (a >= Stm32F7CrcDma.DMA2_BASE && a <= Stm32F7CrcDma.DMA2_S0M0AR);
    }

    void reset() {
        crc = Stm32F7CrcDma.CRC_INITIAL;
        init = Stm32F7CrcDma.CRC_INITIAL;
        idr = 0;
        s0cr = s0ndtr = s0par = s0m0ar = lisr = 0;
        items = 0;
    }

    /** Word read of a register (aligned address). */
    int read(long a) {
        settle();
        if (a == Stm32F7CrcDma.CRC_DR) {
            return crc;
        }
        if (a == Stm32F7CrcDma.CRC_BASE + 0x04) {
            return idr;
        }
        if (a == Stm32F7CrcDma.CRC_INIT) {
            return init;
        }
        if (a == Stm32F7CrcDma.CRC_POL) {
            return Stm32F7CrcDma.CRC_POLYNOMIAL;
        }
        if (a == Stm32F7CrcDma.DMA2_LISR) {
            return lisr;
        }
        if (a == Stm32F7CrcDma.DMA2_S0CR) {
            return s0cr;
        }
        if (a == Stm32F7CrcDma.DMA2_S0NDTR) {
            return s0ndtr;
        }
        if (a == Stm32F7CrcDma.DMA2_S0PAR) {
            return s0par;
        }
        if (a == Stm32F7CrcDma.DMA2_S0M0AR) {
            return s0m0ar;
        }
        return 0;
    }

    /** Word write (lanes already merged by the caller for narrow writes). */
    void write(long a, int v) {
        settle();
        if (a == Stm32F7CrcDma.CRC_DR) {
            crc = Stm32F7CrcDma.crcWord(crc, v);
        } else if (a == Stm32F7CrcDma.CRC_BASE + 0x04) {
            idr = v & 0xFF;
        } else if (a == Stm32F7CrcDma.CRC_CR) {
            if (Stm32F7CrcDma.CRC_CR_RESET.isSet(v)) {
                crc = init;
            }
        } else if (a == Stm32F7CrcDma.CRC_INIT) {
            init = v;
        } else if (a == Stm32F7CrcDma.DMA2_LIFCR) {
            lisr &= ~(v & Stm32F7CrcDma.STREAM0_FLAGS);
        } else if (a == Stm32F7CrcDma.DMA2_S0CR) {
            boolean enable = Stm32F7CrcDma.SxCR_EN.isSet(v) && !Stm32F7CrcDma.SxCR_EN.isSet(s0cr);
            s0cr = v;
            if (enable) {
                start();
            }
        } else if (!Stm32F7CrcDma.SxCR_EN.isSet(s0cr)) { // stream registers are writable only while disabled
            if (a == Stm32F7CrcDma.DMA2_S0NDTR) {
                s0ndtr = v & Stm32F7CrcDma.MAX_ITEMS;
            } else if (a == Stm32F7CrcDma.DMA2_S0PAR) {
                s0par = v;
            } else if (a == Stm32F7CrcDma.DMA2_S0M0AR) {
                s0m0ar = v;
            }
        }
    }

    private void start() {
        boolean m2mWords = Stm32F7CrcDma.SxCR_DIR.extract(s0cr) == Stm32F7CrcDma.DIR_MEMORY_TO_MEMORY
                && Stm32F7CrcDma.SxCR_PSIZE.extract(s0cr) == Stm32F7CrcDma.SIZE_WORD
                && Stm32F7CrcDma.SxCR_MSIZE.extract(s0cr) == Stm32F7CrcDma.SIZE_WORD
                && (s0m0ar & 0xFFFF_FFFFL) == Stm32F7CrcDma.CRC_DR && !Stm32F7CrcDma.SxCR_MINC.isSet(s0cr);
        if (!m2mWords) {
            finish(Stm32F7CrcDma.TEIF0.mask());
            return;
        }
        long src = s0par & 0xFFFF_FFFFL;
        boolean inc = Stm32F7CrcDma.SxCR_PINC.isSet(s0cr);
        int n = s0ndtr;
        if (n == 0) {
            finish(Stm32F7CrcDma.TCIF0.mask());
            return;
        }
        for (int i = 0; i < n; i++) {
            BusResult r = readWord.apply(src + (inc ? 4L * i : 0));
            if (!(r instanceof BusResult.Ok ok)) {
                s0ndtr = n - i;
                finish(Stm32F7CrcDma.TEIF0.mask());
                return;
            }
            crc = Stm32F7CrcDma.crcWord(crc, (int) ok.value());
        }
        items = n;
        startNanos = clock.nanos();
        long cycles = (long) n * (CYCLES_PER_WORD + (long) CYCLES_PER_WAIT_STATE * waitStates.getAsInt());
        durationNanos = Math.max(1, cycles * 1_000_000_000L / Math.max(1, hclkHz.getAsLong()));
    }

    /** Completes a running transfer once the virtual clock has passed its duration. */
    private void settle() {
        if (!Stm32F7CrcDma.SxCR_EN.isSet(s0cr) || items == 0) {
            return;
        }
        long elapsed = clock.nanos() - startNanos;
        if (elapsed >= durationNanos) {
            s0ndtr = 0;
            items = 0;
            finish(Stm32F7CrcDma.TCIF0.mask() | Stm32F7CrcDma.HTIF0.mask());
        } else {
            s0ndtr = (int) (items - (long) items * elapsed / durationNanos);
        }
    }

    private void finish(int flags) {
        lisr |= flags;
        s0cr &= ~Stm32F7CrcDma.SxCR_EN.mask();
    }
}
