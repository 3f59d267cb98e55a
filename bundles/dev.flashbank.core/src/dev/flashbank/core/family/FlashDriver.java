package dev.flashbank.core.family;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import dev.flashbank.core.device.AddressRange;
import dev.flashbank.core.device.DeviceDescriptor;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.OptionChange;
import dev.flashbank.core.device.Sector;
import dev.flashbank.core.flash.FlashDriverSettings;
import dev.flashbank.core.flash.FlashProgress;
import dev.flashbank.core.flash.FlashRequestException;
import dev.flashbank.core.flash.FlashTimeouts;
import dev.flashbank.core.flash.VerifyResult;
import dev.flashbank.core.target.ResetKind;
import dev.flashbank.core.target.TargetException;

/**
 * The flash controller of one identified part, as operations, the doctor, the bank browser, launches, the CLI and the
 * UI use it (one implementation per controller design, as OpenOCD draws its drivers: F2/F4/F7, H7, L4/G4/G0).
 * Created by the part's {@link FamilyProvider#openDriver}.
 * <p>
 * Conventions every implementation keeps:
 * <ul>
 * <li>Addresses are CPU/debug addresses in one of the geometry's flash windows; they go through the bank mapping in
 * effect now ({@link #banksSwapped()}), like every bus access. Erase units ({@link Sector}) are PHYSICAL: the driver
 * finds the controller selector that reaches a physical unit under the current mapping.</li>
 * <li>Every write operation waits for the controller, clears stale flags, unlocks, runs, checks the status and locks
 * again; errors are typed {@code FlashOperationException}s naming the unit, the address and the likely cause.</li>
 * <li>A canceled operation leaves whole units done and the rest untouched.</li>
 * </ul>
 */
public interface FlashDriver {

    // ------------------------------------------------------------------------------------------ the part

    /** The line of the part. */
    DeviceDescriptor descriptor();

    /** The family this driver belongs to (its provider: doctor checks, the other lines of the family). */
    FamilyProvider family();

    /** Flash size read from the part (KiB). */
    int flashSizeKiB();

    /** Erase-unit layout in effect (bank mode latched at the last reset, see {@link #reprobe()}). */
    FlashGeometry geometry();

    /** Reads the options again and recomputes the layout (after the reset that latches a bank-mode change). */
    FlashGeometry reprobe() throws TargetException;

    /** Resets the target, halts it at the reset vector (the options are latched) and {@link #reprobe()}s. */
    FlashGeometry resetAndReprobe(ResetKind kind) throws TargetException;

    /** The tunables the driver was created with. */
    FlashDriverSettings settings();

    /** The busy-wait budgets of this part's operations. */
    FlashTimeouts timeouts();

    /**
     * The largest unit the controller programs in one operation, in bytes (F7: 8, the x64 PSIZE; H7: a 32-byte flash
     * word; L4/G4: a 64-bit double word). An A/B update writes an image's first {@code max(8, programUnitBytes())}
     * bytes (initial SP and reset vector) LAST, as one commit step: a power loss while they are written leaves a bank
     * no boot path accepts.
     */
    int programUnitBytes();

    /**
     * A notice for the user about how programming is configured when it was not derived from the target (F7: the
     * PSIZE when the supply voltage is unknown or overridden); empty when there is nothing to say.
     *
     * @throws FlashRequestException when the configuration is refused (e.g. a PSIZE wider than the supply allows)
     */
    Optional<String> programSettingNotice() throws TargetException;

    /**
     * True when the banks are swapped NOW: window slot 1 shows physical bank 2 (F7: SYSCFG_MEMRMP.SWP_FB; H7: the
     * SWAP_BANK state latched at the last reset). Always false on single-bank parts.
     */
    boolean banksSwapped() throws TargetException;

    /**
     * How this part swaps and boots its banks, with a strategy per A/B switching scheme; empty where the part (or its
     * family, so far) has none - A/B updates, swap and rollback then refuse.
     */
    default Optional<BankSwapping> bankSwapping() {
        return Optional.empty();
    }

    /**
     * The bit that says whether the banks are swapped, as the part's reference manual names it (F7 "SWP_FB", H7
     * "SWAP_BANK"): how summaries label {@link #banksSwapped()}.
     */
    String bankMappingLabel();

    /**
     * The bank mapping in force and the boot address the part started from, both latched at the last reset and read
     * together (F7: one SYSCFG_MEMRMP read for SWP_FB and MEM_BOOT). By default the second boot address is reported
     * as not used: most parts do not say which one they booted from.
     */
    default BootMapping bootMapping() throws TargetException {
        return new BootMapping(banksSwapped(), false);
    }

    /**
     * How programming is configured now (F7: the supply, the PSIZE and why; H7: the PSIZE of its flash words), for
     * {@code info}.
     *
     * @throws FlashRequestException when the configuration is refused (e.g. a PSIZE wider than the supply allows)
     */
    ProgramSetting programSetting() throws TargetException;

    // ------------------------------------------------------------------------------------------ options

    /** The option bytes now. */
    OptionImage readOptions() throws TargetException;

    /**
     * Writes the option bytes (one option-programming sequence) and reads them back; refuses irreversible values
     * (RDP level 2) - use {@link #writeOptionsIrreversibly} after an explicit confirmation. Most options act at the
     * next reset; after a bank-mode change reset and {@link #reprobe()}.
     */
    OptionWriteResult writeOptions(OptionImage requested, FlashProgress progress) throws TargetException;

