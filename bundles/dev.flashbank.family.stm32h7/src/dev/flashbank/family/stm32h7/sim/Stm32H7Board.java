package dev.flashbank.family.stm32h7.sim;

import static dev.flashbank.family.stm32h7.Stm32H7Registers.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.flashbank.core.device.DeviceId;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.FlashTimings;
import dev.flashbank.core.device.ModelParameter;
import dev.flashbank.core.device.ParameterStatus;
import dev.flashbank.core.device.Register;
import dev.flashbank.core.target.AccessWidth;
import dev.flashbank.family.stm32h7.Stm32H7Descriptor;
import dev.flashbank.family.stm32h7.Stm32H7Geometry;
import dev.flashbank.family.stm32h7.Stm32H7Parameters;
import dev.flashbank.family.stm32h7.Stm32H7Registers;
import dev.flashbank.family.stm32h7.Stm32H7SystemRegisters;
import dev.flashbank.family.stm32h7.Stm32H7Timings;
import dev.flashbank.sim.PoweredBoard;
import dev.flashbank.sim.BoardSnapshot;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.ConsoleUsart;
import dev.flashbank.sim.CoreDebug;
import dev.flashbank.sim.cpu.CoreProfile;
import dev.flashbank.sim.cpu.CortexMCore;
import dev.flashbank.sim.BoardCorePort;
import dev.flashbank.sim.InterruptedOperation;
import dev.flashbank.sim.ResetCause;
import dev.flashbank.sim.SimParameters;
import dev.flashbank.sim.bus.BusResult;
import dev.flashbank.sim.bus.DebugBus;
import dev.flashbank.sim.bus.DebugTopology;
import dev.flashbank.sim.bus.SystemBus;
import dev.flashbank.sim.bus.WireProtocol;

/**
 * A simulated STM32H74x/H75x board at bus level (RM0433), at the fidelity of the F7 board: two physical flash banks of
 * flash words with ECC ({@link FlashWordArray}), the FLASH interface with its two bank register sets, option
 * registers and CRC engine ({@link Stm32H7FlashInterface}), the bank swap latched at reset, RDP, boot from
 * BOOT_ADD0/BOOT_ADD1 by the BOOT0 pin, DBGMCU at 0x5C00_1000 (and its APB-D view 0xE00E_1000, which answers while
 * NRST is low), the flash-size register, the UID, SYSCFG_URx option mirrors, Cortex-M debug ({@link CoreDebug}) and
 * RAMs. Its Cortex-M7 (double-precision FPv5, the part's CPUID) executes the firmware on the board's virtual clock:
 * reset takes SP and PC from the vector table the boot configuration maps (BOOT0 pin, BOOT_ADD0/BOOT_ADD1, SWAP_BANK:
 * physical bank 2 at 0x0800_0000), the clock follows the firmware's RCC/PWR configuration
 * ({@link Stm32H7ClockControl}), instruction fetches from flash wait FLASH_ACR.LATENCY cycles, USART3 is the board's
 * console and SYSRESETREQ resets the part. Every address, bit, key, geometry and timing comes from the STM32H7 model ({@link Stm32H7Descriptor},
 * {@link Stm32H7Registers}, {@link Stm32H7Geometry}, {@link Stm32H7Timings}); its UNCONFIRMED behaviour is
 * {@link Stm32H7Parameters}. Build one with {@link Stm32H7SimulatedFamily}.
 * <p>
 * Other peripheral and PPB addresses are plain read/write storage (cleared by reset). Thread safety: every public
 * method and bus access is synchronized on the board.
 */
public final class Stm32H7Board extends PoweredBoard {

    /** Family id recorded in state files. */
    static final String FAMILY_ID = "stm32h7";

