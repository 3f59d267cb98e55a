package dev.flashbank.family.pageflash.flash;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.flash.FlashBusyTimeoutException;
import dev.flashbank.core.flash.FlashOperation;
import dev.flashbank.core.flash.FlashTimeouts;
import dev.flashbank.core.flash.FlashUnlockException;
import dev.flashbank.core.flash.OperationTimeout;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.pageflash.PageFlashRegisters;

/**
 * The register-level steps every page-flash operation is made of (RM0440 / RM0351 / RM0444 §3.3 "FLASH program and
 * erase operations", §3.7 registers): unlock with the KEYR / OPTKEYR sequences (keys only while the lock bit is set),
 * lock, the busy wait (BSY, or BSY1 | BSY2 and CFGBSY on G0B1), clearing the write-1-to-clear flags, the FLASH_CR
 * values of each operation and decoding FLASH_SR into a {@link PageFlashStatusException}. WHICH page, bank or address
 * is the driver's business, not this class's.
 */
final class PageFlashDriverControl {

    private final MemoryAccess mem;
    private final PollClock clock;
    private final Register keyr;
    private final Register optkeyr;
    private final Register sr;
    private final Register cr;
    private final Field lock;
    private final Field optlock;
    private final Field pg;
    private final Field per;
    private final Field mer1;
    private final Optional<Field> mer2;
    private final Field pnb;
    private final Optional<Field> bker;
    private final Field strt;
    private final Field optstrt;
    private final Field fstpg;
    private final Field oblLaunch;
    private final int busyMask;
    private final int configBusyMask;
    private final int errorMask;
    private final int clearMask;

    PageFlashDriverControl(PageFlashRegisters regs, MemoryAccess mem, PollClock clock) {
        this.mem = mem;
        this.clock = clock;
        keyr = regs.keyr();
        optkeyr = regs.optkeyr();
        sr = regs.sr();
        cr = regs.cr();
        lock = cr.field(LOCK);
        optlock = cr.field(OPTLOCK);
        pg = cr.field(PG);
        per = cr.field(PER);
        mer1 = cr.field(MER1);
        mer2 = cr.findField(MER2);
        pnb = cr.field(PNB);
        bker = cr.findField(BKER);
        strt = cr.field(STRT);
        optstrt = cr.field(OPTSTRT);
        fstpg = cr.field(FSTPG);
        oblLaunch = cr.field(OBL_LAUNCH);
        busyMask = regs.srBusyMask();
        configBusyMask = sr.findField(CFGBSY).map(Field::mask).orElse(0);
        errorMask = PageFlashStatusFlag.mask(sr);
        clearMask = errorMask | sr.field(EOP).mask();
    }

    Register sr() {
        return sr;
    }

    // ------------------------------------------------------------------ FLASH_CR values

    /** PER | PNB | BKER: BKER names the PHYSICAL bank; lines without BKER (single bank) have only bank 1. */
    int pageErase(int pageInBank, int physicalBank) {
        int v = per.mask() | pnb.encode(pageInBank);
        if (physicalBank == 2) {
            v |= bker.orElseThrow(() -> new IllegalStateException("no BKER on this line: no bank 2")).mask();
        }
        return v;
    }

    /** MER1 and/or MER2 of the PHYSICAL banks given. */
    int bankErase(boolean bank1, boolean bank2) {
        int v = bank1 ? mer1.mask() : 0;
        if (bank2) {
            v |= mer2.orElseThrow(() -> new IllegalStateException("no MER2 on this line: no bank 2")).mask();
        }
        return v;
    }

    /** True when the line has MER2 (a second bank, or a single-bank mode of a dual-bank die). */
    boolean hasMer2() {
        return mer2.isPresent();
    }

    int program() {
        return pg.mask();
    }

    int fastProgram() {
        return fstpg.mask();
    }

    int startBit() {
        return strt.mask();
    }

    int optionStartBit() {
        return optstrt.mask();
    }

    int optionLoadBit() {
        return oblLaunch.mask();
    }

    void control(int value) throws TargetException {
        mem.write32(cr.address(), value);
    }

    // ------------------------------------------------------------------ lock

    boolean isLocked() throws TargetException {
        return lock.isSet(mem.read32(cr.address()));
    }

    boolean isOptionLocked() throws TargetException {
        return optlock.isSet(mem.read32(cr.address()));
    }

    /**
     * Clears CR.LOCK with KEY1, KEY2 - only while LOCK is set: a key written while unlocked, like a wrong key, is a
     * wrong sequence, answered with a bus error, and FLASH_CR then stays locked until the next reset (RM0444 §3.3.5
     * wording; OpenOCD's stm32l4x never writes the keys when already unlocked) - and checks that LOCK cleared.
     */
    void unlock() throws TargetException {
        if (!isLocked()) {
            return;
        }
        try {
            mem.write32(keyr.address(), KEYR_KEYS.key1());
            mem.write32(keyr.address(), KEYR_KEYS.key2());
        } catch (BusFaultException e) {
            throw new FlashUnlockException(FlashOperation.UNLOCK, "writing FLASH_KEYR faulted: the flash interface "
                    + "rejected the key sequence - after a wrong or repeated sequence FLASH_CR stays locked until the "
                    + "next reset (reset the target, e.g. connect under reset, and retry)", e);
        }
        if (isLocked()) {
            throw new FlashUnlockException(FlashOperation.UNLOCK, "FLASH_CR.LOCK is still set after writing KEY1/KEY2 "
                    + "to FLASH_KEYR: it is locked until the next reset (an earlier wrong or repeated key sequence, by "
                    + "this tool or the firmware) - reset the target and retry", null);
        }
    }

