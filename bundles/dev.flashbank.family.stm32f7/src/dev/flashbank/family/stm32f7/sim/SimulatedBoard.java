package dev.flashbank.family.stm32f7.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.FlashWindow;
import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.Field;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.MemoryRegion;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.device.RegisterBlock;
import dev.flashbank.core.device.Sector;
import dev.flashbank.family.stm32f7.Stm32F7Window;
import dev.flashbank.core.device.cortexm.CortexM;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Descriptor;
import dev.flashbank.family.stm32f7.Stm32F7Geometry;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.family.stm32f7.Stm32F7Registers;
import dev.flashbank.family.stm32f7.Stm32F7SystemRegisters;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.DebugTopology;
import dev.flashbank.sim.bus.SystemBus;
import dev.flashbank.sim.bus.WireProtocol;
import dev.flashbank.sim.PoweredBoard;
import dev.flashbank.sim.BoardOptions;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.ConsoleUsart;
import dev.flashbank.sim.CoreDebug;
import dev.flashbank.sim.cpu.CoreProfile;
import dev.flashbank.sim.cpu.CortexMCore;
import dev.flashbank.sim.BoardCorePort;
import dev.flashbank.sim.FlashCells;
import dev.flashbank.sim.InterruptedOperation;
import dev.flashbank.sim.ResetCause;
import dev.flashbank.sim.SimParameters;
import dev.flashbank.sim.SimulatedProbe;

/**
 * A simulated STM32F7 board at bus level: the embedded default target of Flashbank (CLI and Eclipse UI). It behaves
 * like the silicon, including the unpleasant parts, and takes every address, bit, key, geometry and timing from the
 * F7 device model ({@link Stm32F7Descriptor}, {@link Stm32F7Registers}, {@link Stm32F7Geometry},
 * {@link FlashTimings}, {@link dev.flashbank.family.stm32f7.Stm32F7Parameters},
 * {@link dev.flashbank.core.device.cortexm.CortexM}). Build one with {@link SimulatedBoards#create}; talk to it through
 * {@link #debugBus()} (front ends) or a {@link SimulatedProbe} (the {@link dev.flashbank.core.target.DebugTarget} of
 * the tools).
 *
 * <h2>What is modelled</h2>
 * <ul>
 * <li><b>Flash cells</b> per physical array, erased = 0xFF, programming ANDs (no error on non-erased cells). F76x
 * silicon has two physical arrays of half the flash each: in dual-bank mode they are bank 1 and bank 2; in
 * single-bank mode the flash window shows array 1 followed by array 2 linearly. A byte therefore keeps its cell when
 * nDBANK changes: window offset 0x10_0000 of a 2 MiB part in single-bank mode is offset 0 of bank 2 in dual-bank
 * mode (UNCONFIRMED: how the silicon interleaves the arrays in single-bank mode is not in RM0410; this linear choice
 * keeps images at the same window offsets). F72x/F74x have one array.</li>
 * <li><b>Address windows</b> AXIM 0x0800_0000 and ITCM 0x0020_0000 with the SYSCFG_MEMRMP.SWP_FB remap (volatile,
 * reset 0, F76x dual-bank mode) applied to every access, the debugger's included (RM0410 SYSCFG_MEMRMP; HAL
 * LL_SYSCFG_BANKMODE comments). SYSCFG registers read 0 and ignore writes while RCC_APB2ENR.SYSCFGEN = 0, as an
 * unclocked STM32 peripheral does (SWP_FB needs the SYSCFG clock: ST's FLASH_SwapBank example enables it first).</li>
 * <li><b>FLASH interface</b> ({@link FlashController}): keys, locks, PG/SER/MER/MER2/SNB/PSIZE/STRT, BSY on the
 * virtual clock, stalls, every error flag, option programming.</li>
 * <li><b>Option bytes</b> in their own persistent area ({@link OptionArea}), shown at 0x1FFF_0000. OPTSTRT stores
 * OPTCR/OPTCR1/OPTCR2 there; the options in
 * {@link dev.flashbank.family.stm32f7.Stm32F7Parameters#optionsEffectiveAfterOptstrt()} (nWRP, PCROP, PCROP_RDP)
 * act at once - RM0090 (F4, same flash IP) says WRP changes act immediately, and OpenOCD (stm32f2x.c) and ST's
 * FLASH_DualBoot example reset only for BOOT_ADDx/nDBANK/RDP - all others (RDP, BOOT_ADDx, nDBANK, nDBOOT, BOR,
 * watchdog and reset options) are latched at the next reset.</li>
 * <li><b>Read protection</b> (latched RDP): level 1 with the debugger connected faults flash reads
 * ({@link BusResult.ProtectionFault}) and refuses program/erase; level 2 locks the debug port after the reset that
 * latches it ({@link BusResult.PortLocked}), forever. RDP 1 -> 0 mass-erases the user flash during OPTSTRT (PCROP
 * sectors per PCROP_RDP and the polarity parameter).</li>
 * <li><b>Reset and boot</b> ({@link BootModel}, {@link BootReport}); <b>Cortex-M debug</b> registers
 * ({@link CoreDebug}); DBGMCU_IDCODE, flash-size register, UID, package register, system memory (a synthetic ROM with
 * a valid vector table: the real one is not distributed), OTP (programmable once, lock bytes honoured), RAMs. RAM
 * powers up with pseudo-random content from the seed and keeps it across system resets.</li>
 * <li><b>Hardware watchdog</b>: with IWDG_SW = 0 the IWDG starts at every reset and resets the device when a halted
 * (without DBGMCU_APB1_FZ.DBG_IWDG_STOP) or locked-up core cannot refresh it ({@link SimParameters}); the cause of the
 * last reset is {@link #lastResetCause()}.</li>
 * <li>Other peripheral and PPB addresses behave as plain read/write storage (cleared by reset) so that tools touching
 * e.g. RCC enable bits or DWT work; they have no further behaviour.</li>
 * </ul>
 * Thread safety: all public methods and bus accesses are synchronized on the board.
 */