    private final Stm32H7Descriptor descriptor;
    private final Stm32H7Registers regs;
    private final int flashSizeKiB;
    private final FlashGeometry geometry;
    private final SimParameters sim;
    private final FlashTimings.Bound timingBound;
    private final int revId;
    private final FlashWordArray[] banks;
    /** Where window slot n starts (index 1..bankCount), and the size of one bank: every flash access asks. */
    private final long[] slotBases;
    private final long bankBytes;
    private final Stm32H7FlashInterface flash;
    private final Stm32H7RunParameters run = Stm32H7RunParameters.defaults();
    /** RCC and PWR as start-up code sees them: the core clock follows the firmware's clock configuration. */
    private final Stm32H7ClockControl clocks = new Stm32H7ClockControl(run);
    /** USART3, the NUCLEO-H743ZI's ST-LINK virtual COM port: the board's console. */
    private final ConsoleUsart usart = new ConsoleUsart(Stm32H7SystemRegisters.consoleUsart(), console);
    /** The core's access is an instruction fetch (PCROP allows it). */
    private boolean cpuFetch;
    /** FLASH_ACR.LATENCY, looked up once: every fetch that opens a flash line asks for it. */
    private final dev.flashbank.core.device.Field latencyField;

    private boolean dpLocked;
    private int dbgmcuCr;
    private final Map<Long, Integer> dbgmcuFreeze = new HashMap<>();

    Stm32H7Board(String partName, Stm32H7Descriptor descriptor, int flashSizeKiB, boolean boot0, int voltageMillivolts,
            long seed, byte[] uniqueId, String serial, int revId, FlashTimings.Bound bound, SimParameters sim,
            Map<String, Integer> options) {
        super(partName, seed, uniqueId, serial);
        this.descriptor = descriptor;
        this.regs = descriptor.registers();
        this.flashSizeKiB = flashSizeKiB;
        this.geometry = descriptor.geometry(flashSizeKiB);
        this.sim = sim;
        this.timingBound = bound;
        this.revId = revId;
        this.boot0 = boot0;
        this.voltageMillivolts = voltageMillivolts;
        this.banks = new FlashWordArray[geometry.bankCount() + 1];
        this.slotBases = new long[geometry.bankCount() + 1];
        for (int slot = 1; slot <= geometry.bankCount(); slot++) {
            slotBases[slot] = descriptor.bankBase(slot, flashSizeKiB);
        }
        this.bankBytes = geometry.bank(1).size();
        for (int b = 1; b <= geometry.bankCount(); b++) {
            banks[b] = new FlashWordArray((int) geometry.bank(b).size(), descriptor.programUnitBytes());
        }
        // the stand-in ROM bootloader's initial SP: the top of DTCM
        this.system = new SystemBus(descriptor.memoryRegions(flashSizeKiB))
                .mapReadOnly(descriptor.uniqueIdAddress(), this.uniqueId)
                .mapReadOnly(descriptor.flashSizeRegisterAddress(),
                        new byte[] { (byte) flashSizeKiB, (byte) (flashSizeKiB >>> 8) })
                .mapReadOnly(Stm32H7Descriptor.SYSTEM_MEMORY.start(), SystemBus.syntheticSystemMemory(
                        (int) Stm32H7Descriptor.SYSTEM_MEMORY.size(), Stm32H7Descriptor.SYSTEM_MEMORY.start(),
                        Stm32H7Descriptor.DTCM_RAM.end()));
        // Cortex-M7 with double-precision FPv5 on every H7 line; interrupt lines: RM0433's vector table has positions
        // 0-149 (§19 NVIC); no simulated peripheral raises one
        CoreProfile profile = descriptor.stm32H7Line().doublePrecisionFpu() ? CoreProfile.CORTEX_M7_DP
                : CoreProfile.CORTEX_M7_SP;
        coreWindows.fetchLines(run.flashFetchBytes());
        this.cpu = new CortexMCore(profile, new CpuPort(),
                CortexMCore.Parameters.stm32(profile, 150).withCpuid(descriptor.cpuid()));
        this.core = new CoreDebug(cpu);
        this.latencyField = regs.acr().field(LATENCY);
        this.flash = new Stm32H7FlashInterface(this, options);
        powerOnReset();
    }

