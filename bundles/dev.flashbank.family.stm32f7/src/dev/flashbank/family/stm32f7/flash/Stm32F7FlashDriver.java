package dev.flashbank.family.stm32f7.flash;

import static dev.flashbank.family.stm32f7.Stm32F7Registers.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.family.FlashDriver;
import dev.flashbank.core.family.OptionImage;
import dev.flashbank.core.family.ProtectionModel;
import dev.flashbank.core.flash.FailureCause;
import dev.flashbank.core.flash.FlashBusyTimeoutException;
import dev.flashbank.core.flash.FlashCanceledException;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashOperation;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.FlashProtectionException;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.flash.FlashTimeouts;
import dev.flashbank.core.flash.FlashUnlockException;
import dev.flashbank.core.flash.FlashVerifyException;
import dev.flashbank.core.flash.OperationTimeout;
import dev.flashbank.core.family.OptionWriteResult;
import dev.flashbank.core.flash.PollClock;
import dev.flashbank.core.flash.VerifyResult;
import dev.flashbank.core.family.TargetIdentity;
import dev.flashbank.core.session.TargetSession;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.core.target.BusFaultException;
import dev.flashbank.core.target.DebugTarget;
import dev.flashbank.core.target.MemoryAccess;
import dev.flashbank.core.target.ReadProtectionException;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.Stm32F7Geometry;
import dev.flashbank.family.stm32f7.Stm32F7OptionFields;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.family.stm32f7.Stm32F7Registers;
import dev.flashbank.family.stm32f7.Stm32F7Window;
import dev.flashbank.family.stm32f7.VoltageRange;

/**
 * STM32F7 flash driver over the probe-independent {@link MemoryAccess} (issue 4 item 3; sequences of RM0410
 * §3.3 and the STM32F7 HAL / OpenOCD src/flash/nor/stm32f2x.c, FLASH_SR flags, read protection, SYSCFG_MEMRMP.SWP_FB,
 * AN4826). Every address, bit, key, geometry and timing comes from the device model ({@link Stm32F7Registers},
 * {@link Stm32F7Geometry}, {@link dev.flashbank.core.device.FlashTimings}, {@link Stm32F7Parameters}).
 * <p>
 * Conventions:
 * <ul>
 * <li>Erase is by PHYSICAL sector / PHYSICAL bank. Which MER/MER2 bit or SNB value reaches a physical bank under
 * SYSCFG_MEMRMP.SWP_FB is decided by the model ({@link Stm32F7Geometry#snbToErase},
 * {@link Stm32F7Geometry#physicalBankErased}; UNCONFIRMED parameter bankEraseSelectsPhysicalBank), never here.</li>
 * <li>Programming takes CPU/debug ADDRESSES, which go through the SWP_FB remap like every bus access. ITCM-window
 * addresses are programmed through the same offset of the AXIM window (the ITCM flash interface is for fetching).</li>
 * <li>Every operation waits for BSY = 0, clears stale error flags, unlocks (keys written only while LOCK is set),
 * runs, checks FLASH_SR, clears its CR bits and locks FLASH_CR again.</li>
 * <li>Parallelism (PSIZE) comes from the explicit choice or the measured target voltage ({@link ParallelismChoice});
 *     unknown voltage -> x8.</li>
 * <li>BSY waits have operation-scaled budgets ({@link FlashTimeouts}) measured on a {@link PollClock}.</li>
 * </ul>
 * The geometry is read from FLASH_OPTCR.nDBANK when the driver is created; after an nDBANK change and the reset that
 * latches it, call {@link #reprobe()} (or {@link #resetAndReprobe}).
 */
public final class Stm32F7FlashDriver implements FlashDriver {

    private final DebugTarget target;
    private final MemoryAccess mem;
    private final Stm32F7Descriptor descriptor;
    private final int flashSizeKiB;
    private final Stm32F7Registers regs;
    private final Stm32F7Parameters params;
    private final PollClock clock;
    private final FlashDriverSettings settings;
    private final FlashTimeouts timeouts;
    private final TargetCrc crcEngine;

    /**
     * How sector erases are waited for (issue 18: poll as on silicon, first wait a share of the TYPICAL time, then a
     * fixed interval; the driver does not know when the part will finish).
     */
    public static final EraseWait ERASE_WAIT = EraseWait.SECTOR;
    /** How it waits for a bank or mass erase and for option programming. */
    public static final EraseWait LONG_WAIT = EraseWait.DEFAULT;

    // FLASH_CR / SR / OPTCR fields, looked up once in the model
    private final Field lock;
    private final Field pg;
    private final Field ser;
    private final Field mer;
    private final Optional<Field> mer2;
    private final Field snb;
    private final Field psize;
    private final Field strt;
    private final Field bsy;
    private final Field optlock;
    private final Field optstrt;

    private FlashGeometry geometry;

    /**
     * A driver for a part described by {@code descriptor} with {@code flashSizeKiB}; reads FLASH_OPTCR once to learn
     * the bank mode.
     */
    public Stm32F7FlashDriver(DebugTarget target, Stm32F7Descriptor descriptor, int flashSizeKiB, PollClock clock,
            FlashDriverSettings settings) throws TargetException {
        this.target = Objects.requireNonNull(target, "target");
        this.mem = target.memory();
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.flashSizeKiB = flashSizeKiB;
        this.regs = descriptor.registers();
        this.params = descriptor.stm32F7Parameters();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timeouts = new FlashTimeouts(descriptor.timings(), settings.safetyFactor(), settings.slack());
        this.crcEngine = new TargetCrc(target, clock, regs.acr());
        lock = regs.cr().field(LOCK);
        pg = regs.cr().field(PG);
        ser = regs.cr().field(SER);
        mer = regs.cr().field(MER);
        mer2 = regs.cr().findField(MER2);
        snb = regs.cr().field(SNB);
        psize = regs.cr().field(PSIZE);
        strt = regs.cr().field(STRT);
        bsy = regs.sr().field(BSY);
        optlock = regs.optcr().field(OPTLOCK);
        optstrt = regs.optcr().field(OPTSTRT);
        reprobe();
    }

    /** A driver for the part a {@link TargetSession} identified (identifies it first when needed). */
    public static Stm32F7FlashDriver forSession(TargetSession session, PollClock clock, FlashDriverSettings settings)
            throws TargetException {
        TargetIdentity id = session.identity() != null ? session.identity() : session.identify();
        if (!(id.descriptor() instanceof Stm32F7Descriptor f7)) {
            throw new FlashRequestException(FlashOperation.WAIT_IDLE, null, null,
                    id.descriptor().line() + " is not an STM32F7: this driver cannot program it", "");
        }
        return new Stm32F7FlashDriver(session.target(), f7, id.flashSizeKiB(), clock, settings);
    }

