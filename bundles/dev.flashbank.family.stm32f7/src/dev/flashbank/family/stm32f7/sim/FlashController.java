package dev.flashbank.family.stm32f7.sim;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.Sector;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Geometry;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.family.stm32f7.Stm32F7Registers;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.FlashCells;
import dev.flashbank.sim.InterruptedOperation;
import dev.flashbank.sim.SimParameters;

/**
 * The FLASH interface of the simulated STM32F7 (registers at the model's FLASH block): key sequences, CR/OPTCR locks,
 * program / sector erase / bank erase / option programming with BSY on the virtual clock, and every SR error flag with
 * its trigger (RM0410 FLASH registers; sequences as HAL stm32f7xx_hal_flash.c and OpenOCD stm32f2x.c run them). Every
 * address, bit, key, geometry and timing comes from the F7 device model ({@link Stm32F7Registers},
 * {@link Stm32F7Geometry}, {@link FlashTimings}, {@link Stm32F7Parameters}); nothing is restated here.
 * <p>
 * Operations take effect when BSY clears; until then the cells hold their old content, so a power loss or reset in
 * between can apply the partial-operation model of {@link InterruptedOperation}.
 */
final class FlashController {

    private final SimulatedBoard board;
    private final Stm32F7Registers regs;
    private final Stm32F7Parameters p;
    private final Stm32F7SimParameters sim;
    private final FlashTimings timings;
    private final FlashTimings.Bound bound;

    // CR fields
    private final int pg, ser, mer, mer2, strt, eopie, errie, lock;
    private final Field snb, psize;
    // SR flags
    private final int eop, operr, wrperr, pgaerr, pgperr, erserr, rderr, bsy;
    // OPTCR
    private final int optlock, optstrt;
    private final java.util.Map<Long, Register> byOffset = new java.util.HashMap<>();

    private int acr;
    private int cr;
    private int sr;
    private int optcr;
    private int optcr1;
    private int optcr2;
    private int keyStage;
    private int optKeyStage;
    private boolean crLockedOut;
    private boolean optLockedOut;
    /**
     * First word of an x64 unit waiting for its second half (PSIZE = x64 takes two word writes, HAL
     * FLASH_Program_DoubleWord).
     */
    private long pendingX64Address = -1;
    private int pendingX64Word;
    private PendingOp op;

    FlashController(SimulatedBoard board) {
        this.board = board;
        this.regs = board.descriptor().registers();
        this.p = board.descriptor().stm32F7Parameters();
        this.sim = board.f7SimParameters();
        this.timings = board.descriptor().timings();
        this.bound = board.timingBound();
        Register c = regs.cr();
        pg = c.field(PG).mask();
        ser = c.field(SER).mask();
        mer = c.field(MER).mask();
        mer2 = c.findField(MER2).map(Field::mask).orElse(0);
        strt = c.field(STRT).mask();
        eopie = c.field(EOPIE).mask();
        errie = c.field(ERRIE).mask();
        lock = c.field(LOCK).mask();
        snb = c.field(SNB);
        psize = c.field(PSIZE);
        Register s = regs.sr();
        eop = s.field(EOP).mask();
        operr = s.field(OPERR).mask();
        wrperr = s.field(WRPERR).mask();
        pgaerr = s.field(PGAERR).mask();
        pgperr = s.field(PGPERR).mask();
        erserr = s.field(ERSERR).mask();
        rderr = s.findField(RDERR).map(Field::mask).orElse(0);
        bsy = s.field(BSY).mask();
        regs.flash().registers().forEach(r -> byOffset.put(r.offset(), r));
        optlock = regs.optcr().field(OPTLOCK).mask();
        optstrt = regs.optcr().field(OPTSTRT).mask();
    }

    // ------------------------------------------------------------------------------------------------ reset / time