    // =============================================================================================== BenchBoard

    @Override
    public Stm32H7SimulatedFamily family() {
        return Stm32H7SimulatedFamily.INSTANCE;
    }

    @Override
    public Stm32H7Descriptor descriptor() {
        return descriptor;
    }

    @Override
    public int flashSizeKiB() {
        return flashSizeKiB;
    }

    @Override
    public FlashGeometry geometry() {
        return geometry;
    }

    @Override
    public List<ModelParameter<?>> assumptions() {
        List<ModelParameter<?>> l = new ArrayList<>(descriptor.parameters());
        l.add(new ModelParameter<>("sim.timingBound", timingBound, ParameterStatus.UNCONFIRMED, Stm32H7Timings.SOURCE));
        l.add(new ModelParameter<>("sim.interruptedOptionChangeKeepsOptions", true, ParameterStatus.UNCONFIRMED,
                "RM0433 §4.4 not read: a power loss during OPT_BUSY leaves the options in force unchanged"));
        l.add(new ModelParameter<>("sim.interruptedEraseTearsOneWord", true, ParameterStatus.UNCONFIRMED,
                "field reports of torn words after power loss (PX4 #27642): the word at the cut reads DBECCERR"));
        l.addAll(Stm32H7DebugPort.assumptions(descriptor.stm32H7Line()));
        l.addAll(run.asList());
        l.addAll(sim.asList());
        return List.copyOf(l);
    }

    @Override
    public synchronized BootReport predictBoot() {
        boolean swap = regs.optsrPrg().field(SWAP_BANK_OPT).isSet(flash.optionInForce(OPTSR_PRG));
        return evaluateBoot(swap);
    }

    @Override
    public int physicalArrays() {
        return geometry.bankCount();
    }

    @Override
    public synchronized byte[] readCells(int physicalArray, long offset, int length) {
        if (physicalArray < 1 || physicalArray > physicalArrays() || offset < 0
                || offset + length > banks[physicalArray].size()) {
            throw new IndexOutOfBoundsException("array " + physicalArray + " offset " + offset + " length " + length);
        }
        return banks[physicalArray].copy(offset, length);
    }

    @Override
    public synchronized Map<String, Object> optionStateSummary() {
        Map<String, Object> o = new LinkedHashMap<>();
        int optsr = flash.optionInForce(OPTSR_PRG);
        o.put("rdp", String.format("0x%02X (level %d)", regs.optsrPrg().field(RDP).extract(optsr), flash.rdpLevel()));
        o.put("optsr", String.format("0x%08X", optsr));
        o.put("swapBankOpt", regs.optsrPrg().field(SWAP_BANK_OPT).isSet(optsr) ? 1 : 0);
        o.put("swapBank", flash.swapBank() ? 1 : 0);
        o.put("boot", String.format("0x%08X", flash.optionInForce(BOOT_PRGR)));
        for (int n = 1; n <= regs.bankRegisterSets(); n++) {
            o.put("wpsn" + n, String.format("0x%02X", flash.optionInForce(regs.wpsnPrg(n).name())));
        }
        return o;
    }

    /**
     * The non-volatile state: cells per physical bank, the option registers in force in
     * {@link Stm32H7Registers#programRegisters()} order (as option words), no OTP (H74x/H75x have none), and the ECC
     * state of every flash word ({@code ecc.bank1}, {@code ecc.bank2}: one byte per word).
     */
    @Override
    public synchronized BoardSnapshot snapshot() {
        List<byte[]> cells = new ArrayList<>();
        Map<String, byte[]> ecc = new LinkedHashMap<>();
        for (int b = 1; b <= physicalArrays(); b++) {
            cells.add(banks[b].cellsCopy());
            ecc.put("ecc.bank" + b, banks[b].eccCopy());
        }
        List<Integer> words = new ArrayList<>();
        for (Register r : regs.programRegisters()) {
            words.add(flash.optionInForce(r.name()));
        }
        return new BoardSnapshot(partName, flashSizeKiB, cells, new byte[0], words, boot0, voltageMillivolts, uniqueId,
                serial, FAMILY_ID, ecc);
    }

