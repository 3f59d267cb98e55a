package dev.flashbank.family.stm32h7.tests.flash;

import static dev.flashbank.family.stm32h7.Stm32H7Registers.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.flashbank.core.device.Register;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.CoreControl;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32h7.Stm32H7Descriptor;
import dev.flashbank.family.stm32h7.Stm32H7Line;
import dev.flashbank.family.stm32h7.Stm32H7Registers;
import dev.flashbank.family.stm32h7.flash.FlashCrc;

/**
 * A scripted stand-in for an STM32H743 (2 x 1 MiB) FLASH interface, for SEQUENCING unit tests of the driver only:
 * it records every register write and answers with the register behaviour the sequences depend on (key state
 * machines, per-bank CR/SR/CCR with the register set acting on the bank mapped in its window, a 32-byte write buffer,
 * WPSN refusal, option _PRG -> _CUR at OPTSTART, SWAP_BANK latched at reset, the CRC engine over an address range).
 * Operations complete instantly (QW never seen set). The acceptance tests run against the simulated H743.
 */
final class ScriptedH7 implements DebugTarget, MemoryAccess, CoreControl {

    static final long W1 = 0x0800_0000L;
    static final long W2 = 0x0810_0000L;
    static final int BANK = 1024 * 1024;
    static final int WORD = 32;

    final Stm32H7Descriptor descriptor = Stm32H7Descriptor.of(Stm32H7Line.H74X_H75X);
    final Stm32H7Registers regs = descriptor.registers();
    /** Physical banks 1 and 2. */
    final byte[][] cells = { new byte[BANK], new byte[BANK] };
    /** Flash words whose ECC is broken (programmed twice): physical bank -> word index. */
    final Map<Integer, java.util.Set<Integer>> brokenWords = new HashMap<>();
    final Map<Long, Integer> values = new HashMap<>();
    /** Every register write, as "NAME=0xVALUE". */
    final List<String> log = new ArrayList<>();
    boolean swapBank;
    boolean optChangeErrorNextStart;
    /** The next erase START answers WRPERR whatever WPSN says. */
    boolean wrperrOnNextStart;
    final boolean[] lockedUntilReset = new boolean[3];
    final int[] keyStep = new int[3];
    boolean optLockedUntilReset;
    int optKeyStep;
    final byte[][] buffer = { null, new byte[WORD], new byte[WORD] };
    final long[] bufferWord = { -1, -1, -1 };
    final int[] bufferFill = new int[3];

    ScriptedH7() {
        for (byte[] b : cells) {
            Arrays.fill(b, (byte) 0xFF);
        }
        for (Register r : regs.flash().registers()) {
            values.put(r.address(), r.resetValue());
        }
        reset(ResetKind.SYSTEM);
    }

    PollClock clock() {
        return new PollClock() {
            long now;

            @Override
            public long nanoTime() {
                return now;
            }

            @Override
            public void pause(long nanos) {
                now += nanos;
            }
        };
    }

    // ------------------------------------------------------------------ helpers for tests

    int reg(Register r) {
        return values.get(r.address());
    }

    void set(Register r, int v) {
        values.put(r.address(), v);
    }

    /** Protects sector {@code sector} of PHYSICAL bank {@code bank} (WPSN_CUR/PRG of that bank: physical rule). */
    void protect(int bank, int sector) {
        for (Register r : List.of(regs.wpsnCur(bank), regs.wpsnPrg(bank))) {
            set(r, reg(r) & ~(1 << sector));
        }
    }

    int physicalInWindow(int window) {
        return swapBank ? 3 - window : window;
    }

    List<String> writesTo(String registerName) {
        return log.stream().filter(s -> s.startsWith(registerName + "=")).toList();
    }

    // ------------------------------------------------------------------ DebugTarget

    @Override
    public MemoryAccess memory() {
        return this;
    }

    @Override
    public CoreControl core() {
        return this;
    }