    /**
     * Register state after a reset: CR locked, SR clear, OPTCR/OPTCR1/OPTCR2 reflect the loaded options. A running
     * operation survives only when the board did not interrupt it first
     * ({@link SimParameters#systemResetInterruptsFlashOperation()}).
     */
    void reset(OptionBytes loaded) {
        acr = regs.acr().resetValue();
        cr = regs.cr().resetValue();
        sr = regs.sr().resetValue();
        optcr = loaded.optcr() | optlock;
        optcr1 = loaded.optcr1();
        optcr2 = loaded.optcr2();
        keyStage = 0;
        optKeyStage = 0;
        crLockedOut = false;
        optLockedOut = false;
        pendingX64Address = -1;
    }

    boolean isBusy() {
        return op != null;
    }

    /** Virtual time at which the running operation ends (only meaningful while busy). */
    long busyUntil() {
        return op.end;
    }

    /** True when the running operation works on physical cells of {@code cellOffset} (a read there must wait). */
    boolean busyOn(long cellOffset) {
        return op != null && op.blocksReadsAt(cellOffset);
    }

    /** Completes the running operation if its time has come. */
    void settle(long now) {
        if (op != null && now >= op.end) {
            PendingOp done = op;
            op = null;
            done.complete();
            if (!p.eopRequiresEopie() || (cr & eopie) != 0) {
                sr |= eop;
            }
        }
    }

    /**
     * Power loss or reset at {@code now} while busy: applies the partial-operation model and forgets the operation.
     * Empty when nothing was running.
     */
    Optional<InterruptedOperation> interrupt(long now) {
        if (op == null) {
            return Optional.empty();
        }
        PendingOp o = op;
        op = null;
        return Optional.of(o.interrupt(now));
    }

    // ------------------------------------------------------------------------------------------------ registers

    /** FLASH_ACR as firmware wrote it (LATENCY: the wait states of a flash read). */
    int acr() {
        return acr;
    }

    /** Value of the FLASH register at {@code offset} (0 for reserved offsets and the write-only key registers). */
    int readRegister(long offset) {
        Register r = registerAt(offset);
        if (r == null || !r.access().readable()) {
            return 0;
        }
        return switch (r.name()) {
            case ACR -> acr;
            case SR -> sr | (op != null ? bsy : 0);
            case CR -> cr;
            case OPTCR -> optcr | (op != null && op.kind == InterruptedOperation.Kind.OPTION_PROGRAM ? optstrt : 0);
            case OPTCR1 -> optcr1;
            case OPTCR2 -> optcr2;
            default -> 0;
        };
    }

    /**
     * Writes {@code value} to the bytes of the register at {@code offset} selected by {@code laneMask} (0xFFFF_FFFF for
     * a word access). The board has already stalled the access while BSY when the model says writes stall.
     */
    BusResult writeRegister(long address, long offset, int value, int laneMask) {
        Register r = registerAt(offset);
        if (r == null || !r.access().writable()) {
            return BusResult.ok(); // reserved / read-only: write ignored
        }
        int merged = (readRegister(offset) & ~laneMask) | (value & laneMask);
        switch (r.name()) {
            case ACR -> acr = merged & r.definedBits();
            case KEYR -> {
                return keyWrite(address, value, laneMask != -1, false);
            }
            case OPTKEYR -> {
                return keyWrite(address, value, laneMask != -1, true);
            }
            case SR -> sr &= ~(value & laneMask & w1cMask());
            case CR -> writeCr(merged);
            case OPTCR -> writeOptcr(merged);
            case OPTCR1 -> {
                if ((optcr & optlock) == 0) {
                    optcr1 = merged & r.definedBits();
                }
            }
            case OPTCR2 -> {
                if ((optcr & optlock) == 0) {
                    optcr2 = merged & r.definedBits();
                }
            }
            default -> {
                // nothing else is writable
            }
        }
        return BusResult.ok();
    }

    private Register registerAt(long offset) {
        return byOffset.get(offset);
    }

    private int w1cMask() {
        int m = 0;
        for (Field f : regs.sr().fields()) {
            if (f.access() == dev.flashbank.core.device.Access.READ_WRITE_1_TO_CLEAR) {
                m |= f.mask();
            }
        }
        return m;
    }