    /**
     * The STM32F7 driver behind {@code driver}, for the F7-only code that has not moved behind the family seams yet
     * (bank survey, BOOT_ADD/REMAP switching, nWRP/PCROP analysis); another family's part is refused with a message
     * naming it.
     */
    public static Stm32F7FlashDriver of(FlashDriver driver) throws FlashRequestException {
        if (driver instanceof Stm32F7FlashDriver f7) {
            return f7;
        }
        throw new FlashRequestException(FlashOperation.WAIT_IDLE, null, null, driver.descriptor().line()
                + ": this function supports STM32F7 parts only so far", "");
    }

    // =============================================================================================== state

    @Override
    public Stm32F7Descriptor descriptor() {
        return descriptor;
    }

    @Override
    public int flashSizeKiB() {
        return flashSizeKiB;
    }

    /** Sector layout the driver works with (from nDBANK at the last {@link #reprobe()}). */
    @Override
    public FlashGeometry geometry() {
        return geometry;
    }

    @Override
    public FlashTimeouts timeouts() {
        return timeouts;
    }

    @Override
    public FlashDriverSettings settings() {
        return settings;
    }

    /**
     * Reads FLASH_OPTCR and recomputes the sector layout from nDBANK. The option registers show the STORED options
     * right after OPTSTRT, while the silicon latches nDBANK at reset: call this after the reset that follows an nDBANK
     * change, not between the option write and the reset.
     */
    @Override
    public FlashGeometry reprobe() throws TargetException {
        geometry = descriptor.geometry(flashSizeKiB, readOptions().bankMode());
        return geometry;
    }

    /** Resets the target and halts it at the reset vector (the options are latched), then {@link #reprobe()}. */
    @Override
    public FlashGeometry resetAndReprobe(ResetKind kind) throws TargetException {
        target.core().resetAndHalt(kind);
        return reprobe();
    }

    /** 8 bytes: x64, the widest PSIZE (RM0410 §3.3); narrower PSIZEs program those bytes as 2, 4 or 8 units. */
    @Override
    public int programUnitBytes() {
        return Parallelism.X64.bytes();
    }

    /** The PSIZE and why, when it was not derived from a measured supply ({@link ParallelismChoice#text()}). */
    @Override
    public Optional<String> programSettingNotice() throws TargetException {
        ParallelismChoice choice = parallelismChoice();
        return choice.source() == ParallelismChoice.Source.MEASURED ? Optional.empty() : Optional.of(choice.text());
    }

    /** The supply, the PSIZE and why ({@link ParallelismChoice#text()}). */
    @Override
    public dev.flashbank.core.family.ProgramSetting programSetting() throws TargetException {
        ParallelismChoice choice = parallelismChoice();
        return new dev.flashbank.core.family.ProgramSetting(choice.text(),
                Optional.of(ParallelismChoice.label(choice.parallelism())), choice.source().jsonName());
    }

    /** PSIZE for programming and erasing: {@link #parallelismChoice()}. */
    public Parallelism parallelism() throws TargetException {
        return parallelismChoice().parallelism();
    }

    /**
     * The parallelism and why: the explicit one ({@link FlashDriverSettings#parallelismOverride()}, refused when wider
     * than a measured supply allows), the measured supply's ({@link VoltageRange#forSupply}), or x8 when the supply is
     * unknown (RM0410 §3.3, table "Program/erase parallelism").
     */
    public ParallelismChoice parallelismChoice() throws TargetException {
        return ParallelismChoice.choose(target.targetVoltageMillivolts(), settings);
    }

    /** The write mode in effect for this transport. */
    public FlashDriverSettings.WriteMode effectiveWriteMode() {
        if (settings.writeMode() != FlashDriverSettings.WriteMode.AUTO) {
            return settings.writeMode();
        }
        return target.supportsStreamingFlashWrites() ? FlashDriverSettings.WriteMode.STREAMING
                : FlashDriverSettings.WriteMode.WORD_WISE;
    }

    /** {@link #readSwpFb()}: SWP_FB = 1 shows physical bank 2 in slot 1. */
    @Override
    public boolean banksSwapped() throws TargetException {
        return readSwpFb();
    }

    /** SWP_FB/MEM_BOOT/BOOT_ADDx with the BOOT_ADD and REMAP schemes ({@link Stm32F7BankSwap}). */
    @Override
    public Optional<dev.flashbank.core.family.BankSwapping> bankSwapping() {
        return Optional.of(new Stm32F7BankSwap(this));
    }

    /**
     * SYSCFG_MEMRMP.SWP_FB now (false on lines without it), read with the SYSCFG clock on (RM0410 SYSCFG_MEMRMP,
     * RCC_APB2ENR).
     */
    public boolean readSwpFb() throws TargetException {
        Optional<Field> f = regs.memrmp().findField(SWP_FB);
        if (f.isEmpty()) {
            return false;
        }
        int v = readMemrmp(mem, regs);
        return f.get().isSet(v);
    }

    /** "SWP_FB": SYSCFG_MEMRMP.SWP_FB says whether the banks are swapped (RM0410, SYSCFG). */
    @Override
    public String bankMappingLabel() {
        return SWP_FB;
    }

    /** SWP_FB and MEM_BOOT from one SYSCFG_MEMRMP read (SYSCFG clock switched on for it and restored). */
    @Override
    public dev.flashbank.core.family.BootMapping bootMapping() throws TargetException {
        int v = readMemrmp(mem, regs);
        boolean swpFb = regs.memrmp().findField(SWP_FB).map(f -> f.isSet(v)).orElse(false);
        return new dev.flashbank.core.family.BootMapping(swpFb, regs.memrmp().field(MEM_BOOT).isSet(v));
    }

    /**
     * Reads SYSCFG_MEMRMP with the SYSCFG clock switched on for the read (RCC_APB2ENR.SYSCFGEN) and restored
     * afterwards: an unclocked SYSCFG reads as 0, which would report SWP_FB = 0 wrongly (RM0410 RCC_APB2ENR.SYSCFGEN).
     * Public so that every reader of SWP_FB/MEM_BOOT (identification, the bank survey, the doctor) reads them exactly
     * the same way.
     */
    public static int readMemrmp(MemoryAccess mem, Stm32F7Registers regs) throws TargetException {
        Register apb2enr = regs.apb2enr();
        Field syscfgen = apb2enr.field(SYSCFGEN);
        int before = mem.read32(apb2enr.address());
        if (syscfgen.isSet(before)) {
            return mem.read32(regs.memrmp().address());
        }
        mem.write32(apb2enr.address(), syscfgen.insert(before, 1));
        try {
            return mem.read32(regs.memrmp().address());
        } finally {
            mem.write32(apb2enr.address(), before);
        }
    }

