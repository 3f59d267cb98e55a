package dev.flashbank.family.stm32f7.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.flashbank.core.device.BankMode;
import dev.flashbank.core.device.BankOffset;
import dev.flashbank.core.device.FlashGeometry;
import dev.flashbank.core.device.MemoryRegion;
import dev.flashbank.family.stm32f7.Stm32F7Window;
import dev.flashbank.family.stm32f7.BootAddress;
import dev.flashbank.family.stm32f7.OptionBytes;
import dev.flashbank.family.stm32f7.Stm32F7Line;
import dev.flashbank.core.device.RdpLevel;
import dev.flashbank.family.stm32f7.Stm32F7Parameters;
import dev.flashbank.family.stm32f7.Stm32F7Parameters.DualBootPolicy;
import dev.flashbank.sim.BootReport;

/**
 * The STM32F7 boot decision (RM0410 boot configuration; HAL OB_BOOTADDR_* and OB_DUAL_BOOT_* comments): BOOT0 selects
 * BOOT_ADD0/BOOT_ADD1; with nDBOOT = 0 in dual-bank mode a flash boot address sends the core to the ROM bootloader,
 * which picks a bank by {@link Stm32F7Parameters#dualBootPolicy()} and may set SWP_FB
 * ({@link Stm32F7Parameters#romBootloaderSetsSwpFb()}) - both UNCONFIRMED (AN2606 not read), hence model parameters.
 * RDP level 2 forbids booting from RAM and system memory ({@link Stm32F7SimParameters#level2NonFlashBootFallback()}).
 * Memory is read with SWP_FB = 0, the reset value.
 */
final class BootModel {

    private final SimulatedBoard board;
    private final OptionBytes options;
    private final FlashGeometry geometry;
    private final boolean boot0;
    private final Stm32F7Parameters p;
    private final Stm32F7Line line;
    private final List<String> reasons = new ArrayList<>();

    private BootModel(SimulatedBoard board, OptionBytes options, FlashGeometry geometry, boolean boot0) {
        this.board = board;
        this.options = options;
        this.geometry = geometry;
        this.boot0 = boot0;
        this.p = board.descriptor().stm32F7Parameters();
        this.line = board.line();
    }

    static BootReport evaluate(SimulatedBoard board, OptionBytes options, FlashGeometry geometry, boolean boot0) {
        return new BootModel(board, options, geometry, boot0).run();
    }

    private BootReport run() {
        int index = boot0 ? 1 : 0;
        int raw = boot0 ? options.bootAdd1() : options.bootAdd0();
        long bootAddress = BootAddress.toAddress(raw);
        long address = bootAddress;
        reasons.add(String.format("BOOT0 = %d selects BOOT_ADD%d = 0x%04X, i.e. address 0x%08X (BOOT_ADDx = address >> 14)",
                index, index, raw, address));
        if (options.rdpLevel() == RdpLevel.LEVEL_2 && geometry.windowOf(address).isEmpty()) {
            long fallback = board.f7SimParameters().level2NonFlashBootFallback();
            reasons.add(String.format("RDP level 2 forbids booting from RAM or system memory: the device boots flash at "
                    + "0x%08X instead (sim.level2NonFlashBootFallback, UNCONFIRMED)", fallback));
            address = fallback;
        }
        boolean dualBank = geometry.mode() == BankMode.DUAL;
        if (line.dualBankCapable() && !options.nDBoot()) {
            if (!dualBank) {
                reasons.add("nDBOOT = 0 but nDBANK = 1 (single bank): dual boot needs dual-bank mode, so it is inactive");
            } else if (geometry.windowOf(address).isPresent()) {
                return dualBoot(index, raw, bootAddress, address);
            } else {
                reasons.add("nDBOOT = 0, but the boot address is not in flash: the core boots it directly");
            }
        }
        return direct(index, raw, bootAddress, address);
    }

