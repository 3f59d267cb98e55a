package dev.flashbank.family.pageflash.flash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.FlashTimings.Bound;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.BankSwapping;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.OptionWriteResult;
import dev.flashbank.core.family.ProgramSetting;
import dev.flashbank.core.family.ProtectionModel.EraseBlocker;
import dev.flashbank.core.family.ProtectionModel.Scope;
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
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.flash.VerifyResult;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.ReadProtectionException;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.pageflash.PageFlashDescriptor;
import dev.flashbank.family.pageflash.PageFlashGeometry;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashOptionDiff;
import dev.flashbank.family.pageflash.PageFlashOptionImage;
import dev.flashbank.family.pageflash.PageFlashRegisters;
import dev.flashbank.family.pageflash.PageFlashTimings;

/**
 * The flash driver of the STM32 page-flash controller (RM0440 G4, RM0351 L4, RM0432 L4+, RM0444 G0B1; §3.3 "FLASH
 * program and erase operations", §3.4 "FLASH option bytes") over the probe-independent {@link MemoryAccess}. Every
 * address, bit, key, size and timing comes from the page-flash model ({@link PageFlashRegisters}, the descriptor).
 * <p>
 * Conventions:
 * <ul>
 * <li><b>Erase by PHYSICAL page and bank.</b> A page erase writes PER, PNB (the page number within its bank) and
 * BKER, and BKER selects the PHYSICAL bank whatever SYSCFG_MEMRMP.FB_MODE (L4/G4) or OPTR.nSWAP_BANK (G0B1) maps at
 * 0x0800_0000 - as do MER1/MER2. Programming takes CPU/debug ADDRESSES, which go through the mapping. Deriving BKER
 * from an address without the mapping is how stlink (#1456) and wolfBoot (PR #821) erased the running bank after a
 * swap; the driver therefore works on {@link Sector}s of physical banks and asks the mapping only to turn addresses
 * into them ({@link #sectorsCovering}). In single-bank mode BKER stays 0.</li>
 * <li><b>Keys only when locked</b> ({@link PageFlashDriverControl}): a key written to KEYR/OPTKEYR while unlocked is
 * a wrong sequence, and a wrong sequence locks FLASH_CR until the next reset.</li>
 * <li><b>Double words.</b> The program unit is a 64-bit double word with 8 ECC bits, written as two 32-bit stores
 * (first the low word, programming starts with the second). A double word can be programmed once after an erase; a
 * second program raises PROGERR (unless all zeros are written), so every double word the driver will program must be
 * known erased - erased by this driver and not programmed since, or read back as all 0xFF - otherwise the whole
 * request is refused before anything is written. Double words that would be all 0xFF are not written (they stay
 * erased and programmable). The A/B commit unit is therefore one double word ({@link #programUnitBytes()}).</li>
 * <li><b>Fast programming</b> (FSTPG, a row of 32 double words; 64 on L4+) is used where it pays off and the
 * reference manual's conditions hold: the row lies in a bank this driver erased with MER1/MER2 and has not
 * programmed since, every double word of it is to be programmed (fast programming programs all of them), the core
 * is halted (no other flash access while the row streams in), the transport streams block writes and the flash is
 * in its 64-bit layout (not the 128-bit single-bank mode of G47x/G48x and L4+). Everything else is standard
 * double-word programming.</li>
 * <li><b>Every operation</b> waits for the flash to be idle, clears stale flags, unlocks, clears CR, runs, checks
 * FLASH_SR - every error flag decoded into a {@link PageFlashStatusException} that names the flag, the page or
 * address and what to do, the flags cleared before it is thrown - and locks again.</li>
 * <li><b>Option writes end in a reset.</b> OPTSTRT programs the option bytes; they act only after an option-byte
 * load, so the driver sets OBL_LAUNCH, which resets the part; it then reconnects (halt, else under reset),
 * re-identifies the part, re-reads the layout (a DBANK / DUALBANK / DUAL_BANK change re-lays the pages) and reads the
 * options back ({@link PageFlashOptionLoader}).</li>
 * <li><b>Cancel</b> is honoured between pages when erasing and between runs of double words (or fast rows) when
 * programming: never inside a double word, a row or an option change.</li>
 * </ul>
 */
public final class PageFlashDriver implements FlashDriver {

    /**
     * Share of the TYPICAL time waited before the first status poll: no page erase ends earlier, and polling from the
     * start only costs probe round trips.
     */
    public static final double FIRST_POLL_AT_TYPICAL = 1.0;

    /** The timing rows of the page-flash table are those of 64-bit programming (the controller has no PSIZE). */
    static final Parallelism UNIT = Parallelism.X64;

    private final DebugTarget target;
    private final MemoryAccess mem;
    private final PageFlashDescriptor descriptor;
    private final PageFlashLine line;
    private final int flashSizeKiB;
    private final PageFlashRegisters regs;
    private final PollClock clock;
    private final FlashDriverSettings settings;
    private final FlashTimeouts timeouts;
    private final PageFlashDriverControl control;
    private final PageFlashOptionLoader loader;
    private final ErasedDoubleWords erased = new ErasedDoubleWords();
    /**
     * Physical banks erased by MER1/MER2 by this driver since the last reprobe, with no page erase since: where fast
     * programming may run (its precondition, RM0440 §3.3.7 step 1, "perform a mass erase of the bank to program").
     */
    private final Set<Integer> bulkErased = new HashSet<>();
    private FlashGeometry geometry;

    /** A driver for {@code descriptor}'s part with {@code flashSizeKiB} of flash; reads the bank mode (OPTR). */
    public PageFlashDriver(DebugTarget target, PageFlashDescriptor descriptor, int flashSizeKiB, PollClock clock,
            FlashDriverSettings settings) throws TargetException {
        this.target = Objects.requireNonNull(target, "target");
        this.mem = target.memory();
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.line = descriptor.pageFlashLine();
        this.flashSizeKiB = flashSizeKiB;
        this.regs = descriptor.registers();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timeouts = new FlashTimeouts(descriptor.timings(), settings.safetyFactor(), settings.slack());
        this.control = new PageFlashDriverControl(regs, mem, clock);
        this.loader = new PageFlashOptionLoader(target, regs, control, clock, PageFlashLine.FLASH_SIZE_REGISTER,
                PageFlashLine.UNIQUE_ID);
        reprobe();
    }

