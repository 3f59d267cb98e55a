package dev.flashbank.family.pageflash.tests.flash;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;

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
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashRegisters;

/**
 * A scripted stand-in for the FLASH interface of an STM32G474xE (512 KiB, DBANK = 1: two banks of 128 x 2 KiB pages),
 * for SEQUENCING unit tests of the driver only: it records every FLASH_CR / key write and answers with the behaviour
 * the sequences depend on - the KEYR/OPTKEYR state machines (a key written while unlocked or a wrong key locks until
 * reset, with a bus fault), PER/PNB/BKER and MER1/MER2 acting on the PHYSICAL bank, double words written as two
 * 32-bit stores with PROGERR on a non-erased double word, FSTPG rows, write-1-to-clear SR flags, option registers
 * stored by OPTSTRT and loaded by OBL_LAUNCH (which resets the part and fails the write that set it, as ST-Links do),
 * SYSCFG_MEMRMP.FB_MODE mapping the banks. Operations complete instantly (BSY never seen set). The acceptance tests run
 * against the simulated boards.
 */
final class ScriptedPageFlash implements DebugTarget, MemoryAccess, CoreControl {

    static final PageFlashLine LINE = PageFlashLine.G47X_G48X;
    static final long BASE = 0x0800_0000L;
    static final int BANK = 256 * 1024;
    static final int PAGE = 2048;
    static final int DEV_ID_G474 = 0x469;

    final PageFlashRegisters regs = PageFlashRegisters.of(LINE);
    /** PHYSICAL banks 1 and 2. */
    final byte[][] cells = { new byte[BANK], new byte[BANK] };
    /** Register values by address (FLASH, SYSCFG, DBGMCU). */
    final Map<Long, Integer> values = new HashMap<>();
    /** Option register values programmed by OPTSTRT, loaded by OBL_LAUNCH. */
    final Map<Long, Integer> stored = new HashMap<>();
    /** Every write to FLASH_CR, KEYR and OPTKEYR, as "NAME=0xVALUE"; "OBL", "HALT", "RESET_HW" events. */
    final List<String> log = new ArrayList<>();
    /** Flags OR-ed into SR when the next erase or double word completes (tests of the decoding). */
    int injectOnNextOperation;
    /** OBL loads with OPTVERR set (an option mismatch). */
    boolean optverrAtNextLoad;
    /** The write that sets OBL_LAUNCH is answered as an ST-Link answers it: SWD_DP_ERROR, "target stopped answering". */
    boolean oblAnswersLikeAnStlink;
    /** halt() fails once after the OBL reset (the probe must reconnect under reset). */
    boolean haltFailsAfterLoad;
    boolean lockedUntilReset;
    boolean optLockedUntilReset;
    boolean halted = true;
    private int keyStep;
    private int optKeyStep;
    private long firstWordAddress = -1;
    private int firstWord;
    private boolean loadPending;

