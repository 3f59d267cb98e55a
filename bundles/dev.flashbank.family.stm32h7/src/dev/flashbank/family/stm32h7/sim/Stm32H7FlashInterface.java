package dev.flashbank.family.stm32h7.sim;

import static dev.flashbank.family.stm32h7.Stm32H7Registers.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.Register;
import dev.flashbank.family.stm32h7.Stm32H7Parameters;
import dev.flashbank.family.stm32h7.Stm32H7Parameters.OverwriteResult;
import dev.flashbank.family.stm32h7.Stm32H7Registers;
import dev.flashbank.family.stm32h7.Stm32H7Timings;
import dev.flashbank.family.stm32h7.flash.FlashCrc;
import dev.flashbank.family.stm32h7.sim.FlashWordArray.EccState;
import dev.flashbank.sim.InterruptedOperation;
import dev.flashbank.sim.bus.BusResult;

/**
 * The STM32H7 embedded-flash interface of a simulated board (RM0433 §4): two bank register sets, each with its own
 * KEYR/CR/SR/CCR, write buffer, erase/program queue, CRC engine and ECC_FA; the shared option registers with their
 * _CUR/_PRG pairs, OPTKEYR/OPTCR/OPTCCR and the +0x100 aliases (same storage). Every address, bit and key comes from
 * {@link Stm32H7Registers}; every UNCONFIRMED behaviour is a {@link Stm32H7Parameters} value.
 * <p>
 * Mapping (RM0433 §4.3.13): window slot n (0x0800_0000 / 0x0810_0000) shows physical bank n, or the other one while
 * OPTCR.SWAP_BANK = 1 (latched from SWAP_BANK_OPT at reset). Register set n acts on the bank MAPPED in slot n when
 * {@code registersFollowSwap} (the default), else on physical bank n; WPSN/PRAR/SCAR n likewise per
 * {@code optionRegistersFollowSwap}.
 * <p>
 * Not modelled: spurious RDPERR/RDSERR, read-while-write stalls of the other bank, interrupts (the IE bits are stored),
 * OTP (H7A/B), the "POR needed after a level-1 intrusion" field report, secure access mode (SECURITY only stored).
 */
final class Stm32H7FlashInterface {

    /** Virtual time per flash word the CRC engine reads (ESTIMATE, no source read: a small constant, named). */
    static final long CRC_NANOS_PER_WORD = 40;

    enum OpKind {
        NONE, PROGRAM, SECTOR_ERASE, BANK_ERASE
    }

    private final Stm32H7Board board;
    private final Stm32H7Registers regs;
    private final Stm32H7Parameters p;
    private final int wordBytes;
    private final int sectorSize;
    private final BankSet[] sets;
    private final FlashCrc crcModel;

    // shared registers
    private int acr;
    private int optcr;
    private int optKeyStep;
    private boolean optLockedUntilReset;
    private boolean swapBank;
    private boolean optChangeErr;
    private long optBusyUntil = -1;
    private long optStartedAt;
    private Map<String, Integer> optPending;
    private int crcdata;
    /** Option values in force (_CUR), by _PRG register name; persistent (the option bytes). */
    private final Map<String, Integer> cur = new LinkedHashMap<>();
    /** Bumped whenever {@link #cur} changes: the PRAR/SCAR bounds the reads check are cached per version. */
    private int curVersion;
    private int areaVersion = -1;
    private boolean areaSwap;
    /** Per physical bank: PCROP first and last 256-byte block, secure first and last block (first > last: none). */
    private long[][] areas;
    /** Staged option values (_PRG), by register name. */
    private final Map<String, Integer> prg = new LinkedHashMap<>();

    Stm32H7FlashInterface(Stm32H7Board board, Map<String, Integer> options) {
        this.board = board;
        this.regs = board.registers();
        this.p = regs.parameters();
        this.wordBytes = regs.line().flashWordBytes();
        this.sectorSize = regs.line().sectorSize();
        this.sets = new BankSet[regs.bankRegisterSets() + 1];
        for (int n = 1; n < sets.length; n++) {
            sets[n] = new BankSet(n);
        }
        this.crcModel = new FlashCrc(FlashCrc.ETHERNET_POLYNOMIAL, p.crcInitialValue(), p.crcReflected());
        cur.putAll(options);
        curVersion++;
        prg.putAll(options);
    }

    // =============================================================================================== options

    /** The option registers in force (_CUR), by _PRG name: the non-volatile option bytes. */
    Map<String, Integer> optionsInForce() {
        return new LinkedHashMap<>(cur);
    }

    int optionInForce(String prgName) {
        return cur.get(prgName);
    }

    void setOptions(Map<String, Integer> options) {
        cur.clear();
        cur.putAll(options);
        curVersion++;
        prg.clear();
        prg.putAll(options);
    }

    /** FLASH_ACR as written (LATENCY, WRHIGHFREQ): the board charges its wait states to instruction fetches. */
    int acr() {
        return acr;
    }

