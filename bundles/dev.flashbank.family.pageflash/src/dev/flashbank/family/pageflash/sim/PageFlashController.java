package dev.flashbank.family.pageflash.sim;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.Register;
import dev.flashbank.family.pageflash.PageFlashGeometry;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashLine.Series;
import dev.flashbank.family.pageflash.PageFlashOptionImage;
import dev.flashbank.family.pageflash.PageFlashRegisters;
import dev.flashbank.sim.InterruptedOperation;
import dev.flashbank.sim.bus.BusResult;

/**
 * The FLASH register block of a simulated page-flash part (RM0440 §3, RM0351 §3, RM0444 §3): KEYR/OPTKEYR key state
 * machines, CR with LOCK/OPTLOCK, SR with its write-1-to-clear flags, ECCR, the option registers (what they read back
 * is what was loaded at the last OBL, or written since), 64-bit double-word programming with ECC, fast row
 * programming, page / bank / mass erase by PHYSICAL bank (BKER, MER1/MER2), the option change (OPTSTRT) with the RDP
 * 1 -> 0 regression erase, and OBL_LAUNCH (which the board turns into an option load plus a system reset). Every
 * address, bit and key comes from {@link PageFlashRegisters}; every UNCONFIRMED behaviour is a
 * {@link PageFlashSimParameters} value; durations come from the line's timing table through the board.
 * <p>
 * Not modelled: interrupts (the IE bits are stored), PDKEYR / RUN_PD, caches (ICRST/DCRST are stored), single-bit ECC
 * corrections (ECCC), the OTP (the board keeps it), SRAM2/CCM and backup-register erase of an RDP regression.
 */
final class PageFlashController {

    enum OpKind {
        NONE, PROGRAM, FAST_ROW, PAGE_ERASE, MASS_ERASE, OPTION
    }

    private final PageFlashBoard board;
    private final PageFlashRegisters regs;
    private final PageFlashLine line;
    private final PageFlashSimParameters p;
    private final Register crReg;
    private final Register srReg;
    private final OptionStore store;

    // volatile state
    private int acr;
    private int cr;
    private int sr;
    private final int[] eccr = new int[3];
    private int keyStep;
    private int optKeyStep;
    private boolean lockedUntilReset;
    private boolean optLockedUntilReset;
    /** Option registers as they read back: loaded at the last OBL, changed by writes since. */
    private final Map<String, Integer> optRegs = new LinkedHashMap<>();
    /** Options the hardware obeys: loaded at the last OBL. */
    private Map<String, Integer> loaded = new LinkedHashMap<>();
    private boolean optverr;
    /** The last option-byte load found a value/complement mismatch (kept when software clears SR.OPTVERR). */
    private boolean mismatchAtLoad;
    private boolean virgin;

    // programming
    private long firstWordAddress = -1;
    private int firstWord;
    private final List<Integer> row = new ArrayList<>();
    private long rowAddress = -1;
    private long lastRowWriteAt;
    /** Array spans erased by the last erase operation (fast-programming precondition). */
    private final List<CellMap.Span> lastErased = new ArrayList<>();
    private boolean lastEraseWasMass;

    // the running operation
    private OpKind op = OpKind.NONE;
    private long busyUntil = -1;
    private long opStart;
    private List<CellMap.Span> opSpans = List.of();
    private byte[] opData;
    private int opBank;
    private Map<String, Integer> opOptions;
    private boolean opRegression;
    private long opEraseNanos;

    PageFlashController(PageFlashBoard board, PageFlashRegisters regs, PageFlashSimParameters p,
            Map<String, Integer> factory) {
        this.board = board;
        this.regs = regs;
        this.line = regs.line();
        this.p = p;
        this.crReg = regs.cr();
        this.srReg = regs.sr();
        this.store = new OptionStore(factory);
    }

    OptionStore store() {
        return store;
    }

    // =============================================================================================== options

    /**
     * Option-byte load (OBL_LAUNCH, power-on): the stored pairs become the options in force and the option registers'
     * read-back; a pair that does not match its complement loads its mismatch value and sets OPTVERR.
     */
    void optionByteLoad() {
        OptionStore.Load l = store.load(this::mismatchValue);
        loaded = new LinkedHashMap<>(l.values());
        optverr = l.optverr() || virgin;
        mismatchAtLoad = l.optverr();
        virgin = false;
        optRegs.clear();
        optRegs.putAll(loaded);
    }

    /**
     * The value a register loads when its stored complement does not match: RDP level 1 in OPTR (the RMs: level 1
     * "even if the complement is not correct"), and with {@code optionMismatchProtectsAll} every page write-protected
     * and no PCROP area; otherwise the erased value.
     */
    private int mismatchValue(String register) {
        return p.optionMismatchProtectsAll() ? PageFlashOptionImage.restrictiveMismatchValue(line, register)
                : 0xFFFF_FFFF;
    }