    // =============================================================================================== the part

    @Override
    public PageFlashDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public PageFlashFamily family() {
        return new PageFlashFamily();
    }

    @Override
    public int flashSizeKiB() {
        return flashSizeKiB;
    }

    private String partName() {
        return descriptor.variantName(flashSizeKiB);
    }

    /** The pages of the PHYSICAL banks in the bank mode latched at the last option-byte load. */
    @Override
    public FlashGeometry geometry() {
        return geometry;
    }

    /**
     * Reads OPTR (the options loaded at the last OBL) and lays the pages out for its bank mode (G4 DBANK, L4 DUALBANK,
     * L4+ DBANK/DB1M, G0B1 DUAL_BANK); forgets which double words it knew erased (the firmware may have run).
     */
    @Override
    public FlashGeometry reprobe() throws TargetException {
        geometry = PageFlashGeometry.of(line, flashSizeKiB, readOptions().bankMode());
        erased.forget();
        bulkErased.clear();
        return geometry;
    }

    /**
     * Resets and halts the target, then {@link #reprobe()}. A system reset does NOT load pending option bytes (only
     * OBL_LAUNCH and a power-on reset do): the options an OPTSTRT programmed stay pending.
     */
    @Override
    public FlashGeometry resetAndReprobe(ResetKind kind) throws TargetException {
        target.core().resetAndHalt(kind);
        return reprobe();
    }

    @Override
    public FlashDriverSettings settings() {
        return settings;
    }

    @Override
    public FlashTimeouts timeouts() {
        return timeouts;
    }

    /** One 64-bit double word (plus its 8 ECC bits): the unit programmed, and the A/B commit unit. */
    @Override
    public int programUnitBytes() {
        return PageFlashLine.DOUBLE_WORD;
    }

    /** Nothing to say: the page-flash controller has no program parallelism to choose. */
    @Override
    public Optional<String> programSettingNotice() {
        return Optional.empty();
    }

    @Override
    public ProgramSetting programSetting() {
        return new ProgramSetting(String.format("64-bit double words (two 32-bit writes each); fast programming of "
                + "%d-double-word rows right after a bank erase",
                line.fastRowDoubleWords()), Optional.empty(), "default");
    }

    /**
     * True when the banks are swapped NOW: physical bank 2 at 0x0800_0000 - SYSCFG_MEMRMP.FB_MODE on L4/L4+/G4 (set
     * by the bootloader after a BFB2 boot, or by firmware), loaded OPTR.nSWAP_BANK = 0 on G0B1. Always false in
     * single-bank mode.
     */
    @Override
    public boolean banksSwapped() throws TargetException {
        if (geometry.bankCount() < 2) {
            return false;
        }
        Optional<dev.flashbank.core.device.Field> fbMode = regs.fbMode();
        if (fbMode.isPresent()) {
            return fbMode.get().isSet(mem.read32(regs.memoryRemap().address()));
        }
        return !regs.optr().field(PageFlashRegisters.NSWAP_BANK).isSet(mem.read32(regs.optr().address()));
    }

    /** "FB_MODE" (L4/L4+/G4) or "nSWAP_BANK" (G0B1). */
    @Override
    public String bankMappingLabel() {
        return line.series().hasFbMode() ? PageFlashRegisters.FB_MODE : PageFlashRegisters.NSWAP_BANK;
    }

    /** The value of {@link #bankMappingLabel()}'s bit under {@code swapped}: FB_MODE = 1, nSWAP_BANK = 0 when swapped. */
    private int mappingBit(boolean swapped) {
        return line.series().hasFbMode() == swapped ? 1 : 0;
    }

    /** BFB2 + FB_MODE (L4/L4+/G4) or nSWAP_BANK (G0B1): {@link PageFlashBankSwap}, reading through this driver. */
    @Override
    public Optional<BankSwapping> bankSwapping() {
        return Optional.of(new PageFlashBankSwap(descriptor, flashSizeKiB, new PageFlashBankSwap.Target() {
            @Override
            public PageFlashOptionImage options() throws TargetException {
                return readOptions();
            }

            @Override
            public boolean swapped() throws TargetException {
                return banksSwapped();
            }

            @Override
            public int initialStackPointer(int bank) throws TargetException {
                boolean swapped = banksSwapped();
                return mem.read32(busAddress(geometry.windowAddress(bank, 0, swapped, geometry.linkWindow()),
                        swapped));
            }
        }));
    }

    // =============================================================================================== options

    /** The options LOADED at the last OBL, read from OPTR and the PCROP / WRP / SEC registers. */
    @Override
    public PageFlashOptionImage readOptions() throws TargetException {
        Map<String, Integer> words = new LinkedHashMap<>();
        for (Register r : regs.optionRegisters()) {
            words.put(r.name(), mem.read32(r.address()));
        }
        return new PageFlashOptionImage(line, flashSizeKiB, words);
    }

    /** Refusing irreversible values (RDP level 2); see {@link #writeOptionImage}. */
    @Override
    public OptionWriteResult writeOptions(OptionImage requested, FlashProgress progress) throws TargetException {
        return writeOptionImage(requested, false, progress);
    }

    /** {@link #writeOptionImage} allowing RDP level 2: call only after an explicit confirmation. */
    @Override
    public OptionWriteResult writeOptionsIrreversibly(OptionImage requested, FlashProgress progress)
            throws TargetException {
        return writeOptionImage(requested, true, progress);
    }

