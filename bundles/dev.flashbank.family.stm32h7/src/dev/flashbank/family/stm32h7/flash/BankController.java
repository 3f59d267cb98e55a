package dev.flashbank.family.stm32h7.flash;

import static dev.flashbank.family.stm32h7.Stm32H7Registers.*;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.flash.FailureCause;
import dev.flashbank.core.flash.FlashBusyTimeoutException;
import dev.flashbank.core.flash.FlashOperation;
import dev.flashbank.core.flash.FlashUnlockException;
import dev.flashbank.core.flash.OperationTimeout;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32h7.Stm32H7Registers;

/**
 * One STM32H7 bank controller, i.e. one register set (KEYRx, CRx, SRx, CCRx, CRCCRx/CRCSADDx/CRCEADDx, ECC_FAx;
 * RM0433 §4.9): the register-level steps every operation is made of - unlock (keys only while LOCK = 1), lock, the
 * wait for QW = 0, clearing flags through CCRx, decoding SRx into a typed error, and the flash CRC engine. WHICH bank a
 * register set reaches is the driver's business (the window mapping), not this class's.
 */
final class BankController {

    /** Where ECC_FAx counts from: the window base of the bank it describes (asked at the time of the error). */
    interface EccBase {
        long of(int set) throws TargetException;
    }

    /** SRx read, decoded and cleared: the flags and, for ECC errors, the failing flash word from ECC_FAx. */
    record Status(int sr, Set<H7StatusFlag> flags, String eccText) {
    }

    private final int set;
    private final MemoryAccess mem;
    private final PollClock clock;
    private final EccBase eccBase;
    private final int wordBytes;
    final Register keyr;
    final Register cr;
    final Register sr;
    final Register ccr;
    final Register wpsnCur;
    private final Register eccFa;
    private final Register crccr;
    private final Register crcsadd;
    private final Register crceadd;
    private final Register crcdata;
    final Field wrpsn;
    private final Field lock;
    private final Field pg;
    private final Field ser;
    private final Field ber;
    private final Optional<Field> psize;
    private final Field start;
    private final Field snb;
    private final Field qw;
    private final Field bsy;
    private final Field crcEn;
    private final Field crcBusy;
    private final int errorMask;
    private final int clearMask;
    private final int crcFlags;

    BankController(int set, Stm32H7Registers regs, int wordBytes, MemoryAccess mem, PollClock clock,
            EccBase eccBase) {
        this.set = set;
        this.mem = mem;
        this.clock = clock;
        this.eccBase = eccBase;
        this.wordBytes = wordBytes;
        keyr = regs.keyr(set);
        cr = regs.cr(set);
        sr = regs.sr(set);
        ccr = regs.ccr(set);
        wpsnCur = regs.wpsnCur(set);
        eccFa = regs.eccFa(set);
        crccr = regs.crccr(set);
        crcsadd = regs.crcsadd(set);
        crceadd = regs.crceadd(set);
        crcdata = regs.crcdata();
        wrpsn = wpsnCur.field(WRPSN);
        lock = cr.field(LOCK);
        pg = cr.field(PG);
        ser = cr.field(SER);
        ber = cr.field(BER);
        psize = cr.findField(PSIZE);
        start = cr.field(START);
        snb = cr.field(SNB);
        qw = sr.field(QW);
        bsy = sr.field(BSY);
        crcEn = cr.field(CRC_EN);
        crcBusy = sr.field(CRC_BUSY);
        errorMask = H7StatusFlag.mask(sr);
        crcFlags = sr.field(CRCEND).mask() | sr.field(CRCRDERR).mask();
        clearMask = errorMask | sr.field(EOP).mask() | crcFlags;
    }

    int set() {
        return set;
    }

    /** "CR2", "SR1" ... for messages. */
    String crName() {
        return cr.name();
    }

    String srName() {
        return sr.name();
    }

    // ------------------------------------------------------------------ CRx values

    int psizeBits(Parallelism par) {
        return psize.map(p -> p.encode(par.psize())).orElse(0);
    }

    int sectorErase(Sector s, Parallelism par) {
        return psizeBits(par) | ser.mask() | snb.encode(s.snb());
    }

    int bankErase(Parallelism par) {
        return psizeBits(par) | ber.mask();
    }

    int program(Parallelism par) {
        return psizeBits(par) | pg.mask();
    }

    int startBit() {
        return start.mask();
    }