public final class SimulatedBoard extends PoweredBoard {

    /** Granule in which an interrupted erase progresses: {@link InterruptedOperation#ERASE_PROGRESS_GRANULE}. */
    public static final int ERASE_PROGRESS_GRANULE = InterruptedOperation.ERASE_PROGRESS_GRANULE;

    private final Stm32F7Descriptor descriptor;
    private final Stm32F7Line line;
    private final int flashSizeKiB;
    private final SimParameters sim;
    private final Stm32F7SimParameters f7Sim;
    private final FlashTimings.Bound timingBound;
    private final int revId;
    private final FlashCells cells;
    private final FlashCells otp;
    private final OptionArea optionArea;
    private final List<MemoryRegion> systemMemoryRegions;
    private final FlashController flash;
    private final Stm32F7Registers regs;
    /** SYSCFG_MEMRMP.SWP_FB, looked up once: every byte of a flash read asks for it. */
    private final Optional<Field> swpFbField;
    /** FLASH_ACR.LATENCY, looked up once: the core's fetches and the CRC unit's DMA read it. */
    private final Field latencyField;
    /** CRC unit + DMA2 stream 0: the target-side flash checksum (issue 11); DMA reads flash like the bus does. */
    private final CrcDmaUnit crcDma = new CrcDmaUnit(
            a -> this.geometry.windowOf(a).isPresent() ? readFlash(a, 4)
                    : new BusResult.Fault(a, "DMA source outside the flash (not modelled)"),
            clock, this::coreClockHz, this::flashWaitStates);
    private final Stm32F7RunParameters run = Stm32F7RunParameters.defaults();
    /** RCC and PWR as start-up code sees them: the core clock follows the firmware's clock configuration. */
    private final ClockControl clocks = new ClockControl(run.hseHz(), clock);
    /** USART3, the Nucleo's ST-LINK virtual COM port: the board's console. */
    private final ConsoleUsart usart = new ConsoleUsart(Stm32F7SystemRegisters.consoleUsart(), console);
    /** The core's master port (its flash fast path is forgotten on writes and resets). */
    private final CpuPort cpuPort;

    private OptionBytes latched;
    /** RDP level of {@link #latched} is not 0: decoded once per reset, asked on every flash access. */
    private boolean latchedRdpBlocksDebugger;
    private FlashGeometry geometry;
    private boolean dpLocked;
    private int memrmp;
    private int apb2enr;
    private int dbgmcuCr;
    private int apb1Fz;
    private int apb2Fz;
    private boolean bootEffectsPending;
    /** Hardware IWDG (IWDG_SW = 0): virtual time left before it resets the device; -1 when it does not run. */
    private long iwdgRemaining = -1;
    private OptionBytes protectionCache;
    private OptionBytes protectionCacheBase;
    private long protectionCacheVersion;

    SimulatedBoard(String partName, Stm32F7Descriptor descriptor, int flashSizeKiB, BoardOptions options,
            Stm32F7SimParameters f7Sim, OptionBytes initialOptions, byte[] uniqueId, String serial) {
        super(partName, options.seed(), uniqueId, serial);
        this.descriptor = descriptor;
        this.line = descriptor.stm32F7Line();
        this.flashSizeKiB = flashSizeKiB;
        this.sim = options.sim();
        this.f7Sim = f7Sim;
        this.timingBound = options.timingBound();
        this.revId = options.revId();
        this.regs = descriptor.registers();
        this.swpFbField = regs.memrmp().findField(Stm32F7Registers.SWP_FB);
        this.latencyField = regs.acr().field(Stm32F7Registers.LATENCY);
        this.cells = new FlashCells(flashSizeKiB * 1024);
        this.otp = new FlashCells((int) descriptor.otpArea().size());
        this.optionArea = new OptionArea(line, descriptor.stm32F7Parameters(), initialOptions);
        List<MemoryRegion> regions = descriptor.memoryRegions(flashSizeKiB);
        this.systemMemoryRegions = regions.stream().filter(r -> r.kind() == MemoryRegion.Kind.SYSTEM_MEMORY).toList();
        this.system = new SystemBus(regions)
                .mapReadOnly(descriptor.uniqueIdAddress(), this.uniqueId)
                .mapReadOnly(descriptor.flashSizeRegisterAddress(),
                        new byte[] { (byte) flashSizeKiB, (byte) (flashSizeKiB >>> 8) })
                .mapReadOnly(descriptor.packageRegisterAddress(), new byte[2]); // package code: UNCONFIRMED, reads 0
        // the stand-in ROM bootloader: SP at the top of DTCM, shown in every system-memory window (AXIM and ITCM)
        byte[] systemMemory = SystemBus.syntheticSystemMemory((int) systemMemoryRegions.get(0).range().size(),
                Stm32F7Descriptor.SYSTEM_MEMORY_AXIM, line.dtcm().end());
        for (MemoryRegion r : systemMemoryRegions) {
            system.mapReadOnly(r.range().start(), systemMemory);
        }
        this.boot0 = options.boot0();
        this.voltageMillivolts = options.voltageMillivolts();
        CoreProfile profile = line.doublePrecisionFpu() ? CoreProfile.CORTEX_M7_DP : CoreProfile.CORTEX_M7_SP;
        // interrupt lines: RM0410's vector table has positions 0-109 (the largest F7); no simulated peripheral raises one
        coreWindows.fetchLines(run.flashFetchBytes());
        this.cpuPort = new CpuPort();
        this.cpu = new CortexMCore(profile, cpuPort,
                CortexMCore.Parameters.stm32(profile, 110).withCpuid(descriptor.cpuid()));
        this.core = new CoreDebug(cpu);
        this.flash = new FlashController(this);
        powerOnReset();
    }