    int loaded(String register) {
        return loaded.get(register);
    }

    Map<String, Integer> loadedOptions() {
        return new LinkedHashMap<>(loaded);
    }

    int loadedField(String register, String field) {
        return regs.flash().register(register).field(field).extract(loaded.get(register));
    }

    boolean loadedHas(String register, String field) {
        return regs.flash().register(register).hasField(field);
    }

    /** RDP level in force: 0 (0xAA), 2 (0xCC) or 1 (anything else). */
    int rdpLevel() {
        int rdp = loadedField(OPTR, RDP);
        return rdp == RDP_LEVEL_0 ? 0 : rdp == RDP_LEVEL_2 ? 2 : 1;
    }

    /** SR.OPTVERR as software sees it now (write 1 to clear). */
    boolean optverr() {
        return optverr;
    }

    /** The last option-byte load found a value/complement mismatch: the options in force are mismatch values. */
    boolean mismatchAtLoad() {
        return mismatchAtLoad;
    }

    /** A virgin part: its first option-byte load sets OPTVERR (parameter virginOptverr). */
    void markVirgin() {
        virgin = p.virginOptverr();
    }

    /** True while the running operation works on physical array {@code array} (an option change: on all). */
    boolean busyOn(int array) {
        return busyUntil >= 0 && (op == OpKind.OPTION || opSpans.stream().anyMatch(s -> s.array() == array));
    }

    // =============================================================================================== reset

    /** System reset (and the reset after an OBL): registers to their reset values, option read-back = loaded. */
    void reset() {
        acr = regs.acr().resetValue();
        cr = crReg.resetValue();
        sr = optverr ? srReg.field(OPTVERR).mask() : 0;
        java.util.Arrays.fill(eccr, 0);
        keyStep = 0;
        optKeyStep = 0;
        lockedUntilReset = false;
        optLockedUntilReset = false;
        optRegs.clear();
        optRegs.putAll(loaded);
        discardProgramming();
        op = OpKind.NONE;
        busyUntil = -1;
    }

    /** G0 PROGEMPTY as the OBL's empty check leaves it (read and written through ACR). */
    void setProgramEmpty(boolean empty) {
        regs.acr().findField(PROGEMPTY).ifPresent(f -> acr = f.insert(acr, empty ? 1 : 0));
    }

    boolean programEmpty() {
        return regs.acr().findField(PROGEMPTY).map(f -> f.isSet(acr)).orElse(false);
    }

    // =============================================================================================== time

    boolean busy() {
        return busyUntil >= 0;
    }

    /** FLASH_ACR as written (LATENCY for the core's instruction fetches). */
    int acr() {
        return acr;
    }

    long busyUntil() {
        return busyUntil;
    }

    /** Completes the running operation when it is due at {@code now}. */
    void settle(long now) {
        if (busyUntil >= 0 && now >= busyUntil) {
            complete();
        }
    }

    private void begin(OpKind kind, long nanos) {
        op = kind;
        opStart = board.now();
        busyUntil = opStart + Math.max(1, nanos);
    }

    private void complete() {
        switch (op) {
            case PROGRAM, FAST_ROW -> {
                CellMap.Span s = opSpans.get(0);
                for (int i = 0; i < opData.length; i += DoubleWordArray.DOUBLE_WORD) {
                    byte[] dw = java.util.Arrays.copyOfRange(opData, i, i + DoubleWordArray.DOUBLE_WORD);
                    board.array(s.array()).program(s.offset() + i, dw);
                }
            }
            case PAGE_ERASE, MASS_ERASE -> {
                for (CellMap.Span s : opSpans) {
                    board.array(s.array()).erase(s.offset(), s.length());
                }
                lastErased.clear();
                lastErased.addAll(opSpans);
                lastEraseWasMass = op == OpKind.MASS_ERASE;
            }
            case OPTION -> {
                for (CellMap.Span s : opSpans) { // the erase of an RDP regression
                    board.array(s.array()).erase(s.offset(), s.length());
                }
                store.program(opOptions);
            }
            case NONE -> {
            }
        }
        op = OpKind.NONE;
        busyUntil = -1;
        opData = null;
        opOptions = null;
        opSpans = List.of();
        if (!p.eopNeedsEopie() || crReg.field(EOPIE).isSet(cr)) {
            raise(EOP);
        }
    }