    /**
     * Writes the option bytes and makes them act (RM0440 §3.4.2): refuses an image of another part, any change on an
     * RDP level 2 part and - unless {@code allowIrreversible} - RDP level 2. Then: wait for the flash, clear stale
     * flags (OPTVERR of virgin parts included), unlock LOCK and OPTLOCK, read-modify-write every option register
     * whose defined bits differ, OPTSTRT, wait BSY within the option budget (plus the mass erase of an RDP 1 -> 0
     * regression), check FLASH_SR; then OBL_LAUNCH - the part RESETS - reconnect, re-identify, re-read the layout,
     * check OPTVERR and read the options back. The result's {@code after} is what the part loaded; no further reset
     * is needed. Not cancelable once started.
     */
    public OptionWriteResult writeOptionImage(OptionImage requestedImage, boolean allowIrreversible,
            FlashProgress progress) throws TargetException {
        PageFlashOptionImage requested = requireOwnImage(requestedImage);
        PageFlashOptionImage before = readOptions();
        if (before.rdpLevel() == RdpLevel.LEVEL_2) {
            throw new FlashProtectionException(FlashOperation.OPTION_WRITE, FailureCause.DEBUG_PORT_LOCKED, null, null,
                    "RDP level 2: the option bytes are frozen (an attempt sets WRPERR) and cannot be changed",
                    "none (irreversible)", null);
        }
        if (!allowIrreversible && requested.rdpLevel() == RdpLevel.LEVEL_2) {
            throw new FlashProtectionException(FlashOperation.OPTION_WRITE, FailureCause.INVALID_REQUEST, null, null,
                    "refusing RDP = 0xCC (level 2): it disables debugging and freezes the option bytes FOREVER",
                    "write irreversible options only after an explicit user confirmation", null);
        }
        boolean regression = before.rdpLevel() == RdpLevel.LEVEL_1 && requested.rdpLevel() == RdpLevel.LEVEL_0;
        progress.begin("Programming and loading the option bytes of " + partName(), 2);
        if (progress.isCanceled()) {
            throw new FlashCanceledException(FlashOperation.OPTION_WRITE, 0, 2, "nothing was written");
        }
        Map<Register, Integer> changed = new LinkedHashMap<>();
        for (String name : requested.registerNames()) {
            Register r = regs.flash().register(name);
            if (((mem.read32(r.address()) ^ requested.word(name)) & r.definedBits()) != 0) {
                changed.put(r, requested.word(name));
            }
        }
        PageFlashOptionLoader.Identity identity = loader.identify();
        control.begin(idleBudget());
        boolean ok = false;
        try {
            control.unlockOptions();
            loader.program(changed, firstPoll(timeouts.timings().optionProgramMicros(Bound.TYPICAL)),
                    optionBudget(regression));
            ok = true;
        } finally {
            if (!ok) {
                control.end(false);
            }
            erased.forget(); // a regression erased everything; and the firmware runs after the load
            bulkErased.clear();
        }
        progress.worked(1);
        PageFlashOptionLoader.Reload reload = loader.load(identity);
        reprobe();
        Set<PageFlashStatusFlag> loaded = control.takeFlags();
        if (loaded.contains(PageFlashStatusFlag.OPTVERR)) {
            throw new PageFlashStatusException(FlashOperation.OPTION_WRITE, Set.of(PageFlashStatusFlag.OPTVERR),
                    control.status(), null, null, "the option bytes were programmed but did not load validly: "
                            + "FLASH_SR.OPTVERR after " + reload.text() + " - "
                            + PageFlashStatusFlag.OPTVERR.meaning(), PageFlashStatusFlag.OPTVERR.fix());
        }
        PageFlashOptionImage after = readOptions();
        progress.worked(1);
        List<OptionChange> changes = optionChanges(before, requested);
        return new OptionWriteResult(before, requested, after, regression, changes, false,
                before.bankMode() != after.bankMode());
    }

    @Override
    public List<OptionChange> optionChanges(OptionImage from, OptionImage to) {
        return PageFlashOptionDiff.diff(line, flashSizeKiB, descriptor.optionFields(flashSizeKiB, from.bankMode()), from,
                to, descriptor.pageFlashParameters());
    }

    /**
     * OPTSTRT until BSY clears at the table's maximum, plus - for an RDP 1 -> 0 regression - the mass erase of the
     * whole flash that runs inside it (RM0440 §3.5.1): the time a power loss damages the options. The OBL reset that
     * follows reads the options; it does not write them.
     */
    @Override
    public long optionWriteWindowMicros(OptionImage before, OptionImage after) {
        FlashTimings t = timeouts.timings();
        long micros = t.optionProgramMicros(Bound.MAXIMUM);
        if (before.rdpLevel() == RdpLevel.LEVEL_1 && after.rdpLevel() == RdpLevel.LEVEL_0) {
            micros += t.bankEraseMicros(geometry.totalSize(), UNIT, Bound.MAXIMUM);
        }
        return micros;
    }

    private PageFlashOptionImage requireOwnImage(OptionImage image) throws FlashRequestException {
        if (image instanceof PageFlashOptionImage p && p.line() == line && p.flashSizeKiB() == flashSizeKiB) {
            return p;
        }
        throw new FlashRequestException(FlashOperation.OPTION_WRITE, null, null, "option bytes " + image
                + " are not those of " + partName(), "read the options of this part, change them and write them back");
    }

    // =============================================================================================== protection

    /** RDP, WRP areas and PCROP areas of {@code options} as pages of the PHYSICAL banks ({@link PageFlashProtection}). */
    @Override
    public PageFlashProtection protectionModel(OptionImage options) throws TargetException {
        if (!(options instanceof PageFlashOptionImage p && p.line() == line && p.flashSizeKiB() == flashSizeKiB)) {
            throw new FlashRequestException(FlashOperation.WAIT_IDLE, null, null, "option bytes " + options
                    + " are not those of " + partName(), "read the options of this part");
        }
        return new PageFlashProtection(line, flashSizeKiB, p);
    }

    /**
     * Refuses {@code scope} before anything is written when the options in force block it (RDP level 1, a WRP area, a
     * PCROP area - WRP and PCROP in pages of the PHYSICAL bank): the controller would answer WRPERR (or a bus fault)
     * and change nothing. A bank or mass erase is refused as a whole when one page of it is protected.
     */
    private void refuseProtected(Scope scope, FlashOperation op, String what) throws TargetException {
        List<EraseBlocker> blockers = protectionModel(readOptions()).blockers(scope);
        if (blockers.isEmpty()) {
            return;
        }
        EraseBlocker b = blockers.get(0);
        throw new FlashProtectionException(op, b.cause(), b.sectors().isEmpty() ? null : b.sectors().get(0), null,
                String.format("refusing %s: %s%s. Nothing was written.", what, b.explanation(),
                        b.expectedFlag().map(f -> " (the controller would answer " + f + ")").orElse("")),
                b.fix(), null);
    }

    // =============================================================================================== erase

    /** "pages 0-3 of bank 1" (the reference manual's page numbers, {@link PageFlashProtection#pages}). */
    private String pageList(List<Sector> pages) {
        return PageFlashProtection.pages(pages, geometry);
    }