    /** Restores non-volatile contents (sizes checked by the family) and power-on resets. */
    synchronized void restoreContents(BoardSnapshot s) {
        for (int b = 1; b <= physicalArrays(); b++) {
            banks[b].restore(s.flashBank(b), s.familySection("ecc.bank" + b).orElseThrow());
        }
        flash.setOptions(optionMap(regs, s.optionWords()));
        powerOnReset();
    }

    static Map<String, Integer> optionMap(Stm32H7Registers regs, List<Integer> words) {
        Map<String, Integer> m = new LinkedHashMap<>();
        List<Register> prg = regs.programRegisters();
        for (int i = 0; i < prg.size(); i++) {
            m.put(prg.get(i).name(), words.get(i));
        }
        return m;
    }

    // =============================================================================================== H7 bench view

    /** The option registers in force (_CUR), by _PRG register name. */
    public synchronized Map<String, Integer> optionsInForce() {
        return flash.optionsInForce();
    }

    /**
     * The option registers in force (_CUR) as the line's option image, for the simulated twin's option preview. An H7
     * option change is in force as soon as OPTSTART completes (the _CUR registers, RM0433 §4.4), so the image in force
     * and the stored one are the same; only the bank mapping (SWAP_BANK) waits for the next reset.
     */
    @Override
    public synchronized Optional<dev.flashbank.core.family.OptionImage> optionImageInForce() {
        return Optional.of(new dev.flashbank.family.stm32h7.Stm32H7OptionImage(regs.line(), geometry.mode(),
                flash.optionsInForce()));
    }

    @Override
    public synchronized Optional<dev.flashbank.core.family.OptionImage> storedOptionImage() {
        return optionImageInForce();
    }

    /** OPTCR.SWAP_BANK as latched at the last reset. */
    public synchronized boolean swapBank() {
        return flash.swapBank();
    }

    /** ECC state of the flash word at {@code offset} of a physical bank, as its name (bench view for tests). */
    public synchronized String eccState(int physicalBank, long offset) {
        return banks[physicalBank].state(banks[physicalBank].wordIndex(offset)).name();
    }

    // =============================================================================================== package API

    Stm32H7Registers registers() {
        return regs;
    }

    FlashWordArray bank(int physical) {
        return banks[physical];
    }

    long bankSize() {
        return geometry.bank(1).size();
    }

    FlashTimings.Bound timingBound() {
        return timingBound;
    }

    long now() {
        return clock.nanos();
    }

    /** RDP level 1 or 2 in force: a connected debugger may not read, program or erase flash (RM0433 §4.5.3). */
    boolean rdpBlocksDebugger() {
        return flash.rdpLevel() != 0;
    }

    /** Lets virtual time run to {@code t} (an AHB stall); false when power was lost on the way. */
    boolean stallUntil(long t) {
        return t <= clock.nanos() || advanceTo(t);
    }

    BusResult lost() {
        return new BusResult.Disconnected("target lost power during the access (fault injection)");
    }

    // =============================================================================================== power & reset

    @Override
    protected void settleFlash(long nanos) {
        flash.settle(nanos);
    }

    @Override
    protected long flashNextCompletion() {
        return flash.nextCompletion();
    }

    // =============================================================================================== execution

    @Override
    protected long coreClockHz() {
        return clocks.coreHz();
    }

    @Override
    protected boolean debugPortLocked() {
        return dpLocked;
    }