    /**
     * KEYR/OPTKEYR: KEY1 then KEY2 clears LOCK/OPTLOCK (RM0410 FLASH_KEYR/FLASH_OPTKEYR). A wrong sequence (a wrong
     * value, a partial-width write, or - per {@link Stm32F7SimParameters#keyWriteWhileUnlockedIsWrongSequence()} - a
     * key written while already unlocked) answers with a bus error and, per
     * {@link Stm32F7Parameters#wrongKeyLocksUntilReset()}, keeps the register locked until the next reset.
     */
    private BusResult keyWrite(long address, int value, boolean partial, boolean option) {
        FlashKeys keys = option ? OPTKEYR_KEYS : KEYR_KEYS;
        boolean lockedOut = option ? optLockedOut : crLockedOut;
        String what = option ? "FLASH_OPTCR" : "FLASH_CR";
        if (lockedOut) {
            return new BusResult.Fault(address, what + " is locked until reset after a wrong key sequence");
        }
        boolean locked = option ? (optcr & optlock) != 0 : (cr & lock) != 0;
        int stage = option ? optKeyStage : keyStage;
        boolean wrong;
        if (!locked) {
            wrong = sim.keyWriteWhileUnlockedIsWrongSequence();
            if (!wrong) {
                return BusResult.ok();
            }
        } else if (partial) {
            wrong = true; // a key is one 32-bit write; byte/halfword writes cannot match it
        } else if (stage == 0) {
            wrong = value != keys.key1();
            if (!wrong) {
                setKeyStage(option, 1);
            }
        } else {
            wrong = value != keys.key2();
            if (!wrong) {
                setKeyStage(option, 0);
                if (option) {
                    optcr &= ~optlock;
                } else {
                    cr &= ~lock;
                }
            }
        }
        if (!wrong) {
            return BusResult.ok();
        }
        setKeyStage(option, 0);
        if (option) {
            optcr |= optlock;
        } else {
            cr |= lock;
        }
        if (p.wrongKeyLocksUntilReset()) {
            if (option) {
                optLockedOut = true;
            } else {
                crLockedOut = true;
            }
            return new BusResult.Fault(address, String.format(
                    "wrong key sequence (0x%08X): %s locked until the next reset", value, what));
        }
        return BusResult.ok();
    }

    private void setKeyStage(boolean option, int stage) {
        if (option) {
            optKeyStage = stage;
        } else {
            keyStage = stage;
        }
    }

    private void writeCr(int value) {
        if ((cr & lock) != 0) {
            return; // locked: writes ignored (LOCK can only be cleared by the key sequence)
        }
        int defined = regs.cr().definedBits();
        boolean start = (value & strt) != 0;
        cr = value & defined & ~strt; // STRT is a trigger, it does not stay set
        if (start) {
            startErase();
        }
    }

    private void writeOptcr(int value) {
        if ((optcr & optlock) != 0) {
            return;
        }
        boolean start = (value & optstrt) != 0;
        optcr = value & regs.optcr().definedBits() & ~optstrt;
        if (start) {
            startOptionProgramming();
        }
    }

    // ------------------------------------------------------------------------------------------------ errors

    private void error(int flag) {
        sr |= flag;
        if (!p.operrRequiresErrie() || (cr & errie) != 0) {
            sr |= operr;
        }
    }

    private int flagByName(String name) {
        return regs.sr().field(name).mask();
    }

    /** Error flags that block a new operation when {@link Stm32F7Parameters#staleErrorsBlockStart()}. */
    private boolean staleErrorsBlock() {
        return p.staleErrorsBlockStart() && (sr & regs.srErrorMask() & ~rderr) != 0;
    }

    private Parallelism parallelism() {
        return Parallelism.fromPsize(psize.extract(cr));
    }

    // ------------------------------------------------------------------------------------------------ erase