    /**
     * "page 261 (PNB 5 of physical bank 2)": the reference manual's page number, and what BKER and PNB select.
     */
    static String name(Sector s) {
        return String.format("page %d (PNB %d of physical bank %d)", s.number(), s.snb(), s.bank());
    }

    /** The PHYSICAL pages visible at window addresses {@code range} under the mapping {@code swapped}. */
    @Override
    public List<Sector> sectorsCovering(AddressRange range, boolean swapped) throws FlashRequestException {
        List<Sector> list = new ArrayList<>();
        for (long a = range.start(); a < range.end();) {
            Optional<Sector> s = geometry.sectorAt(a, swapped);
            if (s.isEmpty()) {
                throw new FlashRequestException(FlashOperation.SECTOR_ERASE, null, a, String.format(
                        "0x%08X is not inside the flash of %s (%s)", a, partName(), geometry.windowsText(", ")),
                        "erase inside the flash (on trimmed dual-bank parts bank 2 starts at 0x0804_0000, after a gap)");
            }
            list.add(s.get());
            a = geometry.sectorRange(s.get(), swapped, geometry.linkWindow()).end();
        }
        return list;
    }

    /** Erases every page covering {@code range} under the mapping in force; returns them. */
    @Override
    public List<Sector> eraseRange(AddressRange range, FlashProgress progress) throws TargetException {
        List<Sector> pages = sectorsCovering(range, banksSwapped());
        eraseSectors(pages, progress);
        return pages;
    }

    /**
     * Erases PHYSICAL pages one by one under one unlock: CR = PER | PNB | BKER (BKER = the page's PHYSICAL bank, 0 in
     * single-bank mode), then STRT, wait BSY, check FLASH_SR, CR = 0. Protected pages are refused before the first
     * erase. Cancel is honoured between pages.
     */
    @Override
    public void eraseSectors(List<Sector> physicalPages, FlashProgress progress) throws TargetException {
        requirePages(physicalPages);
        refuseProtected(Scope.sectors(physicalPages, "erase"), FlashOperation.SECTOR_ERASE, "erasing " + pageList(physicalPages));
        erasePages(physicalPages, progress);
    }

    private void erasePages(List<Sector> pages, FlashProgress progress) throws TargetException {
        boolean swapped = banksSwapped();
        progress.begin("Erasing " + pages.size() + " page(s)", pages.size());
        if (pages.isEmpty()) {
            return;
        }
        control.begin(idleBudget());
        boolean ok = false;
        try {
            int done = 0;
            for (Sector s : pages) {
                if (progress.isCanceled()) {
                    throw new FlashCanceledException(FlashOperation.SECTOR_ERASE, done, pages.size(),
                            done + " whole page(s) erased, the rest untouched");
                }
                int bank = erasedBankSelector(s.bank(), swapped);
                int cr = control.pageErase(pnb(s), bank);
                long at = geometry.sectorRange(s, swapped, geometry.linkWindow()).start();
                control.control(cr);
                control.control(cr | control.startBit());
                clock.pause(firstPoll(pageEraseMicros(s, Bound.TYPICAL)));
                int sr = control.waitIdle(pageEraseBudget(s), FlashOperation.SECTOR_ERASE, s, at);
                control.check(sr, FlashOperation.SECTOR_ERASE, s, at, String.format(
                        "erasing %s with PNB = %d, BKER = %d (at 0x%08X while %s = %d)", name(s), pnb(s), bank - 1, at,
                        bankMappingLabel(), mappingBit(swapped)));
                control.control(0);
                erased.erased(s.bank(), s.offset(), s.size());
                bulkErased.clear(); // fast programming wants the bank erase to be the LAST erase (RM0440 §3.3.7)
                progress.worked(1);
                done++;
            }
            ok = true;
        } finally {
            control.end(ok);
        }
    }

    /**
     * Bank erase of PHYSICAL bank {@code physicalBank}: MER1 or MER2, whatever FB_MODE / nSWAP_BANK maps where. In
     * single-bank mode bank 1 is the whole flash (MER1, with MER2 where the die has it, as ST's HAL does).
     */
    @Override
    public void eraseBank(int physicalBank, FlashProgress progress) throws TargetException {
        if (physicalBank < 1 || physicalBank > geometry.bankCount()) {
            throw new FlashRequestException(FlashOperation.BANK_ERASE, null, null, String.format(
                    "there is no physical bank %d on %s in %s-bank mode", physicalBank, partName(),
                    geometry.mode() == BankMode.DUAL ? "dual" : "single"),
                    geometry.bankCount() == 1 && line.dualBankCapable()
                            ? "the second bank exists only in dual-bank mode (an option change, then a mass erase)"
                            : "");
        }
        refuseProtected(Scope.bank(geometry, physicalBank), FlashOperation.BANK_ERASE, "the erase of physical bank " + physicalBank);
        bulkErase(FlashOperation.BANK_ERASE, List.of(physicalBank), progress);
    }

    /** MER1 | MER2 (every bank of the die), as OpenOCD's stm32l4x mass_erase and ST's HAL do. */
    @Override
    public void massErase(FlashProgress progress) throws TargetException {
        refuseProtected(Scope.mass(geometry), FlashOperation.MASS_ERASE, "a mass erase");
        List<Integer> banks = new ArrayList<>();
        for (int b = 1; b <= geometry.bankCount(); b++) {
            banks.add(b);
        }
        bulkErase(FlashOperation.MASS_ERASE, banks, progress);
    }