    /** Power lost (or a reset) now: what the running operation leaves behind. */
    Optional<InterruptedOperation> interrupt(long now) {
        if (busyUntil < 0) {
            return Optional.empty();
        }
        double progress = Math.min(1, Math.max(0, (now - opStart) / (double) (busyUntil - opStart)));
        InterruptedOperation result;
        switch (op) {
            case PROGRAM, FAST_ROW -> {
                CellMap.Span s = opSpans.get(0);
                DoubleWordArray a = board.array(s.array());
                SplittableRandom rnd = new SplittableRandom(
                        board.seed() * 31 + s.array() * 0x1_0000_0000L + s.offset());
                // double words of a fast row are written one after another; the one at the cut is torn
                int words = opData.length / DoubleWordArray.DOUBLE_WORD;
                int cut = Math.min(words - 1, (int) Math.floor(progress * words));
                for (int w = 0; w < cut; w++) {
                    a.program(s.offset() + 8L * w, java.util.Arrays.copyOfRange(opData, 8 * w, 8 * w + 8));
                }
                byte[] torn = new byte[DoubleWordArray.DOUBLE_WORD];
                for (int i = 0; i < torn.length; i++) {
                    int toClear = ~opData[8 * cut + i] & 0xFF;
                    torn[i] = (byte) ~(toClear & rnd.nextInt(256));
                }
                a.tear(s.offset() + 8L * cut, torn);
                result = new InterruptedOperation(InterruptedOperation.Kind.PROGRAM, s.array(),
                        new AddressRange(s.offset(), opData.length), progress, now);
            }
            case PAGE_ERASE, MASS_ERASE -> {
                eraseCut(opSpans, progress);
                CellMap.Span first = opSpans.get(0);
                long total = opSpans.stream().mapToLong(CellMap.Span::length).sum();
                result = new InterruptedOperation(op == OpKind.PAGE_ERASE ? InterruptedOperation.Kind.SECTOR_ERASE
                        : InterruptedOperation.Kind.BANK_ERASE, opSpans.size() == 1 ? first.array() : 0,
                        new AddressRange(first.offset(), total), progress, now);
            }
            default -> { // OPTION: first the regression erase (if any), then the option page
                long total = busyUntil - opStart;
                double eraseShare = opRegression ? opEraseNanos / (double) total : 0;
                if (opRegression && progress < eraseShare) {
                    eraseCut(opSpans, progress / eraseShare);
                } else {
                    for (CellMap.Span s : opSpans) {
                        board.array(s.array()).erase(s.offset(), s.length());
                    }
                    store.interrupt(opOptions, eraseShare >= 1 ? 0 : (progress - eraseShare) / (1 - eraseShare));
                }
                result = new InterruptedOperation(InterruptedOperation.Kind.OPTION_PROGRAM, 0,
                        new AddressRange(0, 8L * store.registers().size()), progress, now);
            }
        }
        op = OpKind.NONE;
        busyUntil = -1;
        opData = null;
        opOptions = null;
        opSpans = List.of();
        return Optional.of(result);
    }

    /** An erase cut after {@code progress}: erased prefix, the double word at the cut torn, the rest untouched. */
    private void eraseCut(List<CellMap.Span> spans, double progress) {
        long total = spans.stream().mapToLong(CellMap.Span::length).sum();
        long done = (long) Math.floor(progress * total / DoubleWordArray.DOUBLE_WORD) * DoubleWordArray.DOUBLE_WORD;
        for (CellMap.Span s : spans) {
            DoubleWordArray a = board.array(s.array());
            long n = Math.min(done, s.length());
            if (n > 0) {
                a.erase(s.offset(), n);
            }
            if (n < s.length()) {
                a.markTorn(s.offset() + n);
                return;
            }
            done -= n;
        }
    }

    // =============================================================================================== flags

    private void raise(String flag) {
        sr |= srReg.field(flag).mask();
    }

    /** A programming error: its flag and PGSERR ("set also when PROGERR, SIZERR, PGAERR ... is set", RM0351). */
    private void programmingError(String flag) {
        raise(flag);
        raise(PGSERR);
        discardProgramming();
    }

    private boolean pendingErrors() {
        int m = 0;
        for (String f : List.of(PROGERR, SIZERR, PGAERR, PGSERR, MISERR, FASTERR)) {
            m |= srReg.field(f).mask();
        }
        return p.pendingErrorsBlockProgramming() && (sr & m) != 0;
    }

    private void discardProgramming() {
        firstWordAddress = -1;
        row.clear();
        rowAddress = -1;
    }