    private void startErase() {
        if (staleErrorsBlock()) {
            return; // STRT ignored while error flags are pending (Stm32F7Parameters.staleErrorsBlockStart)
        }
        boolean sectorErase = (cr & ser) != 0;
        boolean massErase = (cr & (mer | mer2)) != 0;
        if (sectorErase && massErase) {
            error(erserr); // "If MERx and SER are both set, neither sector nor mass erase" (RM0090)
            return;
        }
        if (!sectorErase && !massErase) {
            return;
        }
        if (board.debuggerFlashBlocked()) {
            error(flagByName(sim.rdp1DebugEraseFlag()));
            return;
        }
        FlashGeometry g = board.geometry();
        Parallelism par = parallelism();
        if (sectorErase) {
            // the sector physically erased under SWP_FB: model decision point (bankEraseSelectsPhysicalBank)
            Optional<Sector> erased = Stm32F7Geometry.sectorErasedBySnb(g, snb.extract(cr), board.swpFb(), p);
            if (erased.isEmpty()) {
                error(flagByName(sim.invalidSnbFlag()));
                return;
            }
            Sector s = erased.get();
            if (board.isWriteProtected(s) || board.isPcropProtected(s)) {
                error(wrperr);
                return;
            }
            long dur = micros(sim.eraseMicros(timings.sectorEraseMicros(s.size(), par, FlashTimings.Bound.TYPICAL),
                    timings.sectorEraseMicros(s.size(), par, FlashTimings.Bound.MAXIMUM), bound));
            long cell = board.cellOffset(s.bank(), s.offset());
            op = PendingOp.erase(board, InterruptedOperation.Kind.SECTOR_ERASE, s.bank(), new AddressRange(s.offset(), s.size()),
                    List.of(new long[] { cell, s.size() }), now(), dur);
            return;
        }
        List<Integer> banks = massEraseBanks(g);
        long bytes = 0;
        List<long[]> ranges = new ArrayList<>();
        for (int b : banks) {
            for (Sector s : g.bank(b).sectors()) {
                if (board.isWriteProtected(s)) {
                    error(wrperr); // any protected sector refuses the whole mass erase (RM0090/RM0402)
                    return;
                }
                if (board.isPcropProtected(s)) {
                    error(flagByName(p.pcropMassEraseFlag()));
                    return;
                }
            }
            ranges.add(new long[] { board.cellOffset(b, 0), g.bank(b).size() });
            bytes += g.bank(b).size();
        }
        long dur = micros(sim.eraseMicros(timings.bankEraseMicros(bytes, par, FlashTimings.Bound.TYPICAL),
                timings.bankEraseMicros(bytes, par, FlashTimings.Bound.MAXIMUM), bound));
        int reportBank = banks.size() == 1 ? banks.get(0) : 0;
        // bank 0 = both banks: the range is then in cell offsets of the whole array, which starts at bank 1
        AddressRange reportRange = new AddressRange(0, bytes);
        op = PendingOp.erase(board, InterruptedOperation.Kind.BANK_ERASE, reportBank, reportRange, ranges, now(), dur);
    }

    /** Physical bank erased for a MER/MER2 bank number: the model's single decision point (UNCONFIRMED in RM0410). */
    private int physicalBankFor(int namedBank, FlashGeometry g) {
        return Stm32F7Geometry.physicalBankErased(g, namedBank, board.swpFb(), p);
    }

    private List<Integer> massEraseBanks(FlashGeometry g) {
        if (g.mode() == BankMode.SINGLE) {
            // MER erases the whole single-bank flash; MER2 alone per SimParameters.singleBankMer2ErasesAll
            if ((cr & mer) != 0 || sim.singleBankMer2ErasesAll()) {
                return List.of(1);
            }
            return List.of();
        }
        List<Integer> l = new ArrayList<>();
        if ((cr & mer) != 0) {
            l.add(physicalBankFor(1, g));
        }
        if ((cr & mer2) != 0) {
            l.add(physicalBankFor(2, g));
        }
        l.sort(Integer::compare);
        return l;
    }

    // ------------------------------------------------------------------------------------------------ program