    boolean swapBank() {
        return swapBank;
    }

    /** RDP level in force: 0 (0xAA), 2 (0xCC) or 1 (anything else). */
    int rdpLevel() {
        int rdp = regs.optsrPrg().field(RDP).extract(cur.get(OPTSR_PRG));
        return rdp == 0xAA ? 0 : rdp == 0xCC ? 2 : 1;
    }

    /** Physical bank shown in window slot {@code slot}. */
    int physicalInSlot(int slot) {
        return sets.length == 2 ? 1 : swapBank ? 3 - slot : slot;
    }

    private int physicalOfSet(int n) {
        return sets.length == 2 ? 1 : p.registersFollowSwap() && swapBank ? 3 - n : n;
    }

    private int optionSetOfPhysical(int physical) {
        return sets.length == 2 ? 1 : p.optionRegistersFollowSwap() && swapBank ? 3 - physical : physical;
    }

    /** The register set whose operations act on physical bank {@code physical}. */
    private BankSet setOfPhysical(int physical) {
        for (int n = 1; n < sets.length; n++) {
            if (physicalOfSet(n) == physical) {
                return sets[n];
            }
        }
        throw new IllegalStateException("no register set for bank " + physical);
    }

    /** WPSN: bit i = 0 protects sector i of the bank (RM0433 §4.5.4, active low). */
    boolean isWriteProtected(int physical, int sector) {
        int set = optionSetOfPhysical(physical);
        int w = cur.get(regs.wpsnPrg(set).name());
        return ((regs.wpsnPrg(set).field(WRPSN).extract(w) >>> sector) & 1) == 0;
    }

    private boolean inArea(int physical, long offset, boolean secure) {
        if (areas == null || areaVersion != curVersion || areaSwap != swapBank) {
            areas = new long[sets.length][];
            for (int b = 1; b < sets.length; b++) {
                long[] a = new long[4];
                bounds(b, false, a, 0);
                bounds(b, true, a, 2);
                areas[b] = a;
            }
            areaVersion = curVersion;
            areaSwap = swapBank;
        }
        long[] a = areas[physical];
        long block = offset >>> 8; // 256-byte granularity, END inclusive (RM0433 §4.5.5)
        int i = secure ? 2 : 0;
        return block >= a[i] && block <= a[i + 1];
    }

    /** The protected 256-byte blocks of a bank's PRAR or SCAR as [first, last] into {@code into} at {@code at}. */
    private void bounds(int physical, boolean secure, long[] into, int at) {
        Register r = secure ? regs.scarPrg(optionSetOfPhysical(physical)) : regs.prarPrg(optionSetOfPhysical(physical));
        int v = cur.get(r.name());
        int start = r.field(secure ? SEC_AREA_START : PROT_AREA_START).extract(v);
        int end = r.field(secure ? SEC_AREA_END : PROT_AREA_END).extract(v);
        long first = 1;
        long last = 0; // none
        if (start == end) {
            first = p.areaStartEqualsEndProtectsWholeBank() ? 0 : start;
            last = p.areaStartEqualsEndProtectsWholeBank() ? Long.MAX_VALUE : start;
        } else if (start < end) {
            first = start;
            last = end;
        }
        into[at] = first;
        into[at + 1] = last;
    }

    boolean isPcrop(int physical, long offset) {
        return inArea(physical, offset, false);
    }

    boolean isSecure(int physical, long offset) {
        return inArea(physical, offset, true);
    }

    private boolean areaErasedOnRegression(int physical, boolean secure) {
        Register r = secure ? regs.scarPrg(optionSetOfPhysical(physical)) : regs.prarPrg(optionSetOfPhysical(physical));
        return !p.protectedAreasSurviveRegressionUnlessErased() || r.field(secure ? DMES : DMEP).isSet(cur.get(r.name()));
    }

    // =============================================================================================== time

    /** Completes everything due at {@code now}. */
    void settle(long now) {
        for (int n = 1; n < sets.length; n++) {
            sets[n].settle(now);
        }
        if (optBusyUntil >= 0 && now >= optBusyUntil) {
            completeOptionChange();
        }
    }

    /** Earliest time something completes, or -1. */
    long nextCompletion() {
        long t = Long.MAX_VALUE;
        for (int n = 1; n < sets.length; n++) {
            if (sets[n].busyUntil >= 0) {
                t = Math.min(t, sets[n].busyUntil);
            }
            if (sets[n].crcBusyUntil >= 0) {
                t = Math.min(t, sets[n].crcBusyUntil);
            }
        }
        if (optBusyUntil >= 0) {
            t = Math.min(t, optBusyUntil);
        }
        return t == Long.MAX_VALUE ? -1 : t;
    }

    boolean busy() {
        return nextCompletion() >= 0;
    }