    // =============================================================================================== public API

    @Override
    public Stm32F7SimulatedFamily family() {
        return Stm32F7SimulatedFamily.INSTANCE;
    }

    @Override
    public Stm32F7Descriptor descriptor() {
        return descriptor;
    }

    public Stm32F7Line line() {
        return line;
    }

    @Override
    public int flashSizeKiB() {
        return flashSizeKiB;
    }

    public SimParameters simParameters() {
        return sim;
    }

    /** The STM32F7 simulator's own assumptions (beyond the device model and {@link #simParameters()}). */
    public Stm32F7SimParameters f7SimParameters() {
        return f7Sim;
    }

    /**
     * Every assumption a simulated answer depends on: the model's named UNCONFIRMED parameters (with the timing table's
     * source) and the simulator's own ({@link Stm32F7SimParameters}, {@link SimParameters}), for reports ("this result assumes ...").
     */
    @Override
    public List<dev.flashbank.core.device.ModelParameter<?>> assumptions() {
        List<dev.flashbank.core.device.ModelParameter<?>> l = new ArrayList<>(descriptor.parameters());
        l.add(new dev.flashbank.core.device.ModelParameter<>("sim.timingBound", timingBound,
                dev.flashbank.core.device.ParameterStatus.UNCONFIRMED, descriptor.timings().source()));
        l.addAll(f7Sim.asList());
        l.addAll(run.asList());
        l.addAll(sim.asList());
        return List.copyOf(l);
    }

    public FlashTimings.Bound timingBound() {
        return timingBound;
    }

    /** Sector layout in effect (latched from nDBANK at the last reset). */
    @Override
    public synchronized FlashGeometry geometry() {
        return geometry;
    }

    /** Options latched at the last reset (what governs RDP, boot, bank mode now). */
    public synchronized OptionBytes latchedOptions() {
        return latched;
    }

    @Override
    public synchronized Map<String, Object> optionStateSummary() {
        Map<String, Object> o = new java.util.LinkedHashMap<>();
        o.put("bankMode", latched.bankMode().name());
        o.put("rdp", dev.flashbank.family.stm32f7.Stm32F7OptionFields.rdpText(latched.rdp()));
        o.put("optcr", String.format("0x%08X", latched.optcr()));
        o.put("optcr1", String.format("0x%08X", latched.optcr1()));
        o.put("swpFb", swpFb() ? 1 : 0);
        return o;
    }

    /** Options stored in the option area now (what the next reset will latch). */
    public synchronized OptionBytes storedOptions() {
        return optionArea.load();
    }

    @Override
    public synchronized Optional<dev.flashbank.core.family.OptionImage> optionImageInForce() {
        return Optional.of(latched);
    }

    @Override
    public synchronized Optional<dev.flashbank.core.family.OptionImage> storedOptionImage() {
        return Optional.of(optionArea.load());
    }

    /** True when the option area is fully erased (left so by an interrupted option programming). */
    public synchronized boolean optionAreaErased() {
        return optionArea.isErased();
    }

    /** SYSCFG_MEMRMP.SWP_FB as the bus sees it now. */
    public synchronized boolean swpFb() {
        return swpFbField.isPresent() && swpFbField.get().isSet(memrmp);
    }

    /**
     * Sets SWP_FB the way running firmware does (enables the SYSCFG clock, writes MEMRMP): for scenarios such as
     * "the application swapped banks" (ST's FLASH_SwapBank example, HAL_EnableMemorySwappingBank). Ignored on lines
     * without SWP_FB.
     */
    public synchronized void setSwpFbAsFirmware(boolean value) {
        Optional<Field> f = regs.memrmp().findField(Stm32F7Registers.SWP_FB);
        if (f.isPresent()) {
            apb2enr = regs.apb2enr().field(Stm32F7Registers.SYSCFGEN).insert(apb2enr, 1);
            memrmp = f.get().insert(memrmp, value ? 1 : 0);
            forgetFastSector();
        }
    }