    /** The current option bytes from FLASH_OPTCR/OPTCR1/OPTCR2 (OPTLOCK/OPTSTRT dropped). */
    @Override
    public OptionBytes readOptions() throws TargetException {
        int optcr = mem.read32(regs.optcr().address());
        int optcr1 = mem.read32(regs.optcr1().address());
        int optcr2 = regs.optcr2().isPresent() ? mem.read32(regs.optcr2().get().address()) : 0;
        return OptionBytes.of(descriptor.stm32F7Line(), optcr, optcr1, optcr2);
    }

    /** Raw FLASH_SR. */
    public int readStatus() throws TargetException {
        return mem.read32(regs.sr().address());
    }

    /** True when FLASH_CR.LOCK is set. */
    public boolean isLocked() throws TargetException {
        return lock.isSet(readCr());
    }

    // =============================================================================================== lock / unlock

    /**
     * Clears FLASH_CR.LOCK with KEY1, KEY2 — only when LOCK is set: a key written while unlocked counts as a wrong
     * sequence on F2/F4/F7 ("otherwise writing on STM32_FLASH_KEYR will fail", OpenOCD src/flash/nor/stm32f2x.c) — and
     * checks that LOCK cleared.
     */
    public void unlock() throws TargetException {
        if (!lock.isSet(readCr())) {
            return;
        }
        try {
            mem.write32(regs.keyr().address(), KEYR_KEYS.key1());
            mem.write32(regs.keyr().address(), KEYR_KEYS.key2());
        } catch (BusFaultException e) {
            throw new FlashUnlockException(FlashOperation.UNLOCK,
                    "writing FLASH_KEYR faulted: the flash interface rejected the key sequence (after a wrong sequence "
                            + "FLASH_CR stays locked until reset)", e);
        }
        if (lock.isSet(readCr())) {
            throw new FlashUnlockException(FlashOperation.UNLOCK,
                    "FLASH_CR.LOCK is still set after writing KEY1/KEY2 to FLASH_KEYR: FLASH_CR is locked until the "
                            + "next reset (an earlier wrong key sequence)", null);
        }
    }

    /** Sets FLASH_CR.LOCK. */
    public void lock() throws TargetException {
        writeCr(lock.insert(readCr(), 1));
    }

    /** Clears FLASH_OPTCR.OPTLOCK with OPTKEY1, OPTKEY2 (only when set) and checks it cleared. */
    public void unlockOptions() throws TargetException {
        int optcr = mem.read32(regs.optcr().address());
        if (!optlock.isSet(optcr)) {
            return;
        }
        try {
            mem.write32(regs.optkeyr().address(), OPTKEYR_KEYS.key1());
            mem.write32(regs.optkeyr().address(), OPTKEYR_KEYS.key2());
        } catch (BusFaultException e) {
            throw new FlashUnlockException(FlashOperation.OPTION_UNLOCK,
                    "writing FLASH_OPTKEYR faulted: the flash interface rejected the key sequence (after a wrong "
                            + "sequence FLASH_OPTCR stays locked until reset)", e);
        }
        if (optlock.isSet(mem.read32(regs.optcr().address()))) {
            throw new FlashUnlockException(FlashOperation.OPTION_UNLOCK,
                    "FLASH_OPTCR.OPTLOCK is still set after writing OPTKEY1/OPTKEY2 to FLASH_OPTKEYR: FLASH_OPTCR is "
                            + "locked until the next reset", null);
        }
    }

    /** Sets FLASH_OPTCR.OPTLOCK. */
    public void lockOptions() throws TargetException {
        int optcr = mem.read32(regs.optcr().address());
        mem.write32(regs.optcr().address(), optstrt.insert(optlock.insert(optcr, 1), 0));
    }

    // =============================================================================================== erase

    /** Erases one PHYSICAL sector. */
    public void eraseSector(Sector physical) throws TargetException {
        eraseSectors(List.of(physical), FlashProgress.NONE);
    }

    /**
     * Erases PHYSICAL sectors one by one (one work unit each; cancel between sectors leaves whole sectors erased).
     * The SNB value for each comes from {@link Stm32F7Geometry#snbToErase} under the current SWP_FB (bank-2 sectors
     * are 0x10|n, STM32F7 HAL FLASH_Erase_Sector).
     */
    @Override
    public void eraseSectors(List<Sector> physicalSectors, FlashProgress progress) throws TargetException {
        requireSectors(physicalSectors);
        Parallelism par = parallelism();
        boolean swpFb = readSwpFb();
        progress.begin("Erasing " + physicalSectors.size() + " sector(s)", physicalSectors.size());
        begin(FlashOperation.SECTOR_ERASE);
        boolean ok = false;
        try {
            eraseUnlocked(physicalSectors, par, swpFb, progress);
            ok = true;
        } finally {
            end(ok);
        }
    }

    /**
     * Erases PHYSICAL sectors and then programs {@code data} at {@code address} (as {@link #eraseSectors} followed by
     * {@link #program}) under ONE unlock/lock, with PSIZE and SWP_FB read once: a sector update over a probe then
     * costs a dozen fewer commands (issue 11). Progress and cancellation are those of the programming part; the erase
     * is one uncancelable step before it.
     */
    @Override
    public void eraseAndProgram(List<Sector> physicalSectors, long address, byte[] data, FlashProgress progress)
            throws TargetException {
        Objects.requireNonNull(data, "data");
        requireSectors(physicalSectors);
        if (data.length > 0) {
            toAxim(address, data.length, FlashOperation.PROGRAM); // refuse before anything is erased
        }
        Parallelism par = parallelism();
        boolean swpFb = readSwpFb();
        begin(FlashOperation.SECTOR_ERASE);
        boolean ok = false;
        try {
            eraseUnlocked(physicalSectors, par, swpFb, FlashProgress.NONE);
            if (data.length > 0) {
                programUnlocked(address, data, par, swpFb, progress);
            }
            ok = true;
        } finally {
            end(ok);
        }
    }

    private void requireSectors(List<Sector> physicalSectors) throws FlashRequestException {
        for (Sector s : physicalSectors) {
            if (!geometry.sectors().contains(s)) {
                throw new FlashRequestException(FlashOperation.SECTOR_ERASE, s, null, s + " is not a sector of the "
                        + geometry.mode() + "-bank layout in effect", "re-probe the geometry after an nDBANK change");
            }
        }
    }