    int status() {
        int v = sr;
        if (line.series() == Series.G0) {
            if (busyUntil >= 0 && op != OpKind.OPTION) {
                v |= srReg.field(opBank == 2 ? BSY2 : BSY1).mask();
            } else if (busyUntil >= 0) {
                v |= srReg.field(BSY1).mask();
            }
            // CFGBSY: from the first write of a program sequence or STRT until the operation ends (RM0444 §3.7.5;
            // exact semantics UNCONFIRMED)
            if (busyUntil >= 0 || firstWordAddress >= 0 || !row.isEmpty()) {
                v |= srReg.field(CFGBSY).mask();
            }
        } else if (busyUntil >= 0) {
            v |= srReg.field(BSY).mask();
        }
        if (optverr) {
            v |= srReg.field(OPTVERR).mask();
        }
        return v;
    }

    // =============================================================================================== registers

    /** Register read at {@code offset} from FLASH_BASE (32-bit word). */
    int readRegister(long offset) {
        Optional<Register> r = regs.flash().registerAt(FLASH_BASE + offset);
        if (r.isEmpty()) {
            return 0;
        }
        String name = r.get().name();
        switch (name) {
            case ACR:
                return acr;
            case SR:
                return status();
            case CR:
                return cr;
            case ECCR:
                return eccr[1];
            case ECC2R:
                return eccr[2];
            default:
                break;
        }
        if (r.get().access() == dev.flashbank.core.device.Access.WRITE_ONLY) {
            return 0; // KEYR, OPTKEYR, PDKEYR
        }
        return optRegs.getOrDefault(name, 0);
    }

    private boolean locked() {
        return crReg.field(LOCK).isSet(cr);
    }

    private boolean optLocked() {
        return crReg.field(OPTLOCK).isSet(cr);
    }

    /** Register write (32-bit word, lanes merged by the board). */
    BusResult writeRegister(long address, long offset, int value) {
        Optional<Register> r = regs.flash().registerAt(FLASH_BASE + offset);
        if (r.isEmpty()) {
            return BusResult.ok();
        }
        String name = r.get().name();
        if (!name.equals(SR) && busyUntil >= 0 && !board.stallUntil(busyUntil)) {
            return board.lost(); // FLASH_CR and friends cannot be written while BSY: the AHB stalls (RM0453 wording)
        }
        switch (name) {
            case KEYR:
                return key(address, value);
            case OPTKEYR:
                return optKey(address, value);
            case SR: {
                int clear = value & ~(srReg.field(line.series() == Series.G0 ? BSY1 : BSY).mask());
                for (Field f : srReg.fields()) {
                    if (f.access() == dev.flashbank.core.device.Access.READ_WRITE_1_TO_CLEAR && f.isSet(clear)) {
                        sr &= ~f.mask();
                        if (f.name().equals(OPTVERR)) {
                            optverr = false;
                        }
                    }
                }
                return BusResult.ok();
            }
            case CR:
                return writeCr(address, value);
            case ACR:
                acr = value & regs.acr().definedBits();
                return BusResult.ok();
            case ECCR:
            case ECC2R: {
                int bank = name.equals(ECCR) ? 1 : 2;
                Register e = regs.eccr(bank);
                int v = eccr[bank];
                for (Field f : e.fields()) {
                    if (f.access() == dev.flashbank.core.device.Access.READ_WRITE_1_TO_CLEAR && f.isSet(value)) {
                        v &= ~f.mask();
                    } else if (f.access() == dev.flashbank.core.device.Access.READ_WRITE) {
                        v = f.insert(v, f.extract(value));
                    }
                }
                eccr[bank] = v;
                return BusResult.ok();
            }
            default:
                break;
        }
        if (optRegs.containsKey(name)) {
            if (!optLocked()) { // option registers ignore writes while OPTLOCK = 1
                int defined = r.get().definedBits();
                optRegs.put(name, (value & defined) | (optRegs.get(name) & ~defined));
            }
        }
        return BusResult.ok();
    }