    /** What would start at the next reset with the options now stored and the current BOOT0 pin (the doctor's view). */
    @Override
    public synchronized BootReport predictBoot() {
        OptionBytes stored = optionArea.load();
        return BootModel.evaluate(this, stored, descriptor.geometry(flashSizeKiB, stored.bankMode()), boot0);
    }

    /** Number of physical flash arrays (2 on F76x/F77x, 1 otherwise). */
    @Override
    public int physicalArrays() {
        return line.dualBankCapable() ? 2 : 1;
    }

    /** Bench view of physical cells (no bus access, not counted, ignores protection). */
    @Override
    public synchronized byte[] readCells(int physicalArray, long offset, int length) {
        long size = cells.size() / physicalArrays();
        if (physicalArray < 1 || physicalArray > physicalArrays() || offset < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException("array " + physicalArray + " offset " + offset + " length " + length);
        }
        return cells.copy((physicalArray - 1) * size + offset, length);
    }

    /** Bench view of the OTP area. */
    public synchronized byte[] readOtp() {
        return otp.copy();
    }

    /**
     * The non-volatile state (for the board state file): the cells as they are now - an operation still running (BSY)
     * is not part of it, as if the board were unplugged before it completed.
     */
    @Override
    public synchronized BoardSnapshot snapshot() {
        List<byte[]> banks = new ArrayList<>();
        int n = physicalArrays();
        int size = cells.size() / n;
        for (int i = 0; i < n; i++) {
            banks.add(cells.copy((long) i * size, size));
        }
        return new BoardSnapshot(partName, flashSizeKiB, banks, otp.copy(), optionArea.words(), boot0, voltageMillivolts,
                uniqueId, serial, Stm32F7SimulatedFamily.ID);
    }

    /** Restores non-volatile contents (sizes checked by {@link SimulatedBoards#restore}) and power-on resets. */
    synchronized void restoreContents(BoardSnapshot s) {
        int n = physicalArrays();
        int size = cells.size() / n;
        for (int i = 0; i < n; i++) {
            cells.overwrite((long) i * size, s.flashBank(i + 1));
        }
        otp.overwrite(0, s.otp());
        optionArea.setWords(s.optionWords());
        powerOnReset();
    }

    // =============================================================================================== package API

    FlashCells cells() {
        return cells;
    }

    FlashCells otpCells() {
        return otp;
    }

    OptionArea optionArea() {
        return optionArea;
    }

    int optionWordCount() {
        return optionArea.wordCount();
    }

    List<MemoryRegion> ramRegions() {
        return system.ramRegions();
    }

    List<MemoryRegion> systemMemoryRegions() {
        return systemMemoryRegions;
    }

    /** At RDP level 1 a connected debugger may not read, program or erase flash; every bus access is a debugger's. */
    boolean debuggerFlashBlocked() {
        return latchedRdpBlocksDebugger && !cpuAccess;
    }

    /** Offset into the cell array of {@code offset} in physical bank {@code bank} of the current geometry. */
    long cellOffset(int bank, long offset) {
        return (bank - 1) * geometry.bank(1).size() + offset;
    }

    int physicalArrayOf(long cellOffset) {
        return physicalArrays() == 1 ? 1 : cellOffset < cells.size() / 2 ? 1 : 2;
    }

    /**
     * Options that govern protection now: the latched ones, with the fields of
     * {@link dev.flashbank.family.stm32f7.Stm32F7Parameters#optionsEffectiveAfterOptstrt()} taken from the
     * option area (they act as soon as OPTSTRT completes).
     */
    OptionBytes protectionOptions() {
        if (protectionCache != null && protectionCacheVersion == optionArea.version() && protectionCacheBase == latched) {
            return protectionCache;
        }
        OptionBytes stored = optionArea.load();
        int optcr = latched.optcr();
        int optcr2 = latched.optcr2();
        for (String name : descriptor.stm32F7Parameters().optionsEffectiveAfterOptstrt()) {
            Optional<Field> f = regs.optcr().findField(name);
            if (f.isPresent()) {
                optcr = f.get().insert(optcr, f.get().extract(stored.optcr()));
            }
            Optional<Field> f2 = regs.optcr2().flatMap(r -> r.findField(name));
            if (f2.isPresent()) {
                optcr2 = f2.get().insert(optcr2, f2.get().extract(stored.optcr2()));
            }
        }
        protectionCache = OptionBytes.of(line, optcr, latched.optcr1(), optcr2);
        protectionCacheVersion = optionArea.version();
        protectionCacheBase = latched;
        return protectionCache;
    }

    /** nWRP protection of a PHYSICAL sector, with the nWRP mapping of the latched bank mode (RM0410 FLASH_OPTCR). */
    boolean isWriteProtected(Sector s) {
        int bit = Stm32F7Geometry.nWrpBit(s.number(), geometry.mode());
        return ((protectionOptions().nWrp() >>> bit) & 1) == 0;
    }

    boolean isPcropProtected(Sector s) {
        return line.hasPcrop() && s.bank() == 1 && protectionOptions().isPcropProtected(s.number());
    }