    /**
     * A debugger write into a flash window or the OTP area. With CR.PG = 0 it is a sequence error (ERSERR, the F4
     * PGSERR rule of RM0090); with PG = 1 it programs one PSIZE unit: size must equal PSIZE (else PGPERR), the unit
     * must not cross a programming row (else PGAERR), the sector must not be write/PCROP protected (else WRPERR). Cells
     * are ANDed with the data when BSY clears after t_prog; non-erased cells raise nothing (RM0090: bits only go 1 ->
     * 0).
     *
     * @param target physical location for flash, or null for OTP
     */
    BusResult write(long address, AccessWidth width, long value, BankOffset target) {
        if (target != null && board.debuggerFlashBlocked()) {
            return new BusResult.ProtectionFault(address);
        }
        if ((cr & pg) == 0) {
            pendingX64Address = -1;
            error(erserr);
            return BusResult.ok();
        }
        if (staleErrorsBlock()) {
            return BusResult.ok(); // programming refused while error flags are pending (staleErrorsBlockStart)
        }
        Parallelism par = parallelism();
        byte[] unit;
        long unitAddress;
        if (par == Parallelism.X64) {
            // x64 = two consecutive 32-bit writes forming one double word (HAL FLASH_Program_DoubleWord)
            if (width != AccessWidth.WORD) {
                pendingX64Address = -1;
                error(pgperr);
                return BusResult.ok();
            }
            if (pendingX64Address < 0) {
                if ((address & 7) != 0) {
                    error(pgaerr);
                    return BusResult.ok();
                }
                pendingX64Address = address;
                pendingX64Word = (int) value;
                return BusResult.ok();
            }
            if (address != pendingX64Address + 4) {
                pendingX64Address = -1;
                error(pgaerr);
                return BusResult.ok();
            }
            unitAddress = pendingX64Address;
            long dword = (pendingX64Word & 0xFFFF_FFFFL) | (value & 0xFFFF_FFFFL) << 32;
            pendingX64Address = -1;
            unit = littleEndian(dword, 8);
        } else {
            if (width.bytes() != par.bytes()) {
                error(pgperr);
                return BusResult.ok();
            }
            unitAddress = address;
            unit = littleEndian(value, width.bytes());
        }
        int row = p.pgaerrRowBytes(board.geometry().mode() == BankMode.DUAL);
        if (unitAddress / row != (unitAddress + unit.length - 1) / row) {
            error(pgaerr);
            return BusResult.ok();
        }
        long dur = micros(timings.programUnitMicros(par, bound));
        if (target == null) {
            long otpOffset = unitAddress - board.descriptor().otpArea().start();
            if (board.isOtpLocked(otpOffset, unit.length)) {
                error(wrperr);
                return BusResult.ok();
            }
            op = PendingOp.program(board, true, 0, otpOffset, unitAddress, unit, now(), dur);
            return BusResult.ok();
        }
        BankOffset t = target;
        if (unitAddress != address) {
            t = board.geometry().physicalBankAt(unitAddress, board.swpFb()).orElseThrow();
        }
        Sector s = board.geometry().bank(t.bank()).sectorAtOffset(t.offset());
        if (board.isWriteProtected(s) || board.isPcropProtected(s)) {
            error(wrperr);
            return BusResult.ok();
        }
        op = PendingOp.program(board, false, t.bank(), t.offset(), unitAddress, unit, now(), dur);
        return BusResult.ok();
    }

    /** A data read of a PCROP sector (F72x): RDERR (RM0431 FLASH_SR.RDERR). */
    void pcropReadError() {
        sr |= rderr;
    }

