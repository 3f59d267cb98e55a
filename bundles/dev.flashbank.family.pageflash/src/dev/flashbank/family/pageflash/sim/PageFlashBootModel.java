package dev.flashbank.family.pageflash.sim;

import static dev.flashbank.family.pageflash.PageFlashRegisters.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import dev.flashbank.family.pageflash.PageFlashLine;
import dev.flashbank.family.pageflash.PageFlashParameters;
import dev.flashbank.family.pageflash.PageFlashRegisters;
import dev.flashbank.sim.BootReport;
import dev.flashbank.sim.bus.SystemBus;

/**
 * What a simulated page-flash part starts at a reset, and why: the boot pins and boot options, the G0 empty check and
 * the L4/G4 ROM bootloader's dual-bank boot (BFB2), with the SYSCFG state (FB_MODE, MEM_MODE) it leaves. The ROM
 * bootloader's code is not ST's (system memory holds a stand-in that spins): its choice is this decision, taken on the
 * cells as they are, and the board's core jumps to the image it chose once it runs.
 */
final class PageFlashBootModel {

    private final PageFlashRegisters regs;
    private final SystemBus system;
    private final long sramStart;
    private final long systemStart;
    private final PageFlashParameters model;
    private final PageFlashSimParameters params;
    private final IntFunction<DoubleWordArray> arrays;

    PageFlashBootModel(PageFlashRegisters regs, SystemBus system, long sramStart, long systemStart,
            PageFlashParameters model, PageFlashSimParameters params, IntFunction<DoubleWordArray> arrays) {
        this.regs = regs;
        this.system = system;
        this.sramStart = sramStart;
        this.systemStart = systemStart;
        this.model = model;
        this.params = params;
        this.arrays = arrays;
    }

    /** A boot decision and the SYSCFG state it leaves. */
    record Boot(BootReport report, boolean fbMode, int memMode) {
    }

    private boolean optBit(Map<String, Integer> options, String field) {
        return regs.optr().hasField(field) && regs.optr().field(field).isSet(options.get(OPTR));
    }

    /**
     * The boot decision (RM0440 §2.6, RM0351 §2.6, RM0444 §2.5): BOOT0 from the pin, or from nBOOT0 where
     * nSWBOOT0 = 0 (L4+/L496/G4) or nBOOT_SEL = 1 (G0); BOOT0 = 1 boots system memory (nBOOT1 = 1) or SRAM1; BOOT0 =
     * 0 boots the main flash - on G0 the bootloader instead while the empty check says 0x0800_0000 is erased; on L4/G4
     * with BFB2 = 1
     * through the ROM bootloader, which checks bank 2's then bank 1's initial stack pointer, maps the chosen bank at
     * 0x0800_0000 (FB_MODE) and jumps to it with system memory still aliased at 0 (RM0351 §2.6, AN2606). RDP level 2
     * forces the flash boot.
     */
    Boot evaluate(Map<String, Integer> options, CellMap m, boolean g0Swap, boolean empty, boolean boot0) {
        List<String> reasons = new ArrayList<>();
        int rdp = regs.optr().field(RDP).extract(options.get(OPTR));
        boolean effBoot0 = boot0;
        if (regs.optr().hasField(NSWBOOT0) && !optBit(options, NSWBOOT0)) {
            effBoot0 = !optBit(options, NBOOT0);
            reasons.add("nSWBOOT0 = 0: BOOT0 = !nBOOT0 = " + (effBoot0 ? 1 : 0));
        } else if (regs.optr().hasField(NBOOT_SEL) && optBit(options, NBOOT_SEL)) {
            effBoot0 = !optBit(options, NBOOT0);
            reasons.add("nBOOT_SEL = 1: BOOT0 = !nBOOT0 = " + (effBoot0 ? 1 : 0));
        } else {
            reasons.add("BOOT0 pin = " + (boot0 ? 1 : 0));
        }
        if (rdp == RDP_LEVEL_2 && effBoot0) {
            effBoot0 = false;
            reasons.add("RDP level 2: boot from system memory and SRAM disabled, main flash forced");
        }
        if (effBoot0) {
            if (optBit(options, NBOOT1)) {
                reasons.add("nBOOT1 = 1: system memory (ROM bootloader)");
                return systemBoot(m, reasons, false, boot0, "system memory (nBOOT1=1)");
            }
            reasons.add("nBOOT1 = 0: SRAM1");
            int sp = peekWord(sramStart, m, false);
            int pc = peekWord(sramStart + 4, m, false);
            boolean valid = vectorsValid(sp, pc, m);
            BootReport.Source src = valid ? BootReport.Source.RAM : BootReport.Source.LOCKUP;
            return new Boot(new BootReport(boot0, 0, 0, sramStart, sramStart, sp, pc, src, sramStart, 0, sp, pc, valid,
                    false, false, reasons, "SRAM1 (nBOOT1=0)", FB_MODE), false, 0b011);
        }
        if (regs.line().series() == PageFlashLine.Series.G0 && empty && rdp != RDP_LEVEL_2) {
            reasons.add("empty check: 0x0800_0000 was erased at the option-byte load (PROGEMPTY = 1): bootloader");
            return systemBoot(m, reasons, false, boot0, "main flash, empty check (PROGEMPTY=1)");
        }
        if (optBit(options, BFB2) && m.dual()) {
            reasons.add("BFB2 = 1: the ROM bootloader chooses the bank");
            for (int bank : new int[] { 2, 1 }) {
                long at = m.windowOffset(bank, 0, false);
                int sp = peekWord(PageFlashLine.MAIN_FLASH + at, m, false);
                if (!bootloaderAcceptsSp(sp)) {
                    reasons.add(String.format("bank %d: initial SP 0x%08X is not in SRAM: skipped", bank, sp));
                    continue;
                }
                boolean swap = bank == 2 && model.bootloaderSetsFbMode();
                int pc = peekWord(PageFlashLine.MAIN_FLASH + 4, m, swap);
                reasons.add(String.format("bank %d: initial SP 0x%08X accepted; FB_MODE = %d, jump to 0x%08X with"
                        + " system memory still at 0 (the application sets VTOR)", bank, sp, swap ? 1 : 0, pc));
                int bsp = peekWord(systemStart, m, false);
                int bpc = peekWord(systemStart + 4, m, false);
                boolean valid = vectorsValid(sp, pc, m);
                return new Boot(new BootReport(boot0, 0, 0, PageFlashLine.MAIN_FLASH, systemStart, bsp, bpc,
                        valid ? BootReport.Source.FLASH : BootReport.Source.LOCKUP, PageFlashLine.MAIN_FLASH, bank, sp,
                        pc, valid, true, swap, reasons, "BFB2=1, the ROM bootloader chose bank " + bank, FB_MODE), swap,
                        MEM_MODE_SYSTEM_FLASH);
            }
            reasons.add("no bank holds a valid stack pointer: the bootloader waits for a host");
            return systemBoot(m, reasons, true, boot0, "BFB2=1, no bank has a valid stack pointer");
        }
        int sp = peekWord(PageFlashLine.MAIN_FLASH, m, g0Swap);
        int pc = peekWord(PageFlashLine.MAIN_FLASH + 4, m, g0Swap);
        int physical = m.locate(0, g0Swap).map(CellMap.Span::array).orElse(1);
        reasons.add(String.format("main flash: 0x0800_0000 shows physical bank %d%s", physical,
                g0Swap ? " (nSWAP_BANK = 0)" : ""));
        boolean valid = vectorsValid(sp, pc, m);
        if (!valid) {
            reasons.add(String.format("vector table invalid (SP 0x%08X, reset 0x%08X): the core locks up", sp, pc));
        }
        return new Boot(new BootReport(boot0, 0, 0, PageFlashLine.MAIN_FLASH, PageFlashLine.MAIN_FLASH, sp, pc,
                valid ? BootReport.Source.FLASH : BootReport.Source.LOCKUP, PageFlashLine.MAIN_FLASH, physical, sp, pc,
                valid, false, false, reasons, "main flash" + (g0Swap ? " (nSWAP_BANK=0)" : optBit(options, BFB2)
                        ? " (BFB2=1 in single-bank mode)" : ""), FB_MODE), false, MEM_MODE_MAIN_FLASH);
    }