    private BootReport direct(int index, int raw, long bootAddress, long address) {
        int sp = peek(address);
        int pc = peek(address + 4);
        Optional<BankOffset> flash = geometry.physicalBankAt(address, false);
        if (flash.isPresent()) {
            boolean valid = validSp(sp) && validHandler(pc, true);
            reasons.add(String.format("the core fetches its vectors from flash at 0x%08X (physical bank %d, SWP_FB = 0 "
                    + "after reset): SP 0x%08X, reset handler 0x%08X", address, flash.get().bank(), sp, pc));
            explainValidity(sp, pc, true);
            return new BootReport(boot0, index, raw, bootAddress, address, sp, pc,
                    valid ? BootReport.Source.FLASH : BootReport.Source.LOCKUP, address, flash.get().bank(), sp, pc,
                    valid, false, false, reasons);
        }
        if (isSystemMemory(address)) {
            reasons.add("the boot address is system memory: the ROM bootloader starts and waits for a host");
            return new BootReport(boot0, index, raw, bootAddress, address, sp, pc, BootReport.Source.SYSTEM_MEMORY, address,
                    0, sp, pc, true, false, false, reasons);
        }
        if (isRam(address)) {
            boolean valid = validSp(sp) && validHandler(pc, false);
            reasons.add(String.format("the core boots RAM at 0x%08X: SP 0x%08X, reset handler 0x%08X", address, sp, pc));
            explainValidity(sp, pc, false);
            return new BootReport(boot0, index, raw, bootAddress, address, sp, pc,
                    valid ? BootReport.Source.RAM : BootReport.Source.LOCKUP, address, 0, sp, pc, valid, false, false,
                    reasons);
        }
        reasons.add(String.format("0x%08X is not boot-capable memory: the vector fetch faults and the core locks up",
                address));
        return new BootReport(boot0, index, raw, bootAddress, address, sp, pc, BootReport.Source.LOCKUP, address, 0, sp, pc,
                false, false, false, reasons);
    }

    private BootReport dualBoot(int index, int raw, long bootAddress, long address) {
        long rom = BootAddress.SYSTEM_MEMORY;
        int romSp = peek(rom);
        int romPc = peek(rom + 4);
        reasons.add("nDBOOT = 0 in dual-bank mode with a flash boot address: the core starts the ROM bootloader, which "
                + "selects the bank (dual boot; policy " + p.dualBootPolicy() + ", UNCONFIRMED)");
        List<Integer> order = new ArrayList<>(List.of(1, 2));
        if (p.dualBootPolicy() == DualBootPolicy.BOOT_ADDRESS_BANK_FIRST) {
            int first = geometry.physicalBankAt(address, false).orElseThrow().bank();
            order = List.of(first, 3 - first);
        }
        for (int bank : order) {
            long at = geometry.windowAddress(bank, 0, false, Stm32F7Window.AXIM);
            int sp = peek(at);
            int pc = peek(at + 4);
            if (validSp(sp)) {
                boolean swap = bank == 2 && p.romBootloaderSetsSwpFb();
                long image = swap ? Stm32F7Window.AXIM.base() : at;
                reasons.add(String.format("bank %d has a valid stack pointer 0x%08X: the bootloader starts it%s", bank, sp,
                        swap ? " after setting SWP_FB = 1 (romBootloaderSetsSwpFb), so it runs at 0x08000000"
                                : String.format(" at 0x%08X", at)));
                boolean valid = validHandler(pc, true);
                explainValidity(sp, pc, true);
                return new BootReport(boot0, index, raw, bootAddress, rom, romSp, romPc,
                        valid ? BootReport.Source.FLASH : BootReport.Source.LOCKUP, image, bank, sp, pc, valid, true,
                        swap, reasons);
            }
            reasons.add(String.format("bank %d has no valid stack pointer (0x%08X)", bank, sp));
        }
        reasons.add("no bank holds a valid image: the ROM bootloader stays active");
        return new BootReport(boot0, index, raw, bootAddress, rom, romSp, romPc, BootReport.Source.SYSTEM_MEMORY, rom, 0, romSp,
                romPc, true, true, false, reasons);
    }

    private void explainValidity(int sp, int pc, boolean flashImage) {
        if (!validSp(sp)) {
            reasons.add(String.format("initial SP 0x%08X is not inside RAM (erased flash reads 0xFFFFFFFF): invalid image",
                    sp));
        }
        if ((pc & 1) == 0) {
            reasons.add(String.format("reset handler 0x%08X has bit 0 clear (not Thumb): the first instruction faults", pc));
        } else if (!validHandler(pc, flashImage)) {
            reasons.add(String.format("reset handler 0x%08X is not inside %s", pc, flashImage ? "flash" : "RAM or flash"));
        }
    }

    private int peek(long address) {
        return board.peekWord(address, geometry);
    }

    /** Word 0 must point into (or just past the end of) a RAM region: the usual _estack = end of RAM. */
    private boolean validSp(int sp) {
        long a = sp & 0xFFFF_FFFFL;
        if ((a & 3) != 0) {
            return false;
        }
        for (MemoryRegion r : board.ramRegions()) {
            if (a > r.range().start() && a <= r.range().end()) {
                return true;
            }
        }
        return false;
    }

    private boolean validHandler(int pc, boolean flashImage) {
        if ((pc & 1) == 0) {
            return false;
        }
        long a = pc & 0xFFFF_FFFEL;
        if (geometry.windowOf(a).isPresent()) {
            return true;
        }
        return !flashImage && isRam(a);
    }

    private boolean isRam(long a) {
        return board.ramRegions().stream().anyMatch(r -> r.range().contains(a));
    }

    private boolean isSystemMemory(long a) {
        return board.systemMemoryRegions().stream().anyMatch(r -> r.range().contains(a));
    }
}