    /** The erase loop of {@link #eraseSectors}, FLASH_CR already unlocked by {@link #begin}. */
    private void eraseUnlocked(List<Sector> physicalSectors, Parallelism par, boolean swpFb, FlashProgress progress)
            throws TargetException {
        long done = 0;
        for (Sector s : physicalSectors) {
            if (progress.isCanceled()) {
                throw new FlashCanceledException(FlashOperation.SECTOR_ERASE, done, physicalSectors.size(),
                        done + " whole sector(s) erased, the rest untouched");
            }
            int snbValue = Stm32F7Geometry.snbToErase(geometry, s, swpFb, params);
            int cr = psize.insert(0, par.psize()) | ser.mask() | snb.insert(0, snbValue);
            // SER, SNB and STRT in one write, as OpenOCD's stm32f2x driver erases (src/flash/nor/stm32f2x.c,
            // stm32x_erase): one USB round trip less per sector on a probe (issue 18)
            writeCr(cr | strt.mask());
            int sr = waitErase(ERASE_WAIT, timeouts.sectorErase(s, par), timeouts.timings().sectorEraseMicros(s.size(),
                    par, FlashTimings.Bound.TYPICAL), FlashOperation.SECTOR_ERASE, s);
            check(sr, FlashOperation.SECTOR_ERASE, ProtectionModel.Scope.sectors(List.of(s), "erase of " + s),
                    s, null, String.format("erasing physical %s (SNB 0x%02X, %s)", s, snbValue, par));
            // no FLASH_CR clear here: what follows writes the whole register (the next sector's SER|SNB|STRT,
            // programming's PG|PSIZE, or end()'s LOCK), which clears SER and SNB with it
            progress.worked(1);
            done++;
        }
    }

    /**
     * Erases every sector of the PHYSICAL bank range covering window addresses {@code range} (under the current
     * SWP_FB), one sector at a time.
     */
    @Override
    public List<Sector> eraseRange(AddressRange range, FlashProgress progress) throws TargetException {
        List<Sector> sectors = sectorsCovering(range, readSwpFb());
        eraseSectors(sectors, progress);
        return sectors;
    }

    /** The physical sectors visible at window addresses {@code range} under {@code swpFb}. */
    @Override
    public List<Sector> sectorsCovering(AddressRange range, boolean swpFb) throws FlashRequestException {
        List<Sector> list = new ArrayList<>();
        if (range.size() == 0) {
            return list;
        }
        long a = range.start();
        while (a < range.end()) {
            Optional<BankOffset> bo = geometry.physicalBankAt(a, swpFb);
            if (bo.isEmpty()) {
                throw new FlashRequestException(FlashOperation.SECTOR_ERASE, null, a,
                        String.format("0x%08X is not in a flash window (AXIM 0x%08X or ITCM 0x%08X, %d KiB)", a,
                                Stm32F7Window.AXIM.base(), Stm32F7Window.ITCM.base(), flashSizeKiB), "");
            }
            Sector s = geometry.bank(bo.get().bank()).sectorAtOffset(bo.get().offset());
            if (!list.contains(s)) {
                list.add(s);
            }
            a += s.end() - bo.get().offset();
        }
        return list;
    }

    /**
     * Bank erase of PHYSICAL bank {@code physicalBank}: MER or MER2, whichever the model says reaches that physical
     * bank under the current SWP_FB (RM0410 FLASH_CR MER/MER2, AN4826: erase the inactive bank by its PHYSICAL number).
     * In single-bank mode only bank 1 exists and MER erases the whole flash.
     */
    @Override
    public void eraseBank(int physicalBank, FlashProgress progress) throws TargetException {
        if (physicalBank < 1 || physicalBank > geometry.bankCount()) {
            throw new FlashRequestException(FlashOperation.BANK_ERASE, null, null,
                    "there is no physical bank " + physicalBank + " in " + geometry.mode() + "-bank mode",
                    geometry.mode() == BankMode.SINGLE && descriptor.stm32F7Line().dualBankCapable()
                            ? "bank 2 exists only with nDBANK = 0 (dual bank): change the option and reset"
                            : "");
        }
        boolean swpFb = readSwpFb();
        int bits;
        if (geometry.mode() == BankMode.SINGLE) {
            bits = mer.mask();
        } else {
            int named = Stm32F7Geometry.physicalBankErased(geometry, physicalBank, swpFb, params); // self-inverse
            bits = named == 1 ? mer.mask() : mer2.orElseThrow().mask();
        }
        bulkErase(FlashOperation.BANK_ERASE, bits, ProtectionModel.Scope.bank(geometry, physicalBank),
                geometry.bank(physicalBank).size(), progress);
    }

    /** Mass erase: MER in single-bank mode, MER|MER2 in dual-bank mode (HAL FLASH_MER_BIT, RM0410 FLASH_CR). */
    @Override
    public void massErase(FlashProgress progress) throws TargetException {
        int bits = geometry.mode() == BankMode.DUAL ? mer.mask() | mer2.orElseThrow().mask() : mer.mask();
        bulkErase(FlashOperation.MASS_ERASE, bits, ProtectionModel.Scope.mass(geometry), geometry.totalSize(),
                progress);
    }

    private void bulkErase(FlashOperation op, int merBits, ProtectionModel.Scope scope, long bytes,
            FlashProgress progress) throws TargetException {
        Parallelism par = parallelism();
        progress.begin(scope.label(), 1);
        if (progress.isCanceled()) {
            throw new FlashCanceledException(op, 0, 1, "nothing was erased");
        }
        begin(op);
        boolean ok = false;
        try {
            int cr = psize.insert(0, par.psize()) | merBits;
            writeCr(cr);
            writeCr(cr | strt.mask());
            int sr = waitErase(LONG_WAIT, timeouts.bankErase(bytes, par),
                    timeouts.timings().bankEraseMicros(bytes, par, FlashTimings.Bound.TYPICAL), op, null);
            check(sr, op, scope, null, null, String.format("%s (%s at %s)", scope.label(),
                    FlashTimeouts.size(bytes), par));
            writeCr(0);
            progress.worked(1);
            ok = true;
        } finally {
            end(ok);
        }
    }

    // =============================================================================================== program