    @Override
    protected void powerOnSilicon() {
        dbgmcuCr = regs.dbgmcuCr().resetValue();
        dbgmcuFreeze.clear();
        clocks.powerOnReset();
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
        if (flash.busy() && (sim.systemResetInterruptsFlashOperation() || powerOn)) {
            flash.interrupt(clock.nanos()).ifPresent(faults::recordInterruption);
        }
        flash.reset();
        dpLocked = flash.rdpLevel() == 2; // level 2 disables the debug port from the reset that latches it
        system.systemReset();
        clocks.reset();
        usart.reset();
        coreWindows.reset(); // the next fetch opens a flash line
        if (nrst) {
            core.holdInReset(true);
            return;
        }
        boot();
    }

    @Override
    protected void boot() {
        lastBoot = evaluateBoot(flash.swapBank());
        takeReset(lastBoot);
    }

    /**
     * The core's TakeReset (ARMv7-M B1.5.5) from the vector table the boot configuration maps (BOOT_ADDx, through
     * SWAP_BANK; VTOR resets to it - the Cortex-M7's INITVTOR is the boot address on STM32H7, RM0433 §2.6): SP_main and
     * PC from its first two words. Unusable vectors are not special-cased: the core faults on them and locks up, as
     * silicon does.
     */
    private void takeReset(BootReport r) {
        cpu.takeReset((int) r.coreVectorTable(), r.coreInitialSp(), r.coreResetVector());
        coreWindows.reset(); // the next fetch opens a flash line
    }

    /**
     * The H7 boot decision (RM0433 §2.6): BOOT0 selects BOOT_ADD0 or BOOT_ADD1 (parameter boot0HighSelectsBootAdd1),
     * the address is the field value << 16; the core fetches its vectors there. With SWAP_BANK = 1 address
     * 0x0800_0000 shows physical bank 2, so the swap itself selects the image; there is no dual boot.
     */
    private BootReport evaluateBoot(boolean swap) {
        Register boot = regs.bootPrg();
        int value = flash.optionInForce(BOOT_PRGR);
        boolean add1 = boot0 == descriptor.stm32H7Parameters().boot0HighSelectsBootAdd1();
        int field = boot.field(add1 ? BOOT_ADD1 : BOOT_ADD0).extract(value);
        long address = (long) field << 16;
        int sp = peekWord(address, swap);
        int pc = peekWord(address + 4, swap);
        List<String> reasons = new ArrayList<>();
        reasons.add(String.format("BOOT0=%d selects BOOT_ADD%d = 0x%04X -> 0x%08X", boot0 ? 1 : 0, add1 ? 1 : 0, field,
                address));
        int physical = 0;
        BootReport.Source source;
        Optional<int[]> slot = slotOf(address);
        boolean inRam = system.inRam(address);
        boolean inSystem = Stm32H7Descriptor.SYSTEM_MEMORY.contains(address);
        if (slot.isPresent()) {
            physical = swap ? 3 - slot.get()[0] : slot.get()[0];
            if (physicalArrays() == 1) {
                physical = 1;
            }
            reasons.add(String.format("0x%08X is window slot %d = physical bank %d (SWAP_BANK=%d)", address,
                    slot.get()[0], physical, swap ? 1 : 0));
            source = BootReport.Source.FLASH;
        } else if (inRam) {
            source = BootReport.Source.RAM;
        } else if (inSystem) {
            source = BootReport.Source.SYSTEM_MEMORY;
        } else {
            source = BootReport.Source.LOCKUP;
            reasons.add("nothing is mapped at the boot address");
        }
        boolean valid = vectorsValid(sp, pc);
        if (source != BootReport.Source.SYSTEM_MEMORY && !valid) {
            reasons.add(String.format("vector table invalid (SP 0x%08X, reset 0x%08X): the core locks up", sp, pc));
            source = BootReport.Source.LOCKUP;
        }
        long vectors = source == BootReport.Source.SYSTEM_MEMORY ? Stm32H7Descriptor.SYSTEM_MEMORY.start() : address;
        if (source == BootReport.Source.SYSTEM_MEMORY) {
            sp = peekWord(vectors, swap);
            pc = peekWord(vectors + 4, swap);
        }
        return new BootReport(boot0, add1 ? 1 : 0, field, address, vectors, sp, pc, source, address, physical, sp, pc,
                valid || source == BootReport.Source.SYSTEM_MEMORY, false, false, reasons);
    }