    private BusResult key(long address, int value) {
        if (lockedUntilReset) {
            return new BusResult.Fault(address, "FLASH_KEYR: locked until reset after a wrong key sequence");
        }
        int expected = keyStep == 0 ? KEYR_KEYS.key1() : KEYR_KEYS.key2();
        if (!locked() || value != expected) {
            keyStep = 0;
            if (p.wrongKeyLocksUntilReset()) {
                lockedUntilReset = true;
                return new BusResult.Fault(address, locked() ? "FLASH_KEYR: wrong key (FLASH_CR locked until reset)"
                        : "FLASH_KEYR written while unlocked (FLASH_CR locked until reset)");
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

    private BusResult optKey(long address, int value) {
        if (optLockedUntilReset) {
            return new BusResult.Fault(address, "FLASH_OPTKEYR: locked until reset after a wrong key sequence");
        }
        int expected = optKeyStep == 0 ? OPTKEYR_KEYS.key1() : OPTKEYR_KEYS.key2();
        if (locked() || !optLocked() || value != expected) {
            optKeyStep = 0;
            if (p.wrongKeyLocksUntilReset()) {
                optLockedUntilReset = true;
                return new BusResult.Fault(address, locked() ? "FLASH_OPTKEYR written while FLASH_CR.LOCK = 1"
                        + " (options locked until reset)" : "FLASH_OPTKEYR: wrong key sequence (options locked until"
                                + " reset)");
            }
            return BusResult.ok();
        }
        if (optKeyStep == 0) {
            optKeyStep = 1;
        } else {
            optKeyStep = 0;
            cr = crReg.field(OPTLOCK).insert(cr, 0);
        }
        return BusResult.ok();
    }

    private boolean has(String field) {
        return crReg.hasField(field);
    }

    private boolean bit(int v, String field) {
        return has(field) && crReg.field(field).isSet(v);
    }

    private BusResult writeCr(long address, int value) {
        if (locked()) {
            return BusResult.ok(); // FLASH_CR ignores writes while LOCK = 1
        }
        int old = cr;
        int v = value & crReg.definedBits();
        int action = crReg.field(STRT).mask() | crReg.field(OPTSTRT).mask() | crReg.field(OBL_LAUNCH).mask();
        int next = v & ~action;
        // OPTLOCK can only be set by software; LOCK sets OPTLOCK too (RM0444 §3.4.2); SEC_PROT bits are set-only
        if (!bit(v, OPTLOCK) && bit(old, OPTLOCK)) {
            next |= crReg.field(OPTLOCK).mask();
        }
        if (bit(v, LOCK)) {
            next |= crReg.field(OPTLOCK).mask();
        }
        for (String sp : List.of(SEC_PROT, SEC_PROT1, SEC_PROT2)) {
            if (bit(old, sp)) {
                next |= crReg.field(sp).mask();
            }
        }
        cr = next;
        if ((bit(old, PG) && !bit(next, PG)) || (bit(old, FSTPG) && !bit(next, FSTPG))) {
            if (!row.isEmpty() && bit(old, FSTPG)) {
                programmingError(MISERR); // the row was left incomplete
            }
            discardProgramming();
        }
        if (bit(v, OBL_LAUNCH) && !bit(old, OPTLOCK)) {
            return board.optionByteLoadAndReset(address);
        }
        if (bit(v, OPTSTRT) && !bit(old, OPTLOCK)) {
            return startOptionChange(address);
        }
        if (bit(v, STRT)) {
            return startErase(address, next);
        }
        return BusResult.ok();
    }

    // =============================================================================================== erase

    private BusResult startErase(long address, int v) {
        boolean per = bit(v, PER);
        boolean mer1 = bit(v, MER1);
        boolean mer2 = bit(v, MER2);
        if (pendingErrors() || bit(v, PG) || bit(v, FSTPG) || (per && (mer1 || mer2)) || (!per && !mer1 && !mer2)) {
            raise(PGSERR); // erase with PG/FSTPG/MERx also set, or nothing selected (RM0440 §3.3.8)
            return BusResult.ok();
        }
        if (board.rdpBlocksDebugger()) {
            return new BusResult.Fault(address, "flash erase from the debugger at RDP level 1: bus error");
        }
        CellMap map = board.map();
        if (per) {
            int bank = 1;
            if (map.dual()) {
                bank = bit(v, BKER) ? 2 : 1;
                if (!board.model().eraseSelectsPhysicalBank() && board.swapped()) {
                    bank = 3 - bank; // the L5-like reading: BKER names the bank mapped there
                }
            }
            int pnb = crReg.field(PNB).extract(v);
            int pages = (int) (map.bankSize() / map.pageSize());
            if (line.series() == Series.G0 && map.dual() && bit(v, BKER)) {
                int bank2First = PageFlashGeometry.BANK2_FIRST_PAGE_NUMBER; // RM0444 numbers them from 256
                if (pnb >= bank2First) {
                    pnb -= bank2First;
                } else if (p.strictG0Bank2PageNumber()) {
                    raise(PGSERR);
                    return BusResult.ok();
                }
            }
            if (pnb >= pages) {
                raise(PGSERR); // PNB names no page of this bank (UNCONFIRMED flag)
                return BusResult.ok();
            }
            long offset = (long) pnb * map.pageSize();
            if (pageProtected(bank, offset, map.pageSize())) {
                raise(WRPERR);
                return BusResult.ok();
            }
            opSpans = map.bankRange(bank, offset, map.pageSize());
            opBank = bank;
            begin(OpKind.PAGE_ERASE, board.pageEraseNanos(map.pageSize()));
            return BusResult.ok();
        }
        List<Integer> banks = new ArrayList<>();
        if (!map.dual()) {
            banks.add(1); // single bank: MER1 and/or MER2 erase the whole flash
        } else {
            if (mer1) {
                banks.add(!board.model().eraseSelectsPhysicalBank() && board.swapped() ? 2 : 1);
            }
            if (mer2) {
                banks.add(!board.model().eraseSelectsPhysicalBank() && board.swapped() ? 1 : 2);
            }
        }
        List<CellMap.Span> spans = new ArrayList<>();
        for (int b : banks) {
            if (bankHasWrp(b)) {
                raise(WRPERR); // "a software mass erase cannot be performed if one zone is write-protected"
                return BusResult.ok();
            }
            spans.addAll(map.bankRange(b, 0, map.bankSize()));
        }
        opSpans = spans;
        opBank = banks.get(0);
        long bytes = spans.stream().mapToLong(CellMap.Span::length).sum();
        begin(OpKind.MASS_ERASE, board.bankEraseNanos(bytes));
        return BusResult.ok();
    }

    // =============================================================================================== protection

    /** The WRP areas that apply to bank {@code bank} of the mode in force, as [first, last] page pairs. */
    private List<int[]> wrpAreas(int bank) {
        List<int[]> areas = new ArrayList<>();
        CellMap map = board.map();
        List<Integer> registerBanks = new ArrayList<>();
        if (map.dual()) {
            registerBanks.add(bank);
        } else {
            registerBanks.add(1);
            // G47x and L4+ in single-bank mode use all four WRP registers (OpenOCD F_USE_ALL_WRPXX)
            if (line.dualBankCapable() && regs.optr().hasField(DBANK)) {
                registerBanks.add(2);
            }
        }
        for (int rb : registerBanks) {
            if (rb > 1 && !line.dualBankCapable()) {
                continue;
            }
            for (String area : List.of("A", "B")) {
                Register r = regs.wrp(rb, area);
                int v = loaded.get(r.name());
                int start = r.field(wrpStartField(rb, area)).extract(v);
                int end = r.field(wrpEndField(rb, area)).extract(v);
                if (start <= end) {
                    areas.add(new int[] { start, end });
                }
            }
        }
        return areas;
    }

    boolean pageWriteProtected(int bank, int page) {
        for (int[] a : wrpAreas(bank)) {
            if (page >= a[0] && page <= a[1]) {
                return true;
            }
        }
        return false;
    }

    private boolean bankHasWrp(int bank) {
        int pages = (int) (board.map().bankSize() / board.map().pageSize());
        for (int[] a : wrpAreas(bank)) {
            if (a[0] < pages) {
                return true;
            }
        }
        return false;
    }

    /** log2 of the PCROP granule: 64 bits (dual bank / L4), 128 bits (G4/L4+ single bank), 512 bytes (G0). */
    private int pcropShift() {
        if (line.series() == Series.G0) {
            return 9;
        }
        return board.map().dual() || line.series() == Series.L4 ? 3 : 4;
    }

    /** True when [offset, offset + length) of bank {@code bank} overlaps a PCROP area in force. */
    boolean pcrop(int bank, long offset, long length) {
        int rb = board.map().dual() ? bank : 1;
        if (rb > 1 && !line.dualBankCapable()) {
            return false;
        }
        long first = offset >> pcropShift();
        long last = (offset + length - 1) >> pcropShift();
        for (String area : regs.pcropAreas()) {
            Register sr = regs.pcropStart(rb, area);
            Register er = regs.pcropEnd(rb, area);
            int start = sr.field(pcropStartField(rb, area)).extract(loaded.get(sr.name()));
            int end = er.field(pcropEndField(rb, area)).extract(loaded.get(er.name()));
            if (start <= end && first <= end && last >= start) {
                return true;
            }
        }
        return false;
    }

    /** True when a securable area hidden by SEC_PROT(1/2) covers [offset, offset + length) of bank {@code bank}. */
    boolean secureHidden(int bank, long offset, long length) {
        boolean g0 = line.series() == Series.G0;
        String protBit = bank == 2 ? SEC_PROT2 : g0 ? SEC_PROT : SEC_PROT1;
        if (!bit(cr, protBit)) {
            return false;
        }
        String reg = g0 ? SECR : bank == 2 ? SEC2R : SEC1R;
        String field = bank == 2 ? SEC_SIZE2 : g0 ? SEC_SIZE : SEC_SIZE1;
        if (!loaded.containsKey(reg)) {
            return false;
        }
        int pages = regs.flash().register(reg).field(field).extract(loaded.get(reg));
        return offset < (long) pages * board.map().pageSize();
    }

    private boolean pageProtected(int bank, long offset, long length) {
        return pageWriteProtected(bank, (int) (offset / board.map().pageSize())) || pcrop(bank, offset, length)
                || secureHidden(bank, offset, length);
    }

    // =============================================================================================== programming

    /**
     * A data write into the flash window: {@code bank}/{@code bankOffset} as the mapping resolves it (physical bank in
     * dual-bank mode), {@code span} the cells.
     */
    BusResult writeFlash(long address, int bank, long bankOffset, CellMap.Span span, int n, long value) {
        boolean pg = bit(cr, PG);
        boolean fast = bit(cr, FSTPG);
        if (!pg && !fast) {
            raise(PGSERR); // a flash write with PG = FSTPG = 0 (RM0351 §3.7.5); no bus error
            return BusResult.ok();
        }
        if (busyUntil >= 0 && !board.stallUntil(busyUntil)) {
            return board.lost();
        }
        if (pendingErrors()) {
            raise(PGSERR);
            discardProgramming();
            return BusResult.ok();
        }
        if (n != 4) {
            programmingError(SIZERR);
            return BusResult.ok();
        }
        if (fast) {
            return fastWrite(address, bank, bankOffset, span, (int) value);
        }
        if (firstWordAddress < 0) {
            if ((address & 7) != 0) {
                programmingError(PGAERR);
                return BusResult.ok();
            }
            firstWordAddress = address;
            firstWord = (int) value;
            return BusResult.ok();
        }
        if (address != firstWordAddress + 4) {
            programmingError(PGAERR); // the second word is not in the same double word
            return BusResult.ok();
        }
        long dwBankOffset = bankOffset - 4;
        CellMap.Span dw = new CellMap.Span(span.array(), span.offset() - 4, DoubleWordArray.DOUBLE_WORD);
        byte[] data = new byte[DoubleWordArray.DOUBLE_WORD];
        for (int i = 0; i < 4; i++) {
            data[i] = (byte) (firstWord >>> (8 * i));
            data[4 + i] = (byte) (value >>> (8 * i));
        }
        firstWordAddress = -1;
        boolean otp = dw.array() == PageFlashBoard.OTP_ARRAY;
        if (!otp && pageProtected(bank, dwBankOffset, DoubleWordArray.DOUBLE_WORD)) {
            raise(WRPERR);
            return BusResult.ok();
        }
        DoubleWordArray a = board.array(dw.array());
        boolean zero = true;
        for (byte b : data) {
            zero &= b == 0;
        }
        // OTP: "If only one bit is at 0, the entire double word cannot be written anymore, even with the value
        // 0x0000 0000 0000 0000" (RM0444 §3.3.8)
        if (a.state(dw.offset()) != DoubleWordArray.State.ERASED && (!zero || otp)) {
            programmingError(PROGERR); // ECC: a programmed double word takes only all zeros (RM0394 §3.3.7)
            return BusResult.ok();
        }
        opSpans = List.of(dw);
        opData = data;
        opBank = bank;
        begin(OpKind.PROGRAM, board.programNanos());
        return BusResult.ok();
    }

    private BusResult fastWrite(long address, int bank, long bankOffset, CellMap.Span span, int value) {
        if (span.array() == PageFlashBoard.OTP_ARRAY) {
            programmingError(FASTERR); // the OTP takes double words only (UNCONFIRMED flag)
            return BusResult.ok();
        }
        int rowBytes = line.fastRowDoubleWords() * DoubleWordArray.DOUBLE_WORD;
        long now = board.now();
        if (row.isEmpty()) {
            if (address % rowBytes != 0) {
                programmingError(PGAERR);
                return BusResult.ok();
            }
            rowAddress = address;
        } else if (now - lastRowWriteAt > p.fastRowTimeoutNanos()) {
            programmingError(MISERR);
            return BusResult.ok();
        } else if (address != rowAddress + 4L * row.size()) {
            programmingError(PGAERR); // the row left its page or skipped a word
            return BusResult.ok();
        }
        lastRowWriteAt = now;
        row.add(value);
        if (row.size() * 4 < rowBytes) {
            return BusResult.ok();
        }
        long rowBankOffset = bankOffset - (rowBytes - 4);
        CellMap.Span rs = new CellMap.Span(span.array(), span.offset() - (rowBytes - 4), rowBytes);
        byte[] data = new byte[rowBytes];
        for (int i = 0; i < row.size(); i++) {
            for (int b = 0; b < 4; b++) {
                data[4 * i + b] = (byte) (row.get(i) >>> (8 * b));
            }
        }
        row.clear();
        rowAddress = -1;
        if (pageProtected(bank, rowBankOffset, rowBytes)) {
            raise(WRPERR);
            return BusResult.ok();
        }
        if (!fastAllowed(rs)) {
            programmingError(FASTERR);
            return BusResult.ok();
        }
        opSpans = List.of(rs);
        opData = data;
        opBank = bank;
        begin(OpKind.FAST_ROW, board.fastRowNanos());
        return BusResult.ok();
    }

    private boolean fastAllowed(CellMap.Span rs) {
        if (!board.array(rs.array()).erased(rs.offset(), rs.length())) {
            return false;
        }
        boolean inLastErase = lastErased.stream().anyMatch(s -> s.array() == rs.array() && rs.offset() >= s.offset()
                && rs.offset() + rs.length() <= s.offset() + s.length());
        return switch (p.fastProgramming()) {
            case ANY_ERASED -> true;
            case LAST_ERASED -> inLastErase;
            case MASS_ERASED_BANK -> inLastErase && lastEraseWasMass;
        };
    }

    // =============================================================================================== options

    private BusResult startOptionChange(long address) {
        if (rdpLevel() == 2) {
            raise(WRPERR); // level 2: the option bytes cannot be changed (RM0440 §3.5.1)
            return BusResult.ok();
        }
        Map<String, Integer> values = new LinkedHashMap<>(optRegs);
        int newRdp = regs.optr().field(RDP).extract(values.get(OPTR));
        boolean regression = rdpLevel() == 1 && newRdp == RDP_LEVEL_0;
        List<CellMap.Span> spans = new ArrayList<>();
        long eraseNanos = 0;
        if (regression) {
            spans = regressionErase(values);
            long bytes = spans.stream().mapToLong(CellMap.Span::length).sum();
            eraseNanos = board.bankEraseNanos(bytes);
        }
        opSpans = spans;
        opOptions = values;
        opRegression = regression;
        opEraseNanos = eraseNanos;
        opBank = 1;
        begin(OpKind.OPTION, eraseNanos + board.optionNanos());
        return BusResult.ok();
    }

    /**
     * The erase an RDP 1 -> 0 regression performs inside the OPTSTRT operation: the whole flash when PCROP_RDP = 1 or
     * no PCROP area is defined, else every page that holds no PCROP granule (RM0351 §3.5.1, RM0440 §3.5.1, RM0444
     * §3.5.1). On G0 a full erase also disables PCROP in the options being programmed.
     */
    private List<CellMap.Span> regressionErase(Map<String, Integer> values) {
        CellMap map = board.map();
        int banks = map.dual() ? 2 : 1;
        boolean anyPcrop = false;
        for (int b = 1; b <= banks; b++) {
            anyPcrop |= pcrop(b, 0, map.bankSize());
        }
        Register er1 = regs.pcropEnd(1, regs.pcropAreas().get(0));
        boolean pcropRdp = er1.field(PCROP_RDP).isSet(loaded.get(er1.name()));
        List<CellMap.Span> spans = new ArrayList<>();
        for (int b = 1; b <= banks; b++) {
            if (!anyPcrop || pcropRdp) {
                spans.addAll(map.bankRange(b, 0, map.bankSize()));
                continue;
            }
            for (long o = 0; o < map.bankSize(); o += map.pageSize()) {
                if (!pcrop(b, o, map.pageSize())) {
                    spans.addAll(map.bankRange(b, o, map.pageSize()));
                }
            }
        }
        if (anyPcrop && pcropRdp && line.series() == Series.G0) {
            // "PCROP is disabled" after a full regression erase (RM0444 §3.5.1)
            for (int b = 1; b <= banks; b++) {
                for (String area : regs.pcropAreas()) {
                    Register sr = regs.pcropStart(b, area);
                    Register er = regs.pcropEnd(b, area);
                    values.put(sr.name(), sr.resetValue());
                    values.put(er.name(), er.resetValue() | er.findField(PCROP_RDP).map(f -> f.encode(1)).orElse(0));
                }
            }
        }
        return spans;
    }

    // =============================================================================================== reads

    /** An uncorrectable ECC error found by a read: ECCD with the address, the bank on lines that record it. */
    void eccError(int bank, long bankOffset) {
        int reg = line.series() == Series.G0 ? bank : 1;
        Register e = regs.eccr(reg);
        int v = eccr[reg];
        if (!e.field(ECCD).isSet(v)) { // the first error is kept until ECCD is cleared
            Field addr = e.field(ADDR_ECC);
            v = addr.insert(v, (int) (bankOffset & addr.maxValue()));
            if (e.hasField(BK_ECC)) {
                v = e.field(BK_ECC).insert(v, bank - 1);
            }
            v |= e.field(ECCD).mask();
        }
        eccr[reg] = v;
    }

    void readError() {
        raise(RDERR);
    }

    PageFlashSimParameters parameters() {
        return p;
    }
}