    /**
     * Programs {@code data} at CPU/debug address {@code address} (AXIM or ITCM window, through the SWP_FB remap). The
     * range is widened to whole PSIZE units with 0xFF (programming 0xFF changes no cell). Runs of at most
     * {@link FlashDriverSettings#runBytes()} that stay inside one sector are the work units; runs that are all 0xFF
     * are skipped. Streaming: one block write per run with PG held; word-wise: one unit per write, BSY polled after
     * each. The flash does NOT flag programming over non-erased cells (RM0090: bits only go 1 -> 0): erase first, and
     * {@link #verify}. Cancel is honoured between runs: a canceled program leaves whole runs written (and checked),
     * nothing partial.
     */
    @Override
    public void program(long address, byte[] data, FlashProgress progress) throws TargetException {
        Objects.requireNonNull(data, "data");
        if (data.length == 0) {
            return;
        }
        toAxim(address, data.length, FlashOperation.PROGRAM);
        Parallelism par = parallelism();
        boolean swpFb = readSwpFb();
        begin(FlashOperation.PROGRAM);
        boolean ok = false;
        try {
            programUnlocked(address, data, par, swpFb, progress);
            ok = true;
        } finally {
            end(ok);
        }
    }

    /** The body of {@link #program}, FLASH_CR already unlocked by {@link #begin}; leaves PG set for end() to clear. */
    private void programUnlocked(long address, byte[] data, Parallelism par, boolean swpFb, FlashProgress progress)
            throws TargetException {
        long axim = toAxim(address, data.length, FlashOperation.PROGRAM);
        int unit = par.bytes();
        long start = axim - Math.floorMod(axim, unit);
        long end = axim + data.length;
        end += Math.floorMod(-end, unit);
        byte[] buf = new byte[(int) (end - start)];
        Arrays.fill(buf, (byte) 0xFF);
        System.arraycopy(data, 0, buf, (int) (axim - start), data.length);
        List<long[]> runs = runs(start, buf, swpFb);
        long total = runs.stream().mapToLong(r -> r[1]).sum();
        boolean streaming = effectiveWriteMode() == FlashDriverSettings.WriteMode.STREAMING;
        // x64 = two word writes (HAL FLASH_Program_DoubleWord)
        AccessWidth width = par == Parallelism.X8 ? AccessWidth.BYTE
                : par == Parallelism.X16 ? AccessWidth.HALFWORD : AccessWidth.WORD;
        progress.begin(String.format("Programming %d bytes at 0x%08X", data.length, address), total);
        // PSIZE and PG in one write of the whole register (clearing any SER/SNB an erase left), as OpenOCD's
        // stm32f2x driver does (src/flash/nor/stm32f2x.c: CR = FLASH_PG | FLASH_PSIZE_16)
        writeCr(psize.insert(0, par.psize()) | pg.mask());
        long done = 0;
        for (long[] run : runs) {
            if (progress.isCanceled()) {
                throw new FlashCanceledException(FlashOperation.PROGRAM, done, total, String.format(
                        "%d bytes programmed in whole runs from 0x%08X, the rest untouched", done, start));
            }
            long runAddress = run[0];
            int len = (int) run[1];
            int off = (int) (runAddress - start);
            Sector s = geometry.sectorAt(runAddress, swpFb).orElseThrow();
            ProtectionModel.Scope scope = ProtectionModel.Scope.sectors(List.of(s), "programming of " + s);
            if (streaming) {
                writeFlash(runAddress, buf, off, len, width, s);
                int sr = waitNotBusy(timeouts.program(len / unit, par), FlashOperation.PROGRAM, s, runAddress);
                check(sr, FlashOperation.PROGRAM, scope, s, runAddress, String.format(
                        "programming 0x%08X-0x%08X (physical %s, %s, streamed)", runAddress, runAddress + len - 1,
                        s, par));
            } else {
                for (int i = 0; i < len; i += unit) {
                    writeFlash(runAddress + i, buf, off + i, unit, width, s);
                    int sr = waitNotBusy(timeouts.program(1, par), FlashOperation.PROGRAM, s, runAddress + i);
                    check(sr, FlashOperation.PROGRAM, scope, s, runAddress + i, String.format(
                            "programming 0x%08X (physical %s, %s)", runAddress + i, s, par));
                }
            }
            done += len;
            progress.worked(len);
        }
        // PG stays set: every caller ends with end(), whose LOCK write (ok) or CR clear (failure) clears it
    }

    private void writeFlash(long address, byte[] buf, int off, int len, AccessWidth width, Sector s)
            throws TargetException {
        try {
            mem.write(address, buf, off, len, width);
        } catch (BusFaultException e) {
            // a probe may report the RDP refusal as a plain bus fault (ST-Link: SWD_AP_FAULT); the option bytes tell
            OptionBytes o = readOptions();
            if (!(e instanceof ReadProtectionException) && o.rdp() == Stm32F7OptionFields.RDP_LEVEL0) {
                throw e;
            }
            throw new FlashProtectionException(FlashOperation.PROGRAM, FailureCause.READ_PROTECTION, s, address,
                    String.format("programming 0x%08X was refused by read protection: %s", address,
                            Stm32F7OptionFields.rdpText(o.rdp())),
                    "set RDP = 0xAA (level 0) with an option-byte write and reset; this mass-erases the flash", e);
        }
    }

    /** Splits [start, start+buf.length) into runs inside one sector and at most runBytes long, skipping all-0xFF runs. */
    private List<long[]> runs(long start, byte[] buf, boolean swpFb) throws FlashRequestException {
        List<long[]> runs = new ArrayList<>();
        long a = start;
        long end = start + buf.length;
        while (a < end) {
            Optional<BankOffset> bo = geometry.physicalBankAt(a, swpFb);
            if (bo.isEmpty()) {
                throw new FlashRequestException(FlashOperation.PROGRAM, null, a,
                        String.format("0x%08X is outside the flash", a), "");
            }
            Sector s = geometry.bank(bo.get().bank()).sectorAtOffset(bo.get().offset());
            long sectorEnd = a + (s.end() - bo.get().offset());
            long runEnd = Math.min(end, Math.min(sectorEnd, a - Math.floorMod(a, settings.runBytes()) + settings.runBytes()));
            boolean allErased = true;
            for (long i = a; i < runEnd && allErased; i++) {
                allErased = buf[(int) (i - start)] == (byte) 0xFF;
            }
            if (!allErased) {
                runs.add(new long[] { a, runEnd - a });
            }
            a = runEnd;
        }
        return runs;
    }