    /** Power lost now: the running operation (a flash operation first, else an option change) leaves its damage. */
    Optional<InterruptedOperation> interrupt(long now) {
        InterruptedOperation result = null;
        for (int n = 1; n < sets.length; n++) {
            InterruptedOperation i = sets[n].interrupt(now);
            if (i != null && result == null) {
                result = i;
            }
            sets[n].crcBusyUntil = -1;
        }
        if (optBusyUntil >= 0) {
            // what an interrupted H7 option change leaves is not documented (RM0433 §4.4 not read): the options in
            // force stay as they were (the change never completed), any mass erase of a regression is cut like a bank
            // erase
            long total = optBusyUntil - optStartedAt;
            double progress = total <= 0 ? 1 : Math.min(1, (now - optStartedAt) / (double) total);
            if (result == null) {
                result = new InterruptedOperation(InterruptedOperation.Kind.OPTION_PROGRAM, 0,
                        new AddressRange(0, 4L * cur.size()), progress, now);
            }
            optBusyUntil = -1;
            optPending = null;
        }
        return Optional.ofNullable(result);
    }

    /** System reset or power-on reset (RM0433 §4.9: CR = LOCK|PSIZE x64, OPTCR = OPTLOCK, SWAP_BANK latched). */
    void reset() {
        for (int n = 1; n < sets.length; n++) {
            sets[n].reset();
        }
        acr = regs.acr().resetValue();
        optcr = p.optcrResetValue();
        optKeyStep = 0;
        optLockedUntilReset = false;
        optChangeErr = false;
        crcdata = 0;
        swapBank = sets.length > 2 && regs.optsrPrg().field(SWAP_BANK_OPT).isSet(cur.get(OPTSR_PRG));
        if (p.stagedPrgLostAtReset()) {
            prg.clear();
            prg.putAll(cur);
        }
    }

    // =============================================================================================== bus: flash

    /** A data write into the flash window slot {@code slot} at bank offset {@code offset}. */
    BusResult writeWindow(long address, int slot, long offset, int n, long value) {
        BankSet s = sets[p.registersFollowSwap() || sets.length == 2 ? slotSet(slot) : physicalInSlot(slot)];
        return s.bufferWrite(address, physicalInSlot(slot), offset, n, value);
    }

    private int slotSet(int slot) {
        return sets.length == 2 ? 1 : slot;
    }

    /**
     * A read of {@code n} bytes in slot {@code slot}: data, or the bus error of an uncorrectable ECC word or of a PCROP /
     * secure-only word; the flags go to the register set of the slot.
     */
    BusResult readWindow(long address, int slot, long offset, int n) {
        return readWindow(address, slot, offset, n, false);
    }