    @Override
    public int targetVoltageMillivolts() {
        return 3300;
    }

    @Override
    public String describe() {
        return "scripted H743 FLASH registers";
    }

    @Override
    public void close() {
    }

    // ------------------------------------------------------------------ CoreControl

    @Override
    public void halt() {
    }

    @Override
    public void run() {
    }

    @Override
    public boolean isHalted() {
        return true;
    }

    @Override
    public void reset(ResetKind kind) {
        Register optcr = regs.optcr();
        swapBank = regs.optsrCur().field(SWAP_BANK_OPT).isSet(reg(regs.optsrCur()));
        set(optcr, optcr.field(OPTLOCK).mask() | (swapBank ? optcr.field(SWAP_BANK).mask() : 0));
        for (int n = 1; n <= 2; n++) {
            set(regs.cr(n), regs.cr(n).resetValue());
            set(regs.sr(n), 0);
            lockedUntilReset[n] = false;
            keyStep[n] = 0;
        }
        optLockedUntilReset = false;
        optKeyStep = 0;
    }

    @Override
    public void resetAndHalt(ResetKind kind) {
        reset(kind);
    }

    @Override
    public int readCoreRegister(int regsel) {
        return 0;
    }

    @Override
    public void writeCoreRegister(int regsel, int value) {
    }

    // ------------------------------------------------------------------ MemoryAccess

    @Override
    public void read(long address, byte[] buffer, int offset, int length, AccessWidth width) throws TargetException {
        for (int i = 0; i < length; i += 4) {
            long a = address + i;
            int w;
            if (window(a) != 0) {
                int win = window(a);
                int bank = physicalInWindow(win);
                long off = a - (win == 1 ? W1 : W2);
                if (brokenWords.getOrDefault(bank, java.util.Set.of()).contains((int) (off / WORD))) {
                    Register sr = regs.sr(win);
                    set(sr, reg(sr) | sr.field(DBECCERR).mask());
                    set(regs.eccFa(win), (int) (off / WORD));
                    throw new BusFaultException(a, "ECC double error");
                }
                byte[] c = cells[bank - 1];
                w = (c[(int) off] & 0xFF) | (c[(int) off + 1] & 0xFF) << 8 | (c[(int) off + 2] & 0xFF) << 16
                        | (c[(int) off + 3] & 0xFF) << 24;
            } else {
                w = values.getOrDefault(a, 0);
            }
            for (int k = 0; k < 4 && i + k < length; k++) {
                buffer[offset + i + k] = (byte) (w >>> (8 * k));
            }
        }
    }

    @Override
    public void write(long address, byte[] data, int offset, int length, AccessWidth width) throws TargetException {
        for (int i = 0; i < length; i += 4) {
            int v = (data[offset + i] & 0xFF) | (data[offset + i + 1] & 0xFF) << 8 | (data[offset + i + 2] & 0xFF) << 16
                    | (data[offset + i + 3] & 0xFF) << 24;
            long a = address + i;
            if (window(a) != 0) {
                flashWrite(a, v);
            } else {
                registerWrite(a, v);
            }
        }
    }

    private static int window(long a) {
        return a >= W1 && a < W1 + BANK ? 1 : a >= W2 && a < W2 + BANK ? 2 : 0;
    }

