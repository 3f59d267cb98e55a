package dev.flashbank.family.stm32h7.flash;

import static dev.flashbank.family.stm32h7.Stm32H7Registers.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.Bank;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.RiskClass;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.flash.FailureCause;
import dev.flashbank.core.flash.FlashCanceledException;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashOperation;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.FlashProtectionException;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.flash.FlashTimeouts;
import dev.flashbank.core.flash.FlashVerifyException;
import dev.flashbank.core.flash.OperationTimeout;
import dev.flashbank.core.family.OptionWriteResult;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.flash.VerifyResult;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.ReadProtectionException;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32h7.Stm32H7Descriptor;
import dev.flashbank.family.stm32h7.Stm32H7Line;
import dev.flashbank.family.stm32h7.Stm32H7OptionDiff;
import dev.flashbank.family.stm32h7.Stm32H7OptionImage;
import dev.flashbank.family.stm32h7.Stm32H7Parameters;
import dev.flashbank.family.stm32h7.Stm32H7Registers;
import dev.flashbank.family.stm32h7.Stm32H7Timings;

/**
 * STM32H7 flash driver (RM0433 §4 "Embedded flash memory"; RM0455/RM0468 for H7A/B and H72x/H73x) over the
 * probe-independent {@link MemoryAccess}. Every address, bit, key, size and timing comes from the H7 device model.
 * <p>
 * Conventions:
 * <ul>
 * <li><b>Two bank controllers.</b> Each bank has its own KEYRx/CRx/SRx/CCRx (and WPSN/PRAR/SCAR, CRC and ECC_FA
 * registers). Register set n acts on the bank MAPPED in address window n (0x0800_0000 for n = 1, 0x0810_0000 for
 * n = 2), not on physical bank n: after a swap (FLASH_OPTCR.SWAP_BANK = 1) CR1 erases physical bank 2. This is the
 * model rule {@link Stm32H7Parameters#registersFollowSwap()} (the opposite of the F7 inference), so the driver
 * asks the model which register set reaches a physical bank instead of assuming.</li>
 * <li><b>Erase by PHYSICAL sector / bank.</b> The driver translates a physical sector into the window showing it
 * now and that window's register set; programming takes CPU/debug ADDRESSES, whose window picks the register set.</li>
 * <li><b>Keys only when locked.</b> KEYRx is written only while CRx.LOCK = 1 (and OPTKEYR only while OPTLOCK = 1): a
 * second key sequence, like a wrong key, locks the register until the next reset (RM0433 §4.5.1).</li>
 * <li><b>Whole flash words.</b> The program unit is the flash word (256 bits; 128 bits on H7A/B), collected by the
 * write buffer: PG, one word of 32-bit stores, wait for QW = 0, check SRx after every word. Words that would be all
 * 0xFF are not written at all (an erased word keeps its erased ECC; programming 0xFF would make the word "written"
 * and a later program of it a second write). A partial first or last word is PADDED WITH 0xFF and written as a whole
 * word. The driver never uses the force-write bit FW: FW also pads with 1s, but the padding bytes are then
 * programmed with their ECC and "updating later the missing bits with something else than 1 ... is likely to lead to
 * permanent ECC error" (RM0433 §4.3.8, FW) — both ways the padded bytes of that word can only be changed after an
 * erase, which is why padding is done on the host where it is visible and documented.</li>
 * <li><b>Never program a word twice.</b> A flash word can be programmed once after an erase: a second program
 * leaves an uncorrectable ECC word (DBECCERR, bus faults on every read) with no error at program time. Before
 * programming, every word to be written must be known erased — because this driver erased its sector and has not
 * programmed it since ({@link ErasedWords}), or because it reads back as all 0xFF. Otherwise the whole request is
 * refused before anything is written.</li>
 * <li><b>Mass erase = BER on both banks</b>, started on bank 1 and bank 2 and then awaited on both, as OpenOCD,
 * pyOCD, stlink and the Keil algorithm do. FLASH_OPTCR.MER is not used: whether it needs the option lock open and
 * whether it clears itself is not documented in what we read.</li>
 * <li>Every operation waits for QW = 0 on its bank, clears stale error flags through CCRx (stale RDPERR/RDSERR are
 * known to appear spuriously on H74x/H75x and to block operations), unlocks, runs, checks SRx, clears its CR bits and
 * locks CRx again. Flags that READS raise (RDPERR, RDSERR, SNECCERR, DBECCERR, CRCRDERR) do not fail a program or
 * erase by themselves (the verify that follows decides, as production H7 updaters do); WRPERR, PGSERR, STRBERR,
 * INCERR and OPERR do.</li>
 * </ul>
 */
public final class Stm32H7FlashDriver implements FlashDriver {

    /**
     * Share of the TYPICAL erase / option time waited before the first status poll: no erase ends earlier, and
     * polling a 2 s erase from the start only costs probe round trips.
     */
    public static final double FIRST_POLL_AT_TYPICAL = 1.0;

    /**
     * PSIZE when none is chosen explicitly: x64, as the Keil/probe-rs algorithm, pyOCD, stlink and OpenOCD's erase
     * use on H74x/H75x. On H7 PSIZE is the internal program/erase parallelism (the write accesses are 32-bit either
     * way); whether a low supply forbids x64 is not documented in what we read - choose a narrower one with
     * {@link FlashDriverSettings#withParallelism}. H7A/B have no PSIZE field; the value is then unused.
     */
    public static final Parallelism DEFAULT_PARALLELISM = Parallelism.X64;

    private final DebugTarget target;
    private final MemoryAccess mem;
    private final Stm32H7Descriptor descriptor;
    private final int flashSizeKiB;
    private final Stm32H7Registers regs;
    private final Stm32H7Parameters params;
    private final PollClock clock;
    private final FlashDriverSettings settings;
    private final FlashTimeouts timeouts;
    private final FlashGeometry geometry;
    private final int wordBytes;
    private final ErasedWords erasedWords;
    private final BankController[] controllers;
    private final OptionController options;
    private final FlashCrc crcModel;
    private final int sectorsPerWrpsnBit;
    private boolean crcEngineTrusted = true;