    private void bulkErase(FlashOperation op, List<Integer> physicalBanks, FlashProgress progress)
            throws TargetException {
        boolean single = geometry.bankCount() == 1;
        boolean swapped = banksSwapped();
        boolean bank1 = physicalBanks.stream().anyMatch(b -> erasedBankSelector(b, swapped) == 1);
        boolean bank2 = physicalBanks.stream().anyMatch(b -> erasedBankSelector(b, swapped) == 2)
                || (single && control.hasMer2());
        int cr = control.bankErase(bank1, bank2);
        long bytes = 0;
        for (int b : physicalBanks) {
            bytes += geometry.bank(b).size();
        }
        String what = op == FlashOperation.MASS_ERASE ? "mass erase (" + (bank2 ? "MER1 | MER2" : "MER1") + ")"
                : String.format("erase of PHYSICAL bank %d (MER%d)", physicalBanks.get(0), bank2 ? 2 : 1);
        progress.begin(what, 1);
        if (progress.isCanceled()) {
            throw new FlashCanceledException(op, 0, 1, "nothing was erased");
        }
        control.begin(idleBudget());
        boolean ok = false;
        try {
            control.control(cr);
            control.control(cr | control.startBit());
            clock.pause(firstPoll(timeouts.timings().bankEraseMicros(bytes, UNIT, Bound.TYPICAL)));
            int sr = control.waitIdle(timeouts.bankErase(bytes, UNIT), op, null, null);
            control.check(sr, op, null, null, what);
            control.control(0);
            for (int b : physicalBanks) {
                erased.erased(b, 0, geometry.bank(b).size());
                bulkErased.add(b);
            }
            ok = true;
        } finally {
            control.end(ok);
        }
        progress.worked(1);
    }

    /**
     * {@link #eraseSectors} then {@link #program}: every precondition of both parts is checked before the first page
     * is erased, and the double words of the pages just erased need no read-back.
     */
    @Override
    public void eraseAndProgram(List<Sector> physicalPages, long address, byte[] data, FlashProgress progress)
            throws TargetException {
        Objects.requireNonNull(data, "data");
        requirePages(physicalPages);
        ProgramPlan plan = plan(address, data);
        List<Sector> scope = new ArrayList<>(physicalPages);
        plan.pages().stream().filter(s -> !scope.contains(s)).forEach(scope::add);
        refuseProtected(Scope.sectors(scope, "erase and program"), FlashOperation.PROGRAM, "erasing and programming "
                + pageList(scope));
        refuseNotErased(plan, physicalPages);
        erasePages(physicalPages, FlashProgress.NONE);
        write(plan, progress);
    }

    /**
     * The bank number BKER (page erase) or MERx (bank erase) must name to reach PHYSICAL bank {@code physicalBank}:
     * that bank itself - the model's {@code eraseSelectsPhysicalBank}, ST's HAL and hardware reports - or, under the
     * other reading of the parameter (L5-like "erase follows the mapping"), the slot where it is mapped now. Always 1 in
     * single-bank mode (BKER must stay 0).
     */
    private int erasedBankSelector(int physicalBank, boolean swapped) {
        if (geometry.bankCount() == 1) {
            return 1;
        }
        return descriptor.pageFlashParameters().eraseSelectsPhysicalBank() || !swapped ? physicalBank
                : 3 - physicalBank;
    }

    /**
     * The PNB value of {@code page}: the page within its bank ({@link Sector#snb()}), or on G0B1 bank 2 the RM0444
     * numbering 256 + page when the model parameter {@code g0Bank2PnbFromZero} says PNB counts across the banks.
     */
    private int pnb(Sector page) {
        boolean acrossBanks = line.series() == PageFlashLine.Series.G0 && page.bank() == 2
                && geometry.bankCount() == 2 && !descriptor.pageFlashParameters().g0Bank2PnbFromZero();
        return acrossBanks ? PageFlashGeometry.BANK2_FIRST_PAGE_NUMBER + page.snb() : page.snb();
    }

    private void requirePages(List<Sector> pages) throws FlashRequestException {
        for (Sector s : pages) {
            if (!geometry.sectors().contains(s)) {
                throw new FlashRequestException(FlashOperation.SECTOR_ERASE, s, null, s + " is not a page of "
                        + partName() + " in its current bank mode", "list the pages with 'flashbank info'");
            }
        }
    }

    // =============================================================================================== program

    /**
     * Programs {@code data} at CPU/debug address {@code address} through the mapping in force, widened to whole
     * double words with 0xFF; double words that end up all 0xFF are skipped. Every double word written must be known
     * erased (see the class comment): otherwise the request is refused before anything is written. Work units for
     * progress and cancellation are runs of at most {@link FlashDriverSettings#runBytes()} inside one page.
     */
    @Override
    public void program(long address, byte[] data, FlashProgress progress) throws TargetException {
        Objects.requireNonNull(data, "data");
        ProgramPlan plan = plan(address, data);
        refuseProtected(Scope.sectors(plan.pages(), "program"), FlashOperation.PROGRAM, "programming "
                + pageList(plan.pages()));
        refuseNotErased(plan, List.of());
        write(plan, progress);
    }

    /** A program request widened to whole double words ({@code buf} from {@code start}) and cut into runs. */
    private record ProgramPlan(long address, int length, long start, byte[] buf, List<Run> runs) {
        List<Sector> pages() {
            return runs.stream().map(Run::page).distinct().toList();
        }
    }

    /**
     * A piece of a program request inside one page: [address, address + length), not all 0xFF; {@code bus} is where
     * the debug port reaches {@code address} ({@link #busAddress}).
     */
    private record Run(long address, int length, Sector page, int bank, long bankOffset, long bus) {
    }

    private ProgramPlan plan(long address, byte[] data) throws TargetException {
        boolean swapped = banksSwapped();
        int unit = PageFlashLine.DOUBLE_WORD;
        long start = address - Math.floorMod(address, unit);
        long end = address + data.length;
        end += Math.floorMod(-end, unit);
        byte[] buf = new byte[(int) (end - start)];
        Arrays.fill(buf, (byte) 0xFF);
        System.arraycopy(data, 0, buf, (int) (address - start), data.length);
        List<Run> runs = new ArrayList<>();
        for (long a = start; a < end;) {
            Optional<BankOffset> bo = geometry.physicalBankAt(a, swapped);
            if (bo.isEmpty()) {
                throw new FlashRequestException(FlashOperation.PROGRAM, null, a, String.format(
                        "0x%08X + %d bytes is not inside the flash of %s: 0x%08X is not flash (%s)", address,
                        data.length, partName(), a, geometry.windowsText(", ")),
                        "program inside the flash (on trimmed dual-bank parts bank 2 starts at 0x0804_0000, after a gap)");
            }
            Sector page = geometry.bank(bo.get().bank()).sectorAtOffset(bo.get().offset());
            long pageEnd = a - (bo.get().offset() - page.offset()) + page.size();
            long runEnd = Math.min(end, Math.min(pageEnd, a - Math.floorMod(a, settings.runBytes())
                    + settings.runBytes()));
            if (!allErased(buf, (int) (a - start), (int) (runEnd - a))) {
                runs.add(new Run(a, (int) (runEnd - a), page, bo.get().bank(), bo.get().offset(),
                        busAddress(a, swapped)));
            }
            a = runEnd;
        }
        return new ProgramPlan(address, data.length, start, buf, runs);
    }