    /**
     * As {@link #readWindow(long, int, long, int)}; {@code instructionFetch}: the core fetches an instruction, which a
     * PCROP area allows (execute-only, RM0433 §4.5.5: data reads of it fail, fetches do not).
     */
    BusResult readWindow(long address, int slot, long offset, int n, boolean instructionFetch) {
        int physical = physicalInSlot(slot);
        BankSet s = sets[slotSet(slot)];
        FlashWordArray bank = board.bank(physical);
        if (!instructionFetch && isPcrop(physical, offset)) {
            s.raise(RDPERR);
            return new BusResult.Fault(address, "read of a PCROP (execute-only) area: RDPERR");
        }
        if (isSecure(physical, offset)) {
            s.raise(RDSERR);
            return new BusResult.Fault(address, "read of a secure-only area: RDSERR");
        }
        int word = bank.wordIndex(offset);
        EccState e = bank.state(word);
        if (bank.wordIndex(offset + n - 1) != word) {
            EccState e2 = bank.state(word + 1);
            e = e2.ordinal() > e.ordinal() ? e2 : e;
        }
        if (e == EccState.DOUBLE_ERROR) {
            s.eccError(DBECCERR, word);
            return new BusResult.Fault(address, "uncorrectable ECC error in the flash word at 0x"
                    + Long.toHexString(address & ~(wordBytes - 1L)) + ": DBECCERR");
        }
        if (e == EccState.SINGLE_ERROR) {
            s.eccError(SNECCERR, word);
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) bank.get(offset + i) << (8 * i);
        }
        return BusResult.ok(v);
    }

    // =============================================================================================== bus: registers

    /** Register read at {@code offset} from FLASH_BASE (32-bit word). */
    int readRegister(long offset) {
        Optional<Register> r = regs.registerAt(FLASH_BASE + offset);
        if (r.isEmpty()) {
            return 0;
        }
        String name = r.get().name();
        for (int n = 1; n < sets.length; n++) {
            BankSet s = sets[n];
            if (name.equals(banked("CR", n))) {
                return s.cr;
            }
            if (name.equals(banked("SR", n))) {
                return s.status();
            }
            if (name.equals(banked("CRCCR", n))) {
                return s.crccr;
            }
            if (name.equals(banked("CRCSADD", n))) {
                return s.crcsadd;
            }
            if (name.equals(banked("CRCEADD", n))) {
                return s.crceadd;
            }
            if (name.equals(banked("ECC_FA", n))) {
                return s.eccFa;
            }
        }
        switch (name) {
            case ACR:
                return acr;
            case OPTCR:
                return regs.optcr().findField(SWAP_BANK).map(f -> f.insert(optcr, swapBank ? 1 : 0)).orElse(optcr);
            case OPTSR_CUR: {
                Register c = regs.optsrCur();
                int v = c.field(OPT_BUSY).insert(cur.get(OPTSR_PRG), optBusyUntil >= 0 ? 1 : 0);
                return c.field(OPTCHANGEERR).insert(v, optChangeErr ? 1 : 0);
            }
            case CRCDATAR:
                return crcdata;
            default:
                break;
        }
        if (r.get().access() == dev.flashbank.core.device.Access.WRITE_ONLY) {
            return 0; // KEYRx, OPTKEYR, CCRx, OPTCCR read as zero
        }
        if (prg.containsKey(name)) {
            return prg.get(name);
        }
        for (Register prgReg : regs.programRegisters()) {
            if (regs.currentOf(prgReg).name().equals(name)) {
                return cur.get(prgReg.name());
            }
        }
        return 0;
    }

    /** Register write (32-bit word, lanes already merged by the board). */
    BusResult writeRegister(long address, long offset, int value) {
        if (optBusyUntil >= 0 && !board.stallUntil(optBusyUntil)) {
            return board.lost(); // register writes are held until the option change completes (RM0433 §4.4)
        }
        Optional<Register> r = regs.registerAt(FLASH_BASE + offset);
        if (r.isEmpty() || r.get().access() == dev.flashbank.core.device.Access.READ_ONLY) {
            return BusResult.ok(); // read-only and reserved words ignore writes
        }
        String name = r.get().name();
        for (int n = 1; n < sets.length; n++) {
            BankSet s = sets[n];
            if (name.equals(banked("KEYR", n))) {
                return s.key(address, value);
            }
            if (name.equals(banked("CR", n))) {
                s.writeCr(value);
                return BusResult.ok();
            }
            if (name.equals(banked("CCR", n))) {
                s.clear(value);
                return BusResult.ok();
            }
            if (name.equals(banked("CRCCR", n))) {
                s.writeCrccr(value);
                return BusResult.ok();
            }
            if (name.equals(banked("CRCSADD", n))) {
                s.crcsadd = value & r.get().definedBits();
                return BusResult.ok();
            }
            if (name.equals(banked("CRCEADD", n))) {
                s.crceadd = value & r.get().definedBits();
                return BusResult.ok();
            }
        }
        switch (name) {
            case ACR:
                acr = value & regs.acr().definedBits();
                return BusResult.ok();
            case OPTKEYR:
                return optionKey(address, value);
            case OPTCCR:
                if (regs.optccr().field(CLR_OPTCHANGEERR).isSet(value)) {
                    optChangeErr = false;
                }
                return BusResult.ok();
            case OPTCR:
                writeOptcr(value);
                return BusResult.ok();
            default:
                break;
        }
        if (prg.containsKey(name)) {
            if (!regs.optcr().field(OPTLOCK).isSet(optcr)) {
                int v = value & r.get().definedBits();
                if (name.equals(OPTSR_PRG)) {
                    Register c = regs.optsrCur(); // OPT_BUSY / OPTCHANGEERR are status, not options
                    v &= ~(c.field(OPT_BUSY).mask() | c.field(OPTCHANGEERR).mask());
                }
                prg.put(name, v);
            }
        }
        return BusResult.ok();
    }

    private BusResult optionKey(long address, int value) {
        boolean locked = regs.optcr().field(OPTLOCK).isSet(optcr);
        if (optLockedUntilReset) {
            return new BusResult.Fault(address, "OPTKEYR: options locked until reset after a wrong key sequence");
        }
        int expected = optKeyStep == 0 ? OPTKEYR_KEYS.key1() : OPTKEYR_KEYS.key2();
        if (!locked || value != expected) {
            optKeyStep = 0;
            if (p.wrongKeyLocksUntilReset()) {
                optLockedUntilReset = true;
                optcr = regs.optcr().field(OPTLOCK).insert(optcr, 1);
                return new BusResult.Fault(address, locked ? "OPTKEYR: wrong key (options locked until reset)"
                        : "OPTKEYR written while unlocked (a second key sequence locks until reset)");
            }
            return BusResult.ok();
        }
        if (optKeyStep == 0) {
            optKeyStep = 1;
        } else {
            optKeyStep = 0;
            optcr = regs.optcr().field(OPTLOCK).insert(optcr, 0);
        }
        return BusResult.ok();
    }

    private void writeOptcr(int value) {
        Register r = regs.optcr();
        boolean locked = r.field(OPTLOCK).isSet(optcr);
        Optional<dev.flashbank.core.device.Field> mer = r.findField(MER);
        if (mer.isPresent() && mer.get().isSet(value) && (!locked || !p.merRequiresOptionUnlock())) {
            massErase();
        }
        if (locked) {
            return; // with OPTLOCK = 1 OPTCR cannot be changed (only the key sequence clears OPTLOCK)
        }
        int writable = r.definedBits() & ~r.field(OPTSTART).mask() & ~mer.map(f -> f.mask()).orElse(0)
                & ~r.findField(SWAP_BANK).map(f -> p.swapBankWritable() ? 0 : f.mask()).orElse(0);
        optcr = (optcr & ~writable) | (value & writable);
        if (p.swapBankWritable() && r.findField(SWAP_BANK).isPresent()) {
            swapBank = r.field(SWAP_BANK).isSet(value);
        }
        if (r.field(OPTSTART).isSet(value) && !r.field(OPTLOCK).isSet(optcr) && optBusyUntil < 0) {
            startOptionChange();
        }
    }

    // =============================================================================================== option change

    private void startOptionChange() {
        long now = board.now();
        Map<String, Integer> wanted = new LinkedHashMap<>(prg);
        if (rdpLevel() == 2 && !wanted.equals(cur)) {
            optChangeErr = true; // RDP level 2 freezes every option (RM0433 §4.5.3)
            return;
        }
        if (regs.optsrPrg().field(RDP).extract(wanted.get(OPTSR_PRG)) == 0xCC && rdpLevel() == 2) {
            return;
        }
        long micros = Stm32H7Timings.optionChangeMicros(board.timingBound());
        if (isRegression(wanted)) {
            micros += Stm32H7Timings.bankEraseMicros(board.bankSize(), Parallelism.X64, board.timingBound());
        }
        optPending = wanted;
        optStartedAt = now;
        optBusyUntil = now + micros * 1000;
        optChangeErr = false;
    }

    private boolean isRegression(Map<String, Integer> wanted) {
        int rdp = regs.optsrPrg().field(RDP).extract(wanted.get(OPTSR_PRG));
        return rdpLevel() == 1 && rdp == 0xAA;
    }

    private void completeOptionChange() {
        Map<String, Integer> wanted = optPending;
        optBusyUntil = -1;
        optPending = null;
        if (wanted == null) {
            return;
        }
        if (isRegression(wanted)) {
            // RDP 1 -> 0: the user flash is mass-erased, PCROP/secure areas only when DMEP/DMES ask for it
            for (int b = 1; b <= board.physicalArrays(); b++) {
                FlashWordArray a = board.bank(b);
                boolean erasePcrop = areaErasedOnRegression(b, false);
                boolean eraseSecure = areaErasedOnRegression(b, true);
                for (long o = 0; o < a.size(); o += 256) {
                    if ((!isPcrop(b, o) || erasePcrop) && (!isSecure(b, o) || eraseSecure)) {
                        a.erase(o, 256);
                    }
                }
            }
        }
        cur.clear();
        cur.putAll(wanted);
        curVersion++;
    }

    // =============================================================================================== erase

    private void massErase() {
        for (int n = 1; n < sets.length; n++) {
            if (regs.cr(n).field(LOCK).isSet(sets[n].cr)) {
                return; // both banks must be unlocked (HAL unlocks both before MER)
            }
        }
        boolean refused = false;
        for (int n = 1; n < sets.length; n++) {
            if (sets[n].anyProtected(physicalOfSet(n))) {
                sets[n].raise(WRPERR);
                refused = true;
            }
        }
        if (refused) {
            return;
        }
        for (int n = 1; n < sets.length; n++) {
            if (p.merSetsBer()) {
                sets[n].cr = regs.cr(n).field(BER).insert(sets[n].cr, 1);
            }
            sets[n].startErase(OpKind.BANK_ERASE, physicalOfSet(n), 0, board.bank(physicalOfSet(n)).size());
        }
    }

    // =============================================================================================== one register set

    /** KEYRn/CRn/SRn/CCRn, the write buffer, the operation queue (depth 1), the CRC engine and ECC_FAn of set n. */
    private final class BankSet {
        final int n;
        final Register crReg;
        final Register srReg;
        int cr;
        int sr;
        int keyStep;
        boolean lockedUntilReset;
        // write buffer
        long bufAddress = -1;
        int bufPhysical;
        long bufOffset;
        final byte[] buf = new byte[wordBytes];
        final boolean[] filled = new boolean[wordBytes];
        int filledCount;
        // operation
        OpKind op = OpKind.NONE;
        int opPhysical;
        long opOffset;
        long opLength;
        byte[] opData;
        long opStart;
        long busyUntil = -1;
        // CRC engine
        int crccr;
        int crcsadd;
        int crceadd;
        final TreeSet<Integer> crcSectors = new TreeSet<>();
        long crcBusyUntil = -1;
        int crcPending;
        boolean crcReadError;
        int eccFa;

        BankSet(int n) {
            this.n = n;
            this.crReg = regs.cr(n);
            this.srReg = regs.sr(n);
        }

        void reset() {
            settle(board.now());
            cr = p.crResetValue() & crReg.definedBits();
            sr = 0;
            keyStep = 0;
            lockedUntilReset = false;
            discardBuffer();
            crccr = 0;
            crcsadd = 0;
            crceadd = 0;
            crcSectors.clear();
            crcBusyUntil = -1;
            eccFa = 0;
        }

        int status() {
            int v = sr;
            if (busyUntil >= 0) {
                v = srReg.field(BSY).insert(v, 1);
                v = srReg.field(QW).insert(v, 1);
            }
            if (filledCount > 0) {
                v = srReg.field(WBNE).insert(v, 1);
            }
            if (crcBusyUntil >= 0) {
                v = srReg.field(CRC_BUSY).insert(v, 1);
            }
            return v;
        }

        void raise(String flag) {
            sr = srReg.field(flag).insert(sr, 1);
        }

        void eccError(String flag, int word) {
            boolean captured = srReg.field(SNECCERR).isSet(sr) || srReg.field(DBECCERR).isSet(sr);
            if (!captured) {
                eccFa = regs.eccFa(n).field(FAIL_ECC_ADDR).insert(0, word); // only the first error is captured
            }
            raise(flag);
        }

        void clear(int value) {
            Register ccr = regs.ccr(n);
            boolean eccBefore = srReg.field(SNECCERR).isSet(sr) || srReg.field(DBECCERR).isSet(sr);
            for (dev.flashbank.core.device.Field f : ccr.fields()) {
                if (f.isSet(value) && f.name().startsWith(CLR_PREFIX)) {
                    srReg.findField(f.name().substring(CLR_PREFIX.length())).ifPresent(s -> sr &= ~s.mask());
                }
            }
            boolean eccAfter = srReg.field(SNECCERR).isSet(sr) || srReg.field(DBECCERR).isSet(sr);
            if (eccBefore && !eccAfter) {
                eccFa = 0; // clearing the ECC flags also resets ECC_FA (RM0433 §4.9.30)
            }
        }

        boolean locked() {
            return crReg.field(LOCK).isSet(cr);
        }

        BusResult key(long address, int value) {
            if (lockedUntilReset) {
                return new BusResult.Fault(address, banked("KEYR", n) + ": bank locked until reset after a wrong key");
            }
            int expected = keyStep == 0 ? KEYR_KEYS.key1() : KEYR_KEYS.key2();
            if (!locked() || value != expected) {
                keyStep = 0;
                if (p.wrongKeyLocksUntilReset()) {
                    lockedUntilReset = true;
                    cr = crReg.field(LOCK).insert(cr, 1);
                    return new BusResult.Fault(address, banked("KEYR", n) + (locked() && value != expected
                            ? ": wrong key (locked until reset)" : ": written while unlocked (locked until reset)"));
                }
                return BusResult.ok();
            }
            if (keyStep == 0) {
                keyStep = 1;
            } else {
                keyStep = 0;
                cr = crReg.field(LOCK).insert(cr, 0);
            }
            return BusResult.ok();
        }

        void writeCr(int value) {
            if (locked()) {
                return; // CRx ignores writes while LOCK = 1 (RM0433 §4.9.4)
            }
            int old = cr;
            int v = value & crReg.definedBits();
            boolean pgWas = crReg.field(PG).isSet(old);
            cr = v & ~crReg.field(START).mask() & ~crReg.field(FW).mask();
            if (pgWas && !crReg.field(PG).isSet(v)) {
                discardBuffer(); // PG cleared: data not yet queued is lost
            }
            if (crReg.field(CRC_EN).isSet(old) && !crReg.field(CRC_EN).isSet(v)) {
                crccr = 0; // clearing CRC_EN clears the CRC configuration and CRCDATA (RM0433 §4.3.12)
                crcSectors.clear();
                crcdata = 0;
            }
            if (crReg.field(FW).isSet(v) && filledCount > 0) {
                for (int i = 0; i < wordBytes; i++) {
                    if (!filled[i]) {
                        buf[i] = (byte) 0xFF; // force write: the bytes not written are programmed as 1
                    }
                }
                commitBuffer();
            }
            if (crReg.field(START).isSet(v)) {
                boolean ber = crReg.field(BER).isSet(v);
                boolean ser = crReg.field(SER).isSet(v);
                if ((ber || ser) && crReg.field(PG).isSet(v) && p.pgserrOnSerWithPg()) {
                    raise(PGSERR);
                } else if (ber) { // BER has priority over SER
                    requestErase(OpKind.BANK_ERASE, 0);
                } else if (ser) {
                    requestErase(OpKind.SECTOR_ERASE, crReg.field(SNB).extract(v));
                }
            }
        }

        private boolean staleErrors() {
            return p.staleErrorsBlockStart() && (sr & regs.srErrorMask()) != 0;
        }

        boolean anyProtected(int physical) {
            int sectors = board.bank(physical).size() / sectorSize;
            for (int s = 0; s < sectors; s++) {
                if (isWriteProtected(physical, s)) {
                    return true;
                }
            }
            return false;
        }

        private void requestErase(OpKind kind, int sector) {
            int physical = physicalOfSet(n);
            int sectors = board.bank(physical).size() / sectorSize;
            if (staleErrors()) {
                raise(PGSERR);
                return;
            }
            if (board.rdpBlocksDebugger()) {
                raise(RDPERR);
                return;
            }
            if (kind == OpKind.SECTOR_ERASE) {
                if (sector >= sectors) {
                    raise(PGSERR); // SNB names no sector of this bank
                    return;
                }
                if (isWriteProtected(physical, sector)) {
                    raise(WRPERR);
                    return;
                }
                startErase(kind, physical, (long) sector * sectorSize, sectorSize);
            } else {
                if (anyProtected(physical)) {
                    raise(WRPERR); // the whole bank erase is refused (RM0433 §4.3.10)
                    return;
                }
                startErase(kind, physical, 0, board.bank(physical).size());
            }
        }

        void startErase(OpKind kind, int physical, long offset, long length) {
            if (busyUntil >= 0 && !board.stallUntil(busyUntil)) {
                return;
            }
            Parallelism par = Parallelism.fromPsize(crReg.field(PSIZE).extract(cr));
            long micros = kind == OpKind.SECTOR_ERASE ? Stm32H7Timings.sectorEraseMicros(sectorSize, par, board.timingBound())
                    : Stm32H7Timings.bankEraseMicros(length, par, board.timingBound());
            begin(kind, physical, offset, length, null, micros);
        }

        private void begin(OpKind kind, int physical, long offset, long length, byte[] data, long micros) {
            op = kind;
            opPhysical = physical;
            opOffset = offset;
            opLength = length;
            opData = data;
            opStart = board.now();
            busyUntil = opStart + micros * 1000;
        }

        BusResult bufferWrite(long address, int physical, long offset, int n, long value) {
            if (!crReg.field(PG).isSet(cr)) {
                raise(PGSERR); // a write with PG = 0 is rejected without a bus error (RM0399 §4.3.9)
                return BusResult.ok();
            }
            long word = address & ~(wordBytes - 1L);
            if (filledCount > 0 && word != bufAddress) {
                if (p.incerrOnOtherWordWhilePartial()) {
                    raise(INCERR);
                }
                discardBuffer();
            }
            if (filledCount == 0) {
                bufAddress = word;
                bufPhysical = physical;
                bufOffset = offset & ~(wordBytes - 1L);
            }
            int at = (int) (address - word);
            for (int i = 0; i < n; i++) {
                if (filled[at + i]) {
                    raise(STRBERR); // the same byte of the write buffer written twice
                    discardBuffer();
                    return BusResult.ok();
                }
            }
            for (int i = 0; i < n; i++) {
                buf[at + i] = (byte) (value >>> (8 * i));
                filled[at + i] = true;
            }
            filledCount += n;
            if (filledCount == wordBytes) {
                commitBuffer();
            }
            return BusResult.ok();
        }

        private void discardBuffer() {
            java.util.Arrays.fill(filled, false);
            filledCount = 0;
            bufAddress = -1;
        }

        private void commitBuffer() {
            byte[] data = buf.clone();
            int physical = bufPhysical;
            long offset = bufOffset;
            discardBuffer();
            if (staleErrors()) {
                raise(PGSERR);
                return;
            }
            if (isWriteProtected(physical, (int) (offset / sectorSize))) {
                raise(WRPERR);
                return;
            }
            if (busyUntil >= 0 && !board.stallUntil(busyUntil)) {
                return; // the queue holds one operation: the next word waits for the running one
            }
            Parallelism par = Parallelism.fromPsize(crReg.field(PSIZE).extract(cr));
            begin(OpKind.PROGRAM, physical, offset, wordBytes, data,
                    Stm32H7Timings.wordProgramMicros(par, board.timingBound()));
        }

        void settle(long now) {
            if (busyUntil >= 0 && now >= busyUntil) {
                complete();
            }
            if (crcBusyUntil >= 0 && now >= crcBusyUntil) {
                crcBusyUntil = -1;
                crcdata = crcPending;
                raise(CRCEND);
                if (crcReadError) {
                    raise(CRCRDERR);
                }
            }
        }

        private void complete() {
            FlashWordArray a = board.bank(opPhysical);
            switch (op) {
                case PROGRAM -> program(a, opOffset, opData);
                case SECTOR_ERASE, BANK_ERASE -> a.erase(opOffset, opLength);
                case NONE -> {
                }
            }
            op = OpKind.NONE;
            busyUntil = -1;
            opData = null;
            raise(EOP);
        }

        private void program(FlashWordArray a, long offset, byte[] data) {
            int word = a.wordIndex(offset);
            EccState before = a.state(word);
            a.program(offset, data);
            if (before == EccState.ERASED) {
                a.setState(word, EccState.PROGRAMMED);
                return;
            }
            boolean allZero = true;
            for (byte b : data) {
                allZero &= b == 0;
            }
            if (allZero && p.zeroOverProgrammedWordIsEccSafe() && before == EccState.PROGRAMMED) {
                return;
            }
            // a second program of a word (RM0433 §4.3.9 forbids it): its ECC no longer matches
            a.setState(word, p.overwriteResult() == OverwriteResult.DOUBLE_ECC_ERROR ? EccState.DOUBLE_ERROR
                    : before == EccState.DOUBLE_ERROR ? EccState.DOUBLE_ERROR : EccState.SINGLE_ERROR);
        }

        /** Power loss: what the running operation leaves in the cells. */
        InterruptedOperation interrupt(long now) {
            if (busyUntil < 0) {
                return null;
            }
            FlashWordArray a = board.bank(opPhysical);
            double progress = Math.min(1, Math.max(0, (now - opStart) / (double) (busyUntil - opStart)));
            InterruptedOperation.Kind kind;
            if (op == OpKind.PROGRAM) {
                kind = InterruptedOperation.Kind.PROGRAM;
                // each bit being programmed (1 -> 0) ends up 0 or 1; the word's ECC is torn: uncorrectable
                SplittableRandom rnd = new SplittableRandom(board.seed() * 31 + opPhysical * 0x1_0000_0000L + opOffset);
                byte[] torn = new byte[opData.length];
                for (int i = 0; i < torn.length; i++) {
                    int toClear = ~opData[i] & 0xFF;
                    torn[i] = (byte) ~(toClear & rnd.nextInt(256));
                }
                a.program(opOffset, torn);
                a.setState(a.wordIndex(opOffset), EccState.DOUBLE_ERROR);
            } else {
                kind = op == OpKind.SECTOR_ERASE ? InterruptedOperation.Kind.SECTOR_ERASE
                        : InterruptedOperation.Kind.BANK_ERASE;
                // erase proceeds word by word from the start: erased prefix, the word at the cut torn, rest untouched
                long done = (long) Math.floor(progress * opLength / wordBytes) * wordBytes;
                if (done > 0) {
                    a.erase(opOffset, done);
                }
                if (done < opLength) {
                    a.setState(a.wordIndex(opOffset + done), EccState.DOUBLE_ERROR);
                }
            }
            InterruptedOperation i = new InterruptedOperation(kind, opPhysical, new AddressRange(opOffset, opLength),
                    progress, now);
            op = OpKind.NONE;
            busyUntil = -1;
            opData = null;
            return i;
        }

        void writeCrccr(int value) {
            Register r = regs.crccr(n);
            int v = value & r.definedBits();
            if (r.field(CLEAN_SECT).isSet(v)) {
                crcSectors.clear();
            }
            if (r.field(ADD_SECT).isSet(v)) {
                crcSectors.add(r.field(CRC_SECT).extract(v));
            }
            if (r.field(CLEAN_CRC).isSet(v)) {
                crcdata = p.crcInitialValue();
            }
            int selfClearing = r.field(CLEAN_SECT).mask() | r.field(ADD_SECT).mask() | r.field(CLEAN_CRC).mask()
                    | r.field(START_CRC).mask();
            crccr = v & ~selfClearing;
            if (r.field(START_CRC).isSet(v) && crReg.field(CRC_EN).isSet(cr) && crcBusyUntil < 0) {
                startCrc(r, v);
            }
        }

        private void startCrc(Register r, int v) {
            int physical = physicalOfSet(n);
            FlashWordArray a = board.bank(physical);
            List<long[]> ranges = new ArrayList<>();
            if (r.field(ALL_BANK).isSet(v)) {
                ranges.add(new long[] { 0, a.size() });
            } else if (r.field(CRC_BY_SECT).isSet(v)) {
                for (int s : crcSectors) {
                    if ((long) (s + 1) * sectorSize <= a.size()) {
                        ranges.add(new long[] { (long) s * sectorSize, sectorSize });
                    }
                }
            } else {
                long start = (long) regs.crcsadd(n).field(CRC_START_ADDR).extract(crcsadd) << 2;
                long end = ((long) regs.crceadd(n).field(CRC_END_ADDR).extract(crceadd) << 2) + 4;
                if (end > start && end <= a.size()) {
                    ranges.add(new long[] { start, end - start });
                }
            }
            int crc = crcdata;
            boolean readError = false;
            long words = 0;
            for (long[] range : ranges) {
                for (long o = range[0]; o < range[0] + range[1]; o += 4) {
                    if (isPcrop(physical, o) || isSecure(physical, o)) {
                        readError = true; // protected words are not read: CRCRDERR, the result differs
                        continue;
                    }
                    int w = a.get(o) | a.get(o + 1) << 8 | a.get(o + 2) << 16 | a.get(o + 3) << 24;
                    crc = crcModel.word(crc, p.crcReflected() ? Integer.reverse(Integer.reverseBytes(w)) : w);
                    words++;
                }
            }
            crcPending = crc;
            crcReadError = readError;
            crcBusyUntil = board.now() + Math.max(1, words / 8) * CRC_NANOS_PER_WORD;
        }
    }
}