    /** The AXIM address of a flash address in either window; refuses ranges outside the flash. */
    private long toAxim(long address, long length, FlashOperation op) throws FlashRequestException {
        Optional<FlashWindow> w = geometry.windowOf(address);
        if (w.isEmpty() || !geometry.windowRange(w.get()).contains(new AddressRange(address, length))) {
            throw new FlashRequestException(op, null, address, String.format(
                    "0x%08X + %d bytes is not inside the flash (AXIM %s or ITCM %s)", address, length,
                    geometry.windowRange(Stm32F7Window.AXIM), geometry.windowRange(Stm32F7Window.ITCM)),
                    "program through the AXIM window 0x08000000");
        }
        return address - w.get().base() + Stm32F7Window.AXIM.base();
    }

    // =============================================================================================== verify

    /**
     * Reads {@code expected.length} bytes at {@code address} (through the SWP_FB remap, like everything) and compares.
     * A mismatch is a result, not an exception: "program reported no error, verify failed" is exactly what a user
     * sees when a non-erased bank was programmed (old AND new, no flag).
     */
    @Override
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

    /**
     * CRC-32 of flash at CPU/debug address {@code address} (either window, through the SWP_FB remap) computed on the
     * target by the CRC unit and DMA2 ({@link TargetCrc}); empty when that is not possible now (core running, engine
     * failed on this target, unaligned range) - then read instead. Compare with
     * {@link dev.flashbank.family.stm32f7.Stm32F7CrcDma#crc(byte[], int, int)}.
     */
    @Override
    public java.util.OptionalInt targetCrc(long address, int length) throws TargetException {
        if ((address & 3) != 0 || (length & 3) != 0 || length == 0) {
            return java.util.OptionalInt.empty();
        }
        return crcEngine.crc(toAxim(address, length, FlashOperation.VERIFY), length);
    }

    /** {@link #targetCrc} of every range with one engine set-up ({@link TargetCrc#crcs}). */
    @Override
    public List<java.util.OptionalInt> targetCrcs(List<AddressRange> ranges) throws TargetException {
        List<AddressRange> axim = new ArrayList<>(ranges.size());
        for (AddressRange r : ranges) {
            if ((r.start() & 3) != 0 || (r.size() & 3) != 0 || r.size() == 0) {
                return FlashDriver.super.targetCrcs(ranges); // each range as it can
            }
            axim.add(new AddressRange(toAxim(r.start(), r.size(), FlashOperation.VERIFY), r.size()));
        }
        return crcEngine.crcs(axim);
    }

    /**
     * True when the target-side CRC of [address, address + length) equals the CRC of {@code expected[off, off +
     * length)}: the flash holds those bytes (up to a 2^-32 chance). False means "differs OR could not be checked":
     * read to find out.
     */
    @Override
    public int expectedTargetCrc(byte[] data, int off, int length) {
        return dev.flashbank.family.stm32f7.Stm32F7CrcDma.crc(data, off, length);
    }

    @Override
    public boolean matchesOnTarget(long address, byte[] expected, int off, int length) throws TargetException {
        java.util.OptionalInt crc = targetCrc(address, length);
        return crc.isPresent()
                && crc.getAsInt() == dev.flashbank.family.stm32f7.Stm32F7CrcDma.crc(expected, off, length);
    }

    /** The CRC unit fed by DMA2 runs only while the core is halted ({@link TargetCrc}: firmware may own both). */
    @Override
    public boolean targetCrcNeedsHaltedCore() {
        return true;
    }

    /** Reads flash (or any memory) with word accesses where aligned; RDP faults become {@link FlashProtectionException}. */
    @Override
    public byte[] readFlash(long address, int length) throws TargetException {
        long start = address & ~3L;
        long end = (address + length + 3) & ~3L;
        byte[] words = new byte[(int) (end - start)];
        try {
            mem.read(start, words, 0, words.length, AccessWidth.WORD);
        } catch (BusFaultException e) {
            // a probe may report the RDP refusal as a plain bus fault (ST-Link: SWD_AP_FAULT); the option bytes tell
            OptionBytes o = readOptions();
            if (!(e instanceof ReadProtectionException) && o.rdp() == Stm32F7OptionFields.RDP_LEVEL0) {
                throw e;
            }
            throw new FlashProtectionException(FlashOperation.VERIFY, FailureCause.READ_PROTECTION, null, e.address(),
                    String.format("reading flash at 0x%08X faulted: %s", e.address(),
                            Stm32F7OptionFields.rdpText(o.rdp())),
                    "set RDP = 0xAA (level 0) and reset; this mass-erases the flash", e);
        }
        byte[] out = new byte[length];
        System.arraycopy(words, (int) (address - start), out, 0, length);
        return out;
    }

    /** {@link #program} then {@link #verify}; a mismatch throws {@link FlashVerifyException}. */
    @Override
    public VerifyResult programAndVerify(long address, byte[] data, FlashProgress progress) throws TargetException {
        program(address, data, progress);
        VerifyResult r = verify(address, data);
        if (!r.ok()) {
            throw new FlashVerifyException(r, r.notErasedHint()
                    ? "erase the sectors first: the flash ANDs new data into old without any error flag"
                    : "check that the address window shows the physical bank you erased (SWP_FB) and that caches "
                            + "are not serving stale data");
        }
        return r;
    }

    // =============================================================================================== options

    /**
     * Writes the option bytes (RM0410, option bytes programming; HAL HAL_FLASH_OB_Launch): wait BSY, OPTKEYR unlock
     * (only when OPTLOCK is set), FLASH_OPTCR1 and (F72x) FLASH_OPTCR2 first, then FLASH_OPTCR with the new options,
     * then OPTSTRT, wait BSY — budgeted for a full mass erase when RDP regresses 1 -> 0 — then OPTLOCK. Refuses RDP
     * level 2 (use {@link #writeOptionsIrreversibly}). Options other than
     * {@link Stm32F7Parameters#optionsEffectiveAfterOptstrt()} act at the next reset; after an nDBANK change reset and
     * {@link #reprobe()}.
     */
    @Override
    public OptionWriteResult writeOptions(OptionImage image, FlashProgress progress) throws TargetException {
        OptionBytes requested = ownOptions(image);
        if (requested.rdpLevel() == RdpLevel.LEVEL_2) {
            throw new FlashProtectionException(FlashOperation.OPTION_WRITE, FailureCause.INVALID_REQUEST, null, null,
                    String.format("refusing RDP = 0x%02X (level 2): it disables debugging and freezes the option bytes "
                            + "FOREVER", requested.rdp()),
                    "use writeOptionsIrreversibly only after an explicit user confirmation", null);
        }
        return doWriteOptions(requested, progress);
    }