    /**
     * Refuses the request when a double word it would program is not erased (known erased, or read back as all
     * 0xFF; writing all zeros over a programmed double word is allowed by the controller and so here). Nothing has
     * been written at this point.
     */
    private void refuseNotErased(ProgramPlan plan, List<Sector> toBeErased) throws TargetException {
        int unit = PageFlashLine.DOUBLE_WORD;
        for (Run run : plan.runs) {
            if (toBeErased.contains(run.page) || erased.allErased(run.bank, run.bankOffset, run.length)) {
                continue;
            }
            byte[] now;
            try {
                now = readRaw(run.address, run.length);
            } catch (BusFaultException e) {
                String why = takeEccError().map(ecc -> ecc + ": a double word there was torn by a reset or power loss "
                        + "while it was programmed").orElse("a double word there holds an uncorrectable ECC error or "
                                + "is read-protected");
                throw new FlashRequestException(FlashOperation.PROGRAM, run.page, e.address(), String.format(
                        "refusing to program 0x%08X-0x%08X: reading it first faulted at 0x%08X (%s) - %s. Nothing was "
                                + "written.", run.address, run.address + run.length - 1, e.address(), e.getMessage(),
                        why), "erase " + name(run.page) + " first (only an erase repairs a double word)");
            }
            int off = (int) (run.address - plan.start);
            for (int i = 0; i < run.length; i += unit) {
                if (!allErased(plan.buf, off + i, unit) && !allErased(now, i, unit) && !allZero(plan.buf, off + i, unit)) {
                    throw new FlashRequestException(FlashOperation.PROGRAM, run.page, run.address + i, String.format(
                            "refusing to program the double word at 0x%08X (%s): it is not erased - a double word "
                                    + "can be programmed once after an erase (its 8 ECC bits are written with it) and "
                                    + "the controller would answer PROGERR. Nothing was written.", run.address + i,
                            name(run.page)), "erase " + name(run.page) + " first (program with erase)");
                }
            }
        }
    }

    /** Writes a checked plan: standard double words, or fast rows where they pay off (class comment). */
    private void write(ProgramPlan plan, FlashProgress progress) throws TargetException {
        long total = plan.runs.stream().mapToLong(Run::length).sum();
        progress.begin(String.format("Programming %d bytes at 0x%08X", plan.length, plan.address), total);
        if (plan.runs.isEmpty()) {
            return;
        }
        boolean fastAllowed = fastProgrammingPossible();
        control.begin(idleBudget());
        boolean ok = false;
        long done = 0;
        try {
            for (Run run : plan.runs) {
                if (progress.isCanceled()) {
                    throw new FlashCanceledException(FlashOperation.PROGRAM, done, total, String.format(
                            "%d bytes programmed in whole double words from 0x%08X, the rest untouched", done,
                            plan.start));
                }
                programRun(run, plan.buf, (int) (run.address - plan.start), fastAllowed);
                done += run.length;
                progress.worked(run.length);
            }
            control.control(0);
            ok = true;
        } finally {
            control.end(ok);
        }
        clearFlashEmpty(plan);
    }

    /**
     * G0: the option-byte load found the main flash empty (FLASH_ACR.PROGEMPTY = 1, the check of the first double word
     * at 0x0800_0000) and sends a flash boot to the bootloader until the next load. When this program wrote that
     * double word the flag is cleared, so the next reset starts the new code without a power cycle (RM0444 §3.3.9 says
     * software may change the flag; Black Magic does the same after writing 0x0800_0000).
     */
    private void clearFlashEmpty(ProgramPlan plan) throws TargetException {
        Optional<dev.flashbank.core.device.Field> empty = regs.acr().findField(PageFlashRegisters.PROGEMPTY);
        if (empty.isEmpty() || plan.runs.stream().noneMatch(r -> r.address <= PageFlashLine.MAIN_FLASH
                && PageFlashLine.MAIN_FLASH < r.address + r.length)) {
            return;
        }
        int acr = mem.read32(regs.acr().address());
        if (empty.get().isSet(acr)) {
            mem.write32(regs.acr().address(), empty.get().insert(acr, 0));
        }
    }

    /**
     * Fast rows need a halted core (no other flash access while a row streams in), a streaming transport, and the
     * 64-bit layout: in the single-bank mode of G47x/G48x and L4+ the flash reads 128-bit rows across both arrays,
     * and how a fast-programming row maps onto them was not read (UNCONFIRMED) - standard double words there.
     */
    private boolean fastProgrammingPossible() throws TargetException {
        boolean wideRows = geometry.mode() == BankMode.SINGLE && line.secondEccPair();
        return !bulkErased.isEmpty() && !wideRows && settings.writeMode() != FlashDriverSettings.WriteMode.WORD_WISE
                && target.supportsStreamingFlashWrites() && target.core().isHalted();
    }

    private void programRun(Run run, byte[] buf, int off, boolean fastAllowed) throws TargetException {
        int unit = PageFlashLine.DOUBLE_WORD;
        int rowBytes = line.fastRowDoubleWords() * unit;
        boolean pg = false;
        for (int i = 0; i < run.length;) {
            long a = run.address + i;
            long bankOffset = run.bankOffset + i;
            if (fastAllowed && bankOffset % rowBytes == 0 && i + rowBytes <= run.length
                    && bulkErased.contains(run.bank) && erased.allErased(run.bank, bankOffset, rowBytes)
                    && noErasedDoubleWord(buf, off + i, rowBytes)) {
                if (pg) {
                    control.control(0);
                    pg = false;
                }
                programRow(run, a, bankOffset, buf, off + i, rowBytes);
                i += rowBytes;
                continue;
            }
            if (!allErased(buf, off + i, unit)) {
                if (!pg) {
                    control.waitConfiguration(idleBudget());
                    control.control(control.program());
                    pg = true;
                }
                programDoubleWord(run, a, bankOffset, buf, off + i);
            }
            i += unit;
        }
        if (pg) {
            control.control(0);
        }
    }

