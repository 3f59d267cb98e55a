package dev.flashbank.family.pageflash.sim;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.DeviceId;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.MemoryRegion;
import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.Parallelism;
import dev.flashbank.core.device.ParameterStatus;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.family.pageflash.PageFlashGeometry;
import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashLine.Series;
import dev.flashbank.family.pageflash.PageFlashOptionImage;
import dev.flashbank.family.pageflash.PageFlashParameters;
import dev.flashbank.family.pageflash.PageFlashRegisters;
import dev.flashbank.family.pageflash.PageFlashSystemRegisters;
import dev.flashbank.family.pageflash.PageFlashTimings;
import dev.flashbank.sim.PoweredBoard;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.ConsoleUsart;
import dev.flashbank.sim.CoreDebug;
import dev.flashbank.sim.InterruptedOperation;
import dev.flashbank.sim.ResetCause;
import dev.flashbank.sim.SimParameters;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.DebugTopology;
import dev.flashbank.sim.bus.SystemBus;
import dev.flashbank.sim.bus.WireProtocol;
import dev.flashbank.sim.cpu.CoreProfile;
import dev.flashbank.sim.cpu.CortexMCore;
import dev.flashbank.sim.BoardCorePort;

/**
 * A simulated board with a page-flash STM32 (G47x/G48x RM0440, L47x/L48x RM0351, G0B1/G0C1 RM0444) at bus level, at
 * the fidelity of the F7 and H7 boards: the die's two PHYSICAL flash arrays of ECC double words
 * ({@link DoubleWordArray}) laid out by the bank mode latched at the last option-byte load ({@link CellMap}), the
 * FLASH register block ({@link PageFlashController}) with the option bytes stored as value/complement pairs
 * ({@link OptionStore}), SYSCFG MEM_MODE and FB_MODE (L4/G4), the boot decision including the ROM bootloader's
 * dual-bank boot (BFB2) and the G0 empty check, nSWAP_BANK (G0B1), RDP, DBGMCU/DBG with IDCODE at the line's address,
 * the flash-size register, UID, package register, OTP, Cortex-M debug ({@link CoreDebug}) and RAMs. Every address, bit
 * and layout comes from the page-flash model ({@link PageFlashLine}, {@link PageFlashRegisters},
 * {@link PageFlashSystemRegisters}, {@link PageFlashGeometry}); its UNCONFIRMED behaviour is
 * {@link PageFlashSimParameters}. Build one with {@link PageFlashSimulatedFamily}.
 * <p>
 * The core executes ({@link CortexMCore}: Cortex-M4 with FPv4-SP on L4/G4, Cortex-M0+ on G0) on the board's virtual
 * clock: it takes its reset from the vectors the boot decision selects (VTOR = 0, where MEM_MODE aliases the booted
 * memory), the ROM bootloader's dual-bank boot (BFB2) jumps to the chosen bank's image once the core runs, its
 * accesses see the bank mapping of the CPU (nSWAP_BANK, FB_MODE) and are not blocked by RDP level 1, instruction fetches
 * that open a new flash double word wait FLASH_ACR.LATENCY cycles, RCC/PWR give the core clock
 * ({@link PageFlashClockControl}), the NUCLEO board's virtual COM port U(S)ART writes the board's console
 * ({@link ConsoleUsart}) and SYSRESETREQ resets the part. GPIO, SYSCFG's other registers and the clock enables are plain
 * storage.
 * <p>
 * Option-byte load (OBL: power-on, OBL_LAUNCH) copies the stored options into force and re-latches the bank mode;
 * OBL_LAUNCH then resets the system - the access that set it is answered with a bus error, as ST-Links report it, and
 * the core restarts by the boot rules. A plain system reset (SYSRESETREQ, NRST) keeps the options in force.
 * <p>
 * Thread safety: every public method and bus access is synchronized on the board.
 */
public final class PageFlashBoard extends PoweredBoard {

    /** Family id recorded in state files. */
    static final String FAMILY_ID = "pageflash";

    /** Index of the OTP among the controller's arrays (the flash arrays are 1 and 2). */
    static final int OTP_ARRAY = 0;

    /** Size of the engineering-byte area from the package register (RM0444 Table 9). */
    private static final int ENGINEERING_BYTES = 0x300;