    private static byte[] littleEndian(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    // ------------------------------------------------------------------------------------------------ options

    /**
     * OPTSTRT: programs OPTCR/OPTCR1/OPTCR2 into the option area after the option-programming time (plus a mass erase
     * of the user flash when RDP regresses from level 1 to 0, RM0402/RM0090 read protection). Frozen at RDP level 2
     * (latched or stored).
     */
    private void startOptionProgramming() {
        if (board.latchedOptions().rdpLevel() == RdpLevel.LEVEL_2
                || board.optionArea().load().rdpLevel() == RdpLevel.LEVEL_2) {
            // level 2 is irreversible (RM0410 read protection; HAL OB_RDP_LEVEL_2): once stored, the option bytes are
            // frozen - also before the reset that activates it, so that no sequence can undo a programmed level 2
            return;
        }
        OptionBytes requested = OptionBytes.of(board.line(), optcr, optcr1, optcr2);
        OptionBytes stored = board.optionArea().load();
        boolean regression = stored.rdpLevel() == RdpLevel.LEVEL_1 && requested.rdpLevel() == RdpLevel.LEVEL_0;
        List<long[]> ranges = new ArrayList<>();
        long eraseDur = 0;
        OptionBytes result = requested;
        if (regression) {
            FlashGeometry g = board.geometry();
            boolean erasePcrop = requested.pcropRdp() == p.pcropRdpSetMeansErase();
            long bytes = 0;
            for (Sector s : g.sectors()) {
                if (!erasePcrop && stored.isPcropProtected(s.number()) && s.bank() == 1) {
                    // PCROP sectors survive the regression (PCROP_RDP; its polarity is a model parameter: ST's F72x SVD
                    // and the L4/G0 manuals word it oppositely)
                    continue;
                }
                ranges.add(new long[] { board.cellOffset(s.bank(), s.offset()), s.size() });
                bytes += s.size();
            }
            if (erasePcrop && board.line().hasPcrop()) {
                result = result.withPcrop(0); // "PCROP sectors erased too and PCROP removed" (OpenOCD stm32f2x.c)
            }
            eraseDur = micros(sim.eraseMicros(timings.bankEraseMicros(bytes, parallelism(), FlashTimings.Bound.TYPICAL),
                    timings.bankEraseMicros(bytes, parallelism(), FlashTimings.Bound.MAXIMUM), bound));
        }
        long dur = eraseDur + micros(sim.eraseMicros(timings.optionProgramMicros(FlashTimings.Bound.TYPICAL),
                timings.optionProgramMicros(FlashTimings.Bound.MAXIMUM), bound));
        op = PendingOp.options(board, ranges, result, now(), eraseDur, dur);
    }

    private long now() {
        return board.clock().nanos();
    }

    private static long micros(long us) {
        return us * 1000L;
    }

    // ------------------------------------------------------------------------------------------------ operations

    /** One running operation; its effect on cells is applied on completion or, partially, on interruption. */
    private static final class PendingOp {
        final InterruptedOperation.Kind kind;
        final SimulatedBoard board;
        final long start;
        final long end;
        final long eraseEnd;
        final int bank;
        final AddressRange reportRange;
        final List<long[]> eraseRanges;
        final boolean otp;
        /** Cell offset (flash array or OTP) of the unit being programmed. */
        final long programOffset;
        final long programAddress;
        final byte[] programData;
        final OptionBytes newOptions;

        private PendingOp(InterruptedOperation.Kind kind, SimulatedBoard board, long start, long end, long eraseEnd,
                int bank, AddressRange reportRange, List<long[]> eraseRanges, boolean otp, long programOffset,
                long programAddress, byte[] programData, OptionBytes newOptions) {
            this.kind = kind;
            this.board = board;
            this.start = start;
            this.end = end;
            this.eraseEnd = eraseEnd;
            this.bank = bank;
            this.reportRange = reportRange;
            this.eraseRanges = eraseRanges;
            this.otp = otp;
            this.programOffset = programOffset;
            this.programAddress = programAddress;
            this.programData = programData;
            this.newOptions = newOptions;
        }

        static PendingOp erase(SimulatedBoard board, InterruptedOperation.Kind kind, int bank, AddressRange range,
                List<long[]> cells, long now, long dur) {
            return new PendingOp(kind, board, now, now + dur, now + dur, bank, range, cells, false, 0, 0, null, null);
        }

        static PendingOp program(SimulatedBoard board, boolean otp, int bank, long offset, long address, byte[] data,
                long now, long dur) {
            // the cell offset is fixed now: a reset that keeps the operation may change the bank layout
            long cell = otp ? offset : board.cellOffset(bank, offset);
            return new PendingOp(InterruptedOperation.Kind.PROGRAM, board, now, now + dur, now, bank,
                    new AddressRange(offset, data.length), List.of(), otp, cell, address, data, null);
        }

        static PendingOp options(SimulatedBoard board, List<long[]> eraseRanges, OptionBytes result, long now,
                long eraseDur, long dur) {
            long total = eraseRanges.stream().mapToLong(r -> r[1]).sum();
            return new PendingOp(InterruptedOperation.Kind.OPTION_PROGRAM, board, now, now + dur, now + eraseDur, 0,
                    new AddressRange(0, total), eraseRanges, false, 0, 0, null, result);
        }

        boolean blocksReadsAt(long cellOffset) {
            if (kind == InterruptedOperation.Kind.PROGRAM) {
                return !otp && sameArray(cellOffset, programOffset);
            }
            for (long[] r : eraseRanges) {
                if (cellOffset >= r[0] && cellOffset < r[0] + r[1]) {
                    return true;
                }
            }
            return kind == InterruptedOperation.Kind.OPTION_PROGRAM && !eraseRanges.isEmpty();
        }

        private boolean sameArray(long a, long b) {
            return board.physicalArrayOf(a) == board.physicalArrayOf(b);
        }

        void complete() {
            SimulatedBoard b = board;
            FlashCells cells = b.cells();
            switch (kind) {
                case SECTOR_ERASE, BANK_ERASE -> eraseRanges.forEach(r -> cells.erase(r[0], r[1]));
                case PROGRAM -> (otp ? b.otpCells() : cells).program(programOffset, programData);
                case OPTION_PROGRAM -> {
                    eraseRanges.forEach(r -> cells.erase(r[0], r[1]));
                    b.optionArea().store(newOptions);
                }
            }
        }

        InterruptedOperation interrupt(long now) {
            SimulatedBoard b = board;
            FlashCells cells = b.cells();
            double progress = end == start ? 1.0 : Math.min(1.0, Math.max(0.0, (double) (now - start) / (end - start)));
            switch (kind) {
                case SECTOR_ERASE, BANK_ERASE -> partialErase(cells, progress);
                case PROGRAM -> {
                    FlashCells target = otp ? b.otpCells() : cells;
                    long off = programOffset;
                    byte[] old = target.copy(off, programData.length);
                    // undefined result: only bits being programmed (old 1 -> new 0) may flip, seeded per address
                    SplittableRandom rnd = new SplittableRandom(b.seed() ^ (programAddress * 0x9E37_79B9_7F4A_7C15L));
                    byte[] mixed = new byte[old.length];
                    for (int i = 0; i < old.length; i++) {
                        mixed[i] = (byte) (old[i] & (programData[i] | rnd.nextInt(256)));
                    }
                    target.overwrite(off, mixed);
                }
                case OPTION_PROGRAM -> {
                    double eraseProgress = eraseEnd == start ? 1.0
                            : Math.min(1.0, Math.max(0.0, (double) (now - start) / (eraseEnd - start)));
                    partialErase(cells, eraseProgress);
                    b.optionArea().interrupt(b.f7SimParameters().interruptedOptionWriteErasesWholeArea());
                    progress = eraseRanges.isEmpty() ? progress : eraseProgress;
                }
            }
            return new InterruptedOperation(kind, bank, reportRange, progress, now);
        }

        /** Erases the first floor(progress * total / granule) * granule bytes of the concatenated ranges. */
        private void partialErase(FlashCells cells, double progress) {
            long total = eraseRanges.stream().mapToLong(r -> r[1]).sum();
            long g = SimulatedBoard.ERASE_PROGRESS_GRANULE;
            long left = (long) Math.floor(progress * total / g) * g;
            for (long[] r : eraseRanges) {
                long n = Math.min(left, r[1]);
                if (n > 0) {
                    cells.erase(r[0], n);
                }
                left -= n;
            }
        }
    }
}