    private void flashWrite(long a, int v) {
        int win = window(a);
        Register cr = regs.cr(win);
        Register sr = regs.sr(win);
        if (!cr.field(PG).isSet(reg(cr))) {
            set(sr, reg(sr) | sr.field(PGSERR).mask());
            return;
        }
        long word = a & ~(WORD - 1L);
        if (bufferWord[win] != word) {
            bufferWord[win] = word;
            bufferFill[win] = 0;
            Arrays.fill(buffer[win], (byte) 0xFF);
        }
        for (int k = 0; k < 4; k++) {
            buffer[win][(int) (a - word) + k] = (byte) (v >>> (8 * k));
        }
        bufferFill[win] += 4;
        if (bufferFill[win] < WORD) {
            return;
        }
        int bank = physicalInWindow(win);
        long off = word - (win == 1 ? W1 : W2);
        if (!wpsnAllows(bank, (int) (off / (128 * 1024)))) {
            set(sr, reg(sr) | sr.field(WRPERR).mask());
        } else {
            byte[] c = cells[bank - 1];
            boolean erased = true;
            for (int k = 0; k < WORD; k++) {
                erased &= c[(int) off + k] == (byte) 0xFF;
            }
            if (!erased) {
                brokenWords.computeIfAbsent(bank, b -> new java.util.HashSet<>()).add((int) (off / WORD));
            }
            System.arraycopy(buffer[win], 0, c, (int) off, WORD);
            set(sr, reg(sr) | sr.field(EOP).mask());
        }
        bufferWord[win] = -1;
    }

    private boolean wpsnAllows(int physicalBank, int sector) {
        return (reg(regs.wpsnCur(physicalBank)) & (1 << sector)) != 0;
    }

    private void registerWrite(long a, int v) throws BusFaultException {
        Register r = regs.flash().registerAt(a).orElse(null);
        if (r == null) {
            values.put(a, v);
            return;
        }
        log.add(String.format("%s=0x%08X", r.name(), v));
        for (int n = 1; n <= 2; n++) {
            if (r.equals(regs.keyr(n))) {
                key(n, v);
                return;
            }
            if (r.equals(regs.cr(n))) {
                controlWrite(n, v);
                return;
            }
            if (r.equals(regs.ccr(n))) {
                set(regs.sr(n), reg(regs.sr(n)) & ~v);
                return;
            }
            if (r.equals(regs.crccr(n))) {
                crc(n, v);
                return;
            }
        }
        if (r.equals(regs.optkeyr())) {
            optionKey(v);
        } else if (r.equals(regs.optcr())) {
            optionControl(v);
        } else if (r.equals(regs.optccr())) {
            set(regs.optsrCur(), reg(regs.optsrCur()) & ~v);
        } else if (r.access() != dev.flashbank.core.device.Access.READ_ONLY) {
            if (regs.optcr().field(OPTLOCK).isSet(reg(regs.optcr())) && r.name().contains("PRG")) {
                return; // _PRG registers are writable only with OPTLOCK = 0
            }
            values.put(a, v);
        }
    }

    private void key(int n, int v) throws BusFaultException {
        Register cr = regs.cr(n);
        boolean locked = cr.field(LOCK).isSet(reg(cr));
        int expected = keyStep[n] == 0 ? KEYR_KEYS.key1() : KEYR_KEYS.key2();
        if (!locked || lockedUntilReset[n] || v != expected) {
            lockedUntilReset[n] = true;
            set(cr, reg(cr) | cr.field(LOCK).mask());
            throw new BusFaultException(regs.keyr(n).address(), "wrong key sequence");
        }
        if (++keyStep[n] == 2) {
            keyStep[n] = 0;
            set(cr, reg(cr) & ~cr.field(LOCK).mask());
        }
    }

    private void optionKey(int v) throws BusFaultException {
        Register optcr = regs.optcr();
        boolean locked = optcr.field(OPTLOCK).isSet(reg(optcr));
        int expected = optKeyStep == 0 ? OPTKEYR_KEYS.key1() : OPTKEYR_KEYS.key2();
        if (!locked || optLockedUntilReset || v != expected) {
            optLockedUntilReset = true;
            throw new BusFaultException(regs.optkeyr().address(), "wrong option key sequence");
        }
        if (++optKeyStep == 2) {
            optKeyStep = 0;
            set(optcr, reg(optcr) & ~optcr.field(OPTLOCK).mask());
        }
    }