    void control(int value) throws TargetException {
        mem.write32(cr.address(), value);
    }

    // ------------------------------------------------------------------ lock

    boolean isLocked() throws TargetException {
        return lock.isSet(mem.read32(cr.address()));
    }

    /**
     * Clears CRx.LOCK with KEY1, KEY2 - only when LOCK is set: a second key sequence, like a wrong one, locks CRx
     * until the next reset (RM0433 §4.5.1) - and checks that LOCK cleared.
     */
    void unlock() throws TargetException {
        if (!isLocked()) {
            return;
        }
        try {
            mem.write32(keyr.address(), KEYR_KEYS.key1());
            mem.write32(keyr.address(), KEYR_KEYS.key2());
        } catch (BusFaultException e) {
            throw new FlashUnlockException(FlashOperation.UNLOCK, String.format(
                    "writing FLASH_%s faulted: the bank controller rejected the key sequence (after a wrong or repeated "
                            + "sequence FLASH_%s stays locked until reset)", keyr.name(), cr.name()), e);
        }
        if (isLocked()) {
            throw new FlashUnlockException(FlashOperation.UNLOCK, String.format(
                    "FLASH_%s.LOCK is still set after writing KEY1/KEY2 to FLASH_%s: it is locked until the next reset "
                            + "(an earlier wrong or repeated key sequence)", cr.name(), keyr.name()), null);
        }
    }

    /** Sets CRx.LOCK and clears every operation bit with the same write. */
    void lock(Parallelism par) throws TargetException {
        mem.write32(cr.address(), lock.mask() | psizeBits(par));
    }

    /** Wait for QW = 0, clear stale flags (incl. spurious RDPERR/RDSERR, which can block the next start), unlock. */
    void begin(OperationTimeout idleBudget, Parallelism par) throws TargetException {
        int status = waitQueueEmpty(idleBudget, FlashOperation.WAIT_IDLE, null, null);
        clearFlags(status);
        unlock();
        control(psizeBits(par)); // no PG/SER/BER/CRC_EN left by someone else
    }