    private Boot systemBoot(CellMap m, List<String> reasons, boolean dualBoot, boolean boot0, String selection) {
        int sp = peekWord(systemStart, m, false);
        int pc = peekWord(systemStart + 4, m, false);
        return new Boot(new BootReport(boot0, 0, 0, systemStart, systemStart, sp, pc, BootReport.Source.SYSTEM_MEMORY,
                systemStart, 0, sp, pc, true, dualBoot, false, reasons, selection, FB_MODE), false,
                MEM_MODE_SYSTEM_FLASH);
    }

    /** The bootloader's stack-pointer check: inside a RAM (top of stack allowed), or SRAM1 + the limit parameter. */
    private boolean bootloaderAcceptsSp(int sp) {
        long s = sp & 0xFFFF_FFFFL;
        if (params.bootloaderSpLimitBytes() > 0) {
            return s > sramStart && s <= sramStart + params.bootloaderSpLimitBytes();
        }
        return system.ramRegions().stream().anyMatch(r -> s > r.range().start() && s <= r.range().end() + 1);
    }

    private boolean vectorsValid(int sp, int pc, CellMap m) {
        long s = sp & 0xFFFF_FFFFL;
        long p = pc & 0xFFFF_FFFFL;
        boolean spOk = system.ramRegions().stream().anyMatch(r -> s > r.range().start() && s <= r.range().end() + 1);
        long code = p & ~1L;
        boolean inFlash = code >= PageFlashLine.MAIN_FLASH && code < PageFlashLine.MAIN_FLASH + m.windowSpan();
        boolean pcOk = (p & 1) == 1 && (inFlash || system.inRam(code));
        return spOk && pcOk;
    }

    /** Bench read of a word (flash through {@code m}, RAM, system memory) for the boot model; 0 elsewhere. */
    private int peekWord(long address, CellMap m, boolean swap) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            long a = address + i;
            int b;
            Optional<CellMap.Span> s = a >= PageFlashLine.MAIN_FLASH ? m.locate(a - PageFlashLine.MAIN_FLASH, swap)
                    : Optional.empty();
            if (s.isPresent()) {
                b = arrays.apply(s.get().array()).get(s.get().offset());
            } else {
                b = system.byteAt(a).orElse(0);
            }
            v |= b << (8 * i);
        }
        return v;
    }

}