    /** A driver for {@code descriptor}'s part with {@code flashSizeKiB} of flash, polling on {@code clock}. */
    public Stm32H7FlashDriver(DebugTarget target, Stm32H7Descriptor descriptor, int flashSizeKiB, PollClock clock,
            FlashDriverSettings settings) {
        this.target = Objects.requireNonNull(target, "target");
        this.mem = target.memory();
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.flashSizeKiB = flashSizeKiB;
        this.regs = descriptor.registers();
        this.params = descriptor.stm32H7Parameters();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timeouts = new FlashTimeouts(descriptor.timings(), settings.safetyFactor(), settings.slack());
        this.geometry = descriptor.geometry(flashSizeKiB);
        this.wordBytes = descriptor.programUnitBytes();
        this.erasedWords = new ErasedWords(wordBytes);
        this.controllers = new BankController[geometry.bankCount()];
        for (int n = 1; n <= controllers.length; n++) {
            controllers[n - 1] = new BankController(n, regs, wordBytes, mem, clock, this::eccBase);
        }
        this.options = new OptionController(regs, mem, clock);
        this.crcModel = new FlashCrc(FlashCrc.ETHERNET_POLYNOMIAL, params.crcInitialValue(), params.crcReflected());
        // WPSN has one bit per sector (8 bits, 8 sectors per bank) or per group of sectors (H7A/B: 32 bits for 128)
        Stm32H7Line line = descriptor.stm32H7Line();
        int banks = line.dualBankCapable() ? 2 : 1;
        long maxSectorsPerBank = line.maxFlashSizeKiB() * 1024L / banks / line.sectorSize();
        this.sectorsPerWrpsnBit = (int) Math.max(1,
                maxSectorsPerBank / regs.wpsnCur(1).field(Stm32H7Registers.WRPSN).width());
    }

    // =============================================================================================== state

    public Stm32H7Descriptor descriptor() {
        return descriptor;
    }

    public int flashSizeKiB() {
        return flashSizeKiB;
    }

    private String partName() {
        return descriptor.variantName(flashSizeKiB);
    }

    private long windowBase(int window) {
        return descriptor.bankBase(window, flashSizeKiB);
    }

    /** The PHYSICAL banks and their sectors. */
    public FlashGeometry geometry() {
        return geometry;
    }

    public FlashTimeouts timeouts() {
        return timeouts;
    }

    /** Bytes per flash word (the program unit): 32, or 16 on H7A/B. */
    public int programUnitBytes() {
        return wordBytes;
    }

    public FlashDriverSettings settings() {
        return settings;
    }

    /** The sector layout: fixed on H7 (no bank-mode option), so re-probing only forgets what the driver knew. */
    public FlashGeometry reprobe() {
        erasedWords.forget();
        return geometry;
    }

    /** Resets and halts the target (options latched: SWAP_BANK takes SWAP_BANK_OPT), then {@link #reprobe()}. */
    public FlashGeometry resetAndReprobe(ResetKind kind) throws TargetException {
        target.core().resetAndHalt(kind);
        return reprobe();
    }

    /** Says which PSIZE programs and erases when it was chosen rather than the default x64. */
    public Optional<String> programSettingNotice() {
        if (!descriptor.stm32H7Line().hasPsize()) {
            return Optional.empty();
        }
        return settings.parallelismOverride().map(p -> "program/erase parallelism " + p + " (PSIZE) as chosen; "
                + "the default is " + DEFAULT_PARALLELISM);
    }

    /**
     * The PSIZE programs and erases use (RM0433 §4, FLASH_CR.PSIZE): x64 unless chosen with {@code --psize};
     * lines without PSIZE (H7A/B) program whole flash words without such a setting.
     */
    @Override
    public dev.flashbank.core.family.ProgramSetting programSetting() {
        if (!descriptor.stm32H7Line().hasPsize()) {
            return new dev.flashbank.core.family.ProgramSetting("flash words programmed whole ("
                    + programUnitBytes() + " bytes); this line has no PSIZE setting", Optional.empty(), "default");
        }
        Parallelism p = parallelism();
        boolean chosen = settings.parallelismOverride().isPresent();
        String label = p.name().toLowerCase(java.util.Locale.ROOT);
        return new dev.flashbank.core.family.ProgramSetting(String.format("program/erase parallelism %s (PSIZE = %s)%s",
                label, Integer.toBinaryString(4 | p.psize()).substring(1), chosen ? " as chosen with --psize"
                        : ", the default"), Optional.of(label), chosen ? "explicit" : "default");
    }

    /** SWAP_BANK / SWAP_BANK_OPT with the swap-bank scheme ({@link Stm32H7BankSwap}). */
    @Override
    public Optional<dev.flashbank.core.family.BankSwapping> bankSwapping() {
        return Optional.of(new Stm32H7BankSwap(this));
    }

    /** "SWAP_BANK": FLASH_OPTCR.SWAP_BANK says whether the banks are swapped now. */
    @Override
    public String bankMappingLabel() {
        return SWAP_BANK;
    }

    /**
     * OPTSTART until OPT_BUSY clears, at the maximum bound, plus - for an RDP 1 -> 0 regression - a mass erase of the
     * user flash at the slowest parallelism (RM0433 §4.5.3; whether the banks erase in parallel is not documented, so
     * the longest case is told).
     */
    @Override
    public long optionWriteWindowMicros(OptionImage before, OptionImage after) {
        FlashTimings t = timeouts.timings();
        long micros = t.optionProgramMicros(FlashTimings.Bound.MAXIMUM);
        if (before.rdpLevel() == RdpLevel.LEVEL_1 && after.rdpLevel() == RdpLevel.LEVEL_0) {
            micros += t.bankEraseMicros(geometry.totalSize(), Parallelism.X8, FlashTimings.Bound.MAXIMUM);
        }
        return micros;
    }

    /** SWAP_BANK in force now: window 1 shows physical bank 2. */
    public boolean banksSwapped() throws TargetException {
        return swapBank();
    }

    /** FLASH_OPTCR.SWAP_BANK: the mapping in force now (latched from SWAP_BANK_OPT at the last reset). */
    public boolean swapBank() throws TargetException {
        return options.swapBank();
    }

    /** FLASH_OPTSR_CUR.SWAP_BANK_OPT: the mapping the NEXT reset will latch. */
    public boolean swapBankAfterReset() throws TargetException {
        return options.swapBankAfterReset();
    }

    /** The physical bank mapped in window {@code window} (1 or 2) under {@code swapBank}. */
    public int physicalBankInWindow(int window, boolean swapBank) {
        return geometry.bankCount() == 2 && swapBank ? 3 - window : window;
    }

    /** The window (1 or 2) showing physical bank {@code physicalBank} under {@code swapBank} (the exchange is self-inverse). */
    public int windowOfPhysicalBank(int physicalBank, boolean swapBank) {
        return physicalBankInWindow(physicalBank, swapBank);
    }

    /**
     * The register set (1 or 2) that reaches physical bank {@code physicalBank} under {@code swapBank}: the window's
     * set when the model says the registers follow the mapping (H7), the physical bank's otherwise.
     */
    public int registerSetFor(int physicalBank, boolean swapBank) {
        return params.registersFollowSwap() ? windowOfPhysicalBank(physicalBank, swapBank) : physicalBank;
    }