    /** As {@link #writeOptions} but allows RDP level 2 (IRREVERSIBLE; call only after explicit confirmation). */
    @Override
    public OptionWriteResult writeOptionsIrreversibly(OptionImage requested, FlashProgress progress)
            throws TargetException {
        return doWriteOptions(ownOptions(requested), progress);
    }

    /** The model's F7 option diff for this variant and parameters ({@link OptionBytes#diff(OptionBytes, int,
     * Stm32F7Parameters)}); images of another line are refused. */
    /**
     * OPTSTRT erases the user configuration sector and then programs it from FLASH_OPTCR/OPTCR1 (RM0410, FLASH
     * chapter, option bytes programming): the model's option-programming time, plus a mass erase of the user flash
     * when RDP regresses 1 -> 0, at the MAXIMUM bound. The regression erases at the parallelism of FLASH_CR.PSIZE; x8
     * is the slowest and always possible.
     */
    @Override
    public long optionWriteWindowMicros(OptionImage before, OptionImage after) {
        FlashTimings t = timeouts().timings();
        long micros = t.optionProgramMicros(FlashTimings.Bound.MAXIMUM);
        if (before.rdpLevel() == RdpLevel.LEVEL_1 && after.rdpLevel() == RdpLevel.LEVEL_0) {
            micros += t.bankEraseMicros(geometry().totalSize(), Parallelism.X8, FlashTimings.Bound.MAXIMUM);
        }
        return micros;
    }

    @Override
    public List<dev.flashbank.core.device.OptionChange> optionChanges(OptionImage from, OptionImage to) {
        if (!(from instanceof OptionBytes f) || !(to instanceof OptionBytes t)) {
            throw new IllegalArgumentException("STM32F7 option bytes expected, got " + from + " and " + to);
        }
        return f.diff(t, flashSizeKiB, params);
    }

    @Override
    public Stm32F7Family family() {
        return new Stm32F7Family();
    }

    /** nWRP, PCROP and RDP of {@code options} on the layout in effect ({@link Stm32F7Protection}). */
    @Override
    public Stm32F7Protection protectionModel(OptionImage options) throws FlashRequestException {
        if (!(options instanceof OptionBytes o) || o.line() != descriptor.stm32F7Line()) {
            throw new FlashRequestException(FlashOperation.WAIT_IDLE, null, null, "option bytes for "
                    + (options instanceof OptionBytes o ? o.line().displayName() : "another family")
                    + " do not describe " + descriptor.line(), "");
        }
        return new Stm32F7Protection(geometry, o, params);
    }

    /** {@code image} as this line's option bytes; an image of another family or line is refused, nothing written. */
    private OptionBytes ownOptions(OptionImage image) throws FlashRequestException {
        if (image instanceof OptionBytes o && o.line() == descriptor.stm32F7Line()) {
            return o;
        }
        throw new FlashRequestException(FlashOperation.OPTION_WRITE, null, null, "option bytes for "
                + (image instanceof OptionBytes o ? o.line().displayName() : "another family")
                + " cannot be written to " + descriptor.line(), "");
    }

    private OptionWriteResult doWriteOptions(OptionBytes requested, FlashProgress progress) throws TargetException {
        OptionBytes before = readOptions();
        if (before.rdpLevel() == RdpLevel.LEVEL_2) {
            throw new FlashProtectionException(FlashOperation.OPTION_WRITE, FailureCause.DEBUG_PORT_LOCKED, null, null,
                    "RDP level 2: the option bytes are frozen and cannot be changed", "none (irreversible)", null);
        }
        boolean regression = before.rdpLevel() == RdpLevel.LEVEL_1 && requested.rdpLevel() == RdpLevel.LEVEL_0;
        progress.begin("Programming option bytes", 1);
        if (progress.isCanceled()) {
            throw new FlashCanceledException(FlashOperation.OPTION_WRITE, 0, 1, "nothing was written");
        }
        waitNotBusy(timeouts.unknownOperation(geometry.totalSize()), FlashOperation.WAIT_IDLE, null, null);
        clearErrors();
        unlockOptions();
        boolean ok = false;
        try {
            mem.write32(regs.optcr1().address(), requested.optcr1());
            if (regs.optcr2().isPresent()) {
                mem.write32(regs.optcr2().get().address(), requested.optcr2());
            }
            int value = requested.optcrWriteValue(); // OPTLOCK = 0, OPTSTRT = 0
            mem.write32(regs.optcr().address(), value);
            mem.write32(regs.optcr().address(), optstrt.insert(value, 1));
            // waited for as an erase: OPTSTRT erases and reprograms the user configuration sector
            int sr = waitErase(LONG_WAIT, timeouts.optionProgram(regression, geometry.totalSize()),
                    timeouts.timings().optionProgramMicros(FlashTimings.Bound.TYPICAL), FlashOperation.OPTION_WRITE,
                    null);
            Set<FlashErrorFlag> flags = FlashErrorFlag.decode(sr, regs);
            if (!flags.isEmpty()) {
                clearErrors();
                FlashErrorFlag primary = FlashErrorFlag.primary(flags);
                throw new FlashStatusException(FlashOperation.OPTION_WRITE, flags, sr, FailureCause.UNKNOWN, null, null,
                        String.format("option-byte programming ended with %s (%s): %s", primary.fieldName(),
                                primary.title(), primary.meaning()),
                        "read the options back and retry; an interrupted option programming leaves the option area "
                                + "erased (RDP then reads as level 1)");
            }
            ok = true;
        } finally {
            try {
                lockOptions();
            } catch (TargetException e) {
                if (ok) {
                    throw e;
                }
            }
        }
        OptionBytes after = readOptions();
        progress.worked(1);
        return optionWriteResult(before, requested, after, regression, params);
    }

    /**
     * The result of an F7 option write: the changes from the model's diff (largest variant, default parameters, as
     * always reported); a reset is required unless every changed option is one of
     * {@link Stm32F7Parameters#optionsEffectiveAfterOptstrt()}; the bank mode changed when nDBANK did.
     */
    static OptionWriteResult optionWriteResult(OptionBytes before, OptionBytes requested, OptionBytes after,
            boolean regression, Stm32F7Parameters p) {
        List<dev.flashbank.core.device.OptionChange> changes = new ArrayList<>(before.diff(requested));
        boolean reset = false;
        for (dev.flashbank.core.device.OptionChange c : changes) {
            // "nWRP3" -> "nWRP", "PCROP2" -> "PCROP": per-sector fields share their register field's name
            if (!p.optionsEffectiveAfterOptstrt().contains(c.option().replaceAll("\\d+$", ""))) {
                reset = true;
            }
        }
        return new OptionWriteResult(before, requested, after, regression, changes, reset,
                before.bankMode() != requested.bankMode());
    }