    ScriptedPageFlash() {
        for (byte[] b : cells) {
            Arrays.fill(b, (byte) 0xFF);
        }
        for (Register r : regs.flash().registers()) {
            values.put(r.address(), r.resetValue());
        }
        for (Register r : regs.optionRegisters()) {
            stored.put(r.address(), r.resetValue());
        }
        values.put(regs.memoryRemap().address(), 0);
        values.put(regs.idcode().address(), 0x1000_0000 | DEV_ID_G474);
        values.put(0x1FFF_75E0L, 512);
        values.put(0x1FFF_7590L, 0x0011_2233);
        values.put(0x1FFF_7594L, 0x4455_6677);
        values.put(0x1FFF_7598L, 0x8899_AABB);
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

    /** SYSCFG_MEMRMP.FB_MODE: 1 = physical bank 2 at 0x0800_0000. */
    void fbMode(boolean swapped) {
        set(regs.memoryRemap(), swapped ? regs.fbMode().orElseThrow().mask() : 0);
    }

    boolean swapped() {
        return regs.fbMode().orElseThrow().isSet(reg(regs.memoryRemap()));
    }

    /** Writes {@code bytes} into PHYSICAL bank {@code bank} behind the driver's back (the firmware did it). */
    void poke(int bank, int offset, byte... bytes) {
        System.arraycopy(bytes, 0, cells[bank - 1], offset, bytes.length);
    }

    List<String> writesTo(String registerName) {
        return log.stream().filter(s -> s.startsWith(registerName + "=")).toList();
    }

    /** The FLASH_CR writes that had all bits of {@code mask} set. */
    List<Integer> crWritesWith(int mask) {
        return writesTo(CR).stream().map(s -> Integer.parseUnsignedInt(s.substring(CR.length() + 1), 16))
                .filter(v -> (v & mask) == mask).toList();
    }

    int bit(String field) {
        return regs.cr().field(field).mask();
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
        return "scripted G474 FLASH registers";
    }

    @Override
    public void close() {
    }

    // ------------------------------------------------------------------ CoreControl

    @Override
    public void halt() throws TargetException {
        if (loadPending && haltFailsAfterLoad) {
            loadPending = false;
            throw new TargetException("no answer from the DAP after the reset (scripted)");
        }
        loadPending = false;
        log.add("HALT");
        halted = true;
    }

    @Override
    public void run() {
        halted = false;
    }

    @Override
    public boolean isHalted() {
        return halted;
    }

    @Override
    public void reset(ResetKind kind) {
        systemReset();
        halted = false;
    }

    @Override
    public void resetAndHalt(ResetKind kind) {
        log.add(kind == ResetKind.HARDWARE ? "RESET_HW" : "RESET_SYS");
        loadPending = false;
        systemReset();
        halted = true;
    }

    /** A system reset: CR locked, keys reset, FB_MODE 0, option registers back to the LOADED values. */
    private void systemReset() {
        set(regs.cr(), regs.cr().resetValue());
        set(regs.memoryRemap(), 0);
        lockedUntilReset = false;
        optLockedUntilReset = false;
        keyStep = 0;
        optKeyStep = 0;
    }

    @Override
    public int readCoreRegister(int regsel) {
        return 0;
    }

    @Override
    public void writeCoreRegister(int regsel, int value) {
    }

    // ------------------------------------------------------------------ MemoryAccess

    private int window(long a) {
        return a >= BASE && a < BASE + 2L * BANK ? (a < BASE + BANK ? 1 : 2) : 0;
    }

    private int physical(int window) {
        return swapped() ? 3 - window : window;
    }

    @Override
    public void read(long address, byte[] buffer, int offset, int length, AccessWidth width) throws TargetException {
        for (int i = 0; i < length; i += width.bytes()) {
            long a = address + i;
            int w;
            if (window(a) != 0) {
                int win = window(a);
                byte[] c = cells[physical(win) - 1];
                int off = (int) (a - BASE - (win - 1L) * BANK);
                for (int k = 0; k < width.bytes(); k++) {
                    buffer[offset + i + k] = c[off + k];
                }
                continue;
            }
            long aligned = a & ~3L;
            Integer v = values.get(aligned);
            if (v == null) {
                throw new BusFaultException(a, "nothing at 0x" + Long.toHexString(a) + " in the scripted G474");
            }
            w = v >>> (8 * (int) (a - aligned));
            for (int k = 0; k < width.bytes(); k++) {
                buffer[offset + i + k] = (byte) (w >>> (8 * k));
            }
        }
    }

    @Override
    public void write(long address, byte[] data, int offset, int length, AccessWidth width) throws TargetException {
        for (int i = 0; i < length; i += width.bytes()) {
            long a = address + i;
            int v = 0;
            for (int k = 0; k < width.bytes(); k++) {
                v |= (data[offset + i + k] & 0xFF) << (8 * k);
            }
            if (window(a) != 0) {
                flashWrite(a, v, width);
            } else {
                registerWrite(a, v);
            }
        }
    }

    private void flag(String name) {
        Register sr = regs.sr();
        set(sr, reg(sr) | sr.field(name).mask());
    }

    private void flashWrite(long a, int v, AccessWidth width) {
        int cr = reg(regs.cr());
        boolean pg = (cr & bit(PG)) != 0;
        boolean fast = (cr & bit(FSTPG)) != 0;
        if (!pg && !fast) {
            flag(PGSERR);
            return;
        }
        if (width != AccessWidth.WORD) {
            flag(SIZERR);
            flag(PGSERR);
            return;
        }
        if (a % 8 == 0) {
            firstWordAddress = a;
            firstWord = v;
            return;
        }
        if (a != firstWordAddress + 4) {
            flag(PGAERR);
            flag(PGSERR);
            return;
        }
        firstWordAddress = -1;
        int win = window(a);
        byte[] c = cells[physical(win) - 1];
        int off = (int) (a - 4 - BASE - (win - 1L) * BANK);
        long value = (firstWord & 0xFFFF_FFFFL) | ((long) v << 32);
        boolean erased = true;
        for (int k = 0; k < 8; k++) {
            erased &= c[off + k] == (byte) 0xFF;
        }
        if (!erased && value != 0) {
            flag(PROGERR);
            flag(PGSERR);
            return;
        }
        for (int k = 0; k < 8; k++) {
            c[off + k] = (byte) (value >>> (8 * k));
        }
        completeOperation();
    }

    private void completeOperation() {
        Register sr = regs.sr();
        set(sr, reg(sr) | injectOnNextOperation);
        injectOnNextOperation = 0;
    }

    private void registerWrite(long a, int v) throws TargetException {
        Register cr = regs.cr();
        Register sr = regs.sr();
        if (a == regs.keyr().address()) {
            log.add(KEYR + "=" + Integer.toHexString(v));
            if (!cr.field(LOCK).isSet(reg(cr)) || lockedUntilReset) {
                lockedUntilReset = true;
                throw new BusFaultException(a, "FLASH_KEYR written while unlocked or locked until reset");
            }
            int expected = keyStep == 0 ? KEYR_KEYS.key1() : KEYR_KEYS.key2();
            if (v != expected) {
                lockedUntilReset = true;
                throw new BusFaultException(a, "wrong key");
            }
            if (++keyStep == 2) {
                keyStep = 0;
                set(cr, reg(cr) & ~cr.field(LOCK).mask());
            }
            return;
        }
        if (a == regs.optkeyr().address()) {
            log.add(OPTKEYR + "=" + Integer.toHexString(v));
            if (cr.field(LOCK).isSet(reg(cr)) || !cr.field(OPTLOCK).isSet(reg(cr)) || optLockedUntilReset) {
                optLockedUntilReset = true;
                throw new BusFaultException(a, "FLASH_OPTKEYR out of sequence");
            }
            int expected = optKeyStep == 0 ? OPTKEYR_KEYS.key1() : OPTKEYR_KEYS.key2();
            if (v != expected) {
                optLockedUntilReset = true;
                throw new BusFaultException(a, "wrong option key");
            }
            if (++optKeyStep == 2) {
                optKeyStep = 0;
                set(cr, reg(cr) & ~cr.field(OPTLOCK).mask());
            }
            return;
        }
        if (a == sr.address()) {
            set(sr, reg(sr) & ~v); // write 1 to clear
            return;
        }
        if (a == cr.address()) {
            log.add(CR + "=" + Integer.toHexString(v));
            controlWrite(v);
            return;
        }
        Register r = regs.flash().registerAt(a).orElse(null);
        if (r != null && r.offset() >= 0x20) {
            if (!cr.field(OPTLOCK).isSet(reg(cr))) {
                set(r, v);
            }
            return;
        }
        values.put(a, v);
    }

    private void controlWrite(int v) throws TargetException {
        Register cr = regs.cr();
        int now = reg(cr);
        boolean locked = cr.field(LOCK).isSet(now);
        int lockBits = cr.field(LOCK).mask() | cr.field(OPTLOCK).mask();
        if (cr.field(LOCK).isSet(v)) {
            set(cr, lockBits);
            return;
        }
        if (locked) {
            return;
        }
        int keep = now & cr.field(OPTLOCK).mask();
        set(cr, keep | (cr.field(OPTLOCK).isSet(v) ? cr.field(OPTLOCK).mask() : 0) | (v & ~lockBits));
        if ((v & bit(STRT)) != 0) {
            erase(v);
        }
        if ((v & bit(OPTSTRT)) != 0 && !cr.field(OPTLOCK).isSet(now)) {
            for (Register r : regs.optionRegisters()) {
                stored.put(r.address(), reg(r));
            }
        }
        if ((v & bit(OBL_LAUNCH)) != 0 && !cr.field(OPTLOCK).isSet(now)) {
            log.add("OBL");
            for (Register r : regs.optionRegisters()) {
                set(r, stored.get(r.address()));
            }
            systemReset();
            halted = false;
            loadPending = true;
            if (optverrAtNextLoad) {
                optverrAtNextLoad = false;
                flag(OPTVERR);
            }
            if (oblAnswersLikeAnStlink) {
                throw new dev.flashbank.core.target.ProbeDisconnectedException("write of FLASH_CR: the target stopped "
                        + "answering on SWD (SWD_DP_ERROR) (scripted)");
            }
            throw new BusFaultException(regs.cr().address(), "the part reset under the write (scripted)");
        }
    }

    private void erase(int v) {
        Register cr = regs.cr();
        boolean wrp = false;
        if ((v & bit(PER)) != 0) {
            int bank = (v & bit(BKER)) != 0 ? 2 : 1;
            int pnb = cr.field(PNB).extract(v);
            wrp = protectedPage(bank, pnb);
            if (!wrp) {
                Arrays.fill(cells[bank - 1], pnb * PAGE, (pnb + 1) * PAGE, (byte) 0xFF);
            }
        } else {
            for (int bank = 1; bank <= 2; bank++) {
                if ((v & bit(bank == 1 ? MER1 : MER2)) != 0) {
                    for (int p = 0; p < BANK / PAGE; p++) {
                        wrp |= protectedPage(bank, p);
                    }
                    if (!wrp) {
                        Arrays.fill(cells[bank - 1], (byte) 0xFF);
                    }
                }
            }
        }
        if (wrp) {
            flag(WRPERR);
            return;
        }
        completeOperation();
    }

    private boolean protectedPage(int bank, int page) {
        for (String area : List.of("A", "B")) {
            Register r = regs.wrp(bank, area);
            int v = reg(r);
            int start = r.field(wrpStartField(bank, area)).extract(v);
            int end = r.field(wrpEndField(bank, area)).extract(v);
            if (start <= end && page >= start && page <= end) {
                return true;
            }
        }
        return false;
    }
}