    /** Window (1 or 2) containing {@code address}, if it is flash. */
    public OptionalInt windowOf(long address) {
        for (int w = 1; w <= geometry.bankCount(); w++) {
            if (windowRange(w).contains(address)) {
                return OptionalInt.of(w);
            }
        }
        return OptionalInt.empty();
    }

    /** Address range of window {@code window} (1 or 2): its base and the size of one bank. */
    public AddressRange windowRange(int window) {
        return new AddressRange(windowBase(window), geometry.bank(1).size());
    }

    /** Where physical sector {@code sector} is visible now under {@code swapBank}. */
    public AddressRange sectorRange(Sector sector, boolean swapBank) {
        return new AddressRange(windowBase(windowOfPhysicalBank(sector.bank(), swapBank)) + sector.offset(),
                sector.size());
    }

    /** The physical sector behind a flash address under {@code swapBank}. */
    public Optional<Sector> sectorAt(long address, boolean swapBank) {
        OptionalInt w = windowOf(address);
        if (w.isEmpty()) {
            return Optional.empty();
        }
        Bank b = geometry.bank(physicalBankInWindow(w.getAsInt(), swapBank));
        return Optional.of(b.sectorAtOffset(address - windowBase(w.getAsInt())));
    }

    /** The physical sectors visible at {@code range} under the mapping {@code swapped} (SWAP_BANK). */
    public List<Sector> sectorsCovering(AddressRange range, boolean swapped) throws FlashRequestException {
        List<Sector> list = new ArrayList<>();
        if (range.size() == 0) {
            return list;
        }
        requireFlash(range.start(), range.size(), FlashOperation.SECTOR_ERASE);
        for (long a = range.start(); a < range.end();) {
            Sector s = sectorAt(a, swapped).orElseThrow();
            list.add(s);
            a = sectorRange(s, swapped).end();
            if (a < range.end() && windowOf(a).isEmpty()) {
                a = nextFlashAddress(a);
            }
        }
        return list;
    }

    /** Raw FLASH_SRx of register set {@code set}. */
    public int readStatus(int set) throws TargetException {
        return ctl(set).status();
    }

    /** True when FLASH_CRx.LOCK of register set {@code set} is set. */
    public boolean isLocked(int set) throws TargetException {
        return ctl(set).isLocked();
    }

    // =============================================================================================== lock / unlock

    /** Clears FLASH_CRx.LOCK of register set {@code set} (keys written only while LOCK = 1, RM0433 §4.5.1). */
    public void unlock(int set) throws TargetException {
        ctl(set).unlock();
    }

    /** Sets FLASH_CRx.LOCK of register set {@code set} (and clears every operation bit with it). */
    public void lock(int set) throws TargetException {
        ctl(set).lock(parallelism());
    }

    /** Clears FLASH_OPTCR.OPTLOCK (keys written only while OPTLOCK = 1). */
    public void unlockOptions() throws TargetException {
        options.unlock();
    }

    /** Sets FLASH_OPTCR.OPTLOCK. */
    public void lockOptions() throws TargetException {
        options.lock();
    }

    /** PSIZE the driver programs and erases with: the explicit choice, else the model's default. */
    public Parallelism parallelism() {
        return settings.parallelismOverride().orElse(DEFAULT_PARALLELISM);
    }

    // =============================================================================================== erase

    /** Erases one PHYSICAL sector. */
    public void eraseSector(Sector physical) throws TargetException {
        eraseSectors(List.of(physical), FlashProgress.NONE);
    }

    /**
     * Erases PHYSICAL sectors one at a time (SER|SNB|PSIZE, then START; wait QW; check SRx), each through the
     * register set that reaches its bank now. Write-protected sectors are refused BEFORE anything is erased, naming
     * them. Cancel is honoured between sectors.
     */
    public void eraseSectors(List<Sector> physicalSectors, FlashProgress progress) throws TargetException {
        requireSectors(physicalSectors);
        refuseProtected(physicalSectors, FlashOperation.SECTOR_ERASE, "erase");
        boolean swap = swapBank();
        Parallelism par = parallelism();
        progress.begin("Erasing " + physicalSectors.size() + " sector(s)", physicalSectors.size());
        long done = 0;
        for (Sector s : physicalSectors) {
            if (progress.isCanceled()) {
                throw new FlashCanceledException(FlashOperation.SECTOR_ERASE, done, physicalSectors.size(),
                        done + " whole sector(s) erased, the rest untouched");
            }
            BankController c = ctl(registerSetFor(s.bank(), swap));
            begin(c);
            boolean ok = false;
            try {
                int cr = c.sectorErase(s, par);
                c.control(cr);
                c.control(cr | c.startBit());
                clock.pause(Math.round(FIRST_POLL_AT_TYPICAL * 1000L
                        * Stm32H7Timings.sectorEraseMicros(s.size(), par, FlashTimings.Bound.TYPICAL)));
                int sr = c.waitQueueEmpty(sectorEraseBudget(s, par), FlashOperation.SECTOR_ERASE, s, null);
                c.check(sr, FlashOperation.SECTOR_ERASE, s, null, String.format(
                        "erasing %s through FLASH_%s (SNB %d, %s, window 0x%08X)", name(s), c.crName(), s.snb(),
                        par, sectorRange(s, swap).start()));
                c.control(c.psizeBits(par));
                erasedWords.erased(s.bank(), s.offset(), s.size());
                ok = true;
            } finally {
                c.end(ok, par);
            }
            progress.worked(1);
            done++;
        }
    }

    /** Erases every physical sector visible at {@code range} now; returns them. */
    public List<Sector> eraseRange(AddressRange range, FlashProgress progress) throws TargetException {
        List<Sector> sectors = sectorsCovering(range, swapBank());
        eraseSectors(sectors, progress);
        return sectors;
    }

    /**
     * Bank erase of PHYSICAL bank {@code physicalBank} (BER|PSIZE then START through the register set that reaches it
     * now). The controller refuses a bank erase as a whole (WRPERR) when any sector of the bank is write-protected:
     * the driver checks WPSN first and refuses naming the sectors, so nothing is started that cannot succeed.
     */
    public void eraseBank(int physicalBank, FlashProgress progress) throws TargetException {
        if (physicalBank < 1 || physicalBank > geometry.bankCount()) {
            throw new FlashRequestException(FlashOperation.BANK_ERASE, null, null,
                    "there is no physical bank " + physicalBank + " on " + partName(), "");
        }
        bulkErase(FlashOperation.BANK_ERASE, List.of(physicalBank), progress);
    }