    private void controlWrite(int n, int v) {
        Register cr = regs.cr(n);
        Register sr = regs.sr(n);
        boolean locked = cr.field(LOCK).isSet(reg(cr));
        if (locked) {
            set(cr, reg(cr) | (v & cr.field(LOCK).mask()));
            return;
        }
        int kept = v & ~cr.field(START).mask();
        set(cr, kept);
        if (!cr.field(PG).isSet(v)) {
            bufferWord[n] = -1; // clearing PG discards a partial word
        }
        if (!cr.field(START).isSet(v)) {
            return;
        }
        int bank = physicalInWindow(n);
        if (wrperrOnNextStart) {
            wrperrOnNextStart = false;
            set(sr, reg(sr) | sr.field(WRPERR).mask());
            return;
        }
        if (cr.field(BER).isSet(v)) {
            if ((reg(regs.wpsnCur(bank)) & 0xFF) != 0xFF) {
                set(sr, reg(sr) | sr.field(WRPERR).mask());
                return;
            }
            Arrays.fill(cells[bank - 1], (byte) 0xFF);
            brokenWords.remove(bank);
        } else if (cr.field(SER).isSet(v)) {
            int s = cr.field(SNB).extract(v);
            if (!wpsnAllows(bank, s)) {
                set(sr, reg(sr) | sr.field(WRPERR).mask());
                return;
            }
            Arrays.fill(cells[bank - 1], s * 128 * 1024, (s + 1) * 128 * 1024, (byte) 0xFF);
            brokenWords.getOrDefault(bank, new java.util.HashSet<>())
                    .removeIf(w -> w * WORD / (128 * 1024) == s);
        }
        set(sr, reg(sr) | sr.field(EOP).mask());
    }

    private void optionControl(int v) {
        Register optcr = regs.optcr();
        int now = reg(optcr);
        if (optcr.field(OPTLOCK).isSet(now)) {
            set(optcr, now | (v & optcr.field(OPTLOCK).mask()));
            return;
        }
        int keep = now & optcr.field(SWAP_BANK).mask();
        set(optcr, (v & ~optcr.field(OPTSTART).mask() & ~optcr.field(SWAP_BANK).mask()) | keep);
        if (!optcr.field(OPTSTART).isSet(v)) {
            return;
        }
        Register optsrCur = regs.optsrCur();
        if (optChangeErrorNextStart) {
            optChangeErrorNextStart = false;
            set(optsrCur, reg(optsrCur) | optsrCur.field(OPTCHANGEERR).mask());
            return;
        }
        int status = optsrCur.field(OPT_BUSY).mask() | optsrCur.field(OPTCHANGEERR).mask();
        set(optsrCur, (reg(optsrCur) & status) | (reg(regs.optsrPrg()) & ~status));
        for (int n = 1; n <= 2; n++) {
            set(regs.wpsnCur(n), reg(regs.wpsnPrg(n)));
            set(regs.prarCur(n), reg(regs.prarPrg(n)));
            set(regs.scarCur(n), reg(regs.scarPrg(n)));
        }
        set(regs.bootCur(), reg(regs.bootPrg()));
    }

    private void crc(int n, int v) {
        Register crccr = regs.crccr(n);
        set(crccr, v & ~crccr.field(START_CRC).mask());
        if (!crccr.field(START_CRC).isSet(v)) {
            return;
        }
        int start = regs.crcsadd(n).field(CRC_START_ADDR).extract(reg(regs.crcsadd(n))) << 2;
        int end = (regs.crceadd(n).field(CRC_END_ADDR).extract(reg(regs.crceadd(n))) << 2) + 4;
        byte[] c = cells[physicalInWindow(n) - 1];
        FlashCrc engine = new FlashCrc(FlashCrc.ETHERNET_POLYNOMIAL, crcInitial, false);
        set(regs.crcdata(), engine.crc(c, start, end - start));
        Register sr = regs.sr(n);
        set(sr, reg(sr) | sr.field(CRCEND).mask());
    }

    /** The engine's initial value in this fake (a test flips it to see the driver stop trusting the engine). */
    int crcInitial = 0xFFFF_FFFF;
}