    /**
     * The changes from {@code from} to {@code to} for this part (its flash size and model parameters), one per
     * changed option field, with risk class and consequence: what the option write asks to confirm and reports.
     */
    List<OptionChange> optionChanges(OptionImage from, OptionImage to);

    /**
     * The longest time, in microseconds at the maximum timing bound, that writing {@code after} over {@code before}
     * keeps the part where a power loss damages its options (F7: OPTSTRT erases the option sector before programming
     * it again; H7: OPTSTART until OPT_BUSY clears), including the mass erase of an RDP 1 -> 0 regression: what the
     * "do not remove power" notice says ({@code OptionWriteWindow}).
     */
    long optionWriteWindowMicros(OptionImage before, OptionImage after);

    /** As {@link #writeOptions} but allows irreversible values (call only after explicit confirmation). */
    OptionWriteResult writeOptionsIrreversibly(OptionImage requested, FlashProgress progress) throws TargetException;

    // ------------------------------------------------------------------------------------------ protection

    /**
     * What {@code options} (of this part, e.g. {@link #readOptions()}) protect on the layout in effect: RDP, write
     * protection and protected areas per erase unit, each blocker with its fix. Reads nothing but what the family
     * needs to relate option registers to physical banks.
     */
    ProtectionModel protectionModel(OptionImage options) throws TargetException;

    /** {@link #protectionModel(OptionImage)} of the options now. */
    default ProtectionModel protectionModel() throws TargetException {
        return protectionModel(readOptions());
    }

    // ------------------------------------------------------------------------------------------ read / verify

    /** Reads flash (or any memory); read protection becomes a {@code FlashProtectionException}. */
    byte[] readFlash(long address, int length) throws TargetException;

    /** Reads and compares; a mismatch is a result, not an exception. */
    VerifyResult verify(long address, byte[] expected) throws TargetException;

    /**
     * A checksum of [address, address + length) computed on the target, where the part has an engine for it (F7: the
     * CRC unit fed by DMA2); empty when that is not possible now - then read instead. Compare only through
     * {@link #matchesOnTarget}: the algorithm is the part's.
     */
    OptionalInt targetCrc(long address, int length) throws TargetException;

    /**
     * {@link #targetCrc} of each of {@code ranges}, in order, where the part's engine allows with ONE set-up for all
     * (F7: one clock enable and one CRC unit reset, then the DMA stream re-armed per range): a program's plan or a
     * verify of N sectors then costs a few probe commands per sector instead of a dozen, which on a full-speed probe
     * (about 1 ms per command) is most of a one-sector update's overhead. An empty element: that range could not be
     * checked now (read it instead). The default asks {@link #targetCrc} range by range.
     */
    default List<OptionalInt> targetCrcs(List<AddressRange> ranges) throws TargetException {
        List<OptionalInt> crcs = new java.util.ArrayList<>(ranges.size());
        for (AddressRange r : ranges) {
            crcs.add(targetCrc(r.start(), (int) r.size()));
        }
        return crcs;
    }

    /**
     * The value {@link #targetCrc} reports for flash holding {@code data[off, off + length)}, computed on the host
     * with the part's algorithm: a present target CRC equal to it means "same bytes"; unequal means "differs OR the
     * engine's parameters are not what the model assumes" (never take it as proof of a difference without reading).
     */
    int expectedTargetCrc(byte[] data, int off, int length);

    /**
     * True when the target-side checksum of [address, address + length) equals that of {@code expected[off, off +
     * length)}; false means "differs OR could not be checked": read to find out.
     */
    boolean matchesOnTarget(long address, byte[] expected, int off, int length) throws TargetException;

    /**
     * True when {@link #targetCrc} works only while the core is halted (its engine borrows peripherals that running
     * firmware may own, F7: DMA2 and the CRC unit); a verify then halts a running core for the comparison and lets it
     * run again after, unless the user asked it not to halt (then every byte is read back).
     */
    default boolean targetCrcNeedsHaltedCore() {
        return false;
    }

    // ------------------------------------------------------------------------------------------ program

    /**
     * Programs {@code data} at {@code address}, widened to whole program units with 0xFF. The flash must be erased
     * first; {@link #verify} afterwards.
     */
    void program(long address, byte[] data, FlashProgress progress) throws TargetException;

    /** {@link #program} then {@link #verify}; a mismatch throws {@code FlashVerifyException}. */
    VerifyResult programAndVerify(long address, byte[] data, FlashProgress progress) throws TargetException;

    // ------------------------------------------------------------------------------------------ erase

    /** The PHYSICAL erase units visible at window addresses {@code range} under the mapping {@code swapped}. */
    List<Sector> sectorsCovering(AddressRange range, boolean swapped) throws FlashRequestException;

    /** Erases PHYSICAL erase units one by one (one work unit each). */
    void eraseSectors(List<Sector> physicalSectors, FlashProgress progress) throws TargetException;

    /** Erases every unit covering window addresses {@code range} under the current mapping; returns them. */
    List<Sector> eraseRange(AddressRange range, FlashProgress progress) throws TargetException;

    /** Bank erase of PHYSICAL bank {@code physicalBank} (whichever controller bit or controller reaches it now). */
    void eraseBank(int physicalBank, FlashProgress progress) throws TargetException;

    /** Erases the whole user flash. */
    void massErase(FlashProgress progress) throws TargetException;

    /**
     * {@link #eraseSectors} then {@link #program} under one unlock (fewer probe round trips); progress and cancel are
     * those of the programming part.
     */
    void eraseAndProgram(List<Sector> physicalSectors, long address, byte[] data, FlashProgress progress)
            throws TargetException;
}