    /**
     * Mass erase: BER on every bank (started on all, then awaited on all), as OpenOCD, pyOCD, stlink and the Keil
     * algorithm do; FLASH_OPTCR.MER is not used (its lock and self-clearing rules are not documented in what we read).
     */
    public void massErase(FlashProgress progress) throws TargetException {
        List<Integer> banks = new ArrayList<>();
        for (int b = 1; b <= geometry.bankCount(); b++) {
            banks.add(b);
        }
        bulkErase(FlashOperation.MASS_ERASE, banks, progress);
    }

    private void bulkErase(FlashOperation op, List<Integer> physicalBanks, FlashProgress progress)
            throws TargetException {
        List<Sector> all = new ArrayList<>();
        for (int b : physicalBanks) {
            all.addAll(geometry.bank(b).sectors());
        }
        refuseProtected(all, op, op == FlashOperation.MASS_ERASE ? "mass erase" : "bank erase");
        boolean swap = swapBank();
        Parallelism par = parallelism();
        String label = op == FlashOperation.MASS_ERASE ? "mass erase (BER on every bank)"
                : "erase of physical bank " + physicalBanks.get(0);
        progress.begin(label, 1);
        if (progress.isCanceled()) {
            throw new FlashCanceledException(op, 0, 1, "nothing was erased");
        }
        List<BankController> started = new ArrayList<>();
        boolean ok = false;
        try {
            for (int b : physicalBanks) {
                BankController c = ctl(registerSetFor(b, swap));
                begin(c);
                started.add(c);
                c.control(c.bankErase(par));
                c.control(c.bankErase(par) | c.startBit());
            }
            long bankBytes = geometry.bank(1).size();
            clock.pause(Math.round(FIRST_POLL_AT_TYPICAL * 1000L
                    * timeouts.timings().bankEraseMicros(bankBytes, par, FlashTimings.Bound.TYPICAL)));
            for (int i = 0; i < physicalBanks.size(); i++) {
                int b = physicalBanks.get(i);
                BankController c = started.get(i);
                int sr = c.waitQueueEmpty(timeouts.bankErase(bankBytes, par), op, null, null);
                c.check(sr, op, null, null, String.format("%s: BER of physical bank %d through FLASH_%s (%s, %s)",
                        label, b, c.crName(), size(bankBytes), par));
                c.control(c.psizeBits(par));
                erasedWords.erased(b, 0, geometry.bank(b).size());
            }
            ok = true;
        } finally {
            for (BankController c : started) {
                c.end(ok, par);
            }
        }
        progress.worked(1);
    }

    /**
     * {@link #eraseSectors} then {@link #program}: the words of the sectors just erased are known erased, so the
     * program needs no read-back first. Progress and cancel are those of the programming part.
     */
    public void eraseAndProgram(List<Sector> physicalSectors, long address, byte[] data, FlashProgress progress)
            throws TargetException {
        Objects.requireNonNull(data, "data");
        requireSectors(physicalSectors);
        if (data.length == 0) {
            eraseSectors(physicalSectors, FlashProgress.NONE);
            return;
        }
        // every precondition of both parts is checked before the first sector is erased
        ProgramPlan plan = plan(address, data);
        List<Sector> scope = new ArrayList<>(physicalSectors);
        plan.sectors().stream().filter(s -> !scope.contains(s)).forEach(scope::add);
        refuseProtected(scope, FlashOperation.PROGRAM, "erasing and programming");
        refuseNotErased(plan, physicalSectors);
        eraseSectors(physicalSectors, FlashProgress.NONE);
        write(plan, progress);
    }

    // =============================================================================================== program

    /**
     * Programs {@code data} at CPU/debug address {@code address} (either window; a range may cross from window 1 into
     * window 2). The range is widened to whole flash words with 0xFF; words that end up all 0xFF are skipped (they
     * stay erased). Every word that is written must be erased (see the class comment): otherwise the request is
     * refused before anything is written. Work units for progress and cancellation are runs of at most
     * {@link FlashDriverSettings#runBytes()} inside one sector; a canceled program leaves whole runs written.
     */
    public void program(long address, byte[] data, FlashProgress progress) throws TargetException {
        Objects.requireNonNull(data, "data");
        if (data.length == 0) {
            return;
        }
        ProgramPlan plan = plan(address, data);
        refuseProtected(plan.sectors(), FlashOperation.PROGRAM, "programming");
        refuseNotErased(plan, List.of());
        write(plan, progress);
    }

    /**
     * A program request widened to whole flash words ({@code buf} from {@code start}, padded with 0xFF) and cut into
     * runs, under the mapping {@code swap} read once.
     */
    private record ProgramPlan(long address, int length, long start, byte[] buf, List<Run> runs, boolean swap) {
        List<Sector> sectors() {
            return runs.stream().map(Run::sector).distinct().toList();
        }
    }

    private ProgramPlan plan(long address, byte[] data) throws TargetException {
        requireFlash(address, data.length, FlashOperation.PROGRAM);
        boolean swap = swapBank();
        long start = address - Math.floorMod(address, wordBytes);
        long end = address + data.length;
        end += Math.floorMod(-end, wordBytes);
        byte[] buf = new byte[(int) (end - start)];
        Arrays.fill(buf, (byte) 0xFF);
        System.arraycopy(data, 0, buf, (int) (address - start), data.length);
        return new ProgramPlan(address, data.length, start, buf, runs(start, buf, swap), swap);
    }

    /** Writes a checked plan, flash word by flash word, each bank under its own unlock. */
    private void write(ProgramPlan plan, FlashProgress progress) throws TargetException {
        long total = plan.runs.stream().mapToLong(Run::length).sum();
        Parallelism par = parallelism();
        progress.begin(String.format("Programming %d bytes at 0x%08X", plan.length, plan.address), total);
        long done = 0;
        BankController open = null;
        boolean ok = false;
        try {
            for (Run run : plan.runs) {
                if (progress.isCanceled()) {
                    throw new FlashCanceledException(FlashOperation.PROGRAM, done, total, String.format(
                            "%d bytes programmed in whole runs from 0x%08X, the rest untouched", done, plan.start));
                }
                BankController c = ctl(registerSetFor(run.sector.bank(), plan.swap));
                if (open != c) {
                    if (open != null) {
                        open.end(true, par);
                        open = null;
                    }
                    begin(c);
                    open = c;
                    c.control(c.program(par));
                }
                programRun(c, run, plan.buf, (int) (run.address - plan.start), par);
                done += run.length;
                progress.worked(run.length);
            }
            ok = true;
        } finally {
            if (open != null) {
                open.end(ok, par);
            }
        }
    }