    /**
     * Clears CR.OPTLOCK with OPTKEY1, OPTKEY2 (CR.LOCK must already be clear; keys only while OPTLOCK is set: a wrong
     * sequence locks the option registers until the next reset, RM0444 §3.4.2).
     */
    void unlockOptions() throws TargetException {
        unlock();
        if (!isOptionLocked()) {
            return;
        }
        try {
            mem.write32(optkeyr.address(), OPTKEYR_KEYS.key1());
            mem.write32(optkeyr.address(), OPTKEYR_KEYS.key2());
        } catch (BusFaultException e) {
            throw new FlashUnlockException(FlashOperation.OPTION_UNLOCK, "writing FLASH_OPTKEYR faulted: the flash "
                    + "interface rejected the key sequence - after a wrong or repeated sequence the option registers "
                    + "stay locked until the next reset (reset the target and retry)", e);
        }
        if (isOptionLocked()) {
            throw new FlashUnlockException(FlashOperation.OPTION_UNLOCK, "FLASH_CR.OPTLOCK is still set after writing "
                    + "OPTKEY1/OPTKEY2 to FLASH_OPTKEYR: the option registers are locked until the next reset (an "
                    + "earlier wrong or repeated key sequence) - reset the target and retry", null);
        }
    }

    /** CR = LOCK: sets LOCK (which sets OPTLOCK too) and clears every operation bit with the same write. */
    void lock() throws TargetException {
        mem.write32(cr.address(), lock.mask());
    }

    /**
     * Wait for the flash to be idle (an operation of another tool or the firmware may still run), clear stale flags
     * (a pending PROGERR/PGSERR blocks the next operation; OPTVERR is set on virgin parts), unlock, then CR = 0 (a
     * PER/BKER/PG/MERx bit left by someone else turns the next start into PGSERR - stlink PR #1420) and, on G0, wait
     * for CFGBSY to clear.
     */
    void begin(OperationTimeout idleBudget) throws TargetException {
        int status = waitIdle(idleBudget, FlashOperation.WAIT_IDLE, null, null);
        clearFlags(status);
        unlock();
        control(0);
        waitConfiguration(idleBudget);
    }

    /** Lock again; a failure here does not hide the original error. */
    void end(boolean ok) throws TargetException {
        try {
            lock();
        } catch (TargetException e) {
            if (ok) {
                throw e;
            }
        }
    }

    // ------------------------------------------------------------------ status

    int status() throws TargetException {
        return mem.read32(sr.address());
    }

    /** Writes 1 to every set flag of {@code status} (write-1-to-clear). */
    void clearFlags(int status) throws TargetException {
        if ((status & clearMask) != 0) {
            mem.write32(sr.address(), status & clearMask);
        }
    }

    /** SR now, decoded and cleared. */
    Set<PageFlashStatusFlag> takeFlags() throws TargetException {
        int status = status();
        clearFlags(status);
        return PageFlashStatusFlag.decode(status, sr);
    }

    /**
     * Polls SR until BSY (G0B1: BSY1 and BSY2) reads 0, within {@code budget}, pausing with a doubling interval. CFGBSY
     * is not waited for here: on G0 it stays set while PG is (the configuration is active).
     */
    int waitIdle(OperationTimeout budget, FlashOperation op, Sector sector, Long address) throws TargetException {
        return waitClear(busyMask, budget, op, sector, address, "BSY");
    }

    /** G0: polls SR until CFGBSY reads 0 (no-op on lines without it). */
    void waitConfiguration(OperationTimeout budget) throws TargetException {
        if (configBusyMask != 0) {
            waitClear(configBusyMask, budget, FlashOperation.WAIT_IDLE, null, null, CFGBSY);
        }
    }

    private int waitClear(int mask, OperationTimeout budget, FlashOperation op, Sector sector, Long address,
            String flagName) throws TargetException {
        long t0 = clock.nanoTime();
        long interval = 2_000;
        long maxInterval = Math.max(interval, Math.min(100_000_000L, budget.nanos() / 32));
        while (true) {
            int status = status();
            if ((status & mask) == 0) {
                return status;
            }
            long elapsed = clock.nanoTime() - t0;
            if (elapsed >= budget.nanos()) {
                throw new FlashBusyTimeoutException(op, budget, elapsed, sector, address, String.format(
                        "%s: FLASH_SR.%s still set after %s (FLASH_SR = 0x%08X); budget %s", op.text(), flagName,
                        FlashTimeouts.human(elapsed), status, budget.describe()));
            }
            clock.pause(Math.min(interval, budget.nanos() - elapsed));
            interval = Math.min(maxInterval, interval * 2);
        }
    }

    /**
     * Turns the error flags of an operation's final SR into a {@link PageFlashStatusException} naming the flags,
     * the page or address, what the primary flag means and what to do - after clearing them, so the next operation
     * starts clean. RDERR and OPTVERR (raised by a read and by the last option load) are cleared and do not fail
     * the operation.
     */
    void check(int status, FlashOperation op, Sector sector, Long address, String what) throws TargetException {
        Set<PageFlashStatusFlag> flags = PageFlashStatusFlag.decode(status, sr);
        clearFlags(status);
        Set<PageFlashStatusFlag> own = EnumSet.noneOf(PageFlashStatusFlag.class);
        flags.stream().filter(f -> !f.raisedElsewhere()).forEach(own::add);
        if (own.isEmpty()) {
            return;
        }
        PageFlashStatusFlag primary = PageFlashStatusFlag.primary(own);
        throw new PageFlashStatusException(op, own, status, sector, address, String.format(
                "%s failed: FLASH_SR = 0x%08X (%s) - %s: %s", what, status, PageFlashStatusFlag.list(own),
                primary.title(), primary.meaning()), primary.fix());
    }
}