    private boolean vectorsValid(int sp, int pc) {
        long s = sp & 0xFFFF_FFFFL;
        long p = pc & 0xFFFF_FFFFL;
        boolean spOk = system.ramRegions().stream().anyMatch(r -> s > r.range().start() && s <= r.range().end());
        boolean pcOk = (p & 1) == 1 && (slotOf(p & ~1L).isPresent() || system.inRam(p & ~1L));
        return spOk && pcOk;
    }

    /** {slot, offset} of a window address, if it is flash. */
    private Optional<int[]> slotOf(long address) {
        int slot = slotAt(address);
        return slot == 0 ? Optional.empty() : Optional.of(new int[] { slot, (int) (address - slotBases[slot]) });
    }

    /** The window slot {@code address} lies in, 0 when it is not flash. */
    private int slotAt(long address) {
        for (int slot = 1; slot < slotBases.length; slot++) {
            long o = address - slotBases[slot];
            if (o >= 0 && o < bankBytes) {
                return slot;
            }
        }
        return 0;
    }
    /** Bench read of a word (cells, RAM, system memory) for the boot model; 0 elsewhere. */
    private int peekWord(long address, boolean swap) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            long a = address + i;
            Optional<int[]> s = slotOf(a);
            int b;
            if (s.isPresent()) {
                int physical = physicalArrays() == 1 ? 1 : swap ? 3 - s.get()[0] : s.get()[0];
                b = banks[physical].get(s.get()[1]);
            } else {
                b = system.byteAt(a).orElse(0);
            }
            v |= b << (8 * i);
        }
        return v;
    }

    // =============================================================================================== time

    // =============================================================================================== bus

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
        int slot = slotAt(address);
        if (slot != 0) {
            long offset = address - slotBases[slot];
            if (offset + n > bankBytes) {
                return SystemBus.crossing(address);
            }
            if (!cpuAccess && rdpBlocksDebugger()) {
                return new BusResult.ProtectionFault(address);
            }
            return flash.readWindow(address, slot, offset, n, cpuFetch);
        }
        Optional<Long> reg = SystemBus.readRegister(address, width, this::registerWordRead);
        if (reg.isPresent()) {
            return BusResult.ok(reg.get());
        }
        return system.readMapped(address, n);
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
        Optional<int[]> slot = slotOf(address);
        if (slot.isPresent()) {
            if (slotOf(address + n - 1).map(s -> s[0] != slot.get()[0]).orElse(true)) {
                return SystemBus.crossing(address);
            }
            if (!cpuAccess && rdpBlocksDebugger()) {
                return new BusResult.ProtectionFault(address);
            }
            return flash.writeWindow(address, slot.get()[0], slot.get()[1], n, value);
        }
        Optional<BusResult> reg = registerWrite(address, width, value);
        if (reg.isPresent()) {
            return reg.get();
        }
        return system.unmappedWrite(address);
    }

    // ---- registers

    private static boolean inBlock(long base, long a) {
        return SystemBus.inBlock(base, a);
    }

    /** DBGMCU seen at 0x5C00_1000 (system bus) or 0xE00E_1000 (APB-D, the debugger's view under reset). */
    private OptionalLong dbgmcuOffset(long a) {
        if (inBlock(DBGMCU_BASE, a)) {
            return OptionalLong.of(a - DBGMCU_BASE);
        }
        if (inBlock(DBGMCU_APB_D_BASE, a)) {
            return OptionalLong.of(a - DBGMCU_APB_D_BASE);
        }
        return OptionalLong.empty();
    }

    private Optional<Integer> registerWordRead(long a) {
        if (inBlock(FLASH_BASE, a)) {
            return Optional.of(flash.readRegister(a - FLASH_BASE));
        }
        OptionalLong dbg = dbgmcuOffset(a);
        if (dbg.isPresent()) {
            long o = dbg.getAsLong();
            if (o == regs.idcode().offset()) {
                return Optional.of(new DeviceId(descriptor.devId(), revId).idcode());
            }
            if (o == regs.dbgmcuCr().offset()) {
                return Optional.of(dbgmcuCr);
            }
            return Optional.of(dbgmcuFreeze.getOrDefault(o, 0));
        }
        if (inBlock(SYSCFG_BASE, a)) {
            return Optional.of(syscfgRead(a));
        }
        if (Stm32H7ClockControl.handles(a)) {
            return Optional.of(clocks.read(a));
        }
        if (inBlock(Stm32H7SystemRegisters.USART3_BASE, a)) {
            return Optional.of(usart.read(a));
        }
        if (SystemBus.isPrivatePeripheralBus(a)) {
            return Optional.of(core.handles(a) ? core.read(a) : system.plain(a));
        }
        if (SystemBus.isPeripheral(a)) {
            return Optional.of(system.plain(a));
        }
        return Optional.empty();
    }

    /** SYSCFG_URx show the loaded option values (RM0433 §12.3); other SYSCFG registers are plain storage. */
    private int syscfgRead(long a) {
        for (int n = 0; n <= 17; n++) {
            Register ur;
            try {
                ur = regs.ur(n);
            } catch (RuntimeException e) {
                break; // the line has no SYSCFG_URx
            }
            if (ur.address() != a) {
                continue;
            }
            int v = 0;
            for (Stm32H7Registers.UserRegisterMirror m : regs.userRegisterMirrors()) {
                if (!m.ur().equals(ur.name()) || ur.findField(m.urField()).isEmpty()) {
                    continue;
                }
                Register cur = regs.flash().register(m.optionRegister());
                Register prg = regs.programRegisters().stream().filter(r -> regs.currentOf(r).name().equals(cur.name()))
                        .findFirst().orElseThrow();
                int value = cur.field(m.optionField()).extract(flash.optionInForce(prg.name()));
                v = ur.field(m.urField()).insert(v, value);
            }
            return v;
        }
        return system.plain(a);
    }

    private Optional<BusResult> registerWrite(long address, AccessWidth width, long value) {
        SystemBus.WordWrite w = SystemBus.WordWrite.of(address, width, value);
        long a = w.address();
        if (inBlock(FLASH_BASE, a)) {
            return Optional.of(flash.writeRegister(address, a - FLASH_BASE,
                    w.merge(() -> flash.readRegister(a - FLASH_BASE))));
        }
        OptionalLong dbg = dbgmcuOffset(a);
        if (dbg.isPresent()) {
            long o = dbg.getAsLong();
            if (o == regs.dbgmcuCr().offset()) {
                dbgmcuCr = w.merge(dbgmcuCr) & regs.dbgmcuCr().definedBits();
            } else if (o != regs.idcode().offset()) {
                dbgmcuFreeze.put(o, w.merge(dbgmcuFreeze.getOrDefault(o, 0)));
            }
            return Optional.of(BusResult.ok());
        }
        if (SystemBus.isPrivatePeripheralBus(a)) {
            if (core.handles(a)) {
                switch (core.write(a, w.merge(() -> core.read(a)))) {
                    case SYSTEM_RESET -> systemReset(ResetCause.SOFTWARE);
                    case CORE_RESET -> takeReset(evaluateBoot(flash.swapBank()));
                    case NONE -> {
                    }
                }
            } else {
                system.storePlain(w);
            }
            return Optional.of(BusResult.ok());
        }
        if (Stm32H7ClockControl.handles(a)) {
            clocks.write(a, w.merge(() -> clocks.read(a)));
            return Optional.of(BusResult.ok());
        }
        if (inBlock(Stm32H7SystemRegisters.USART3_BASE, a)) {
            usart.write(a, w.merge(() -> usart.read(a)));
            return Optional.of(BusResult.ok());
        }
        if (inBlock(SYSCFG_BASE, a)) {
            if (regs.syscfg().registerAt(a).map(r -> r.access() == dev.flashbank.core.device.Access.READ_ONLY)
                    .orElse(false)) {
                return Optional.of(BusResult.ok());
            }
            system.storePlain(w);
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
     * The core's master port: the same decode as the debugger's bus (flash through BOOT/SWAP_BANK, RAM, peripherals)
     * without the probe's gate, as the core's own accesses (RDP level 1 does not stop them). A fetch that opens a new
     * flash line waits FLASH_ACR.LATENCY AXI clock cycles (RM0433 §4.3.8; {@link Stm32H7RunParameters}), counted in
     * core cycles (sys_d1cpre_ck / rcc_hclk3 core cycles per AXI cycle).
     */
    private final class CpuPort extends BoardCorePort {

        /** Flash block of a window: 16 PCROP/secure-area granules (256 bytes), a divisor of every bank. */
        private static final int WINDOW = 4096;

        CpuPort() {
            super(Stm32H7Board.this);
        }

        @Override
        protected int fetchWaits(int address) {
            if (slotAt(address & 0xFFFF_FFFFL) == 0) {
                return 0;
            }
            return latencyField.extract(flash.acr()) * (int) Math.max(1, clocks.coreHz() / clocks.hclkHz());
        }

        /**
         * The 4 KiB flash block of bus address {@code a} when nothing but its cells decides what it reads: the
         * flash idle, no PCROP or secure-only granule in it, no flash word with an ECC error (those raise flags on
         * every read), in the bank SWAP_BANK maps there now. The mapping, the protection and the ECC states change
         * only by a write that is not to RAM, a flash operation (busy: no window) or a reset: all forget it.
         */
        @Override
        protected boolean flashWindow(long a) {
            int slot = slotAt(a);
            if (slot == 0 || flash.busy()) {
                return false;
            }
            long block = (a - slotBases[slot]) & -(long) WINDOW;
            if (block + WINDOW > bankBytes) {
                return false;
            }
            int physical = flash.physicalInSlot(slot);
            FlashWordArray bank = banks[physical];
            for (long g = block; g < block + WINDOW; g += 256) {
                if (flash.isPcrop(physical, g) || flash.isSecure(physical, g)) {
                    return false;
                }
            }
            for (int word = bank.wordIndex(block); word <= bank.wordIndex(block + WINDOW - 1); word++) {
                FlashWordArray.EccState e = bank.state(word);
                if (e != FlashWordArray.EccState.ERASED && e != FlashWordArray.EccState.PROGRAMMED) {
                    return false;
                }
            }
            windowAt(slotBases[slot] + block, WINDOW, bank.array(), (int) block, false);
            return true;
        }

        /** A fetch may read a PCROP (execute-only) area. */
        @Override
        protected int fetchRead(int address) {
            cpuFetch = true;
            try {
                return read(address, AccessWidth.HALFWORD);
            } finally {
                cpuFetch = false;
            }
        }
    }

    // =============================================================================================== debug port

    @Override
    protected int dpIdcode(WireProtocol protocol) {
        return Stm32H7DebugPort.dpIdcode(protocol);
    }

    @Override
    protected int boundaryScanIdcode() {
        return Stm32H7DebugPort.boundaryScanIdcode(descriptor.stm32H7Line());
    }

    @Override
    protected DebugTopology debugTopology(DebugBus bus) {
        return Stm32H7DebugPort.topology(bus);
    }
}