    /** The words of one run, each: 32-bit stores of one flash word, wait QW = 0, check SRx. */
    private void programRun(BankController c, Run run, byte[] buf, int off, Parallelism par)
            throws TargetException {
        long wordTypicalNanos = Math.round(FIRST_POLL_AT_TYPICAL * 1000L
                * timeouts.timings().programUnitMicros(par, FlashTimings.Bound.TYPICAL));
        for (int i = 0; i < run.length; i += wordBytes) {
            long a = run.address + i;
            if (allErased(buf, off + i, wordBytes)) {
                continue;
            }
            try {
                mem.write(a, buf, off + i, wordBytes, AccessWidth.WORD);
            } catch (BusFaultException e) {
                throw writeFault(e, run.sector, a);
            }
            // no word is programmed faster than the table's typical time: wait that long before the first poll
            // (one status read per word instead of a burst of early polls)
            clock.pause(wordTypicalNanos);
            int sr = c.waitQueueEmpty(timeouts.program(1, par), FlashOperation.PROGRAM, run.sector, a);
            c.check(sr, FlashOperation.PROGRAM, run.sector, a, String.format(
                    "programming the flash word at 0x%08X (%s, FLASH_%s, %s)", a, name(run.sector), c.crName(), par));
            erasedWords.programmed(run.sector.bank(), a - windowBase(windowOf(a).getAsInt()));
        }
    }

    /** A piece of a program request inside one sector, at most runBytes long, not all 0xFF. */
    private record Run(long address, long length, Sector sector) {
    }

    private List<Run> runs(long start, byte[] buf, boolean swap) throws FlashRequestException {
        List<Run> runs = new ArrayList<>();
        long a = start;
        long end = start + buf.length;
        while (a < end) {
            if (windowOf(a).isEmpty()) {
                a = nextFlashAddress(a);
                continue;
            }
            Sector s = sectorAt(a, swap).orElseThrow();
            long sectorEnd = sectorRange(s, swap).end();
            long runEnd = Math.min(end, Math.min(sectorEnd, a - Math.floorMod(a, settings.runBytes())
                    + settings.runBytes()));
            if (!allErased(buf, (int) (a - start), (int) (runEnd - a))) {
                runs.add(new Run(a, runEnd - a, s));
            }
            a = runEnd;
        }
        return runs;
    }

    /**
     * Refuses the request when a flash word it would program is not erased: known erased ({@link ErasedWords}) or
     * read back as all 0xFF. Nothing has been written at this point.
     */
    private void refuseNotErased(ProgramPlan plan, List<Sector> toBeErased) throws TargetException {
        for (Run run : plan.runs) {
            long bankOffset = run.address - windowBase(windowOf(run.address).getAsInt());
            if (toBeErased.contains(run.sector)
                    || erasedWords.allErased(run.sector.bank(), bankOffset, run.length)) {
                continue;
            }
            byte[] now;
            try {
                now = readRaw(run.address, (int) run.length);
            } catch (BusFaultException e) {
                throw new FlashRequestException(FlashOperation.PROGRAM, run.sector, e.address(), String.format(
                        "refusing to program 0x%08X-0x%08X: reading it first faulted at 0x%08X (%s) - a flash word "
                                + "there holds an uncorrectable ECC error (programmed twice or torn by a power loss)",
                        run.address, run.address + run.length - 1, e.address(), eccText(run, plan.swap)),
                        "erase " + name(run.sector) + " first (only an erase repairs the ECC of a flash word)");
            }
            int off = (int) (run.address - plan.start);
            for (int i = 0; i < run.length; i += wordBytes) {
                if (!allErased(plan.buf, off + i, wordBytes) && !allErased(now, i, wordBytes)) {
                    throw new FlashRequestException(FlashOperation.PROGRAM, run.sector, run.address + i,
                            String.format("refusing to program the flash word at 0x%08X (%s): it is not "
                                    + "erased - an STM32H7 flash word can be programmed only once after an erase; a "
                                    + "second program leaves an uncorrectable ECC error (DBECCERR, bus faults on "
                                    + "every read) and no error flag at program time. Nothing was written.",
                                    run.address + i, name(run.sector)),
                            "erase " + name(run.sector) + " first (program with erase), or program only erased ranges");
                }
            }
        }
    }

    private String eccText(Run run, boolean swap) throws TargetException {
        BankController c = ctl(registerSetFor(run.sector.bank(), swap));
        BankController.Status st = c.takeStatus();
        return st.flags().isEmpty() ? "no FLASH_" + c.srName() + " flag" : H7StatusFlag.list(st.flags()) + st.eccText();
    }