    /** One double word: two 32-bit stores (programming starts with the second), wait BSY, check FLASH_SR. */
    private void programDoubleWord(Run run, long a, long bankOffset, byte[] buf, int off) throws TargetException {
        try {
            mem.write(run.bus + (a - run.address), buf, off, PageFlashLine.DOUBLE_WORD, AccessWidth.WORD);
        } catch (BusFaultException e) {
            throw writeFault(e, run.page, a);
        }
        clock.pause(firstPoll(timeouts.timings().programUnitMicros(UNIT, Bound.TYPICAL)));
        int sr = control.waitIdle(timeouts.program(1, UNIT), FlashOperation.PROGRAM, run.page, a);
        control.check(sr, FlashOperation.PROGRAM, run.page, a, String.format("programming the double word at 0x%08X "
                + "(%s)", a, name(run.page)));
        erased.programmed(run.bank, bankOffset, PageFlashLine.DOUBLE_WORD);
    }

    /**
     * One fast-programming row (RM0440 §3.3.7 "Fast programming"): CR = FSTPG, the row's 32-bit words in one block
     * write, wait BSY, check FLASH_SR (MISERR / FASTERR / PGAERR named), CR = 0.
     */
    private void programRow(Run run, long a, long bankOffset, byte[] buf, int off, int rowBytes)
            throws TargetException {
        control.waitConfiguration(idleBudget());
        control.control(control.fastProgram());
        try {
            mem.write(run.bus + (a - run.address), buf, off, rowBytes, AccessWidth.WORD);
        } catch (BusFaultException e) {
            throw writeFault(e, run.page, a);
        }
        clock.pause(firstPoll(timeouts.timings().micros(PageFlashTimings.fastRowKey(Bound.TYPICAL))));
        int sr = control.waitIdle(timeouts.program(line.fastRowDoubleWords(), UNIT), FlashOperation.PROGRAM, run.page,
                a);
        control.control(0);
        control.check(sr, FlashOperation.PROGRAM, run.page, a, String.format("fast programming the %d-byte row at "
                + "0x%08X (%s)", rowBytes, a, name(run.page)));
        erased.programmed(run.bank, bankOffset, rowBytes);
    }

    private TargetException writeFault(BusFaultException e, Sector s, long a) {
        if (e instanceof ReadProtectionException) {
            return new FlashProtectionException(FlashOperation.PROGRAM, FailureCause.READ_PROTECTION, s, a,
                    String.format("programming 0x%08X was refused by read protection (RDP level 1: no debugger "
                            + "access to the flash)", a),
                    "set RDP = 0xAA (level 0) with an option-byte write; this mass-erases the flash", e);
        }
        return e;
    }

    private static boolean allErased(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean noErasedDoubleWord(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i += PageFlashLine.DOUBLE_WORD) {
            if (allErased(b, i, PageFlashLine.DOUBLE_WORD)) {
                return false;
            }
        }
        return true;
    }

    // =============================================================================================== verify / read

    @Override
    public VerifyResult verify(long address, byte[] expected) throws TargetException {
        return VerifyResult.compare(address, expected, readFlash(address, expected.length));
    }

    @Override
    public VerifyResult programAndVerify(long address, byte[] data, FlashProgress progress) throws TargetException {
        program(address, data, progress);
        VerifyResult r = verify(address, data);
        if (!r.ok()) {
            throw new FlashVerifyException(r, "erase the pages and program again; check that no other tool or "
                    + "firmware wrote the flash meanwhile");
        }
        return r;
    }

    /**
     * Reads with word accesses. A read that bus-faults is explained: RDP level 1 (no debugger access), a PCROP area
     * (RDERR) or an uncorrectable ECC error (a double word torn by a reset or power loss while it was programmed).
     */
    @Override
    public byte[] readFlash(long address, int length) throws TargetException {
        try {
            return readRaw(address, length);
        } catch (BusFaultException e) {
            // the fault names the address the debug port used: its page under the debug port's mapping
            Optional<Sector> s = geometry.sectorAt(e.address(),
                    banksSwapped() && descriptor.pageFlashParameters().debugSeesSwap());
            if (e instanceof ReadProtectionException) {
                throw new FlashProtectionException(FlashOperation.VERIFY, FailureCause.READ_PROTECTION,
                        s.orElse(null), e.address(), String.format("reading flash at 0x%08X was refused: read "
                                + "protection (RDP level 1) gives the debugger no access to the flash", e.address()),
                        "set RDP = 0xAA (level 0) with an option-byte write; this mass-erases the flash", e);
            }
            if (s.isEmpty()) {
                throw e;
            }
            Set<PageFlashStatusFlag> flags = control.takeFlags();
            if (flags.contains(PageFlashStatusFlag.RDERR)) {
                throw new FlashProtectionException(FlashOperation.VERIFY, FailureCause.PCROP_READ, s.get(),
                        e.address(), String.format("reading flash at 0x%08X faulted with FLASH_SR.RDERR: %s is in a "
                                + "PCROP (execute-only) area", e.address(), name(s.get())),
                        PageFlashStatusFlag.RDERR.fix(), e);
            }
            Optional<String> ecc = takeEccError();
            throw new FlashRequestException(FlashOperation.VERIFY, s.get(), e.address(), String.format(
                    "reading flash at 0x%08X (%s) faulted (%s): %s - a double word torn by a reset or power loss "
                            + "while it was programmed (or programmed twice by something that ignored PROGERR)",
                    e.address(), name(s.get()), e.getMessage(), ecc.orElse("most likely an uncorrectable ECC error")),
                    "erase " + name(s.get()) + " (only an erase repairs a double word) and program it again");
        }
    }

    /**
     * "uncorrectable ECC error (FLASH_ECCR.ECCD, ADDR_ECC = 0x..)" when an ECC register holds a detection (G0B1: ECCR
     * for bank 1, ECC2R for bank 2), which is then cleared (write 1 to ECCD / ECCC); empty when none does.
     */
    private Optional<String> takeEccError() throws TargetException {
        int registers = regs.flash().hasRegister(PageFlashRegisters.ECC2R) ? 2 : 1;
        for (int n = 1; n <= registers; n++) {
            Register eccr = regs.eccr(n);
            int v = mem.read32(eccr.address());
            if (eccr.field(PageFlashRegisters.ECCD).isSet(v)) {
                mem.write32(eccr.address(), v); // ECCC/ECCD are write-1-to-clear, ECCIE is kept
                return Optional.of(String.format("uncorrectable ECC error (FLASH_%s.ECCD, ADDR_ECC = 0x%X)",
                        eccr.name(), eccr.field(PageFlashRegisters.ADDR_ECC).extract(v)));
            }
        }
        return Optional.empty();
    }