    /**
     * OTP block lock: 16 blocks; data = the largest power of two inside the area (1024 B on F74x/F76x, 512 B on F72x;
     * OpenOCD stm32f2x.c OTP bank, CMSIS FLASH_OTP_BASE/END), one lock byte per block right after the data; a block
     * whose lock byte is 0x00 can no longer be programmed.
     */
    boolean isOtpLocked(long offset, int length) {
        int data = Integer.highestOneBit(otp.size());
        int block = data / 16;
        if (offset >= data) {
            return false; // the lock bytes themselves can always be programmed (towards 0x00)
        }
        for (long o = offset; o < offset + length && o < data; o++) {
            if (otp.get(data + (o / block)) == 0x00) {
                return true;
            }
        }
        return false;
    }

    /** Bench read of a word for the boot model: flash via {@code g} with SWP_FB = 0, RAM, system memory; 0 elsewhere. */
    int peekWord(long address, FlashGeometry g) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            long a = address + i;
            int b = 0;
            Optional<BankOffset> bo = g.physicalBankAt(a, false);
            if (bo.isPresent()) {
                b = cells.get((bo.get().bank() - 1) * g.bank(1).size() + bo.get().offset());
            } else {
                b = system.byteAt(a).orElse(0);
            }
            v |= b << (8 * i);
        }
        return v;
    }

    // =============================================================================================== power & reset

    @Override
    protected void settleFlash(long nanos) {
        flash.settle(nanos);
    }

    @Override
    protected long flashNextCompletion() {
        return flash.isBusy() ? flash.busyUntil() : -1;
    }

    @Override
    protected boolean debugPortLocked() {
        return dpLocked;
    }

    @Override
    protected void powerOnSilicon() {
        dbgmcuCr = regs.dbgmcuCr().resetValue(); // DBGMCU_CR is reset by power-on reset only
        apb1Fz = regs.apb1Fz().resetValue();
        apb2Fz = regs.apb2Fz().resetValue();
    }

    @Override
    protected void powerLoss() {
        flash.settle(clock.nanos());
        InterruptedOperation interrupted = flash.interrupt(clock.nanos()).orElse(null);
        faults.powerLost(interrupted);
        powered = false;
    }

    @Override
    protected void resetSystem(boolean powerOn) {
        flash.settle(clock.nanos());
        crcDma.reset();
        if (flash.isBusy() && (sim.systemResetInterruptsFlashOperation() || powerOn)) {
            faults.recordInterruption(flash.interrupt(clock.nanos()).orElseThrow());
        }
        latched = optionArea.load();
        latchedRdpBlocksDebugger = latched.rdpLevel() != RdpLevel.LEVEL_0;
        geometry = descriptor.geometry(flashSizeKiB, latched.bankMode());
        // IWDG_SW = 0: the independent watchdog is started by hardware at every reset (RM0410 FLASH_OPTCR.IWDG_SW)
        iwdgRemaining = latched.iwdgSw() ? -1 : sim.hardwareIwdgTimeoutNanos();
        flash.reset(latched);
        dpLocked = latched.rdpLevel() == RdpLevel.LEVEL_2;
        apb2enr = regs.apb2enr().resetValue();
        memrmp = regs.memrmp().resetValue(); // SWP_FB = 0 (RM0410 SYSCFG_MEMRMP); MEM_BOOT set as the core leaves reset
        system.systemReset();
        clocks.reset();
        usart.reset();
        coreWindows.reset(); // the next fetch opens a flash line
        bootEffectsPending = false;
        if (nrst) {
            core.holdInReset(true);
            return;
        }
        boot();
    }

    @Override
    protected void boot() {
        // BOOT0 is sampled when reset is released; SYSCFG_MEMRMP.MEM_BOOT reports the BOOT_ADDx it selected
        // (RM0410 SYSCFG_MEMRMP; HAL __HAL_SYSCFG_GET_BOOT_MODE)
        memrmp = regs.memrmp().field(Stm32F7Registers.MEM_BOOT).insert(memrmp, boot0 ? 1 : 0);
        lastBoot = BootModel.evaluate(this, latched, geometry, boot0);
        takeReset(lastBoot);
        // dual boot: the ROM bootloader picks the bank, may set SWP_FB and jumps to the image (its code is not ST's)
        bootEffectsPending = lastBoot.swpFbAfterBoot()
                || (lastBoot.dualBoot() && lastBoot.source() == BootReport.Source.FLASH);
        applyBootEffectsIfRunning();
    }

    /**
     * The core's TakeReset (ARMv7-M B1.5.5) from the vector table the boot configuration selected (BOOT_ADDx, read
     * with SWP_FB = 0; VTOR resets to it - the Cortex-M7's INITVTOR is the boot address on STM32F7): SP_main and PC
     * from its first two words. Unusable vectors are not special-cased: the core faults on them and locks up, as
     * silicon does.
     */
    private void takeReset(BootReport r) {
        cpu.takeReset((int) r.coreVectorTable(), r.coreInitialSp(), r.coreResetVector());
        coreWindows.reset(); // the next fetch opens a flash line
    }

    /**
     * Effects of code that runs after reset happen once the core runs: the stand-in ROM bootloader of a dual boot
     * sets SWP_FB when the report says so and starts the image it chose (SP and PC from its vector table).
     */
    private void applyBootEffectsIfRunning() {
        if (bootEffectsPending && !core.isHalted() && !core.isHeldInReset()) {
            bootEffectsPending = false;
            if (lastBoot.swpFbAfterBoot()) {
                setSwpFbAsFirmware(true);
            }
            if (lastBoot.dualBoot() && lastBoot.source() == BootReport.Source.FLASH) {
                cpu.registers().setMsp(lastBoot.imageInitialSp());
                cpu.registers().setPc(lastBoot.imageResetVector() & ~1);
            }
        }
    }

    private void coreOnlyReset() {
        takeReset(BootModel.evaluate(this, latched, geometry, boot0));
    }

    // =============================================================================================== execution

    @Override
    protected long coreClockHz() {
        return clocks.hclkHz();
    }

    /** FLASH_ACR.LATENCY now: the wait states of a flash read (the CRC unit's DMA waits them too). */
    private int flashWaitStates() {
        return latencyField.extract(flash.acr());
    }

    /** The core's windows of plain memory are forgotten: the mapping, a protection or the flash may have changed. */
    private void forgetFastSector() {
        coreWindows.forget();
    }

    /**
     * The core's master port: the same decode as the debugger's bus (flash through the boot mapping and SWP_FB, RAM,
     * peripherals) without the probe's gate, as the core's own accesses (RDP level 1 does not stop them). A fetch
     * that opens a new flash line waits FLASH_ACR.LATENCY cycles (RM0410 §3.3.2; {@link Stm32F7RunParameters}).
     */
    private final class CpuPort extends BoardCorePort {

        CpuPort() {
            super(SimulatedBoard.this);
        }

        /** A fetch from a flash window (AXIM or ITCM) waits FLASH_ACR.LATENCY cycles per new flash line. */
        @Override
        protected int fetchWaits(int address) {
            return geometry.windowOf(address & 0xFFFF_FFFFL).isPresent() ? flashWaitStates() : 0;
        }

        /**
         * The flash sector of bus address {@code a} as the core sees it now: idle (a busy flash stalls the access,
         * the decode's path), through the boot mapping, the geometry and SYSCFG_MEMRMP.SWP_FB, not PCROP-protected.
         * The mapping changes only by a write that is not to RAM (a register, the flash) or a reset: both forget it.
         */
        @Override
        protected boolean flashWindow(long a) {
            if (flash.isBusy()) {
                return false;
            }
            Optional<FlashWindow> w = geometry.windowOf(a);
            if (w.isEmpty()) {
                return false;
            }
            boolean swapped = swpFb();
            Optional<Sector> s = geometry.sectorAt(a, swapped);
            if (s.isEmpty() || isPcropProtected(s.get())) {
                return false;
            }
            AddressRange r = geometry.sectorRange(s.get(), swapped, w.get());
            windowAt(r.start(), r.size(), cells.array(), (int) cellOffset(s.get().bank(), s.get().offset()), false);
            return true;
        }
    }

    // =============================================================================================== time

    /**
     * Moves virtual time to {@code target}, completing flash operations on the way; false when a power loss armed for
     * a time before {@code target} fired (the clock then stands at the loss time). The F7 board's own: its hardware
     * independent watchdog (nWDG_SW = 0) runs on the same clock and resets the part when it expires.
     */
    @Override
    protected boolean advanceTo(long target) {
        while (true) {
            long now = clock.nanos();
            long watchdog = iwdgCounting() ? now + iwdgRemaining : Long.MAX_VALUE;
            if (faults.powerLossTime().isPresent() && faults.powerLossTime().getAsLong() <= target
                    && faults.powerLossTime().getAsLong() <= watchdog) {
                if (!elapseThroughFlash(Math.max(now, faults.powerLossTime().getAsLong()))) {
                    return true;
                }
                powerLoss();
                return false;
            }
            if (watchdog <= target) {
                if (!elapseThroughFlash(watchdog)) {
                    return true;
                }
                flash.settle(watchdog);
                lastResetCause = ResetCause.INDEPENDENT_WATCHDOG;
                resetSystem(false); // restarts the hardware watchdog; keep advancing to the target
                continue;
            }
            if (watchdog != Long.MAX_VALUE) {
                iwdgRemaining -= target - now;
            } else if (iwdgRemaining >= 0 && sim.runningFirmwareRefreshesIwdg() && !core.isHalted()
                    && !core.isLockedUp() && !nrst) {
                iwdgRemaining = sim.hardwareIwdgTimeoutNanos(); // the running firmware refreshes it
            }
            elapseThroughFlash(target);
            return true;
        }
    }

    /**
     * Time passes to {@code t} with the core running ({@link #elapseTo} ends its slices where the flash completes, so
     * the core sees BSY clear when it does); false when {@link #runFirmware}'s stop address was reached first.
     */
    private boolean elapseThroughFlash(long t) {
        boolean reached = elapseTo(t);
        flash.settle(clock.nanos());
        return reached;
    }

    /**
     * The hardware watchdog counts while nobody can refresh it: the core halted without DBG_IWDG_STOP, locked up, or
     * running firmware that is not assumed to refresh it ({@link SimParameters#runningFirmwareRefreshesIwdg()}).
     */
    private boolean iwdgCounting() {
        if (iwdgRemaining < 0 || nrst || !powered) {
            return false;
        }
        if (core.isHalted()) {
            return !regs.apb1Fz().field(Stm32F7Registers.DBG_IWDG_STOP).isSet(apb1Fz);
        }
        return core.isLockedUp() || !sim.runningFirmwareRefreshesIwdg();
    }

    /** Waits for BSY to clear (the AHB stall); false when power was lost during the wait. */
    private boolean stallWhileBusy() {
        flash.settle(clock.nanos());
        if (flash.isBusy()) {
            return advanceTo(flash.busyUntil());
        }
        return true;
    }

    // =============================================================================================== bus

    private BusResult lost() {
        return new BusResult.Disconnected("target lost power during the access (fault injection)");
    }

    @Override
    protected BusResult decodeRead(long address, AccessWidth width) {
        int n = width.bytes();
        BusResult r = SystemBus.refused(address, n, nrst);
        if (r == null) {
            r = system.readRam(address, n); // the fast path: plain SRAM, no register or flash decoding
        }
        if (r != null) {
            return r;
        }
        Optional<FlashWindow> window = geometry.windowOf(address);
        if (window.isPresent()) {
            return readFlash(address, n);
        }
        if (descriptor.otpArea().contains(address)) {
            return SystemBus.within(descriptor.otpArea(), address, n)
                    ? BusResult.ok(le(otp.copy(address - descriptor.otpArea().start(), n)))
                    : SystemBus.crossing(address);
        }
        if (descriptor.optionByteImage().contains(address)) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                long a = address + i;
                int word = optionArea.imageWord(a & ~3L).orElse(OptionArea.ERASED_WORD);
                v |= (long) ((word >>> (8 * (a & 3))) & 0xFF) << (8 * i);
            }
            return BusResult.ok(v);
        }
        Optional<Long> reg = SystemBus.readRegister(address, width, this::registerWordRead);
        if (reg.isPresent()) {
            return BusResult.ok(reg.get());
        }
        return system.readMapped(address, n);
    }

    private BusResult readFlash(long address, int n) {
        if (debuggerFlashBlocked()) {
            return new BusResult.ProtectionFault(address);
        }
        long v = 0;
        Optional<BankOffset> first = geometry.physicalBankAt(address, swpFb());
        for (int i = 0; i < n; i++) {
            // the bytes of one access lie in one bank unless the access crosses its end: look up only then
            Optional<BankOffset> bo = first.isPresent()
                    && first.get().offset() + i < geometry.bank(first.get().bank()).size()
                            ? Optional.of(new BankOffset(first.get().bank(), first.get().offset() + i))
                            : geometry.physicalBankAt(address + i, swpFb());
            if (bo.isEmpty()) {
                return SystemBus.crossing(address);
            }
            Sector s = geometry.bank(bo.get().bank()).sectorAtOffset(bo.get().offset());
            if (isPcropProtected(s)) {
                flash.pcropReadError();
                if (f7Sim.pcropReadBusFault()) {
                    return new BusResult.Fault(address, "read of PCROP (execute-only) " + s + ": RDERR");
                }
                continue; // read data zero
            }
            long cell = cellOffset(bo.get().bank(), bo.get().offset());
            if (flash.isBusy() && (geometry.mode() == BankMode.SINGLE || flash.busyOn(cell)) && !stallWhileBusy()) {
                return lost();
            }
            v |= (long) cells.get(cell) << (8 * i);
        }
        return BusResult.ok(v);
    }

    @Override
    protected BusResult decodeWrite(long address, AccessWidth width, long value) {
        int n = width.bytes();
        BusResult r = SystemBus.refused(address, n, nrst);
        if (r == null) {
            r = system.writeRam(address, n, value); // fast path, see decodeRead()
        }
        if (r != null) {
            return r;
        }
        forgetFastSector(); // a register or flash write may change the mapping or start a flash operation
        Optional<FlashWindow> window = geometry.windowOf(address);
        if (window.isPresent() || descriptor.otpArea().contains(address)) {
            if (window.isPresent() && debuggerFlashBlocked()) {
                return new BusResult.ProtectionFault(address);
            }
            if (!stallWhileBusy()) {
                return lost(); // a flash write while BSY stalls the bus until the running operation ends (RM0090 note)
            }
            BankOffset target = window.isPresent() ? geometry.physicalBankAt(address, swpFb()).orElseThrow() : null;
            if (target == null && !SystemBus.within(descriptor.otpArea(), address, n)) {
                return SystemBus.crossing(address);
            }
            return flash.write(address, width, value, target);
        }
        if (descriptor.optionByteImage().contains(address)) {
            return new BusResult.Fault(address, "option-byte image is read-only (program options through FLASH_OPTCR)");
        }
        Optional<BusResult> reg = registerWrite(address, width, value);
        if (reg.isPresent()) {
            return reg.get();
        }
        return system.unmappedWrite(address);
    }

    private static long le(byte[] b) {
        long v = 0;
        for (int i = 0; i < b.length; i++) {
            v |= (long) (b[i] & 0xFF) << (8 * i);
        }
        return v;
    }

    // ---- registers

    private Optional<Integer> registerWordRead(long a) {
        RegisterBlock fb = regs.flash();
        if (inBlock(fb, a)) {
            return Optional.of(flash.readRegister(a - fb.base()));
        }
        if (inBlock(regs.syscfg(), a)) {
            if (!syscfgClocked()) {
                return Optional.of(0); // unclocked peripheral reads as zero
            }
            return Optional.of(a == regs.memrmp().address() ? memrmp : system.plain(a));
        }
        if (a == regs.apb2enr().address()) {
            return Optional.of(apb2enr);
        }
        if (ClockControl.handles(a, regs.apb2enr().address())) {
            return Optional.of(clocks.read(a));
        }
        if (inBlock(Stm32F7SystemRegisters.consoleUsart(), a)) {
            return Optional.of(usart.read(a));
        }
        if (inBlock(regs.dbgmcu(), a)) {
            if (a == regs.idcode().address()) {
                return Optional.of(new dev.flashbank.core.device.DeviceId(line.devId(), revId).idcode());
            }
            if (a == regs.dbgmcuCr().address()) {
                return Optional.of(dbgmcuCr);
            }
            if (a == regs.apb1Fz().address()) {
                return Optional.of(apb1Fz);
            }
            if (a == regs.apb2Fz().address()) {
                return Optional.of(apb2Fz);
            }
            return Optional.of(0);
        }
        if (SystemBus.isPrivatePeripheralBus(a)) {
            return Optional.of(core.handles(a) ? core.read(a) : system.plain(a));
        }
        if (CrcDmaUnit.handles(a)) {
            return Optional.of(crcDma.read(a));
        }
        if (SystemBus.isPeripheral(a)) {
            return Optional.of(system.plain(a));
        }
        return Optional.empty();
    }

    private Optional<BusResult> registerWrite(long address, AccessWidth width, long value) {
        SystemBus.WordWrite w = SystemBus.WordWrite.of(address, width, value);
        long a = w.address();
        RegisterBlock fb = regs.flash();
        if (inBlock(fb, a)) {
            long offset = a - fb.base();
            boolean statusWrite = offset == regs.sr().offset();
            if (!statusWrite && descriptor.stm32F7Parameters().writeWhileBusyStallsBus() && !stallWhileBusy()) {
                return Optional.of(lost()); // writes to FLASH registers while BSY stall the AHB (RM0090)
            }
            return Optional.of(flash.writeRegister(address, offset, w.value(), w.mask()));
        }
        if (inBlock(regs.syscfg(), a)) {
            if (syscfgClocked()) {
                if (a == regs.memrmp().address()) {
                    Register r = regs.memrmp();
                    int writable = r.definedBits() & ~r.field(Stm32F7Registers.MEM_BOOT).mask();
                    memrmp = (memrmp & ~writable) | (w.merge(memrmp) & writable);
                } else {
                    system.storePlain(w);
                }
            }
            return Optional.of(BusResult.ok());
        }
        if (a == regs.apb2enr().address()) {
            apb2enr = w.merge(apb2enr);
            return Optional.of(BusResult.ok());
        }
        if (ClockControl.handles(a, regs.apb2enr().address())) {
            clocks.write(a, w.merge(() -> clocks.read(a)));
            return Optional.of(BusResult.ok());
        }
        if (inBlock(Stm32F7SystemRegisters.consoleUsart(), a)) {
            usart.write(a, w.merge(() -> usart.read(a)));
            return Optional.of(BusResult.ok());
        }
        if (inBlock(regs.dbgmcu(), a)) {
            if (a == regs.dbgmcuCr().address()) {
                dbgmcuCr = w.merge(dbgmcuCr) & regs.dbgmcuCr().definedBits();
            } else if (a == regs.apb1Fz().address()) {
                apb1Fz = w.merge(apb1Fz) & regs.apb1Fz().definedBits();
            } else if (a == regs.apb2Fz().address()) {
                apb2Fz = w.merge(apb2Fz);
            }
            return Optional.of(BusResult.ok());
        }
        if (SystemBus.isPrivatePeripheralBus(a)) {
            if (core.handles(a)) {
                boolean wasHalted = core.isHalted();
                CoreDebug.Action action = core.write(a, w.merge(() -> core.read(a)));
                switch (action) {
                    case SYSTEM_RESET -> systemReset(ResetCause.SOFTWARE);
                    case CORE_RESET -> coreOnlyReset();
                    case NONE -> {
                        if (wasHalted && !core.isHalted()) {
                            applyBootEffectsIfRunning();
                        }
                    }
                }
            } else {
                system.storePlain(w);
            }
            return Optional.of(BusResult.ok());
        }
        if (CrcDmaUnit.handles(a)) {
            crcDma.write(a, w.merge(() -> crcDma.read(a)));
            return Optional.of(BusResult.ok());
        }
        if (SystemBus.isPeripheral(a)) {
            system.storePlain(w);
            return Optional.of(BusResult.ok());
        }
        return Optional.empty();
    }

    private boolean syscfgClocked() {
        return regs.apb2enr().field(Stm32F7Registers.SYSCFGEN).isSet(apb2enr);
    }

    private static boolean inBlock(RegisterBlock b, long a) {
        return SystemBus.inBlock(b.base(), a);
    }

    // =============================================================================================== debug port

    @Override
    protected int dpIdcode(WireProtocol protocol) {
        return protocol == WireProtocol.SWD ? CortexM.DP_IDCODE_SWD_CORTEX_M7 : CortexM.DP_IDCODE_JTAG_CORTEX_M7;
    }

    @Override
    protected int boundaryScanIdcode() {
        return line.boundaryScanIdcode();
    }

    @Override
    protected DebugTopology debugTopology(DebugBus bus) {
        return DebugTopology.cortexM7(bus);
    }
}