    private static boolean allErased(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    private TargetException writeFault(BusFaultException e, Sector s, long a) throws TargetException {
        if (e instanceof ReadProtectionException) {
            return new FlashProtectionException(FlashOperation.PROGRAM, FailureCause.READ_PROTECTION, s, a,
                    String.format("programming 0x%08X was refused by read protection (RDP level 1)", a),
                    "set RDP = 0xAA (level 0) with an option-byte write; this mass-erases the flash", e);
        }
        return e;
    }

    // =============================================================================================== verify / read

    /** Reads {@code expected.length} bytes at {@code address} and compares (a mismatch is a result, not an error). */
    public VerifyResult verify(long address, byte[] expected) throws TargetException {
        byte[] actual = readFlash(address, expected.length);
        int count = 0;
        long first = -1;
        int exp = 0;
        int act = 0;
        boolean subset = true;
        for (int i = 0; i < expected.length; i++) {
            if (actual[i] != expected[i]) {
                if (count == 0) {
                    first = address + i;
                    exp = expected[i] & 0xFF;
                    act = actual[i] & 0xFF;
                }
                count++;
                subset &= (actual[i] & ~expected[i] & 0xFF) == 0;
            }
        }
        return new VerifyResult(address, expected.length, count, first, exp, act, count > 0 && subset);
    }

    /** {@link #program} then a verify (target CRC when it agrees, read-back otherwise). */
    public VerifyResult programAndVerify(long address, byte[] data, FlashProgress progress) throws TargetException {
        program(address, data, progress);
        if (data.length % 4 == 0 && address % 4 == 0 && matchesOnTarget(address, data, 0, data.length)) {
            return new VerifyResult(address, data.length, 0, -1, 0, 0, false);
        }
        VerifyResult r = verify(address, data);
        if (!r.ok()) {
            throw new FlashVerifyException(r, "erase the sectors and program again; check that no other tool or "
                    + "firmware wrote the flash meanwhile");
        }
        return r;
    }

    /**
     * Reads flash with word accesses. A read that bus-faults is explained from the bank's status: an uncorrectable
     * ECC word (DBECCERR, with the failing word from FLASH_ECC_FAx), PCROP/RDP (RDPERR) or secure-only (RDSERR).
     */
    public byte[] readFlash(long address, int length) throws TargetException {
        try {
            return readRaw(address, length);
        } catch (BusFaultException e) {
            OptionalInt w = windowOf(e.address());
            if (w.isEmpty()) {
                throw e;
            }
            boolean swap = swapBank();
            BankController c = ctl(params.registersFollowSwap() ? w.getAsInt()
                    : physicalBankInWindow(w.getAsInt(), swap));
            BankController.Status st = c.takeStatus();
            Set<H7StatusFlag> flags = st.flags();
            int sr = st.sr();
            String ecc = st.eccText();
            Sector s = sectorAt(e.address(), swap).orElse(null);
            if (flags.contains(H7StatusFlag.DBECCERR)) {
                throw new H7FlashStatusException(FlashOperation.VERIFY, flags, sr, FailureCause.UNKNOWN, s,
                        e.address(), String.format("reading flash at 0x%08X faulted: FLASH_%s = 0x%08X (%s) - ECC "
                                + "double error%s: the flash word was programmed twice or torn by a power loss",
                                e.address(), c.srName(), sr, H7StatusFlag.list(flags), ecc),
                        "erase " + (s == null ? "the sector" : name(s)) + " (only an erase repairs a flash "
                                + "word's ECC) and program it again");
            }
            if (e instanceof ReadProtectionException || flags.contains(H7StatusFlag.RDPERR)
                    || flags.contains(H7StatusFlag.RDSERR)) {
                throw new FlashProtectionException(FlashOperation.VERIFY, FailureCause.READ_PROTECTION, s,
                        e.address(), String.format("reading flash at 0x%08X was refused (%s): read protection (RDP "
                                + "level 1), a PCROP area or a secure-only area", e.address(),
                                flags.isEmpty() ? "bus fault" : H7StatusFlag.list(flags)),
                        "see 'flashbank doctor' for the protection in force", e);
            }
            throw e;
        }
    }

    private byte[] readRaw(long address, int length) throws TargetException {
        long start = address & ~3L;
        long end = (address + length + 3) & ~3L;
        byte[] words = new byte[(int) (end - start)];
        mem.read(start, words, 0, words.length, AccessWidth.WORD);
        if (start == address && words.length == length) {
            return words;
        }
        return Arrays.copyOfRange(words, (int) (address - start), (int) (address - start) + length);
    }

    /**
     * Window base of the bank ECC_FAx of register set {@code set} counts from: the bank mapped in window x, or
     * physical bank x (model parameter eccFaFollowsSwap). HAL adds the window base to the index x flash word.
     */
    /**
     * The flash word FLASH_ECC_FAx of register set {@code set} names now (the first word that failed since its ECC
     * flags were cleared), as a window address (which base it counts from is the model parameter eccFaFollowsSwap).
     */
    public long eccFailingWord(int set) throws TargetException {
        Register fa = regs.eccFa(set);
        return eccBase(set) + (long) fa.field(Stm32H7Registers.FAIL_ECC_ADDR).extract(mem.read32(fa.address()))
                * wordBytes;
    }

    private long eccBase(int set) throws TargetException {
        return windowBase(params.eccFaFollowsSwap() ? set : windowOfPhysicalBank(set, swapBank()));
    }

    // =============================================================================================== target CRC

    /** The host-side CRC the engine is assumed to compute (model parameters crcInitialValue, crcReflected). */
    public FlashCrc crcModel() {
        return crcModel;
    }

    /**
     * CRCDATA of the flash CRC engine over [address, address + length) (one window, whole flash words), or empty when
     * the engine cannot be used for it (no engine, range not whole words, crossing the windows, engine busy or
     * failing). RM0433 §4.3.12 sequence: CRC_EN, clear CRCEND/CRCRDERR, CLEAN_CRC with CRC_BURST and address-range
     * mode, CRCSADDx/CRCEADDx, START_CRC, wait CRC_BUSY = 0, read CRCDATA, clear CRC_EN.
     */
    public OptionalInt targetCrc(long address, int length) throws TargetException {
        OptionalInt w = windowOf(address);
        if (!crcEngineTrusted || length <= 0 || w.isEmpty() || address % wordBytes != 0 || length % wordBytes != 0
                || !windowRange(w.getAsInt()).contains(new AddressRange(address, length))) {
            return OptionalInt.empty();
        }
        // the CRC registers of set n read the bank in window n (registers follow the mapping, like CRn)
        BankController c = ctl(params.registersFollowSwap() ? w.getAsInt()
                : physicalBankInWindow(w.getAsInt(), swapBank()));
        long base = windowBase(w.getAsInt());
        // the engine reads 256 flash words per burst; give it the time of programming them, generously
        OperationTimeout budget = timeouts.program(Math.max(1, length / wordBytes / 64), parallelism());
        Parallelism par = parallelism();
        begin(c);
        boolean ok = false;
        try {
            OptionalInt crc = c.crc(address - base, address + length - 4 - base, budget);
            ok = true;
            return crc;
        } finally {
            c.end(ok, par);
        }
    }

    /** The flash CRC engine's result for these bytes, as the model ({@link #crcModel()}) computes it. */
    @Override
    public int expectedTargetCrc(byte[] data, int off, int length) {
        return crcModel.crc(data, off, length);
    }

    /**
     * True when the flash CRC engine's result over [address, address + length) equals the host CRC of
     * {@code expected[off, off + length)}. A mismatch is NOT taken as a difference: the engine's initial value and
     * bit order are assumptions ({@link #crcModel()}), so the caller reads back; when the read-back then shows equal
     * data the driver stops trusting the engine for the rest of the session.
     */
    public boolean matchesOnTarget(long address, byte[] expected, int off, int length) throws TargetException {
        OptionalInt crc = targetCrc(address, length);
        if (crc.isEmpty()) {
            return false;
        }
        if (crc.getAsInt() == crcModel.crc(expected, off, length)) {
            return true;
        }
        byte[] actual = readFlash(address, length);
        if (Arrays.equals(actual, 0, length, expected, off, off + length)) {
            crcEngineTrusted = false; // equal data, different CRC: our assumption about the engine is wrong
        }
        return false;
    }

    /** False once a CRC disagreed with equal data read back: the engine is not used again by this driver. */
    public boolean crcEngineTrusted() {
        return crcEngineTrusted;
    }

    // =============================================================================================== protection

    /** Physical sectors write-protected now (FLASH_WPSN_CURx bit = 0), in bank order. */
    public List<Sector> writeProtectedSectors() throws TargetException {
        boolean swap = swapBank();
        List<Sector> list = new ArrayList<>();
        for (Bank b : geometry.banks()) {
            BankController c = ctl(params.optionRegistersFollowSwap() ? windowOfPhysicalBank(b.number(), swap)
                    : b.number());
            int wpsn = mem.read32(c.wpsnCur.address());
            for (Sector s : b.sectors()) {
                if (!c.wrpsn.isSet(wpsn & (1 << (c.wrpsn.lsb() + s.number() / sectorsPerWrpsnBit)))) {
                    list.add(s);
                }
            }
        }
        return list;
    }

    /**
     * Every physical sector with what protects it now: WPSN_CURx, PRAR_CURx and SCAR_CURx of its bank, decoded by
     * {@link Stm32H7Protection}.
     */
    public List<H7SectorProtection> protection() throws TargetException {
        return protectionModel(readOptions()).sectors();
    }

    @Override
    public Stm32H7Family family() {
        return new Stm32H7Family();
    }

    /**
     * RDP, WPSN, PRAR and SCAR of {@code options} (an image of this line) under the mapping in force now (which
     * register set describes which physical bank after a swap is the model parameter optionRegistersFollowSwap).
     */
    @Override
    public Stm32H7Protection protectionModel(OptionImage options) throws TargetException {
        return new Stm32H7Protection(geometry, requireOwnImage(options), regs, params, swapBank(), sectorsPerWrpsnBit);
    }

    private void refuseProtected(List<Sector> scope, FlashOperation op, String what) throws TargetException {
        List<Sector> wp = writeProtectedSectors();
        List<Sector> hit = scope.stream().filter(wp::contains).toList();
        if (hit.isEmpty()) {
            return;
        }
        boolean bulk = op == FlashOperation.BANK_ERASE || op == FlashOperation.MASS_ERASE;
        throw new FlashProtectionException(op, FailureCause.WRITE_PROTECTED_SECTOR, hit.get(0), null, String.format(
                "refusing %s: %s %s write-protected (FLASH_WPSN_CURx bit = 0)%s; the bank controller would "
                        + "answer WRPERR and change nothing. Nothing was written.",
                what, sectorList(hit), hit.size() == 1 ? "is" : "are",
                bulk ? " - a bank or mass erase is refused as a whole when any sector of the bank is protected" : ""),
                "remove the write protection of " + sectorList(hit) + " (set its WPSN bit with an option-byte "
                        + "write; it acts after OPTSTART, no reset needed)", null);
    }

    private static String sectorList(List<Sector> sectors) {
        StringBuilder b = new StringBuilder();
        for (Sector s : sectors) {
            b.append(b.length() == 0 ? "" : ", ").append(name(s));
        }
        return b.toString();
    }

    /** "sector 3 of bank 2" - PHYSICAL bank, per-bank sector number (the SNB value), as RM0433 numbers them. */
    static String name(Sector s) {
        return String.format("sector %d of bank %d", s.number(), s.bank());
    }

    // =============================================================================================== options

    /** The options in force, read from the FLASH_*_CUR registers (the option bytes are not memory mapped on H7). */
    public Stm32H7OptionImage readOptions() throws TargetException {
        Map<String, Integer> current = new LinkedHashMap<>();
        for (Register prg : regs.programRegisters()) {
            Register cur = regs.currentOf(prg);
            current.put(cur.name(), mem.read32(cur.address()));
        }
        return Stm32H7OptionImage.fromCurrent(regs, geometry.mode(), current);
    }

    /**
     * Writes the option bytes (RM0433 §4.4.3 "Option byte modification") and reads them back: refuses RDP level 2
     * and SECURITY = 1 (irreversible; {@code allowIrreversible} after an explicit confirmation), refuses an image of
     * another line, refuses any change on an RDP level 2 part. Then: wait QW = 0 on every bank, OPTKEYR unlock (only
     * when OPTLOCK is set), read-modify-write of every FLASH_*_PRG register whose value differs from the request
     * (bits the model does not define are kept, as HAL and OpenOCD keep them), OPTCCR.CLR_OPTCHANGEERR, OPTSTART,
     * wait OPT_BUSY = 0 within the option budget (plus a mass erase when RDP regresses 1 -> 0), OPTCHANGEERR, OPTLOCK,
     * read the _CUR registers back. SWAP_BANK_OPT shows in OPTSR_CUR at once but maps the banks at the next reset.
     *
     * @return the options before, requested and read back
     */
    public H7OptionWrite writeOptionImage(OptionImage requestedImage, boolean allowIrreversible,
            FlashProgress progress) throws TargetException {
        Stm32H7OptionImage requested = requireOwnImage(requestedImage);
        Stm32H7OptionImage before = readOptions();
        int rdpBefore = before.word(regs.optsrPrg().name()) & regs.optsrPrg().field(RDP).mask();
        RdpLevel levelBefore = RdpLevel.of(regs.optsrPrg().field(RDP).extract(before.word(regs.optsrPrg().name())));
        RdpLevel levelAfter = RdpLevel.of(regs.optsrPrg().field(RDP).extract(requested.word(regs.optsrPrg().name())));
        if (levelBefore == RdpLevel.LEVEL_2) {
            throw new FlashProtectionException(FlashOperation.OPTION_WRITE, FailureCause.DEBUG_PORT_LOCKED, null, null,
                    String.format("RDP level 2 (0x%02X): the option bytes are frozen and cannot be changed",
                            rdpBefore >>> regs.optsrPrg().field(RDP).lsb()), "none (irreversible)", null);
        }
        if (!allowIrreversible) {
            refuseIrreversible(before, requested, levelAfter);
        }
        boolean regression = levelBefore == RdpLevel.LEVEL_1 && levelAfter == RdpLevel.LEVEL_0;
        Map<String, Integer> changed = new LinkedHashMap<>();
        for (String name : requested.registerNames()) {
            Register prg = regs.flash().register(name);
            if (((mem.read32(prg.address()) ^ requested.word(name)) & prg.definedBits()) != 0) {
                changed.put(name, requested.word(name));
            }
        }
        writePrgAndStart(changed, regression, progress);
        return new H7OptionWrite(before, requested, readOptions(), regression);
    }

    /** {@link #writeOptionImage} refusing irreversible values (RDP level 2, SECURITY = 1). */
    @Override
    public OptionWriteResult writeOptions(OptionImage requested, FlashProgress progress) throws TargetException {
        return result(writeOptionImage(requested, false, progress));
    }

    /** {@link #writeOptionImage} allowing irreversible values: call only after an explicit confirmation. */
    @Override
    public OptionWriteResult writeOptionsIrreversibly(OptionImage requested, FlashProgress progress)
            throws TargetException {
        return result(writeOptionImage(requested, true, progress));
    }

    /** The H7 option diff over this variant's option fields (risk classes of the model's option diff). */
    @Override
    public List<OptionChange> optionChanges(OptionImage from, OptionImage to) {
        return Stm32H7OptionDiff.diff(descriptor.optionFields(flashSizeKiB), from, to, params);
    }

    /**
     * The neutral result: the changed fields with their risk (the model's option diff); a reset is required when a
     * changed option acts only at the next reset (SWAP_BANK_OPT, BOOT_ADDx, ...); the bank mode never changes on H7.
     */
    private OptionWriteResult result(H7OptionWrite w) {
        List<OptionChange> changes = optionChanges(w.before(), w.requested());
        boolean reset = changes.stream().anyMatch(c -> c.risk() == RiskClass.NEEDS_RESET);
        return new OptionWriteResult(w.before(), w.requested(), w.after(), w.rdpRegression(), changes, reset, false);
    }

    /** What an option write did: options before, requested, read back after OPTSTART; RDP 1 -> 0 regression. */
    public record H7OptionWrite(Stm32H7OptionImage before, Stm32H7OptionImage requested, Stm32H7OptionImage after,
            boolean rdpRegression) {

        /** True when the _CUR registers read back what was requested. */
        public boolean readBackMatches() {
            return after.equals(requested);
        }
    }

    private Stm32H7OptionImage requireOwnImage(OptionImage image) throws FlashRequestException {
        if (image instanceof Stm32H7OptionImage h7 && h7.line() == descriptor.stm32H7Line()
                && h7.bankMode() == geometry.mode()) {
            return h7;
        }
        throw new FlashRequestException(FlashOperation.OPTION_WRITE, null, null, "option bytes " + image
                + " are not those of " + partName(),
                "read the options of this part, change them and write them back");
    }

    private void refuseIrreversible(Stm32H7OptionImage before, Stm32H7OptionImage requested, RdpLevel levelAfter)
            throws FlashProtectionException {
        if (levelAfter == RdpLevel.LEVEL_2) {
            throw new FlashProtectionException(FlashOperation.OPTION_WRITE, FailureCause.INVALID_REQUEST, null, null,
                    "refusing RDP = 0xCC (level 2): it disables debugging and freezes the option bytes FOREVER",
                    "write irreversible options only after an explicit user confirmation", null);
        }
        Field security = regs.optsrPrg().field(SECURITY);
        String optsr = regs.optsrPrg().name();
        if (params.securityIrreversible() && !security.isSet(before.word(optsr))
                && security.isSet(requested.word(optsr))) {
            throw new FlashProtectionException(FlashOperation.OPTION_WRITE, FailureCause.INVALID_REQUEST, null, null,
                    "refusing SECURITY = 1: secure access mode is treated as irreversible (model parameter "
                            + "securityIrreversible)",
                    "write irreversible options only after an explicit user confirmation", null);
        }
    }

    /**
     * The option-change sequence for the _PRG registers in {@code prgValues} (RMW of the defined bits), then OPTSTART
     * and the OPT_BUSY / OPTCHANGEERR checks. With nothing to change OPTSTART is still issued: the caller asked for
     * the options to be (re)programmed.
     */
    private void writePrgAndStart(Map<String, Integer> prgValues, boolean rdpRegression, FlashProgress progress)
            throws TargetException {
        progress.begin("Programming option bytes", 1);
        if (progress.isCanceled()) {
            throw new FlashCanceledException(FlashOperation.OPTION_WRITE, 0, 1, "nothing was written");
        }
        for (BankController c : controllers) {
            c.waitQueueEmpty(timeouts.unknownOperation(geometry.totalSize()), FlashOperation.WAIT_IDLE, null, null);
        }
        options.unlock();
        boolean ok = false;
        try {
            options.change(prgValues, Math.round(FIRST_POLL_AT_TYPICAL * 1000L
                    * timeouts.timings().optionProgramMicros(FlashTimings.Bound.TYPICAL)),
                    timeouts.optionProgram(rdpRegression, geometry.totalSize()));
            ok = true;
        } finally {
            try {
                options.lock();
            } catch (TargetException e) {
                if (ok) {
                    throw e;
                }
            }
            erasedWords.forget(); // an RDP regression erases; and we no longer vouch for the flash
        }
        progress.worked(1);
    }

    // =============================================================================================== internals

    private BankController ctl(int set) {
        if (set < 1 || set > controllers.length) {
            throw new IllegalArgumentException("no register set " + set + " on " + partName());
        }
        return controllers[set - 1];
    }

    /** Wait for the controller (any operation already running), clear stale flags, unlock, CR = PSIZE. */
    private void begin(BankController c) throws TargetException {
        c.begin(timeouts.unknownOperation(geometry.totalSize()), parallelism());
    }

    /**
     * The sector-erase budget: the model's maximum for this sector size (the 8 KiB H7A/B sectors have no row in the
     * shared timing table, so the H7 table is asked directly), scaled like every {@link FlashTimeouts} budget.
     */
    private OperationTimeout sectorEraseBudget(Sector s, Parallelism par) {
        long maxMicros = Stm32H7Timings.sectorEraseMicros(s.size(), par, FlashTimings.Bound.MAXIMUM);
        long nanos = (long) Math.ceil(maxMicros * 1000.0 * settings.safetyFactor()) + settings.slack().toNanos();
        return new OperationTimeout(nanos, String.format(java.util.Locale.ROOT,
                "%d KiB sector erase at %s: %s max x %.1f safety + %s slack [%s]", s.sizeKiB(), par,
                BankController.human(maxMicros * 1000), settings.safetyFactor(),
                BankController.human(settings.slack().toNanos()),
                Stm32H7Timings.SOURCE));
    }

    private void requireSectors(List<Sector> physicalSectors) throws FlashRequestException {
        for (Sector s : physicalSectors) {
            if (!geometry.sectors().contains(s)) {
                throw new FlashRequestException(FlashOperation.SECTOR_ERASE, s, null,
                        s + " is not a sector of " + partName(), "");
            }
        }
    }

    private void requireFlash(long address, long length, FlashOperation op) throws FlashRequestException {
        for (long a = address; a < address + length;) {
            OptionalInt w = windowOf(a);
            if (w.isEmpty()) {
                throw new FlashRequestException(op, null, a, String.format(
                        "0x%08X + %d bytes is not inside the flash of %s (%s)", address, length, partName(),
                        windowsText()), "program and erase inside the flash windows");
            }
            a = windowRange(w.getAsInt()).end();
        }
    }

    /** The next window start after {@code a} (skipping the hole of the 1 MiB parts between the windows). */
    private long nextFlashAddress(long a) {
        long next = Long.MAX_VALUE;
        for (int w = 1; w <= geometry.bankCount(); w++) {
            long b = windowBase(w);
            if (b > a) {
                next = Math.min(next, b);
            }
        }
        return next;
    }

    private String windowsText() {
        StringBuilder b = new StringBuilder();
        for (int w = 1; w <= geometry.bankCount(); w++) {
            b.append(w == 1 ? "" : ", ").append(windowRange(w));
        }
        return b.toString();
    }

    private static String size(long bytes) {
        return bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes / 1024
                + " KiB";
    }
}