    /**
     * Reads flash named by CPU address: through {@link #busAddress}, bank by bank, when the debug port does not see
     * the swap the CPU sees.
     */
    private byte[] readRaw(long address, int length) throws TargetException {
        if (descriptor.pageFlashParameters().debugSeesSwap() || !banksSwapped()) {
            return readBus(address, length);
        }
        byte[] out = new byte[length];
        for (int done = 0; done < length;) {
            long a = address + done;
            Optional<BankOffset> bo = geometry.physicalBankAt(a, true);
            int n = bo.isEmpty() ? length - done
                    : (int) Math.min(length - done, geometry.bank(bo.get().bank()).size() - bo.get().offset());
            System.arraycopy(readBus(busAddress(a, true), n), 0, out, done, n);
            done += n;
        }
        return out;
    }

    /**
     * Where the debug port reaches the flash the CPU sees at {@code address} while the banks are {@code swapped} for
     * the CPU (FB_MODE / nSWAP_BANK): the same address when debug accesses go through the CPU's mapping (model
     * parameter debugSeesSwap, the default), else the address of the same physical bank and offset in the unswapped
     * layout. Every flash address the core hands this driver is a CPU address (the mapping that decides which bank
     * runs); BKER and MER1/MER2 name physical banks and need no such translation. Addresses outside the flash are
     * returned as they are.
     */
    private long busAddress(long address, boolean swapped) {
        if (!swapped || descriptor.pageFlashParameters().debugSeesSwap()) {
            return address;
        }
        Optional<FlashWindow> w = geometry.windowOf(address);
        Optional<BankOffset> bo = geometry.physicalBankAt(address, true);
        if (w.isEmpty() || bo.isEmpty()) {
            return address;
        }
        return geometry.windowAddress(bo.get().bank(), bo.get().offset(), false, w.get());
    }

    private byte[] readBus(long address, int length) throws TargetException {
        long start = address & ~3L;
        long end = (address + length + 3) & ~3L;
        byte[] words = new byte[(int) (end - start)];
        mem.read(start, words, 0, words.length, AccessWidth.WORD);
        if (start == address && words.length == length) {
            return words;
        }
        return Arrays.copyOfRange(words, (int) (address - start), (int) (address - start) + length);
    }

    /** No CRC engine on the flash interface of these parts: verification reads back. */
    @Override
    public OptionalInt targetCrc(long address, int length) {
        return OptionalInt.empty();
    }

    /** Never compared: {@link #targetCrc} is always empty on this family. */
    @Override
    public int expectedTargetCrc(byte[] data, int off, int length) {
        return 0;
    }

    @Override
    public boolean matchesOnTarget(long address, byte[] expected, int off, int length) {
        return false;
    }

    // =============================================================================================== status

    /** Raw FLASH_SR. */
    public int readStatus() throws TargetException {
        return control.status();
    }

    /** True when FLASH_CR.LOCK is set. */
    public boolean isLocked() throws TargetException {
        return control.isLocked();
    }

    // =============================================================================================== budgets

    /**
     * Waiting for an operation already in progress: the longest thing the flash does - a mass erase of every bank or
     * an option change with an RDP regression's mass erase. (FlashTimeouts' own worst case asks for the x8 rows of the
     * F7 tables, which a controller without PSIZE does not have.)
     */
    private OperationTimeout idleBudget() {
        return optionBudget(true);
    }

    /** OPTSTRT until BSY clears, plus the mass erase of all flash for an RDP 1 -> 0 regression. */
    private OperationTimeout optionBudget(boolean rdpRegression) {
        FlashTimings t = timeouts.timings();
        long max = t.optionProgramMicros(Bound.MAXIMUM);
        String what = "option programming";
        if (rdpRegression) {
            max += t.bankEraseMicros(geometry.totalSize(), UNIT, Bound.MAXIMUM);
            what += " incl. an RDP 1->0 mass erase of " + FlashTimeouts.size(geometry.totalSize());
        }
        long nanos = (long) Math.ceil(max * 1000.0 * timeouts.safetyFactor()) + settings.slack().toNanos();
        return new OperationTimeout(nanos, String.format(java.util.Locale.ROOT, "%s: %s max x %.1f safety + %s slack "
                + "[%s]", what, FlashTimeouts.human(max * 1000), timeouts.safetyFactor(),
                FlashTimeouts.human(settings.slack().toNanos()), t.source()));
    }

    private static long firstPoll(long typicalMicros) {
        return Math.round(FIRST_POLL_AT_TYPICAL * 1000L * typicalMicros);
    }

    private long pageEraseMicros(Sector s, Bound b) {
        return timeouts.timings().sectorEraseMicros(s.size(), UNIT, b);
    }

    private OperationTimeout pageEraseBudget(Sector s) {
        return timeouts.sectorErase(s, UNIT);
    }

    // =============================================================================================== erased words

    /**
     * The double words this driver KNOWS to be erased: those of the pages and banks it erased, minus those it
     * programmed since; keyed by PHYSICAL bank and double-word index, so a swap of the mapping does not confuse it.
     * Forgotten at every reprobe (a reset or an option load: the firmware may have written in between).
     */
    private static final class ErasedDoubleWords {
        private final Map<Integer, BitSet> erased = new HashMap<>();

        void erased(int bank, long offset, long size) {
            erased.computeIfAbsent(bank, b -> new BitSet()).set(index(offset), index(offset + size));
        }

        void programmed(int bank, long offset, long size) {
            BitSet s = erased.get(bank);
            if (s != null) {
                s.clear(index(offset), index(offset + size));
            }
        }

        boolean allErased(int bank, long offset, long size) {
            BitSet s = erased.get(bank);
            return s != null && s.nextClearBit(index(offset)) >= index(offset + size);
        }

        void forget() {
            erased.clear();
        }

        private static int index(long offset) {
            return (int) (offset / PageFlashLine.DOUBLE_WORD);
        }
    }
}