    /** Lock again; a failure here does not hide the original error. */
    void end(boolean ok, Parallelism par) throws TargetException {
        try {
            lock(par);
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

    /** Writes 1 to every set flag of {@code status} in CCRx (the CLR_x bits sit at the SRx flag positions). */
    void clearFlags(int status) throws TargetException {
        if ((status & clearMask) != 0) {
            mem.write32(ccr.address(), status & clearMask);
        }
    }

    /** SRx now, decoded (with the ECC_FAx word for ECC errors) and cleared. */
    Status takeStatus() throws TargetException {
        int status = status();
        Set<H7StatusFlag> flags = H7StatusFlag.decode(status, sr);
        String ecc = eccText(flags);
        clearFlags(status);
        return new Status(status, flags, ecc);
    }

    /**
     * Polls SRx until QW = 0 and BSY = 0 (QW is the wait-queue flag HAL polls: BSY alone misses queued operations)
     * within {@code budget}, pausing with a doubling interval.
     */
    int waitQueueEmpty(OperationTimeout budget, FlashOperation op, Sector sector, Long address)
            throws TargetException {
        long t0 = clock.nanoTime();
        long interval = 2_000;
        long maxInterval = Math.max(interval, Math.min(100_000_000L, budget.nanos() / 32));
        while (true) {
            int status = status();
            if (!qw.isSet(status) && !bsy.isSet(status)) {
                return status;
            }
            long elapsed = clock.nanoTime() - t0;
            if (elapsed >= budget.nanos()) {
                throw new FlashBusyTimeoutException(op, budget, elapsed, sector, address, String.format(
                        "%s: FLASH_%s.QW still set after %s; budget %s", op.text(), sr.name(), human(elapsed),
                        budget.describe()));
            }
            clock.pause(Math.min(interval, budget.nanos() - elapsed));
            interval = Math.min(maxInterval, interval * 2);
        }
    }

    /**
     * Turns the operation's error flags into an {@link H7FlashStatusException} naming the flags, the sector and the
     * likely cause, then clears them. Flags raised by reads alone (RDPERR, RDSERR, SNECCERR, DBECCERR, CRCRDERR) are
     * cleared and do not fail a program or erase: the verify that follows decides.
     */
    void check(int status, FlashOperation op, Sector sector, Long address, String what) throws TargetException {
        Set<H7StatusFlag> flags = H7StatusFlag.decode(status, sr);
        if (flags.isEmpty()) {
            return;
        }
        String ecc = eccText(flags);
        clearFlags(status);
        if (flags.stream().allMatch(H7StatusFlag::raisedByReads)) {
            return;
        }
        H7StatusFlag primary = H7StatusFlag.primary(EnumSet.copyOf(flags.stream().filter(f -> !f.raisedByReads())
                .toList()));
        FailureCause cause = switch (primary) {
            case WRPERR -> FailureCause.WRITE_PROTECTED_SECTOR;
            case PGSERR, STRBERR, INCERR -> FailureCause.SEQUENCE;
            default -> FailureCause.UNKNOWN;
        };
        String fix = switch (primary) {
            case WRPERR -> "remove the write protection (WPSN) of " + (sector == null ? "the bank's sectors"
                    : Stm32H7FlashDriver.name(sector)) + " with an option-byte write";
            case PGSERR, STRBERR, INCERR -> "another tool or the running firmware may be using the flash: halt the "
                    + "core and retry";
            default -> "read FLASH_" + sr.name() + " again and retry; erase the sector if the data is wrong";
        };
        throw new H7FlashStatusException(op, flags, status, cause, sector, address, String.format(
                "%s failed: FLASH_%s = 0x%08X (%s) - %s: %s%s", what, sr.name(), status, H7StatusFlag.list(flags),
                primary.title(), primary.meaning(), ecc), fix);
    }

    /** " (first failing flash word: FLASH_ECC_FAxR = n -> 0x...)" for ECC flags, "" otherwise. */
    private String eccText(Set<H7StatusFlag> flags) throws TargetException {
        if (!(flags.contains(H7StatusFlag.DBECCERR) || flags.contains(H7StatusFlag.SNECCERR))) {
            return "";
        }
        int index = eccFa.field(FAIL_ECC_ADDR).extract(mem.read32(eccFa.address()));
        long word = eccBase.of(set) + (long) index * wordBytes;
        return String.format(" (first failing flash word: FLASH_%s = %d -> 0x%08X)", eccFa.name(), index, word);
    }

    // ------------------------------------------------------------------ CRC engine

    /**
     * CRCDATA of the flash CRC engine over bank offsets [first, last + 4) (RM0433 §4.3.12): CRC_EN, clear
     * CRCEND/CRCRDERR, CRCCRx = CLEAN_CRC | CRC_BURST 256 in address-range mode, CRCSADDx/CRCEADDx (offset bits 19:2;
     * HAL writes absolute addresses, which is the same for the bank-aligned window bases), START_CRC, wait
     * CRC_BUSY = 0, read CRCDATA, clear CRC_EN. Empty when the engine did not finish within {@code budget} or met
     * protected words (CRCRDERR: its result does not cover them). CRx must be unlocked ({@link #begin}).
     */
    OptionalInt crc(long firstOffset, long lastWordOffset, OperationTimeout budget) throws TargetException {
        try {
            control(crcEn.mask());
            mem.write32(ccr.address(), crcFlags);
            int crccrValue = crccr.field(CLEAN_CRC).mask() | crccr.field(CRC_BURST).encode(3);
            mem.write32(crccr.address(), crccrValue);
            mem.write32(crcsadd.address(), crcsadd.field(CRC_START_ADDR).encode((int) (firstOffset >>> 2)));
            mem.write32(crceadd.address(), crceadd.field(CRC_END_ADDR).encode((int) (lastWordOffset >>> 2)));
            mem.write32(crccr.address(), crccrValue | crccr.field(START_CRC).mask());
            long t0 = clock.nanoTime();
            long interval = 10_000;
            int status;
            while (crcBusy.isSet(status = status())) {
                if (clock.nanoTime() - t0 > budget.nanos()) {
                    return OptionalInt.empty();
                }
                clock.pause(interval);
                interval = Math.min(interval * 2, 10_000_000L);
            }
            if (H7StatusFlag.decode(status, sr).contains(H7StatusFlag.CRCRDERR)) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(mem.read32(crcdata.address()));
        } finally {
            control(0); // CRC_EN = 0 clears the configuration and CRCDATA
            mem.write32(ccr.address(), crcFlags);
        }
    }

    static String human(long nanos) {
        return nanos >= 1_000_000_000L ? String.format(Locale.ROOT, "%.2f s", nanos / 1e9)
                : String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