    // =============================================================================================== internals

    private int readCr() throws TargetException {
        return mem.read32(regs.cr().address());
    }

    private void writeCr(int value) throws TargetException {
        mem.write32(regs.cr().address(), value);
    }

    /** Common start: wait for any running operation, clear stale flags (HAL and OpenOCD do the same), unlock. */
    private void begin(FlashOperation op) throws TargetException {
        int sr = waitNotBusy(timeouts.unknownOperation(geometry.totalSize()), FlashOperation.WAIT_IDLE, null, null);
        clearErrors(sr); // the idle SR just read: nothing else writes FLASH_SR while the core is halted or BSY is 0
        unlock();
        writeCr(0); // no PG/SER/MER left over from someone else ("MER and SER both set" = no erase, RM0090)
    }

    /** Common end: clear the operation bits and lock FLASH_CR; a failure here does not hide the original error. */
    private void end(boolean ok) throws TargetException {
        try {
            if (ok) {
                // begin() unlocked FLASH_CR and the operation ended cleanly: one write sets LOCK and clears every
                // operation bit (PG/SER/MER/STRT, RM0410 FLASH_CR) instead of read, clear, read, lock (issue 11)
                writeCr(lock.mask());
            } else if (!lock.isSet(readCr())) {
                writeCr(0);
                lock();
            }
        } catch (TargetException e) {
            if (ok) {
                throw e;
            }
        }
    }

    /** Writes 1 to every error flag and EOP of FLASH_SR (all write-1-to-clear, RM0410 FLASH_SR). */
    private void clearErrors() throws TargetException {
        clearErrors(readStatus());
    }

    /** {@link #clearErrors()} with FLASH_SR already read. */
    private void clearErrors(int sr) throws TargetException {
        int mask = regs.srErrorMask() | regs.sr().field(EOP).mask();
        if ((sr & mask) != 0) {
            mem.write32(regs.sr().address(), sr & mask);
        }
    }

    /**
     * Polls FLASH_SR until BSY = 0 within {@code budget} on the {@link PollClock}, pausing between polls with an
     * interval that starts small and doubles (a program unit is 16 us, a mass erase tens of seconds).
     */
    int waitNotBusy(OperationTimeout budget, FlashOperation op, Sector sector, Long address) throws TargetException {
        long interval = 2_000; // 2 us: well below one program unit
        long maxInterval = Math.max(interval, Math.min(100_000_000L, budget.nanos() / 32));
        return poll(budget, op, sector, address, clock.nanoTime(), interval, maxInterval);
    }

    /**
     * Waits for an erase or option programming whose typical time is {@code typMicros} as {@code wait} says:
     * a first wait of a share of the typical time, then polls at a fixed interval within {@code budget} (measured from
     * the start, first wait included).
     */
    int waitErase(EraseWait wait, OperationTimeout budget, long typMicros, FlashOperation op, Sector sector)
            throws TargetException {
        long start = clock.nanoTime();
        clock.pause(Math.min(wait.firstWaitNanos(typMicros), budget.nanos()));
        long interval = wait.intervalNanos(typMicros);
        return poll(budget, op, sector, null, start, interval, interval);
    }

    /** Reads FLASH_SR until BSY = 0, pausing {@code interval} doubling up to {@code maxInterval} between reads. */
    private int poll(OperationTimeout budget, FlashOperation op, Sector sector, Long address, long start,
            long interval, long maxInterval) throws TargetException {
        while (true) {
            int sr = readStatus();
            if (!bsy.isSet(sr)) {
                return sr;
            }
            long elapsed = clock.nanoTime() - start;
            if (elapsed >= budget.nanos()) {
                throw new FlashBusyTimeoutException(op, budget, elapsed, sector, address, String.format(
                        "%s: FLASH_SR.BSY still set after %s; budget %s", op.text(), FlashTimeouts.human(elapsed),
                        budget.describe()));
            }
            clock.pause(Math.min(interval, budget.nanos() - elapsed));
            interval = Math.min(maxInterval, interval * 2);
        }
    }

    /**
     * Turns error flags into a {@link FlashStatusException} naming the flag, the sector/address and the likely cause
     * (decided with {@link Stm32F7Protection} from the option bytes now), then clears the flags.
     */
    private void check(int sr, FlashOperation op, ProtectionModel.Scope scope, Sector sector, Long address,
            String what) throws TargetException {
        Set<FlashErrorFlag> flags = FlashErrorFlag.decode(sr, regs);
        if (flags.isEmpty()) {
            return;
        }
        mem.write32(regs.sr().address(), sr & regs.srErrorMask());
        FlashErrorFlag primary = FlashErrorFlag.primary(flags);
        OptionBytes options = readOptions();
        List<ProtectionModel.EraseBlocker> blockers = new Stm32F7Protection(geometry, options, params)
                .blockers(scope);
        FailureCause cause = switch (primary) {
            case PGAERR -> FailureCause.ALIGNMENT;
            case PGPERR -> FailureCause.PARALLELISM_MISMATCH;
            case RDERR -> FailureCause.PCROP_READ;
            case ERSERR -> FailureCause.SEQUENCE;
            default -> FailureCause.UNKNOWN;
        };
        String cause0 = primary.meaning();
        String fix = "";
        boolean protectionFlag = primary == FlashErrorFlag.WRPERR || primary == FlashErrorFlag.OPERR
                || flags.contains(FlashErrorFlag.byFieldName(params.pcropMassEraseFlag()));
        if (protectionFlag && !blockers.isEmpty()) {
            ProtectionModel.EraseBlocker b = blockers.get(0);
            cause = b.cause();
            cause0 = b.explanation();
            fix = b.fix() + " — consequence: " + b.consequence();
        } else if (cause == FailureCause.ALIGNMENT) {
            fix = "write whole PSIZE units aligned to their size (the driver does this; another tool left the flag)";
        } else if (cause == FailureCause.PARALLELISM_MISMATCH) {
            fix = "use write accesses of exactly the PSIZE width";
        } else if (cause == FailureCause.SEQUENCE) {
            fix = "set FLASH_CR.PG before writing flash, and never MER together with SER";
        }
        String flagList = flags.stream().map(FlashErrorFlag::fieldName).reduce((a, b) -> a + "|" + b).orElse("");
        throw new FlashStatusException(op, flags, sr, cause, sector, address, String.format(
                "%s failed: FLASH_SR = 0x%08X (%s) — %s: %s", what, sr, flagList, primary.title(), cause0), fix);
    }
}