    private static byte[] erasedBytes(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    /** State-file sections: ECC state per double word of each array. */
    static final String ECC_SECTION = "ecc.bank";

    private final PageFlashLine line;
    private final PageFlashRegisters regs;
    private final DeviceDescriptor descriptor;
    private final int flashSizeKiB;
    private final PageFlashSimParameters params;
    private final PageFlashParameters model;
    private final SimParameters sim;
    private final FlashTimings timings;
    private final FlashTimings.Bound timingBound;
    private final int revId;
    private final DoubleWordArray[] arrays;
    /** The OTP area: write-once double words, never erased (RM0444 §3.3.8); array 0 for the controller. */
    private final DoubleWordArray otp = new DoubleWordArray(PageFlashLine.OTP_SIZE);
    private final PageFlashController flash;
    private final PageFlashBootModel bootModel;
    private final long systemStart;
    /** RCC and PWR as start-up code sees them: the core clock follows the firmware's clock configuration. */
    private final PageFlashClockControl clocks;
    /** The NUCLEO board's virtual COM port U(S)ART: the board's console. */
    private final ConsoleUsart usart;
    private final long usartBase;
    /** The core's access is an instruction fetch: PCROP areas are execute-only, they fault data reads only. */
    private boolean instructionFetch;
    /** The ROM bootloader's jump to the bank it chose (BFB2) is still to happen: the core has not run yet. */
    private boolean bootJumpPending;
    /** FLASH_ACR.LATENCY, looked up once: every fetch that opens a flash double word asks for them. */
    private final dev.flashbank.core.device.Field latency;
    private boolean dpLocked;
    private CellMap map;
    private boolean fbMode;
    private int memMode;
    private int dbgCr;
    private int dbgFreeze;

    PageFlashBoard(String partName, PageFlashLine line, DeviceDescriptor descriptor, int flashSizeKiB, boolean boot0,
            int voltageMillivolts, long seed, byte[] uniqueId, String serial, int revId, FlashTimings timings,
            FlashTimings.Bound bound, SimParameters sim, PageFlashParameters model, PageFlashSimParameters params,
            Map<String, Integer> options) {
        super(partName, seed, uniqueId, serial);
        this.line = line;
        this.regs = PageFlashRegisters.of(line);
        this.descriptor = descriptor;
        this.flashSizeKiB = flashSizeKiB;
        this.params = params;
        this.model = model;
        this.sim = sim;
        this.timings = timings;
        this.timingBound = bound;
        this.revId = revId;
        this.boot0 = boot0;
        this.voltageMillivolts = voltageMillivolts;
        int n = PageFlashGeometry.bankModes(line, flashSizeKiB).contains(BankMode.DUAL) ? 2 : 1;
        this.arrays = new DoubleWordArray[n + 1];
        for (int a = 1; a <= n; a++) {
            arrays[a] = new DoubleWordArray(flashSizeKiB * 1024 / n);
        }
        arrays[OTP_ARRAY] = otp;
        List<MemoryRegion> memory = descriptor.memoryRegions(flashSizeKiB);
        MemoryRegion sram = memory.stream().filter(r -> r.kind() == MemoryRegion.Kind.RAM)
                .filter(r -> r.range().start() >= 0x2000_0000L).min((a, b) -> Long.compare(a.range().start(),
                        b.range().start()))
                .orElseThrow(() -> new IllegalStateException(line + ": no SRAM in the model"));
        MemoryRegion systemMemory = memory.stream().filter(r -> r.kind() == MemoryRegion.Kind.SYSTEM_MEMORY)
                .findFirst().orElseThrow(() -> new IllegalStateException(line + ": no system memory in the model"));
        this.system = new SystemBus(memory)
                .mapReadOnly(PageFlashLine.UNIQUE_ID, this.uniqueId)
                .mapReadOnly(PageFlashLine.FLASH_SIZE_REGISTER, new byte[] { (byte) flashSizeKiB,
                        (byte) (flashSizeKiB >>> 8) })
                .mapReadOnly(PageFlashLine.PACKAGE_REGISTER, new byte[] { 0, 0 })
                // the rest of the engineering bytes around them (RM0444 Table 9: 0x1FFF_7500-0x1FFF_77FF) reads
                // as erased, so word reads of the 16-bit registers do not fault
                .mapReadOnly(PageFlashLine.PACKAGE_REGISTER, erasedBytes(ENGINEERING_BYTES))
                .mapReadOnly(systemMemory.range().start(), SystemBus.syntheticSystemMemory(
                        (int) systemMemory.range().size(), systemMemory.range().start(), sram.range().end() + 1));
        this.systemStart = systemMemory.range().start();
        this.bootModel = new PageFlashBootModel(regs, system, sram.range().start(), systemStart, model, params,
                a -> arrays[a]);
        PageFlashSystemRegisters sysRegs = PageFlashSystemRegisters.of(line);
        this.clocks = new PageFlashClockControl(sysRegs, sysRegs.nucleoHseHz());
        this.usart = new ConsoleUsart(sysRegs.consoleUsart(), console);
        this.usartBase = sysRegs.consoleUsart().base();
        this.latency = regs.acr().field(LATENCY);
        CoreProfile profile = PageFlashDebugPort.coreProfile(line);
        coreWindows.fetchLines(PageFlashLine.DOUBLE_WORD);
        this.cpu = new CortexMCore(profile, new CpuPort(), CortexMCore.Parameters.stm32(profile,
                PageFlashDebugPort.interruptLines(line)).withCpuid(PageFlashDebugPort.cpuid(line)));
        this.core = new CoreDebug(cpu);
        this.flash = new PageFlashController(this, regs, params, options);
        flash.markVirgin();
        powerOnReset();
    }

    // =============================================================================================== BenchBoard

    @Override
    public PageFlashSimulatedFamily family() {
        return PageFlashSimulatedFamily.INSTANCE;
    }

    @Override
    public DeviceDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public int flashSizeKiB() {
        return flashSizeKiB;
    }

    @Override
    public synchronized FlashGeometry geometry() {
        return map.geometry();
    }

    @Override
    public List<ModelParameter<?>> assumptions() {
        List<ModelParameter<?>> l = new ArrayList<>(descriptor.parameters());
        l.add(new ModelParameter<>("sim.timingBound", timingBound, ParameterStatus.UNCONFIRMED, timings.source()));
        l.addAll(params.asList());
        l.addAll(PageFlashDebugPort.assumptions(line));
        l.addAll(sim.asList());
        return List.copyOf(l);
    }

    /** What the next power-on would start: the stored options loaded, the arrays as they are. */
    @Override
    public synchronized BootReport predictBoot() {
        Map<String, Integer> stored = flash.store().load(r -> 0xFFFF_FFFF).values();
        BankMode mode = PageFlashGeometry.bankMode(line, flashSizeKiB, stored.get(OPTR));
        CellMap next = cellMap(mode);
        boolean swap = g0Swap(next, stored.get(OPTR));
        return bootModel.evaluate(stored, next, swap, emptyCheck(next, swap), boot0).report();
    }

    @Override
    public int physicalArrays() {
        return arrays.length - 1;
    }

    @Override
    public synchronized byte[] readCells(int physicalArray, long offset, int length) {
        if (physicalArray < 1 || physicalArray > physicalArrays() || offset < 0
                || offset + length > arrays[physicalArray].size()) {
            throw new IndexOutOfBoundsException("array " + physicalArray + " offset " + offset + " length " + length);
        }
        return arrays[physicalArray].copy(offset, length);
    }

    @Override
    public synchronized Map<String, Object> optionStateSummary() {
        Map<String, Object> o = new LinkedHashMap<>();
        int optr = flash.loaded(OPTR);
        o.put("bankMode", map.dual() ? "dual" : "single");
        o.put("rdp", String.format("0x%02X (level %d)", regs.optr().field(RDP).extract(optr), flash.rdpLevel()));
        o.put("optr", String.format("0x%08X", optr));
        if (regs.optr().hasField(BFB2)) {
            o.put("bfb2", regs.optr().field(BFB2).extract(optr));
        }
        if (regs.optr().hasField(NSWAP_BANK)) {
            o.put("nSwapBank", regs.optr().field(NSWAP_BANK).extract(optr));
        }
        o.put("banksSwapped", swapped() ? 1 : 0);
        o.put("optverr", flash.optverr() ? 1 : 0);
        for (Map.Entry<String, Integer> e : flash.loadedOptions().entrySet()) {
            if (!e.getKey().equals(OPTR)) {
                o.put(e.getKey().toLowerCase(java.util.Locale.ROOT), String.format("0x%08X", e.getValue()));
            }
        }
        return o;
    }

    /**
     * The non-volatile state: cells per physical array, the stored option bytes as value/complement pairs in
     * {@link PageFlashRegisters#optionRegisters()} order, the 1 KiB OTP and the ECC state of every double word
     * ({@code ecc.bank1}, {@code ecc.bank2}: one byte per double word).
     */
    @Override
    public synchronized BoardSnapshot snapshot() {
        List<byte[]> cells = new ArrayList<>();
        Map<String, byte[]> ecc = new LinkedHashMap<>();
        for (int a = 1; a <= physicalArrays(); a++) {
            cells.add(arrays[a].cellsCopy());
            ecc.put(ECC_SECTION + a, arrays[a].eccCopy());
        }
        return new BoardSnapshot(partName, flashSizeKiB, cells, otp.cellsCopy(), flash.store().words(), boot0,
                voltageMillivolts,
                uniqueId, serial, FAMILY_ID, ecc);
    }

    /** Restores non-volatile contents (sizes checked by the family) and power-on resets. */
    synchronized void restoreContents(BoardSnapshot s) {
        for (int a = 1; a <= physicalArrays(); a++) {
            arrays[a].restore(s.flashBank(a), s.familySection(ECC_SECTION + a).orElseThrow());
        }
        flash.store().restore(s.optionWords());
        byte[] o = s.otp();
        if (o.length != otp.size()) {
            throw new IllegalArgumentException("OTP: " + otp.size() + " bytes expected, the state has " + o.length);
        }
        // a programmed OTP double word is known by its cells: one 0 bit and it can never be written again
        byte[] states = new byte[o.length / DoubleWordArray.DOUBLE_WORD];
        for (int i = 0; i < o.length; i++) {
            if (o[i] != (byte) 0xFF) {
                states[i / DoubleWordArray.DOUBLE_WORD] = (byte) DoubleWordArray.State.PROGRAMMED.ordinal();
            }
        }
        otp.restore(o, states);
        powerOnReset();
    }

    /** The option registers loaded at the last OBL, as the line's option image (bench view, any RDP level). */
    @Override
    public synchronized Optional<dev.flashbank.core.family.OptionImage> optionImageInForce() {
        return Optional.of(new PageFlashOptionImage(line, flashSizeKiB, flash.loadedOptions()));
    }

    /** The option bytes stored (in force after the next OBL); a value/complement mismatch shows its value half. */
    @Override
    public synchronized Optional<dev.flashbank.core.family.OptionImage> storedOptionImage() {
        return Optional.of(new PageFlashOptionImage(line, flashSizeKiB, flash.store().storedValues()));
    }

    // =============================================================================================== bench view

    public PageFlashLine line() {
        return line;
    }

    /** The option registers in force (loaded at the last OBL), by register name. */
    public synchronized Map<String, Integer> optionsInForce() {
        return flash.loadedOptions();
    }

    /** The option registers stored in the information block (in force after the next OBL), by register name. */
    public synchronized Map<String, Integer> storedOptions() {
        return flash.store().storedValues();
    }

    /**
     * True when the last option-byte load found a value/complement mismatch (it set SR.OPTVERR; clearing the flag
     * does not make the loaded mismatch values valid - the next complete option change and load does).
     */
    public synchronized boolean optionValidityError() {
        return flash.mismatchAtLoad();
    }

    /** The banks are swapped now: FB_MODE = 1 (L4/G4) or nSWAP_BANK = 0 loaded (G0B1), in dual-bank mode. */
    public synchronized boolean swapped() {
        return map.dual() && (line.series().hasFbMode() ? fbMode : g0Swap(map, flash.loaded(OPTR)));
    }

    /** SYSCFG_MEMRMP.FB_MODE now (false on G0, which has none). */
    public synchronized boolean fbMode() {
        return fbMode;
    }

    /** SYSCFG MEM_MODE now: what is aliased at address 0. */
    public synchronized int memMode() {
        return memMode;
    }

    /** ECC state of the double word at {@code offset} of a physical array (bench view for tests). */
    public synchronized DoubleWordArray.State eccState(int physicalArray, long offset) {
        return arrays[physicalArray].state(offset);
    }

    /** The device model's assumptions this board obeys. */
    public PageFlashParameters model() {
        return model;
    }

    /** The parameters this board simulates with. */
    public PageFlashSimParameters simParameters() {
        return params;
    }

    // =============================================================================================== package API

    DoubleWordArray array(int physical) {
        return arrays[physical];
    }

    CellMap map() {
        return map;
    }

    /** One double word programmed (the line's timing table, x64 column). */
    long programNanos() {
        return timings.programUnitMicros(Parallelism.X64, timingBound) * 1000;
    }

    /** One fast-programming row. */
    long fastRowNanos() {
        return timings.micros(PageFlashTimings.fastRowKey(timingBound)) * 1000;
    }

    /** One page of {@code pageSize} bytes erased. */
    long pageEraseNanos(int pageSize) {
        return timings.sectorEraseMicros(pageSize, Parallelism.X64, timingBound) * 1000;
    }

    /** A bank / mass erase of {@code bytes} (MER1/MER2, or an RDP regression's erase). */
    long bankEraseNanos(long bytes) {
        return timings.bankEraseMicros(bytes, Parallelism.X64, timingBound) * 1000;
    }

    /** The option change itself (OPTSTRT until BSY = 0, without a regression erase). */
    long optionNanos() {
        return timings.optionProgramMicros(timingBound) * 1000;
    }

    long now() {
        return clock.nanos();
    }

    /** RDP level 1 or 2 in force: the debugger may not read, program or erase the main flash (RM0440 §3.5.1). */
    boolean rdpBlocksDebugger() {
        return flash.rdpLevel() != 0 && !cpuAccess;
    }

    /** Lets virtual time run to {@code t} (an AHB stall); false when power was lost on the way. */
    boolean stallUntil(long t) {
        return t <= clock.nanos() || advanceTo(t);
    }

    BusResult lost() {
        return new BusResult.Disconnected("target lost power during the access (fault injection)");
    }

    /**
     * OBL_LAUNCH: the option bytes are loaded and the system resets under the access that set the bit - it is answered
     * with a bus error (ST-Link reports SWD_DP_ERROR for it; OpenOCD ignores it).
     */
    BusResult optionByteLoadAndReset(long address) {
        optionByteLoad();
        oblJustRan = true;
        systemReset(ResetCause.SOFTWARE);
        return new BusResult.Fault(address, "OBL_LAUNCH: the part reset to load its option bytes under this access");
    }

    // =============================================================================================== power & reset

    private CellMap cellMap(BankMode mode) {
        FlashGeometry g = PageFlashGeometry.of(line, flashSizeKiB, mode);
        // single-bank mode reads 128 bits on the lines whose ECCR has the second ECC pair for it (G47x, L4+)
        return new CellMap(g, physicalArrays(), arrays[1].size(), line.secondEccPair());
    }

    /** G0B1: nSWAP_BANK = 0 in dual-bank mode swaps the banks (RM0444 §3.3.2). */
    private boolean g0Swap(CellMap m, int optr) {
        return line.series() == Series.G0 && m.dual() && regs.optr().hasField(NSWAP_BANK)
                && !regs.optr().field(NSWAP_BANK).isSet(optr);
    }

    /** The option-byte load: options into force, bank mode re-latched, G0 empty check. */
    private void optionByteLoad() {
        coreWindows.forget(); // what a flash address reads for the core may change
        BankMode before = map == null ? null : map.geometry().mode();
        flash.optionByteLoad();
        BankMode mode = PageFlashGeometry.bankMode(line, flashSizeKiB, flash.loaded(OPTR));
        map = cellMap(mode);
        if (before != null && before != mode && !params.bankModeChangeReinterprets()) {
            for (int a = 1; a <= physicalArrays(); a++) {
                for (long o = 0; o < arrays[a].size(); o += DoubleWordArray.DOUBLE_WORD) {
                    if (arrays[a].state(o) != DoubleWordArray.State.ERASED) {
                        arrays[a].markTorn(o);
                    }
                }
            }
        }
    }

    /** G0 empty check at OBL: 0x0800_0000 reads erased (RM0444 §3.3.9 / ACR.PROGEMPTY). */
    private boolean emptyCheck(CellMap m, boolean swap) {
        Optional<CellMap.Span> s = m.locate(0, swap);
        if (s.isEmpty()) {
            return true;
        }
        for (int i = 0; i < 4; i++) {
            if (arrays[s.get().array()].get(s.get().offset() + i) != 0xFF) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void settleFlash(long nanos) {
        flash.settle(nanos);
    }

    @Override
    protected long flashNextCompletion() {
        return flash.busyUntil();
    }

    // ------------------------------------------------------------------------------------------ execution

    @Override
    protected long coreClockHz() {
        return clocks.hclkHz();
    }

    @Override
    protected boolean debugPortLocked() {
        return dpLocked;
    }

    @Override
    protected void powerOnSilicon() {
        dbgCr = 0;
        dbgFreeze = 0;
        optionByteLoad();
    }

    @Override
    protected void powerLoss() {
        if (!powered) {
            return; // already cut: by the core's own stall inside the slice that time was passing in
        }
        coreWindows.forget(); // what a flash address reads for the core may change
        flash.settle(clock.nanos());
        InterruptedOperation interrupted = flash.interrupt(clock.nanos()).orElse(null);
        faults.powerLost(interrupted);
        powered = false;
    }

    @Override
    protected void resetSystem(boolean powerOn) {
        flash.settle(clock.nanos());
        if (flash.busy() && (sim.systemResetInterruptsFlashOperation() || powerOn)) {
            flash.interrupt(clock.nanos()).ifPresent(faults::recordInterruption);
        }
        boolean empty = flash.programEmpty();
        flash.reset();
        if (line.series() == Series.G0) {
            // PROGEMPTY is set by the OBL's empty check and survives other resets (HAL_FLASHEx_FlashEmptyCheck)
            flash.setProgramEmpty(powerOn || oblJustRan ? emptyCheck(map, g0Swap(map, flash.loaded(OPTR))) : empty);
        }
        oblJustRan = false;
        dpLocked = flash.rdpLevel() == 2; // level 2 disables the debug port from the reset that latches it
        system.systemReset();
        coreWindows.forget(); // what a flash address reads for the core may change
        clocks.reset();
        usart.reset();
        coreWindows.reset(); // the next fetch opens a flash double word
        bootJumpPending = false;
        fbMode = false;
        memMode = MEM_MODE_MAIN_FLASH;
        if (nrst) {
            core.holdInReset(true);
            return;
        }
        boot();
    }

    private boolean oblJustRan;

    @Override
    protected void boot() {
        PageFlashBootModel.Boot b = bootModel.evaluate(flash.loadedOptions(), map,
                line.series() == Series.G0 && swapped(), flash.programEmpty(), boot0);
        lastBoot = b.report();
        fbMode = b.fbMode();
        memMode = b.memMode();
        core.leaveReset(lastBoot.coreInitialSp(), lastBoot.coreResetVector(),
                lastBoot.source() != BootReport.Source.LOCKUP);
        coreWindows.reset(); // the next fetch opens a flash double word
        bootJumpPending = lastBoot.dualBoot() && lastBoot.source() == BootReport.Source.FLASH;
        bootJumpIfRunning();
    }

    /**
     * BFB2: the ROM bootloader (its code is not ST's: system memory is a stand-in) has chosen a bank and, once the core
     * runs, jumps to its image - SP_main and PC from the image's vector table, system memory still aliased at 0, VTOR
     * left to the application (RM0351 §2.6, AN2606). A core caught at its reset vector jumps when the debugger lets it
     * run.
     */
    private void bootJumpIfRunning() {
        if (bootJumpPending && !core.isHalted() && !core.isHeldInReset()) {
            bootJumpPending = false;
            cpu.registers().setMsp(lastBoot.imageInitialSp());
            cpu.registers().setPc(lastBoot.imageResetVector() & ~1);
        }
    }

    // =============================================================================================== time

    // =============================================================================================== bus

    /** Window offset of a flash address: the main window, or the alias at 0 while MEM_MODE selects main flash. */
    private long flashOffset(long address) {
        if (address >= PageFlashLine.MAIN_FLASH && address < PageFlashLine.MAIN_FLASH + map.windowSpan()) {
            return address - PageFlashLine.MAIN_FLASH;
        }
        if (memMode == MEM_MODE_MAIN_FLASH && address < map.windowSpan()) {
            return address;
        }
        return -1;
    }

    /** System memory aliased at 0 (MEM_MODE = system flash, e.g. after a BFB2 boot). */
    private long systemAlias(long address) {
        return memMode == MEM_MODE_SYSTEM_FLASH && address < 0x1_0000 ? systemStart + address : -1;
    }

    /** The mapping an access sees: the CPU's always, a debugger's by the model parameter debugSeesSwap. */
    private boolean busSwap() {
        return swapped() && (cpuAccess || model.debugSeesSwap());
    }

    private BusResult flashAccessCheck(long address, long offset, int n) {
        long end = offset + n - 1;
        Optional<CellMap.Span> a = map.locate(offset, busSwap());
        Optional<CellMap.Span> b = map.locate(end, busSwap());
        if (a.isEmpty() || b.isEmpty()) {
            return new BusResult.Fault(address, "no flash here (the gap between bank 1 and bank 2 of a trimmed part)");
        }
        if (a.get().array() != b.get().array() || b.get().offset() != a.get().offset() + n - 1) {
            return SystemBus.crossing(address);
        }
        if (rdpBlocksDebugger()) {
            return new BusResult.ProtectionFault(address);
        }
        return null;
    }

    @Override
    protected BusResult decodeRead(long address, AccessWidth width) {
        int n = width.bytes();
        BusResult r = SystemBus.refused(address, n, nrst);
        if (r == null) {
            r = system.readRam(address, n);
        }
        if (r != null) {
            return r;
        }
        long offset = flashOffset(address);
        if (offset >= 0) {
            BusResult check = flashAccessCheck(address, offset, n);
            if (check != null) {
                return check;
            }
            return readFlash(address, offset, n);
        }
        long sys = systemAlias(address);
        if (sys >= 0) {
            return system.readMapped(sys, n);
        }
        if (address >= PageFlashLine.OTP_START && address + n <= PageFlashLine.OTP_START + otp.size()) {
            if (rdpBlocksDebugger()) {
                return new BusResult.ProtectionFault(address); // OTP not readable at level 1 from the debugger
            }
            long v = 0;
            for (int i = 0; i < n; i++) {
                v |= (long) otp.get(address - PageFlashLine.OTP_START + i) << (8 * i);
            }
            return BusResult.ok(v);
        }
        Optional<Long> reg = SystemBus.readRegister(address, width, this::registerWordRead);
        if (reg.isPresent()) {
            return BusResult.ok(reg.get());
        }
        return system.readMapped(address, n);
    }

    private BusResult readFlash(long address, long offset, int n) {
        CellMap.Span s = map.locate(offset, busSwap()).orElseThrow();
        long[] bo = map.bankOffset(offset, busSwap()).orElseThrow();
        int bank = (int) bo[0];
        if (flash.busyOn(s.array()) && !stallUntil(flash.busyUntil())) {
            return lost(); // a read of the flash under operation stalls until BSY clears (RM convention)
        }
        if (!instructionFetch && flash.pcrop(bank, bo[1], n)) {
            flash.readError();
            return new BusResult.Fault(address, "data read of a PCROP (execute-only) area: RDERR");
        }
        if (flash.secureHidden(bank, bo[1], n)) {
            return new BusResult.Fault(address, "read of the securable area while SEC_PROT is set");
        }
        DoubleWordArray a = arrays[s.array()];
        if (a.state(s.offset()) == DoubleWordArray.State.TORN) {
            flash.eccError(s.array(), bo[1]);
            if (params.eccErrorFaultsDebugRead()) {
                return new BusResult.Fault(address, String.format("uncorrectable ECC error in the double word at"
                        + " 0x%08X: ECCD", address & ~7L));
            }
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) a.get(s.offset() + i) << (8 * i);
        }
        return BusResult.ok(v);
    }

    @Override
    protected BusResult decodeWrite(long address, AccessWidth width, long value) {
        int n = width.bytes();
        BusResult r = SystemBus.refused(address, n, nrst);
        if (r == null) {
            r = system.writeRam(address, n, value);
        }
        if (r != null) {
            return r;
        }
        coreWindows.forget(); // what a flash address reads for the core may change
        long offset = flashOffset(address);
        if (offset >= 0) {
            BusResult check = flashAccessCheck(address, offset, n);
            if (check != null) {
                return check;
            }
            CellMap.Span s = map.locate(offset, busSwap()).orElseThrow();
            long[] bo = map.bankOffset(offset, busSwap()).orElseThrow();
            return flash.writeFlash(address, (int) bo[0], bo[1], s, n, value);
        }
        if (address >= PageFlashLine.OTP_START && address + n <= PageFlashLine.OTP_START + otp.size()) {
            if (rdpBlocksDebugger()) {
                return new BusResult.ProtectionFault(address);
            }
            long o = address - PageFlashLine.OTP_START;
            return flash.writeFlash(address, OTP_ARRAY, o, new CellMap.Span(OTP_ARRAY, o, 1), n, value);
        }
        Optional<BusResult> reg = registerWrite(address, width, value);
        if (reg.isPresent()) {
            return reg.get();
        }
        return system.unmappedWrite(address);
    }

    // ---- registers

    private boolean dbgClocked() {
        // G0: the DBG block's registers other than IDCODE need RCC_APBENR1.DBGEN (RM0444 §40.9)
        return line.series() != Series.G0 || (system.plain(RCC_APBENR1) & RCC_APBENR1_DBGEN) != 0;
    }

    private Optional<Integer> registerWordRead(long a) {
        if (SystemBus.inBlock(FLASH_BASE, a)) {
            return Optional.of(flash.readRegister(a - FLASH_BASE));
        }
        long dbg = line.series().debugBase();
        if (a >= dbg && a < dbg + 0x10) {
            Register idcode = regs.idcode();
            if (a == idcode.address()) {
                return Optional.of(new DeviceId(line.devId(), revId).idcode());
            }
            if (!dbgClocked()) {
                return Optional.of(0);
            }
            return Optional.of(a == dbg + 4 ? dbgCr : a == dbg + 8 ? dbgFreeze : 0);
        }
        if (clocks.handles(a)) {
            return Optional.of(clocks.read(a));
        }
        if (SystemBus.inBlock(usartBase, a)) {
            return Optional.of(usart.read(a));
        }
        if (a == regs.memoryRemap().address()) {
            int v = regs.memoryRemap().field(MEM_MODE).insert(0, memMode);
            if (regs.fbMode().isPresent()) {
                v = regs.fbMode().get().insert(v, fbMode ? 1 : 0);
            }
            return Optional.of(v);
        }
        if (SystemBus.isPrivatePeripheralBus(a)) {
            return Optional.of(core.handles(a) ? core.read(a) : system.plain(a));
        }
        if (SystemBus.isPeripheral(a)) {
            return Optional.of(system.plain(a));
        }
        return Optional.empty();
    }

    private Optional<BusResult> registerWrite(long address, AccessWidth width, long value) {
        SystemBus.WordWrite w = SystemBus.WordWrite.of(address, width, value);
        long a = w.address();
        if (SystemBus.inBlock(FLASH_BASE, a)) {
            return Optional.of(flash.writeRegister(address, a - FLASH_BASE,
                    w.merge(() -> flash.readRegister(a - FLASH_BASE))));
        }
        long dbg = line.series().debugBase();
        if (a >= dbg && a < dbg + 0x10) {
            if (dbgClocked() && a == dbg + 4) {
                dbgCr = w.merge(dbgCr) & regs.debug().register(DBG_CR).definedBits();
            } else if (dbgClocked() && a == dbg + 8) {
                dbgFreeze = w.merge(dbgFreeze);
            }
            return Optional.of(BusResult.ok());
        }
        if (clocks.handles(a)) {
            clocks.write(a, w.merge(() -> clocks.read(a)));
            return Optional.of(BusResult.ok());
        }
        if (SystemBus.inBlock(usartBase, a)) {
            usart.write(a, w.merge(() -> usart.read(a)));
            return Optional.of(BusResult.ok());
        }
        if (a == regs.memoryRemap().address()) {
            int v = w.merge(() -> registerWordRead(a).orElse(0));
            memMode = regs.memoryRemap().field(MEM_MODE).extract(v);
            if (regs.fbMode().isPresent()) {
                // software may swap at run time (HAL_SYSCFG_EnableMemorySwappingBank)
                fbMode = regs.fbMode().get().isSet(v);
            }
            return Optional.of(BusResult.ok());
        }
        if (SystemBus.isPrivatePeripheralBus(a)) {
            if (core.handles(a)) {
                boolean wasHalted = core.isHalted();
                switch (core.write(a, w.merge(() -> core.read(a)))) {
                    case SYSTEM_RESET -> systemReset(ResetCause.SOFTWARE);
                    case CORE_RESET -> {
                        PageFlashBootModel.Boot b = bootModel.evaluate(flash.loadedOptions(), map,
                                line.series() == Series.G0 && swapped(), flash.programEmpty(), boot0);
                        core.leaveReset(b.report().coreInitialSp(), b.report().coreResetVector(),
                                b.report().source() != BootReport.Source.LOCKUP);
                    }
                    case NONE -> {
                        if (wasHalted && !core.isHalted()) {
                            bootJumpIfRunning();
                        }
                    }
                }
            } else {
                system.storePlain(w);
            }
            return Optional.of(BusResult.ok());
        }
        if (SystemBus.isPeripheral(a)) {
            system.storePlain(w);
            return Optional.of(BusResult.ok());
        }
        return Optional.empty();
    }

    // =============================================================================================== CpuBus

    /**
     * The core's master port: the same decode as the debugger's bus without the probe's gate, as the core's own
     * accesses (RDP level 1 does not stop them; they see the banks as the CPU does). A fetch that opens a new flash
     * double word waits FLASH_ACR.LATENCY cycles (RM0440 §3.3.3, RM0351 §3.3.3, RM0444 §3.3.4; the prefetch buffer and
     * the instruction cache are not modelled).
     */
    private final class CpuPort extends BoardCorePort {

        /** Flash block of a window: the smallest page of every line. */
        private static final int WINDOW = 2048;

        CpuPort() {
            super(PageFlashBoard.this);
        }

        @Override
        protected int fetchWaits(int address) {
            return flashOffset(address & 0xFFFF_FFFFL) >= 0 ? latency.extract(flash.acr()) : 0;
        }

        /**
         * The 2 KiB flash block of bus address {@code a} when nothing but its cells decides what it reads for the
         * core: contiguous in one array as the CPU's bank mapping lays it out, no PCROP or securable area, no torn
         * double word, the flash idle. All of these change only by a write that is not to RAM, a flash operation (busy:
         * no window), an option load or a reset, which forget it.
         */
        @Override
        protected boolean flashWindow(long a) {
            long block = a & -(long) WINDOW;
            long offset = flashOffset(block);
            if (offset < 0 || flashOffset(block + WINDOW - 1) != offset + WINDOW - 1 || flash.busy()) {
                return false;
            }
            boolean swap = swapped(); // the CPU's mapping
            Optional<CellMap.Span> first = map.locate(offset, swap);
            Optional<CellMap.Span> last = map.locate(offset + WINDOW - 1, swap);
            Optional<long[]> bo = map.bankOffset(offset, swap);
            if (first.isEmpty() || last.isEmpty() || bo.isEmpty() || first.get().array() != last.get().array()
                    || last.get().offset() != first.get().offset() + WINDOW - 1) {
                return false;
            }
            int bank = (int) bo.get()[0];
            DoubleWordArray array = arrays[first.get().array()];
            if (flash.pcrop(bank, bo.get()[1], WINDOW) || flash.secureHidden(bank, bo.get()[1], WINDOW)
                    || array.anyTorn(first.get().offset(), WINDOW)) {
                return false;
            }
            windowAt(block, WINDOW, array.array(), (int) first.get().offset(), false);
            return true;
        }

        /** A fetch may read a PCROP (execute-only) area. */
        @Override
        protected int fetchRead(int address) {
            instructionFetch = true;
            try {
                return read(address, AccessWidth.HALFWORD);
            } finally {
                instructionFetch = false;
            }
        }
    }

    // =============================================================================================== debug port

    @Override
    protected int dpIdcode(WireProtocol protocol) {
        return PageFlashDebugPort.dpIdcode(line, protocol);
    }

    @Override
    protected int boundaryScanIdcode() {
        return PageFlashDebugPort.boundaryScanIdcode(line);
    }

    @Override
    protected DebugTopology debugTopology(DebugBus bus) {
        return PageFlashDebugPort.topology(line, bus);
    }
}
